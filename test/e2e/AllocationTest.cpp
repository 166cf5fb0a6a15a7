//===- AllocationTest.cpp - No heap allocation in Run(), flat memory ------===//
//
// A compiled model plans all of its memory when its session is created:
// Run() must not allocate. This binary interposes malloc and its relatives
// (a definition in the executable takes precedence over libc's for every
// library of the process: libtgrt, libstdc++, libomp) and counts the
// calls made while counting is on, from any thread; the calls are passed
// on to glibc's own __libc_* functions; one chosen call can be made to
// fail, as when memory runs out. It is built only without sanitizers,
// which interpose malloc themselves.
//
// The soak test runs the MNIST model a million times in one process
// (TGC_SOAK_RUNS overrides the count) and checks that the resident memory
// stays flat.
//
//===----------------------------------------------------------------------===//

#include "e2e_mnist_mlp_b1.h"
#include "e2e_tiny_mlp.h"
#include "e2e_train_adam.h"
#include "tgrt/kernels.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);
}

namespace {

std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
// When positive, the allocation that brings it to zero fails (returns
// NULL), as it would when memory runs out.
std::atomic<long> failCountdown{0};

/// Counts an allocation; true when this one is to fail.
inline bool count() {
  if (counting.load(std::memory_order_relaxed))
    allocations.fetch_add(1, std::memory_order_relaxed);
  return failCountdown.load(std::memory_order_relaxed) > 0 &&
         failCountdown.fetch_sub(1, std::memory_order_relaxed) == 1;
}

} // namespace

extern "C" {
void *malloc(size_t n) {
  return count() ? nullptr : __libc_malloc(n);
}
void *calloc(size_t count_, size_t n) {
  return count() ? nullptr : __libc_calloc(count_, n);
}
void *realloc(void *p, size_t n) {
  return count() ? nullptr : __libc_realloc(p, n);
}
void free(void *p) { __libc_free(p); }
void *memalign(size_t alignment, size_t n) {
  return count() ? nullptr : __libc_memalign(alignment, n);
}
void *aligned_alloc(size_t alignment, size_t n) {
  return count() ? nullptr : __libc_memalign(alignment, n);
}
int posix_memalign(void **out, size_t alignment, size_t n) {
  if (count())
    return ENOMEM;
  if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
    return EINVAL;
  void *p = __libc_memalign(alignment, n);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}
}

namespace {

/// The allocations made while `body` runs.
template <typename F> long allocationsDuring(F body) {
  allocations = 0;
  counting = true;
  body();
  counting = false;
  return allocations.load();
}

TEST(Allocations, TheCounterSeesAllocations) {
  // The hook works: without this, the tests below could not fail.
  long n = allocationsDuring([] {
    void *p = std::malloc(64);
    std::free(p);
    std::string *s = new std::string(100, 'x');
    delete s;
  });
  EXPECT_GE(n, 2);
}

template <typename Model, typename Fill, typename Step>
void expectNoAllocations(const char *what, Fill fill, Step step) {
  for (int threads : {1, 2}) {
    tgrt_set_num_threads(threads);
    Model model;
    ASSERT_TRUE(model.ok()) << model.status().message();
    fill(model);
    // Warm-up: the first runs may start the kernel thread pool.
    for (int i = 0; i < 3; ++i)
      ASSERT_TRUE(step(model).ok());
    bool ok = true;
    long n = allocationsDuring([&] {
      for (int i = 0; i < 1000 && ok; ++i)
        ok = step(model).ok();
    });
    EXPECT_TRUE(ok) << what;
    EXPECT_EQ(n, 0) << what << " on " << threads
                    << " thread(s): heap allocations in 1000 runs";
  }
  tgrt_set_num_threads(0);
}

TEST(Allocations, MnistRunMakesNone) {
  expectNoAllocations<e2e::MlpB1>(
      "MNIST MLP",
      [](e2e::MlpB1 &m) {
        for (int64_t i = 0; i < e2e::MlpB1::kArgXSize; ++i)
          m.arg_x()[i] = float(i % 17) / 17.0f;
      },
      [](e2e::MlpB1 &m) { return m.Run(); });
}

TEST(Allocations, TinyMlpRunMakesNone) {
  expectNoAllocations<e2e::TinyMlp>(
      "tiny MLP",
      [](e2e::TinyMlp &m) {
        for (int64_t i = 0; i < e2e::TinyMlp::kArgXSize; ++i)
          m.arg_x()[i] = float(i) * 0.25f;
      },
      [](e2e::TinyMlp &m) { return m.Run(); });
}

TEST(Allocations, AdamTrainStepMakesNone) {
  expectNoAllocations<e2e::TrainAdam>(
      "Adam train step",
      [](e2e::TrainAdam &m) {
        for (int64_t i = 0; i < e2e::TrainAdam::kArgXSize; ++i)
          m.arg_x()[i] = float(i % 13) / 13.0f;
        for (int64_t i = 0; i < e2e::TrainAdam::kArgLabelsSize; ++i)
          m.arg_labels()[i] = 0;
      },
      [](e2e::TrainAdam &m) { return m.TrainStep(); });
}

// Allocation failure while a session is created: the n-th allocation of
// tgrt_session_create fails, for every n until creation needs fewer. Each
// attempt is an error status and no session, or a working session; never
// a crash.
TEST(Allocations, FailureWhileCreatingASessionIsAStatus) {
  int failuresSeen = 0;
  for (long n = 1; n < 10000; ++n) {
    tgrt_session *session = nullptr;
    failCountdown = n;
    tgrt_status *status =
        tgrt_session_create(e2e::MlpB1::Definition(), nullptr, &session);
    bool injected = failCountdown.exchange(0) == 0;
    if (!injected) {
      // Creation needed fewer than n allocations: it succeeded.
      ASSERT_EQ(status, nullptr) << tgrt_status_message(status);
      ASSERT_NE(session, nullptr);
      EXPECT_GT(failuresSeen, 0);
      tgrt_session_destroy(session);
      return;
    }
    if (status) {
      ++failuresSeen;
      EXPECT_EQ(session, nullptr) << "allocation " << n;
      std::string message = tgrt_status_message(status);
      // "out of memory", or what could not be allocated ("cannot allocate
      // 3136 bytes for feed 'x'").
      EXPECT_TRUE(message.find("out of memory") != std::string::npos ||
                  message.find("cannot allocate") != std::string::npos)
          << "allocation " << n << ": " << message;
      tgrt_status_free(status);
    } else {
      // The failed allocation was one the runtime could do without (none
      // today), so the session must work.
      ASSERT_NE(session, nullptr);
      tgrt_session_destroy(session);
    }
  }
  FAIL() << "session creation kept allocating";
}

/// Resident set size in KiB (/proc/self/statm).
long residentKiB() {
  FILE *f = std::fopen("/proc/self/statm", "r");
  if (!f)
    return -1;
  long size = 0, resident = 0;
  int got = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  return got == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

TEST(Soak, MillionMnistRunsKeepMemoryFlat) {
  long runs = 1000000;
  if (const char *env = std::getenv("TGC_SOAK_RUNS"))
    runs = std::max(1L, std::atol(env));
  e2e::MlpB1 model;
  ASSERT_TRUE(model.ok()) << model.status().message();
  for (int64_t i = 0; i < e2e::MlpB1::kArgXSize; ++i)
    model.arg_x()[i] = float(i % 29) / 29.0f;
  // The first tenth of the runs warms up (pages of the stacks and of the
  // thread pool touched for the first time); the rest must not grow.
  long failures = 0;
  auto run = [&](long from, long to) {
    for (long i = from; i < to; ++i) {
      model.arg_x()[i % e2e::MlpB1::kArgXSize] = float(i % 7);
      if (!model.Run().ok())
        ++failures;
    }
  };
  long start = residentKiB();
  run(0, runs / 10);
  long warm = residentKiB();
  ASSERT_GT(warm, 0);
  run(runs / 10, runs);
  long end = residentKiB();
  std::printf("soak: %ld runs of the MNIST MLP, resident memory %ld KiB at "
              "the start, %ld KiB after %ld runs, %ld KiB at the end\n",
              runs, start, warm, runs / 10, end);
  EXPECT_EQ(failures, 0);
  // Flat: a few pages of noise at most. A leak of one byte per run would
  // add about 880 KiB over the last 900,000 runs.
  EXPECT_LE(end - warm, 256) << "resident memory grew";
}

} // namespace

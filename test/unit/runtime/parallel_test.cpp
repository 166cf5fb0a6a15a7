//===- parallel_test.cpp - tgrt_parallel_for ------------------------------===//

#include "tgrt/kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace {

/// Records every range a task is given, and on which thread.
struct Recorder {
  std::mutex mutex;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  std::vector<std::thread::id> threads;
  std::vector<int> hits; // per iteration
};

void record(void *ctx, int64_t begin, int64_t end) {
  auto *r = static_cast<Recorder *>(ctx);
  std::lock_guard<std::mutex> lock(r->mutex);
  r->ranges.push_back({begin, end});
  r->threads.push_back(std::this_thread::get_id());
  for (int64_t i = begin; i < end; ++i)
    ++r->hits[i];
}

class ParallelFor : public ::testing::Test {
protected:
  void SetUp() override { saved = tgrt_get_num_threads(); }
  void TearDown() override { tgrt_set_num_threads(saved); }
  int saved = 0;
};

TEST_F(ParallelFor, EveryIterationExactlyOnce) {
  tgrt_set_num_threads(4);
  for (int64_t n : {1, 2, 3, 7, 64, 1000}) {
    Recorder r;
    r.hits.assign(n, 0);
    tgrt_parallel_for(record, &r, n, int64_t(1) << 40);
    for (int64_t i = 0; i < n; ++i)
      EXPECT_EQ(r.hits[i], 1) << "n=" << n << " i=" << i;
    // Never more ranges than threads or iterations, none empty.
    EXPECT_LE(r.ranges.size(), std::min<size_t>(n, 4)) << "n=" << n;
    for (auto [begin, end] : r.ranges)
      EXPECT_LT(begin, end);
  }
}

TEST_F(ParallelFor, SplitsLargeLoopsAcrossThreads) {
  tgrt_set_num_threads(2);
  if (tgrt_get_num_threads() < 2)
    GTEST_SKIP() << "runtime built without OpenMP";
  Recorder r;
  r.hits.assign(100, 0);
  tgrt_parallel_for(record, &r, 100, int64_t(1) << 30);
  ASSERT_EQ(r.ranges.size(), 2u);
  // Contiguous halves.
  std::sort(r.ranges.begin(), r.ranges.end());
  EXPECT_EQ(r.ranges[0], std::make_pair(int64_t(0), int64_t(50)));
  EXPECT_EQ(r.ranges[1], std::make_pair(int64_t(50), int64_t(100)));
  EXPECT_NE(r.threads[0], r.threads[1]);
}

TEST_F(ParallelFor, SmallCostRunsInlineOnTheCaller) {
  tgrt_set_num_threads(4);
  Recorder r;
  r.hits.assign(1000, 0);
  // Less work than one thread's share: one range, on this thread.
  tgrt_parallel_for(record, &r, 1000, TGRT_PARALLEL_MIN_COST - 1);
  ASSERT_EQ(r.ranges.size(), 1u);
  EXPECT_EQ(r.ranges[0], std::make_pair(int64_t(0), int64_t(1000)));
  EXPECT_EQ(r.threads[0], std::this_thread::get_id());
}

TEST_F(ParallelFor, OneThreadRunsInline) {
  tgrt_set_num_threads(1);
  Recorder r;
  r.hits.assign(50, 0);
  tgrt_parallel_for(record, &r, 50, int64_t(1) << 40);
  ASSERT_EQ(r.ranges.size(), 1u);
  EXPECT_EQ(r.threads[0], std::this_thread::get_id());
}

TEST_F(ParallelFor, EmptyLoopCallsNothing) {
  Recorder r;
  tgrt_parallel_for(record, &r, 0, int64_t(1) << 40);
  tgrt_parallel_for(record, &r, -3, int64_t(1) << 40);
  EXPECT_TRUE(r.ranges.empty());
}

/// A task that itself runs a parallel loop: the inner one runs inline in
/// each outer range (no nested teams), and every inner iteration runs once.
struct Nested {
  std::atomic<int64_t> inner{0};
};

void innerTask(void *ctx, int64_t begin, int64_t end) {
  static_cast<Nested *>(ctx)->inner += end - begin;
}

void outerTask(void *ctx, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i)
    tgrt_parallel_for(innerTask, ctx, 10, int64_t(1) << 40);
}

TEST_F(ParallelFor, NestedLoopsRunInline) {
  tgrt_set_num_threads(2);
  Nested nested;
  tgrt_parallel_for(outerTask, &nested, 8, int64_t(1) << 40);
  EXPECT_EQ(nested.inner.load(), 80);
}

} // namespace

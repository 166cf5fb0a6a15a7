//===- kernels.cpp - The public kernels: the CPU's best copy --------------===//
//
// Defines the tgrt_* kernels that compiled code calls. Each forwards to the
// copy of the kernels built for the best instruction set the running CPU
// supports (kernels_isa.h), chosen on first use; TGRT_ISA=<name> in the
// environment or tgrt_set_kernel_isa() picks a lower one (for tests and
// measurements). So one libtgrt runs on any x86-64 CPU, and at full speed
// on the ones with AVX2 or AVX-512.
//
//===----------------------------------------------------------------------===//

#include "kernels_isa.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

#if defined(TGRT_ISA_AVX512)
TGRT_DECLARE_ISA_KERNELS(avx512)
#endif
#if defined(TGRT_ISA_AVX2)
TGRT_DECLARE_ISA_KERNELS(avx2)
#endif
#if defined(TGRT_ISA_SSE2)
TGRT_DECLARE_ISA_KERNELS(sse2)
#endif
#if defined(TGRT_ISA_NATIVE)
TGRT_DECLARE_ISA_KERNELS(native)
#endif
#if defined(TGRT_ISA_GENERIC)
TGRT_DECLARE_ISA_KERNELS(generic)
#endif

namespace {

struct KernelSet {
  const char *name;
  bool (*supported)();
  decltype(&TGRT_FN_GEMM_F32) gemmF32;
  decltype(&TGRT_FN_GEMM_F64) gemmF64;
  decltype(&TGRT_FN_GEMM_ORDERED_F32) gemmOrderedF32;
  decltype(&TGRT_FN_GEMM_ORDERED_PACKED_F32) gemmOrderedPackedF32;
  decltype(&TGRT_FN_CONV_ORDERED_PACKED_F32) convOrderedPackedF32;
  int (*maxThreads)();
};

[[maybe_unused]] bool always() { return true; }

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// __builtin_cpu_supports also checks that the OS saves the vector state.
[[maybe_unused]] bool hasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
[[maybe_unused]] bool hasAvx512() {
  return hasAvx2() && __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl");
}
#endif

#define TGRT_KERNEL_SET(isa, test)                                            \
  KernelSet {                                                                 \
    #isa, test, TGRT_ISA_NAME(isa, gemm_f32), TGRT_ISA_NAME(isa, gemm_f64),   \
        TGRT_ISA_NAME(isa, gemm_ordered_f32),                                 \
        TGRT_ISA_NAME(isa, gemm_ordered_packed_f32),                          \
        TGRT_ISA_NAME(isa, conv_ordered_packed_f32),                          \
        TGRT_ISA_NAME(isa, max_threads)                                       \
  }

/// The copies built into this library, best first; the last one runs on
/// every CPU the library was built for.
const KernelSet kSets[] = {
#if defined(TGRT_ISA_AVX512)
    TGRT_KERNEL_SET(avx512, hasAvx512),
#endif
#if defined(TGRT_ISA_AVX2)
    TGRT_KERNEL_SET(avx2, hasAvx2),
#endif
#if defined(TGRT_ISA_SSE2)
    TGRT_KERNEL_SET(sse2, always),
#endif
#if defined(TGRT_ISA_NATIVE)
    TGRT_KERNEL_SET(native, always),
#endif
#if defined(TGRT_ISA_GENERIC)
    TGRT_KERNEL_SET(generic, always),
#endif
};
constexpr size_t kNumSets = sizeof(kSets) / sizeof(kSets[0]);

const KernelSet *find(const char *name) {
  for (const KernelSet &set : kSets)
    if (name && std::strcmp(set.name, name) == 0 && set.supported())
      return &set;
  return nullptr;
}

const KernelSet *best() {
  for (const KernelSet &set : kSets)
    if (set.supported())
      return &set;
  return &kSets[kNumSets - 1];
}

std::atomic<const KernelSet *> current{nullptr};

// tgrt_set_num_threads's count for every kernel and session (0: OpenMP's
// default). Atomic: sessions created on several threads at once may set it.
std::atomic<int> numThreads{0};

const KernelSet &kernels() {
  const KernelSet *set = current.load(std::memory_order_acquire);
  if (!set) {
    // Racing first calls compute the same answer.
    const KernelSet *chosen = find(std::getenv("TGRT_ISA"));
    set = chosen ? chosen : best();
    current.store(set, std::memory_order_release);
  }
  return *set;
}

} // namespace

extern "C" {

void TGRT_FN_GEMM_F32(const float *a, const float *b, float *c, int64_t m,
                      int64_t n, int64_t k, int64_t lda, int64_t ldb,
                      int64_t ldc, int32_t trans_a, int32_t trans_b,
                      int32_t accumulate) {
  kernels().gemmF32(a, b, c, m, n, k, lda, ldb, ldc, trans_a, trans_b,
                    accumulate);
}

void TGRT_FN_GEMM_F64(const double *a, const double *b, double *c, int64_t m,
                      int64_t n, int64_t k, int64_t lda, int64_t ldb,
                      int64_t ldc, int32_t trans_a, int32_t trans_b,
                      int32_t accumulate) {
  kernels().gemmF64(a, b, c, m, n, k, lda, ldb, ldc, trans_a, trans_b,
                    accumulate);
}

void TGRT_FN_GEMM_ORDERED_F32(const float *a, const float *b, float *c,
                              int64_t m, int64_t n, int64_t k, int64_t lda,
                              int64_t ldb, int64_t ldc, int32_t accumulate) {
  kernels().gemmOrderedF32(a, b, c, m, n, k, lda, ldb, ldc, accumulate);
}

void TGRT_FN_GEMM_ORDERED_PACKED_F32(const float *a, const float *b_packed,
                                     float *c, int64_t m, int64_t n,
                                     int64_t k, int64_t lda, int64_t ldc,
                                     int32_t accumulate) {
  kernels().gemmOrderedPackedF32(a, b_packed, c, m, n, k, lda, ldc,
                                 accumulate);
}

void TGRT_FN_CONV_ORDERED_PACKED_F32(const float *input,
                                     const tgrt_conv_patches *patches,
                                     const float *b_packed, float *c,
                                     int64_t n, int64_t ldc,
                                     int32_t accumulate) {
  kernels().convOrderedPackedF32(input, patches, b_packed, c, n, ldc,
                                 accumulate);
}

void tgrt_set_num_threads(int n) {
  numThreads.store(n > 0 ? n : 0, std::memory_order_relaxed);
}

int tgrt_get_num_threads(void) {
  // OpenMP's default, read once (0: a runtime without OpenMP runs on one
  // thread whatever was set).
  static const int defaultThreads = kernels().maxThreads();
  if (defaultThreads <= 0)
    return 1;
  int n = numThreads.load(std::memory_order_relaxed);
  return n > 0 ? n : defaultThreads;
}

const char *tgrt_kernel_isa(void) { return kernels().name; }

int tgrt_set_kernel_isa(const char *isa) {
  const KernelSet *set = find(isa);
  if (!set)
    return 0;
  current.store(set, std::memory_order_release);
  return 1;
}

const char *tgrt_kernel_isas(void) {
  static const std::string names = [] {
    std::string out;
    for (const KernelSet &set : kSets)
      if (set.supported())
        out += (out.empty() ? "" : ",") + std::string(set.name);
    return out;
  }();
  return names.c_str();
}

} // extern "C"

//===- gemm.cpp - Matrix multiply kernels on Eigen ------------------------===//
//
// The only translation unit of libtgrt that includes Eigen. Like
// gemm_ordered.cpp it is compiled once per instruction set (see
// kernels_isa.h): Eigen picks its vector code when it is compiled, so each
// copy is built with its ISA's flags and kernels.cpp calls the copy the CPU
// supports. It is compiled with -O3 and with OpenMP when available, which
// Eigen uses to parallelise large products.
//
//===----------------------------------------------------------------------===//

#include "kernels_isa.h"

// GCC 12 reports false -Wmaybe-uninitialized warnings inside its own AVX-512
// intrinsics when they are inlined into Eigen's kernels.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <Eigen/Core>

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

template <typename T>
using RowMajorMatrix =
    Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using ConstMap =
    Eigen::Map<const RowMajorMatrix<T>, Eigen::Unaligned, Eigen::OuterStride<>>;
template <typename T>
using MutableMap =
    Eigen::Map<RowMajorMatrix<T>, Eigen::Unaligned, Eigen::OuterStride<>>;

template <typename T, typename LHS, typename RHS>
void Product(MutableMap<T> &c, const LHS &a, const RHS &b, bool accumulate) {
  if (accumulate)
    c.noalias() += a * b;
  else
    c.noalias() = a * b;
}

template <typename T>
void Gemm(const T *a, const T *b, T *c, int64_t m, int64_t n, int64_t k,
          int64_t lda, int64_t ldb, int64_t ldc, bool trans_a, bool trans_b,
          bool accumulate) {
  if (m < 0 || n < 0 || k < 0 || m == 0 || n == 0)
    return;
  if (!c || ldc < n)
    return;
  if (k == 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; ++i)
        std::fill(c + i * ldc, c + i * ldc + n, T(0));
    return;
  }
  if (!a || !b)
    return;
  const int64_t a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
  const int64_t b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
  if (lda < a_cols || ldb < b_cols)
    return;

  // Eigen sizes its team by omp_get_max_threads() of the calling thread
  // (Eigen::setNbThreads is never called: its setting is a plain static,
  // and writing it while another thread runs a product would race). That
  // per-thread setting follows tgrt's process-wide count for the product
  // and is given back afterwards (it is the application's too).
#ifdef _OPENMP
  const int threads = tgrt_get_num_threads();
  const int callers = omp_get_max_threads();
  if (callers != threads)
    omp_set_num_threads(threads);
  struct Restore {
    int threads, callers;
    ~Restore() {
      if (callers != threads)
        omp_set_num_threads(callers);
    }
  } restore{threads, callers};
#endif
  ConstMap<T> A(a, a_rows, a_cols, Eigen::OuterStride<>(lda));
  ConstMap<T> B(b, b_rows, b_cols, Eigen::OuterStride<>(ldb));
  MutableMap<T> C(c, m, n, Eigen::OuterStride<>(ldc));
  if (!trans_a && !trans_b)
    Product<T>(C, A, B, accumulate);
  else if (!trans_a && trans_b)
    Product<T>(C, A, B.transpose(), accumulate);
  else if (trans_a && !trans_b)
    Product<T>(C, A.transpose(), B, accumulate);
  else
    Product<T>(C, A.transpose(), B.transpose(), accumulate);
}

} // namespace

extern "C" {

void TGRT_ISA_FN(gemm_f32)(const float *a, const float *b, float *c, int64_t m,
                   int64_t n, int64_t k, int64_t lda, int64_t ldb, int64_t ldc,
                   int32_t trans_a, int32_t trans_b, int32_t accumulate) {
  Gemm<float>(a, b, c, m, n, k, lda, ldb, ldc, trans_a != 0, trans_b != 0,
              accumulate != 0);
}

void TGRT_ISA_FN(gemm_f64)(const double *a, const double *b, double *c, int64_t m,
                   int64_t n, int64_t k, int64_t lda, int64_t ldb, int64_t ldc,
                   int32_t trans_a, int32_t trans_b, int32_t accumulate) {
  Gemm<double>(a, b, c, m, n, k, lda, ldb, ldc, trans_a != 0, trans_b != 0,
               accumulate != 0);
}

// OpenMP's default team size (OMP_NUM_THREADS, else the number of cores),
// or 0 without OpenMP.
int TGRT_ISA_FN(max_threads)(void) {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 0;
#endif
}

} // extern "C"

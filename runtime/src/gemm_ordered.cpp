//===- gemm_ordered.cpp - GEMM that sums each dot product in order --------===//
//
// tgrt_gemm_ordered_f32 computes C = A * B like tgrt_gemm_f32, but every
// element of C is one chain of fused multiply-adds over k = 0, 1, ..., K-1
// starting from zero: c = fma(a[K-1], b[K-1], ... fma(a[0], b[0], 0)).
// That is the rounding of TensorFlow's reference convolution kernels (and
// of TF.js's cpu backend), so a convolution lowered to this product
// reproduces them bit for bit, where a blocked GEMM (Eigen's) splits the
// sum into partial sums and lands a few ulps away -- which deep,
// ill-conditioned models amplify past any tolerance.
//
// Speed comes from vectorising across columns instead of across k: a
// register block of MR rows x NR columns of C (8 x 32, 16 or 8) stays in registers while k
// runs, each step broadcasting one element of A per row against a
// contiguous row segment of B. Column panels of B are reused from cache by
// all row blocks. Rows are split across threads for large products.
//
// Compiled once per instruction set (kernels_isa.h). Every variant computes
// the same chain of correctly rounded fused multiply-adds, so all of them
// give bit-identical results; they differ only in vector width (and the
// SSE2 one, for CPUs without FMA, computes std::fma in software: correct,
// slow).
//
//===----------------------------------------------------------------------===//

#include "kernels_isa.h"

#include <algorithm>
#include <cmath>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

constexpr int64_t kRows = 8;    // MR
constexpr int64_t kCols = 32;   // NR: two AVX-512 or four AVX2 vectors

/// One MR x NR block of C (MR, NR compile-time: the accumulators become
/// registers).
template <int64_t MR, int64_t NR>
inline void fullBlock(const float *a, int64_t lda, const float *b,
                      int64_t ldb, float *c, int64_t ldc, int64_t k,
                      bool accumulate) {
  float acc[MR][NR];
  for (int64_t i = 0; i < MR; ++i)
    for (int64_t j = 0; j < NR; ++j)
      acc[i][j] = accumulate ? c[i * ldc + j] : 0.0f;
  for (int64_t p = 0; p < k; ++p) {
    const float *bp = b + p * ldb;
    for (int64_t i = 0; i < MR; ++i) {
      const float av = a[i * lda + p];
      for (int64_t j = 0; j < NR; ++j)
        acc[i][j] = std::fma(av, bp[j], acc[i][j]);
    }
  }
  for (int64_t i = 0; i < MR; ++i)
    for (int64_t j = 0; j < NR; ++j)
      c[i * ldc + j] = acc[i][j];
}

/// A block of any size up to MR x NR (the edges of C).
inline void edgeBlock(const float *a, int64_t lda, const float *b,
                      int64_t ldb, float *c, int64_t ldc, int64_t rows,
                      int64_t cols, int64_t k, bool accumulate) {
  float acc[kRows][kCols];
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      acc[i][j] = accumulate ? c[i * ldc + j] : 0.0f;
  for (int64_t p = 0; p < k; ++p) {
    const float *bp = b + p * ldb;
    for (int64_t i = 0; i < rows; ++i) {
      const float av = a[i * lda + p];
      for (int64_t j = 0; j < cols; ++j)
        acc[i][j] = std::fma(av, bp[j], acc[i][j]);
    }
  }
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      c[i * ldc + j] = acc[i][j];
}

constexpr int64_t kChunk = 64; // rows sharing one pass over a B panel

/// Rows [row, row + kChunk) of C, panel by panel of B, so that each K x NR
/// panel of B is read from cache by all the chunk's row blocks.
void rowChunk(const float *a, const float *b, float *c, int64_t row,
              int64_t m, int64_t n, int64_t k, int64_t lda, int64_t ldb,
              int64_t ldc, bool accumulate) {
  const int64_t end = std::min(m, row + kChunk);
  for (int64_t col = 0; col < n;) {
    // Panels of 32, 16 or 8 columns run fully unrolled; fewer than 8
    // remaining columns take the generic block.
    const int64_t left = n - col;
    const int64_t cols = left >= 32 ? 32 : left >= 16 ? 16 : left >= 8 ? 8
                                                                       : left;
    for (int64_t r = row; r < end; r += kRows) {
      const int64_t rows = std::min(kRows, end - r);
      const float *ar = a + r * lda;
      const float *bc = b + col;
      float *cr = c + r * ldc + col;
      if (rows == kRows && cols == 32)
        fullBlock<kRows, 32>(ar, lda, bc, ldb, cr, ldc, k, accumulate);
      else if (rows == kRows && cols == 16)
        fullBlock<kRows, 16>(ar, lda, bc, ldb, cr, ldc, k, accumulate);
      else if (rows == kRows && cols == 8)
        fullBlock<kRows, 8>(ar, lda, bc, ldb, cr, ldc, k, accumulate);
      else
        edgeBlock(ar, lda, bc, ldb, cr, ldc, rows, cols, k, accumulate);
    }
    col += cols;
  }
}

} // namespace

extern "C" {

void TGRT_ISA_FN(gemm_ordered_f32)(const float *a, const float *b, float *c,
                           int64_t m, int64_t n, int64_t k, int64_t lda,
                           int64_t ldb, int64_t ldc, int32_t accumulate) {
  if (m <= 0 || n <= 0 || k < 0 || !c || ldc < n)
    return;
  if (k > 0 && (!a || !b || lda < k || ldb < n))
    return;
  const bool acc = accumulate != 0;
  const int64_t chunks = (m + kChunk - 1) / kChunk;
#ifdef _OPENMP
  // Threads pay off from about a million multiply-adds.
  const int threads = m * n * k >= (int64_t(1) << 20)
                          ? std::max(1, tgrt_get_num_threads())
                          : 1;
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1)
#endif
  for (int64_t chunk = 0; chunk < chunks; ++chunk)
    rowChunk(a, b, c, chunk * kChunk, m, n, k, lda, ldb, ldc, acc);
}

} // extern "C"

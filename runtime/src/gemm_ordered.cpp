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
// Speed comes from vectorising across columns instead of across k, in the
// blocking of a packed GEMM: for each block of KC steps of k, the block of B
// is copied into panels of NR contiguous columns (kc x NR, zero-padded), and
// a register block of MR x NR outputs runs over the block's k steps,
// broadcasting one element of A per row against a row of the B panel. The
// panel's reads are contiguous whatever B's row stride is (a power-of-two
// stride read in place maps the rows of a panel onto the same cache sets).
// A is read in place (its rows are contiguous in k; packing it into
// micro-panels would be a transposition costing a large part of the
// product when N is a few panels), except that rows whose stride is a
// multiple of 2 KiB are first copied to a buffer of another stride.
// Blocking k does not change any sum: the accumulators are stored to C
// after a block and loaded again for the next, which continues each
// output's chain exactly. When C is large (a convolution over a big image)
// the rows are taken in chunks, each through all k blocks, so that the
// outputs stored after one block are still in L2 when the next loads them.
// A can also be a convolution's patch matrix that is never materialised
// (tgrt_conv_ordered_packed_f32): each block of rows and k steps is
// gathered from the input into the buffer the register blocks read.
// Row edges use blocks of 8, 4, 2 and 1 rows;
// column edges go through a padded tile.
//
// Large products are split over threads by column panels when there are
// enough of them (each thread packs only its panels of B), else by row
// blocks. Products with fewer rows than one register block (a 1x1
// convolution of a 1x1 image) read B in place: there, packing it would
// cost as much as the product.
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
#include <cstdlib>
#include <cstring>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

// --- The packed path --------------------------------------------------------

// Register block per instruction set: MR rows x NR columns of accumulators
// (AVX-512: 12 x 2 zmm = 24 of 32 registers; AVX2: 6 x 2 ymm = 12 of 16).
#if defined(__AVX512F__)
constexpr int64_t MR = 12, NR = 32;
#elif defined(__AVX2__) || defined(__AVX__)
constexpr int64_t MR = 6, NR = 16;
#else
constexpr int64_t MR = 4, NR = 8;
#endif
constexpr int64_t KC = 128; // k steps per block: a B panel is KC*NR*4 bytes
static_assert(KC == TGRT_GEMM_PACKED_KBLOCK, "the prepacked layout's k block");
static_assert(TGRT_GEMM_PACKED_PANEL % NR == 0,
              "a prepacked panel holds whole register blocks");
constexpr int64_t MC = 8 * MR; // rows of A packed at once (L2)
// Rows of C computed over all k blocks before the next rows start: as many
// as keep their outputs within kChunkBytes (stored after one k block,
// loaded again by the next, so they must still be in L2), at least
// kMinChunkRows (each chunk packs the B panels again).
constexpr int64_t kChunkBytes = 256 * 1024;
constexpr int64_t kMinChunkRows = 4 * MC;

/// R x NR outputs (R <= MR) over kc steps of a B panel (packed: row stride
/// bs = NR; in place: bs = ldb); element
/// (i, p) of A is at ap[p * ps + i * is] (a packed micro-panel: ps = MR,
/// is = 1; rows read in place: ps = 1, is = lda). Starts from C when
/// `load`, else from zero; c has row stride ldc.
template <int64_t R>
inline void microKernel(const float *__restrict ap, int64_t ps, int64_t is,
                        const float *__restrict bp, int64_t kc,
                        float *__restrict c, int64_t ldc, bool load,
                        int64_t bs = NR) {
  float acc[R][NR];
  for (int64_t i = 0; i < R; ++i)
    for (int64_t j = 0; j < NR; ++j)
      acc[i][j] = load ? c[i * ldc + j] : 0.0f;
  for (int64_t p = 0; p < kc; ++p) {
    const float *b = bp + p * bs;
    const float *a = ap + p * ps;
    for (int64_t i = 0; i < R; ++i) {
      const float av = a[i * is];
      for (int64_t j = 0; j < NR; ++j)
        acc[i][j] = std::fma(av, b[j], acc[i][j]);
    }
  }
  for (int64_t i = 0; i < R; ++i)
    for (int64_t j = 0; j < NR; ++j)
      c[i * ldc + j] = acc[i][j];
}

/// Packs B[pc:pc+kc, col:col+cols] (cols <= NR) as a kc x NR panel.
void packB(const float *b, int64_t ldb, int64_t kc, int64_t cols,
           float *out) {
  // Whole rows of NR floats as fixed-size copies (vector moves).
  if (cols == NR) {
    for (int64_t p = 0; p < kc; ++p)
      std::memcpy(out + p * NR, b + p * ldb, NR * sizeof(float));
    return;
  }
  for (int64_t p = 0; p < kc; ++p) {
    std::memcpy(out + p * NR, b + p * ldb, cols * sizeof(float));
    std::memset(out + p * NR + cols, 0, (NR - cols) * sizeof(float));
  }
}

/// Copies rows of A[.., pc:pc+kc] into a buffer of row stride KA (not a
/// multiple of 4 KiB, so the rows of a block fall into distinct cache
/// sets); rows stay contiguous in k, so this is a plain copy, not a
/// transposition.
constexpr int64_t KA = KC + 16;
void copyA(const float *a, int64_t lda, int64_t kc, int64_t rows,
           float *out) {
  for (int64_t i = 0; i < rows; ++i)
    std::copy(a + i * lda, a + i * lda + kc, out + i * KA);
}

/// A as the product reads it: a row-major matrix (a, lda), or the patches
/// of a convolution's input (`conv`, tgrt/kernels.h), gathered block by
/// block as they are needed (implicit im2col).
static_assert(sizeof(tgrt_conv_patches) ==
                  TGRT_CONV_PATCHES_FIELDS * sizeof(int64_t),
              "the descriptor tgc stores is an array of int64_t");
struct ASource {
  const float *a = nullptr;
  int64_t lda = 0;
  const tgrt_conv_patches *conv = nullptr;
};

/// Element (i, p) of a convolution's patch matrix.
inline float patchAt(const float *input, const tgrt_conv_patches &g,
                     int64_t i, int64_t p) {
  const int64_t ox = i % g.out_w, oy = i / g.out_w % g.out_h,
                b = i / (g.out_w * g.out_h);
  const int64_t tap = p / g.channels, ch = p % g.channels;
  const int64_t ky = tap / g.kernel_w, kx = tap % g.kernel_w;
  return input[b * g.stride_n + (oy * g.step_h + ky * g.dilation_h) * g.stride_h +
               (ox * g.step_w + kx * g.dilation_w) * g.stride_w + ch];
}

/// Rows [row, row + rows) and columns [pc, pc + kc) of a convolution's patch
/// matrix into `out` (row stride KA): per row, one contiguous run of
/// channels per tap of the window, or per row of the window when its
/// pixels are adjacent in memory (no dilation, no gap between pixels: a
/// 3x3 window over 3 channels is 3 runs of 9 floats, not 9 of 3).
void gatherPatches(const float *input, const tgrt_conv_patches &g,
                   int64_t row, int64_t rows, int64_t pc, int64_t kc,
                   float *out) {
  int64_t ox = row % g.out_w, oy = row / g.out_w % g.out_h,
          b = row / (g.out_w * g.out_h);
  const int64_t tap0 = pc / g.channels, ch0 = pc % g.channels;
  const int64_t ky0 = tap0 / g.kernel_w, kx0 = tap0 % g.kernel_w;
  const bool adjacent = g.dilation_w == 1 && g.stride_w == g.channels;
  for (int64_t i = 0; i < rows; ++i) {
    const float *image = input + b * g.stride_n;
    const int64_t y0 = oy * g.step_h, x0 = ox * g.step_w;
    float *dst = out + i * KA;
    int64_t ky = ky0, kx = kx0, ch = ch0;
    for (int64_t p = 0; p < kc;) {
      const int64_t run = adjacent ? (g.kernel_w - kx) * g.channels - ch
                                   : g.channels - ch;
      const int64_t len = std::min(run, kc - p);
      const float *src = image + (y0 + ky * g.dilation_h) * g.stride_h +
                         (x0 + kx * g.dilation_w) * g.stride_w + ch;
      std::memcpy(dst + p, src, len * sizeof(float));
      p += len;
      // A whole run ends a window row (adjacent pixels) or a tap; a shorter
      // one ends the k block.
      ch = 0;
      kx = adjacent ? g.kernel_w : kx + 1;
      if (kx == g.kernel_w) {
        kx = 0;
        ++ky;
      }
    }
    if (++ox == g.out_w) {
      ox = 0;
      if (++oy == g.out_h) {
        oy = 0;
        ++b;
      }
    }
  }
}

/// `rows` (< MR) full-width rows, as blocks of 8, 4, 2 and 1 rows (fewer
/// idle lanes than one padded MR block).
inline void edgeRows(const float *ap, int64_t ps, int64_t is,
                     const float *bp, int64_t kc, float *c, int64_t ldc,
                     int64_t rows, bool load, int64_t bs = NR) {
  int64_t i = 0;
  for (; MR > 8 && rows - i >= 8; i += 8)
    microKernel<(MR > 8 ? 8 : 1)>(ap + i * is, ps, is, bp, kc, c + i * ldc,
                                  ldc, load, bs);
  for (; MR > 4 && rows - i >= 4; i += 4)
    microKernel<(MR > 4 ? 4 : 1)>(ap + i * is, ps, is, bp, kc, c + i * ldc,
                                  ldc, load, bs);
  for (; rows - i >= 2; i += 2)
    microKernel<2>(ap + i * is, ps, is, bp, kc, c + i * ldc, ldc, load, bs);
  for (; i < rows; ++i)
    microKernel<1>(ap + i * is, ps, is, bp, kc, c + i * ldc, ldc, load, bs);
}

/// One register block of C of rows x cols valid outputs.
inline void block(const float *ap, int64_t ps, int64_t is, const float *bp,
                  int64_t bs, int64_t kc, float *c, int64_t ldc, int64_t rows,
                  int64_t cols, bool load) {
  if (cols == NR) {
    if (rows == MR)
      microKernel<MR>(ap, ps, is, bp, kc, c, ldc, load, bs);
    else
      edgeRows(ap, ps, is, bp, kc, c, ldc, rows, load, bs);
    return;
  }
  // A column edge: through a full-width tile, of which only the valid
  // columns are read and written (padded lanes compute on zeros and are
  // dropped).
  alignas(64) float tile[MR * NR];
  if (load)
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        tile[i * NR + j] = c[i * ldc + j];
  if (rows == MR)
    microKernel<MR>(ap, ps, is, bp, kc, tile, NR, load, bs);
  else
    edgeRows(ap, ps, is, bp, kc, tile, NR, rows, load, bs);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      c[i * ldc + j] = tile[i * NR + j];
}

/// Scratch of one thread, grown once and kept: repeated runs of a model do
/// not allocate.
float *scratch(int64_t floats) {
  struct Buffer {
    float *data = nullptr;
    int64_t size = 0;
    ~Buffer() { std::free(data); }
  };
  thread_local Buffer buffer;
  if (buffer.size < floats) {
    std::free(buffer.data);
    // Rounded up to whole cache lines, 64-byte aligned.
    size_t bytes = static_cast<size_t>((floats + 15) / 16 * 16) * 4;
    buffer.data = static_cast<float *>(std::aligned_alloc(64, bytes));
    buffer.size = buffer.data ? floats : 0;
  }
  return buffer.data;
}

/// B as the product reads it: a row-major matrix (b, ldb), or the layout of
/// TGRT_FN_GEMM_ORDERED_PACKED_F32 (prepacked, see tgrt/kernels.h).
struct BSource {
  const float *b = nullptr;
  int64_t ldb = 0;
  const float *prepacked = nullptr;
};

/// The kc x NR panel of columns [col, col + NR) for the k block at pc, and
/// its row stride: packed into `out` (row stride NR), or, with `inPlace`,
/// read where the prepacked layout holds it whole.
inline const float *panel(const BSource &src, int64_t n, int64_t pc,
                          int64_t kc, int64_t col, float *out, int64_t &bs,
                          bool inPlace) {
  if (src.prepacked) {
    constexpr int64_t W = TGRT_GEMM_PACKED_PANEL;
    const int64_t full = n / W * W; // columns in whole W-wide panels
    const float *blockBase = src.prepacked + pc * n;
    if (col + NR <= full && inPlace) {
      bs = W;
      return blockBase + (col / W) * kc * W + col % W;
    }
    if (col + NR <= full) {
      // Still copied, from one contiguous kc x W block: read in place,
      // the panel would come from memory while the register block waits
      // for it (the weights of a network do not stay in cache); the copy
      // streams it into L1/L2 at full bandwidth first.
      bs = NR;
      packB(blockBase + (col / W) * kc * W + col % W, W, kc, NR, out);
      return out;
    }
    // The last, narrower panel is stored kc x (n - full).
    const int64_t tail = n - full;
    bs = NR;
    packB(blockBase + full * kc + (col - full), tail, kc,
          std::min(NR, n - col), out);
    return out;
  }
  bs = NR;
  packB(src.b + pc * src.ldb + col, src.ldb, kc, std::min(NR, n - col), out);
  return out;
}

/// Asks the cache for the source of the panel that `panel` would read for
/// columns [col, col + NR) of the k block at pc, so that it streams in from
/// memory while the previous panel is being used.
inline void prefetchPanel(const BSource &src, int64_t n, int64_t pc,
                          int64_t kc, int64_t col) {
  constexpr int64_t lineFloats = 64 / sizeof(float);
  auto range = [](const float *begin, int64_t floats) {
    for (int64_t f = 0; f < floats; f += lineFloats)
      __builtin_prefetch(begin + f, 0, 2);
  };
  const int64_t cols = std::min(NR, n - col);
  if (src.prepacked) {
    constexpr int64_t W = TGRT_GEMM_PACKED_PANEL;
    const int64_t full = n / W * W;
    const float *blockBase = src.prepacked + pc * n;
    if (col + NR <= full) {
      // NR of a W-wide panel's columns: the whole panel's rows when
      // NR == W, else every other part of them.
      const float *base = blockBase + (col / W) * kc * W + col % W;
      if (NR == W)
        range(base, kc * W);
      else
        for (int64_t p = 0; p < kc; ++p)
          range(base + p * W, NR);
    } else {
      range(blockBase + full * kc, kc * (n - full));
    }
    return;
  }
  for (int64_t p = 0; p < kc; ++p)
    range(src.b + (pc + p) * src.ldb + col, cols);
}

/// C[rowBegin:rowEnd, panelBegin*NR : min(n, panelEnd*NR)] of the product,
/// packed; returns false when scratch memory is not available.
bool packedRange(const ASource &as, const BSource &src, float *c, int64_t n,
                 int64_t k, int64_t ldc, bool accumulate,
                 int64_t rowBegin, int64_t rowEnd, int64_t panelBegin,
                 int64_t panelEnd) {
  const int64_t panels = panelEnd - panelBegin;
  const int64_t bFloats = panels * KC * NR;
  // Scratch: packed B panels, copied A rows, and where each panel of the
  // current k block is (with its row stride).
  struct PanelRef {
    const float *data;
    int64_t stride;
  };
  constexpr int64_t kRefFloats = sizeof(PanelRef) / sizeof(float);
  float *bpack = scratch(bFloats + MC * KA + panels * kRefFloats);
  if (!bpack)
    return false;
  float *apack = bpack + bFloats;
  auto *panelAt = reinterpret_cast<PanelRef *>(apack + MC * KA);
  // A is read in place: its rows are contiguous in k, and packing them
  // into micro-panels (a transposition) would cost a large part of the
  // product when N is a few panels. Except when its row stride is a
  // multiple of 2 KiB: the 4 KiB aliasing of the L1 cache would then put
  // the MR rows of a block into one or two sets, more lines than their
  // ways; those rows are first copied to a buffer of another stride.
  // A convolution's patches are always gathered into that buffer.
  const float *a = as.a;
  const int64_t lda = as.lda;
  const bool copiedA = as.conv || lda % 512 == 0;
  // With several k blocks, the rows are done in chunks whose part of C
  // stays in L2 between the blocks; a large C (a convolution over a big
  // image) would otherwise go to memory and back once per block.
  int64_t chunk = rowEnd - rowBegin;
  if (k > KC) {
    const int64_t rowBytes = panels * NR * int64_t(sizeof(float));
    chunk = std::max(kMinChunkRows, kChunkBytes / rowBytes / MC * MC);
  }
  for (int64_t chunkBegin = rowBegin; chunkBegin < rowEnd;
       chunkBegin += chunk) {
    const int64_t chunkEnd = std::min(rowEnd, chunkBegin + chunk);
    for (int64_t pc = 0; pc < k; pc += KC) {
      const int64_t kc = std::min(KC, k - pc);
      const bool load = accumulate || pc > 0;
      // Each panel is made ready when the first row blocks need it
      // (copied into scratch, or, after the first chunk, read where the
      // prepacked layout holds it), and the next one's source is
      // prefetched then, so that streaming B from memory overlaps the
      // products on the panel before it.
      for (int64_t jp = 0; jp < panels; ++jp)
        panelAt[jp] = {nullptr, 0};
      for (int64_t ic = chunkBegin; ic < chunkEnd; ic += MC) {
        const int64_t mc = std::min(MC, chunkEnd - ic);
        if (as.conv)
          gatherPatches(a, *as.conv, ic, mc, pc, kc, apack);
        else if (copiedA)
          copyA(a + ic * lda + pc, lda, kc, mc, apack);
        for (int64_t jp = 0; jp < panels; ++jp) {
          const int64_t col = (panelBegin + jp) * NR;
          const int64_t cols = std::min(NR, n - col);
          if (!panelAt[jp].data) {
            int64_t bs = NR;
            const float *data = panel(src, n, pc, kc, col,
                                      bpack + jp * kc * NR, bs,
                                      chunkBegin > rowBegin);
            panelAt[jp] = {data, bs};
            if (jp + 1 < panels)
              prefetchPanel(src, n, pc, kc, col + NR);
          }
          const float *bp = panelAt[jp].data;
          const int64_t bs = panelAt[jp].stride;
          for (int64_t ir = 0; ir < mc; ir += MR) {
            const int64_t rows = std::min(MR, mc - ir);
            float *cb = c + (ic + ir) * ldc + col;
            if (copiedA)
              block(apack + ir * KA, 1, KA, bp, bs, kc, cb, ldc, rows, cols,
                    load);
            else
              block(a + (ic + ir) * lda + pc, 1, lda, bp, bs, kc, cb, ldc,
                    rows, cols, load);
          }
        }
      }
    }
  }
  return true;
}

/// Fewer than NR columns of `rows` (<= MR) rows, B read in place: the
/// column tail of the unpacked path.
void narrowBlock(const float *a, int64_t lda, const float *b, int64_t ldb,
                 float *c, int64_t ldc, int64_t rows, int64_t cols, int64_t k,
                 bool accumulate) {
  float acc[MR][NR];
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      acc[i][j] = accumulate ? c[i * ldc + j] : 0.0f;
  for (int64_t p = 0; p < k; ++p)
    for (int64_t i = 0; i < rows; ++i) {
      const float av = a[i * lda + p];
      for (int64_t j = 0; j < cols; ++j)
        acc[i][j] = std::fma(av, b[p * ldb + j], acc[i][j]);
    }
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      c[i * ldc + j] = acc[i][j];
}

/// The unpacked path over rows [rowBegin, rowEnd) and columns
/// [colBegin, colEnd): the register blocks read A and B in place (B with
/// its own row stride), whole k at once; the last columns, fewer than NR,
/// go through narrowBlock.
void unpacked(const float *a, const float *b, float *c, int64_t k,
              int64_t lda, int64_t ldb, int64_t ldc, bool accumulate,
              int64_t rowBegin, int64_t rowEnd, int64_t colBegin,
              int64_t colEnd) {
  const int64_t full = colBegin + (colEnd - colBegin) / NR * NR;
  for (int64_t row = rowBegin; row < rowEnd; row += MR) {
    const int64_t rows = std::min(MR, rowEnd - row);
    const float *ar = a + row * lda;
    float *cr = c + row * ldc;
    for (int64_t col = colBegin; col < full; col += NR) {
      if (rows == MR)
        microKernel<MR>(ar, 1, lda, b + col, k, cr + col, ldc, accumulate,
                        ldb);
      else
        edgeRows(ar, 1, lda, b + col, k, cr + col, ldc, rows, accumulate,
                 ldb);
    }
    if (full < colEnd)
      narrowBlock(ar, lda, b + full, ldb, cr + full, ldc, rows,
                  colEnd - full, k, accumulate);
  }
}

/// Element (p, j) of B in the prepacked layout (tgrt/kernels.h).
inline float prepackedAt(const float *packed, int64_t n, int64_t k,
                         int64_t p, int64_t j) {
  constexpr int64_t W = TGRT_GEMM_PACKED_PANEL, KB = TGRT_GEMM_PACKED_KBLOCK;
  const int64_t pc = p / KB * KB, kc = std::min(KB, k - pc), full = n / W * W;
  const float *base = packed + pc * n;
  if (j < full)
    return base[(j / W) * kc * W + (p - pc) * W + j % W];
  return base[full * kc + (p - pc) * (n - full) + (j - full)];
}

/// The product with B from `src`, over the threads.
void orderedProduct(const ASource &as, const BSource &src, float *c,
                    int64_t m, int64_t n, int64_t k, int64_t ldc, bool acc) {
  const float *a = as.a;
  const int64_t lda = as.lda;
  if (k == 0) {
    if (!acc)
      for (int64_t i = 0; i < m; ++i)
        std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
    return;
  }
  int threads = 1;
#ifdef _OPENMP
  // Threads pay off from about a million multiply-adds.
  if (m * n * k >= (int64_t(1) << 20))
    threads = std::max(1, tgrt_get_num_threads());
#endif
  const int64_t panels = (n + NR - 1) / NR;
  const int64_t rowBlocks = (m + MR - 1) / MR;
  if (m < MR && !src.prepacked && !as.conv) {
    // Each element of B is used m times: packing it would cost as much as
    // the product.
    unpacked(a, src.b, c, k, lda, src.ldb, ldc, acc, 0, m, 0, n);
    return;
  }
  // Threads share out column panels when there are enough of them (each
  // then packs only its part of B), else row blocks (each packs all of B,
  // unless it is prepacked).
  const bool byRows = panels < threads ||
                      (rowBlocks >= threads && panels < 2 * threads);
  const int64_t parts = std::max<int64_t>(
      1, std::min<int64_t>(threads, byRows ? rowBlocks : panels));
  auto runPart = [&](int64_t part) {
    int64_t rowBegin = 0, rowEnd = m, panelBegin = 0, panelEnd = panels;
    if (byRows) {
      rowBegin = rowBlocks * part / parts * MR;
      rowEnd = std::min(m, rowBlocks * (part + 1) / parts * MR);
    } else {
      panelBegin = panels * part / parts;
      panelEnd = panels * (part + 1) / parts;
    }
    if (rowBegin >= rowEnd || panelBegin >= panelEnd)
      return;
    if (packedRange(as, src, c, n, k, ldc, acc, rowBegin, rowEnd,
                    panelBegin, panelEnd))
      return;
    // Out of memory for the panels (before anything was written): paths
    // that need none.
    const int64_t colBegin = panelBegin * NR,
                  colEnd = std::min(n, panelEnd * NR);
    if (!src.prepacked && !as.conv) {
      unpacked(a, src.b, c, k, lda, src.ldb, ldc, acc, rowBegin, rowEnd,
               colBegin, colEnd);
      return;
    }
    for (int64_t i = rowBegin; i < rowEnd; ++i)
      for (int64_t j = colBegin; j < colEnd; ++j) {
        float sum = acc ? c[i * ldc + j] : 0.0f;
        for (int64_t p = 0; p < k; ++p)
          sum = std::fma(as.conv ? patchAt(a, *as.conv, i, p) : a[i * lda + p],
                         prepackedAt(src.prepacked, n, k, p, j), sum);
        c[i * ldc + j] = sum;
      }
  };
  if (parts <= 1) {
    runPart(0);
    return;
  }
#ifdef _OPENMP
  // One team of the configured size for every parallel product and loop
  // (parallel.cpp): libomp allocates memory when a team changes size and
  // for each worksharing loop, so the parts are dealt out by hand and a
  // thread without one goes straight to the barrier. A run of a model then
  // allocates nothing.
  const int team = std::max(1, tgrt_get_num_threads());
#pragma omp parallel num_threads(team)
  {
    const int64_t size = omp_get_num_threads();
    for (int64_t part = omp_get_thread_num(); part < parts; part += size)
      runPart(part);
  }
#else
  for (int64_t part = 0; part < parts; ++part)
    runPart(part);
#endif
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
  ASource as;
  as.a = a;
  as.lda = lda;
  BSource src;
  src.b = b;
  src.ldb = ldb;
  orderedProduct(as, src, c, m, n, k, ldc, accumulate != 0);
}

void TGRT_ISA_FN(gemm_ordered_packed_f32)(const float *a,
                                          const float *b_packed, float *c,
                                          int64_t m, int64_t n, int64_t k,
                                          int64_t lda, int64_t ldc,
                                          int32_t accumulate) {
  if (m <= 0 || n <= 0 || k < 0 || !c || ldc < n)
    return;
  if (k > 0 && (!a || !b_packed || lda < k))
    return;
  ASource as;
  as.a = a;
  as.lda = lda;
  BSource src;
  src.prepacked = b_packed;
  orderedProduct(as, src, c, m, n, k, ldc, accumulate != 0);
}

void TGRT_ISA_FN(conv_ordered_packed_f32)(const float *input,
                                          const tgrt_conv_patches *patches,
                                          const float *b_packed, float *c,
                                          int64_t n, int64_t ldc,
                                          int32_t accumulate) {
  if (!input || !patches || !b_packed || !c || n <= 0 || ldc < n)
    return;
  const tgrt_conv_patches &g = *patches;
  const int64_t sizes[] = {g.batch,    g.height,     g.width,
                           g.channels, g.kernel_h,   g.kernel_w,
                           g.step_h,   g.step_w,     g.dilation_h,
                           g.dilation_w, g.out_h,    g.out_w};
  for (int64_t size : sizes)
    if (size <= 0)
      return;
  // Every window inside the input, and rows, columns and images that do
  // not overlap (the strides step over whole ones).
  if ((g.out_h - 1) * g.step_h + (g.kernel_h - 1) * g.dilation_h >=
          g.height ||
      (g.out_w - 1) * g.step_w + (g.kernel_w - 1) * g.dilation_w >= g.width)
    return;
  if (g.stride_w < g.channels || g.stride_h < g.width * g.stride_w ||
      (g.batch > 1 && g.stride_n < g.height * g.stride_h))
    return;
  ASource as;
  as.a = input;
  as.conv = patches;
  BSource src;
  src.prepacked = b_packed;
  orderedProduct(as, src, c, g.batch * g.out_h * g.out_w, n,
                 g.kernel_h * g.kernel_w * g.channels, ldc, accumulate != 0);
}

} // extern "C"

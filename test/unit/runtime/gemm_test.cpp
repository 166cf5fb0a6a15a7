//===- gemm_test.cpp - tgrt_gemm_f32 / tgrt_gemm_f64 against a naive loop -===//

#include "tgrt/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

struct Shape {
  int64_t m, n, k;
};

// Padding added to each leading dimension (0 = dense).
constexpr int64_t kPad = 3;

template <typename T>
void NaiveGemm(const std::vector<T> &a, const std::vector<T> &b,
               std::vector<T> &c, int64_t m, int64_t n, int64_t k, int64_t lda,
               int64_t ldb, int64_t ldc, bool ta, bool tb, bool acc) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      long double sum = 0;
      for (int64_t p = 0; p < k; ++p) {
        T av = ta ? a[p * lda + i] : a[i * lda + p];
        T bv = tb ? b[j * ldb + p] : b[p * ldb + j];
        sum += static_cast<long double>(av) * bv;
      }
      T &out = c[i * ldc + j];
      out = static_cast<T>(acc ? out + sum : sum);
    }
}

template <typename T>
void Call(const T *a, const T *b, T *c, int64_t m, int64_t n, int64_t k,
          int64_t lda, int64_t ldb, int64_t ldc, int32_t ta, int32_t tb,
          int32_t acc);
template <>
void Call<float>(const float *a, const float *b, float *c, int64_t m, int64_t n,
                 int64_t k, int64_t lda, int64_t ldb, int64_t ldc, int32_t ta,
                 int32_t tb, int32_t acc) {
  tgrt_gemm_f32(a, b, c, m, n, k, lda, ldb, ldc, ta, tb, acc);
}
template <>
void Call<double>(const double *a, const double *b, double *c, int64_t m,
                  int64_t n, int64_t k, int64_t lda, int64_t ldb, int64_t ldc,
                  int32_t ta, int32_t tb, int32_t acc) {
  tgrt_gemm_f64(a, b, c, m, n, k, lda, ldb, ldc, ta, tb, acc);
}

template <typename T>
void CheckOne(const Shape &s, bool ta, bool tb, bool acc, int64_t pad,
              std::mt19937 &rng) {
  std::uniform_real_distribution<double> dist(-1, 1);
  const int64_t a_rows = ta ? s.k : s.m, a_cols = ta ? s.m : s.k;
  const int64_t b_rows = tb ? s.n : s.k, b_cols = tb ? s.k : s.n;
  const int64_t lda = a_cols + pad, ldb = b_cols + pad, ldc = s.n + pad;
  std::vector<T> a(static_cast<size_t>(a_rows * lda));
  std::vector<T> b(static_cast<size_t>(b_rows * ldb));
  std::vector<T> c(static_cast<size_t>(s.m * ldc));
  for (T &v : a)
    v = static_cast<T>(dist(rng));
  for (T &v : b)
    v = static_cast<T>(dist(rng));
  for (T &v : c)
    v = static_cast<T>(dist(rng));
  std::vector<T> want = c;
  NaiveGemm(a, b, want, s.m, s.n, s.k, lda, ldb, ldc, ta, tb, acc);
  Call<T>(a.data(), b.data(), c.data(), s.m, s.n, s.k, lda, ldb, ldc, ta, tb,
          acc);
  const double tol = (sizeof(T) == 4 ? 2e-6 : 1e-14) * (s.k + 4);
  std::string where =
      "m=" + std::to_string(s.m) + " n=" + std::to_string(s.n) +
      " k=" + std::to_string(s.k) + " ta=" + std::to_string(ta) +
      " tb=" + std::to_string(tb) + " acc=" + std::to_string(acc) +
      " pad=" + std::to_string(pad);
  int64_t bad = 0;
  for (int64_t i = 0; i < s.m; ++i) {
    for (int64_t j = 0; j < ldc; ++j) {
      double got = c[i * ldc + j], exp = want[i * ldc + j];
      // Padding columns (j >= n) must be left untouched: exact equality.
      bool ok = j < s.n ? std::fabs(got - exp) <= tol : got == exp;
      if (!ok && bad++ < 3)
        ADD_FAILURE() << where << ": C[" << i << "][" << j << "] = " << got
                      << ", expected " << exp;
    }
  }
  EXPECT_EQ(bad, 0) << where;
}

const Shape kShapes[] = {{1, 1, 1},      {2, 3, 4},      {4, 3, 2},
                         {7, 5, 3},      {17, 31, 13},   {1, 100, 37},
                         {100, 1, 50},   {33, 65, 1},    {64, 64, 64},
                         {129, 67, 255}, {300, 257, 190}};

class GemmTest : public ::testing::TestWithParam<std::tuple<bool, bool, bool>> {
};

TEST_P(GemmTest, F32MatchesNaive) {
  auto [ta, tb, acc] = GetParam();
  std::mt19937 rng(1234);
  for (const Shape &s : kShapes)
    for (int64_t pad : {int64_t{0}, kPad})
      CheckOne<float>(s, ta, tb, acc, pad, rng);
}

TEST_P(GemmTest, F64MatchesNaive) {
  auto [ta, tb, acc] = GetParam();
  std::mt19937 rng(99);
  for (const Shape &s : kShapes)
    for (int64_t pad : {int64_t{0}, kPad})
      CheckOne<double>(s, ta, tb, acc, pad, rng);
}

INSTANTIATE_TEST_SUITE_P(
    AllTransposes, GemmTest,
    ::testing::Combine(::testing::Bool(), ::testing::Bool(), ::testing::Bool()),
    [](const ::testing::TestParamInfo<std::tuple<bool, bool, bool>> &info) {
      return std::string(std::get<0>(info.param) ? "At" : "A") +
             (std::get<1>(info.param) ? "Bt" : "B") +
             (std::get<2>(info.param) ? "_acc" : "");
    });

TEST(GemmEdgeTest, KnownValues) {
  // [1 2 3; 4 5 6] . [7 8; 9 10; 11 12] = [58 64; 139 154]
  const float a[] = {1, 2, 3, 4, 5, 6};
  const float b[] = {7, 8, 9, 10, 11, 12};
  float c[4] = {};
  tgrt_gemm_f32(a, b, c, 2, 2, 3, 3, 2, 2, 0, 0, 0);
  EXPECT_EQ(c[0], 58);
  EXPECT_EQ(c[1], 64);
  EXPECT_EQ(c[2], 139);
  EXPECT_EQ(c[3], 154);
  tgrt_gemm_f32(a, b, c, 2, 2, 3, 3, 2, 2, 0, 0, 1);
  EXPECT_EQ(c[3], 308);
  // A^T with A stored 3x2: op(A) = [1 3 5; 2 4 6].
  double ad[] = {1, 2, 3, 4, 5, 6}, bd[] = {1, 0, 0, 1, 1, 1}, cd[4];
  tgrt_gemm_f64(ad, bd, cd, 2, 2, 3, 2, 2, 2, 1, 0, 0);
  EXPECT_EQ(cd[0], 1 + 5);
  EXPECT_EQ(cd[1], 3 + 5);
  EXPECT_EQ(cd[2], 2 + 6);
  EXPECT_EQ(cd[3], 4 + 6);
}

TEST(GemmEdgeTest, ZeroDepthZeroesOrKeeps) {
  float c[6] = {1, 2, 9, 3, 4, 9}; // 2x2 with ldc 3
  tgrt_gemm_f32(nullptr, nullptr, c, 2, 2, 0, 1, 2, 3, 0, 0, 1);
  EXPECT_EQ(c[0], 1);
  EXPECT_EQ(c[4], 4);
  tgrt_gemm_f32(nullptr, nullptr, c, 2, 2, 0, 1, 2, 3, 0, 0, 0);
  EXPECT_EQ(c[0], 0);
  EXPECT_EQ(c[1], 0);
  EXPECT_EQ(c[3], 0);
  EXPECT_EQ(c[4], 0);
  EXPECT_EQ(c[2], 9); // padding untouched
  EXPECT_EQ(c[5], 9);
}

TEST(GemmEdgeTest, InvalidArgumentsAreNoOps) {
  const float a[4] = {1, 1, 1, 1}, b[4] = {1, 1, 1, 1};
  float c[4] = {5, 5, 5, 5};
  tgrt_gemm_f32(a, b, c, -1, 2, 2, 2, 2, 2, 0, 0, 0);
  tgrt_gemm_f32(a, b, c, 2, 2, 2, 1, 2, 2, 0, 0, 0); // lda < k
  tgrt_gemm_f32(a, b, c, 2, 2, 2, 2, 1, 2, 0, 0, 0); // ldb < n
  tgrt_gemm_f32(a, b, c, 2, 2, 2, 2, 2, 1, 0, 0, 0); // ldc < n
  tgrt_gemm_f32(nullptr, b, c, 2, 2, 2, 2, 2, 2, 0, 0, 0);
  tgrt_gemm_f32(a, b, nullptr, 2, 2, 2, 2, 2, 2, 0, 0, 0);
  tgrt_gemm_f32(a, b, c, 0, 2, 2, 2, 2, 2, 0, 0, 0);
  for (float v : c)
    EXPECT_EQ(v, 5);
  tgrt_gemm_f32(a, b, c, 2, 2, 2, 2, 2, 2, 0, 0, 0);
  for (float v : c)
    EXPECT_EQ(v, 2);
}

TEST(GemmEdgeTest, SingleThreadMatchesMultiThread) {
  const int64_t n = 200;
  std::vector<float> a(n * n), b(n * n), c1(n * n), c2(n * n);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1, 1);
  for (auto &v : a)
    v = dist(rng);
  for (auto &v : b)
    v = dist(rng);
  tgrt_set_num_threads(1);
  EXPECT_EQ(tgrt_get_num_threads(), 1);
  tgrt_gemm_f32(a.data(), b.data(), c1.data(), n, n, n, n, n, n, 0, 1, 0);
  tgrt_set_num_threads(0);
  tgrt_gemm_f32(a.data(), b.data(), c2.data(), n, n, n, n, n, n, 0, 1, 0);
  for (int64_t i = 0; i < n * n; ++i)
    ASSERT_NEAR(c1[i], c2[i], 1e-4) << i;
}

} // namespace

// tgrt_gemm_ordered_f32: every element is the chain of fused multiply-adds
// over k in order, so it equals std::fma in a loop bit for bit, on every
// edge of the register blocking (row and column edges, k blocks, padded
// leading dimensions), with and without accumulation, and with threads.
TEST(GemmOrderedTest, BitExactFmaChain) {
  std::mt19937 rng(123);
  std::uniform_real_distribution<float> dist(-1, 1);
  // m x n x k: below one register block of rows (the unpacked path), row
  // and column edges of the packed path's 12x32 / 6x16 blocks, several
  // k blocks of 128 (the chain continued through C) with a partial last
  // one, and column panels split over threads (few rows, many columns).
  const Shape shapes[] = {{1, 1, 1},     {3, 5, 7},      {4, 32, 9},
                          {5, 33, 64},   {67, 70, 19},   {130, 96, 300},
                          {8, 31, 0},    {12, 32, 256},  {29, 47, 401},
                          {100, 100, 128}, {13, 700, 129}, {250, 64, 27},
                          // Several row chunks (C kept in cache over the
                          // k blocks), with edge rows and columns.
                          {2501, 33, 300}, {1207, 100, 260}};
  for (const Shape &s : shapes)
    for (bool acc : {false, true}) {
      const int64_t lda = s.k + 2, ldb = s.n + 1, ldc = s.n + 3;
      std::vector<float> a(s.m * lda), b(std::max<int64_t>(s.k, 1) * ldb),
          c(s.m * ldc);
      for (float &v : a)
        v = dist(rng);
      for (float &v : b)
        v = dist(rng);
      for (float &v : c)
        v = dist(rng);
      std::vector<float> want = c;
      for (int64_t i = 0; i < s.m; ++i)
        for (int64_t j = 0; j < s.n; ++j) {
          float sum = acc ? want[i * ldc + j] : 0.0f;
          for (int64_t p = 0; p < s.k; ++p)
            sum = std::fma(a[i * lda + p], b[p * ldb + j], sum);
          want[i * ldc + j] = sum;
        }
      tgrt_gemm_ordered_f32(a.data(), b.data(), c.data(), s.m, s.n, s.k, lda,
                            ldb, ldc, acc);
      for (int64_t i = 0; i < s.m; ++i)
        for (int64_t j = 0; j < s.n; ++j)
          ASSERT_EQ(c[i * ldc + j], want[i * ldc + j])
              << "m=" << s.m << " n=" << s.n << " k=" << s.k << " acc=" << acc
              << " at (" << i << ", " << j << ")";
    }
}

TEST(GemmOrderedTest, InvalidArgumentsAreNoOps) {
  std::vector<float> a(4, 1.0f), b(4, 1.0f), c(4, 7.0f);
  tgrt_gemm_ordered_f32(a.data(), b.data(), c.data(), 2, 2, 2, 1, 2, 2, 0);
  tgrt_gemm_ordered_f32(a.data(), b.data(), c.data(), 2, 2, 2, 2, 2, 1, 0);
  tgrt_gemm_ordered_f32(nullptr, b.data(), c.data(), 2, 2, 2, 2, 2, 2, 0);
  for (float v : c)
    EXPECT_EQ(v, 7.0f);
}

// The kernels exist once per instruction set (runtime/src/kernels_isa.h);
// every copy this CPU runs is checked here. The ordered GEMM must give the
// same bits in each (every copy computes the same chain of fused
// multiply-adds). The Eigen GEMM blocks its sums by vector width (and
// SSE2 has no FMA), so its copies agree within GEMM tolerance, as its
// single- and multi-threaded results do.
namespace {

std::vector<std::string> RunnableIsas() {
  std::vector<std::string> isas;
  std::string list = tgrt_kernel_isas();
  for (size_t start = 0; start <= list.size();) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos)
      comma = list.size();
    if (comma > start)
      isas.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return isas;
}

struct IsaGuard {
  std::string saved = tgrt_kernel_isa();
  ~IsaGuard() { tgrt_set_kernel_isa(saved.c_str()); }
};

} // namespace

TEST(GemmIsaTest, CopiesAreListedAndSelectable) {
  IsaGuard guard;
  std::vector<std::string> isas = RunnableIsas();
  ASSERT_FALSE(isas.empty());
  // The default is the best copy the CPU runs (unless TGRT_ISA asks for
  // another one).
  if (!std::getenv("TGRT_ISA"))
    EXPECT_EQ(isas.front(), guard.saved);
#if defined(__x86_64__)
  // Every x86-64 CPU runs the SSE2 copy, unless the runtime was built with
  // TGRT_NATIVE, or with sanitizers (one portable copy, "generic").
  if (isas.front() != "native" && isas.front() != "generic")
    EXPECT_EQ(isas.back(), "sse2");
#endif
  for (const std::string &isa : isas) {
    EXPECT_EQ(tgrt_set_kernel_isa(isa.c_str()), 1) << isa;
    EXPECT_EQ(std::string(tgrt_kernel_isa()), isa);
  }
  EXPECT_EQ(tgrt_set_kernel_isa("no-such-isa"), 0);
  EXPECT_EQ(tgrt_set_kernel_isa(nullptr), 0);
}

TEST(GemmIsaTest, EveryCopyGivesTheSameResults) {
  IsaGuard guard;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1, 1);
  const int64_t m = 67, n = 75, k = 301;
  std::vector<float> a(m * k), b(k * n);
  for (float &v : a)
    v = dist(rng);
  for (float &v : b)
    v = dist(rng);
  std::vector<float> firstOrdered, firstEigen;
  std::string first;
  for (const std::string &isa : RunnableIsas()) {
    ASSERT_EQ(tgrt_set_kernel_isa(isa.c_str()), 1);
    std::vector<float> ordered(m * n), eigen(m * n);
    tgrt_gemm_ordered_f32(a.data(), b.data(), ordered.data(), m, n, k, k, n,
                          n, 0);
    tgrt_gemm_f32(a.data(), b.data(), eigen.data(), m, n, k, k, n, n, 0, 0,
                  0);
    if (first.empty()) {
      first = isa;
      firstOrdered = ordered;
      firstEigen = eigen;
      continue;
    }
    for (int64_t i = 0; i < m * n; ++i) {
      ASSERT_EQ(ordered[i], firstOrdered[i])
          << isa << " vs " << first << " at " << i;
      ASSERT_NEAR(eigen[i], firstEigen[i],
                  1e-5f * (1.0f + std::fabs(firstEigen[i])))
          << isa << " vs " << first << " at " << i;
    }
  }
}

namespace {

/// B (k x n, row stride ldb) in the prepacked layout documented in
/// tgrt/kernels.h, built here from the documentation.
std::vector<float> PackForOrderedGemm(const std::vector<float> &b, int64_t n,
                                      int64_t k, int64_t ldb) {
  const int64_t W = TGRT_GEMM_PACKED_PANEL, KB = TGRT_GEMM_PACKED_KBLOCK;
  std::vector<float> out(k * n, std::nanf(""));
  const int64_t full = n / W * W, tail = n - full;
  for (int64_t pc = 0; pc < k; pc += KB) {
    const int64_t kc = std::min(KB, k - pc);
    float *block = out.data() + pc * n;
    for (int64_t p = 0; p < kc; ++p)
      for (int64_t j = 0; j < n; ++j) {
        const float v = b[(pc + p) * ldb + j];
        if (j < full)
          block[(j / W) * kc * W + p * W + j % W] = v;
        else
          block[full * kc + p * tail + (j - full)] = v;
      }
  }
  return out;
}

} // namespace

// The prepacked entry gives the unpacked one's results bit for bit, on
// every instruction-set copy: tails of panels, partial k blocks, fewer rows
// than a register block, accumulation, threads.
TEST(GemmOrderedTest, PrepackedMatchesUnpacked) {
  std::mt19937 rng(321);
  std::uniform_real_distribution<float> dist(-1, 1);
  const Shape shapes[] = {{1, 1, 1},     {3, 40, 7},    {12, 32, 128},
                          {29, 47, 401}, {5, 100, 300}, {70, 64, 129},
                          {13, 700, 129}, {250, 24, 27}, {2, 1000, 1024},
                          {2501, 33, 300}, {1207, 100, 260}};
  IsaGuard guard;
  for (const Shape &s : shapes)
    for (bool acc : {false, true}) {
      const int64_t lda = s.k + 1, ldb = s.n + 5, ldc = s.n + 2;
      std::vector<float> a(s.m * lda), b(s.k * ldb), c0(s.m * ldc);
      for (float &v : a)
        v = dist(rng);
      for (float &v : b)
        v = dist(rng);
      for (float &v : c0)
        v = dist(rng);
      const std::vector<float> packed = PackForOrderedGemm(b, s.n, s.k, ldb);
      std::vector<float> want = c0;
      tgrt_gemm_ordered_f32(a.data(), b.data(), want.data(), s.m, s.n, s.k,
                            lda, ldb, ldc, acc);
      for (const std::string &isa : RunnableIsas()) {
        ASSERT_TRUE(tgrt_set_kernel_isa(isa.c_str())) << isa;
        std::vector<float> c = c0;
        tgrt_gemm_ordered_packed_f32(a.data(), packed.data(), c.data(), s.m,
                                     s.n, s.k, lda, ldc, acc);
        for (int64_t i = 0; i < s.m; ++i)
          for (int64_t j = 0; j < s.n; ++j)
            ASSERT_EQ(c[i * ldc + j], want[i * ldc + j])
                << isa << " m=" << s.m << " n=" << s.n << " k=" << s.k
                << " acc=" << acc << " at (" << i << ", " << j << ")";
        // Columns beyond n are untouched.
        for (int64_t i = 0; i < s.m; ++i)
          for (int64_t j = s.n; j < ldc; ++j)
            ASSERT_EQ(c[i * ldc + j], c0[i * ldc + j]);
      }
    }
}

// A convolution read through its patches (implicit im2col) gives the
// product on the materialised patch matrix bit for bit, on every
// instruction-set copy: strides, dilations, batches, channel runs shorter
// and longer than a k block, a strided input (a view of a bigger buffer),
// fewer output pixels than a register block, accumulation.
TEST(GemmOrderedTest, ConvPatchesMatchMaterialisedIm2col) {
  struct Conv {
    int64_t batch, height, width, channels, kh, kw, sh, sw, dh, dw, f;
    int64_t padW; // extra elements per input row (a strided view)
  };
  const Conv convs[] = {
      {1, 9, 9, 3, 3, 3, 1, 1, 1, 1, 16, 0},  {1, 11, 13, 3, 3, 3, 2, 2, 1, 1, 32, 0},
      {2, 8, 7, 5, 2, 3, 1, 2, 1, 1, 33, 0},  {1, 10, 10, 40, 3, 3, 1, 1, 2, 2, 70, 0},
      {1, 6, 6, 200, 3, 3, 1, 1, 1, 1, 40, 0}, {1, 3, 3, 17, 3, 3, 1, 1, 1, 1, 9, 0},
      {1, 9, 8, 24, 1, 1, 2, 2, 1, 1, 48, 0},  {3, 12, 10, 16, 3, 2, 2, 1, 1, 1, 20, 3},
      {1, 60, 60, 8, 3, 3, 1, 1, 1, 1, 64, 0},
  };
  std::mt19937 rng(99);
  std::uniform_real_distribution<float> dist(-1, 1);
  IsaGuard guard;
  for (const Conv &v : convs)
    for (bool acc : {false, true}) {
      tgrt_conv_patches g;
      g.batch = v.batch;
      g.height = v.height;
      g.width = v.width;
      g.channels = v.channels;
      g.stride_w = v.channels + v.padW;
      g.stride_h = v.width * g.stride_w;
      g.stride_n = v.height * g.stride_h;
      g.kernel_h = v.kh;
      g.kernel_w = v.kw;
      g.step_h = v.sh;
      g.step_w = v.sw;
      g.dilation_h = v.dh;
      g.dilation_w = v.dw;
      g.out_h = (v.height - (v.kh - 1) * v.dh - 1) / v.sh + 1;
      g.out_w = (v.width - (v.kw - 1) * v.dw - 1) / v.sw + 1;
      const int64_t m = v.batch * g.out_h * g.out_w,
                    k = v.kh * v.kw * v.channels, n = v.f, ldc = n + 1;
      std::vector<float> input(v.batch * g.stride_n);
      for (float &x : input)
        x = dist(rng);
      // The patch matrix, as the compiled im2col writes it.
      std::vector<float> patches(m * k);
      for (int64_t b = 0; b < v.batch; ++b)
        for (int64_t oy = 0; oy < g.out_h; ++oy)
          for (int64_t ox = 0; ox < g.out_w; ++ox)
            for (int64_t ky = 0; ky < v.kh; ++ky)
              for (int64_t kx = 0; kx < v.kw; ++kx)
                for (int64_t ch = 0; ch < v.channels; ++ch) {
                  const int64_t row = (b * g.out_h + oy) * g.out_w + ox;
                  const int64_t col = (ky * v.kw + kx) * v.channels + ch;
                  patches[row * k + col] =
                      input[b * g.stride_n +
                            (oy * v.sh + ky * v.dh) * g.stride_h +
                            (ox * v.sw + kx * v.dw) * g.stride_w + ch];
                }
      std::vector<float> filter(k * n), c0(m * ldc);
      for (float &x : filter)
        x = dist(rng);
      for (float &x : c0)
        x = dist(rng);
      const std::vector<float> packed = PackForOrderedGemm(filter, n, k, n);
      std::vector<float> want = c0;
      tgrt_gemm_ordered_f32(patches.data(), filter.data(), want.data(), m, n,
                            k, k, n, ldc, acc);
      for (const std::string &isa : RunnableIsas()) {
        ASSERT_TRUE(tgrt_set_kernel_isa(isa.c_str())) << isa;
        std::vector<float> c = c0;
        tgrt_conv_ordered_packed_f32(input.data(), &g, packed.data(),
                                     c.data(), n, ldc, acc);
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < ldc; ++j)
            ASSERT_EQ(c[i * ldc + j], want[i * ldc + j])
                << isa << " conv " << v.height << "x" << v.width << "x"
                << v.channels << " k" << v.kh << "x" << v.kw << " acc=" << acc
                << " at (" << i << ", " << j << ")";
      }
    }
}

// Geometries whose windows leave the input, or whose sizes are not
// positive, leave C untouched.
TEST(GemmOrderedTest, ConvPatchesRejectsBadGeometry) {
  tgrt_conv_patches g = {1, 5, 5, 2, 50, 10, 2, 3, 3, 1, 1, 1, 1, 3, 3};
  std::vector<float> input(50, 1.0f), filter(18 * 4, 1.0f), c(9 * 4, 7.0f);
  tgrt_conv_ordered_packed_f32(input.data(), &g, filter.data(), c.data(), 4,
                               4, 0);
  for (float x : c)
    ASSERT_EQ(x, 18.0f); // 3 x 3 taps of 2 channels, each 1 * 1
  std::vector<float> untouched(9 * 4, 7.0f);
  tgrt_conv_patches outside = g;
  outside.out_h = 4; // the last window row would start at y = 3: 3 + 2 >= 5
  c = untouched;
  tgrt_conv_ordered_packed_f32(input.data(), &outside, filter.data(),
                               c.data(), 4, 4, 0);
  EXPECT_EQ(c, untouched);
  tgrt_conv_patches zero = g;
  zero.channels = 0;
  tgrt_conv_ordered_packed_f32(input.data(), &zero, filter.data(), c.data(),
                               4, 4, 0);
  EXPECT_EQ(c, untouched);
  tgrt_conv_patches overlapping = g;
  overlapping.stride_w = 1; // pixels overlap their channels
  tgrt_conv_ordered_packed_f32(input.data(), &overlapping, filter.data(),
                               c.data(), 4, 4, 0);
  EXPECT_EQ(c, untouched);
}

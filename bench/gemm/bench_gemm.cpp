//===- bench_gemm.cpp - f32 GEMM: tgc against Eigen, OpenBLAS, the peak ---===//
//
// Multiplies the same two random 1024 x 1024 float32 matrices with
//  - the model tgc compiled from bench/gemm/matmul_1024.pbtxt (Run()),
//  - Eigen 3.4 directly (row-major noalias product),
//  - OpenBLAS cblas_sgemm, when the build found it,
// checks that the results agree with a double-precision reference on sampled
// rows, and prints the median GFLOP/s of each and the ratio of tgc to each
// peer, on 1 and on 2 threads.
//
// Then measures the machine's FMA peak (independent vector FMA chains, as
// wide as the build's -march=native allows) on 1 and 2 threads, and times
// the in-order kernel tgc calls for convolutions (tgrt_gemm_ordered_f32)
// beside Eigen and OpenBLAS on the GEMM shapes of the corpus' convolutions
// (M x K x N: output pixels x filter taps x filters), each as a percentage
// of that peak; then 3x3 convolutions with the patch matrix materialised
// (im2col + tgrt_gemm_ordered_packed_f32) and read in place
// (tgrt_conv_ordered_packed_f32).
//
// Usage: bench_gemm [--runs N] [--warmup N]
//
//===----------------------------------------------------------------------===//

#include "bench_matmul_1024.h"
#include "tgrt/kernels.h"

#include <Eigen/Core>

#ifdef TGC_BENCH_HAVE_OPENBLAS
#include <cblas.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

constexpr int64_t kN = 1024;
constexpr double kFlops = 2.0 * kN * kN * kN;
// Tolerance on max|c - ref| / max|ref| for float32 sums of 1024 products.
constexpr double kMaxRelErr = 1e-4;

using RowMajorMatrix =
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Options {
  int runs = 15;
  int warmup = 3;
};

struct Result {
  std::string name;
  double medianSeconds = 0;
  double relErr = 0;

  double gflops() const { return kFlops / medianSeconds * 1e-9; }
};

/// Runs `fn` `warmup` times untimed, then `runs` times, and returns the
/// median wall time in seconds.
double medianSeconds(const std::function<void()> &fn, const Options &opts) {
  for (int i = 0; i < opts.warmup; ++i)
    fn();
  std::vector<double> times;
  times.reserve(opts.runs);
  for (int i = 0; i < opts.runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    auto stop = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double>(stop - start).count());
  }
  std::sort(times.begin(), times.end());
  const size_t mid = times.size() / 2;
  return times.size() % 2 ? times[mid] : 0.5 * (times[mid - 1] + times[mid]);
}

/// Rows of C checked against the double-precision reference.
std::vector<int64_t> sampledRows() {
  std::vector<int64_t> rows;
  for (int64_t r = 0; r < kN; r += 61)
    rows.push_back(r);
  rows.push_back(kN - 1);
  return rows;
}

/// The exact product on the sampled rows, in double precision.
std::vector<double> referenceRows(const std::vector<float> &a,
                                  const std::vector<float> &b,
                                  const std::vector<int64_t> &rows) {
  std::vector<double> ref(rows.size() * kN, 0.0);
  for (size_t i = 0; i < rows.size(); ++i) {
    double *out = &ref[i * kN];
    for (int64_t k = 0; k < kN; ++k) {
      const double aik = a[rows[i] * kN + k];
      const float *bRow = &b[k * kN];
      for (int64_t j = 0; j < kN; ++j)
        out[j] += aik * bRow[j];
    }
  }
  return ref;
}

/// max |c - ref| / max |ref| over the sampled rows of the row-major `c`.
double relativeError(const float *c, const std::vector<double> &ref,
                     const std::vector<int64_t> &rows) {
  double maxErr = 0, maxRef = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int64_t j = 0; j < kN; ++j) {
      const double r = ref[i * kN + j];
      maxErr = std::max(maxErr, std::fabs(c[rows[i] * kN + j] - r));
      maxRef = std::max(maxRef, std::fabs(r));
    }
  }
  return maxErr / std::max(maxRef, 1e-30);
}

bool parseOptions(int argc, char **argv, Options &opts) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--runs" || arg == "--warmup") && i + 1 < argc) {
      const int value = std::atoi(argv[++i]);
      if (value < (arg == "--runs" ? 1 : 0))
        return false;
      (arg == "--runs" ? opts.runs : opts.warmup) = value;
      continue;
    }
    return false;
  }
  return true;
}

void printResult(int threads, const Result &r) {
  std::printf("%7d  %-10s %9.3f %10.1f %12.2e\n", threads, r.name.c_str(),
              r.medianSeconds * 1e3, r.gflops(), r.relErr);
}


// --- FMA peak and the convolution shapes --------------------------------------

#if defined(__AVX512F__)
constexpr int kLanes = 16, kChains = 24;
#elif defined(__AVX2__) || defined(__AVX__)
constexpr int kLanes = 8, kChains = 12;
#else
constexpr int kLanes = 4, kChains = 12;
#endif
typedef float Vec __attribute__((vector_size(kLanes * sizeof(float))));

/// kChains independent chains of vector multiply-adds (contracted into
/// FMAs where the target has them); returns a sum so nothing is dropped.
__attribute__((noinline)) float fmaChains(int64_t iterations, float seed) {
  Vec acc[kChains], x, y;
  for (int i = 0; i < kLanes; ++i) {
    x[i] = 1.0f + seed * 1e-7f;
    y[i] = seed * 1e-3f;
  }
  for (int c = 0; c < kChains; ++c)
    acc[c] = x * static_cast<float>(c);
  for (int64_t it = 0; it < iterations; ++it)
    for (int c = 0; c < kChains; ++c)
      acc[c] = acc[c] * x + y;
  float sum = 0;
  for (int c = 0; c < kChains; ++c)
    for (int i = 0; i < kLanes; ++i)
      sum += acc[c][i];
  return sum;
}

/// The measured FMA peak of `threads` threads in GFLOP/s (best of 5).
double measurePeak(int threads) {
  const int64_t iterations = 2000000;
  double best = 0;
  volatile float sink = 0;
  for (int rep = 0; rep < 5; ++rep) {
    auto start = std::chrono::steady_clock::now();
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
#endif
    {
      float r = fmaChains(iterations, 0.5f + rep);
#ifdef _OPENMP
#pragma omp critical
#endif
      sink = sink + r;
    }
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    best = std::max(best, 2.0 * kLanes * kChains * iterations * threads /
                              seconds * 1e-9);
  }
  (void)sink;
  return best;
}

struct ConvShape {
  int64_t m, k, n;
  const char *what;
};

/// The ordered kernel, Eigen and OpenBLAS on the convolutions' shapes.
void benchShapes(const Options &opts) {
  const ConvShape shapes[] = {
      {12544, 27, 32, "3x3 stem, 112x112 (MobileNet)"},
      {21609, 288, 32, "3x3, 147x147, 32 ch (InceptionV3)"},
      {21609, 288, 64, "3x3, 147x147, 32->64 (InceptionV3)"},
      {3136, 576, 64, "3x3, 56x56, 64 ch (ResNet50)"},
      {3136, 64, 256, "1x1, 56x56, 64->256 (ResNet50)"},
      {784, 1152, 128, "3x3, 28x28, 128 ch"},
      {196, 2304, 256, "3x3, 14x14, 256 ch"},
      {49, 4608, 512, "3x3, 7x7, 512 ch"},
      {1, 1024, 1000, "1x1 on 1x1 (classifier)"},
      {1024, 1024, 1024, "square"},
  };
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int threads : {1, 2}) {
    const double peak = measurePeak(threads);
    std::printf("\nthreads %d: measured FMA peak %.1f GFLOP/s (%d-lane "
                "vectors)\n",
                threads, peak, kLanes);
    std::printf("%-18s %-32s %9s %7s %9s %7s %9s %7s\n", "M x K x N", "",
                "ordered", "%peak", "Eigen", "%peak", "OpenBLAS", "%peak");
    tgrt_set_num_threads(threads);
    Eigen::setNbThreads(threads);
#ifdef TGC_BENCH_HAVE_OPENBLAS
    openblas_set_num_threads(threads);
#endif
    for (const ConvShape &s : shapes) {
      std::vector<float> a(s.m * s.k), b(s.k * s.n), c(s.m * s.n);
      for (float &v : a)
        v = dist(rng);
      for (float &v : b)
        v = dist(rng);
      const double flops = 2.0 * s.m * s.k * s.n;
      auto gflops = [&](const std::function<void()> &fn) {
        return flops / medianSeconds(fn, opts) * 1e-9;
      };
      const double ordered = gflops([&] {
        tgrt_gemm_ordered_f32(a.data(), b.data(), c.data(), s.m, s.n, s.k,
                              s.k, s.n, s.n, 0);
      });
      Eigen::Map<const RowMajorMatrix> ea(a.data(), s.m, s.k);
      Eigen::Map<const RowMajorMatrix> eb(b.data(), s.k, s.n);
      Eigen::Map<RowMajorMatrix> ec(c.data(), s.m, s.n);
      const double eigen = gflops([&] { ec.noalias() = ea * eb; });
      double openblas = 0;
#ifdef TGC_BENCH_HAVE_OPENBLAS
      openblas = gflops([&] {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.m, s.n, s.k,
                    1.0f, a.data(), s.k, b.data(), s.n, 0.0f, c.data(), s.n);
      });
#endif
      char dims[64];
      std::snprintf(dims, sizeof dims, "%lldx%lldx%lld",
                    static_cast<long long>(s.m), static_cast<long long>(s.k),
                    static_cast<long long>(s.n));
      std::printf("%-18s %-32s %9.1f %6.0f%% %9.1f %6.0f%% %9.1f %6.0f%%\n",
                  dims, s.what, ordered, 100 * ordered / peak, eigen,
                  100 * eigen / peak, openblas, 100 * openblas / peak);
    }
  }
}

struct Conv {
  int64_t h, w, c, f, kernel, step;
  const char *what;
};

/// 3x3 convolutions two ways, both with the prepacked filter: the patch
/// matrix materialised first (im2col, one copy per tap row, then
/// tgrt_gemm_ordered_packed_f32) and read in place
/// (tgrt_conv_ordered_packed_f32); the results must be identical.
bool benchConvs(const Options &opts) {
  const Conv convs[] = {
      {299, 299, 3, 32, 3, 2, "stem, 299x299 (InceptionV3)"},
      {147, 147, 32, 64, 3, 1, "147x147, 32->64 (InceptionV3)"},
      {56, 56, 64, 64, 3, 1, "56x56, 64 ch (ResNet50)"},
      {28, 28, 128, 128, 3, 1, "28x28, 128 ch (ResNet50)"},
      {14, 14, 256, 256, 3, 1, "14x14, 256 ch (ResNet50)"},
  };
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  bool identical = true;
  for (int threads : {1, 2}) {
    tgrt_set_num_threads(threads);
    std::printf("\nthreads %d: convolutions (unpadded input, VALID), ms\n",
                threads);
    std::printf("%-22s %-30s %9s %9s %8s %9s\n", "HxWxC -> F", "",
                "im2col+GEMM", "implicit", "ratio", "GFLOP/s");
    for (const Conv &v : convs) {
      const int64_t oh = (v.h - v.kernel) / v.step + 1,
                    ow = (v.w - v.kernel) / v.step + 1;
      const int64_t m = oh * ow, k = v.kernel * v.kernel * v.c, n = v.f;
      std::vector<float> input(v.h * v.w * v.c), filter(k * n);
      for (float &x : input)
        x = dist(rng);
      for (float &x : filter)
        x = dist(rng);
      std::vector<float> packed(k * n);
      tgrt_pack_ordered_b_f32(filter.data(), k, n, n, packed.data());
      std::vector<float> patches(m * k), c1(m * n), c2(m * n);
      auto im2col = [&] {
        const int64_t run = v.kernel * v.c; // one window row of taps
        for (int64_t oy = 0; oy < oh; ++oy)
          for (int64_t ox = 0; ox < ow; ++ox)
            for (int64_t ky = 0; ky < v.kernel; ++ky)
              std::memcpy(&patches[(oy * ow + ox) * k + ky * run],
                          &input[((oy * v.step + ky) * v.w + ox * v.step) *
                                 v.c],
                          run * sizeof(float));
      };
      const double materialised = medianSeconds(
          [&] {
            im2col();
            tgrt_gemm_ordered_packed_f32(patches.data(), packed.data(),
                                         c1.data(), m, n, k, k, n, 0);
          },
          opts);
      tgrt_conv_patches g = {1,           v.h,         v.w,    v.c,
                             v.h * v.w * v.c, v.w * v.c, v.c,  v.kernel,
                             v.kernel,    v.step,      v.step, 1,
                             1,           oh,          ow};
      const double implicit = medianSeconds(
          [&] {
            tgrt_conv_ordered_packed_f32(input.data(), &g, packed.data(),
                                         c2.data(), n, n, 0);
          },
          opts);
      identical &= c1 == c2;
      char dims[64];
      std::snprintf(dims, sizeof dims, "%lldx%lldx%lld->%lld",
                    static_cast<long long>(v.h), static_cast<long long>(v.w),
                    static_cast<long long>(v.c), static_cast<long long>(v.f));
      std::printf("%-22s %-30s %11.3f %9.3f %8.2f %9.1f\n", dims, v.what,
                  materialised * 1e3, implicit * 1e3, materialised / implicit,
                  2.0 * m * n * k / implicit * 1e-9);
    }
  }
  if (!identical)
    std::fprintf(stderr, "error: the implicit convolution differs from the "
                         "product on the materialised patches\n");
  return identical;
}

} // namespace

int main(int argc, char **argv) {
  Options opts;
  if (!parseOptions(argc, argv, opts)) {
    std::fprintf(stderr, "usage: %s [--runs N] [--warmup N]\n", argv[0]);
    return 1;
  }

  static_assert(bench::Matmul1024::kArgASize == kN * kN, "unexpected feed a");
  static_assert(bench::Matmul1024::kArgBSize == kN * kN, "unexpected feed b");
  static_assert(bench::Matmul1024::kResultCSize == kN * kN,
                "unexpected fetch c");

  // The same inputs for every implementation.
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(kN * kN), b(kN * kN);
  for (float &v : a)
    v = dist(rng);
  for (float &v : b)
    v = dist(rng);
  const std::vector<int64_t> rows = sampledRows();
  const std::vector<double> ref = referenceRows(a, b, rows);

  bench::Matmul1024 model;
  if (!model.status().ok()) {
    std::fprintf(stderr, "error: %s\n",
                 std::string(model.status().message()).c_str());
    return 1;
  }
  std::copy(a.begin(), a.end(), model.arg_a());
  std::copy(b.begin(), b.end(), model.arg_b());

  const RowMajorMatrix ea = Eigen::Map<const RowMajorMatrix>(a.data(), kN, kN);
  const RowMajorMatrix eb = Eigen::Map<const RowMajorMatrix>(b.data(), kN, kN);
  RowMajorMatrix ec(kN, kN);

  std::vector<float> oc(kN * kN);

  std::printf("GEMM %lldx%lldx%lld f32: median of %d runs after %d warm-up "
              "runs\n",
              static_cast<long long>(kN), static_cast<long long>(kN),
              static_cast<long long>(kN), opts.runs, opts.warmup);
#ifndef TGC_BENCH_HAVE_OPENBLAS
  std::printf("OpenBLAS: not found\n");
#endif
  std::printf("%7s  %-10s %9s %10s %12s\n", "threads", "impl", "ms", "GFLOP/s",
              "max rel err");

  bool allAgree = true;
  for (int threads : {1, 2}) {
    std::vector<Result> results;

    tgrt_set_num_threads(threads);
    Result tgc{"tgc"};
    std::string runError;
    tgc.medianSeconds = medianSeconds(
        [&] {
          ::tgrt::Status status = model.Run();
          if (!status.ok() && runError.empty())
            runError = std::string(status.message());
        },
        opts);
    if (!runError.empty()) {
      std::fprintf(stderr, "error: tgc: Run() failed: %s\n", runError.c_str());
      return 1;
    }
    tgc.relErr = relativeError(model.result_c(), ref, rows);
    results.push_back(tgc);

    Eigen::setNbThreads(threads);
    Result eigen{"Eigen 3.4"};
    eigen.medianSeconds = medianSeconds([&] { ec.noalias() = ea * eb; }, opts);
    eigen.relErr = relativeError(ec.data(), ref, rows);
    results.push_back(eigen);

    // The in-order kernel tgc calls for convolutions (same numbers as a
    // chain of fused multiply-adds; not what tgc uses for MatMul).
    Result ordered{"ordered"};
    ordered.medianSeconds = medianSeconds(
        [&] {
          tgrt_gemm_ordered_f32(a.data(), b.data(), oc.data(), kN, kN, kN, kN,
                                kN, kN, 0);
        },
        opts);
    ordered.relErr = relativeError(oc.data(), ref, rows);
    results.push_back(ordered);

#ifdef TGC_BENCH_HAVE_OPENBLAS
    openblas_set_num_threads(threads);
    Result openblas{"OpenBLAS"};
    openblas.medianSeconds = medianSeconds(
        [&] {
          cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kN, kN, kN,
                      1.0f, a.data(), kN, b.data(), kN, 0.0f, oc.data(), kN);
        },
        opts);
    openblas.relErr = relativeError(oc.data(), ref, rows);
    results.push_back(openblas);
#endif

    for (const Result &r : results) {
      printResult(threads, r);
      allAgree &= r.relErr <= kMaxRelErr;
    }
    std::printf("%7d  ratio:", threads);
    for (size_t i = 1; i < results.size(); ++i)
      std::printf("%s tgc/%s = %.2fx", i > 1 ? "," : "",
                  results[i].name.c_str(),
                  results[0].gflops() / results[i].gflops());
    std::printf("\n");
  }

  benchShapes(opts);
  allAgree &= benchConvs(opts);

  if (!allAgree) {
    std::fprintf(stderr, "error: results disagree (max rel err above %.0e)\n",
                 kMaxRelErr);
    return 1;
  }
  return 0;
}

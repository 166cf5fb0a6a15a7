//===- test_models.h - Hand-written model descriptors for tests -*- C++ -*-===//
//
// "linear": y = x . W + b, with
//   feed     x       float32 [2,3]
//   fetches  y       float32 [2,4]
//            split:1 int64   []     (the step counter after this run)
//   vars     W       float32 [3,4]  W[i][j] = i + 0.5 j
//            b       float32 [4]    {1, 2, 3, 4}
//            step    int64   []     0, incremented by every run
//   arena    32 bytes (x . W is computed there first)
// The entry returns 99 when a buffer or the arena is not 64-byte aligned.
//
// Everything is inline so that the test model library (test_model_lib.cpp)
// and the unit tests share one definition.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_TEST_UNIT_RUNTIME_TEST_MODELS_H
#define TGRT_TEST_UNIT_RUNTIME_TEST_MODELS_H

#include "tgrt/tgrt.h"

#include <cstdint>

namespace tgrt_test {

inline constexpr int64_t kXDims[] = {2, 3};
inline constexpr int64_t kYDims[] = {2, 4};
inline constexpr int64_t kWDims[] = {3, 4};
inline constexpr int64_t kBDims[] = {4};

inline constexpr float kWInit[12] = {0, 0.5f, 1, 1.5f, 1, 1.5f,
                                     2, 2.5f, 2, 2.5f, 3, 3.5f};
inline constexpr float kBInit[4] = {1, 2, 3, 4};
inline constexpr int64_t kStepInit = 0;

inline constexpr tgrt_tensor_sig kLinearFeeds[] = {
    {"x", TGRT_DTYPE_F32, 2, kXDims}};
inline constexpr tgrt_tensor_sig kLinearFetches[] = {
    {"y", TGRT_DTYPE_F32, 2, kYDims}, {"split:1", TGRT_DTYPE_I64, 0, nullptr}};
inline constexpr tgrt_variable_def kLinearVariables[] = {
    {"W", TGRT_DTYPE_F32, 2, kWDims, kWInit, sizeof kWInit},
    {"b", TGRT_DTYPE_F32, 1, kBDims, kBInit, sizeof kBInit},
    {"step", TGRT_DTYPE_I64, 0, nullptr, &kStepInit, sizeof kStepInit}};

inline bool Aligned(const void *p) {
  return reinterpret_cast<uintptr_t>(p) % TGRT_BUFFER_ALIGNMENT == 0;
}

inline int32_t LinearEntry(void *const *buffers, void *arena, void *) {
  for (int i = 0; i < 6; ++i)
    if (!Aligned(buffers[i]))
      return 99;
  if (!Aligned(arena))
    return 99;
  const float *x = static_cast<const float *>(buffers[0]);
  float *y = static_cast<float *>(buffers[1]);
  int64_t *split = static_cast<int64_t *>(buffers[2]);
  const float *w = static_cast<const float *>(buffers[3]);
  const float *b = static_cast<const float *>(buffers[4]);
  int64_t *step = static_cast<int64_t *>(buffers[5]);
  float *tmp = static_cast<float *>(arena);
  tgrt_gemm_f32(x, w, tmp, 2, 4, 3, 3, 4, 4, 0, 0, 0);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 4; ++j)
      y[i * 4 + j] = tmp[i * 4 + j] + b[j];
  *split = ++*step;
  return 0;
}

inline int32_t FailingEntry(void *const *, void *, void *) { return 7; }

inline constexpr int64_t kLinearEntryFeeds[] = {0};
inline constexpr int64_t kLinearEntryFetches[] = {0, 1};
inline constexpr tgrt_entry_def kLinearEntries[] = {
    {"main", 1, kLinearEntryFeeds, 2, kLinearEntryFetches, 32, &LinearEntry}};

inline constexpr tgrt_model_def kLinearModel = {
    TGRT_ABI_VERSION, "linear", 1, kLinearFeeds,  2, kLinearFetches,
    3,                kLinearVariables,           1, kLinearEntries,
    TGRT_TARGET_CPU,  nullptr, 0, nullptr, nullptr, 0};

/// A second entry "bump" of the same model: no feeds; adds 10 to `step`
/// and fetches it as split:1 (checks that entries share variables and that
/// an entry needs only its own feeds).
inline int32_t BumpEntry(void *const *buffers, void *, void *) {
  int64_t *split = static_cast<int64_t *>(buffers[2]);
  int64_t *step = static_cast<int64_t *>(buffers[5]);
  *step += 10;
  *split = *step;
  return 0;
}

inline constexpr int64_t kBumpEntryFetches[] = {1};
inline constexpr tgrt_entry_def kTwoEntries[] = {
    {"main", 1, kLinearEntryFeeds, 2, kLinearEntryFetches, 32, &LinearEntry},
    {"bump", 0, nullptr, 1, kBumpEntryFetches, 0, &BumpEntry}};

inline constexpr tgrt_model_def kTwoEntryModel = {
    TGRT_ABI_VERSION, "linear", 1, kLinearFeeds,  2, kLinearFetches,
    3,                kLinearVariables,           2, kTwoEntries,
    TGRT_TARGET_CPU,  nullptr, 0, nullptr, nullptr, 0};

/// y = x . W + b computed naively, for the given W and b.
inline void LinearReference(const float *x, const float *w, const float *b,
                            float *y) {
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 4; ++j) {
      float acc = 0;
      for (int k = 0; k < 3; ++k)
        acc += x[i * 3 + k] * w[k * 4 + j];
      y[i * 4 + j] = acc + b[j];
    }
}

} // namespace tgrt_test

#endif // TGRT_TEST_UNIT_RUNTIME_TEST_MODELS_H

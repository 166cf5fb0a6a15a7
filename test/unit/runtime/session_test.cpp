//===- session_test.cpp - Sessions, feeds, fetches, variables -------------===//
//
// Over ~600 lines: one test per behaviour of the session API, on the same
// small models; splitting would only scatter the fixtures.
//
//===----------------------------------------------------------------------===//

#include "test_models.h"
#include "test_util.h"

#include "tgrt/kernels.h"
#include "tgrt/tgrt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using tgrt_test::kLinearModel;
using tgrt_test::Take;

namespace {

const int64_t kXDims[] = {2, 3};
const float kX[6] = {1, 2, 3, -1, 0.5f, 2};

class SessionTest : public ::testing::Test {
protected:
  void SetUp() override {
    tgrt_status *s = tgrt_session_create(&kLinearModel, nullptr, &session_);
    ASSERT_EQ(s, nullptr) << tgrt_status_message(s);
  }
  void TearDown() override { tgrt_session_destroy(session_); }

  tgrt::Status SetX(const float *x) {
    return tgrt::Status(tgrt_session_set_feed(session_, "x", TGRT_DTYPE_F32, 2,
                                              kXDims, x, 6 * sizeof(float)));
  }
  std::vector<float> Y() {
    const void *data = nullptr;
    size_t bytes = 0;
    tgrt::Status st(tgrt_session_get_fetch(session_, "y", &data, &bytes));
    EXPECT_TRUE(st.ok()) << st.message();
    EXPECT_EQ(bytes, 8 * sizeof(float));
    const float *y = static_cast<const float *>(data);
    return std::vector<float>(y, y + 8);
  }

  tgrt_session *session_ = nullptr;
};

std::vector<float> Expected(const float *x, const float *w = tgrt_test::kWInit,
                            const float *b = tgrt_test::kBInit) {
  std::vector<float> y(8);
  tgrt_test::LinearReference(x, w, b, y.data());
  return y;
}

} // namespace

TEST_F(SessionTest, RunComputesLinear) {
  ASSERT_TRUE(SetX(kX).ok());
  ASSERT_EQ(Take(tgrt_session_run(session_)).code, TGRT_OK);
  // Row 0: x = [1,2,3]; W rows [0,.5,1,1.5], [1,1.5,2,2.5], [2,2.5,3,3.5].
  std::vector<float> want = {8 + 1,    11 + 2,    14 + 3, 17 + 4,
                             4.5f + 1, 5.25f + 2, 6 + 3,  6.75f + 4};
  EXPECT_EQ(Y(), want);
  EXPECT_EQ(Y(), Expected(kX));
  const void *split;
  ASSERT_EQ(
      Take(tgrt_session_get_fetch(session_, "split:1", &split, nullptr)).code,
      TGRT_OK);
  EXPECT_EQ(*static_cast<const int64_t *>(split), 1);
  ASSERT_EQ(Take(tgrt_session_run(session_)).code, TGRT_OK);
  EXPECT_EQ(*static_cast<const int64_t *>(split), 2); // variable updated
}

TEST_F(SessionTest, BuffersAreAlignedAndSized) {
  EXPECT_EQ(tgrt_session_model(session_), &kLinearModel);
  EXPECT_EQ(tgrt_session_feed_bytes(session_, 0), 24u);
  EXPECT_EQ(tgrt_session_fetch_bytes(session_, 0), 32u);
  EXPECT_EQ(tgrt_session_fetch_bytes(session_, 1), 8u);
  EXPECT_EQ(tgrt_session_variable_bytes(session_, 0), 48u);
  EXPECT_EQ(tgrt_session_variable_bytes(session_, 3), 0u);
  EXPECT_TRUE(tgrt_test::Aligned(tgrt_session_fetch_data(session_, 1)));
  EXPECT_TRUE(tgrt_test::Aligned(tgrt_session_variable_data(session_, 2)));
  EXPECT_EQ(tgrt_session_fetch_data(session_, 2), nullptr);
  EXPECT_EQ(tgrt_session_fetch_data(session_, -1), nullptr);
  EXPECT_EQ(tgrt_session_variable_data(session_, 3), nullptr);
  EXPECT_EQ(tgrt_session_feed_data(session_, 1), nullptr);
  // Variables start from their initial values.
  EXPECT_EQ(std::memcmp(tgrt_session_variable_data(session_, 0),
                        tgrt_test::kWInit, sizeof tgrt_test::kWInit),
            0);
  // Fetches start zeroed.
  EXPECT_EQ(static_cast<const float *>(tgrt_session_fetch_data(session_, 0))[7],
            0.0f);
}

TEST_F(SessionTest, NeverSetFeed) {
  auto r = Take(tgrt_session_run(session_));
  EXPECT_EQ(r.code, TGRT_FAILED_PRECONDITION);
  EXPECT_EQ(r.message, "feed 'x' was never set");
}

TEST_F(SessionTest, ZeroCopyFeedCountsAsSet) {
  float *x = static_cast<float *>(tgrt_session_feed_data(session_, 0));
  ASSERT_NE(x, nullptr);
  EXPECT_TRUE(tgrt_test::Aligned(x));
  std::memcpy(x, kX, sizeof kX);
  ASSERT_EQ(Take(tgrt_session_run(session_)).code, TGRT_OK);
  EXPECT_EQ(Y(), Expected(kX));
  // Writes through the buffer are seen by the next run.
  x[0] = 10;
  ASSERT_EQ(Take(tgrt_session_run(session_)).code, TGRT_OK);
  float x2[6];
  std::memcpy(x2, kX, sizeof kX);
  x2[0] = 10;
  EXPECT_EQ(Y(), Expected(x2));
}

TEST_F(SessionTest, FeedErrors) {
  auto r = Take(tgrt_session_set_feed(session_, "images", TGRT_DTYPE_F32, 2,
                                      kXDims, kX, sizeof kX));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message,
            "no feed named 'images' in model 'linear'; valid feeds: 'x'");

  const int32_t xi[6] = {};
  r = Take(tgrt_session_set_feed(session_, "x", TGRT_DTYPE_I32, 2, kXDims, xi,
                                 sizeof xi));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "feed 'x': expected dtype float32, got int32");

  r = Take(tgrt_session_set_feed(session_, "x", 123, 2, kXDims, xi, sizeof xi));
  EXPECT_EQ(r.message, "feed 'x': expected dtype float32, got invalid dtype "
                       "123");

  const int64_t wrong[] = {3, 2};
  r = Take(tgrt_session_set_feed(session_, "x", TGRT_DTYPE_F32, 2, wrong, kX,
                                 sizeof kX));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "feed 'x': expected shape [2,3], got [3,2]");

  const int64_t flat[] = {6};
  r = Take(tgrt_session_set_feed(session_, "x", TGRT_DTYPE_F32, 1, flat, kX,
                                 sizeof kX));
  EXPECT_EQ(r.message, "feed 'x': expected shape [2,3], got [6]");

  r = Take(
      tgrt_session_set_feed(session_, "x", TGRT_DTYPE_F32, 0, nullptr, kX, 4));
  EXPECT_EQ(r.message, "feed 'x': expected shape [2,3], got []");

  r = Take(
      tgrt_session_set_feed(session_, "x", TGRT_DTYPE_F32, 2, kXDims, kX, 20));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "feed 'x': expected 24 bytes, got 20");

  r = Take(
      tgrt_session_set_feed(session_, "x", TGRT_DTYPE_F32, 2, nullptr, kX, 24));
  EXPECT_EQ(r.message, "feed 'x': dims is NULL but rank is 2");

  r = Take(tgrt_session_set_feed(session_, "x", TGRT_DTYPE_F32, 2, kXDims,
                                 nullptr, 24));
  EXPECT_EQ(r.message, "feed 'x': data is NULL");

  r = Take(
      tgrt_session_set_feed(nullptr, "x", TGRT_DTYPE_F32, 2, kXDims, kX, 24));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "session is NULL");

  // None of the failed calls counts as setting the feed.
  EXPECT_EQ(Take(tgrt_session_run(session_)).message, "feed 'x' was never set");
}

TEST_F(SessionTest, GetFetchErrors) {
  const void *data = nullptr;
  auto r = Take(tgrt_session_get_fetch(session_, "probs", &data, nullptr));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message, "no fetch named 'probs' in model 'linear'; valid "
                       "fetches: 'y', 'split:1'");
  EXPECT_EQ(data, nullptr);
}

TEST_F(SessionTest, VariablesReadWrite) {
  float w[12];
  ASSERT_EQ(Take(tgrt_session_read_variable(session_, "W", w, sizeof w)).code,
            TGRT_OK);
  EXPECT_EQ(std::memcmp(w, tgrt_test::kWInit, sizeof w), 0);

  float new_w[12];
  for (int i = 0; i < 12; ++i)
    new_w[i] = static_cast<float>(i) - 5;
  const float new_b[4] = {-1, 0, 1, 2};
  ASSERT_EQ(
      Take(tgrt_session_write_variable(session_, "W", TGRT_DTYPE_F32, 2,
                                       tgrt_test::kWDims, new_w, sizeof new_w))
          .code,
      TGRT_OK);
  ASSERT_EQ(
      Take(tgrt_session_write_variable(session_, "b", TGRT_DTYPE_F32, 1,
                                       tgrt_test::kBDims, new_b, sizeof new_b))
          .code,
      TGRT_OK);
  ASSERT_EQ(Take(tgrt_session_read_variable(session_, "W", w, sizeof w)).code,
            TGRT_OK);
  EXPECT_EQ(std::memcmp(w, new_w, sizeof w), 0);
  ASSERT_TRUE(SetX(kX).ok());
  ASSERT_EQ(Take(tgrt_session_run(session_)).code, TGRT_OK);
  EXPECT_EQ(Y(), Expected(kX, new_w, new_b));

  // Zero-copy access sees the same storage.
  float *wp = static_cast<float *>(tgrt_session_variable_data(session_, 0));
  EXPECT_EQ(wp[11], 6.0f);
  int64_t step = 0;
  ASSERT_EQ(Take(tgrt_session_read_variable(session_, "step", &step, 8)).code,
            TGRT_OK);
  EXPECT_EQ(step, 1);
}

TEST_F(SessionTest, VariableErrors) {
  float w[12] = {};
  auto r = Take(tgrt_session_read_variable(session_, "W", w, 40));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "variable 'W': expected 48 bytes, got 40");
  r = Take(tgrt_session_read_variable(session_, "V", w, 48));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message, "no variable named 'V' in model 'linear'; valid "
                       "variables: 'W', 'b', 'step'");
  const int64_t wrong[] = {4, 3};
  r = Take(tgrt_session_write_variable(session_, "W", TGRT_DTYPE_F32, 2, wrong,
                                       w, sizeof w));
  EXPECT_EQ(r.message, "variable 'W': expected shape [3,4], got [4,3]");
  r = Take(tgrt_session_write_variable(session_, "W", TGRT_DTYPE_F64, 2,
                                       tgrt_test::kWDims, w, sizeof w));
  EXPECT_EQ(r.message, "variable 'W': expected dtype float32, got float64");
  // Nothing changed.
  ASSERT_EQ(Take(tgrt_session_read_variable(session_, "W", w, 48)).code,
            TGRT_OK);
  EXPECT_EQ(std::memcmp(w, tgrt_test::kWInit, 48), 0);
}

TEST_F(SessionTest, EntryFailureIsInternal) {
  static const tgrt_entry_def failing[] = {
      {"main", 1, tgrt_test::kLinearEntryFeeds, 2,
       tgrt_test::kLinearEntryFetches, 32, &tgrt_test::FailingEntry}};
  tgrt_model_def m = kLinearModel;
  m.entries = failing;
  tgrt_session *s = nullptr;
  ASSERT_EQ(Take(tgrt_session_create(&m, nullptr, &s)).code, TGRT_OK);
  ASSERT_EQ(Take(tgrt_session_set_feed(s, "x", TGRT_DTYPE_F32, 2, kXDims, kX,
                                       sizeof kX))
                .code,
            TGRT_OK);
  auto r = Take(tgrt_session_run(s));
  EXPECT_EQ(r.code, TGRT_INTERNAL);
  EXPECT_EQ(r.message, "model 'linear': entry function failed with code 7");
  tgrt_session_destroy(s);
}

TEST(SessionEntriesTest, EntriesShareVariablesAndNeedOwnFeeds) {
  const tgrt_model_def *m = &tgrt_test::kTwoEntryModel;
  EXPECT_EQ(tgrt_model_num_entries(m), 2);
  EXPECT_STREQ(tgrt_model_entry(m, 1)->name, "bump");
  EXPECT_EQ(tgrt_model_entry(m, 2), nullptr);
  int64_t index = -1;
  ASSERT_EQ(Take(tgrt_model_find_entry(m, "bump", &index)).code, TGRT_OK);
  EXPECT_EQ(index, 1);
  auto r = Take(tgrt_model_find_entry(m, "train", &index));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message, "no entry named 'train' in model 'linear'; valid "
                       "entries: 'main', 'bump'");

  tgrt_session *s = nullptr;
  ASSERT_EQ(Take(tgrt_session_create(m, nullptr, &s)).code, TGRT_OK);
  // "bump" has no feeds: it runs before x is set.
  ASSERT_EQ(Take(tgrt_session_run_entry(s, 1)).code, TGRT_OK);
  const void *data = nullptr;
  ASSERT_EQ(Take(tgrt_session_get_fetch(s, "split:1", &data, nullptr)).code,
            TGRT_OK);
  EXPECT_EQ(*static_cast<const int64_t *>(data), 10);
  r = Take(tgrt_session_run_entry(s, 0));
  EXPECT_EQ(r.code, TGRT_FAILED_PRECONDITION);
  EXPECT_EQ(r.message, "feed 'x' was never set");
  ASSERT_EQ(Take(tgrt_session_set_feed(s, "x", TGRT_DTYPE_F32, 2, kXDims, kX,
                                       sizeof kX))
                .code,
            TGRT_OK);
  // The default entry sees the variable the other entry updated.
  ASSERT_EQ(Take(tgrt_session_run(s)).code, TGRT_OK);
  EXPECT_EQ(*static_cast<const int64_t *>(data), 11);
  r = Take(tgrt_session_run_entry(s, 2));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message,
            "entry index 2 is out of range; the model has 2 entries");

  // A second session of the model has its own variables.
  tgrt_session *other = nullptr;
  ASSERT_EQ(Take(tgrt_session_create(m, nullptr, &other)).code, TGRT_OK);
  ASSERT_EQ(Take(tgrt_session_run_entry(other, 1)).code, TGRT_OK);
  const void *other_data = nullptr;
  ASSERT_EQ(Take(tgrt_session_get_fetch(other, "split:1", &other_data,
                                        nullptr))
                .code,
            TGRT_OK);
  EXPECT_EQ(*static_cast<const int64_t *>(other_data), 10);
  tgrt_session_destroy(other);
  tgrt_session_destroy(s);
}

TEST(SessionCreateTest, Errors) {
  tgrt_session *s = reinterpret_cast<tgrt_session *>(0x1);
  tgrt_model_def m = kLinearModel;
  m.abi_version = TGRT_ABI_VERSION + 1;
  auto r = Take(tgrt_session_create(&m, nullptr, &s));
  EXPECT_EQ(r.code, TGRT_FAILED_PRECONDITION);
  EXPECT_EQ(r.message, "model 'linear' has ABI version 4 but this runtime "
                       "supports version 3; recompile the model with a "
                       "matching tgc");
  EXPECT_EQ(s, reinterpret_cast<tgrt_session *>(0x1));
  r = Take(tgrt_session_create(nullptr, nullptr, &s));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(Take(tgrt_session_create(&kLinearModel, nullptr, nullptr)).code,
            TGRT_INVALID_ARGUMENT);
  tgrt_session_options opts;
  tgrt_session_options_init(&opts);
  EXPECT_EQ(opts.num_threads, 0);
  opts.num_threads = -2;
  r = Take(tgrt_session_create(&kLinearModel, &opts, &s));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "num_threads must be >= 0, got -2");
  tgrt_session_destroy(nullptr); // accepted
}

TEST(SessionCreateTest, NoFeedsNoArena) {
  static const int64_t dims[] = {3};
  static const float init[3] = {1, 2, 3};
  static const tgrt_variable_def vars[] = {
      {"v", TGRT_DTYPE_F32, 1, dims, init, sizeof init}};
  static const tgrt_tensor_sig fetches[] = {{"out", TGRT_DTYPE_F32, 1, dims}};
  static const int64_t entry_fetches[] = {0};
  static const tgrt_entry_def entries[] = {
      {"main", 0, nullptr, 1, entry_fetches, 0,
       [](void *const *buffers, void *arena, void *) -> int32_t {
         if (!arena)
           return 1;
         std::memcpy(buffers[0], buffers[1], 12);
         return 0;
       }}};
  tgrt_model_def m = {TGRT_ABI_VERSION, "copy", 0, nullptr, 1, fetches,
                      1,                vars,   1, entries,
                      TGRT_TARGET_CPU, nullptr, 0, nullptr, nullptr, 0};
  tgrt::Session session;
  ASSERT_TRUE(tgrt::Session::Create(&m, {}, &session).ok());
  ASSERT_TRUE(session.Run().ok()); // nothing to feed
  const float *out = static_cast<const float *>(session.FetchData(0));
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[2], 3);

  // A CPU session has no device buffers.
  EXPECT_EQ(session.DeviceBuffer(TGRT_BUFFER_FETCH, 0), 0u);
  EXPECT_EQ(session.DeviceBuffer(TGRT_BUFFER_VARIABLE, 0), 0u);
  tgrt::Status st = session.RunEntryOnDevice(0);
  EXPECT_EQ(st.code(), TGRT_FAILED_PRECONDITION);
  EXPECT_STREQ(st.message(),
               "model 'copy' runs on the CPU: it has no device buffers");
}

TEST(SessionCreateTest, NumThreadsOption) {
  int before = tgrt_get_num_threads();
  tgrt_session_options opts;
  tgrt_session_options_init(&opts);
  opts.num_threads = 1;
  tgrt_session *s = nullptr;
  ASSERT_EQ(Take(tgrt_session_create(&kLinearModel, &opts, &s)).code, TGRT_OK);
  EXPECT_EQ(tgrt_get_num_threads(), 1);
  tgrt_session_destroy(s);
  tgrt_set_num_threads(0);
  EXPECT_GE(tgrt_get_num_threads(), 1);
  EXPECT_EQ(tgrt_get_num_threads(), before);
}

//===----------------------------------------------------------------------===//
// Checkpoints
//===----------------------------------------------------------------------===//

TEST_F(SessionTest, SaveRestoreRoundTrip) {
  tgrt_test::TempDir dir;
  std::string path = dir.File("model.ckpt");
  ASSERT_TRUE(SetX(kX).ok());
  ASSERT_EQ(Take(tgrt_session_run(session_)).code, TGRT_OK); // step = 1
  float w[12];
  for (int i = 0; i < 12; ++i)
    w[i] = 0.25f * static_cast<float>(i);
  ASSERT_EQ(Take(tgrt_session_write_variable(session_, "W", TGRT_DTYPE_F32, 2,
                                             tgrt_test::kWDims, w, sizeof w))
                .code,
            TGRT_OK);
  auto r = Take(tgrt_session_save(session_, path.c_str()));
  ASSERT_EQ(r.code, TGRT_OK) << r.message;

  // File layout: magic, version 1, count 3, first entry "W".
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  ASSERT_GE(bytes.size(), 21u);
  EXPECT_EQ(bytes.substr(0, 8), "TGRTCKPT");
  EXPECT_EQ(bytes.substr(8, 4), std::string("\x01\x00\x00\x00", 4));
  EXPECT_EQ(bytes.substr(12, 4), std::string("\x03\x00\x00\x00", 4));
  EXPECT_EQ(bytes.substr(16, 5), std::string("\x01\x00\x00\x00W", 5));
  // 16 header + W (4+1+4+4+16+8+48) + b (4+1+4+4+8+8+16) + step
  // (4+4+4+4+0+8+8).
  EXPECT_EQ(bytes.size(), 16u + 85 + 45 + 32);

  // A fresh session restores W, b and step.
  tgrt_session *other = nullptr;
  ASSERT_EQ(Take(tgrt_session_create(&kLinearModel, nullptr, &other)).code,
            TGRT_OK);
  r = Take(tgrt_session_restore(other, path.c_str()));
  ASSERT_EQ(r.code, TGRT_OK) << r.message;
  float got[12];
  ASSERT_EQ(Take(tgrt_session_read_variable(other, "W", got, sizeof got)).code,
            TGRT_OK);
  EXPECT_EQ(std::memcmp(got, w, sizeof w), 0);
  int64_t step = 0;
  ASSERT_EQ(Take(tgrt_session_read_variable(other, "step", &step, 8)).code,
            TGRT_OK);
  EXPECT_EQ(step, 1);
  tgrt_session_destroy(other);

  // Restoring over changed values brings the saved ones back.
  ASSERT_EQ(Take(tgrt_session_run(session_)).code, TGRT_OK); // step = 2
  ASSERT_EQ(Take(tgrt_session_restore(session_, path.c_str())).code, TGRT_OK);
  ASSERT_EQ(Take(tgrt_session_read_variable(session_, "step", &step, 8)).code,
            TGRT_OK);
  EXPECT_EQ(step, 1);
}

namespace {

// A model with the same variable names as "linear" but other shapes/dtypes.
const int64_t kW43[] = {4, 3};
const double kWDouble[12] = {};
const float kW12[12] = {};

tgrt_model_def WithVariables(const tgrt_variable_def *vars, int64_t n) {
  tgrt_model_def m = kLinearModel;
  m.variables = vars;
  m.num_variables = n;
  return m;
}

} // namespace

TEST_F(SessionTest, RestoreMismatches) {
  tgrt_test::TempDir dir;
  std::string path = dir.File("linear.ckpt");
  ASSERT_EQ(Take(tgrt_session_save(session_, path.c_str())).code, TGRT_OK);

  auto restore_into = [&](const tgrt_model_def &m) {
    tgrt_session *s = nullptr;
    EXPECT_EQ(Take(tgrt_session_create(&m, nullptr, &s)).code, TGRT_OK);
    auto r = Take(tgrt_session_restore(s, path.c_str()));
    // Nothing was changed: every variable still holds its initial value.
    for (int64_t i = 0; i < m.num_variables; ++i)
      EXPECT_EQ(std::memcmp(tgrt_session_variable_data(s, i),
                            m.variables[i].initial_value,
                            static_cast<size_t>(m.variables[i].initial_bytes)),
                0);
    tgrt_session_destroy(s);
    return r;
  };

  const tgrt_variable_def shape_vars[] = {
      {"b", TGRT_DTYPE_F32, 1, tgrt_test::kBDims, tgrt_test::kBInit, 16},
      {"W", TGRT_DTYPE_F32, 2, kW43, kW12, 48},
      {"step", TGRT_DTYPE_I64, 0, nullptr, &tgrt_test::kStepInit, 8}};
  auto r = restore_into(WithVariables(shape_vars, 3));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "checkpoint '" + path +
                           "': variable 'W': expected shape [4,3], got [3,4]");

  const tgrt_variable_def dtype_vars[] = {
      {"W", TGRT_DTYPE_F64, 2, tgrt_test::kWDims, kWDouble, 96},
      {"b", TGRT_DTYPE_F32, 1, tgrt_test::kBDims, tgrt_test::kBInit, 16},
      {"step", TGRT_DTYPE_I64, 0, nullptr, &tgrt_test::kStepInit, 8}};
  r = restore_into(WithVariables(dtype_vars, 3));
  EXPECT_EQ(r.message, "checkpoint '" + path +
                           "': variable 'W': expected dtype float64, got "
                           "float32");

  const tgrt_variable_def fewer[] = {
      {"W", TGRT_DTYPE_F32, 2, tgrt_test::kWDims, kW12, 48},
      {"b", TGRT_DTYPE_F32, 1, tgrt_test::kBDims, tgrt_test::kBInit, 16}};
  r = restore_into(WithVariables(fewer, 2));
  EXPECT_EQ(r.message, "checkpoint '" + path +
                           "' has variable 'step' which model 'linear' does "
                           "not have (model variables: 'W', 'b')");

  const tgrt_variable_def more[] = {
      {"W", TGRT_DTYPE_F32, 2, tgrt_test::kWDims, kW12, 48},
      {"b", TGRT_DTYPE_F32, 1, tgrt_test::kBDims, tgrt_test::kBInit, 16},
      {"step", TGRT_DTYPE_I64, 0, nullptr, &tgrt_test::kStepInit, 8},
      {"extra", TGRT_DTYPE_F32, 1, tgrt_test::kBDims, tgrt_test::kBInit, 16}};
  r = restore_into(WithVariables(more, 4));
  EXPECT_EQ(r.message, "checkpoint '" + path + "' has no variable 'extra'");
}

TEST_F(SessionTest, RestoreCorruptAndMissingFiles) {
  tgrt_test::TempDir dir;
  std::string missing = dir.File("nope.ckpt");
  auto r = Take(tgrt_session_restore(session_, missing.c_str()));
  EXPECT_EQ(r.code, TGRT_IO_ERROR);
  EXPECT_EQ(r.message, "cannot open checkpoint '" + missing +
                           "' for reading: No such file or directory");

  std::string path = dir.File("good.ckpt");
  ASSERT_EQ(Take(tgrt_session_save(session_, path.c_str())).code, TGRT_OK);
  std::ifstream in(path, std::ios::binary);
  std::string good((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());

  auto restore_bytes = [&](const std::string &bytes) {
    std::string p = dir.File("bad.ckpt");
    std::ofstream(p, std::ios::binary) << bytes;
    return Take(tgrt_session_restore(session_, p.c_str()));
  };
  std::string bad = dir.File("bad.ckpt");
  r = restore_bytes("NOTACKPT-------");
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message,
            "checkpoint '" + bad + "' is not a tgrt checkpoint (bad magic)");
  r = restore_bytes(good.substr(0, good.size() - 3));
  EXPECT_EQ(r.message, "checkpoint '" + bad +
                           "' is corrupt: truncated data of variable "
                           "'step'");
  r = restore_bytes(good + "xy");
  EXPECT_EQ(r.message, "checkpoint '" + bad + "' is corrupt: 2 trailing bytes");
  std::string v2 = good;
  v2[8] = 2;
  r = restore_bytes(v2);
  EXPECT_EQ(r.message,
            "checkpoint '" + bad + "' has unsupported version 2 (expected 1)");
  r = restore_bytes(good.substr(0, 10));
  EXPECT_EQ(r.message, "checkpoint '" + bad + "' is corrupt: truncated header");

  r = Take(tgrt_session_save(session_, (missing + "/sub/x.ckpt").c_str()));
  EXPECT_EQ(r.code, TGRT_IO_ERROR);
  EXPECT_NE(
      r.message.find("cannot write checkpoint '" + missing + "/sub/x.ckpt'"),
      std::string::npos)
      << r.message;
}

//===----------------------------------------------------------------------===//
// Concurrency
//===----------------------------------------------------------------------===//

TEST(SessionConcurrencyTest, TwoSessionsOnTwoThreads) {
  std::atomic<int> failures{0};
  auto worker = [&](float scale) {
    tgrt::Session session;
    if (!tgrt::Session::Create(&kLinearModel, {}, &session).ok()) {
      ++failures;
      return;
    }
    for (int it = 0; it < 20000; ++it) {
      float x[6];
      for (int i = 0; i < 6; ++i)
        x[i] = scale * static_cast<float>(i + it % 7);
      if (!session.SetFeed<float>("x", {2, 3}, x, 6).ok() ||
          !session.Run().ok()) {
        ++failures;
        return;
      }
      std::vector<float> want = Expected(x);
      const float *y = static_cast<const float *>(session.FetchData(0));
      if (!std::equal(want.begin(), want.end(), y))
        ++failures;
      if (*static_cast<const int64_t *>(session.FetchData(1)) != it + 1)
        ++failures;
    }
  };
  std::thread a(worker, 1.0f), b(worker, -3.0f);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
}

// An entry that says it started and then waits to be let go: a run of it
// is in progress for as long as the test wants.
std::atomic<bool> gBlockingEntered{false}, gBlockingRelease{false};
int32_t BlockingEntry(void *const *buffers, void *arena, void *user) {
  gBlockingEntered.store(true);
  while (!gBlockingRelease.load())
    std::this_thread::yield();
  return tgrt_test::LinearEntry(buffers, arena, user);
}
const tgrt_entry_def kBlockingEntries[] = {
    {"main", 1, tgrt_test::kLinearEntryFeeds, 2,
     tgrt_test::kLinearEntryFetches, 32, &BlockingEntry}};
const tgrt_model_def kBlockingModel = {
    TGRT_ABI_VERSION, "blocking", 1, tgrt_test::kLinearFeeds, 2,
    tgrt_test::kLinearFetches, 3, tgrt_test::kLinearVariables, 1,
    kBlockingEntries, TGRT_TARGET_CPU, nullptr, 0, nullptr, nullptr, 0};

// One session run from two threads at once: the second run is refused
// with an error status (no race on the buffers), and the session works
// again once the first run is over.
TEST(SessionConcurrencyTest, OneSessionOnTwoThreadsAtOnceIsAnError) {
  tgrt_session *session = nullptr;
  ASSERT_EQ(tgrt_session_create(&kBlockingModel, nullptr, &session), nullptr);
  ASSERT_EQ(tgrt_session_set_feed(session, "x", TGRT_DTYPE_F32, 2, kXDims, kX,
                                  sizeof kX),
            nullptr);
  gBlockingEntered = false;
  gBlockingRelease = false;
  tgrt::Status first;
  std::thread runner([&] { first = tgrt::Status(tgrt_session_run(session)); });
  while (!gBlockingEntered.load())
    std::this_thread::yield();
  tgrt_test::Result second = Take(tgrt_session_run(session));
  gBlockingRelease = true;
  runner.join();
  EXPECT_TRUE(first.ok()) << first.message();
  EXPECT_EQ(second.code, TGRT_FAILED_PRECONDITION);
  EXPECT_NE(second.message.find("model 'blocking': the session is already "
                                "running on another thread"),
            std::string::npos)
      << second.message;
  // Free again: the next run succeeds (and the step counter saw two runs).
  tgrt_test::Result third = Take(tgrt_session_run(session));
  EXPECT_EQ(third.code, TGRT_OK) << third.message;
  EXPECT_EQ(*static_cast<const int64_t *>(tgrt_session_fetch_data(session, 1)),
            2);
  tgrt_session_destroy(session);
}

// Sessions created on many threads at once, each setting the process-wide
// kernel thread count, while others run.
TEST(SessionConcurrencyTest, CreatingSessionsWithThreadOptionsWhileOthersRun) {
  std::atomic<int> failures{0};
  auto worker = [&](int threads) {
    for (int round = 0; round < 50; ++round) {
      tgrt_session_options options;
      tgrt_session_options_init(&options);
      options.num_threads = threads;
      tgrt_session *session = nullptr;
      if (tgrt_session_create(&kLinearModel, &options, &session) != nullptr) {
        ++failures;
        return;
      }
      float x[6] = {1, 2, 3, 4, 5, 6};
      if (tgrt_session_set_feed(session, "x", TGRT_DTYPE_F32, 2, kXDims, x,
                                sizeof x) != nullptr ||
          tgrt_session_run(session) != nullptr)
        ++failures;
      tgrt_session_destroy(session);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < 8; ++t)
    pool.emplace_back(worker, 1 + t % 2);
  for (std::thread &t : pool)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  tgrt_set_num_threads(0);
}

//===----------------------------------------------------------------------===//
// C++ wrapper and the generated-header base class
//===----------------------------------------------------------------------===//

namespace generated {
// Shaped like the classes tgc writes into generated headers.
class Linear : public ::tgrt::CompiledModel {
public:
  static constexpr int64_t kNumFeeds = 1;
  static constexpr int64_t kArgXRank = 2;
  static constexpr std::array<int64_t, 2> kArgXShape{{2, 3}};
  static constexpr int64_t kArgXSize = 6;
  explicit Linear(const ::tgrt::SessionOptions &opts = {})
      : CompiledModel(&tgrt_test::kLinearModel, opts) {}
  explicit Linear(const tgrt_model_def *def) : CompiledModel(def) {}
  float *arg_x() { return static_cast<float *>(feed_data(0)); }
  const float *result_y() const {
    return static_cast<const float *>(fetch_data(0));
  }
  float *var_w() { return static_cast<float *>(variable_data(0)); }
};
} // namespace generated

TEST(CompiledModelTest, GeneratedClassRuns) {
  generated::Linear model;
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  EXPECT_TRUE(model.ok());
  EXPECT_EQ(model.model_def(), &kLinearModel);
  ASSERT_NE(model.session(), nullptr);
  std::copy(kX, kX + generated::Linear::kArgXSize, model.arg_x());
  ASSERT_TRUE(model.Run().ok());
  std::vector<float> want = Expected(kX);
  EXPECT_TRUE(std::equal(want.begin(), want.end(), model.result_y()));
  model.var_w()[0] = 100; // W[0][0]
  ASSERT_TRUE(model.Run().ok());
  EXPECT_EQ(model.result_y()[0], want[0] + 100 * kX[0]);

  generated::Linear moved(std::move(model));
  ASSERT_TRUE(moved.Run().ok());
  EXPECT_EQ(moved.result_y()[0], want[0] + 100 * kX[0]);

  tgrt_test::TempDir dir;
  ASSERT_TRUE(moved.Save(dir.File("c.ckpt")).ok());
  generated::Linear fresh(tgrt::SessionOptions{});
  ASSERT_TRUE(fresh.Restore(dir.File("c.ckpt")).ok());
  std::copy(kX, kX + 6, fresh.arg_x());
  ASSERT_TRUE(fresh.Run().ok());
  EXPECT_EQ(fresh.result_y()[0], want[0] + 100 * kX[0]);
}

TEST(CompiledModelTest, CreationFailureIsReported) {
  static tgrt_model_def bad = [] {
    tgrt_model_def m = kLinearModel;
    m.abi_version = 7;
    return m;
  }();
  generated::Linear model(&bad);
  EXPECT_FALSE(model.ok());
  tgrt::Status st = model.status();
  EXPECT_EQ(st.code(), TGRT_FAILED_PRECONDITION);
  EXPECT_EQ(model.session(), nullptr);
  EXPECT_EQ(model.arg_x(), nullptr);
  EXPECT_EQ(model.result_y(), nullptr);
  tgrt::Status run = model.Run();
  EXPECT_EQ(run.code(), TGRT_FAILED_PRECONDITION);
  EXPECT_STREQ(run.message(), st.message());
}

TEST(CppSessionTest, TypedHelpersAndErrors) {
  tgrt::Session session;
  EXPECT_FALSE(session.valid());
  EXPECT_EQ(session.Run().code(), TGRT_INVALID_ARGUMENT);
  ASSERT_TRUE(tgrt::Session::Create(&kLinearModel, {}, &session).ok());
  EXPECT_TRUE(session.valid());
  EXPECT_EQ(session.model(), &kLinearModel);
  tgrt::Status st = session.SetFeed<double>("x", {2, 3}, nullptr, 6);
  EXPECT_EQ(st.code(), TGRT_INVALID_ARGUMENT);
  EXPECT_STREQ(st.message(), "feed 'x': expected dtype float32, got float64");
  ASSERT_TRUE(session.SetFeed<float>("x", {2, 3}, kX, 6).ok());
  ASSERT_TRUE(session.Run().ok());
  const void *y = nullptr;
  size_t bytes = 0;
  ASSERT_TRUE(session.GetFetch("y", &y, &bytes).ok());
  EXPECT_EQ(bytes, 32u);
  EXPECT_EQ(static_cast<const float *>(y)[0], 9.0f);
  const float b[4] = {0, 0, 0, 0};
  ASSERT_TRUE(session.WriteVariable<float>("b", {4}, b, 4).ok());
  float got[4] = {1, 1, 1, 1};
  ASSERT_TRUE(session.ReadVariable("b", got, sizeof got).ok());
  EXPECT_EQ(got[3], 0.0f);
  EXPECT_EQ(session.WriteVariable<float>("b", {5}, b, 4).code(),
            TGRT_INVALID_ARGUMENT);

  tgrt::Session other(std::move(session));
  EXPECT_FALSE(session.valid()); // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(other.valid());
}

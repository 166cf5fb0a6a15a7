//===- MnistMlpTest.cpp - The MNIST MLP compiled by tgc, end to end -------===//
//
// examples/mnist_mlp/mnist_mlp.pb is compiled at build time for batch 16
// (e2e::MlpB16) and batch 1 (e2e::MlpB1). The outputs are compared with
// probabilities numpy computed in float64 from the same weights
// (examples/mnist_mlp/make_graph.py), independently of tgc.
//
//===----------------------------------------------------------------------===//

#include "e2e_mnist_mlp_b1.h"
#include "e2e_mnist_mlp_b16.h"
#include "npy_lite.h"
#include "tgrt/tgrt.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#ifndef TGC_E2E_MNIST_DATA_DIR
#error "TGC_E2E_MNIST_DATA_DIR must name examples/mnist_mlp/data"
#endif

namespace {

constexpr int64_t kBatch = 16;
constexpr int64_t kPixels = 784;
constexpr int64_t kClasses = 10;

/// The stored test images, labels and expected probabilities.
struct MnistData {
  npy_lite::Array<float> images;
  npy_lite::Array<int64_t> labels;
  npy_lite::Array<float> expected;
};

const MnistData &data() {
  static const MnistData loaded = [] {
    MnistData d;
    const std::string dir = TGC_E2E_MNIST_DATA_DIR;
    std::string error;
    if (!npy_lite::load(dir + "/images.npy", d.images, error) ||
        !npy_lite::load(dir + "/labels.npy", d.labels, error) ||
        !npy_lite::load(dir + "/expected_probs.npy", d.expected, error))
      ADD_FAILURE() << error;
    return d;
  }();
  return loaded;
}

void checkDataShapes() {
  const MnistData &d = data();
  ASSERT_EQ(d.images.shape, (std::vector<int64_t>{kBatch, kPixels}));
  ASSERT_EQ(d.labels.shape, (std::vector<int64_t>{kBatch}));
  ASSERT_EQ(d.expected.shape, (std::vector<int64_t>{kBatch, kClasses}));
}

/// |actual - expected| <= 1e-5 * |expected| + 1e-7, element by element.
void expectClose(const float *actual, const float *expected, int64_t n,
                 const std::string &what) {
  for (int64_t i = 0; i < n; ++i) {
    const double tolerance = 1e-5 * std::fabs(expected[i]) + 1e-7;
    EXPECT_NEAR(actual[i], expected[i], tolerance) << what << ", element " << i;
  }
}

int64_t argmax(const float *values, int64_t n) {
  return std::max_element(values, values + n) - values;
}

/// Runs the batch-16 model on the stored images; returns its probabilities.
std::vector<float> runBatch16(e2e::MlpB16 &model) {
  const std::vector<float> &images = data().images.data;
  std::copy(images.begin(), images.end(), model.arg_x());
  ::tgrt::Status status = model.Run();
  EXPECT_TRUE(status.ok()) << status.message();
  return std::vector<float>(model.result_probs(),
                            model.result_probs() + kBatch * kClasses);
}

/// Releases a C API status at scope exit.
struct StatusHolder {
  tgrt_status *status = nullptr;
  ~StatusHolder() { tgrt_status_free(status); }
};

/// Releases a C API session at scope exit.
struct SessionHolder {
  tgrt_session *session = nullptr;
  ~SessionHolder() { tgrt_session_destroy(session); }
};

TEST(MnistMlpE2E, GeneratedConstants) {
  static_assert(e2e::MlpB16::kNumFeeds == 1, "one feed");
  static_assert(e2e::MlpB16::kNumFetches == 1, "one fetch");
  static_assert(e2e::MlpB16::kArgXRank == 2, "x is a matrix");
  static_assert(e2e::MlpB16::kArgXSize == kBatch * kPixels, "x is 16x784");
  static_assert(e2e::MlpB16::kResultProbsSize == kBatch * kClasses,
                "probs is 16x10");
  static_assert(e2e::MlpB1::kArgXSize == kPixels, "x is 1x784");
  static_assert(e2e::MlpB1::kResultProbsSize == kClasses, "probs is 1x10");
  EXPECT_EQ(e2e::MlpB16::kArgXShape[0], kBatch);
  EXPECT_EQ(e2e::MlpB16::kArgXShape[1], kPixels);
  EXPECT_EQ(e2e::MlpB16::kResultProbsShape[0], kBatch);
  EXPECT_EQ(e2e::MlpB16::kResultProbsShape[1], kClasses);
  EXPECT_EQ(e2e::MlpB1::kArgXShape[0], 1);
  EXPECT_EQ(e2e::MlpB1::kResultProbsShape[1], kClasses);
}

TEST(MnistMlpE2E, Batch16MatchesNumpy) {
  ASSERT_NO_FATAL_FAILURE(checkDataShapes());
  e2e::MlpB16 model;
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  const std::vector<float> probs = runBatch16(model);
  expectClose(probs.data(), data().expected.data.data(), kBatch * kClasses,
              "batch 16 vs numpy");

  int64_t numpyRight = 0;
  for (int64_t i = 0; i < kBatch; ++i) {
    const float *expectedRow = &data().expected.data[i * kClasses];
    const int64_t label = data().labels.data[i];
    // Only where the reference model is right is the label a fair target.
    if (argmax(expectedRow, kClasses) != label)
      continue;
    ++numpyRight;
    EXPECT_EQ(argmax(&probs[i * kClasses], kClasses), label) << "image " << i;
  }
  // The stored images were chosen from a model with >= 95% test accuracy.
  EXPECT_GE(numpyRight, kBatch - 2);
}

TEST(MnistMlpE2E, RowsSumToOne) {
  ASSERT_NO_FATAL_FAILURE(checkDataShapes());
  e2e::MlpB16 model;
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  const std::vector<float> probs = runBatch16(model);
  for (int64_t i = 0; i < kBatch; ++i) {
    double sum = 0;
    for (int64_t j = 0; j < kClasses; ++j) {
      const float p = probs[i * kClasses + j];
      EXPECT_GE(p, 0.0f) << "image " << i << ", class " << j;
      EXPECT_LE(p, 1.0f) << "image " << i << ", class " << j;
      sum += p;
    }
    EXPECT_NEAR(sum, 1.0, 1e-5) << "image " << i;
  }
}

TEST(MnistMlpE2E, Batch1AgreesWithBatch16) {
  ASSERT_NO_FATAL_FAILURE(checkDataShapes());
  e2e::MlpB16 batched;
  ASSERT_TRUE(batched.status().ok()) << batched.status().message();
  const std::vector<float> probs16 = runBatch16(batched);

  e2e::MlpB1 single;
  ASSERT_TRUE(single.status().ok()) << single.status().message();
  for (int64_t i = 0; i < kBatch; ++i) {
    const float *image = &data().images.data[i * kPixels];
    std::copy(image, image + kPixels, single.arg_x());
    ::tgrt::Status status = single.Run();
    ASSERT_TRUE(status.ok()) << status.message();
    expectClose(single.result_probs(), &probs16[i * kClasses], kClasses,
                "batch 1 vs batch 16, image " + std::to_string(i));
    expectClose(single.result_probs(), &data().expected.data[i * kClasses],
                kClasses, "batch 1 vs numpy, image " + std::to_string(i));
  }
}

TEST(MnistMlpE2E, Signature) {
  e2e::MlpB16 model;
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  const tgrt_model_def *def = model.model_def();
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->abi_version, TGRT_ABI_VERSION);
  ASSERT_NE(def->name, nullptr);
  EXPECT_NE(std::string(def->name).find("MlpB16"), std::string::npos)
      << def->name;

  ASSERT_EQ(def->num_feeds, 1);
  const tgrt_tensor_sig &feed = def->feeds[0];
  EXPECT_STREQ(feed.name, "x");
  EXPECT_EQ(feed.dtype, TGRT_DTYPE_F32);
  ASSERT_EQ(feed.rank, 2);
  EXPECT_EQ(feed.dims[0], kBatch);
  EXPECT_EQ(feed.dims[1], kPixels);

  ASSERT_EQ(def->num_fetches, 1);
  const tgrt_tensor_sig &fetch = def->fetches[0];
  EXPECT_STREQ(fetch.name, "probs");
  EXPECT_EQ(fetch.dtype, TGRT_DTYPE_F32);
  ASSERT_EQ(fetch.rank, 2);
  EXPECT_EQ(fetch.dims[0], kBatch);
  EXPECT_EQ(fetch.dims[1], kClasses);

  // A frozen graph has constants, not variables.
  EXPECT_EQ(def->num_variables, 0);
  ASSERT_EQ(def->num_entries, 1);
  EXPECT_STREQ(def->entries[0].name, "main");
  EXPECT_NE(def->entries[0].fn, nullptr);
  ASSERT_EQ(def->entries[0].num_feeds, 1);
  EXPECT_EQ(def->entries[0].feeds[0], 0);
  EXPECT_GT(def->entries[0].arena_bytes, 0);

  StatusHolder valid;
  valid.status = tgrt_model_validate(def);
  EXPECT_EQ(valid.status, nullptr) << tgrt_status_message(valid.status);

  e2e::MlpB1 single;
  ASSERT_TRUE(single.status().ok()) << single.status().message();
  ASSERT_NE(single.model_def(), nullptr);
  ASSERT_EQ(single.model_def()->num_feeds, 1);
  ASSERT_EQ(single.model_def()->feeds[0].rank, 2);
  EXPECT_EQ(single.model_def()->feeds[0].dims[0], 1);
}

TEST(MnistMlpE2E, WrongFeedIsAnErrorNamingTheFeed) {
  ASSERT_NO_FATAL_FAILURE(checkDataShapes());
  e2e::MlpB16 model;
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  SessionHolder session;
  {
    // A session of its own through the C API, as a C program would make it.
    StatusHolder created;
    created.status =
        tgrt_session_create(model.model_def(), nullptr, &session.session);
    ASSERT_EQ(created.status, nullptr) << tgrt_status_message(created.status);
  }
  ASSERT_NE(session.session, nullptr);

  std::vector<float> input(17 * kPixels, 0.5f);
  {
    // One row too many.
    const int64_t dims[] = {17, kPixels};
    StatusHolder s;
    s.status =
        tgrt_session_set_feed(session.session, "x", TGRT_DTYPE_F32, 2, dims,
                              input.data(), input.size() * sizeof(float));
    ASSERT_NE(s.status, nullptr) << "a [17,784] feed for [16,784] succeeded";
    EXPECT_EQ(tgrt_status_code(s.status), TGRT_INVALID_ARGUMENT);
    const std::string message = tgrt_status_message(s.status);
    EXPECT_NE(message.find("'x'"), std::string::npos) << message;
  }
  {
    // The right element count in the wrong shape.
    const int64_t dims[] = {kPixels, kBatch};
    StatusHolder s;
    s.status =
        tgrt_session_set_feed(session.session, "x", TGRT_DTYPE_F32, 2, dims,
                              input.data(), kBatch * kPixels * sizeof(float));
    ASSERT_NE(s.status, nullptr) << "a [784,16] feed for [16,784] succeeded";
    EXPECT_EQ(tgrt_status_code(s.status), TGRT_INVALID_ARGUMENT);
    const std::string message = tgrt_status_message(s.status);
    EXPECT_NE(message.find("'x'"), std::string::npos) << message;
  }
  {
    // The wrong rank.
    const int64_t dims[] = {kBatch * kPixels};
    StatusHolder s;
    s.status =
        tgrt_session_set_feed(session.session, "x", TGRT_DTYPE_F32, 1, dims,
                              input.data(), kBatch * kPixels * sizeof(float));
    ASSERT_NE(s.status, nullptr) << "a rank-1 feed for [16,784] succeeded";
    const std::string message = tgrt_status_message(s.status);
    EXPECT_NE(message.find("'x'"), std::string::npos) << message;
  }
  {
    // An unknown feed name.
    const int64_t dims[] = {kBatch, kPixels};
    StatusHolder s;
    s.status = tgrt_session_set_feed(session.session, "images", TGRT_DTYPE_F32,
                                     2, dims, input.data(),
                                     kBatch * kPixels * sizeof(float));
    ASSERT_NE(s.status, nullptr) << "an unknown feed name succeeded";
    EXPECT_EQ(tgrt_status_code(s.status), TGRT_NOT_FOUND);
    const std::string message = tgrt_status_message(s.status);
    EXPECT_NE(message.find("images"), std::string::npos) << message;
  }
  {
    // The wrong dtype.
    const int64_t dims[] = {kBatch, kPixels};
    std::vector<double> wide(kBatch * kPixels, 0.5);
    StatusHolder s;
    s.status =
        tgrt_session_set_feed(session.session, "x", TGRT_DTYPE_F64, 2, dims,
                              wide.data(), wide.size() * sizeof(double));
    ASSERT_NE(s.status, nullptr) << "a float64 feed for float32 succeeded";
    EXPECT_EQ(tgrt_status_code(s.status), TGRT_INVALID_ARGUMENT);
    const std::string message = tgrt_status_message(s.status);
    EXPECT_NE(message.find("'x'"), std::string::npos) << message;
  }
  {
    // The right shape is accepted, and the session then runs.
    const int64_t dims[] = {kBatch, kPixels};
    StatusHolder s;
    s.status = tgrt_session_set_feed(session.session, "x", TGRT_DTYPE_F32, 2,
                                     dims, data().images.data.data(),
                                     kBatch * kPixels * sizeof(float));
    ASSERT_EQ(s.status, nullptr) << tgrt_status_message(s.status);
    StatusHolder ran;
    ran.status = tgrt_session_run(session.session);
    ASSERT_EQ(ran.status, nullptr) << tgrt_status_message(ran.status);
    const float *probs =
        static_cast<const float *>(tgrt_session_fetch_data(session.session, 0));
    ASSERT_NE(probs, nullptr);
    expectClose(probs, data().expected.data.data(), kBatch * kClasses,
                "C API session vs numpy");
  }
  {
    // The generated class's own session checks feeds the same way.
    ASSERT_NE(model.session(), nullptr);
    const int64_t dims[] = {1, kPixels};
    StatusHolder s;
    s.status =
        tgrt_session_set_feed(model.session(), "x", TGRT_DTYPE_F32, 2, dims,
                              input.data(), kPixels * sizeof(float));
    ASSERT_NE(s.status, nullptr) << "a [1,784] feed for [16,784] succeeded";
    const std::string message = tgrt_status_message(s.status);
    EXPECT_NE(message.find("'x'"), std::string::npos) << message;
  }
}

// Eight threads, each with its own instance of the batch-1 model, run it
// 10,000 times each over the 16 images (TGC_E2E_CONCURRENT_RUNS overrides
// the count, e.g. for slower instrumented builds): every run must give the
// single-threaded result of its image bit for bit.
TEST(MnistMlpE2E, ConcurrentInstancesAgree) {
  ASSERT_NO_FATAL_FAILURE(checkDataShapes());
  int runs = 10000;
  if (const char *env = std::getenv("TGC_E2E_CONCURRENT_RUNS"))
    runs = std::max(1, std::atoi(env));
  constexpr int kThreads = 8;
  const std::vector<float> &images = data().images.data;

  std::vector<std::vector<float>> expected(kBatch);
  {
    e2e::MlpB1 reference;
    ASSERT_TRUE(reference.status().ok()) << reference.status().message();
    for (int64_t i = 0; i < kBatch; ++i) {
      std::copy(images.begin() + i * kPixels, images.begin() + (i + 1) * kPixels,
                reference.arg_x());
      ASSERT_TRUE(reference.Run().ok());
      expected[i].assign(reference.result_probs(),
                         reference.result_probs() + kClasses);
    }
  }

  std::vector<int> mismatches(kThreads, 0), completed(kThreads, 0);
  std::vector<std::string> errors(kThreads);
  auto work = [&](int id) {
    e2e::MlpB1 model;
    if (!model.status().ok()) {
      errors[id] = model.status().message();
      return;
    }
    for (int it = 0; it < runs; ++it) {
      // Each thread walks the images from its own starting point.
      int64_t image = (it + id * 5) % kBatch;
      std::copy(images.begin() + image * kPixels,
                images.begin() + (image + 1) * kPixels, model.arg_x());
      tgrt::Status status = model.Run();
      if (!status.ok()) {
        errors[id] = status.message();
        return;
      }
      if (std::memcmp(model.result_probs(), expected[image].data(),
                      kClasses * sizeof(float)) != 0)
        ++mismatches[id];
      ++completed[id];
    }
  };
  std::vector<std::thread> threads;
  for (int id = 0; id < kThreads; ++id)
    threads.emplace_back(work, id);
  for (std::thread &t : threads)
    t.join();
  for (int id = 0; id < kThreads; ++id) {
    EXPECT_EQ(errors[id], "") << "thread " << id;
    EXPECT_EQ(completed[id], runs) << "thread " << id;
    EXPECT_EQ(mismatches[id], 0) << "thread " << id;
  }
}

} // namespace

//===- TinyMlpTest.cpp - A text-format GraphDef compiled by tgc -----------===//
//
// graphs/tiny_mlp.pbtxt: out = Softmax(Relu(AddV2(MatMul(x, w), b))) with
// x [2, 3], w [3, 4] and a [4] bias broadcast over the rows.
//
//===----------------------------------------------------------------------===//

#include "e2e_tiny_mlp.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>

namespace {

TEST(TinyMlpE2E, Signature) {
  static_assert(e2e::TinyMlp::kNumFeeds == 1, "one feed");
  static_assert(e2e::TinyMlp::kNumFetches == 1, "one fetch");
  static_assert(e2e::TinyMlp::kArgXSize == 6, "x is 2x3");
  static_assert(e2e::TinyMlp::kResultOutSize == 8, "out is 2x4");
  EXPECT_EQ(e2e::TinyMlp::kArgXShape[0], 2);
  EXPECT_EQ(e2e::TinyMlp::kArgXShape[1], 3);
  EXPECT_EQ(e2e::TinyMlp::kResultOutShape[0], 2);
  EXPECT_EQ(e2e::TinyMlp::kResultOutShape[1], 4);

  e2e::TinyMlp model;
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  const tgrt_model_def *def = model.model_def();
  ASSERT_NE(def, nullptr);
  ASSERT_EQ(def->num_feeds, 1);
  EXPECT_STREQ(def->feeds[0].name, "x");
  EXPECT_EQ(def->feeds[0].dtype, TGRT_DTYPE_F32);
  ASSERT_EQ(def->num_fetches, 1);
  EXPECT_STREQ(def->fetches[0].name, "out");
  EXPECT_EQ(def->fetches[0].dtype, TGRT_DTYPE_F32);
}

TEST(TinyMlpE2E, MatchesNumpy) {
  // Computed with numpy in float64 from the float32 values of x, w and b:
  //   f = lambda a: np.array(a, np.float32).astype(np.float64)
  //   x = f([[1, -2, 0.5], [0.25, 3, -1]])
  //   w = f([[0.5, -1, 0.25, 2], [-0.75, 0.5, 1, -0.25],
  //          [1.5, 0.125, -2, 0.5]])
  //   b = f([0.1, -0.2, 0.3, -0.4])
  //   h = np.maximum(x @ w + b, 0)   # [[2.85, 0, 0, 2.35],
  //                                  #  [0, 0.925, 5.3625, 0]]
  //   e = np.exp(h - h.max(1, keepdims=True))
  //   expected = e / e.sum(1, keepdims=True)
  // Relu zeroes half of the pre-activations, so it is exercised.
  const float x[6] = {1.0f, -2.0f, 0.5f, 0.25f, 3.0f, -1.0f};
  const float expected[8] = {
      5.806461476e-01f, 3.358708203e-02f, 3.358708203e-02f, 3.521796883e-01f,
      4.591804746e-03f, 1.157992661e-02f, 9.792364639e-01f, 4.591804746e-03f};

  e2e::TinyMlp model;
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  std::copy(x, x + 6, model.arg_x());
  ::tgrt::Status status = model.Run();
  ASSERT_TRUE(status.ok()) << status.message();
  const float *out = model.result_out();
  for (int i = 0; i < 8; ++i)
    EXPECT_NEAR(out[i], expected[i], 1e-5 * std::fabs(expected[i]) + 1e-7)
        << "element " << i;
}

TEST(TinyMlpE2E, RunTwiceWithNewInput) {
  // A second Run() must see the new feed, not a cached result: with x = 0
  // the output is Softmax(Relu(b)) = Softmax([0.1, 0, 0.3, 0]) per row.
  e2e::TinyMlp model;
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  const float x[6] = {1.0f, -2.0f, 0.5f, 0.25f, 3.0f, -1.0f};
  std::copy(x, x + 6, model.arg_x());
  ASSERT_TRUE(model.Run().ok());

  std::fill(model.arg_x(), model.arg_x() + 6, 0.0f);
  ::tgrt::Status status = model.Run();
  ASSERT_TRUE(status.ok()) << status.message();
  const double logits[4] = {0.1f, 0.0, 0.3f, 0.0};
  double sum = 0;
  for (double l : logits)
    sum += std::exp(l);
  const float *out = model.result_out();
  for (int row = 0; row < 2; ++row) {
    for (int j = 0; j < 4; ++j) {
      const double expected = std::exp(logits[j]) / sum;
      EXPECT_NEAR(out[row * 4 + j], expected, 1e-5 * expected + 1e-7)
          << "row " << row << ", column " << j;
    }
  }
}

} // namespace

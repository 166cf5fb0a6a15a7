//===- TrainStepTest.cpp - Compiled training steps in sessions ------------===//
//
// examples/train_mlp/train_mlp.pbtxt compiled twice at build time:
//   e2e::TrainSgd    --train --optimizer sgd --learning-rate 0.125
//   e2e::TrainGrads  --gradients-of loss --wrt <the six weights>
// The SGD step must move every weight by exactly -0.125 times the gradient
// that the gradient entry computes; sessions train independently; a
// checkpoint carries a trained state to another session.
//
//===----------------------------------------------------------------------===//

#include "e2e_train_grads.h"
#include "e2e_train_sgd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using Sgd = e2e::TrainSgd;
using Grads = e2e::TrainGrads;

constexpr float kLearningRate = 0.125f;

void fillBatch(float *x, int32_t *labels) {
  for (int i = 0; i < Sgd::kArgXSize; ++i)
    x[i] = std::sin(0.7f * i) * 0.8f;
  for (int i = 0; i < Sgd::kArgLabelsSize; ++i)
    labels[i] = i % 3;
}

std::vector<float> copyOf(const float *data, int64_t n) {
  return std::vector<float>(data, data + n);
}

const float *initialValue(const char *name) {
  const tgrt_model_def *def = Sgd::Definition();
  for (int64_t i = 0; i < def->num_variables; ++i)
    if (std::strcmp(def->variables[i].name, name) == 0)
      return static_cast<const float *>(def->variables[i].initial_value);
  return nullptr;
}

TEST(TrainStepTest, EntriesAndFeeds) {
  const tgrt_model_def *def = Sgd::Definition();
  ASSERT_EQ(def->num_entries, 2);
  EXPECT_STREQ(def->entries[0].name, "predict");
  EXPECT_STREQ(def->entries[1].name, "train_step");
  EXPECT_EQ(def->entries[0].num_feeds, 1); // x only
  EXPECT_EQ(def->entries[1].num_feeds, 2); // x and labels
  // predict runs with only x set; train_step needs the labels too.
  Sgd model;
  ASSERT_TRUE(model.ok()) << model.status().message();
  std::vector<float> x(Sgd::kArgXSize, 0.5f);
  ASSERT_TRUE(model.session() != nullptr);
  tgrt_session *s = model.session();
  ASSERT_EQ(tgrt_session_set_feed(s, "x", TGRT_DTYPE_F32, 2,
                                  Sgd::kArgXShape.data(), x.data(),
                                  x.size() * sizeof(float)),
            nullptr);
  EXPECT_TRUE(model.Predict().ok());
  tgrt::Status st = model.TrainStep();
  EXPECT_EQ(st.code(), TGRT_FAILED_PRECONDITION);
  EXPECT_STREQ(st.message(), "feed 'labels' was never set");
}

TEST(TrainStepTest, SgdMovesEachWeightByTheGradient) {
  Grads grads;
  Sgd sgd;
  ASSERT_TRUE(grads.ok() && sgd.ok());
  fillBatch(grads.arg_x(), grads.arg_labels());
  fillBatch(sgd.arg_x(), sgd.arg_labels());
  ASSERT_TRUE(grads.Run().ok());
  std::vector<float> before = copyOf(sgd.var_dense1_kernel(),
                                     Sgd::kVarDense1KernelSize);
  ASSERT_TRUE(sgd.TrainStep().ok());
  // Same loss as the gradient entry: both see the initial weights.
  EXPECT_FLOAT_EQ(*sgd.result_loss(), *grads.result_loss());
  const float *g = grads.result_grad_dense1_kernel();
  const float *after = sgd.var_dense1_kernel();
  double moved = 0;
  for (int64_t i = 0; i < Sgd::kVarDense1KernelSize; ++i) {
    EXPECT_NEAR(after[i], before[i] - kLearningRate * g[i], 1e-6f) << i;
    moved += std::fabs(after[i] - before[i]);
  }
  EXPECT_GT(moved, 1e-3); // the step did something
  const float *gb = grads.result_grad_logits_bias();
  for (int64_t i = 0; i < Sgd::kVarLogitsBiasSize; ++i)
    EXPECT_NEAR(sgd.var_logits_bias()[i], -kLearningRate * gb[i], 1e-6f);
}

TEST(TrainStepTest, SessionsTrainIndependently) {
  Sgd a, b;
  ASSERT_TRUE(a.ok() && b.ok());
  fillBatch(a.arg_x(), a.arg_labels());
  fillBatch(b.arg_x(), b.arg_labels());
  std::vector<float> losses;
  for (int step = 0; step < 5; ++step) {
    ASSERT_TRUE(a.TrainStep().ok());
    losses.push_back(*a.result_loss());
  }
  EXPECT_LT(losses.back(), losses.front());
  // b never trained: its weights are the initial values.
  const float *init = initialValue("dense1/kernel");
  ASSERT_NE(init, nullptr);
  EXPECT_EQ(std::memcmp(b.var_dense1_kernel(), init,
                        Sgd::kVarDense1KernelSize * sizeof(float)),
            0);
  EXPECT_NE(std::memcmp(a.var_dense1_kernel(), init,
                        Sgd::kVarDense1KernelSize * sizeof(float)),
            0);
  // b's first step gives a's first loss.
  ASSERT_TRUE(b.TrainStep().ok());
  EXPECT_EQ(*b.result_loss(), losses.front());
}

TEST(TrainStepTest, CheckpointCarriesTheTrainedState) {
  Sgd a, b;
  ASSERT_TRUE(a.ok() && b.ok());
  fillBatch(a.arg_x(), a.arg_labels());
  fillBatch(b.arg_x(), b.arg_labels());
  for (int step = 0; step < 3; ++step)
    ASSERT_TRUE(a.TrainStep().ok());
  std::string path = ::testing::TempDir() + "train_sgd_" +
                     std::to_string(::getpid()) + ".ckpt";
  ASSERT_TRUE(a.Save(path).ok());
  ASSERT_TRUE(b.Restore(path).ok());
  std::remove(path.c_str());
  ASSERT_TRUE(a.Predict().ok());
  ASSERT_TRUE(b.Predict().ok());
  EXPECT_EQ(std::memcmp(a.result_probs(), b.result_probs(),
                        Sgd::kResultProbsSize * sizeof(float)),
            0);
  ASSERT_TRUE(a.TrainStep().ok());
  ASSERT_TRUE(b.TrainStep().ok());
  EXPECT_EQ(*a.result_loss(), *b.result_loss());
}

} // namespace

//===- train_mlp.cc - Train an MLP with a train_step compiled by tgc ------===//
//
// The build compiles train_mlp.pbtxt, an inference graph with a loss, with
// `tgc --train` (see CMakeLists.txt): the object file has two entry points,
// Predict() and TrainStep(), and the weights are variables that live in the
// model's session. This program makes a synthetic classification task
// (three interleaved spirals in the plane), runs TrainStep() over shuffled
// batches for a number of epochs, printing the mean loss of each epoch, and
// finally classifies every point with Predict() and prints the training
// accuracy. It exits with 1 when the accuracy is below 95 %.
//
// Usage: train_mlp [--epochs N] [--save FILE] [--restore FILE]
//   --save FILE     write the trained variables to a checkpoint
//   --restore FILE  start from a checkpoint instead of the initial weights
//
//===----------------------------------------------------------------------===//

#include "train_mlp_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int kClasses = 3;
constexpr int kPerClass = 192;
constexpr int kPoints = kClasses * kPerClass;
constexpr int kBatch = train::Mlp::kArgLabelsSize;
static_assert(kPoints % kBatch == 0, "whole batches only");

struct Dataset {
  std::vector<float> x;   // [kPoints, 2]
  std::vector<int32_t> y; // [kPoints]
};

// A uniform double in [0, 1) from the generator's raw output (the standard
// distributions are not reproducible across standard libraries).
double uniform(std::mt19937 &rng) { return rng() / 4294967296.0; }

double normal(std::mt19937 &rng) {
  double u = uniform(rng), v = uniform(rng);
  return std::sqrt(-2.0 * std::log(1.0 - u)) * std::cos(2.0 * M_PI * v);
}

// Three spirals: class c winds from the centre out, its angle offset by
// 2*pi*c/3, with Gaussian noise on the angle that grows with the radius.
Dataset makeSpirals(std::mt19937 &rng) {
  Dataset data;
  for (int c = 0; c < kClasses; ++c)
    for (int i = 0; i < kPerClass; ++i) {
      double r = (i + 1.0) / kPerClass;
      double t = 7.0 * r + 2.0 * M_PI * c / kClasses + 0.2 * r * normal(rng);
      data.x.push_back(static_cast<float>(r * std::sin(t)));
      data.x.push_back(static_cast<float>(r * std::cos(t)));
      data.y.push_back(c);
    }
  return data;
}

int fail(const std::string &message) {
  std::fprintf(stderr, "train_mlp: error: %s\n", message.c_str());
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  int epochs = 200;
  std::string save, restore;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--epochs" && i + 1 < argc) {
      epochs = std::atoi(argv[++i]);
      if (epochs < 1)
        return fail("--epochs needs a positive number");
    } else if (arg == "--save" && i + 1 < argc) {
      save = argv[++i];
    } else if (arg == "--restore" && i + 1 < argc) {
      restore = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: %s [--epochs N] [--save FILE] [--restore FILE]\n",
                   argv[0]);
      return arg == "--help" ? 0 : 1;
    }
  }

  std::mt19937 rng(2026);
  Dataset data = makeSpirals(rng);

  train::Mlp model;
  if (!model.ok())
    return fail(model.status().message());
  if (!restore.empty())
    if (tgrt::Status st = model.Restore(restore); !st.ok())
      return fail(st.message());

  std::vector<int> order(kPoints);
  for (int i = 0; i < kPoints; ++i)
    order[i] = i;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    // Fisher-Yates with the raw generator, for the same order everywhere.
    for (int i = kPoints - 1; i > 0; --i)
      std::swap(order[i], order[rng() % (i + 1)]);
    double sum = 0;
    for (int start = 0; start < kPoints; start += kBatch) {
      float *x = model.arg_x();
      int32_t *labels = model.arg_labels();
      for (int k = 0; k < kBatch; ++k) {
        int p = order[start + k];
        x[2 * k] = data.x[2 * p];
        x[2 * k + 1] = data.x[2 * p + 1];
        labels[k] = data.y[p];
      }
      if (tgrt::Status st = model.TrainStep(); !st.ok())
        return fail(st.message());
      sum += *model.result_loss();
    }
    std::printf("epoch %3d  loss %.4f\n", epoch, sum / (kPoints / kBatch));
  }

  // Classify every point with the trained weights.
  int correct = 0;
  for (int start = 0; start < kPoints; start += kBatch) {
    std::copy(data.x.begin() + 2 * start, data.x.begin() + 2 * (start + kBatch),
              model.arg_x());
    if (tgrt::Status st = model.Predict(); !st.ok())
      return fail(st.message());
    const float *probs = model.result_probs();
    for (int k = 0; k < kBatch; ++k) {
      const float *row = probs + k * kClasses;
      int predicted = static_cast<int>(std::max_element(row, row + kClasses) - row);
      correct += predicted == data.y[start + k];
    }
  }
  double accuracy = static_cast<double>(correct) / kPoints;
  std::printf("training accuracy: %.4f (%d of %d)\n", accuracy, correct,
              kPoints);
  if (!save.empty())
    if (tgrt::Status st = model.Save(save); !st.ok())
      return fail(st.message());
  return accuracy >= 0.95 ? 0 : 1;
}

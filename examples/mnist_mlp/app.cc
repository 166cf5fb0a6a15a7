//===- app.cc - Classify digits with a model compiled by tgc --------------===//
//
// Embeds the MNIST MLP the way an application would: the build compiles
// mnist_mlp.pb into an object file and a header (see CMakeLists.txt), this
// program includes the header, creates the model and calls Run() once per
// image. No TensorFlow, no interpreter, no Python at run time.
//
// Usage: mnist_mlp_app [images.npy [labels.npy]]
//   images.npy  float32 [N, 784], pixels in [0, 1]
//   labels.npy  int64 [N] (optional)
// Without arguments it classifies the 16 test images in data/.
//
// mnist_mlp_app_cuda is this program with the model compiled for CUDA
// (MNIST_MLP_HEADER names its header): the code is the same.
//
//===----------------------------------------------------------------------===//

#ifdef MNIST_MLP_HEADER
#include MNIST_MLP_HEADER
#else
#include "mnist_mlp.h"
#endif
#include "npy_lite.h"

#include <algorithm>
#include <cstdio>
#include <string>

#ifndef MNIST_MLP_DATA_DIR
#define MNIST_MLP_DATA_DIR "data"
#endif

namespace {

int fail(const std::string &message) {
  std::fprintf(stderr, "mnist_mlp_app: error: %s\n", message.c_str());
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  if (argc > 3 || (argc > 1 && std::string(argv[1]) == "--help")) {
    std::fprintf(stderr, "usage: %s [images.npy [labels.npy]]\n", argv[0]);
    return argc > 3 ? 1 : 0;
  }
  const std::string dataDir = MNIST_MLP_DATA_DIR;
  const std::string imagesPath = argc > 1 ? argv[1] : dataDir + "/images.npy";
  // The default labels go with the default images only.
  const std::string labelsPath =
      argc > 2 ? argv[2] : (argc > 1 ? "" : dataDir + "/labels.npy");

  std::string error;
  npy_lite::Array<float> images;
  if (!npy_lite::load(imagesPath, images, error))
    return fail(error);
  const int64_t pixels = mnist::Mlp::kArgXSize;
  if (images.shape.size() != 2 || images.shape[1] != pixels)
    return fail("'" + imagesPath + "' must have shape [N, " +
                std::to_string(pixels) + "]");
  const int64_t count = images.shape[0];

  npy_lite::Array<int64_t> labels;
  const bool haveLabels = !labelsPath.empty();
  if (haveLabels) {
    if (!npy_lite::load(labelsPath, labels, error))
      return fail(error);
    if (labels.shape.size() != 1 || labels.shape[0] != count)
      return fail("'" + labelsPath + "' must have shape [" +
                  std::to_string(count) + "]");
  }

  // One model instance: its buffers are allocated here, once.
  mnist::Mlp model;
  if (!model.status().ok())
    return fail(model.status().message());

  const int64_t classes = mnist::Mlp::kResultProbsSize;
  int64_t correct = 0;
  for (int64_t i = 0; i < count; ++i) {
    const float *image = images.data.data() + i * pixels;
    std::copy(image, image + pixels, model.arg_x());
    ::tgrt::Status status = model.Run();
    if (!status.ok())
      return fail("image " + std::to_string(i) + ": " + status.message());

    const float *probs = model.result_probs();
    const int64_t predicted = std::max_element(probs, probs + classes) - probs;
    std::printf("image %lld: predicted %lld (p=%.3f)",
                static_cast<long long>(i), static_cast<long long>(predicted),
                probs[predicted]);
    if (haveLabels) {
      const int64_t label = labels.data[i];
      correct += predicted == label;
      std::printf(", label %lld", static_cast<long long>(label));
    }
    std::printf("\n");
  }

  if (haveLabels && count > 0)
    std::printf("accuracy: %lld/%lld = %.2f%%\n",
                static_cast<long long>(correct), static_cast<long long>(count),
                100.0 * correct / count);
  return 0;
}

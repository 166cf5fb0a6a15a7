//===- CudaTest.cpp - CUDA models compiled by tgc, end to end -------------===//
//
// The MNIST MLP (e2e::MlpB16Cuda) and the SGD training step
// (e2e::TrainSgdCuda) compiled with --target=cuda, linked like their CPU
// builds (e2e::MlpB16, e2e::TrainSgd).
//
// Without a GPU, the host code runs against tgrt's fake driver
// (test/unit/runtime/fake_cuda_driver.cpp, host memory, kernels that do
// nothing unless emulated): the session uploads the constant pool and the
// variables,
// every kernel the model names is launched, each memref parameter is an
// address inside a device buffer followed by itself (the allocated and
// aligned pointers of the expanded descriptor), feeds go up and fetches
// come down, variables are copied lazily, and a failed launch is reported
// with the kernel's name. With FAKE_CUDA_EMULATE=1 the fake driver runs
// the PTX in its emulator (ptx_emulator.h), and the outputs and trained
// weights are compared with the CPU build; with a GPU (the driver reports
// a device) the same comparison runs on it; without one that test is
// skipped and says so.
//
// tgrt loads the driver once per process, so every scenario runs in a
// child process (child_process.h).
//
//===----------------------------------------------------------------------===//

#include "child_process.h"
#include "e2e_mnist_mlp_b16.h"
#include "e2e_mnist_mlp_b16_cuda.h"
#include "e2e_train_adam.h"
#include "e2e_train_adam_cuda.h"
#include "e2e_train_sgd.h"
#include "e2e_train_sgd_cuda.h"
#include "tgrt/cuda.h"
#include "tgrt/tgrt.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <dlfcn.h>
#include <set>
#include <string>
#include <vector>

#ifndef TGRT_FAKE_CUDA_DRIVER
#error "TGRT_FAKE_CUDA_DRIVER must name the fake driver library"
#endif

namespace {

using Mlp = e2e::MlpB16;
using MlpCuda = e2e::MlpB16Cuda;
using Sgd = e2e::TrainSgd;
using SgdCuda = e2e::TrainSgdCuda;

const std::vector<std::pair<std::string, std::string>> kFake = {
    {"TGRT_CUDA_DRIVER", TGRT_FAKE_CUDA_DRIVER},
    {"FAKE_CUDA_NO_DEVICE", ""},
    {"FAKE_CUDA_FAIL_KERNEL", ""},
    {"FAKE_CUDA_CHECK_PARAMS", "1"}};

std::vector<std::pair<std::string, std::string>>
fakeWith(const std::string &name, const std::string &value) {
  auto env = kFake;
  env.push_back({name, value});
  return env;
}

/// The fake driver's records (it is loaded by tgrt; this finds it again).
struct FakeDriver {
  using LaunchFn = const char *(*)(int, uint64_t *, int, int *);
  using AllocationFn = int (*)(uint64_t);
  using CopiedFn = void (*)(size_t *, size_t *);
  LaunchFn launch = nullptr;
  AllocationFn allocationOf = nullptr;
  CopiedFn copied = nullptr;

  bool load() {
    void *fake = dlopen(TGRT_FAKE_CUDA_DRIVER, RTLD_NOW | RTLD_NOLOAD);
    if (!fake)
      return false;
    launch = reinterpret_cast<LaunchFn>(dlsym(fake, "fake_launch"));
    allocationOf = reinterpret_cast<AllocationFn>(
        dlsym(fake, "fake_allocation_of"));
    copied = reinterpret_cast<CopiedFn>(dlsym(fake, "fake_copied"));
    return launch && allocationOf && copied;
  }
  size_t toDevice() const {
    size_t up = 0, down = 0;
    copied(&up, &down);
    return up;
  }
  size_t toHost() const {
    size_t up = 0, down = 0;
    copied(&up, &down);
    return down;
  }
};

void fillImages(float *x, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    x[i] = 0.5f + 0.5f * std::sin(0.37f * static_cast<float>(i));
}

void fillBatch(float *x, int32_t *labels) {
  for (int i = 0; i < Sgd::kArgXSize; ++i)
    x[i] = std::sin(0.7f * i) * 0.8f;
  for (int i = 0; i < Sgd::kArgLabelsSize; ++i)
    labels[i] = i % 3;
}

size_t variableBytes(const tgrt_model_def *def) {
  size_t total = 0;
  for (int64_t i = 0; i < def->num_variables; ++i)
    total += static_cast<size_t>(def->variables[i].initial_bytes);
  return total;
}

TEST(CudaModelTest, DescriptorNamesTheKernels) {
  const tgrt_model_def *def = MlpCuda::Definition();
  EXPECT_EQ(def->target, TGRT_TARGET_CUDA);
  ASSERT_NE(def->ptx, nullptr);
  EXPECT_NE(std::strstr(def->ptx, ".target sm_70"), nullptr);
  ASSERT_GT(def->num_kernels, 0);
  for (int64_t i = 0; i < def->num_kernels; ++i)
    EXPECT_NE(std::strstr(def->ptx, (std::string(".entry ") +
                                     def->kernel_names[i] + "(")
                                        .c_str()),
              nullptr)
        << def->kernel_names[i];
  // The MLP's weights are constants: they are in the pool.
  EXPECT_GE(def->constant_bytes, (784 * 128 + 128 * 10) * 4);
  EXPECT_EQ(Mlp::Definition()->target, TGRT_TARGET_CPU);
}

TEST(CudaModelTest, FakeDriverRunsTheMlp) {
  std::string report = tgrt_test::InChild(kFake, []() -> std::string {
    FakeDriver fake;
    MlpCuda model;
    if (!model.ok())
      return std::string("create: ") + model.status().message();
    if (!fake.load())
      return "the fake driver is not loaded";
    const tgrt_model_def *def = MlpCuda::Definition();
    std::string r;
    // The constant pool went up once.
    if (fake.toDevice() != static_cast<size_t>(def->constant_bytes))
      r += "constants: " + std::to_string(fake.toDevice()) + " bytes up;";
    fillImages(model.arg_x(), MlpCuda::kArgXSize);
    tgrt::Status st = model.Run();
    if (!st.ok())
      return std::string("run: ") + st.message();
    size_t feedBytes = MlpCuda::kArgXSize * sizeof(float);
    size_t fetchBytes = MlpCuda::kResultProbsSize * sizeof(float);
    if (fake.toDevice() != def->constant_bytes + feedBytes)
      r += "feed: " + std::to_string(fake.toDevice()) + " bytes up;";
    if (fake.toHost() != fetchBytes)
      r += "fetch: " + std::to_string(fake.toHost()) + " bytes down;";

    // Allocation 0 is the pool, then the feed, the fetch, the arena.
    std::set<std::string> launched;
    std::set<int> buffersUsed;
    uint64_t params[256];
    int count = 0;
    int launches = 0;
    for (const char *name; (name = fake.launch(launches, params, 256, &count));
         ++launches) {
      launched.insert(name);
      if (count > 256)
        return "too many parameters";
      for (int k = 0; k < count; ++k) {
        int buffer = fake.allocationOf(params[k]);
        if (buffer < 0)
          continue;
        buffersUsed.insert(buffer);
        // allocated == aligned, then the offset: a small integer.
        if (k + 2 >= count || params[k + 1] != params[k] ||
            params[k + 2] > (1u << 24)) {
          r += std::string(name) + ": parameter " + std::to_string(k) +
               " is a device address without its descriptor;";
          break;
        }
        k += 2;
      }
    }
    if (launched.size() != static_cast<size_t>(def->num_kernels))
      r += "launched " + std::to_string(launched.size()) + " of " +
           std::to_string(def->num_kernels) + " kernels;";
    for (int buffer : {0, 1, 2})
      if (!buffersUsed.count(buffer))
        r += "buffer " + std::to_string(buffer) + " is never a parameter;";
    // A second run launches the same kernels again.
    if (!model.Run().ok())
      r += "second run failed;";
    int again = 0;
    while (fake.launch(again, params, 0, &count))
      ++again;
    if (again != 2 * launches)
      r += "second run: " + std::to_string(again - launches) + " launches;";
    return r.empty() ? "ok" : r;
  });
  EXPECT_EQ(report, "ok");
}

TEST(CudaModelTest, FakeDriverCopiesVariablesLazily) {
  std::string report = tgrt_test::InChild(kFake, []() -> std::string {
    FakeDriver fake;
    SgdCuda model;
    if (!model.ok())
      return std::string("create: ") + model.status().message();
    if (!fake.load())
      return "the fake driver is not loaded";
    const tgrt_model_def *def = SgdCuda::Definition();
    size_t vars = variableBytes(def);
    size_t feeds = (SgdCuda::kArgXSize + SgdCuda::kArgLabelsSize) * 4;
    std::string r;
    fillBatch(model.arg_x(), model.arg_labels());
    size_t up = fake.toDevice();
    if (!model.TrainStep().ok())
      return "train step failed";
    // First run: the variables' initial values and the feeds go up.
    if (fake.toDevice() - up != vars + feeds)
      r += "first step: " + std::to_string(fake.toDevice() - up) +
           " bytes up;";
    up = fake.toDevice();
    if (!model.TrainStep().ok())
      return "second train step failed";
    if (fake.toDevice() - up != feeds)
      r += "second step: " + std::to_string(fake.toDevice() - up) +
           " bytes up;";
    // Reading a variable brings all of them down, once.
    size_t down = fake.toHost();
    std::vector<float> bias(SgdCuda::kVarDense1BiasSize);
    tgrt_status *st = tgrt_session_read_variable(
        model.session(), "dense1/bias", bias.data(),
        bias.size() * sizeof(float));
    if (st)
      return tgrt_status_message(st);
    if (fake.toHost() - down != vars)
      r += "read: " + std::to_string(fake.toHost() - down) + " bytes down;";
    down = fake.toHost();
    st = tgrt_session_read_variable(model.session(), "dense1/bias",
                                    bias.data(), bias.size() * sizeof(float));
    if (st)
      return tgrt_status_message(st);
    if (fake.toHost() != down)
      r += "second read copied again;";
    // Writing one makes the next run upload them.
    int64_t dims[] = {SgdCuda::kVarDense1BiasSize};
    st = tgrt_session_write_variable(model.session(), "dense1/bias",
                                     TGRT_DTYPE_F32, 1, dims, bias.data(),
                                     bias.size() * sizeof(float));
    if (st)
      return tgrt_status_message(st);
    up = fake.toDevice();
    if (!model.Predict().ok())
      return "predict failed";
    if (fake.toDevice() - up != vars + SgdCuda::kArgXSize * 4)
      r += "after a write: " + std::to_string(fake.toDevice() - up) +
           " bytes up;";
    return r.empty() ? "ok" : r;
  });
  EXPECT_EQ(report, "ok");
}

/// Callers that keep data on the GPU: the device buffers' addresses and a
/// run without copies give the same result as a run through the host
/// buffers. (The fake driver's device memory is host memory, so the test
/// writes and reads it directly.)
TEST(CudaModelTest, RunsOnDeviceBuffersWithoutCopies) {
  std::string report = tgrt_test::InChild(
      fakeWith("FAKE_CUDA_EMULATE", "1"), []() -> std::string {
        FakeDriver fake;
        MlpCuda copied, onDevice;
        if (!copied.ok() || !onDevice.ok())
          return "create failed";
        if (!fake.load())
          return "the fake driver is not loaded";
        fillImages(copied.arg_x(), MlpCuda::kArgXSize);
        if (!copied.Run().ok())
          return "run failed";
        auto *x = reinterpret_cast<float *>(static_cast<uintptr_t>(
            onDevice.DeviceBuffer(TGRT_BUFFER_FEED, 0)));
        auto *probs = reinterpret_cast<const float *>(static_cast<uintptr_t>(
            onDevice.DeviceBuffer(TGRT_BUFFER_FETCH, 0)));
        if (!x || !probs || onDevice.DeviceBuffer(TGRT_BUFFER_FETCH, 1) != 0)
          return "device buffers";
        fillImages(x, MlpCuda::kArgXSize);
        size_t up = fake.toDevice(), down = fake.toHost();
        tgrt::Status st = onDevice.RunEntryOnDevice(0);
        if (!st.ok())
          return std::string("run on device: ") + st.message();
        std::string r;
        if (fake.toDevice() != up || fake.toHost() != down)
          r += "copied;";
        if (std::memcmp(probs, copied.result_probs(),
                        MlpCuda::kResultProbsSize * sizeof(float)) != 0)
          r += "different result;";
        return r.empty() ? "ok" : r;
      });
  EXPECT_EQ(report, "ok");
}

TEST(CudaModelTest, FailedLaunchNamesTheKernel) {
  std::string kernel = MlpCuda::Definition()->kernel_names[0];
  std::string report = tgrt_test::InChild(
      fakeWith("FAKE_CUDA_FAIL_KERNEL", kernel), []() -> std::string {
        MlpCuda model;
        if (!model.ok())
          return std::string("create: ") + model.status().message();
        fillImages(model.arg_x(), MlpCuda::kArgXSize);
        tgrt::Status first = model.Run();
        tgrt::Status second = model.Run();
        return std::string(first.message()) + "|" + second.message();
      });
  std::string expected = "model 'e2e::MlpB16Cuda': launching kernel '" +
                         kernel +
                         "' failed: too many resources requested for launch";
  EXPECT_EQ(report, expected + "|" + expected);
}

TEST(CudaModelTest, NoDeviceIsAnError) {
  std::string report = tgrt_test::InChild(
      fakeWith("FAKE_CUDA_NO_DEVICE", "1"), []() -> std::string {
        MlpCuda model;
        return std::to_string(model.status().code()) + " " +
               model.status().message();
      });
  EXPECT_EQ(report.rfind(std::to_string(TGRT_UNAVAILABLE) +
                             " cannot create a session of CUDA model "
                             "'e2e::MlpB16Cuda': ",
                         0),
            0u)
      << report;
  EXPECT_NE(report.find("no CUDA-capable device is detected"),
            std::string::npos)
      << report;
}

/// Five training steps of both builds, then predict: losses, weights and
/// outputs compared with `close`; failures appended to `r`.
template <typename Cpu, typename Gpu, typename Close>
void trainBoth(const std::string &name, Close &close, std::string &r) {
  Cpu cpu;
  Gpu gpu;
  if (!gpu.ok()) {
    r += name + " create: " + gpu.status().message() + ";";
    return;
  }
  fillBatch(cpu.arg_x(), cpu.arg_labels());
  fillBatch(gpu.arg_x(), gpu.arg_labels());
  for (int step = 0; step < 5; ++step) {
    tgrt::Status s = gpu.TrainStep();
    if (!cpu.TrainStep().ok() || !s.ok()) {
      r += name + " step: " + s.message() + ";";
      return;
    }
    close((name + " loss").c_str(), gpu.result_loss(), cpu.result_loss(), 1);
  }
  close((name + " dense1/kernel").c_str(), gpu.var_dense1_kernel(),
        cpu.var_dense1_kernel(), Cpu::kVarDense1KernelSize);
  close((name + " dense2/kernel").c_str(), gpu.var_dense2_kernel(),
        cpu.var_dense2_kernel(), Cpu::kVarDense2KernelSize);
  close((name + " logits/bias").c_str(), gpu.var_logits_bias(),
        cpu.var_logits_bias(), Cpu::kVarLogitsBiasSize);
  if (!gpu.Predict().ok() || !cpu.Predict().ok()) {
    r += name + " predict failed;";
    return;
  }
  close((name + " predict").c_str(), gpu.result_probs(), cpu.result_probs(),
        Cpu::kResultProbsSize);
}

/// Runs both builds of the MLP and five SGD and five Adam steps of the
/// training model and compares outputs, losses and trained weights; "ok" or
/// the differences.
std::string compareWithCpu() {
  std::string r;
  auto close = [&](const char *what, const float *a, const float *b,
                   int64_t n) {
    for (int64_t i = 0; i < n; ++i)
      if (!(std::fabs(a[i] - b[i]) <= 1e-4f * (1 + std::fabs(b[i])))) {
        r += std::string(what) + "[" + std::to_string(i) + "] " +
             std::to_string(a[i]) + " vs " + std::to_string(b[i]) + ";";
        return;
      }
  };
  Mlp cpu;
  MlpCuda gpu;
  if (!gpu.ok())
    return std::string("create: ") + gpu.status().message();
  fillImages(cpu.arg_x(), Mlp::kArgXSize);
  fillImages(gpu.arg_x(), MlpCuda::kArgXSize);
  tgrt::Status st = gpu.Run();
  if (!st.ok())
    return std::string("run: ") + st.message();
  if (!cpu.Run().ok())
    return "cpu run failed";
  close("probs", gpu.result_probs(), cpu.result_probs(), Mlp::kResultProbsSize);

  // SGD, then Adam (moments, step count and the bias-corrected rate live in
  // variables too; its powers are polynomials on the GPU).
  trainBoth<Sgd, SgdCuda>("sgd", close, r);
  trainBoth<e2e::TrainAdam, e2e::TrainAdamCuda>("adam", close, r);
  return r.empty() ? "ok" : r;
}

/// Without a GPU: the kernels' PTX runs in the fake driver's emulator, so
/// the CUDA build's numbers are checked on every machine.
TEST(CudaModelTest, EmulatedKernelsMatchTheCpuBuild) {
  EXPECT_EQ(tgrt_test::InChild(fakeWith("FAKE_CUDA_EMULATE", "1"),
                               compareWithCpu),
            "ok");
}

/// On a GPU: the CUDA build agrees with the CPU build.
TEST(CudaModelTest, MatchesTheCpuBuildOnAGpu) {
  std::string probe = tgrt_test::InChild(
      {{"TGRT_CUDA_DRIVER", ""}}, []() -> std::string {
        int count = 0;
        tgrt_status *st = tgrt_cuda_device_count(&count);
        if (st) {
          std::string message = tgrt_status_message(st);
          tgrt_status_free(st);
          return message;
        }
        return count > 0 ? "device" : "the driver reports no device";
      });
  if (probe != "device")
    GTEST_SKIP() << "no CUDA device (" << probe
                 << "): the CUDA models are not run on a GPU";
  EXPECT_EQ(tgrt_test::InChild({{"TGRT_CUDA_DRIVER", ""}}, compareWithCpu),
            "ok");
}

} // namespace

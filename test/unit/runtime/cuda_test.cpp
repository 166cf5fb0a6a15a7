//===- cuda_test.cpp - tgrt's CUDA layer without a GPU --------------------===//
//
// The driver library is loaded once per process, so every scenario runs in
// a child process (fork) with its own TGRT_CUDA_DRIVER: a missing driver,
// a fake driver without devices, and the fake driver with one device
// (fake_cuda_driver.cpp), through which allocation, copies, PTX loading,
// kernel lookup and a launch with parameters are checked.
//
//===----------------------------------------------------------------------===//

#include "tgrt/cuda.h"

#include "child_process.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <dlfcn.h>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

/// Runs `scenario` in a child process with `driver` as TGRT_CUDA_DRIVER and
/// returns what it wrote (its report).
std::string InChild(const std::string &driver, const char *noDevice,
                    const std::function<std::string()> &scenario) {
  return tgrt_test::InChild(
      {{"TGRT_CUDA_DRIVER", driver},
       {"FAKE_CUDA_NO_DEVICE", noDevice ? noDevice : ""}},
      scenario);
}

std::string Describe(tgrt_status *st) {
  std::string text = std::to_string(tgrt_status_code(st)) + ": " +
                     tgrt_status_message(st);
  tgrt_status_free(st);
  return text;
}

TEST(CudaTest, NoDriverIsUnavailable) {
  std::string report = InChild("/nonexistent/libcuda.so.1", nullptr, [] {
    int count = -1;
    std::string a = Describe(tgrt_cuda_device_count(&count));
    tgrt_cuda_context *context = nullptr;
    std::string b = Describe(tgrt_cuda_context_create(0, &context));
    return a + "|" + b + "|" + std::to_string(count);
  });
  std::string unavailable =
      std::to_string(TGRT_UNAVAILABLE) +
      ": CUDA driver library '/nonexistent/libcuda.so.1' cannot be loaded: ";
  EXPECT_EQ(report.rfind(unavailable, 0), 0u) << report;
  EXPECT_NE(report.find("(no NVIDIA driver installed?)|" + unavailable),
            std::string::npos)
      << report;
  EXPECT_EQ(report.substr(report.size() - 3), "|-1") << report;
}

TEST(CudaTest, NoDeviceIsUnavailable) {
  std::string report = InChild(TGRT_FAKE_CUDA_DRIVER, "1", [] {
    tgrt_cuda_context *context = nullptr;
    return Describe(tgrt_cuda_context_create(0, &context));
  });
  EXPECT_EQ(report, std::to_string(TGRT_UNAVAILABLE) +
                        ": CUDA driver initialisation failed: no "
                        "CUDA-capable device is detected");
}

TEST(CudaTest, DeviceMemoryModulesAndLaunches) {
  std::string report = InChild(TGRT_FAKE_CUDA_DRIVER, nullptr, [] {
    std::string r;
    int count = 0, major = 0, minor = 0;
    char name[32] = {};
    r += Describe(tgrt_cuda_device_count(&count)) + std::to_string(count) + ";";
    r += Describe(tgrt_cuda_device_info(0, name, sizeof name, &major, &minor)) +
         name + " " + std::to_string(major) + "." + std::to_string(minor) + ";";
    r += Describe(tgrt_cuda_device_info(1, name, sizeof name, &major, &minor)) +
         ";";
    tgrt_cuda_context *context = nullptr;
    r += Describe(tgrt_cuda_context_create(0, &context)) + ";";
    // A PTX that does not compile: the JIT log is in the message.
    tgrt_cuda_module *module = nullptr;
    r += Describe(tgrt_cuda_module_load(context, "// nothing", &module)) + ";";
    r += Describe(tgrt_cuda_module_load(
             context, ".visible .entry fake_add(\n.param .u64 a\n)", &module)) +
         ";";
    tgrt_cuda_kernel *kernel = nullptr;
    r += Describe(tgrt_cuda_module_kernel(module, "main_kernel", &kernel)) + ";";
    r += Describe(tgrt_cuda_module_kernel(module, "fake_add", &kernel)) + ";";
    // Memory and a launch with three parameters.
    float host[4] = {1, 2, 3, 4};
    uint64_t device = 0;
    r += Describe(tgrt_cuda_malloc(context, sizeof host, &device)) + ";";
    r += Describe(tgrt_cuda_copy_to_device(context, device, host, sizeof host)) +
         ";";
    int64_t n = 4;
    float add = 0.5f;
    void *args[] = {&device, &n, &add};
    uint32_t grid[3] = {1, 1, 1}, block[3] = {256, 1, 1};
    r += Describe(tgrt_cuda_launch(context, kernel, grid, block, 0, args)) + ";";
    r += Describe(tgrt_cuda_synchronize(context)) + ";";
    float back[4] = {};
    r += Describe(tgrt_cuda_copy_to_host(context, back, device, sizeof back)) +
         ";";
    for (float v : back)
      r += std::to_string(v).substr(0, 3) + ",";
    r += Describe(tgrt_cuda_free(context, device)) + ";";
    // What the driver saw.
    void *fake = dlopen(TGRT_FAKE_CUDA_DRIVER, RTLD_NOW | RTLD_NOLOAD);
    using LastLaunch = const char *(*)(unsigned *, unsigned *, int *);
    auto last = reinterpret_cast<LastLaunch>(
        fake ? dlsym(fake, "fake_last_launch") : nullptr);
    if (last) {
      unsigned g[3], b[3];
      int launches = 0;
      r += std::string(last(g, b, &launches)) + " " + std::to_string(b[0]) +
           " x" + std::to_string(launches);
    }
    tgrt_cuda_context_destroy(context);
    return r;
  });
  EXPECT_EQ(report,
            "0: 1;0: Fake GPU 9.0;" + std::to_string(TGRT_INVALID_ARGUMENT) +
                ": no CUDA device 1 (the machine has 1);0: ;" +
                std::to_string(TGRT_INVALID_ARGUMENT) +
                ": the CUDA driver cannot load the PTX: a PTX JIT compilation "
                "failed\nptxas fatal: no kernel in the PTX;0: ;" +
                std::to_string(TGRT_NOT_FOUND) +
                ": no kernel named 'main_kernel' in the CUDA module;0: ;0: ;"
                "0: ;0: ;0: ;0: ;1.5,2.5,3.5,4.5,0: ;fake_add 256 x1");
}

} // namespace

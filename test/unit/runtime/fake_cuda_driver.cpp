//===- fake_cuda_driver.cpp - A CUDA driver library for tests -------------===//
//
// Exports the driver API entry points tgrt's CUDA layer loads, backed by
// host memory: one device "Fake GPU" of compute capability 9.0; a "PTX"
// loads when it has an ".entry NAME(" line per kernel and fails with a JIT
// log otherwise; the kernel "fake_add" runs on the host: it adds the float
// parameter 2 to `count` (parameter 1) floats at the device address of
// parameter 0. Every launch is recorded for fake_last_launch().
// FAKE_CUDA_NO_DEVICE=1 makes cuInit fail as on a machine without a GPU.
//
//===----------------------------------------------------------------------===//

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Module {
  std::vector<std::string> kernels;
};

struct Launch {
  std::string kernel;
  unsigned grid[3];
  unsigned block[3];
};

Launch lastLaunch;
int launches = 0;

} // namespace

extern "C" {

int cuInit(unsigned) {
  const char *none = std::getenv("FAKE_CUDA_NO_DEVICE");
  return none && *none == '1' ? 100 : 0;
}

int cuGetErrorString(int rc, const char **text) {
  switch (rc) {
  case 100:
    *text = "no CUDA-capable device is detected";
    break;
  case 218:
    *text = "a PTX JIT compilation failed";
    break;
  case 500:
    *text = "named symbol not found";
    break;
  default:
    *text = "unknown error";
  }
  return 0;
}

int cuDeviceGetCount(int *count) {
  *count = 1;
  return 0;
}

int cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return 0;
}

int cuDeviceGetName(char *name, int bytes, int) {
  std::strncpy(name, "Fake GPU", static_cast<size_t>(bytes));
  return 0;
}

int cuDeviceGetAttribute(int *value, int attribute, int) {
  *value = attribute == 75 ? 9 : 0;
  return 0;
}

int cuDevicePrimaryCtxRetain(void **context, int) {
  static int dummy;
  *context = &dummy;
  return 0;
}

int cuDevicePrimaryCtxRelease_v2(int) { return 0; }
int cuCtxSetCurrent(void *) { return 0; }
int cuCtxSynchronize() { return 0; }

int cuModuleLoadDataEx(void **module, const void *image, unsigned count,
                       int *options, void **values) {
  std::string text = static_cast<const char *>(image);
  auto *m = new Module;
  for (size_t pos = 0; (pos = text.find(".entry ", pos)) != std::string::npos;
       ++pos) {
    size_t start = pos + 7, end = text.find('(', start);
    m->kernels.push_back(text.substr(start, end - start));
  }
  if (m->kernels.empty()) {
    delete m;
    for (unsigned i = 0; i < count; ++i)
      if (options[i] == 5) // CU_JIT_ERROR_LOG_BUFFER
        std::strcpy(static_cast<char *>(values[i]),
                    "ptxas fatal: no kernel in the PTX");
    return 218;
  }
  *module = m;
  return 0;
}

int cuModuleUnload(void *module) {
  delete static_cast<Module *>(module);
  return 0;
}

int cuModuleGetFunction(void **function, void *module, const char *name) {
  auto *m = static_cast<Module *>(module);
  for (std::string &kernel : m->kernels)
    if (kernel == name) {
      *function = &kernel;
      return 0;
    }
  return 500;
}

int cuLaunchKernel(void *function, unsigned gx, unsigned gy, unsigned gz,
                   unsigned bx, unsigned by, unsigned bz, unsigned, void *,
                   void **params, void **) {
  const std::string &name = *static_cast<std::string *>(function);
  lastLaunch = {name, {gx, gy, gz}, {bx, by, bz}};
  ++launches;
  if (name == "fake_add") {
    float *data = reinterpret_cast<float *>(
        *static_cast<unsigned long long *>(params[0]));
    int64_t count = *static_cast<int64_t *>(params[1]);
    float add = *static_cast<float *>(params[2]);
    for (int64_t i = 0; i < count; ++i)
      data[i] += add;
  }
  return 0;
}

int cuMemAlloc_v2(unsigned long long *ptr, size_t bytes) {
  *ptr = reinterpret_cast<unsigned long long>(std::malloc(bytes));
  return 0;
}

int cuMemFree_v2(unsigned long long ptr) {
  std::free(reinterpret_cast<void *>(ptr));
  return 0;
}

int cuMemcpyHtoD_v2(unsigned long long dst, const void *src, size_t bytes) {
  std::memcpy(reinterpret_cast<void *>(dst), src, bytes);
  return 0;
}

int cuMemcpyDtoH_v2(void *dst, unsigned long long src, size_t bytes) {
  std::memcpy(dst, reinterpret_cast<const void *>(src), bytes);
  return 0;
}

/// For the tests: the last launch and the number of launches.
const char *fake_last_launch(unsigned grid[3], unsigned block[3],
                             int *count) {
  std::memcpy(grid, lastLaunch.grid, sizeof lastLaunch.grid);
  std::memcpy(block, lastLaunch.block, sizeof lastLaunch.block);
  *count = launches;
  return lastLaunch.kernel.c_str();
}

} // extern "C"

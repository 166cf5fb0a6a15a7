//===- fake_cuda_driver.cpp - A CUDA driver library for tests -------------===//
//
// Exports the driver API entry points tgrt's CUDA layer loads, backed by
// host memory: one device "Fake GPU" of compute capability 9.0; a "PTX"
// loads when it has an ".entry NAME(" line per kernel and fails with a JIT
// log otherwise; the kernel "fake_add" runs on the host: it adds the float
// parameter 2 to `count` (parameter 1) floats at the device address of
// parameter 0. Every launch is recorded for fake_last_launch() and, with
// its parameters (sized by the kernel's .param list in the PTX), for
// fake_launch(); allocations and copies are recorded too, so that tests
// can check the host code tgc generates for CUDA models.
// FAKE_CUDA_NO_DEVICE=1 makes cuInit fail as on a machine without a GPU;
// FAKE_CUDA_FAIL_KERNEL=NAME makes launches of NAME fail;
// FAKE_CUDA_EMULATE=1 runs the kernels of real PTX on the CPU
// (ptx_emulator.h), so compiled CUDA models compute their results;
// FAKE_CUDA_CHECK_PARAMS=1 fails a launch whose NULL-terminated parameter
// array (as tgc's host code passes it) does not have exactly the kernel's
// number of parameters.
//
//===----------------------------------------------------------------------===//

#include "ptx_emulator.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

// The driver's opaque handle types, as cuda.h (and tgrt's CUDA layer)
// declares them: the entry points must have exactly the function types
// tgrt calls them through.
struct CUctx_st;
struct CUmod_st;
struct CUfunc_st;
struct CUstream_st;

namespace {

struct Kernel {
  std::string name;
  std::vector<unsigned> paramBytes;
  const ptxemu::Kernel *emulated = nullptr;
};

struct Module {
  std::vector<Kernel> kernels;
  std::unique_ptr<ptxemu::Module> emulated;
};

bool emulate() {
  const char *env = std::getenv("FAKE_CUDA_EMULATE");
  return env && *env == '1';
}

struct Launch {
  std::string kernel;
  unsigned grid[3];
  unsigned block[3];
  std::vector<uint64_t> params; // each zero-extended to 64 bits
};

Launch lastLaunch;
int launches = 0;
std::vector<Launch> launchLog;
std::vector<std::pair<uint64_t, size_t>> allocations;
size_t bytesToDevice = 0, bytesToHost = 0;

/// Bytes of a PTX parameter type: ".u64" -> 8, ".f32" -> 4, ".b8" -> 1.
unsigned paramSize(const std::string &type) {
  size_t digits = type.find_first_of("0123456789");
  return digits == std::string::npos
             ? 8
             : static_cast<unsigned>(std::stoi(type.substr(digits))) / 8;
}

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
  case 1:
    *text = "invalid argument";
    break;
  case 719:
    *text = "unspecified launch failure";
    break;
  case 701:
    *text = "too many resources requested for launch";
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

int cuDevicePrimaryCtxRetain(CUctx_st **context, int) {
  static int dummy;
  *context = reinterpret_cast<CUctx_st *>(&dummy);
  return 0;
}

int cuDevicePrimaryCtxRelease_v2(int) { return 0; }
int cuCtxSetCurrent(CUctx_st *) { return 0; }
int cuCtxSynchronize() { return 0; }

int cuModuleLoadDataEx(CUmod_st **module, const void *image, unsigned count,
                       int *options, void **values) {
  std::string text = static_cast<const char *>(image);
  auto *m = new Module;
  for (size_t pos = 0; (pos = text.find(".entry ", pos)) != std::string::npos;
       ++pos) {
    size_t start = pos + 7, end = text.find('(', start);
    Kernel kernel;
    kernel.name = text.substr(start, end - start);
    size_t close = text.find(')', end);
    for (size_t p = text.find(".param ", end); p < close;
         p = text.find(".param ", p + 1)) {
      size_t typeStart = p + 7;
      size_t typeEnd = text.find(' ', typeStart);
      kernel.paramBytes.push_back(
          paramSize(text.substr(typeStart, typeEnd - typeStart)));
    }
    m->kernels.push_back(kernel);
  }
  std::string emulatorError;
  if (!m->kernels.empty() && emulate()) {
    m->emulated = ptxemu::Module::parse(text, emulatorError);
    for (Kernel &kernel : m->kernels)
      if (m->emulated)
        kernel.emulated = m->emulated->kernel(kernel.name);
  }
  if (m->kernels.empty() || (emulate() && !m->emulated)) {
    std::string log = m->kernels.empty() ? "ptxas fatal: no kernel in the PTX"
                                         : "fake PTX emulator: " + emulatorError;
    delete m;
    for (unsigned i = 0; i < count; ++i)
      if (options[i] == 5) // CU_JIT_ERROR_LOG_BUFFER
        std::snprintf(static_cast<char *>(values[i]), 1024, "%s",
                      log.c_str());
    return 218;
  }
  *module = reinterpret_cast<CUmod_st *>(m);
  return 0;
}

int cuModuleUnload(CUmod_st *module) {
  delete reinterpret_cast<Module *>(module);
  return 0;
}

int cuModuleGetFunction(CUfunc_st **function, CUmod_st *module,
                        const char *name) {
  auto *m = reinterpret_cast<Module *>(module);
  for (Kernel &kernel : m->kernels)
    if (kernel.name == name) {
      *function = reinterpret_cast<CUfunc_st *>(&kernel);
      return 0;
    }
  return 500;
}

int cuLaunchKernel(CUfunc_st *function, unsigned gx, unsigned gy, unsigned gz,
                   unsigned bx, unsigned by, unsigned bz, unsigned,
                   CUstream_st *, void **params, void **) {
  const Kernel &kernel = *reinterpret_cast<Kernel *>(function);
  const std::string &name = kernel.name;
  lastLaunch = {name, {gx, gy, gz}, {bx, by, bz}, {}};
  // tgc's launches end the parameter array with NULL: check the count
  // against the kernel's .param list.
  const char *strict = std::getenv("FAKE_CUDA_CHECK_PARAMS");
  if (strict && *strict == '1') {
    if (!params)
      return 1;
    for (size_t i = 0; i < kernel.paramBytes.size(); ++i)
      if (!params[i])
        return 1; // CUDA_ERROR_INVALID_VALUE
    if (params[kernel.paramBytes.size()])
      return 1;
  }
  if (params)
    for (size_t i = 0; i < kernel.paramBytes.size(); ++i) {
      uint64_t value = 0;
      std::memcpy(&value, params[i], kernel.paramBytes[i]);
      lastLaunch.params.push_back(value);
    }
  ++launches;
  launchLog.push_back(lastLaunch);
  const char *fail = std::getenv("FAKE_CUDA_FAIL_KERNEL");
  if (fail && name == fail)
    return 701;
  if (kernel.emulated) {
    const unsigned grid[3] = {gx, gy, gz}, block[3] = {bx, by, bz};
    std::string error =
        ptxemu::Module::launch(kernel.emulated, grid, block, params);
    if (!error.empty()) {
      std::fprintf(stderr, "fake PTX emulator: %s\n", error.c_str());
      return 719; // CUDA_ERROR_LAUNCH_FAILED
    }
  }
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
  allocations.push_back({*ptr, bytes});
  return 0;
}

int cuMemFree_v2(unsigned long long ptr) {
  for (auto &allocation : allocations)
    if (allocation.first == ptr)
      allocation = {0, 0};
  std::free(reinterpret_cast<void *>(ptr));
  return 0;
}

int cuMemcpyHtoD_v2(unsigned long long dst, const void *src, size_t bytes) {
  std::memcpy(reinterpret_cast<void *>(dst), src, bytes);
  bytesToDevice += bytes;
  return 0;
}

int cuMemcpyDtoH_v2(void *dst, unsigned long long src, size_t bytes) {
  std::memcpy(dst, reinterpret_cast<const void *>(src), bytes);
  bytesToHost += bytes;
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

/// For the tests: launch `i` (its kernel's name, or NULL past the end) and
/// up to `max` of its parameters.
const char *fake_launch(int i, uint64_t *params, int max, int *count) {
  if (i < 0 || static_cast<size_t>(i) >= launchLog.size())
    return nullptr;
  const Launch &launch = launchLog[static_cast<size_t>(i)];
  *count = static_cast<int>(launch.params.size());
  for (int k = 0; k < *count && k < max; ++k)
    params[k] = launch.params[static_cast<size_t>(k)];
  return launch.kernel.c_str();
}

/// The live allocation that contains the device address, or -1.
int fake_allocation_of(uint64_t address) {
  for (size_t i = 0; i < allocations.size(); ++i)
    if (allocations[i].second && address >= allocations[i].first &&
        address < allocations[i].first + allocations[i].second)
      return static_cast<int>(i);
  return -1;
}

/// Bytes copied to the device and to the host so far.
void fake_copied(size_t *to_device, size_t *to_host) {
  *to_device = bytesToDevice;
  *to_host = bytesToHost;
}

} // extern "C"

//===- cuda.cpp - The CUDA driver API through dlopen ----------------------===//
//
// libcuda.so.1 is opened on first use and the entry points looked up by
// name, so that libtgrt builds and runs without CUDA. The types and
// constants below are the driver API's (an int result, opaque handles, a
// 64-bit device address), declared here because cuda.h is not part of a
// Debian system.
//
//===----------------------------------------------------------------------===//

#include "tgrt/cuda.h"

#include "internal.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace tgrt::detail;

// The driver's opaque handle types, at namespace scope as in cuda.h, so
// that the function types below are the driver's own (a call through a
// pointer of another function type is undefined; UBSan's function check
// reports it).
struct CUctx_st;
struct CUmod_st;
struct CUfunc_st;
struct CUstream_st;

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = CUctx_st *;
using CUmodule = CUmod_st *;
using CUfunction = CUfunc_st *;
using CUstream = CUstream_st *;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
constexpr int CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr int CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;

/// The driver's entry points tgrt uses.
struct Driver {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuCtxSynchronize)();
  CUresult (*cuModuleLoadDataEx)(CUmodule *, const void *, unsigned, int *,
                                 void **);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, unsigned, CUstream,
                             void **, void **);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
};

/// The process's driver: loaded and initialised once; `error` says why not.
struct LoadedDriver {
  Driver api{};
  std::string error;
};

const LoadedDriver &GetDriver() {
  static const LoadedDriver *loaded = [] {
    auto *result = new LoadedDriver;
    const char *override = std::getenv("TGRT_CUDA_DRIVER");
    std::string name = override && *override ? override : "libcuda.so.1";
    void *handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char *why = dlerror();
      result->error = "CUDA driver library '" + name +
                      "' cannot be loaded: " + (why ? why : "unknown error") +
                      " (no NVIDIA driver installed?)";
      return result;
    }
    Driver &d = result->api;
    struct Symbol {
      const char *name;
      void **slot;
    };
    const Symbol symbols[] = {
        {"cuInit", reinterpret_cast<void **>(&d.cuInit)},
        {"cuGetErrorString", reinterpret_cast<void **>(&d.cuGetErrorString)},
        {"cuDeviceGetCount", reinterpret_cast<void **>(&d.cuDeviceGetCount)},
        {"cuDeviceGet", reinterpret_cast<void **>(&d.cuDeviceGet)},
        {"cuDeviceGetName", reinterpret_cast<void **>(&d.cuDeviceGetName)},
        {"cuDeviceGetAttribute",
         reinterpret_cast<void **>(&d.cuDeviceGetAttribute)},
        {"cuDevicePrimaryCtxRetain",
         reinterpret_cast<void **>(&d.cuDevicePrimaryCtxRetain)},
        {"cuDevicePrimaryCtxRelease_v2",
         reinterpret_cast<void **>(&d.cuDevicePrimaryCtxRelease)},
        {"cuCtxSetCurrent", reinterpret_cast<void **>(&d.cuCtxSetCurrent)},
        {"cuCtxSynchronize", reinterpret_cast<void **>(&d.cuCtxSynchronize)},
        {"cuModuleLoadDataEx",
         reinterpret_cast<void **>(&d.cuModuleLoadDataEx)},
        {"cuModuleUnload", reinterpret_cast<void **>(&d.cuModuleUnload)},
        {"cuModuleGetFunction",
         reinterpret_cast<void **>(&d.cuModuleGetFunction)},
        {"cuLaunchKernel", reinterpret_cast<void **>(&d.cuLaunchKernel)},
        {"cuMemAlloc_v2", reinterpret_cast<void **>(&d.cuMemAlloc)},
        {"cuMemFree_v2", reinterpret_cast<void **>(&d.cuMemFree)},
        {"cuMemcpyHtoD_v2", reinterpret_cast<void **>(&d.cuMemcpyHtoD)},
        {"cuMemcpyDtoH_v2", reinterpret_cast<void **>(&d.cuMemcpyDtoH)},
    };
    for (const Symbol &symbol : symbols) {
      *symbol.slot = dlsym(handle, symbol.name);
      if (!*symbol.slot) {
        result->error = "CUDA driver library '" + name + "' has no " +
                        symbol.name + " (driver too old?)";
        return result;
      }
    }
    CUresult rc = d.cuInit(0);
    if (rc != CUDA_SUCCESS) {
      const char *text = nullptr;
      d.cuGetErrorString(rc, &text);
      result->error = "CUDA driver initialisation failed: " +
                      std::string(text ? text : "error " + std::to_string(rc));
    }
    return result;
  }();
  return *loaded;
}

/// The driver, or an UNAVAILABLE status.
tgrt_status *Api(const Driver **out) {
  const LoadedDriver &driver = GetDriver();
  if (!driver.error.empty())
    return MakeStatus(TGRT_UNAVAILABLE, driver.error);
  *out = &driver.api;
  return nullptr;
}

/// A status for a failed driver call, or NULL.
tgrt_status *Check(const Driver &d, CUresult rc, const std::string &what,
                   tgrt_code code = TGRT_INTERNAL) {
  if (rc == CUDA_SUCCESS)
    return nullptr;
  const char *text = nullptr;
  d.cuGetErrorString(rc, &text);
  return MakeStatus(code, what + ": " +
                              (text ? std::string(text)
                                    : "CUDA error " + std::to_string(rc)));
}

} // namespace

struct tgrt_cuda_kernel {
  CUfunction function = nullptr;
  std::string name;
};

struct tgrt_cuda_module {
  CUmodule module = nullptr;
  std::vector<std::unique_ptr<tgrt_cuda_kernel>> kernels;
};

struct tgrt_cuda_context {
  const Driver *api = nullptr;
  CUdevice device = 0;
  CUcontext context = nullptr;
  std::vector<std::unique_ptr<tgrt_cuda_module>> modules;

  tgrt_status *MakeCurrent() const {
    return Check(*api, api->cuCtxSetCurrent(context), "cuCtxSetCurrent");
  }
};

extern "C" {

tgrt_status *tgrt_cuda_device_count(int *out_count) {
  return Guard([&]() -> tgrt_status * {
    if (!out_count)
      return MakeStatus(TGRT_INVALID_ARGUMENT, "out_count is NULL");
    const Driver *d;
    if (tgrt_status *st = Api(&d))
      return st;
    int count = 0;
    if (tgrt_status *st = Check(*d, d->cuDeviceGetCount(&count),
                                "cannot count CUDA devices", TGRT_UNAVAILABLE))
      return st;
    *out_count = count;
    return nullptr;
  });
}

tgrt_status *tgrt_cuda_device_info(int device, char *name, size_t name_bytes,
                                   int *out_major, int *out_minor) {
  return Guard([&]() -> tgrt_status * {
    const Driver *d;
    if (tgrt_status *st = Api(&d))
      return st;
    int count = 0;
    if (tgrt_status *st = Check(*d, d->cuDeviceGetCount(&count),
                                "cannot count CUDA devices", TGRT_UNAVAILABLE))
      return st;
    if (device < 0 || device >= count)
      return MakeStatus(count == 0 ? TGRT_UNAVAILABLE : TGRT_INVALID_ARGUMENT,
                        "no CUDA device " + std::to_string(device) +
                            " (the machine has " + std::to_string(count) + ")");
    CUdevice dev;
    if (tgrt_status *st = Check(*d, d->cuDeviceGet(&dev, device), "cuDeviceGet"))
      return st;
    int major = 0, minor = 0;
    if (tgrt_status *st = Check(
            *d,
            d->cuDeviceGetAttribute(
                &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
            "cuDeviceGetAttribute"))
      return st;
    if (tgrt_status *st = Check(
            *d,
            d->cuDeviceGetAttribute(
                &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev),
            "cuDeviceGetAttribute"))
      return st;
    if (name && name_bytes > 0)
      if (tgrt_status *st = Check(
              *d,
              d->cuDeviceGetName(name, static_cast<int>(name_bytes), dev),
              "cuDeviceGetName"))
        return st;
    if (out_major)
      *out_major = major;
    if (out_minor)
      *out_minor = minor;
    return nullptr;
  });
}

tgrt_status *tgrt_cuda_context_create(int device, tgrt_cuda_context **out) {
  return Guard([&]() -> tgrt_status * {
    if (!out)
      return MakeStatus(TGRT_INVALID_ARGUMENT, "out context is NULL");
    if (tgrt_status *st = tgrt_cuda_device_info(device, nullptr, 0, nullptr,
                                                nullptr))
      return st;
    const Driver *d;
    if (tgrt_status *st = Api(&d))
      return st;
    auto context = std::make_unique<tgrt_cuda_context>();
    context->api = d;
    if (tgrt_status *st =
            Check(*d, d->cuDeviceGet(&context->device, device), "cuDeviceGet"))
      return st;
    if (tgrt_status *st = Check(
            *d, d->cuDevicePrimaryCtxRetain(&context->context, context->device),
            "cannot create a context on CUDA device " + std::to_string(device),
            TGRT_UNAVAILABLE))
      return st;
    *out = context.release();
    return nullptr;
  });
}

void tgrt_cuda_context_destroy(tgrt_cuda_context *context) {
  if (!context)
    return;
  const Driver &d = *context->api;
  if (d.cuCtxSetCurrent(context->context) == CUDA_SUCCESS)
    for (auto &module : context->modules)
      d.cuModuleUnload(module->module);
  d.cuDevicePrimaryCtxRelease(context->device);
  delete context;
}

tgrt_status *tgrt_cuda_module_load(tgrt_cuda_context *context, const char *ptx,
                                   tgrt_cuda_module **out) {
  return Guard([&]() -> tgrt_status * {
    if (!context || !ptx || !out)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        "context, PTX and out module must not be NULL");
    if (tgrt_status *st = context->MakeCurrent())
      return st;
    const Driver &d = *context->api;
    std::vector<char> log(8192, '\0');
    int options[] = {CU_JIT_ERROR_LOG_BUFFER,
                     CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
    void *values[] = {log.data(),
                      reinterpret_cast<void *>(static_cast<uintptr_t>(
                          log.size()))};
    auto module = std::make_unique<tgrt_cuda_module>();
    CUresult rc = d.cuModuleLoadDataEx(&module->module, ptx, 2, options, values);
    if (rc != CUDA_SUCCESS) {
      const char *text = nullptr;
      d.cuGetErrorString(rc, &text);
      log.back() = '\0';
      std::string message =
          "the CUDA driver cannot load the PTX: " +
          (text ? std::string(text) : "CUDA error " + std::to_string(rc));
      if (log[0])
        message += "\n" + std::string(log.data());
      return MakeStatus(TGRT_INVALID_ARGUMENT, message);
    }
    *out = module.get();
    context->modules.push_back(std::move(module));
    return nullptr;
  });
}

tgrt_status *tgrt_cuda_module_kernel(tgrt_cuda_module *module, const char *name,
                                     tgrt_cuda_kernel **out) {
  return Guard([&]() -> tgrt_status * {
    if (!module || !name || !out)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        "module, name and out kernel must not be NULL");
    for (auto &kernel : module->kernels)
      if (kernel->name == name) {
        *out = kernel.get();
        return nullptr;
      }
    const Driver *d;
    if (tgrt_status *st = Api(&d))
      return st;
    auto kernel = std::make_unique<tgrt_cuda_kernel>();
    kernel->name = name;
    if (d->cuModuleGetFunction(&kernel->function, module->module, name) !=
        CUDA_SUCCESS)
      return MakeStatus(TGRT_NOT_FOUND, std::string("no kernel named '") +
                                            name + "' in the CUDA module");
    *out = kernel.get();
    module->kernels.push_back(std::move(kernel));
    return nullptr;
  });
}

tgrt_status *tgrt_cuda_launch(tgrt_cuda_context *context,
                              const tgrt_cuda_kernel *kernel,
                              const uint32_t grid[3], const uint32_t block[3],
                              size_t shared_bytes, void **args) {
  return Guard([&]() -> tgrt_status * {
    if (!context || !kernel || !grid || !block)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        "context, kernel, grid and block must not be NULL");
    if (tgrt_status *st = context->MakeCurrent())
      return st;
    const Driver &d = *context->api;
    return Check(d,
                 d.cuLaunchKernel(kernel->function, grid[0], grid[1], grid[2],
                                  block[0], block[1], block[2],
                                  static_cast<unsigned>(shared_bytes), nullptr,
                                  args, nullptr),
                 "launching kernel '" + kernel->name + "' failed");
  });
}

tgrt_status *tgrt_cuda_synchronize(tgrt_cuda_context *context) {
  return Guard([&]() -> tgrt_status * {
    if (!context)
      return MakeStatus(TGRT_INVALID_ARGUMENT, "context is NULL");
    if (tgrt_status *st = context->MakeCurrent())
      return st;
    return Check(*context->api, context->api->cuCtxSynchronize(),
                 "a CUDA kernel failed");
  });
}

tgrt_status *tgrt_cuda_malloc(tgrt_cuda_context *context, size_t bytes,
                              uint64_t *out_device_ptr) {
  return Guard([&]() -> tgrt_status * {
    if (!context || !out_device_ptr)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        "context and out pointer must not be NULL");
    if (tgrt_status *st = context->MakeCurrent())
      return st;
    CUdeviceptr ptr = 0;
    if (tgrt_status *st = Check(
            *context->api, context->api->cuMemAlloc(&ptr, bytes ? bytes : 1),
            "cannot allocate " + std::to_string(bytes) +
                " bytes of device memory"))
      return st;
    *out_device_ptr = ptr;
    return nullptr;
  });
}

tgrt_status *tgrt_cuda_free(tgrt_cuda_context *context, uint64_t device_ptr) {
  return Guard([&]() -> tgrt_status * {
    if (!context)
      return MakeStatus(TGRT_INVALID_ARGUMENT, "context is NULL");
    if (tgrt_status *st = context->MakeCurrent())
      return st;
    return Check(*context->api, context->api->cuMemFree(device_ptr),
                 "cuMemFree");
  });
}

tgrt_status *tgrt_cuda_copy_to_device(tgrt_cuda_context *context,
                                      uint64_t device_ptr, const void *host,
                                      size_t bytes) {
  return Guard([&]() -> tgrt_status * {
    if (!context || (!host && bytes))
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        "context and host buffer must not be NULL");
    if (tgrt_status *st = context->MakeCurrent())
      return st;
    return Check(*context->api,
                 context->api->cuMemcpyHtoD(device_ptr, host, bytes),
                 "copying " + std::to_string(bytes) + " bytes to the device");
  });
}

tgrt_status *tgrt_cuda_copy_to_host(tgrt_cuda_context *context, void *host,
                                    uint64_t device_ptr, size_t bytes) {
  return Guard([&]() -> tgrt_status * {
    if (!context || (!host && bytes))
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        "context and host buffer must not be NULL");
    if (tgrt_status *st = context->MakeCurrent())
      return st;
    return Check(*context->api,
                 context->api->cuMemcpyDtoH(host, device_ptr, bytes),
                 "copying " + std::to_string(bytes) + " bytes to the host");
  });
}

} // extern "C"

//===- cuda_session.cpp - Sessions of CUDA models -------------------------===//
//
// A CUDA model's session owns, on one device: its PTX module and kernels,
// the constant pool (uploaded once), one buffer per feed, fetch and
// variable and the arena (a static plan, allocated once). The session's
// host buffers stay the API's view of the tensors: a run uploads the
// entry's feeds, launches the entry's kernels through the generated code,
// and downloads its fetches. Variables live on the device; they are copied
// to the host when the API reads them and back before the next run when
// the API may have changed them.
//
//===----------------------------------------------------------------------===//

#include "cuda_session.h"

#include "tgrt/cuda.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace tgrt::detail;

/// What the generated code reaches through its `device` argument.
struct tgrt_cuda_exec {
  tgrt_cuda_context *context = nullptr;
  std::vector<tgrt_cuda_kernel *> kernels;
  uint64_t constants = 0;
  tgrt_status *error = nullptr; // the first failed launch
};

extern "C" {

/// Called by the generated code for each gpu.launch_func. Launches nothing
/// once a launch has failed; the session reports that first error.
TGRT_API int32_t TGRT_FN_CUDA_EXEC_LAUNCH(tgrt_cuda_exec *exec, int32_t kernel,
                                       uint32_t grid_x, uint32_t grid_y,
                                       uint32_t grid_z, uint32_t block_x,
                                       uint32_t block_y, uint32_t block_z,
                                       uint32_t shared_bytes, void **args) {
  if (exec->error)
    return 1;
  if (kernel < 0 || static_cast<size_t>(kernel) >= exec->kernels.size()) {
    exec->error = MakeStatus(TGRT_INTERNAL,
                             "the model launches kernel " +
                                 std::to_string(kernel) + " but has " +
                                 std::to_string(exec->kernels.size()));
    return 1;
  }
  const uint32_t grid[3] = {grid_x, grid_y, grid_z};
  const uint32_t block[3] = {block_x, block_y, block_z};
  if (tgrt_status *st = tgrt_cuda_launch(exec->context, exec->kernels[kernel],
                                         grid, block, shared_bytes, args)) {
    exec->error = st; // it names the kernel
    return 1;
  }
  return 0;
}

/// Host code reading a device buffer (a loop's or a conditional's
/// predicate): waits for the queued kernels and copies `bytes` to `dst`.
/// On failure it records the error and writes zeros (a loop condition that
/// cannot be read ends the loop).
TGRT_API int32_t TGRT_FN_CUDA_EXEC_READ(tgrt_cuda_exec *exec, void *dst,
                                     const void *src, uint64_t bytes) {
  tgrt_status *st =
      exec->error ? nullptr
                  : tgrt_cuda_copy_to_host(
                        exec->context, dst,
                        static_cast<uint64_t>(reinterpret_cast<uintptr_t>(src)),
                        static_cast<size_t>(bytes));
  if (exec->error || st) {
    if (!exec->error)
      exec->error = st;
    std::memset(dst, 0, static_cast<size_t>(bytes));
    return 1;
  }
  return 0;
}

/// Host code writing a device buffer.
TGRT_API int32_t TGRT_FN_CUDA_EXEC_WRITE(tgrt_cuda_exec *exec, void *dst,
                                      const void *src, uint64_t bytes) {
  if (exec->error)
    return 1;
  if (tgrt_status *st = tgrt_cuda_copy_to_device(
          exec->context,
          static_cast<uint64_t>(reinterpret_cast<uintptr_t>(dst)), src,
          static_cast<size_t>(bytes))) {
    exec->error = st;
    return 1;
  }
  return 0;
}

/// The device address of the constant pool.
TGRT_API void *TGRT_FN_CUDA_EXEC_CONSTANTS(tgrt_cuda_exec *exec) {
  return reinterpret_cast<void *>(static_cast<uintptr_t>(exec->constants));
}

} // extern "C"

namespace tgrt {
namespace detail {

struct CudaState {
  const tgrt_model_def *model = nullptr;
  tgrt_cuda_context *context = nullptr;
  tgrt_cuda_exec exec;
  std::vector<uint64_t> device; // feeds, fetches, variables (as on the host)
  std::vector<void *> device_ptrs;
  uint64_t arena = 0;
  bool variables_on_device_newer = false;
  bool variables_on_host_newer = false;

  ~CudaState() {
    if (!context)
      return;
    for (uint64_t p : device)
      tgrt_status_free(tgrt_cuda_free(context, p));
    tgrt_status_free(tgrt_cuda_free(context, arena));
    tgrt_status_free(tgrt_cuda_free(context, exec.constants));
    tgrt_status_free(exec.error);
    tgrt_cuda_context_destroy(context);
  }

  tgrt_status *Allocate(size_t bytes, uint64_t *out, const std::string &what) {
    // cuMemAlloc refuses 0 bytes; its blocks are 256-byte aligned.
    if (tgrt_status *st = tgrt_cuda_malloc(context, bytes ? bytes : 256, out))
      return PrefixStatus(st, "cannot allocate " + std::to_string(bytes) +
                                  " bytes of device memory for " + what + ": ");
    return nullptr;
  }

  int64_t VariableBase() const {
    return model->num_feeds + model->num_fetches;
  }
};

tgrt_status *CudaSessionCreate(const tgrt_model_def *model,
                               const std::vector<void *> &host,
                               const std::vector<size_t> &bytes,
                               size_t arena_bytes, CudaState **out) {
  int device = 0;
  if (const char *env = std::getenv("TGRT_CUDA_DEVICE")) {
    char *end = nullptr;
    long value = std::strtol(env, &end, 10);
    if (!*env || *end || value < 0)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        std::string("TGRT_CUDA_DEVICE='") + env +
                            "' is not a device number");
    device = static_cast<int>(value);
  }
  std::string label = std::string("CUDA model '") +
                      (model->name ? model->name : "") + "'";
  std::unique_ptr<CudaState> state(new CudaState);
  state->model = model;
  if (tgrt_status *st = tgrt_cuda_context_create(device, &state->context))
    return PrefixStatus(st, "cannot create a session of " + label + ": ");
  state->exec.context = state->context;

  tgrt_cuda_module *module = nullptr;
  if (tgrt_status *st = tgrt_cuda_module_load(state->context, model->ptx,
                                              &module))
    return PrefixStatus(st, "cannot load the kernels of " + label + ": ");
  for (int64_t i = 0; i < model->num_kernels; ++i) {
    tgrt_cuda_kernel *kernel = nullptr;
    if (tgrt_status *st =
            tgrt_cuda_module_kernel(module, model->kernel_names[i], &kernel))
      return PrefixStatus(st, label + ": ");
    state->exec.kernels.push_back(kernel);
  }

  if (tgrt_status *st = state->Allocate(
          static_cast<size_t>(model->constant_bytes), &state->exec.constants,
          "the constants"))
    return st;
  if (model->constant_bytes > 0)
    if (tgrt_status *st = tgrt_cuda_copy_to_device(
            state->context, state->exec.constants, model->constants,
            static_cast<size_t>(model->constant_bytes)))
      return st;
  for (size_t i = 0; i < host.size(); ++i) {
    uint64_t p = 0;
    if (tgrt_status *st = state->Allocate(bytes[i], &p, "a tensor"))
      return st;
    state->device.push_back(p);
    state->device_ptrs.push_back(
        reinterpret_cast<void *>(static_cast<uintptr_t>(p)));
  }
  if (tgrt_status *st = state->Allocate(arena_bytes, &state->arena,
                                        "the arena"))
    return st;
  // The variables' initial values (already in the host buffers).
  state->variables_on_host_newer = true;
  *out = state.release();
  return nullptr;
}

void CudaSessionDestroy(CudaState *state) { delete state; }

namespace {

tgrt_status *UploadVariables(CudaState *s, const std::vector<void *> &host,
                             const std::vector<size_t> &bytes) {
  for (int64_t i = 0; i < s->model->num_variables; ++i) {
    size_t b = static_cast<size_t>(s->VariableBase() + i);
    if (bytes[b])
      if (tgrt_status *st = tgrt_cuda_copy_to_device(s->context, s->device[b],
                                                     host[b], bytes[b]))
        return st;
  }
  s->variables_on_host_newer = false;
  return nullptr;
}

} // namespace

uint64_t CudaSessionDeviceBuffer(const CudaState *s, size_t b) {
  return b < s->device.size() ? s->device[b] : 0;
}

tgrt_status *CudaSessionRun(CudaState *s, const tgrt_entry_def &entry,
                            const std::vector<void *> &host,
                            const std::vector<size_t> &bytes, bool copy) {
  if (s->exec.error)
    return MakeStatus(s->exec.error->code, s->exec.error->message);
  if (s->variables_on_host_newer)
    if (tgrt_status *st = UploadVariables(s, host, bytes))
      return st;
  for (int64_t k = 0; copy && k < entry.num_feeds; ++k) {
    size_t b = static_cast<size_t>(entry.feeds[k]);
    if (bytes[b])
      if (tgrt_status *st = tgrt_cuda_copy_to_device(s->context, s->device[b],
                                                     host[b], bytes[b]))
        return st;
  }
  entry.fn(s->device_ptrs.data(),
           reinterpret_cast<void *>(static_cast<uintptr_t>(s->arena)),
           &s->exec);
  s->variables_on_device_newer = s->model->num_variables > 0;
  if (s->exec.error)
    return MakeStatus(s->exec.error->code, s->exec.error->message);
  if (tgrt_status *st = tgrt_cuda_synchronize(s->context))
    return PrefixStatus(st, std::string("entry '") + entry.name + "': ");
  for (int64_t k = 0; copy && k < entry.num_fetches; ++k) {
    size_t b = static_cast<size_t>(s->model->num_feeds + entry.fetches[k]);
    if (bytes[b])
      if (tgrt_status *st = tgrt_cuda_copy_to_host(s->context, host[b],
                                                   s->device[b], bytes[b]))
        return st;
  }
  return nullptr;
}

tgrt_status *CudaSessionReadVariables(CudaState *s,
                                      const std::vector<void *> &host,
                                      const std::vector<size_t> &bytes) {
  if (!s->variables_on_device_newer)
    return nullptr;
  for (int64_t i = 0; i < s->model->num_variables; ++i) {
    size_t b = static_cast<size_t>(s->VariableBase() + i);
    if (bytes[b])
      if (tgrt_status *st = tgrt_cuda_copy_to_host(s->context, host[b],
                                                   s->device[b], bytes[b]))
        return st;
  }
  s->variables_on_device_newer = false;
  return nullptr;
}

void CudaSessionVariablesChanged(CudaState *s) {
  s->variables_on_host_newer = true;
}

} // namespace detail
} // namespace tgrt

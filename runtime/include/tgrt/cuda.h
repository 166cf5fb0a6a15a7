/*===- tgrt/cuda.h - tgrt's CUDA layer -------------------------*- C -*-===*
 *
 * Device, memory, PTX modules and kernel launches through the CUDA driver
 * API. The driver library (libcuda.so.1) is loaded with dlopen on first
 * use, so libtgrt neither links against CUDA nor needs it installed: on a
 * machine without the driver or without a device, every function here
 * returns a TGRT_UNAVAILABLE status saying so. The environment variable
 * TGRT_CUDA_DRIVER names another driver library (for tests).
 *
 * Conventions as in tgrt.h (statuses, NULL = OK, outputs written only on
 * success). A context is bound to one device and is not thread-safe; the
 * calls that use it make it current on the calling thread.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TGRT_CUDA_H
#define TGRT_CUDA_H

#include <stddef.h>
#include <stdint.h>

#include "tgrt/tgrt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Loads the driver (once per process) and counts the devices. UNAVAILABLE
 * when the driver cannot be loaded ("CUDA driver library 'libcuda.so.1'
 * cannot be loaded: ...") or cuInit fails (for example "no CUDA-capable
 * device is detected"); zero devices is not an error. */
TGRT_API tgrt_status *tgrt_cuda_device_count(int *out_count);

/* A device's name and compute capability (8.0 for sm_80). */
TGRT_API tgrt_status *tgrt_cuda_device_info(int device, char *name,
                                            size_t name_bytes, int *out_major,
                                            int *out_minor);

/* A context on `device` (the device's primary context, retained). */
typedef struct tgrt_cuda_context tgrt_cuda_context;
TGRT_API tgrt_status *tgrt_cuda_context_create(int device,
                                               tgrt_cuda_context **out);
/* Releases the context and every module loaded into it. NULL accepted. */
TGRT_API void tgrt_cuda_context_destroy(tgrt_cuda_context *context);

/* Loads a NUL-terminated PTX text (the driver compiles it for the device).
 * INVALID_ARGUMENT with the JIT's error log when it does not compile. The
 * module lives until the context is destroyed. */
typedef struct tgrt_cuda_module tgrt_cuda_module;
TGRT_API tgrt_status *tgrt_cuda_module_load(tgrt_cuda_context *context,
                                            const char *ptx,
                                            tgrt_cuda_module **out);

/* The kernel named `name` of a module; NOT_FOUND naming it if absent. The
 * handle belongs to the module. */
typedef struct tgrt_cuda_kernel tgrt_cuda_kernel;
TGRT_API tgrt_status *tgrt_cuda_module_kernel(tgrt_cuda_module *module,
                                              const char *name,
                                              tgrt_cuda_kernel **out);

/* Launches a kernel on the context's default stream: `grid` and `block`
 * have 3 entries; `args` holds one pointer per kernel parameter (to the
 * parameter's value, as cuLaunchKernel takes them). Asynchronous; errors
 * of the kernel itself surface at the next synchronize. */
TGRT_API tgrt_status *tgrt_cuda_launch(tgrt_cuda_context *context,
                                       const tgrt_cuda_kernel *kernel,
                                       const uint32_t grid[3],
                                       const uint32_t block[3],
                                       size_t shared_bytes, void **args);

/* Waits for the work of the context. */
TGRT_API tgrt_status *tgrt_cuda_synchronize(tgrt_cuda_context *context);

/* Device memory. `*out_device_ptr` is a device address (CUdeviceptr). */
TGRT_API tgrt_status *tgrt_cuda_malloc(tgrt_cuda_context *context,
                                       size_t bytes, uint64_t *out_device_ptr);
TGRT_API tgrt_status *tgrt_cuda_free(tgrt_cuda_context *context,
                                     uint64_t device_ptr);
TGRT_API tgrt_status *tgrt_cuda_copy_to_device(tgrt_cuda_context *context,
                                               uint64_t device_ptr,
                                               const void *host, size_t bytes);
TGRT_API tgrt_status *tgrt_cuda_copy_to_host(tgrt_cuda_context *context,
                                             void *host, uint64_t device_ptr,
                                             size_t bytes);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TGRT_CUDA_H */

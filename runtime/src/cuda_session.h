//===- cuda_session.h - Sessions of CUDA models -----------------*- C++ -*-===//
//
// Not installed. The device side of a tgrt_session whose model's target is
// TGRT_TARGET_CUDA (session.cpp keeps the host side). `host` and `bytes`
// are the session's buffers: feeds, fetches, variables.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_SRC_CUDA_SESSION_H
#define TGRT_SRC_CUDA_SESSION_H

#include "internal.h"

#include "tgrt/model_abi.h"

#include <vector>

namespace tgrt {
namespace detail {

struct CudaState;

/// Opens the device (TGRT_CUDA_DEVICE, default 0), loads the PTX, looks up
/// the kernels, uploads the constants and allocates every buffer and the
/// arena on the device. The variables' initial values (in `host`) go up
/// before the first run.
tgrt_status *CudaSessionCreate(const tgrt_model_def *model,
                               const std::vector<void *> &host,
                               const std::vector<size_t> &bytes,
                               size_t arena_bytes, CudaState **out);
void CudaSessionDestroy(CudaState *state);

/// Uploads the entry's feeds (and the variables if the host changed them),
/// runs the entry and downloads its fetches; with `copy` false the feeds
/// and fetches stay where they are (the caller works on the device).
tgrt_status *CudaSessionRun(CudaState *state, const tgrt_entry_def &entry,
                            const std::vector<void *> &host,
                            const std::vector<size_t> &bytes, bool copy);

/// The device address of buffer `b` (feeds, fetches, variables order).
uint64_t CudaSessionDeviceBuffer(const CudaState *state, size_t b);

/// Copies the variables to the host buffers if a run may have changed them.
tgrt_status *CudaSessionReadVariables(CudaState *state,
                                      const std::vector<void *> &host,
                                      const std::vector<size_t> &bytes);

/// The host buffers of the variables were (or may be) written: upload them
/// before the next run. Call CudaSessionReadVariables first.
void CudaSessionVariablesChanged(CudaState *state);

} // namespace detail
} // namespace tgrt

#endif // TGRT_SRC_CUDA_SESSION_H

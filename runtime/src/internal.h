//===- internal.h - Shared helpers of the tgrt implementation ---*- C++ -*-===//
//
// Not installed. Everything here has hidden visibility.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_SRC_INTERNAL_H
#define TGRT_SRC_INTERNAL_H

#include "tgrt/tgrt.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <string>

struct tgrt_status {
  tgrt_code code;
  std::string message;
};

namespace tgrt {
namespace detail {

/// Returns a new status (never NULL when code != TGRT_OK: on allocation
/// failure a static out-of-memory status is returned, which
/// tgrt_status_free ignores). Returns NULL for TGRT_OK.
tgrt_status *MakeStatus(tgrt_code code, const std::string &message) noexcept;

/// The static status returned when memory runs out.
tgrt_status *OutOfMemoryStatus() noexcept;

/// Returns `status` with `prefix` prepended to its message (consumes it).
tgrt_status *PrefixStatus(tgrt_status *status,
                          const std::string &prefix) noexcept;

/// Runs `fn` (returning tgrt_status*) and turns any exception into a status,
/// so that no exception crosses the C API.
template <typename Fn> tgrt_status *Guard(Fn &&fn) noexcept {
  try {
    return fn();
  } catch (const std::bad_alloc &) {
    return OutOfMemoryStatus();
  } catch (const std::exception &e) {
    return MakeStatus(TGRT_INTERNAL,
                      std::string("internal error: ") + e.what());
  } catch (...) {
    return MakeStatus(TGRT_INTERNAL, "internal error: unknown exception");
  }
}

/// "[1,784]"; "[]" for rank 0.
std::string FormatShape(int64_t rank, const int64_t *dims);

/// The dtype name, or "invalid dtype N" for unknown values.
std::string DescribeDtype(int64_t dtype);

/// "'a', 'b', 'c'" (names of the signature entries), or "" when n == 0.
std::string ListNames(const tgrt_tensor_sig *sigs, int64_t n);
std::string ListVariableNames(const tgrt_variable_def *vars, int64_t n);

/// Byte size of a tensor, or false when the shape/dtype is invalid or the
/// size overflows.
bool TensorBytes(int64_t dtype, int64_t rank, const int64_t *dims, size_t *out);

/// Checks a tensor given by a caller against the expected signature.
/// `what` is "feed" or "variable"; messages read
/// "feed 'x': expected shape [1,784], got [2,784]".
tgrt_status *CheckTensor(const char *what, const char *name, int64_t want_dtype,
                         int64_t want_rank, const int64_t *want_dims,
                         size_t want_bytes, int64_t dtype, int64_t rank,
                         const int64_t *dims, const void *data, size_t bytes);

} // namespace detail
} // namespace tgrt

#endif // TGRT_SRC_INTERNAL_H

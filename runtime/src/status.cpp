//===- status.cpp - Statuses, dtypes and small helpers --------------------===//

#include "internal.h"

#include <cstdlib>
#include <cstring>
#include <limits>

namespace tgrt {
namespace detail {

namespace {
// Returned when a status cannot be allocated; never freed.
tgrt_status *StaticOutOfMemory() noexcept {
  // "out of memory" fits the small-string buffer: no allocation.
  static tgrt_status oom{TGRT_INTERNAL, "out of memory"};
  return &oom;
}
} // namespace

tgrt_status *OutOfMemoryStatus() noexcept { return StaticOutOfMemory(); }

tgrt_status *MakeStatus(tgrt_code code, const std::string &message) noexcept {
  if (code == TGRT_OK)
    return nullptr;
  try {
    return new tgrt_status{code, message};
  } catch (...) {
    return StaticOutOfMemory();
  }
}

tgrt_status *PrefixStatus(tgrt_status *status,
                          const std::string &prefix) noexcept {
  if (!status || status == StaticOutOfMemory())
    return status;
  try {
    status->message.insert(0, prefix);
  } catch (...) {
  }
  return status;
}

std::string FormatShape(int64_t rank, const int64_t *dims) {
  std::string out = "[";
  for (int64_t i = 0; i < rank && dims; ++i) {
    if (i)
      out += ',';
    out += std::to_string(dims[i]);
  }
  out += ']';
  return out;
}

std::string DescribeDtype(int64_t dtype) {
  if (tgrt_dtype_size(dtype) == 0)
    return "invalid dtype " + std::to_string(dtype);
  return tgrt_dtype_name(dtype);
}

std::string ListNames(const tgrt_tensor_sig *sigs, int64_t n) {
  std::string out;
  for (int64_t i = 0; i < n; ++i) {
    if (i)
      out += ", ";
    out += '\'';
    out += sigs[i].name ? sigs[i].name : "";
    out += '\'';
  }
  return out;
}

std::string ListVariableNames(const tgrt_variable_def *vars, int64_t n) {
  std::string out;
  for (int64_t i = 0; i < n; ++i) {
    if (i)
      out += ", ";
    out += '\'';
    out += vars[i].name ? vars[i].name : "";
    out += '\'';
  }
  return out;
}

bool TensorBytes(int64_t dtype, int64_t rank, const int64_t *dims,
                 size_t *out) {
  size_t elem = tgrt_dtype_size(dtype);
  int64_t n = tgrt_num_elements(rank, dims);
  if (elem == 0 || n < 0)
    return false;
  if (static_cast<uint64_t>(n) >
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) / elem)
    return false;
  *out = static_cast<size_t>(n) * elem;
  return true;
}

tgrt_status *CheckTensor(const char *what, const char *name, int64_t want_dtype,
                         int64_t want_rank, const int64_t *want_dims,
                         size_t want_bytes, int64_t dtype, int64_t rank,
                         const int64_t *dims, const void *data, size_t bytes) {
  std::string prefix = std::string(what) + " '" + name + "': ";
  if (dtype != want_dtype)
    return MakeStatus(TGRT_INVALID_ARGUMENT,
                      prefix + "expected dtype " + DescribeDtype(want_dtype) +
                          ", got " + DescribeDtype(dtype));
  if (rank < 0)
    return MakeStatus(TGRT_INVALID_ARGUMENT,
                      prefix + "invalid rank " + std::to_string(rank));
  if (rank > 0 && !dims)
    return MakeStatus(TGRT_INVALID_ARGUMENT, prefix +
                                                 "dims is NULL but rank is " +
                                                 std::to_string(rank));
  bool same = rank == want_rank;
  for (int64_t i = 0; same && i < rank; ++i)
    same = dims[i] == want_dims[i];
  if (!same)
    return MakeStatus(TGRT_INVALID_ARGUMENT,
                      prefix + "expected shape " +
                          FormatShape(want_rank, want_dims) + ", got " +
                          FormatShape(rank, dims));
  if (bytes != want_bytes)
    return MakeStatus(TGRT_INVALID_ARGUMENT,
                      prefix + "expected " + std::to_string(want_bytes) +
                          " bytes, got " + std::to_string(bytes));
  if (bytes > 0 && !data)
    return MakeStatus(TGRT_INVALID_ARGUMENT, prefix + "data is NULL");
  return nullptr;
}

} // namespace detail
} // namespace tgrt

using namespace tgrt::detail;

extern "C" {

tgrt_code tgrt_status_code(const tgrt_status *status) {
  return status ? status->code : TGRT_OK;
}

const char *tgrt_status_message(const tgrt_status *status) {
  return status ? status->message.c_str() : "";
}

tgrt_status *tgrt_status_new(tgrt_code code, const char *message) {
  if (code == TGRT_OK)
    return nullptr;
  try {
    return MakeStatus(code, message ? std::string(message) : std::string());
  } catch (...) {
    return OutOfMemoryStatus();
  }
}

void tgrt_status_free(tgrt_status *status) {
  if (status && status != OutOfMemoryStatus())
    delete status;
}

void tgrt_free(void *ptr) { std::free(ptr); }

const char *tgrt_dtype_name(int64_t dtype) {
  return tgrt_abi_dtype_name(dtype);
}

size_t tgrt_dtype_size(int64_t dtype) {
  return static_cast<size_t>(tgrt_abi_dtype_size(dtype));
}

int64_t tgrt_dtype_from_name(const char *name) {
  if (!name)
    return TGRT_DTYPE_INVALID;
  for (int64_t d = TGRT_DTYPE_F32; d <= TGRT_DTYPE_U8; ++d)
    if (std::strcmp(name, tgrt_dtype_name(d)) == 0)
      return d;
  return TGRT_DTYPE_INVALID;
}

int64_t tgrt_num_elements(int64_t rank, const int64_t *dims) {
  if (rank < 0 || (rank > 0 && !dims))
    return -1;
  bool zero = false;
  for (int64_t i = 0; i < rank; ++i) {
    if (dims[i] < 0)
      return -1;
    zero = zero || dims[i] == 0;
  }
  if (zero)
    return 0;
  int64_t n = 1;
  for (int64_t i = 0; i < rank; ++i) {
    if (n > std::numeric_limits<int64_t>::max() / dims[i])
      return -1;
    n *= dims[i];
  }
  return n;
}

} // extern "C"

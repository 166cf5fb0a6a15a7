//===- npy.h - Reading and writing numpy .npy files -------------*- C++ -*-===//
//
// A small static library (tgrt_npy) used by tgc-run and the unit tests; it
// is not part of libtgrt's C API and is not installed.
//
// Supported: format versions 1.0, 2.0 and 3.0; C order only; little-endian
// (or byte-order-free) element types mapped to tgrt dtypes:
//   <f4 float32   <f8 float64   <f2 float16   <u2 bfloat16 (raw bits)
//   <i1 |i1 int8  <i2 int16     <i4 int32     <i8 int64
//   |u1 <u1 uint8 |b1 <b1 bool
// ('=' is accepted for '<'). numpy has no bfloat16, so bfloat16 tensors are
// written as '<u2' holding the raw 16-bit patterns, and '<u2' files are read
// as bfloat16.
//
// Thread-safety: all functions are reentrant.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_NPY_NPY_H
#define TGRT_NPY_NPY_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tgrt {
namespace npy {

/// A dense C-order array read from a .npy file.
struct Array {
  int64_t dtype = 0; ///< a tgrt_dtype
  std::vector<int64_t> shape;
  std::vector<unsigned char> data; ///< num_elements * dtype size bytes
};

/// The numpy descr written for a tgrt dtype ("<f4"), or "" if none.
std::string DescrForDtype(int64_t dtype);

/// The tgrt dtype of a numpy descr, or 0 (TGRT_DTYPE_INVALID) when
/// unsupported.
int64_t DtypeForDescr(const std::string &descr);

/// Parses the bytes of a .npy file. On failure returns false and sets
/// *error to a message without the file name (e.g. "truncated data: expected
/// 3136 bytes, found 100").
bool Parse(const void *bytes, size_t size, Array *out, std::string *error);

/// Reads and parses a .npy file. On failure returns false and sets *error
/// to a message (without the file name, which the caller adds).
bool ReadFile(const std::string &path, Array *out, std::string *error);

/// Serializes an array (version 1.0, or 2.0 when the header needs it).
/// Returns false (and sets *error) for an unsupported dtype, an invalid
/// shape, or a byte count that does not match the shape.
bool Serialize(int64_t dtype, int64_t rank, const int64_t *dims,
               const void *data, size_t bytes, std::string *out,
               std::string *error);

/// Serializes and writes a .npy file. On failure returns false and sets
/// *error (which names the path for I/O errors).
bool WriteFile(const std::string &path, int64_t dtype, int64_t rank,
               const int64_t *dims, const void *data, size_t bytes,
               std::string *error);

} // namespace npy
} // namespace tgrt

#endif // TGRT_NPY_NPY_H

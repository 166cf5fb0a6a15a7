//===- npy_lite.h - A minimal reader of NumPy .npy files --------*- C++ -*-===//
//
// Reads the arrays the MNIST example and the e2e tests use: little-endian
// float32 ('<f4') or int64 ('<i8') arrays in C order, written by
// numpy.save (format version 1.0 or 2.0). Header-only and self-contained so
// the example does not depend on the runtime's own .npy support.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_EXAMPLES_MNIST_MLP_NPY_LITE_H
#define TGC_EXAMPLES_MNIST_MLP_NPY_LITE_H

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <type_traits>
#include <vector>

namespace npy_lite {

/// A dense array in row-major order.
template <typename T> struct Array {
  std::vector<int64_t> shape;
  std::vector<T> data;

  /// The number of elements, the product of `shape` (1 for a scalar).
  int64_t size() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

namespace detail {

/// The .npy type string of T, or nullptr where T is not supported.
template <typename T> const char *descrOf() {
  if (std::is_same<T, float>::value)
    return "<f4";
  if (std::is_same<T, int64_t>::value)
    return "<i8";
  return nullptr;
}

/// Returns the text after `'key':` in the header dictionary, with leading
/// blanks skipped, or an empty string where the key is missing.
inline std::string valueOf(const std::string &header, const std::string &key) {
  std::string quoted = "'" + key + "'";
  size_t pos = header.find(quoted);
  if (pos == std::string::npos)
    return {};
  pos = header.find(':', pos + quoted.size());
  if (pos == std::string::npos)
    return {};
  pos = header.find_first_not_of(" \t", pos + 1);
  if (pos == std::string::npos)
    return {};
  return header.substr(pos);
}

/// Parses a Python tuple such as "(16, 784)", "(16,)" or "()".
inline bool parseShape(const std::string &text, std::vector<int64_t> &shape) {
  if (text.empty() || text[0] != '(')
    return false;
  size_t end = text.find(')');
  if (end == std::string::npos)
    return false;
  shape.clear();
  size_t pos = 1;
  while (pos < end) {
    pos = text.find_first_not_of(" ,", pos);
    if (pos == std::string::npos || pos >= end)
      break;
    int64_t value = 0;
    size_t digits = 0;
    while (pos < end && text[pos] >= '0' && text[pos] <= '9') {
      value = value * 10 + (text[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0)
      return false;
    shape.push_back(value);
  }
  return true;
}

inline bool isLittleEndianHost() {
  const uint16_t probe = 1;
  unsigned char first;
  std::memcpy(&first, &probe, 1);
  return first == 1;
}

} // namespace detail

/// Reads `path` into `out`. Returns false and sets `error` when the file is
/// missing, is not a .npy file, or holds another element type or layout.
template <typename T>
bool load(const std::string &path, Array<T> &out, std::string &error) {
  const char *descr = detail::descrOf<T>();
  if (!descr) {
    error = "npy_lite: unsupported element type";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return false;
  }
  char magic[8];
  if (!in.read(magic, sizeof(magic)) ||
      std::memcmp(magic, "\x93NUMPY", 6) != 0) {
    error = "'" + path + "' is not a .npy file";
    return false;
  }
  const int major = static_cast<unsigned char>(magic[6]);
  uint32_t headerLen = 0;
  if (major == 1) {
    unsigned char len[2];
    if (!in.read(reinterpret_cast<char *>(len), 2)) {
      error = "'" + path + "': truncated header";
      return false;
    }
    headerLen = len[0] | (uint32_t(len[1]) << 8);
  } else if (major == 2) {
    unsigned char len[4];
    if (!in.read(reinterpret_cast<char *>(len), 4)) {
      error = "'" + path + "': truncated header";
      return false;
    }
    headerLen = len[0] | (uint32_t(len[1]) << 8) | (uint32_t(len[2]) << 16) |
                (uint32_t(len[3]) << 24);
  } else {
    error = "'" + path + "': unsupported .npy version " + std::to_string(major);
    return false;
  }
  std::string header(headerLen, '\0');
  if (!in.read(&header[0], headerLen)) {
    error = "'" + path + "': truncated header";
    return false;
  }
  header.erase(header.find_last_not_of(" \n") + 1);

  std::string descrValue = detail::valueOf(header, "descr");
  if (descrValue.compare(0, std::strlen(descr) + 2,
                         "'" + std::string(descr) + "'") != 0) {
    error = "'" + path + "': expected dtype " + descr + ", header is " + header;
    return false;
  }
  if (detail::valueOf(header, "fortran_order").compare(0, 5, "False") != 0) {
    error = "'" + path + "': only C-order arrays are supported";
    return false;
  }
  if (!detail::parseShape(detail::valueOf(header, "shape"), out.shape)) {
    error = "'" + path + "': cannot parse the shape in " + header;
    return false;
  }
  if (!detail::isLittleEndianHost()) {
    error = "npy_lite: big-endian hosts are not supported";
    return false;
  }

  out.data.resize(static_cast<size_t>(out.size()));
  const std::streamsize bytes =
      static_cast<std::streamsize>(out.data.size() * sizeof(T));
  if (!in.read(reinterpret_cast<char *>(out.data.data()), bytes)) {
    error = "'" + path + "': file shorter than its shape says";
    return false;
  }
  return true;
}

} // namespace npy_lite

#endif // TGC_EXAMPLES_MNIST_MLP_NPY_LITE_H

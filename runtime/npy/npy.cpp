//===- npy.cpp - Reading and writing numpy .npy files ---------------------===//

#include "npy.h"

#include "tgrt/tgrt.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

namespace tgrt {
namespace npy {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

// A parser of the header: a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (1, 784), }
class HeaderParser {
public:
  HeaderParser(const char *begin, const char *end) : p_(begin), end_(end) {}

  bool Parse(std::string *descr, bool *fortran, std::vector<int64_t> *shape,
             std::string *error) {
    bool have_descr = false, have_fortran = false, have_shape = false;
    SkipSpace();
    if (!Consume('{'))
      return Fail("header is not a dict", error);
    for (;;) {
      SkipSpace();
      if (Consume('}'))
        break;
      std::string key;
      if (!String(&key))
        return Fail("expected a quoted key in the header", error);
      SkipSpace();
      if (!Consume(':'))
        return Fail("expected ':' after '" + key + "' in the header", error);
      SkipSpace();
      if (key == "descr") {
        if (p_ < end_ && *p_ == '[')
          return Fail("structured dtypes are not supported", error);
        if (!String(descr))
          return Fail("'descr' is not a string", error);
        have_descr = true;
      } else if (key == "fortran_order") {
        if (Word("True"))
          *fortran = true;
        else if (Word("False"))
          *fortran = false;
        else
          return Fail("'fortran_order' is not True or False", error);
        have_fortran = true;
      } else if (key == "shape") {
        if (!Tuple(shape, error))
          return false;
        have_shape = true;
      } else {
        return Fail("unexpected key '" + key + "' in the header", error);
      }
      SkipSpace();
      if (Consume(','))
        continue;
      SkipSpace();
      if (Consume('}'))
        break;
      return Fail("expected ',' or '}' in the header", error);
    }
    SkipSpace();
    if (p_ != end_)
      return Fail("unexpected text after the header dict", error);
    if (!have_descr)
      return Fail("header has no 'descr'", error);
    if (!have_fortran)
      return Fail("header has no 'fortran_order'", error);
    if (!have_shape)
      return Fail("header has no 'shape'", error);
    return true;
  }

private:
  static bool Fail(const std::string &msg, std::string *error) {
    *error = "bad header: " + msg;
    return false;
  }
  void SkipSpace() {
    while (p_ < end_ &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\t' || *p_ == '\r'))
      ++p_;
  }
  bool Consume(char c) {
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool Word(const char *w) {
    size_t n = std::strlen(w);
    if (static_cast<size_t>(end_ - p_) >= n && std::memcmp(p_, w, n) == 0) {
      p_ += n;
      return true;
    }
    return false;
  }
  bool String(std::string *out) {
    if (p_ >= end_ || (*p_ != '\'' && *p_ != '"'))
      return false;
    char q = *p_++;
    out->clear();
    while (p_ < end_ && *p_ != q) {
      if (*p_ == '\\')
        return false; // numpy never escapes in the keys/descr we accept
      *out += *p_++;
    }
    return Consume(q);
  }
  bool Tuple(std::vector<int64_t> *shape, std::string *error) {
    shape->clear();
    if (!Consume('('))
      return Fail("'shape' is not a tuple", error);
    for (;;) {
      SkipSpace();
      if (Consume(')'))
        return true;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9')
        return Fail("'shape' holds something other than a non-negative "
                    "integer",
                    error);
      int64_t v = 0;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        int d = *p_++ - '0';
        if (v > (std::numeric_limits<int64_t>::max() - d) / 10)
          return Fail("dimension too large in 'shape'", error);
        v = v * 10 + d;
      }
      Consume('L'); // Python 2 long literals
      shape->push_back(v);
      SkipSpace();
      if (Consume(','))
        continue;
      SkipSpace();
      if (Consume(')'))
        return true;
      return Fail("expected ',' or ')' in 'shape'", error);
    }
  }

  const char *p_;
  const char *end_;
};

uint64_t ReadLE(const unsigned char *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i)
    v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

} // namespace

std::string DescrForDtype(int64_t dtype) {
  switch (dtype) {
  case TGRT_DTYPE_F32:
    return "<f4";
  case TGRT_DTYPE_F64:
    return "<f8";
  case TGRT_DTYPE_F16:
    return "<f2";
  case TGRT_DTYPE_BF16:
    return "<u2";
  case TGRT_DTYPE_I8:
    return "|i1";
  case TGRT_DTYPE_I16:
    return "<i2";
  case TGRT_DTYPE_I32:
    return "<i4";
  case TGRT_DTYPE_I64:
    return "<i8";
  case TGRT_DTYPE_U8:
    return "|u1";
  case TGRT_DTYPE_BOOL:
    return "|b1";
  default:
    return "";
  }
}

int64_t DtypeForDescr(const std::string &descr) {
  if (descr.size() != 3)
    return TGRT_DTYPE_INVALID;
  char order = descr[0];
  std::string kind = descr.substr(1);
  bool one_byte = kind == "i1" || kind == "u1" || kind == "b1";
  if (!(order == '<' || order == '=' || (order == '|' && one_byte)))
    return TGRT_DTYPE_INVALID;
  if (kind == "f4")
    return TGRT_DTYPE_F32;
  if (kind == "f8")
    return TGRT_DTYPE_F64;
  if (kind == "f2")
    return TGRT_DTYPE_F16;
  if (kind == "u2")
    return TGRT_DTYPE_BF16;
  if (kind == "i1")
    return TGRT_DTYPE_I8;
  if (kind == "i2")
    return TGRT_DTYPE_I16;
  if (kind == "i4")
    return TGRT_DTYPE_I32;
  if (kind == "i8")
    return TGRT_DTYPE_I64;
  if (kind == "u1")
    return TGRT_DTYPE_U8;
  if (kind == "b1")
    return TGRT_DTYPE_BOOL;
  return TGRT_DTYPE_INVALID;
}

bool Parse(const void *bytes, size_t size, Array *out, std::string *error) {
  const unsigned char *b = static_cast<const unsigned char *>(bytes);
  if (size < kMagicLen || std::memcmp(b, kMagic, kMagicLen) != 0) {
    *error = "not a .npy file (bad magic)";
    return false;
  }
  if (size < kMagicLen + 2) {
    *error = "truncated header";
    return false;
  }
  int major = b[6], minor = b[7];
  size_t len_bytes;
  if (major == 1)
    len_bytes = 2;
  else if (major == 2 || major == 3)
    len_bytes = 4;
  else {
    *error = "unsupported .npy format version " + std::to_string(major) + "." +
             std::to_string(minor);
    return false;
  }
  size_t prefix = kMagicLen + 2 + len_bytes;
  if (size < prefix) {
    *error = "truncated header";
    return false;
  }
  uint64_t header_len = ReadLE(b + kMagicLen + 2, static_cast<int>(len_bytes));
  if (header_len > size - prefix) {
    *error = "truncated header: expected " + std::to_string(header_len) +
             " header bytes, found " + std::to_string(size - prefix);
    return false;
  }
  const char *h = reinterpret_cast<const char *>(b + prefix);
  std::string descr;
  bool fortran = false;
  std::vector<int64_t> shape;
  HeaderParser parser(h, h + header_len);
  if (!parser.Parse(&descr, &fortran, &shape, error))
    return false;
  if (fortran) {
    *error = "fortran_order arrays are not supported (save in C order)";
    return false;
  }
  int64_t dtype = DtypeForDescr(descr);
  if (dtype == TGRT_DTYPE_INVALID) {
    if (!descr.empty() && descr[0] == '>')
      *error = "big-endian dtype '" + descr + "' is not supported";
    else
      *error = "unsupported dtype '" + descr + "'";
    return false;
  }
  int64_t n =
      tgrt_num_elements(static_cast<int64_t>(shape.size()), shape.data());
  size_t elem = tgrt_dtype_size(dtype);
  if (n < 0 ||
      static_cast<uint64_t>(n) > std::numeric_limits<uint64_t>::max() / elem) {
    *error = "shape is too large";
    return false;
  }
  uint64_t want = static_cast<uint64_t>(n) * elem;
  uint64_t have = size - prefix - header_len;
  if (have < want) {
    *error = "truncated data: expected " + std::to_string(want) +
             " bytes, found " + std::to_string(have);
    return false;
  }
  if (have > want) {
    *error = "file has " + std::to_string(have - want) +
             " unexpected bytes after the data (expected " +
             std::to_string(want) + " bytes)";
    return false;
  }
  out->dtype = dtype;
  out->shape = std::move(shape);
  const unsigned char *d = b + prefix + header_len;
  out->data.assign(d, d + want);
  return true;
}

bool ReadFile(const std::string &path, Array *out, std::string *error) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  std::vector<unsigned char> bytes;
  unsigned char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    bytes.insert(bytes.end(), buf, buf + n);
  bool failed = std::ferror(f) != 0;
  int err = errno;
  std::fclose(f);
  if (failed) {
    *error = std::string("cannot read: ") + std::strerror(err);
    return false;
  }
  return Parse(bytes.data(), bytes.size(), out, error);
}

bool Serialize(int64_t dtype, int64_t rank, const int64_t *dims,
               const void *data, size_t bytes, std::string *out,
               std::string *error) {
  std::string descr = DescrForDtype(dtype);
  if (descr.empty()) {
    *error = "cannot write dtype " + std::to_string(dtype) + " to .npy";
    return false;
  }
  int64_t n = tgrt_num_elements(rank, dims);
  if (n < 0) {
    *error = "invalid shape";
    return false;
  }
  size_t elem = tgrt_dtype_size(dtype);
  if (static_cast<uint64_t>(n) > std::numeric_limits<uint64_t>::max() / elem ||
      static_cast<uint64_t>(n) * elem != bytes) {
    *error = "data size " + std::to_string(bytes) + " does not match the shape";
    return false;
  }
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (int64_t i = 0; i < rank; ++i) {
    if (i)
      header += ", ";
    header += std::to_string(dims[i]);
  }
  if (rank == 1)
    header += ',';
  header += "), }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes; the
  // header ends with '\n'.
  size_t prefix = kMagicLen + 2 + 2;
  int major = 1;
  if (header.size() + 1 + 64 > 65535) {
    prefix = kMagicLen + 2 + 4;
    major = 2;
  }
  size_t total = prefix + header.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  header.append(padded - total, ' ');
  header += '\n';

  out->clear();
  out->reserve(prefix + header.size() + bytes);
  out->append(kMagic, kMagicLen);
  out->push_back(static_cast<char>(major));
  out->push_back(0);
  uint64_t len = header.size();
  for (size_t i = 0; i < prefix - kMagicLen - 2; ++i)
    out->push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  *out += header;
  if (bytes)
    out->append(static_cast<const char *>(data), bytes);
  return true;
}

bool WriteFile(const std::string &path, int64_t dtype, int64_t rank,
               const int64_t *dims, const void *data, size_t bytes,
               std::string *error) {
  std::string contents;
  if (!Serialize(dtype, rank, dims, data, bytes, &contents, error))
    return false;
  std::FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) {
    *error = "cannot create '" + path + "': " + std::strerror(errno);
    return false;
  }
  errno = 0;
  int err = 0;
  if (std::fwrite(contents.data(), 1, contents.size(), f) != contents.size())
    err = errno ? errno : EIO;
  if (std::fclose(f) != 0 && !err)
    err = errno ? errno : EIO;
  if (err) {
    *error = "cannot write '" + path + "': " + std::strerror(err);
    return false;
  }
  return true;
}

} // namespace npy
} // namespace tgrt

//===- npy_test.cpp - The .npy reader/writer (tgrt_npy) -------------------===//

#include "npy.h"
#include "test_util.h"

#include "tgrt/tgrt.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using tgrt::npy::Array;

namespace {

// Builds a .npy file the way numpy does: magic, version, little-endian header
// length (2 bytes for 1.0, 4 for 2.0/3.0), header padded to 64, data.
std::string MakeNpy(const std::string &dict, const std::string &data,
                    int major = 1) {
  size_t len_bytes = major == 1 ? 2 : 4;
  std::string header = dict;
  size_t total = 8 + len_bytes + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < len_bytes; ++i)
    out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string Bytes(const void *p, size_t n) {
  return std::string(static_cast<const char *>(p), n);
}

bool ParseString(const std::string &s, Array *a, std::string *err) {
  return tgrt::npy::Parse(s.data(), s.size(), a, err);
}

std::string ParseError(const std::string &s) {
  Array a;
  std::string err;
  EXPECT_FALSE(ParseString(s, &a, &err));
  return err;
}

} // namespace

TEST(NpyTest, ParsesNumpyOutput) {
  const float v[6] = {1, 2, 3, 4, 5, 6};
  std::string file =
      MakeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
              Bytes(v, sizeof v));
  EXPECT_EQ(file.size() % 64, 24u); // data starts at a multiple of 64
  Array a;
  std::string err;
  ASSERT_TRUE(ParseString(file, &a, &err)) << err;
  EXPECT_EQ(a.dtype, TGRT_DTYPE_F32);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  ASSERT_EQ(a.data.size(), sizeof v);
  EXPECT_EQ(std::memcmp(a.data.data(), v, sizeof v), 0);
}

TEST(NpyTest, ParsesVersions2And3AndVariants) {
  const int16_t v[3] = {-1, 2, 300};
  for (int major : {2, 3}) {
    Array a;
    std::string err;
    ASSERT_TRUE(ParseString(
        MakeNpy("{\"descr\": \"<i2\", \"shape\": (3,), \"fortran_order\": "
                "False}",
                Bytes(v, sizeof v), major),
        &a, &err))
        << err;
    EXPECT_EQ(a.dtype, TGRT_DTYPE_I16);
    EXPECT_EQ(a.shape, std::vector<int64_t>{3});
    EXPECT_EQ(reinterpret_cast<const int16_t *>(a.data.data())[2], 300);
  }
  // Scalars, empty arrays, Python 2 long dims, '|i1' and '<i1'.
  Array a;
  std::string err;
  int64_t s = 42;
  ASSERT_TRUE(ParseString(
      MakeNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (), }",
              Bytes(&s, 8)),
      &a, &err))
      << err;
  EXPECT_TRUE(a.shape.empty());
  EXPECT_EQ(a.dtype, TGRT_DTYPE_I64);
  ASSERT_TRUE(ParseString(
      MakeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 5L), }",
              ""),
      &a, &err))
      << err;
  EXPECT_EQ(a.shape, (std::vector<int64_t>{0, 5}));
  EXPECT_TRUE(a.data.empty());
  ASSERT_TRUE(ParseString(
      MakeNpy("{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }",
              "\xff\x01"),
      &a, &err));
  EXPECT_EQ(a.dtype, TGRT_DTYPE_I8);
  EXPECT_EQ(static_cast<int8_t>(a.data[0]), -1);
  ASSERT_TRUE(ParseString(
      MakeNpy("{'descr': '<i1', 'fortran_order': False, 'shape': (1,), }",
              "\x05"),
      &a, &err));
  EXPECT_EQ(a.dtype, TGRT_DTYPE_I8);
}

TEST(NpyTest, DescrMapping) {
  struct {
    const char *descr;
    int64_t dtype;
  } cases[] = {{"<f4", TGRT_DTYPE_F32},  {"<f8", TGRT_DTYPE_F64},
               {"<f2", TGRT_DTYPE_F16},  {"<i1", TGRT_DTYPE_I8},
               {"|i1", TGRT_DTYPE_I8},   {"<i2", TGRT_DTYPE_I16},
               {"<i4", TGRT_DTYPE_I32},  {"<i8", TGRT_DTYPE_I64},
               {"|u1", TGRT_DTYPE_U8},   {"|b1", TGRT_DTYPE_BOOL},
               {"<u2", TGRT_DTYPE_BF16}, {"=f4", TGRT_DTYPE_F32}};
  for (const auto &c : cases)
    EXPECT_EQ(tgrt::npy::DtypeForDescr(c.descr), c.dtype) << c.descr;
  for (const char *bad : {">f4", "|f4", "<c8", "<u4", "<U3", "f4", "<f16"})
    EXPECT_EQ(tgrt::npy::DtypeForDescr(bad), TGRT_DTYPE_INVALID) << bad;
  EXPECT_EQ(tgrt::npy::DescrForDtype(TGRT_DTYPE_F32), "<f4");
  EXPECT_EQ(tgrt::npy::DescrForDtype(TGRT_DTYPE_BOOL), "|b1");
  EXPECT_EQ(tgrt::npy::DescrForDtype(TGRT_DTYPE_I8), "|i1");
  EXPECT_EQ(tgrt::npy::DescrForDtype(TGRT_DTYPE_INVALID), "");
}

TEST(NpyTest, RoundTripEveryDtype) {
  tgrt_test::TempDir dir;
  for (int64_t dtype = TGRT_DTYPE_F32; dtype <= TGRT_DTYPE_U8; ++dtype) {
    std::vector<std::vector<int64_t>> shapes = {{}, {5}, {2, 3, 4}, {3, 0}};
    for (const auto &shape : shapes) {
      int64_t n =
          tgrt_num_elements(static_cast<int64_t>(shape.size()), shape.data());
      size_t bytes = static_cast<size_t>(n) * tgrt_dtype_size(dtype);
      std::vector<unsigned char> data(bytes);
      for (size_t i = 0; i < bytes; ++i)
        data[i] = static_cast<unsigned char>(
            dtype == TGRT_DTYPE_BOOL ? i % 2 : i * 7 + 1);
      std::string path = dir.File("t.npy");
      std::string err;
      ASSERT_TRUE(tgrt::npy::WriteFile(path, dtype,
                                       static_cast<int64_t>(shape.size()),
                                       shape.data(), data.data(), bytes, &err))
          << err;
      Array a;
      ASSERT_TRUE(tgrt::npy::ReadFile(path, &a, &err)) << err;
      EXPECT_EQ(a.dtype, dtype);
      EXPECT_EQ(a.shape, shape);
      EXPECT_EQ(a.data, data) << tgrt_dtype_name(dtype);
    }
  }
}

TEST(NpyTest, WrittenHeaderIsNumpyStyle) {
  const int64_t dims[] = {1, 784};
  std::vector<float> v(784, 0.5f);
  std::string out, err;
  ASSERT_TRUE(tgrt::npy::Serialize(TGRT_DTYPE_F32, 2, dims, v.data(),
                                   v.size() * 4, &out, &err));
  EXPECT_EQ(out.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  size_t header_len = static_cast<unsigned char>(out[8]) |
                      static_cast<unsigned char>(out[9]) << 8;
  EXPECT_EQ((10 + header_len) % 64, 0u);
  std::string header = out.substr(10, header_len);
  EXPECT_EQ(header.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(1, 784), }",
                         0),
            0u);
  EXPECT_EQ(header.back(), '\n');
  EXPECT_EQ(out.size(), 10 + header_len + 784 * 4);

  const int64_t one[] = {5};
  ASSERT_TRUE(
      tgrt::npy::Serialize(TGRT_DTYPE_U8, 1, one, "abcde", 5, &out, &err));
  EXPECT_NE(out.find("'shape': (5,), }"), std::string::npos);
  EXPECT_FALSE(
      tgrt::npy::Serialize(TGRT_DTYPE_U8, 1, one, "abcd", 4, &out, &err));
  EXPECT_EQ(err, "data size 4 does not match the shape");
  EXPECT_FALSE(tgrt::npy::Serialize(0, 1, one, "abcde", 5, &out, &err));
  EXPECT_EQ(err, "cannot write dtype 0 to .npy");
}

TEST(NpyTest, CorruptFiles) {
  const float v[2] = {1, 2};
  const std::string data = Bytes(v, sizeof v);
  const std::string good = MakeNpy(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data);
  Array a;
  std::string err;
  ASSERT_TRUE(ParseString(good, &a, &err)) << err;

  EXPECT_EQ(ParseError(""), "not a .npy file (bad magic)");
  EXPECT_EQ(ParseError("PK\x03\x04 this is a zip"),
            "not a .npy file (bad magic)");
  EXPECT_EQ(ParseError(good.substr(0, 7)), "truncated header");
  EXPECT_EQ(ParseError(good.substr(0, 30)),
            "truncated header: expected 118 header bytes, found 20");
  EXPECT_EQ(ParseError(good.substr(0, good.size() - 1)),
            "truncated data: expected 8 bytes, found 7");
  EXPECT_EQ(ParseError(good + "zz"),
            "file has 2 unexpected bytes after the data (expected 8 bytes)");
  std::string v9 = good;
  v9[6] = 9;
  EXPECT_EQ(ParseError(v9), "unsupported .npy format version 9.0");
  EXPECT_EQ(
      ParseError(MakeNpy(
          "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", data)),
      "fortran_order arrays are not supported (save in C order)");
  EXPECT_EQ(
      ParseError(MakeNpy(
          "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data)),
      "big-endian dtype '>f4' is not supported");
  EXPECT_EQ(
      ParseError(MakeNpy(
          "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data)),
      "unsupported dtype '<c8'");
  EXPECT_EQ(ParseError(MakeNpy("{'descr': '<f4', 'shape': (2,), }", data)),
            "bad header: header has no 'fortran_order'");
  EXPECT_EQ(ParseError(MakeNpy(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }",
                data)),
            "bad header: 'shape' holds something other than a non-negative "
            "integer");
  EXPECT_EQ(ParseError(MakeNpy("[1, 2]", data)),
            "bad header: header is not a dict");
  EXPECT_EQ(ParseError(MakeNpy("{'descr': [('a', '<f4')], 'fortran_order': "
                               "False, 'shape': (2,), }",
                               data)),
            "bad header: structured dtypes are not supported");
  EXPECT_EQ(ParseError(MakeNpy("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (99999999999, 99999999999), }",
                               data)),
            "shape is too large");

  tgrt_test::TempDir dir;
  EXPECT_FALSE(tgrt::npy::ReadFile(dir.File("missing.npy"), &a, &err));
  EXPECT_EQ(err, "cannot open: No such file or directory");
  EXPECT_FALSE(tgrt::npy::ReadFile(dir.path(), &a, &err));
  EXPECT_EQ(err, "cannot read: Is a directory");
  const int64_t one[] = {1};
  EXPECT_FALSE(tgrt::npy::WriteFile(dir.File("no/such/dir.npy"), TGRT_DTYPE_F32,
                                    1, one, v, 4, &err));
  EXPECT_EQ(err, "cannot create '" + dir.File("no/such/dir.npy") +
                     "': No such file or directory");
}

//===- status_dtype_test.cpp - Statuses and dtype helpers -----------------===//

#include "test_util.h"

#include "tgrt/tgrt.h"
#include "tgrt/tgrt.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using tgrt_test::Take;

TEST(StatusTest, NullIsOk) {
  EXPECT_EQ(tgrt_status_code(nullptr), TGRT_OK);
  EXPECT_STREQ(tgrt_status_message(nullptr), "");
  tgrt_status_free(nullptr); // accepted
}

TEST(StatusTest, NewAndFree) {
  EXPECT_EQ(tgrt_status_new(TGRT_OK, "ignored"), nullptr);
  tgrt_status *s = tgrt_status_new(TGRT_NOT_FOUND, "no such thing");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(tgrt_status_code(s), TGRT_NOT_FOUND);
  EXPECT_STREQ(tgrt_status_message(s), "no such thing");
  tgrt_status_free(s);
  tgrt_status *empty = tgrt_status_new(TGRT_INTERNAL, nullptr);
  EXPECT_STREQ(tgrt_status_message(empty), "");
  tgrt_status_free(empty);
}

TEST(StatusTest, CppWrapper) {
  tgrt::Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_TRUE(static_cast<bool>(ok));
  EXPECT_EQ(ok.code(), TGRT_OK);
  EXPECT_STREQ(ok.message(), "");

  tgrt::Status err(TGRT_IO_ERROR, "disk on fire");
  EXPECT_FALSE(err.ok());
  EXPECT_FALSE(static_cast<bool>(err));
  EXPECT_EQ(err.code(), TGRT_IO_ERROR);
  EXPECT_STREQ(err.message(), "disk on fire");

  tgrt::Status copy = err.Clone();
  EXPECT_EQ(copy.code(), TGRT_IO_ERROR);
  EXPECT_NE(copy.get(), err.get());

  tgrt::Status moved(std::move(err));
  EXPECT_EQ(moved.code(), TGRT_IO_ERROR);
  EXPECT_TRUE(err.ok()); // NOLINT(bugprone-use-after-move): defined state
  moved = tgrt::Status();
  EXPECT_TRUE(moved.ok());

  tgrt_status *raw = copy.release();
  EXPECT_TRUE(copy.ok());
  EXPECT_EQ(tgrt_status_code(raw), TGRT_IO_ERROR);
  tgrt_status_free(raw);
}

TEST(DtypeTest, NamesAndSizes) {
  struct {
    int64_t dtype;
    const char *name;
    size_t size;
  } cases[] = {{TGRT_DTYPE_F32, "float32", 4},   {TGRT_DTYPE_F16, "float16", 2},
               {TGRT_DTYPE_BF16, "bfloat16", 2}, {TGRT_DTYPE_F64, "float64", 8},
               {TGRT_DTYPE_BOOL, "bool", 1},     {TGRT_DTYPE_I8, "int8", 1},
               {TGRT_DTYPE_I16, "int16", 2},     {TGRT_DTYPE_I32, "int32", 4},
               {TGRT_DTYPE_I64, "int64", 8},     {TGRT_DTYPE_U8, "uint8", 1}};
  for (const auto &c : cases) {
    EXPECT_STREQ(tgrt_dtype_name(c.dtype), c.name);
    EXPECT_EQ(tgrt_dtype_size(c.dtype), c.size) << c.name;
    EXPECT_EQ(tgrt_dtype_from_name(c.name), c.dtype) << c.name;
  }
  EXPECT_STREQ(tgrt_dtype_name(TGRT_DTYPE_INVALID), "invalid");
  EXPECT_STREQ(tgrt_dtype_name(42), "invalid");
  EXPECT_EQ(tgrt_dtype_size(0), 0u);
  EXPECT_EQ(tgrt_dtype_size(-3), 0u);
  EXPECT_EQ(tgrt_dtype_from_name("float"), TGRT_DTYPE_INVALID);
  EXPECT_EQ(tgrt_dtype_from_name(""), TGRT_DTYPE_INVALID);
  EXPECT_EQ(tgrt_dtype_from_name(nullptr), TGRT_DTYPE_INVALID);
  EXPECT_EQ(tgrt::DtypeOf<float>(), TGRT_DTYPE_F32);
  EXPECT_EQ(tgrt::DtypeOf<int64_t>(), TGRT_DTYPE_I64);
  EXPECT_EQ(tgrt::DtypeOf<uint8_t>(), TGRT_DTYPE_U8);
}

TEST(DtypeTest, NumElements) {
  const int64_t d1[] = {2, 3, 4};
  EXPECT_EQ(tgrt_num_elements(3, d1), 24);
  EXPECT_EQ(tgrt_num_elements(0, nullptr), 1);
  EXPECT_EQ(tgrt_num_elements(1, nullptr), -1);
  EXPECT_EQ(tgrt_num_elements(-1, d1), -1);
  const int64_t neg[] = {2, -1};
  EXPECT_EQ(tgrt_num_elements(2, neg), -1);
  const int64_t zero[] = {INT64_MAX, INT64_MAX, 0};
  EXPECT_EQ(tgrt_num_elements(3, zero), 0);
  const int64_t huge[] = {INT64_MAX / 2, 3};
  EXPECT_EQ(tgrt_num_elements(2, huge), -1);
}

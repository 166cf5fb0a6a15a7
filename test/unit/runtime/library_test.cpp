//===- library_test.cpp - Loading models from shared libraries ------------===//

#include "test_models.h"
#include "test_util.h"

#include "tgrt/tgrt.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using tgrt_test::Take;

TEST(LibraryTest, OpensTestModel) {
  tgrt_library *lib = nullptr;
  auto r = Take(tgrt_library_open(TGRT_TEST_MODEL_LIB, &lib));
  ASSERT_EQ(r.code, TGRT_OK) << r.message;
  const tgrt_model_def *model = tgrt_library_model(lib);
  ASSERT_NE(model, nullptr);
  EXPECT_NE(model, &tgrt_test::kLinearModel); // the library's own copy
  EXPECT_STREQ(model->name, "linear");
  EXPECT_EQ(model->num_feeds, 1);

  tgrt_session *s = nullptr;
  ASSERT_EQ(Take(tgrt_session_create(model, nullptr, &s)).code, TGRT_OK);
  const int64_t dims[] = {2, 3};
  const float x[6] = {1, 0, 0, 0, 1, 0};
  ASSERT_EQ(
      Take(tgrt_session_set_feed(s, "x", TGRT_DTYPE_F32, 2, dims, x, sizeof x))
          .code,
      TGRT_OK);
  ASSERT_EQ(Take(tgrt_session_run(s)).code, TGRT_OK);
  const float *y = static_cast<const float *>(tgrt_session_fetch_data(s, 0));
  // Row 0 = W[0] + b, row 1 = W[1] + b.
  EXPECT_EQ(y[0], 0 + 1);
  EXPECT_EQ(y[3], 1.5f + 4);
  EXPECT_EQ(y[4], 1 + 1);
  EXPECT_EQ(y[7], 2.5f + 4);
  tgrt_session_destroy(s);
  tgrt_library_close(lib);
  tgrt_library_close(nullptr); // accepted
}

TEST(LibraryTest, CppWrapper) {
  tgrt::Library lib;
  EXPECT_FALSE(lib.valid());
  ASSERT_TRUE(tgrt::Library::Open(TGRT_TEST_MODEL_LIB, &lib).ok());
  EXPECT_TRUE(lib.valid());
  EXPECT_STREQ(lib.model()->name, "linear");
  tgrt::Library moved(std::move(lib));
  EXPECT_TRUE(moved.valid());
  EXPECT_EQ(moved.model()->num_variables, 3);
}

TEST(LibraryTest, MissingFile) {
  tgrt_library *lib = nullptr;
  auto r = Take(tgrt_library_open("/nonexistent/model.so", &lib));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message, "cannot open model library '/nonexistent/model.so': No "
                       "such file or directory");
  EXPECT_EQ(lib, nullptr);
  // A bare name is looked up in the current directory, not the library path.
  r = Take(tgrt_library_open("libc.so.6", &lib));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message, "cannot open model library 'libc.so.6': No such file "
                       "or directory");
}

TEST(LibraryTest, NotALibrary) {
  tgrt_test::TempDir dir;
  std::string path = dir.File("model.so");
  std::ofstream(path) << "this is not an ELF file\n";
  tgrt_library *lib = nullptr;
  auto r = Take(tgrt_library_open(path.c_str(), &lib));
  EXPECT_EQ(r.code, TGRT_UNAVAILABLE);
  EXPECT_EQ(r.message.rfind("cannot load model library '" + path + "': ", 0),
            0u)
      << r.message;
  EXPECT_NE(r.message.find("model.so"), std::string::npos);

  r = Take(tgrt_library_open(dir.path().c_str(), &lib));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message,
            "cannot open model library '" + dir.path() + "': is a directory");
  EXPECT_EQ(Take(tgrt_library_open(nullptr, &lib)).code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(Take(tgrt_library_open(TGRT_TEST_MODEL_LIB, nullptr)).code,
            TGRT_INVALID_ARGUMENT);
}

TEST(LibraryTest, MissingSymbol) {
  // libtgrt.so itself is a loadable library without a model.
  tgrt_library *lib = nullptr;
  auto r = Take(tgrt_library_open(TGRT_RUNTIME_LIB, &lib));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message, std::string("model library '") + TGRT_RUNTIME_LIB +
                           "' does not define symbol 'tgc_model' (was it "
                           "built with tgc --emit=shared?)");
  EXPECT_EQ(lib, nullptr);
}

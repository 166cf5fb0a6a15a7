//===- tgc_run_test.cpp - The tgc-run tool, run as a subprocess -----------===//
//
// Uses the "linear" test model library (libtgrt-test-model.so).
//
//===----------------------------------------------------------------------===//

#include "npy.h"
#include "test_models.h"
#include "test_util.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

struct Outcome {
  int exit_code;
  std::string out, err;
};

std::string Slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

std::string Quote(const std::string &s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class TgcRunTest : public ::testing::Test {
protected:
  Outcome Run(const std::vector<std::string> &args) {
    std::string cmd = Quote(TGC_RUN_PATH);
    for (const auto &a : args)
      cmd += " " + Quote(a);
    std::string out = dir_.File("stdout"), err = dir_.File("stderr");
    cmd += " >" + Quote(out) + " 2>" + Quote(err);
    int status = std::system(cmd.c_str());
    Outcome o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = Slurp(out);
    o.err = Slurp(err);
    return o;
  }
  std::string WriteNpy(const std::string &name, int64_t dtype,
                       std::vector<int64_t> shape, const void *data,
                       size_t bytes) {
    std::string path = dir_.File(name), err;
    EXPECT_TRUE(tgrt::npy::WriteFile(path, dtype,
                                     static_cast<int64_t>(shape.size()),
                                     shape.data(), data, bytes, &err))
        << err;
    return path;
  }

  tgrt_test::TempDir dir_;
  const std::string model_ = TGRT_TEST_MODEL_LIB;
  const float x_[6] = {1, 2, 3, -1, 0.5f, 2};
};

} // namespace

TEST_F(TgcRunTest, Signature) {
  Outcome o = Run({model_, "--signature"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out,
            "{\"feeds\":[{\"name\":\"x\",\"dtype\":\"float32\",\"shape\":[2,"
            "3]}],\"fetches\":[{\"name\":\"y\",\"dtype\":\"float32\","
            "\"shape\":[2,4]},{\"name\":\"split:1\",\"dtype\":\"int64\","
            "\"shape\":[]}],\"entries\":[{\"name\":\"main\",\"feeds\":["
            "\"x\"],\"fetches\":[\"y\",\"split:1\"]}]}\n");
  EXPECT_EQ(o.err, "");
}

TEST_F(TgcRunTest, WritesOutputs) {
  std::string x = WriteNpy("x.npy", TGRT_DTYPE_F32, {2, 3}, x_, sizeof x_);
  std::string out_dir = dir_.File("out/nested");
  Outcome o = Run({model_, "--input", "x=" + x, "--output-dir", out_dir});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "");
  tgrt::npy::Array y, split;
  std::string err;
  ASSERT_TRUE(tgrt::npy::ReadFile(out_dir + "/y.npy", &y, &err)) << err;
  EXPECT_EQ(y.dtype, TGRT_DTYPE_F32);
  EXPECT_EQ(y.shape, (std::vector<int64_t>{2, 4}));
  float want[8];
  tgrt_test::LinearReference(x_, tgrt_test::kWInit, tgrt_test::kBInit, want);
  ASSERT_EQ(y.data.size(), sizeof want);
  EXPECT_EQ(std::memcmp(y.data.data(), want, sizeof want), 0);
  ASSERT_TRUE(tgrt::npy::ReadFile(out_dir + "/split_1.npy", &split, &err))
      << err;
  EXPECT_EQ(split.dtype, TGRT_DTYPE_I64);
  EXPECT_TRUE(split.shape.empty());
  EXPECT_EQ(*reinterpret_cast<const int64_t *>(split.data.data()), 1);
}

TEST_F(TgcRunTest, SummaryAndTiming) {
  std::string x = WriteNpy("x.npy", TGRT_DTYPE_F32, {2, 3}, x_, sizeof x_);
  Outcome o = Run({model_, "--input=x:0=" + x});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "y: float32 [2,4]\nsplit:1: int64 []\n");

  o = Run({model_, "--input", "x=" + x, "--iterations", "5", "--threads", "1",
           "--output-dir", dir_.File("o")});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out.rfind("median_ms: ", 0), 0u) << o.out;
  EXPECT_NE(o.out.find("\nmin_ms: "), std::string::npos) << o.out;
  tgrt::npy::Array split;
  std::string err;
  ASSERT_TRUE(tgrt::npy::ReadFile(dir_.File("o/split_1.npy"), &split, &err));
  // One warm-up plus five timed runs.
  EXPECT_EQ(*reinterpret_cast<const int64_t *>(split.data.data()), 6);
}

TEST_F(TgcRunTest, Help) {
  Outcome o = Run({"--help"});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.out.rfind("usage: tgc-run MODEL.so", 0), 0u);
}

TEST_F(TgcRunTest, Errors) {
  std::string x = WriteNpy("x.npy", TGRT_DTYPE_F32, {2, 3}, x_, sizeof x_);
  double xd[6] = {};
  std::string images =
      WriteNpy("images.npy", TGRT_DTYPE_F64, {2, 3}, xd, sizeof xd);
  std::string wide =
      WriteNpy("wide.npy", TGRT_DTYPE_F32, {3, 2}, x_, sizeof x_);
  std::string trunc = dir_.File("trunc.npy");
  {
    std::string bytes = Slurp(x);
    std::ofstream(trunc, std::ios::binary) << bytes.substr(0, bytes.size() - 4);
  }

  struct Case {
    std::vector<std::string> args;
    std::string err;
  } cases[] = {
      {{model_, "--input", "x=" + images},
       "feed 'x': expected dtype float32, got float64 (from " + images + ")"},
      {{model_, "--input", "x=" + wide},
       "feed 'x': expected shape [2,3], got [3,2] (from " + wide + ")"},
      {{model_}, "missing --input for feed 'x'"},
      {{model_, "--input", "x=" + x, "--input", "images=" + x},
       "no feed named 'images' in model 'linear'; valid feeds: 'x'"},
      {{model_, "--input", "x=" + trunc},
       "feed 'x': cannot read '" + trunc +
           "': truncated data: expected 24 bytes, found 20"},
      {{model_, "--input", "x=" + dir_.File("none.npy")},
       "feed 'x': cannot read '" + dir_.File("none.npy") +
           "': cannot open: No such file or directory"},
      {{dir_.File("nope.so"), "--signature"},
       "cannot open model library '" + dir_.File("nope.so") +
           "': No such file or directory"},
      {{model_, "--input", "x=" + x, "--input", "x:0=" + x},
       "feed 'x' is given twice (--input x=" + x + " and --input x:0=" + x +
           ")"},
      {{model_, "--input", "x"}, "--input expects NODE=FILE, got 'x'"},
      {{model_, "--input"}, "--input needs a value (see --help)"},
      {{model_, "--iterations", "0"},
       "--iterations expects an integer >= 1, got '0'"},
      {{model_, "--threads", "two"},
       "--threads expects an integer >= 0, got 'two'"},
      {{model_, "--bogus"}, "unknown option '--bogus' (see --help)"},
      {{}, "no model library given (see --help)"},
      {{model_, model_},
       "unexpected argument '" + model_ + "' (only one model is allowed)"},
  };
  for (const Case &c : cases) {
    Outcome o = Run(c.args);
    EXPECT_EQ(o.exit_code, 1) << c.err;
    EXPECT_EQ(o.err, "tgc-run: error: " + c.err + "\n");
    EXPECT_EQ(o.out, "");
  }
}

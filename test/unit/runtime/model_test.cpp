//===- model_test.cpp - Model validation and queries ----------------------===//

#include "test_models.h"
#include "test_util.h"

#include <gtest/gtest.h>

#include <string>

using tgrt_test::kLinearModel;
using tgrt_test::Take;

namespace {

std::string SignatureJson(const tgrt_model_def *model) {
  char *json = nullptr;
  tgrt_status *s = tgrt_model_signature_json(model, &json);
  EXPECT_EQ(s, nullptr) << tgrt_status_message(s);
  tgrt_status_free(s);
  std::string out = json ? json : "";
  tgrt_free(json);
  return out;
}

} // namespace

TEST(ModelTest, SignatureJson) {
  EXPECT_EQ(SignatureJson(&kLinearModel),
            "{\"feeds\":[{\"name\":\"x\",\"dtype\":\"float32\",\"shape\":[2,"
            "3]}],\"fetches\":[{\"name\":\"y\",\"dtype\":\"float32\","
            "\"shape\":[2,4]},{\"name\":\"split:1\",\"dtype\":\"int64\","
            "\"shape\":[]}],\"entries\":[{\"name\":\"main\",\"feeds\":["
            "\"x\"],\"fetches\":[\"y\",\"split:1\"]}]}");
}

TEST(ModelTest, SignatureJsonEscapesNames) {
  static const int64_t dims[] = {1, 784};
  static const tgrt_tensor_sig feeds[] = {
      {"a\"b\\c\n\x01", TGRT_DTYPE_U8, 2, dims}};
  static const tgrt_entry_def no_fetches[] = {
      {"main", 1, tgrt_test::kLinearEntryFeeds, 0, nullptr, 0,
       &tgrt_test::LinearEntry}};
  tgrt_model_def m = kLinearModel;
  m.feeds = feeds;
  m.num_fetches = 0;
  m.fetches = nullptr;
  m.entries = no_fetches;
  EXPECT_EQ(SignatureJson(&m),
            "{\"feeds\":[{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"dtype\":"
            "\"uint8\",\"shape\":[1,784]}],\"fetches\":[],\"entries\":[{"
            "\"name\":\"main\",\"feeds\":[\"a\\\"b\\\\c\\n\\u0001\"],"
            "\"fetches\":[]}]}");
}

TEST(ModelTest, SignatureJsonRejectsBadModel) {
  tgrt_model_def m = kLinearModel;
  m.abi_version = 1;
  char *json = reinterpret_cast<char *>(0x1);
  auto r = Take(tgrt_model_signature_json(&m, &json));
  EXPECT_EQ(r.code, TGRT_FAILED_PRECONDITION);
  EXPECT_EQ(json, reinterpret_cast<char *>(0x1)); // untouched on error
  EXPECT_EQ(Take(tgrt_model_signature_json(&kLinearModel, nullptr)).code,
            TGRT_INVALID_ARGUMENT);
}

TEST(ModelTest, Accessors) {
  EXPECT_STREQ(tgrt_model_name(&kLinearModel), "linear");
  EXPECT_EQ(tgrt_model_num_feeds(&kLinearModel), 1);
  EXPECT_EQ(tgrt_model_num_fetches(&kLinearModel), 2);
  EXPECT_EQ(tgrt_model_num_variables(&kLinearModel), 3);
  EXPECT_EQ(tgrt_model_num_feeds(nullptr), -1);
  EXPECT_STREQ(tgrt_model_feed(&kLinearModel, 0)->name, "x");
  EXPECT_EQ(tgrt_model_feed(&kLinearModel, 1), nullptr);
  EXPECT_EQ(tgrt_model_feed(&kLinearModel, -1), nullptr);
  EXPECT_STREQ(tgrt_model_fetch(&kLinearModel, 1)->name, "split:1");
  EXPECT_EQ(tgrt_model_fetch(&kLinearModel, 2), nullptr);
  EXPECT_STREQ(tgrt_model_variable(&kLinearModel, 2)->name, "step");
  EXPECT_EQ(tgrt_model_variable(&kLinearModel, 3), nullptr);
  EXPECT_EQ(tgrt_model_variable(nullptr, 0), nullptr);
}

TEST(ModelTest, FindByName) {
  int64_t i = -1;
  EXPECT_EQ(Take(tgrt_model_find_feed(&kLinearModel, "x", &i)).code, TGRT_OK);
  EXPECT_EQ(i, 0);
  EXPECT_EQ(Take(tgrt_model_find_fetch(&kLinearModel, "split:1", &i)).code,
            TGRT_OK);
  EXPECT_EQ(i, 1);
  EXPECT_EQ(Take(tgrt_model_find_variable(&kLinearModel, "step", &i)).code,
            TGRT_OK);
  EXPECT_EQ(i, 2);

  auto r = Take(tgrt_model_find_feed(&kLinearModel, "images", &i));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message,
            "no feed named 'images' in model 'linear'; valid feeds: 'x'");
  r = Take(tgrt_model_find_fetch(&kLinearModel, "z", &i));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message,
            "no fetch named 'z' in model 'linear'; valid fetches: 'y', "
            "'split:1'");
  r = Take(tgrt_model_find_variable(&kLinearModel, "w", &i));
  EXPECT_EQ(r.code, TGRT_NOT_FOUND);
  EXPECT_EQ(r.message, "no variable named 'w' in model 'linear'; valid "
                       "variables: 'W', 'b', 'step'");
  EXPECT_EQ(i, 2); // untouched on error

  tgrt_model_def m = kLinearModel;
  m.num_feeds = 0;
  m.feeds = nullptr;
  m.entries = &tgrt_test::kTwoEntries[1]; // an entry without feeds
  r = Take(tgrt_model_find_feed(&m, "x", &i));
  EXPECT_EQ(r.message, "no feed named 'x' in model 'linear'; the model has "
                       "no feeds");
  EXPECT_EQ(Take(tgrt_model_find_feed(&kLinearModel, nullptr, &i)).code,
            TGRT_INVALID_ARGUMENT);
}

TEST(ModelTest, ValidateAcceptsLinear) {
  EXPECT_EQ(Take(tgrt_model_validate(&kLinearModel)).code, TGRT_OK);
}

TEST(ModelTest, ValidateRejectsBadDescriptors) {
  auto r = Take(tgrt_model_validate(nullptr));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "model is NULL");

  tgrt_model_def m = kLinearModel;
  m.abi_version = 0;
  r = Take(tgrt_model_validate(&m));
  EXPECT_EQ(r.code, TGRT_FAILED_PRECONDITION);
  EXPECT_EQ(r.message, "model 'linear' has ABI version 0 but this runtime "
                       "supports version 3; recompile the model with a "
                       "matching tgc");

  // The target fields (ABI 3).
  m = kLinearModel;
  m.target = 7;
  r = Take(tgrt_model_validate(&m));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("unknown target 7"), std::string::npos) << r.message;
  m.target = TGRT_TARGET_CUDA;
  r = Take(tgrt_model_validate(&m));
  EXPECT_NE(r.message.find("is a CUDA model without PTX"), std::string::npos)
      << r.message;
  m.ptx = ".version 7.8";
  m.num_kernels = 1;
  r = Take(tgrt_model_validate(&m));
  EXPECT_NE(r.message.find("has an invalid kernel table"), std::string::npos)
      << r.message;
  static const char *const null_name[] = {nullptr};
  m.kernel_names = null_name;
  r = Take(tgrt_model_validate(&m));
  EXPECT_NE(r.message.find("kernel 0 has a NULL name"), std::string::npos)
      << r.message;
  static const char *const names[] = {"k"};
  m.kernel_names = names;
  m.constant_bytes = 8;
  r = Take(tgrt_model_validate(&m));
  EXPECT_NE(r.message.find("has an invalid constant pool"), std::string::npos)
      << r.message;
  static const double pool = 1.0;
  m.constants = &pool;
  EXPECT_EQ(tgrt_model_validate(&m), nullptr);

  static const tgrt_entry_def null_fn[] = {
      {"main", 1, tgrt_test::kLinearEntryFeeds, 2,
       tgrt_test::kLinearEntryFetches, 32, nullptr}};
  m = kLinearModel;
  m.entries = null_fn;
  r = Take(tgrt_model_validate(&m));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message,
            "invalid model 'linear': entry 'main': entry function is NULL");

  m = kLinearModel;
  m.num_entries = 0;
  EXPECT_EQ(Take(tgrt_model_validate(&m)).message,
            "invalid model 'linear': no entry points (num_entries is 0)");

  static const int64_t bad_feed_index[] = {1};
  static const tgrt_entry_def out_of_range[] = {
      {"main", 1, bad_feed_index, 2, tgrt_test::kLinearEntryFetches, 32,
       &tgrt_test::LinearEntry}};
  m = kLinearModel;
  m.entries = out_of_range;
  EXPECT_EQ(Take(tgrt_model_validate(&m)).message,
            "invalid model 'linear': entry 'main': feed index 1 is out of "
            "range or repeated");

  static const tgrt_entry_def twice[] = {tgrt_test::kLinearEntries[0],
                                         tgrt_test::kLinearEntries[0]};
  m = kLinearModel;
  m.entries = twice;
  m.num_entries = 2;
  EXPECT_EQ(Take(tgrt_model_validate(&m)).message,
            "invalid model 'linear': duplicate entry 'main'");

  static const int64_t neg_dims[] = {2, -3};
  static const tgrt_tensor_sig neg_feed[] = {
      {"x", TGRT_DTYPE_F32, 2, neg_dims}};
  m = kLinearModel;
  m.feeds = neg_feed;
  r = Take(tgrt_model_validate(&m));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "invalid model 'linear': feed 'x' has negative "
                       "dimension [2,-3]");

  static const tgrt_tensor_sig bad_dtype[] = {{"y", 77, 2, tgrt_test::kYDims}};
  m = kLinearModel;
  m.fetches = bad_dtype;
  m.num_fetches = 1;
  r = Take(tgrt_model_validate(&m));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message,
            "invalid model 'linear': fetch 'y' has invalid dtype 77");

  static const tgrt_tensor_sig dup[] = {
      {"x", TGRT_DTYPE_F32, 2, tgrt_test::kXDims},
      {"x", TGRT_DTYPE_F32, 2, tgrt_test::kXDims}};
  m = kLinearModel;
  m.feeds = dup;
  m.num_feeds = 2;
  r = Take(tgrt_model_validate(&m));
  EXPECT_EQ(r.message, "invalid model 'linear': duplicate feed 'x'");

  static const tgrt_variable_def short_init[] = {
      {"W", TGRT_DTYPE_F32, 2, tgrt_test::kWDims, tgrt_test::kWInit, 40}};
  m = kLinearModel;
  m.variables = short_init;
  m.num_variables = 1;
  r = Take(tgrt_model_validate(&m));
  EXPECT_EQ(r.code, TGRT_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "invalid model 'linear': variable 'W' float32[3,4] "
                       "needs 48 bytes of initial value, got 40");

  m = kLinearModel;
  m.num_feeds = -1;
  EXPECT_EQ(Take(tgrt_model_validate(&m)).code, TGRT_INVALID_ARGUMENT);
  static const tgrt_entry_def negative_arena[] = {
      {"main", 1, tgrt_test::kLinearEntryFeeds, 2,
       tgrt_test::kLinearEntryFetches, -8, &tgrt_test::LinearEntry}};
  m = kLinearModel;
  m.entries = negative_arena;
  EXPECT_EQ(Take(tgrt_model_validate(&m)).code, TGRT_INVALID_ARGUMENT);
  m = kLinearModel;
  m.feeds = nullptr;
  EXPECT_EQ(Take(tgrt_model_validate(&m)).message,
            "invalid model 'linear': feeds array is NULL");
  static const tgrt_tensor_sig null_dims[] = {
      {"x", TGRT_DTYPE_F32, 2, nullptr}};
  m = kLinearModel;
  m.feeds = null_dims;
  EXPECT_EQ(Take(tgrt_model_validate(&m)).message,
            "invalid model 'linear': feed 'x' has NULL dims");
}

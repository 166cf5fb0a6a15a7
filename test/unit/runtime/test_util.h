//===- test_util.h - Helpers shared by the runtime unit tests ---*- C++ -*-===//

#ifndef TGRT_TEST_UNIT_RUNTIME_TEST_UTIL_H
#define TGRT_TEST_UNIT_RUNTIME_TEST_UTIL_H

#include "tgrt/tgrt.h"

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace tgrt_test {

/// Takes ownership of a status; records its code and message and frees it.
struct Result {
  tgrt_code code;
  std::string message;
};

inline Result Take(tgrt_status *s) {
  Result r{tgrt_status_code(s), tgrt_status_message(s)};
  tgrt_status_free(s);
  return r;
}

/// A fresh empty directory, removed (recursively) on destruction.
class TempDir {
public:
  TempDir() {
    const char *base = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(base && *base ? base : "/tmp") + "/tgrt-test-XXXXXX";
    char *p = ::mkdtemp(&tmpl[0]);
    path_ = p ? p : "";
  }
  ~TempDir() {
    if (!path_.empty())
      std::system(("rm -rf '" + path_ + "'").c_str());
  }
  const std::string &path() const { return path_; }
  std::string File(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

} // namespace tgrt_test

#endif // TGRT_TEST_UNIT_RUNTIME_TEST_UTIL_H

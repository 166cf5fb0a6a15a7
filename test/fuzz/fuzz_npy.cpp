//===- fuzz_npy.cpp - libFuzzer target: the .npy reader of tgc-run -------===//
//
// The input is a .npy file, parsed as tgc-run parses its --input files
// (tgrt::npy::Parse). An array that parses is serialized again and the
// result parsed once more: the two arrays must be equal (dtype, shape and
// bytes), or the target aborts (a finding).
//
//===----------------------------------------------------------------------===//

#include "npy.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tgrt::npy::Array array;
  std::string error;
  if (!tgrt::npy::Parse(data, size, &array, &error))
    return 0;
  std::string bytes;
  if (!tgrt::npy::Serialize(array.dtype, int64_t(array.shape.size()),
                            array.shape.data(), array.data.data(),
                            array.data.size(), &bytes, &error)) {
    std::fprintf(stderr, "a parsed array does not serialize: %s\n",
                 error.c_str());
    abort();
  }
  tgrt::npy::Array again;
  if (!tgrt::npy::Parse(bytes.data(), bytes.size(), &again, &error)) {
    std::fprintf(stderr, "a serialized array does not parse: %s\n",
                 error.c_str());
    abort();
  }
  if (again.dtype != array.dtype || again.shape != array.shape ||
      again.data != array.data) {
    std::fprintf(stderr, "an array changed in a round trip\n");
    abort();
  }
  return 0;
}

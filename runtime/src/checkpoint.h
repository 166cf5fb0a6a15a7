//===- checkpoint.h - The checkpoint file format ----------------*- C++ -*-===//
//
// Not installed. Reading and writing checkpoint files (the format is in
// checkpoint.cpp and docs/runtime.md) for the variables of a model. The
// session (session.cpp) brings the variable buffers: it makes them current
// before a save and hands them over before a restore writes them.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_SRC_CHECKPOINT_H
#define TGRT_SRC_CHECKPOINT_H

#include "internal.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tgrt {
namespace detail {

/// Writes the variables of `model` to the checkpoint `path`: variable i's
/// value is the `sizes[i]` bytes at `buffers[i]`. The file is written as
/// `path`.tmp and renamed to `path`, so a failed save leaves an existing
/// checkpoint as it was.
tgrt_status *WriteCheckpoint(const tgrt_model_def *model,
                             void *const *buffers, const size_t *sizes,
                             const std::string &path);

/// A checkpoint read and checked against a model: the file's bytes, and per
/// variable of the file (in the file's order) the index of the model's
/// variable it restores and its value (pointing into `data`).
struct CheckpointValues {
  struct Value {
    int64_t variable;
    const char *data;
    size_t bytes;
  };
  std::vector<char> data;
  std::vector<Value> values;
};

/// Reads the checkpoint `path` into `out` (a new one) and checks it:
/// its encoding, and that it holds exactly the variables of `model` with
/// their dtypes and shapes. Errors name the file and the variable.
tgrt_status *ReadCheckpoint(const tgrt_model_def *model,
                            const std::string &path, CheckpointValues *out);

} // namespace detail
} // namespace tgrt

#endif // TGRT_SRC_CHECKPOINT_H

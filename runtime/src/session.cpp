//===- session.cpp - Sessions, feeds, fetches, variables ------------------===//
//
// A session's buffers and the C API on them. Saving and restoring its
// variables goes through checkpoint.cpp, which owns the file format.
//
//===----------------------------------------------------------------------===//

#include "checkpoint.h"
#include "cuda_session.h"
#include "internal.h"
#include "tgrt/kernels.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace tgrt::detail;

struct tgrt_session {
  const tgrt_model_def *model = nullptr;
  // Feeds, then fetches, then variables: the order of the entry's buffers.
  std::vector<void *> buffers;
  std::vector<size_t> bytes;
  void *arena = nullptr;
  std::vector<unsigned char> feed_set;
  // Per entry: all of its feeds were set before a successful run.
  std::vector<unsigned char> feeds_checked;
  // The device side of a CUDA model's session (cuda_session.h); NULL on CPU.
  tgrt::detail::CudaState *cuda = nullptr;
  // Set while a run is in progress: a second thread running the session at
  // the same time gets an error status instead of racing on the buffers.
  std::atomic<bool> running{false};

  ~tgrt_session() {
    if (cuda)
      CudaSessionDestroy(cuda);
    for (void *p : buffers)
      std::free(p);
    std::free(arena);
  }

  int64_t FetchBase() const { return model->num_feeds; }
  int64_t VariableBase() const { return model->num_feeds + model->num_fetches; }

  /// Makes the host buffers of the variables current (CUDA: a run may have
  /// changed them on the device).
  tgrt_status *ReadVariables() const {
    return cuda ? CudaSessionReadVariables(cuda, buffers, bytes) : nullptr;
  }
  /// Before the host writes variables: current host copies, uploaded again
  /// before the next run.
  tgrt_status *WillWriteVariables() {
    if (!cuda)
      return nullptr;
    if (tgrt_status *st = CudaSessionReadVariables(cuda, buffers, bytes))
      return st;
    CudaSessionVariablesChanged(cuda);
    return nullptr;
  }
};

namespace {

// The message of the first compiled Assert that failed in the run on this
// thread (tgrt_assert_failed), or null.
thread_local const char *tAssertFailure = nullptr;

// Allocates `bytes` zeroed bytes aligned to TGRT_BUFFER_ALIGNMENT; never
// returns a NULL pointer for 0 bytes (a minimal block is allocated instead).
void *AllocateBuffer(size_t bytes) {
  const size_t align = TGRT_BUFFER_ALIGNMENT;
  if (bytes > SIZE_MAX - align)
    return nullptr;
  size_t rounded = bytes == 0 ? align : (bytes + align - 1) / align * align;
  void *p = std::aligned_alloc(align, rounded);
  if (p)
    std::memset(p, 0, rounded);
  return p;
}

tgrt_status *NullSession() {
  return MakeStatus(TGRT_INVALID_ARGUMENT, "session is NULL");
}

//===----------------------------------------------------------------------===//
// Checkpoints of the session's variables (the format: checkpoint.cpp)
//===----------------------------------------------------------------------===//

tgrt_status *SaveImpl(const tgrt_session *s, const char *path_c) {
  if (!s)
    return NullSession();
  if (!path_c)
    return MakeStatus(TGRT_INVALID_ARGUMENT, "checkpoint path is NULL");
  if (tgrt_status *st = s->ReadVariables())
    return st;
  return WriteCheckpoint(s->model, s->buffers.data() + s->VariableBase(),
                         s->bytes.data() + s->VariableBase(), path_c);
}

tgrt_status *RestoreImpl(tgrt_session *s, const char *path_c) {
  if (!s)
    return NullSession();
  if (!path_c)
    return MakeStatus(TGRT_INVALID_ARGUMENT, "checkpoint path is NULL");
  CheckpointValues checkpoint;
  if (tgrt_status *st = ReadCheckpoint(s->model, path_c, &checkpoint))
    return st;
  if (tgrt_status *st = s->WillWriteVariables())
    return st;
  for (const CheckpointValues::Value &v : checkpoint.values) {
    int64_t b = s->VariableBase() + v.variable;
    if (v.bytes)
      std::memcpy(s->buffers[b], v.data, v.bytes);
  }
  return nullptr;
}

tgrt_status *RunEntry(tgrt_session *session, int64_t index, bool copy) {
  return Guard([&]() -> tgrt_status * {
    if (!session)
      return NullSession();
    const tgrt_model_def *m = session->model;
    if (index < 0 || index >= m->num_entries)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        "entry index " + std::to_string(index) +
                            " is out of range; the model has " +
                            std::to_string(m->num_entries) + " entries");
    const tgrt_entry_def &e = m->entries[index];
    // One run at a time: one atomic exchange, so release builds check too.
    if (session->running.exchange(true, std::memory_order_acquire))
      return MakeStatus(
          TGRT_FAILED_PRECONDITION,
          std::string("model '") + (m->name ? m->name : "") +
              "': the session is already running on another thread (a "
              "session is used by one thread at a time; create one session "
              "per thread)");
    struct Release {
      std::atomic<bool> &flag;
      ~Release() { flag.store(false, std::memory_order_release); }
    } release{session->running};
    if (!session->feeds_checked[index]) {
      for (int64_t k = 0; k < e.num_feeds; ++k)
        if (!session->feed_set[e.feeds[k]])
          return MakeStatus(TGRT_FAILED_PRECONDITION,
                            std::string("feed '") + m->feeds[e.feeds[k]].name +
                                "' was never set");
      session->feeds_checked[index] = 1;
    }
    if (session->cuda)
      return PrefixStatus(CudaSessionRun(session->cuda, e, session->buffers,
                                         session->bytes, copy),
                          std::string("model '") + (m->name ? m->name : "") +
                              "': ");
    if (!copy)
      return MakeStatus(TGRT_FAILED_PRECONDITION,
                        std::string("model '") + (m->name ? m->name : "") +
                            "' runs on the CPU: it has no device buffers");
    tAssertFailure = nullptr;
    int32_t rc = e.fn(session->buffers.data(), session->arena, nullptr);
    if (const char *message = tAssertFailure) {
      tAssertFailure = nullptr;
      std::string where = std::string("model '") + (m->name ? m->name : "") +
                          "'";
      if (m->num_entries > 1)
        where += std::string(", entry '") + e.name + "'";
      return MakeStatus(TGRT_INVALID_ARGUMENT, where + ": " + message);
    }
    if (rc != 0) {
      std::string where = std::string("model '") + (m->name ? m->name : "") +
                          "'";
      if (m->num_entries > 1)
        where += std::string(", entry '") + e.name + "'";
      return MakeStatus(TGRT_INTERNAL, where +
                                           ": entry function failed with code " +
                                           std::to_string(rc));
    }
    return nullptr;
  });
}

} // namespace

extern "C" {

void TGRT_FN_ASSERT_FAILED(const char *message) {
  if (!tAssertFailure)
    tAssertFailure = message ? message : "assertion failed";
}

void tgrt_session_options_init(tgrt_session_options *options) {
  if (options)
    options->num_threads = 0;
}

tgrt_status *tgrt_session_create(const tgrt_model_def *model,
                                 const tgrt_session_options *options,
                                 tgrt_session **out) {
  return Guard([&]() -> tgrt_status * {
    if (!out)
      return MakeStatus(TGRT_INVALID_ARGUMENT, "out session is NULL");
    if (tgrt_status *st = tgrt_model_validate(model))
      return st;
    tgrt_session_options opts;
    tgrt_session_options_init(&opts);
    if (options)
      opts = *options;
    if (opts.num_threads < 0)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        "num_threads must be >= 0, got " +
                            std::to_string(opts.num_threads));

    std::unique_ptr<tgrt_session> holder(new tgrt_session);
    tgrt_session *s = holder.get();
    s->model = model;
    int64_t total =
        model->num_feeds + model->num_fetches + model->num_variables;
    s->buffers.reserve(static_cast<size_t>(total));
    s->bytes.reserve(static_cast<size_t>(total));
    auto add = [&](int64_t dtype, int64_t rank, const int64_t *dims,
                   const std::string &what) -> tgrt_status * {
      size_t bytes = 0;
      TensorBytes(dtype, rank, dims, &bytes); // validated above
      void *p = AllocateBuffer(bytes);
      if (!p)
        return MakeStatus(TGRT_INTERNAL, "cannot allocate " +
                                             std::to_string(bytes) +
                                             " bytes for " + what);
      s->buffers.push_back(p);
      s->bytes.push_back(bytes);
      return nullptr;
    };
    for (int64_t i = 0; i < model->num_feeds; ++i) {
      const tgrt_tensor_sig &f = model->feeds[i];
      if (tgrt_status *st = add(f.dtype, f.rank, f.dims,
                                std::string("feed '") + f.name + "'"))
        return st;
    }
    for (int64_t i = 0; i < model->num_fetches; ++i) {
      const tgrt_tensor_sig &f = model->fetches[i];
      if (tgrt_status *st = add(f.dtype, f.rank, f.dims,
                                std::string("fetch '") + f.name + "'"))
        return st;
    }
    for (int64_t i = 0; i < model->num_variables; ++i) {
      const tgrt_variable_def &v = model->variables[i];
      if (tgrt_status *st = add(v.dtype, v.rank, v.dims,
                                std::string("variable '") + v.name + "'"))
        return st;
      if (v.initial_bytes > 0)
        std::memcpy(s->buffers.back(), v.initial_value,
                    static_cast<size_t>(v.initial_bytes));
    }
    int64_t arena_bytes = 0;
    for (int64_t i = 0; i < model->num_entries; ++i)
      arena_bytes = std::max(arena_bytes, model->entries[i].arena_bytes);
    s->arena = AllocateBuffer(static_cast<size_t>(arena_bytes));
    if (!s->arena)
      return MakeStatus(TGRT_INTERNAL, "cannot allocate arena of " +
                                           std::to_string(arena_bytes) +
                                           " bytes");
    s->feeds_checked.assign(static_cast<size_t>(model->num_entries), 0);
    s->feed_set.assign(static_cast<size_t>(model->num_feeds), 0);
    if (opts.num_threads > 0)
      tgrt_set_num_threads(opts.num_threads);
    if (model->target == TGRT_TARGET_CUDA)
      if (tgrt_status *st =
              CudaSessionCreate(model, s->buffers, s->bytes,
                                static_cast<size_t>(arena_bytes), &s->cuda))
        return st;
    *out = holder.release();
    return nullptr;
  });
}

void tgrt_session_destroy(tgrt_session *session) { delete session; }

const tgrt_model_def *tgrt_session_model(const tgrt_session *session) {
  return session ? session->model : nullptr;
}

tgrt_status *tgrt_session_set_feed(tgrt_session *session, const char *name,
                                   int64_t dtype, int64_t rank,
                                   const int64_t *dims, const void *data,
                                   size_t bytes) {
  return Guard([&]() -> tgrt_status * {
    if (!session)
      return NullSession();
    int64_t i;
    if (tgrt_status *st = tgrt_model_find_feed(session->model, name, &i))
      return st;
    const tgrt_tensor_sig &f = session->model->feeds[i];
    if (tgrt_status *st =
            CheckTensor("feed", f.name, f.dtype, f.rank, f.dims,
                        session->bytes[i], dtype, rank, dims, data, bytes))
      return st;
    if (bytes)
      std::memcpy(session->buffers[i], data, bytes);
    session->feed_set[i] = 1;
    return nullptr;
  });
}

void *tgrt_session_feed_data(tgrt_session *session, int64_t index) {
  if (!session || index < 0 || index >= session->model->num_feeds)
    return nullptr;
  session->feed_set[index] = 1;
  return session->buffers[index];
}

const void *tgrt_session_fetch_data(const tgrt_session *session,
                                    int64_t index) {
  if (!session || index < 0 || index >= session->model->num_fetches)
    return nullptr;
  return session->buffers[session->FetchBase() + index];
}

void *tgrt_session_variable_data(tgrt_session *session, int64_t index) {
  if (!session || index < 0 || index >= session->model->num_variables)
    return nullptr;
  // The caller may read and write through the pointer until the next run.
  if (tgrt_status *st = session->WillWriteVariables()) {
    tgrt_status_free(st);
    return nullptr;
  }
  return session->buffers[session->VariableBase() + index];
}

size_t tgrt_session_feed_bytes(const tgrt_session *session, int64_t index) {
  if (!session || index < 0 || index >= session->model->num_feeds)
    return 0;
  return session->bytes[index];
}

size_t tgrt_session_fetch_bytes(const tgrt_session *session, int64_t index) {
  if (!session || index < 0 || index >= session->model->num_fetches)
    return 0;
  return session->bytes[session->FetchBase() + index];
}

size_t tgrt_session_variable_bytes(const tgrt_session *session, int64_t index) {
  if (!session || index < 0 || index >= session->model->num_variables)
    return 0;
  return session->bytes[session->VariableBase() + index];
}

tgrt_status *tgrt_session_get_fetch(const tgrt_session *session,
                                    const char *name, const void **out_data,
                                    size_t *out_bytes) {
  return Guard([&]() -> tgrt_status * {
    if (!session)
      return NullSession();
    int64_t i;
    if (tgrt_status *st = tgrt_model_find_fetch(session->model, name, &i))
      return st;
    if (out_data)
      *out_data = session->buffers[session->FetchBase() + i];
    if (out_bytes)
      *out_bytes = session->bytes[session->FetchBase() + i];
    return nullptr;
  });
}

tgrt_status *tgrt_session_run(tgrt_session *session) {
  return tgrt_session_run_entry(session, 0);
}

tgrt_status *tgrt_session_run_entry(tgrt_session *session, int64_t index) {
  return RunEntry(session, index, /*copy=*/true);
}

tgrt_status *tgrt_session_run_entry_on_device(tgrt_session *session,
                                              int64_t index) {
  return RunEntry(session, index, /*copy=*/false);
}

uint64_t tgrt_session_device_buffer(tgrt_session *session,
                                    tgrt_buffer_kind kind, int64_t index) {
  if (!session || !session->cuda || index < 0)
    return 0;
  const tgrt_model_def *m = session->model;
  int64_t base = 0, count = 0;
  switch (kind) {
  case TGRT_BUFFER_FEED:
    count = m->num_feeds;
    break;
  case TGRT_BUFFER_FETCH:
    base = session->FetchBase();
    count = m->num_fetches;
    break;
  case TGRT_BUFFER_VARIABLE:
    base = session->VariableBase();
    count = m->num_variables;
    break;
  default:
    return 0;
  }
  if (index >= count)
    return 0;
  if (kind == TGRT_BUFFER_FEED)
    session->feed_set[index] = 1;
  return CudaSessionDeviceBuffer(session->cuda,
                                 static_cast<size_t>(base + index));
}

tgrt_status *tgrt_session_read_variable(const tgrt_session *session,
                                        const char *name, void *out,
                                        size_t bytes) {
  return Guard([&]() -> tgrt_status * {
    if (!session)
      return NullSession();
    int64_t i;
    if (tgrt_status *st = tgrt_model_find_variable(session->model, name, &i))
      return st;
    size_t want = session->bytes[session->VariableBase() + i];
    if (bytes != want)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        std::string("variable '") + name + "': expected " +
                            std::to_string(want) + " bytes, got " +
                            std::to_string(bytes));
    if (bytes > 0 && !out)
      return MakeStatus(TGRT_INVALID_ARGUMENT, std::string("variable '") +
                                                   name +
                                                   "': output buffer is NULL");
    if (tgrt_status *st = session->ReadVariables())
      return st;
    if (bytes)
      std::memcpy(out, session->buffers[session->VariableBase() + i], bytes);
    return nullptr;
  });
}

tgrt_status *tgrt_session_write_variable(tgrt_session *session,
                                         const char *name, int64_t dtype,
                                         int64_t rank, const int64_t *dims,
                                         const void *data, size_t bytes) {
  return Guard([&]() -> tgrt_status * {
    if (!session)
      return NullSession();
    int64_t i;
    if (tgrt_status *st = tgrt_model_find_variable(session->model, name, &i))
      return st;
    const tgrt_variable_def &v = session->model->variables[i];
    int64_t b = session->VariableBase() + i;
    if (tgrt_status *st =
            CheckTensor("variable", v.name, v.dtype, v.rank, v.dims,
                        session->bytes[b], dtype, rank, dims, data, bytes))
      return st;
    if (tgrt_status *st = session->WillWriteVariables())
      return st;
    if (bytes)
      std::memcpy(session->buffers[b], data, bytes);
    return nullptr;
  });
}

tgrt_status *tgrt_session_save(const tgrt_session *session, const char *path) {
  return Guard([&] { return SaveImpl(session, path); });
}

tgrt_status *tgrt_session_restore(tgrt_session *session, const char *path) {
  return Guard([&] { return RestoreImpl(session, path); });
}

} // extern "C"

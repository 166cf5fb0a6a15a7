//===- tgrt/tgrt.hpp - C++17 RAII wrapper of the tgrt C API -----*- C++ -*-===//
//
// Header-only. Every class owns its C handle and releases it in its
// destructor; all are move-only. No function throws except for std::bad_alloc
// from std::string / std::vector, as the standard library does.
//
// Thread-safety is that of the C API: a Session (and a CompiledModel) is not
// thread-safe; distinct sessions of one model may run concurrently.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_TGRT_HPP
#define TGRT_TGRT_HPP

#include "tgrt/tgrt.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tgrt {

/// The tgrt_dtype of a C++ element type, e.g. DtypeOf<float>() == F32.
template <typename T> constexpr int64_t DtypeOf() { return TGRT_DTYPE_INVALID; }
template <> constexpr int64_t DtypeOf<float>() { return TGRT_DTYPE_F32; }
template <> constexpr int64_t DtypeOf<double>() { return TGRT_DTYPE_F64; }
template <> constexpr int64_t DtypeOf<bool>() { return TGRT_DTYPE_BOOL; }
template <> constexpr int64_t DtypeOf<int8_t>() { return TGRT_DTYPE_I8; }
template <> constexpr int64_t DtypeOf<int16_t>() { return TGRT_DTYPE_I16; }
template <> constexpr int64_t DtypeOf<int32_t>() { return TGRT_DTYPE_I32; }
template <> constexpr int64_t DtypeOf<int64_t>() { return TGRT_DTYPE_I64; }
template <> constexpr int64_t DtypeOf<uint8_t>() { return TGRT_DTYPE_U8; }

/// Owns a tgrt_status (NULL = OK). Move-only.
class Status {
public:
  /// An OK status.
  Status() noexcept = default;
  /// Takes ownership of `status` (may be NULL).
  explicit Status(tgrt_status *status) noexcept : status_(status) {}
  /// A new status with `code` and a copy of `message`.
  Status(tgrt_code code, const std::string &message)
      : status_(tgrt_status_new(code, message.c_str())) {}
  Status(Status &&other) noexcept : status_(other.release()) {}
  Status &operator=(Status &&other) noexcept {
    if (this != &other) {
      tgrt_status_free(status_);
      status_ = other.release();
    }
    return *this;
  }
  Status(const Status &) = delete;
  Status &operator=(const Status &) = delete;
  ~Status() { tgrt_status_free(status_); }

  /// An independent copy (a new C status).
  Status Clone() const {
    return status_ ? Status(code(), message()) : Status();
  }

  bool ok() const noexcept { return status_ == nullptr; }
  explicit operator bool() const noexcept { return ok(); }
  tgrt_code code() const noexcept { return tgrt_status_code(status_); }
  /// The message; "" when OK. Returned without copying; valid while this
  /// Status holds the same C status.
  const char *message() const noexcept { return tgrt_status_message(status_); }

  /// The C status, returned without copying (NULL when OK).
  const tgrt_status *get() const noexcept { return status_; }
  /// Gives up ownership: the result must be released by the caller with
  /// tgrt_status_free.
  tgrt_status *release() noexcept {
    tgrt_status *s = status_;
    status_ = nullptr;
    return s;
  }

private:
  tgrt_status *status_ = nullptr;
};

/// Options of a session; an aggregate, so `{}` gives the defaults.
struct SessionOptions {
  /// Kernel threads; 0 keeps the current setting. Process-wide (see
  /// tgrt_session_options::num_threads).
  int32_t num_threads = 0;

  tgrt_session_options ToC() const {
    tgrt_session_options o;
    tgrt_session_options_init(&o);
    o.num_threads = num_threads;
    return o;
  }
};

/// Owns a tgrt_session. Move-only; not thread-safe.
class Session {
public:
  /// An empty session (valid() == false).
  Session() noexcept = default;
  Session(Session &&other) noexcept
      : session_(std::exchange(other.session_, nullptr)) {}
  Session &operator=(Session &&other) noexcept {
    if (this != &other) {
      tgrt_session_destroy(session_);
      session_ = std::exchange(other.session_, nullptr);
    }
    return *this;
  }
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;
  ~Session() { tgrt_session_destroy(session_); }

  /// Creates a session of `model` (which must outlive it) into *out,
  /// replacing what *out held.
  static Status Create(const tgrt_model_def *model,
                       const SessionOptions &options, Session *out) {
    if (!out)
      return Status(TGRT_INVALID_ARGUMENT, "out session is NULL");
    tgrt_session_options o = options.ToC();
    tgrt_session *s = nullptr;
    Status st(tgrt_session_create(model, &o, &s));
    if (st.ok()) {
      tgrt_session_destroy(out->session_);
      out->session_ = s;
    }
    return st;
  }

  bool valid() const noexcept { return session_ != nullptr; }
  /// The C session, returned without copying (owned by this object).
  tgrt_session *get() noexcept { return session_; }
  const tgrt_session *get() const noexcept { return session_; }
  const tgrt_model_def *model() const noexcept {
    return tgrt_session_model(session_);
  }

  /// Copies `bytes` bytes into the feed `name` (checked, see the C API).
  Status SetFeed(const char *name, int64_t dtype,
                 const std::vector<int64_t> &dims, const void *data,
                 size_t bytes) {
    return Status(tgrt_session_set_feed(session_, name, dtype,
                                        static_cast<int64_t>(dims.size()),
                                        dims.data(), data, bytes));
  }
  /// Typed form: `count` elements of T.
  template <typename T>
  Status SetFeed(const char *name, const std::vector<int64_t> &dims,
                 const T *data, size_t count) {
    return SetFeed(name, DtypeOf<T>(), dims, data, count * sizeof(T));
  }

  /// Runs the default entry (entry 0).
  Status Run() { return Status(tgrt_session_run(session_)); }
  /// Runs entry `index` (see tgrt_model_find_entry).
  Status RunEntry(int64_t index) {
    return Status(tgrt_session_run_entry(session_, index));
  }
  /// Runs the entry named `name` ("predict", "train_step", ...).
  Status RunEntry(const char *name) {
    int64_t index = 0;
    Status st(tgrt_model_find_entry(model(), name, &index));
    if (!st.ok())
      return st;
    return RunEntry(index);
  }

  /// CUDA models: runs entry `index` on the device buffers without copying
  /// feeds in or fetches out (see tgrt_session_run_entry_on_device).
  Status RunEntryOnDevice(int64_t index) {
    return Status(tgrt_session_run_entry_on_device(session_, index));
  }
  /// CUDA models: the device address of a feed, fetch or variable buffer
  /// (0 on the CPU); asking for a feed's marks it as set.
  uint64_t DeviceBuffer(tgrt_buffer_kind kind, int64_t i) noexcept {
    return tgrt_session_device_buffer(session_, kind, i);
  }

  /// Buffers for zero-copy use, returned without copying; valid until the
  /// session is destroyed. FeedData marks the feed as set.
  void *FeedData(int64_t i) noexcept {
    return tgrt_session_feed_data(session_, i);
  }
  const void *FetchData(int64_t i) const noexcept {
    return tgrt_session_fetch_data(session_, i);
  }
  void *VariableData(int64_t i) noexcept {
    return tgrt_session_variable_data(session_, i);
  }

  /// The buffer of fetch `name` (returned without copying).
  Status GetFetch(const char *name, const void **data, size_t *bytes) const {
    return Status(tgrt_session_get_fetch(session_, name, data, bytes));
  }

  Status ReadVariable(const char *name, void *out, size_t bytes) const {
    return Status(tgrt_session_read_variable(session_, name, out, bytes));
  }
  Status WriteVariable(const char *name, int64_t dtype,
                       const std::vector<int64_t> &dims, const void *data,
                       size_t bytes) {
    return Status(tgrt_session_write_variable(session_, name, dtype,
                                              static_cast<int64_t>(dims.size()),
                                              dims.data(), data, bytes));
  }
  template <typename T>
  Status WriteVariable(const char *name, const std::vector<int64_t> &dims,
                       const T *data, size_t count) {
    return WriteVariable(name, DtypeOf<T>(), dims, data, count * sizeof(T));
  }

  Status Save(const std::string &path) const {
    return Status(tgrt_session_save(session_, path.c_str()));
  }
  Status Restore(const std::string &path) {
    return Status(tgrt_session_restore(session_, path.c_str()));
  }

private:
  tgrt_session *session_ = nullptr;
};

/// Owns a tgrt_library (a model loaded from a shared library). Move-only.
class Library {
public:
  Library() noexcept = default;
  Library(Library &&other) noexcept
      : library_(std::exchange(other.library_, nullptr)) {}
  Library &operator=(Library &&other) noexcept {
    if (this != &other) {
      tgrt_library_close(library_);
      library_ = std::exchange(other.library_, nullptr);
    }
    return *this;
  }
  Library(const Library &) = delete;
  Library &operator=(const Library &) = delete;
  /// Closes the library: destroy the sessions of its model first.
  ~Library() { tgrt_library_close(library_); }

  /// Opens `path` into *out, replacing what *out held.
  static Status Open(const std::string &path, Library *out) {
    if (!out)
      return Status(TGRT_INVALID_ARGUMENT, "out library is NULL");
    tgrt_library *lib = nullptr;
    Status st(tgrt_library_open(path.c_str(), &lib));
    if (st.ok()) {
      tgrt_library_close(out->library_);
      out->library_ = lib;
    }
    return st;
  }

  bool valid() const noexcept { return library_ != nullptr; }
  /// The model, returned without copying; valid while the library is open.
  const tgrt_model_def *model() const noexcept {
    return tgrt_library_model(library_);
  }
  tgrt_library *get() noexcept { return library_; }

private:
  tgrt_library *library_ = nullptr;
};

/// Base class of the classes in headers generated by tgc. The constructor
/// creates a session; it never throws for runtime errors: check status().
/// Until creation succeeded, the buffer accessors return NULL and Run()
/// returns the creation error. Move-only; not thread-safe.
class CompiledModel {
public:
  explicit CompiledModel(const tgrt_model_def *def,
                         const SessionOptions &opts = {})
      : def_(def) {
    status_ = Session::Create(def, opts, &session_);
  }
  CompiledModel(CompiledModel &&) noexcept = default;
  CompiledModel &operator=(CompiledModel &&) noexcept = default;
  CompiledModel(const CompiledModel &) = delete;
  CompiledModel &operator=(const CompiledModel &) = delete;
  virtual ~CompiledModel() = default;

  /// OK when the session was created; otherwise the error (a copy).
  Status status() const { return status_.Clone(); }
  bool ok() const noexcept { return status_.ok(); }

  /// Runs the model's default entry on the current feed buffers.
  Status Run() {
    if (!status_.ok())
      return status_.Clone();
    return session_.Run();
  }
  /// Runs entry `index` (the generated classes name them, e.g. TrainStep()).
  Status RunEntry(int64_t index) {
    if (!status_.ok())
      return status_.Clone();
    return session_.RunEntry(index);
  }

  /// CUDA models: runs entry `index` on the device buffers as they are
  /// (DeviceBuffer gives their addresses), without copies.
  Status RunEntryOnDevice(int64_t index) {
    if (!status_.ok())
      return status_.Clone();
    return session_.RunEntryOnDevice(index);
  }
  uint64_t DeviceBuffer(tgrt_buffer_kind kind, int64_t i) noexcept {
    return session_.DeviceBuffer(kind, i);
  }

  /// Save / restore the variables (see tgrt_session_save).
  Status Save(const std::string &path) const {
    if (!status_.ok())
      return status_.Clone();
    return session_.Save(path);
  }
  Status Restore(const std::string &path) {
    if (!status_.ok())
      return status_.Clone();
    return session_.Restore(path);
  }

  /// The C session (returned without copying; NULL when creation failed).
  tgrt_session *session() noexcept { return session_.get(); }
  const tgrt_model_def *model_def() const noexcept { return def_; }

protected:
  /// Buffers, returned without copying; NULL when creation failed or out of
  /// range. feed_data marks the feed as set.
  void *feed_data(int64_t i) noexcept { return session_.FeedData(i); }
  const void *fetch_data(int64_t i) const noexcept {
    return session_.FetchData(i);
  }
  void *variable_data(int64_t i) noexcept { return session_.VariableData(i); }

private:
  const tgrt_model_def *def_;
  Session session_;
  Status status_;
};

} // namespace tgrt

#endif // TGRT_TGRT_HPP

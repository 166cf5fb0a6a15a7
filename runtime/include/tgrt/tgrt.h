/*===- tgrt/tgrt.h - C API of the tgc runtime ---------------------*- C -*-===*
 *
 * The runtime (libtgrt.so) runs models compiled by tgc. A compiled model is
 * a constant `tgrt_model_def` (see tgrt/model_abi.h) linked into the program
 * or loaded from a shared library with tgrt_library_open(). A session owns
 * the buffers of one model instance: one per feed, fetch and variable, plus
 * the scratch arena.
 *
 * Conventions
 *  - Functions that can fail return a `tgrt_status *`; NULL means success.
 *    A non-NULL status must be released by the caller with
 *    tgrt_status_free().
 *  - Output parameters are written only on success.
 *  - No function aborts or lets a C++ exception escape; allocation failures
 *    are reported as TGRT_INTERNAL statuses.
 *  - Names are NUL-terminated UTF-8 strings; they are compared exactly.
 *
 * Thread-safety
 *  - A `tgrt_model_def` is immutable and may be used from any thread.
 *  - A `tgrt_session` is not thread-safe: use one session from one thread at
 *    a time. Distinct sessions, also of the same model, may run
 *    concurrently (they share only the read-only model and the kernels'
 *    thread pool). A run started while another thread runs the same
 *    session fails with TGRT_FAILED_PRECONDITION instead of racing; other
 *    overlapping uses of one session (a feed set during a run) are not
 *    detected.
 *  - tgrt_session_create may be called from any thread; its num_threads
 *    option sets the process-wide kernel thread count atomically.
 *  - A `tgrt_library` may be queried from any thread; closing it must not
 *    race with other uses of it or of its model.
 *  - A `tgrt_status` is an immutable value; it may be read from any thread.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TGRT_TGRT_H
#define TGRT_TGRT_H

#include <stddef.h>
#include <stdint.h>

#include "tgrt/export.h"
#include "tgrt/kernels.h"
#include "tgrt/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*
 * Status
 *===----------------------------------------------------------------------===*/

typedef enum tgrt_code {
  TGRT_OK = 0,
  TGRT_INVALID_ARGUMENT = 1,    /* bad name, dtype, shape, size or pointer */
  TGRT_NOT_FOUND = 2,           /* unknown feed/fetch/variable, missing file */
  TGRT_FAILED_PRECONDITION = 3, /* e.g. ABI version mismatch, unset feed */
  TGRT_INTERNAL = 4,            /* entry function failed, out of memory */
  TGRT_UNAVAILABLE = 5,         /* a shared library could not be loaded */
  TGRT_IO_ERROR = 6             /* reading or writing a file failed */
} tgrt_code;

/* An error: a code and a message. NULL means OK. */
typedef struct tgrt_status tgrt_status;

/* Returns the code of `status`; TGRT_OK for NULL. */
TGRT_API tgrt_code tgrt_status_code(const tgrt_status *status);

/* Returns the message of `status`; "" for NULL. The string is owned by the
 * status (returned without copying) and valid until tgrt_status_free. */
TGRT_API const char *tgrt_status_message(const tgrt_status *status);

/* Creates a status. Returns NULL when code == TGRT_OK. `message` (may be
 * NULL) is copied. The result must be released by the caller with
 * tgrt_status_free. */
TGRT_API tgrt_status *tgrt_status_new(tgrt_code code, const char *message);

/* Releases a status. NULL is accepted. */
TGRT_API void tgrt_status_free(tgrt_status *status);

/* Releases memory the runtime returned to the caller (for example the JSON
 * of tgrt_model_signature_json). NULL is accepted. */
TGRT_API void tgrt_free(void *ptr);

/*===----------------------------------------------------------------------===*
 * Element types
 *===----------------------------------------------------------------------===*/

/* Returns the numpy-style name of a tgrt_dtype ("float32", "float16",
 * "bfloat16", "float64", "bool", "int8", "int16", "int32", "int64",
 * "uint8"), or "invalid" for any other value. Static string. */
TGRT_API const char *tgrt_dtype_name(int64_t dtype);

/* Returns the size in bytes of one element, or 0 for an invalid dtype. */
TGRT_API size_t tgrt_dtype_size(int64_t dtype);

/* Returns the dtype named `name` (the names of tgrt_dtype_name), or
 * TGRT_DTYPE_INVALID for NULL or an unknown name. */
TGRT_API int64_t tgrt_dtype_from_name(const char *name);

/* Returns the number of elements of a shape (1 for rank 0), or -1 when the
 * rank or a dim is negative, dims is NULL with rank > 0, or the product
 * overflows. */
TGRT_API int64_t tgrt_num_elements(int64_t rank, const int64_t *dims);

/*===----------------------------------------------------------------------===*
 * Models
 *
 * The accessors below do not validate the whole model; they return -1 /
 * NULL for a NULL model or an index out of range. Functions returning a
 * status validate the model first (tgrt_model_validate).
 *===----------------------------------------------------------------------===*/

/* Checks a model descriptor: abi_version must equal TGRT_ABI_VERSION
 * (FAILED_PRECONDITION otherwise); there must be at least one entry, each
 * with a unique name, a non-NULL function, a non-negative arena and feed /
 * fetch indices in range without repeats; counts,
 * ranks and dims non-negative, arrays and names non-NULL, dtypes known,
 * feed names and variable names unique, byte sizes representable, and each
 * variable's initial_bytes equal to its byte size (INVALID_ARGUMENT). */
TGRT_API tgrt_status *tgrt_model_validate(const tgrt_model_def *model);

/* The model's name (returned without copying), or NULL. */
TGRT_API const char *tgrt_model_name(const tgrt_model_def *model);

TGRT_API int64_t tgrt_model_num_feeds(const tgrt_model_def *model);
TGRT_API int64_t tgrt_model_num_fetches(const tgrt_model_def *model);
TGRT_API int64_t tgrt_model_num_variables(const tgrt_model_def *model);

/* The i-th feed / fetch / variable descriptor, returned without copying
 * (it belongs to the model), or NULL when out of range. */
TGRT_API const tgrt_tensor_sig *tgrt_model_feed(const tgrt_model_def *model,
                                                int64_t index);
TGRT_API const tgrt_tensor_sig *tgrt_model_fetch(const tgrt_model_def *model,
                                                 int64_t index);
TGRT_API const tgrt_variable_def *
tgrt_model_variable(const tgrt_model_def *model, int64_t index);

/* Looks a feed / fetch / variable up by name and writes its index to
 * *out_index. NOT_FOUND, naming it and listing the valid names, when there
 * is none. When several fetches share a name, the first is found. */
TGRT_API tgrt_status *tgrt_model_find_feed(const tgrt_model_def *model,
                                           const char *name,
                                           int64_t *out_index);
TGRT_API tgrt_status *tgrt_model_find_fetch(const tgrt_model_def *model,
                                            const char *name,
                                            int64_t *out_index);
TGRT_API tgrt_status *tgrt_model_find_variable(const tgrt_model_def *model,
                                               const char *name,
                                               int64_t *out_index);

/* Entry points: "main" for a model compiled for inference; "predict" and
 * "train_step" for one compiled with `tgc --train`. Entry 0 is the default
 * entry (the one tgrt_session_run runs). */
TGRT_API int64_t tgrt_model_num_entries(const tgrt_model_def *model);

/* The i-th entry descriptor, returned without copying, or NULL when out of
 * range. */
TGRT_API const tgrt_entry_def *tgrt_model_entry(const tgrt_model_def *model,
                                                int64_t index);

/* Looks an entry up by name; NOT_FOUND listing the entries when none. */
TGRT_API tgrt_status *tgrt_model_find_entry(const tgrt_model_def *model,
                                            const char *name,
                                            int64_t *out_index);

/* Writes the signature as JSON, without whitespace:
 *   {"feeds":[{"name":"x","dtype":"float32","shape":[1,784]}],
 *    "fetches":[{"name":"probs","dtype":"float32","shape":[1,10]}],
 *    "entries":[{"name":"main","feeds":["x"],"fetches":["probs"]}]}
 * *out_json is NUL-terminated and must be released by the caller with
 * tgrt_free. */
TGRT_API tgrt_status *tgrt_model_signature_json(const tgrt_model_def *model,
                                                char **out_json);

/*===----------------------------------------------------------------------===*
 * Sessions
 *===----------------------------------------------------------------------===*/

typedef struct tgrt_session_options {
  /* Threads for the kernels; 0 keeps the current setting. A value > 0 calls
   * tgrt_set_num_threads at session creation, which is process-wide: it
   * affects every session (safe while others run). */
  int32_t num_threads;
} tgrt_session_options;

/* Fills `options` with the defaults. Always call it before setting fields,
 * so that fields added later get their defaults. */
TGRT_API void tgrt_session_options_init(tgrt_session_options *options);

/* An instance of a model with its buffers. Not thread-safe. */
typedef struct tgrt_session tgrt_session;

/* Creates a session: validates the model, allocates one zeroed buffer per
 * feed, fetch and variable (aligned to TGRT_BUFFER_ALIGNMENT), copies each
 * variable's initial value and allocates one arena, as large as the largest
 * entry's. `options` may be NULL
 * (defaults). The model is not copied and must outlive the session. On
 * success *out must be released by the caller with tgrt_session_destroy. */
TGRT_API tgrt_status *tgrt_session_create(const tgrt_model_def *model,
                                          const tgrt_session_options *options,
                                          tgrt_session **out);

/* Releases a session and its buffers. NULL is accepted. */
TGRT_API void tgrt_session_destroy(tgrt_session *session);

/* The session's model (returned without copying). */
TGRT_API const tgrt_model_def *tgrt_session_model(const tgrt_session *session);

/* Copies `bytes` bytes of `data` into the feed named `name` after checking
 * the name (NOT_FOUND), dtype, rank, every dim and the byte count
 * (INVALID_ARGUMENT), e.g. "feed 'x': expected shape [1,784], got [2,784]".
 * `dims` has `rank` entries (may be NULL when rank == 0). */
TGRT_API tgrt_status *tgrt_session_set_feed(tgrt_session *session,
                                            const char *name, int64_t dtype,
                                            int64_t rank, const int64_t *dims,
                                            const void *data, size_t bytes);

/* The buffer of the i-th feed, for writing the input in place; returned
 * without copying and valid until the session is destroyed. Calling it
 * counts as setting the feed. NULL when out of range. */
TGRT_API void *tgrt_session_feed_data(tgrt_session *session, int64_t index);

/* The buffer of the i-th fetch, filled by tgrt_session_run; returned
 * without copying and valid until the session is destroyed. NULL when out
 * of range. */
TGRT_API const void *tgrt_session_fetch_data(const tgrt_session *session,
                                             int64_t index);

/* The buffer of the i-th variable; returned without copying and valid until
 * the session is destroyed. Writes through it change the variable. NULL
 * when out of range. */
TGRT_API void *tgrt_session_variable_data(tgrt_session *session, int64_t index);

/* Size in bytes of the i-th feed / fetch / variable buffer (0 when out of
 * range). */
TGRT_API size_t tgrt_session_feed_bytes(const tgrt_session *session,
                                        int64_t index);
TGRT_API size_t tgrt_session_fetch_bytes(const tgrt_session *session,
                                         int64_t index);
TGRT_API size_t tgrt_session_variable_bytes(const tgrt_session *session,
                                            int64_t index);

/* Looks the fetch named `name` up and returns its buffer in *out_data
 * (returned without copying, valid until the session is destroyed) and its
 * size in *out_bytes. Either output pointer may be NULL. */
TGRT_API tgrt_status *tgrt_session_get_fetch(const tgrt_session *session,
                                             const char *name,
                                             const void **out_data,
                                             size_t *out_bytes);

/* Runs the model's default entry (entry 0) once; see
 * tgrt_session_run_entry. */
TGRT_API tgrt_status *tgrt_session_run(tgrt_session *session);

/* Runs entry `index` once: calls its function with the session's buffers
 * ordered feeds, fetches, variables. Until a run of this entry has
 * succeeded, each of the entry's feeds must have been set with
 * tgrt_session_set_feed or tgrt_session_feed_data (FAILED_PRECONDITION
 * "feed 'x' was never set"). Variables updated by the entry (a training
 * step) keep their new values for the next run of any entry. A non-zero
 * return of the function gives an INTERNAL status with the code;
 * INVALID_ARGUMENT when the index is out of range. */
TGRT_API tgrt_status *tgrt_session_run_entry(tgrt_session *session,
                                             int64_t index);

/* CUDA models: the device address (a CUdeviceptr) of the i-th feed, fetch
 * or variable buffer, for callers that keep their data on the GPU. Valid
 * until the session is destroyed; asking for a feed's counts as setting
 * it. 0 for CPU sessions and out-of-range indices. Use with
 * tgrt_session_run_entry_on_device. */
typedef enum tgrt_buffer_kind {
  TGRT_BUFFER_FEED = 0,
  TGRT_BUFFER_FETCH = 1,
  TGRT_BUFFER_VARIABLE = 2,
} tgrt_buffer_kind;
TGRT_API uint64_t tgrt_session_device_buffer(tgrt_session *session,
                                             tgrt_buffer_kind kind,
                                             int64_t index);

/* CUDA models: runs entry `index` on the device buffers as they are: the
 * feeds are not copied from the host buffers and the fetches are left on
 * the device (read them through tgrt_session_device_buffer). Variables
 * behave as in tgrt_session_run_entry. FAILED_PRECONDITION for CPU
 * sessions. */
TGRT_API tgrt_status *tgrt_session_run_entry_on_device(tgrt_session *session,
                                                       int64_t index);

/* Copies the variable named `name` to `out`; `bytes` must equal its size. */
TGRT_API tgrt_status *tgrt_session_read_variable(const tgrt_session *session,
                                                 const char *name, void *out,
                                                 size_t bytes);

/* Copies `data` into the variable named `name`, checked like
 * tgrt_session_set_feed. */
TGRT_API tgrt_status *
tgrt_session_write_variable(tgrt_session *session, const char *name,
                            int64_t dtype, int64_t rank, const int64_t *dims,
                            const void *data, size_t bytes);

/* Writes all variables to the checkpoint file `path` (format in
 * docs/runtime.md). The file is written to `path`.tmp and renamed, so an
 * existing checkpoint is replaced only by a complete one. IO_ERROR naming
 * the path on failure. */
TGRT_API tgrt_status *tgrt_session_save(const tgrt_session *session,
                                        const char *path);

/* Loads all variables from the checkpoint `path`. The checkpoint must hold
 * exactly the model's variables (in any order) with the same dtypes and
 * shapes; otherwise INVALID_ARGUMENT naming the variable, and no variable
 * is changed. IO_ERROR naming the path when it cannot be read. */
TGRT_API tgrt_status *tgrt_session_restore(tgrt_session *session,
                                           const char *path);

/*===----------------------------------------------------------------------===*
 * Shared-library models
 *===----------------------------------------------------------------------===*/

/* A model loaded from a shared library made with `tgc --emit=shared`. */
typedef struct tgrt_library tgrt_library;

/* dlopens `path` (RTLD_NOW | RTLD_LOCAL; a path without '/' is taken
 * relative to the current directory) and looks up the data symbol
 * TGRT_SHARED_MODEL_SYMBOL, then validates the model. NOT_FOUND when the
 * file or the symbol is missing, UNAVAILABLE when dlopen fails. On success
 * *out must be released by the caller with tgrt_library_close. */
TGRT_API tgrt_status *tgrt_library_open(const char *path, tgrt_library **out);

/* The library's model, returned without copying; valid until the library
 * is closed. */
TGRT_API const tgrt_model_def *tgrt_library_model(const tgrt_library *library);

/* Closes the library. Sessions of its model must be destroyed first. NULL
 * is accepted. */
TGRT_API void tgrt_library_close(tgrt_library *library);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TGRT_TGRT_H */

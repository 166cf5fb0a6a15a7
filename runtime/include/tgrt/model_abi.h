/*===- tgrt/model_abi.h - Layout of a compiled model's descriptor -*- C -*-===*
 *
 * Every object file that tgc emits defines one constant `tgrt_model_def`.
 * It is the contract between generated code and the runtime: the signature
 * (feeds and fetches with name, dtype and shape), the variables with their
 * initial values, and one or more entry points (e.g. `predict` and
 * `train_step`), each with its own feeds, fetches and scratch arena size.
 *
 * The layout is fixed: every field is 8 bytes wide (pointers or int64_t), so
 * the compiler can emit it as a flat LLVM struct without padding rules.
 * A change of layout bumps TGRT_ABI_VERSION; the runtime refuses other
 * versions with an error status.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TGRT_MODEL_ABI_H
#define TGRT_MODEL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TGRT_ABI_VERSION 3

/* Element types. The numbering is part of the ABI. */
typedef enum tgrt_dtype {
  TGRT_DTYPE_INVALID = 0,
  TGRT_DTYPE_F32 = 1,
  TGRT_DTYPE_F16 = 2,
  TGRT_DTYPE_BF16 = 3,
  TGRT_DTYPE_F64 = 4,
  TGRT_DTYPE_BOOL = 5, /* i1, stored as one byte per element */
  TGRT_DTYPE_I8 = 6,
  TGRT_DTYPE_I16 = 7,
  TGRT_DTYPE_I32 = 8,
  TGRT_DTYPE_I64 = 9,
  TGRT_DTYPE_U8 = 10,
} tgrt_dtype;

/* The name of a dtype ("float32", ..., "invalid" for other codes) and its
 * size in bytes (0 for other codes): the one table of both, used by the
 * runtime (tgrt_dtype_name, tgrt_dtype_size) and by the compiler. */
static inline const char *tgrt_abi_dtype_name(int64_t dtype) {
  switch (dtype) {
  case TGRT_DTYPE_F32:
    return "float32";
  case TGRT_DTYPE_F16:
    return "float16";
  case TGRT_DTYPE_BF16:
    return "bfloat16";
  case TGRT_DTYPE_F64:
    return "float64";
  case TGRT_DTYPE_BOOL:
    return "bool";
  case TGRT_DTYPE_I8:
    return "int8";
  case TGRT_DTYPE_I16:
    return "int16";
  case TGRT_DTYPE_I32:
    return "int32";
  case TGRT_DTYPE_I64:
    return "int64";
  case TGRT_DTYPE_U8:
    return "uint8";
  default:
    return "invalid";
  }
}

static inline int64_t tgrt_abi_dtype_size(int64_t dtype) {
  switch (dtype) {
  case TGRT_DTYPE_BOOL:
  case TGRT_DTYPE_I8:
  case TGRT_DTYPE_U8:
    return 1;
  case TGRT_DTYPE_F16:
  case TGRT_DTYPE_BF16:
  case TGRT_DTYPE_I16:
    return 2;
  case TGRT_DTYPE_F32:
  case TGRT_DTYPE_I32:
    return 4;
  case TGRT_DTYPE_F64:
  case TGRT_DTYPE_I64:
    return 8;
  default:
    return 0;
  }
}

/* One feed or fetch. `dims` has `rank` entries, all non-negative. */
typedef struct tgrt_tensor_sig {
  const char *name;    /* TF node name, e.g. "x" or "split:1" */
  int64_t dtype;       /* a tgrt_dtype */
  int64_t rank;
  const int64_t *dims; /* NULL when rank == 0 */
} tgrt_tensor_sig;

/* One variable: session-owned, initialised from `initial_value`. */
typedef struct tgrt_variable_def {
  const char *name;
  int64_t dtype;
  int64_t rank;
  const int64_t *dims;
  const void *initial_value; /* initial_bytes bytes, in read-only data */
  int64_t initial_bytes;
} tgrt_variable_def;

/* Where a model's code runs. */
typedef enum tgrt_target {
  TGRT_TARGET_CPU = 0,
  TGRT_TARGET_CUDA = 1,
} tgrt_target;

/* An entry function. `buffers` holds, in this order, one pointer per feed,
 * one per fetch and one per variable of the MODEL (all of them, in the
 * model's order, also those the entry does not use); each points to a dense
 * row-major buffer of the signature's shape, aligned to
 * TGRT_BUFFER_ALIGNMENT. The entry reads its feeds, writes its fetches and
 * reads and updates variables in place. `arena` is scratch memory of the
 * entry's `arena_bytes` bytes with the same alignment. Returns 0 on success.
 * The function performs no heap allocation and is reentrant for distinct
 * buffers and arenas.
 *
 * CPU models ignore `device`. For a CUDA model every buffer and the arena
 * are device addresses, and `device` is the runtime's execution context
 * (see cuda_session.cpp): the function launches the kernels through
 * tgrt_cuda_exec_launch on it and returns when they are queued; launch
 * errors are recorded in the context. */
typedef int32_t (*tgrt_entry_fn)(void *const *buffers, void *arena,
                                 void *device);

#define TGRT_BUFFER_ALIGNMENT 64

/* One entry point. `feeds` and `fetches` are indices into the model's feed
 * and fetch arrays: the entry needs exactly these feeds set and writes
 * exactly these fetches. */
typedef struct tgrt_entry_def {
  const char *name; /* "main" for a plain model; "predict", "train_step" */
  int64_t num_feeds;
  const int64_t *feeds;
  int64_t num_fetches;
  const int64_t *fetches;
  int64_t arena_bytes;
  tgrt_entry_fn fn;
} tgrt_entry_def;

/* Feeds and fetches are the union over all entries (names are unique among
 * feeds; an entry's fetch may also be another entry's); variables are
 * shared by all entries. Entry 0 is the default entry. */
typedef struct tgrt_model_def {
  int64_t abi_version; /* TGRT_ABI_VERSION */
  const char *name;    /* the model's name (the --class or graph name) */
  int64_t num_feeds;
  const tgrt_tensor_sig *feeds;
  int64_t num_fetches;
  const tgrt_tensor_sig *fetches;
  int64_t num_variables;
  const tgrt_variable_def *variables;
  int64_t num_entries; /* >= 1 */
  const tgrt_entry_def *entries;
  /* The target (a tgrt_target). For TGRT_TARGET_CUDA: the PTX of all
   * kernels (NUL-terminated), the kernels' names (the index the code
   * launches them by), and the constant pool, which the runtime copies to
   * the device once per session. NULL and 0 on CPU. */
  int64_t target;
  const char *ptx;
  int64_t num_kernels;
  const char *const *kernel_names;
  const void *constants;
  int64_t constant_bytes;
} tgrt_model_def;

/* A shared library made with `tgc --emit=shared` exports its model under
 * this symbol, so generic tools can load any model. */
#define TGRT_SHARED_MODEL_SYMBOL "tgc_model"

/* The runtime functions that compiled code calls. Each name is spelled once,
 * here: the runtime declares and defines the functions through these macros
 * (tgrt/kernels.h, runtime/src/cuda_session.cpp), and the compiler emits
 * calls to TGRT_SYMBOL_NAME(macro), the name as a string literal. Their
 * signatures and contracts are documented where they are declared. */
#define TGRT_FN_GEMM_F32 tgrt_gemm_f32
#define TGRT_FN_GEMM_F64 tgrt_gemm_f64
#define TGRT_FN_GEMM_ORDERED_F32 tgrt_gemm_ordered_f32
#define TGRT_FN_GEMM_ORDERED_PACKED_F32 tgrt_gemm_ordered_packed_f32
#define TGRT_FN_CONV_ORDERED_PACKED_F32 tgrt_conv_ordered_packed_f32
/* The number of int64_t fields of the convolution descriptor
 * (tgrt_conv_patches in tgrt/kernels.h) tgc stores for that call. */
#define TGRT_CONV_PATCHES_FIELDS 15
/* The layout of B that TGRT_FN_GEMM_ORDERED_PACKED_F32 reads (tgc packs
 * constant filters in it at compile time): see tgrt/kernels.h. */
#define TGRT_GEMM_PACKED_PANEL 32
#define TGRT_GEMM_PACKED_KBLOCK 128
#define TGRT_FN_PARALLEL_FOR tgrt_parallel_for
#define TGRT_FN_ASSERT_FAILED tgrt_assert_failed
/* CUDA models: the host code launches kernels and reaches the device through
 * the execution context passed as the entry's `device` argument. */
#define TGRT_FN_CUDA_EXEC_LAUNCH tgrt_cuda_exec_launch
#define TGRT_FN_CUDA_EXEC_CONSTANTS tgrt_cuda_exec_constants
#define TGRT_FN_CUDA_EXEC_READ tgrt_cuda_exec_read
#define TGRT_FN_CUDA_EXEC_WRITE tgrt_cuda_exec_write

#define TGRT_STRINGIFY_(x) #x
/* The symbol name of a TGRT_FN_* macro, e.g. "tgrt_gemm_f32". */
#define TGRT_SYMBOL_NAME(fn) TGRT_STRINGIFY_(fn)

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TGRT_MODEL_ABI_H */

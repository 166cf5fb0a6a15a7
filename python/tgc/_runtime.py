"""ctypes bindings of libtgrt's C API (runtime/include/tgrt/tgrt.h).

Only what the Python API needs: loading a shared-library model, its
signature, sessions, feeds, fetches, variables and checkpoints. Every
function that returns a `tgrt_status *` is checked; a failure becomes a
`tgc.RuntimeError` carrying the runtime's message.
"""

import ctypes
import ctypes.util
import os
import shutil

import numpy as np

from .errors import TgrtError

# tgrt_dtype codes (runtime/include/tgrt/model_abi.h) and NumPy's dtypes.
DTYPES = {
    1: np.dtype(np.float32),
    2: np.dtype(np.float16),
    4: np.dtype(np.float64),
    5: np.dtype(np.bool_),
    6: np.dtype(np.int8),
    7: np.dtype(np.int16),
    8: np.dtype(np.int32),
    9: np.dtype(np.int64),
    10: np.dtype(np.uint8),
}
CODES = {dtype: code for code, dtype in DTYPES.items()}


class TensorSig(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int64),
                ("rank", ctypes.c_int64),
                ("dims", ctypes.POINTER(ctypes.c_int64))]


class VariableDef(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int64),
                ("rank", ctypes.c_int64),
                ("dims", ctypes.POINTER(ctypes.c_int64)),
                ("initial_value", ctypes.c_void_p),
                ("initial_bytes", ctypes.c_int64)]


class SessionOptions(ctypes.Structure):
    # tgrt_session_options; filled by tgrt_session_options_init. Room is
    # left for fields a newer runtime may add after num_threads.
    _fields_ = [("num_threads", ctypes.c_int32),
                ("_reserved", ctypes.c_char * 60)]


def _find_library():
    """libtgrt.so: $TGC_LIBTGRT, next to the tgc executable
    (BIN/../lib), or the system's library path."""
    explicit = os.environ.get("TGC_LIBTGRT")
    if explicit:
        return explicit
    compiler = os.environ.get("TGC_COMPILER") or shutil.which("tgc")
    if compiler:
        candidate = os.path.join(os.path.dirname(os.path.realpath(compiler)),
                                 os.pardir, "lib", "libtgrt.so")
        if os.path.exists(candidate):
            return os.path.normpath(candidate)
    found = ctypes.util.find_library("tgrt")
    if found:
        return found
    raise TgrtError("cannot find libtgrt.so: set TGC_LIBTGRT to its path, or "
                    "put tgc (with ../lib/libtgrt.so beside it) on PATH")


_lib = None


def lib():
    """The loaded runtime library, with its function signatures declared."""
    global _lib
    if _lib is not None:
        return _lib
    path = _find_library()
    try:
        # Global: the model libraries it loads leave the runtime's kernels
        # (tgrt_gemm_f32, ...) undefined and bind them to this library.
        handle = ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
    except OSError as e:
        raise TgrtError("cannot load %s: %s" % (path, e)) from None
    vp, i64, sz, cp = ctypes.c_void_p, ctypes.c_int64, ctypes.c_size_t, \
        ctypes.c_char_p
    signatures = {
        "tgrt_status_message": (cp, [vp]),
        "tgrt_status_code": (ctypes.c_int, [vp]),
        "tgrt_status_free": (None, [vp]),
        "tgrt_free": (None, [vp]),
        "tgrt_library_open": (vp, [cp, ctypes.POINTER(vp)]),
        "tgrt_library_model": (vp, [vp]),
        "tgrt_library_close": (None, [vp]),
        "tgrt_model_signature_json": (vp, [vp, ctypes.POINTER(vp)]),
        "tgrt_model_num_feeds": (i64, [vp]),
        "tgrt_model_num_fetches": (i64, [vp]),
        "tgrt_model_num_variables": (i64, [vp]),
        "tgrt_model_num_entries": (i64, [vp]),
        "tgrt_model_feed": (ctypes.POINTER(TensorSig), [vp, i64]),
        "tgrt_model_fetch": (ctypes.POINTER(TensorSig), [vp, i64]),
        "tgrt_model_variable": (ctypes.POINTER(VariableDef), [vp, i64]),
        "tgrt_model_find_entry": (vp, [vp, cp, ctypes.POINTER(i64)]),
        "tgrt_session_options_init": (None, [ctypes.POINTER(SessionOptions)]),
        "tgrt_session_create": (vp, [vp, ctypes.POINTER(SessionOptions),
                                     ctypes.POINTER(vp)]),
        "tgrt_session_destroy": (None, [vp]),
        "tgrt_session_set_feed": (vp, [vp, cp, i64, i64,
                                       ctypes.POINTER(i64), vp, sz]),
        "tgrt_session_fetch_data": (vp, [vp, i64]),
        "tgrt_session_fetch_bytes": (sz, [vp, i64]),
        "tgrt_session_run_entry": (vp, [vp, i64]),
        "tgrt_session_read_variable": (vp, [vp, cp, vp, sz]),
        "tgrt_session_write_variable": (vp, [vp, cp, i64, i64,
                                             ctypes.POINTER(i64), vp, sz]),
        "tgrt_session_save": (vp, [vp, cp]),
        "tgrt_session_restore": (vp, [vp, cp]),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(handle, name)
        fn.restype = restype
        fn.argtypes = argtypes
    _lib = handle
    return handle


def check(status):
    """Raises TgrtError for a non-NULL status (and frees it)."""
    if status:
        l = lib()
        message = l.tgrt_status_message(status).decode("utf-8", "replace")
        l.tgrt_status_free(status)
        raise TgrtError(message)


def dims_of(sig):
    return tuple(sig.dims[i] for i in range(sig.rank))

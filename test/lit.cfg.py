# lit configuration of tgc's IR and command-line tests.
import os
import shutil
import sys

import lit.formats
from lit.llvm import llvm_config

config.name = "tgc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "export_graphs.py", "strip_library.py", "check_corpus.py",
                   "lit.site.cfg.py", "Inputs", "e2e", "unit", "gtest", "fuzz"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tgc_obj_root, "test")

llvm_config.with_system_environment(["HOME", "TMPDIR", "TMP", "TEMP"])
# The machine's certificate, proxy and registry settings reach the tests that
# run npm, pip or node (lit passes a reduced environment otherwise: an
# `npm install` that works in a shell fails inside a test behind a proxy with
# its own certificate authority). Tests never depend on these being set.
_passthrough = ["NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR",
                "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "PIP_CERT",
                "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS",
                "PIP_DEFAULT_TIMEOUT", "PIP_DISABLE_PIP_VERSION_CHECK",
                "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy",
                "https_proxy", "no_proxy", "TGC_CACHE"]
_passthrough += [k for k in os.environ if k.lower().startswith("npm_config_")]
llvm_config.with_system_environment(_passthrough)
llvm_config.use_default_substitutions()

config.substitutions.append(("%src_root", config.tgc_src_root))
config.substitutions.append(("%obj_root", config.tgc_obj_root))
config.substitutions.append(("%examples", os.path.join(config.tgc_src_root, "examples")))
config.substitutions.append(("%inputs", os.path.join(os.path.dirname(__file__), "Inputs")))
# A sanitizer build (scripts/run-tests.sh --sanitize=...): python loads the
# instrumented libtgrt.so through ctypes, so it runs with the shared ASan
# runtime preloaded (the instrumented programs it starts use the same one),
# without leak checking (the interpreter's own allocations would be
# reported).
# %sanitizer_env goes before any other python that loads libtgrt.so (a
# virtual environment's); it is empty in other builds.
_sanitize = getattr(config, "tgc_sanitize", "")
_sanitizer_env = ""
if _sanitize and _sanitize.upper() not in ("OFF", "0", "FALSE"):
    config.available_features.add("sanitized")
    if "address" in _sanitize and config.tgc_asan_runtime:
        _sanitizer_env = "env LD_PRELOAD=%s ASAN_OPTIONS=%s" % (
            config.tgc_asan_runtime,
            ":".join(filter(None, [os.environ.get("ASAN_OPTIONS", ""),
                                   "detect_leaks=0"])))
        # (replacing the plain one of use_default_substitutions)
        config.substitutions = [s for s in config.substitutions
                                if s[0] != "%python"]
        config.substitutions.append(
            ("%python", _sanitizer_env + " " + sys.executable))
config.substitutions.append(("%sanitizer_env", _sanitizer_env))
config.substitutions.append(("%python", sys.executable))
# The C++ compiler and CMake of this build, for the tests that build a
# project of their own against the installed package.
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%generator", config.cmake_generator))

# dpkg-shlibdeps (dpkg-dev) for the Debian package test.
if shutil.which("dpkg-shlibdeps") and shutil.which("dpkg-deb"):
    config.available_features.add("dpkg-shlibdeps")

# A full disk: the fault tests mount a tiny tmpfs in a private mount
# namespace (unshare -m as root, else through a user namespace, unshare
# -rm, where the kernel allows it). %unshare_mount is the working prefix.
def _probe_private_mount():
    import subprocess
    import tempfile
    if not shutil.which("unshare"):
        return None
    probe = tempfile.mkdtemp(prefix="tgc-mount-probe-")
    try:
        for prefix in (["unshare", "-m"], ["unshare", "-rm"]):
            try:
                done = subprocess.run(
                    prefix + ["sh", "-c",
                              "mount -t tmpfs -o size=8k tgc-probe '%s'" % probe],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if done.returncode == 0:
                return " ".join(prefix)
        return None
    finally:
        os.rmdir(probe)


_unshare_mount = _probe_private_mount()
if _unshare_mount:
    config.available_features.add("private-mount")
    config.substitutions.append(("%unshare_mount", _unshare_mount))

# The docs spell the build folder `build/` (the scripts' default): the tests
# that run the docs' commands need the build there.
if os.path.realpath(config.tgc_obj_root) == os.path.realpath(
        os.path.join(config.tgc_src_root, "build")):
    config.available_features.add("default-build-dir")

# TensorFlow (for tests that export graphs with TensorFlow itself) lives in
# a virtual environment in a cache, made by scripts/setup-tensorflow.sh.
tf_python = os.environ.get(
    "TGC_TF_PYTHON",
    os.path.join(os.path.expanduser("~"), ".cache", "tgc", "tf-venv", "bin",
                 "python"))
if os.path.exists(tf_python):
    config.available_features.add("tensorflow")
    config.substitutions.append(("%tfpython", tf_python))
else:
    lit_config.note("TensorFlow not found at %s: the tests that need it are "
                    "reported UNSUPPORTED (run scripts/setup-tensorflow.sh)"
                    % tf_python)

# The TF.js model corpus, fetched by scripts/fetch-human-models.sh.
human_models = os.environ.get(
    "TGC_HUMAN_MODELS",
    os.path.join(os.path.expanduser("~"), ".cache", "tgc",
                 "human-models-3.0.4", "models"))
if os.path.isdir(human_models):
    config.available_features.add("human-models")
    config.substitutions.append(("%human_models", human_models))
else:
    lit_config.note("the TF.js model corpus is not at %s: its tests are "
                    "reported UNSUPPORTED (run scripts/fetch-human-models.sh)"
                    % human_models)

# ptxas from the CUDA toolkit (not a Debian package): where it is installed,
# the PTX that tgc writes is assembled by it in the tests.
import shutil
ptxas = shutil.which("ptxas") or next(
    (p for p in ("/usr/local/cuda/bin/ptxas",) if os.path.exists(p)), None)
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
else:
    lit_config.note("ptxas (CUDA toolkit) not found: the tests that assemble "
                    "tgc's PTX are reported UNSUPPORTED")

# tgrt's fake CUDA driver (test/unit/runtime/fake_cuda_driver.cpp): host
# memory, kernels that do nothing; the CUDA host code runs against it.
config.substitutions.append(
    ("%fake_cuda_driver",
     os.path.join(config.tgc_obj_root, "lib", "libtgrt-fake-cuda.so")))


def cuda_device_count():
    """Devices the CUDA driver reports; 0 without a driver or a device."""
    import ctypes
    try:
        cuda = ctypes.CDLL("libcuda.so.1")
        count = ctypes.c_int(0)
        if cuda.cuInit(0) != 0 or cuda.cuDeviceGetCount(ctypes.byref(count)) != 0:
            return 0
        return count.value
    except OSError:
        return 0


if cuda_device_count() > 0:
    config.available_features.add("cuda-device")
else:
    lit_config.note("no CUDA device: the tests that run compiled models on "
                    "a GPU are reported UNSUPPORTED")

tool_dirs = [config.tgc_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["tgc", "tgc-opt", "tgc-run"], tool_dirs)
llvm_config.with_environment("PATH", config.tgc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

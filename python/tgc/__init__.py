"""tgc from Python: compile a TensorFlow graph ahead of time, run it.

    import numpy as np
    import tgc

    model = tgc.compile("mnist_mlp.pb", feeds={"x": (1, 784)},
                        fetches=["probs"])
    probs = model(x=np.zeros((1, 784), np.float32))
    model.signature        # {"feeds": [...], "fetches": [...], ...}

`compile` runs the `tgc` executable (`$TGC_COMPILER`, else `tgc` on PATH)
to make a shared library and loads it with libtgrt (`$TGC_LIBTGRT`, else
`../lib/libtgrt.so` beside the executable, else the system's library
path) through its C API. The graph may be a path (a GraphDef `.pb` or
`.pbtxt`, a TF.js `model.json`), a GraphDef message or its serialized
bytes, or, when TensorFlow is installed, a `tf.function` with an input
signature or a Keras model, which are frozen with TensorFlow's own
`convert_variables_to_constants_v2` first.

Errors are exceptions: `tgc.CompileError` carries tgc's diagnostic,
`tgc.TgrtError` the runtime's message.
"""

import json
import os
import shutil
import subprocess
import tempfile
import weakref

import ctypes
import numpy as np

from . import _runtime
from .errors import CompileError, Error, TgrtError

__all__ = ["compile", "load", "Model", "CompileError", "TgrtError", "Error",
           "compiler_path"]
__version__ = "0.1.0"


def compiler_path():
    """The tgc executable this package runs."""
    path = os.environ.get("TGC_COMPILER") or shutil.which("tgc")
    if not path:
        raise CompileError("cannot find the tgc executable: put it on PATH "
                           "or set TGC_COMPILER to its path")
    return path


def _feed_spec(name, shape):
    if shape is None:
        return name
    dims = "x".join("?" if d is None or d < 0 else str(int(d))
                    for d in shape)
    return "%s:%s" % (name, dims or "scalar")


def _freeze_tensorflow(fn, feeds):
    """A tf.function or Keras model as a frozen GraphDef, with its feed
    and fetch names."""
    import tensorflow as tf
    from tensorflow.python.framework import convert_to_constants

    if hasattr(fn, "get_concrete_function"):
        concrete = fn.get_concrete_function()
    elif isinstance(fn, tf.keras.Model):
        if not feeds:
            specs = [tf.TensorSpec([1 if d is None else d for d in
                                    t.shape], t.dtype, name=t.name.split(":")[0])
                     for t in tf.nest.flatten(fn.inputs)]
        else:
            specs = [tf.TensorSpec(shape, tf.float32, name=name)
                     for name, shape in feeds.items()]
        concrete = tf.function(
            lambda *x: fn(x[0] if len(x) == 1 else list(x), training=False),
            input_signature=specs).get_concrete_function()
    else:
        raise TypeError("expected a tf.function or a Keras model, got %r"
                        % type(fn).__name__)
    frozen = convert_to_constants.convert_variables_to_constants_v2(
        concrete, lower_control_flow=False)
    graph = frozen.graph.as_graph_def()
    inputs = [t.name.split(":")[0] for t in frozen.inputs]
    outputs = [t.name[:-2] if t.name.endswith(":0") else t.name
               for t in frozen.outputs]
    shapes = {name: [d for d in t.shape] for name, t in
              zip(inputs, frozen.inputs)}
    return graph.SerializeToString(), inputs, outputs, shapes


def compile(graph, feeds=None, fetches=None, target="cpu", *,
            train=None, class_name=None, opt_level=None, args=(),
            workdir=None):
    """Compiles `graph` with tgc into a shared library and loads it.

    graph: a path (.pb, .pbtxt, model.json), a GraphDef message or its
        bytes, a tf.function with an input signature, or a Keras model.
    feeds: {name: shape} (a shape of ints; None or -1 for a dimension left
        to tgc's default) or a list of names; default: the graph's
        placeholders.
    fetches: node names to compute; default: what tgc computes without
        --fetch (every node nothing consumes; a TF.js signature's outputs).
    target: "cpu" or "cuda".
    train: {"loss": node, "variables": [nodes], "optimizer": "adam",
        "learning_rate": 0.001, ...}: compile `predict` and `train_step`
        entries (tgc --train).
    args: more tgc command-line arguments.
    workdir: where the library is written (default: a temporary directory
        that lives as long as the model).

    Returns a loaded Model. Raises CompileError with tgc's message when
    tgc rejects the graph.
    """
    owned_dir = None
    if workdir is None:
        owned_dir = tempfile.TemporaryDirectory(prefix="tgc-")
        workdir = owned_dir.name
    os.makedirs(workdir, exist_ok=True)

    feed_shapes = {}
    if isinstance(feeds, dict):
        feed_shapes = dict(feeds)
    elif feeds:
        feed_shapes = {name: None for name in feeds}
    fetch_list = list(fetches) if fetches else []

    if isinstance(graph, (str, os.PathLike)):
        path = os.fspath(graph)
    elif isinstance(graph, (bytes, bytearray)):
        path = os.path.join(workdir, "graph.pb")
        with open(path, "wb") as f:
            f.write(graph)
    elif hasattr(graph, "SerializeToString") and hasattr(graph, "node"):
        path = os.path.join(workdir, "graph.pb")
        with open(path, "wb") as f:
            f.write(graph.SerializeToString())
    else:
        data, inputs, outputs, shapes = _freeze_tensorflow(graph, feed_shapes)
        path = os.path.join(workdir, "graph.pb")
        with open(path, "wb") as f:
            f.write(data)
        if not feed_shapes:
            feed_shapes = {name: [1 if d is None else d for d in shapes[name]]
                           for name in inputs}
        if not fetch_list:
            fetch_list = outputs

    library = os.path.join(workdir, "model.so")
    cmd = [compiler_path(), path, "--emit=shared", "-o", library]
    for name, shape in feed_shapes.items():
        cmd += ["--feed", _feed_spec(name, shape)]
    for name in fetch_list:
        cmd += ["--fetch", name]
    if target != "cpu":
        cmd += ["--target=" + target]
    if class_name:
        cmd += ["--class", class_name]
    if opt_level is not None:
        cmd += ["-O%d" % opt_level]
    if train:
        cmd += ["--train", "--loss", train["loss"],
                "--variables", ",".join(train["variables"])]
        for key in ("optimizer", "learning_rate", "momentum", "beta1",
                    "beta2", "epsilon"):
            if key in train:
                cmd += ["--" + key.replace("_", "-"), str(train[key])]
    cmd += list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        errors = [line[len("tgc: error: "):] for line in
                  proc.stderr.splitlines() if line.startswith("tgc: error: ")]
        message = "\n".join(errors) or proc.stderr.strip() or \
            "tgc exited with %d" % proc.returncode
        raise CompileError(message, proc.stderr, cmd)
    model = load(library)
    model._workdir = owned_dir  # removed with the model
    return model


def load(path, num_threads=0):
    """Loads a shared library made by `tgc --emit=shared`."""
    return Model(path, num_threads=num_threads)


class Variables:
    """A model's variables by name: reading gives a NumPy copy, assigning
    writes into the session (dtype and shape checked by the runtime)."""

    def __init__(self, model):
        self._model = model

    def keys(self):
        return [v["name"] for v in self._model._variables]

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self._model._variables)

    def __contains__(self, name):
        return name in self.keys()

    def _find(self, name):
        for v in self._model._variables:
            if v["name"] == name:
                return v
        raise KeyError(name)

    def __getitem__(self, name):
        v = self._find(name)
        out = np.empty(v["shape"], v["dtype"])
        _runtime.check(_runtime.lib().tgrt_session_read_variable(
            self._model._session, name.encode(), out.ctypes.data, out.nbytes))
        return out

    def __setitem__(self, name, value):
        v = self._find(name)
        array = np.require(np.asarray(value, dtype=v["dtype"]),
                           requirements="C")
        self._model._write(_runtime.lib().tgrt_session_write_variable, name,
                           array)

    def items(self):
        return [(name, self[name]) for name in self.keys()]

    def __repr__(self):
        return "Variables(%s)" % ", ".join(
            "%s: %s%s" % (v["name"], v["dtype"], list(v["shape"]))
            for v in self._model._variables)


class Model:
    """A compiled model with one session (not thread-safe: use one Model per
    thread). Call it with the feeds as keyword arguments."""

    def __init__(self, path, num_threads=0):
        lib = _runtime.lib()
        self._library = ctypes.c_void_p()
        _runtime.check(lib.tgrt_library_open(os.fspath(path).encode(),
                                             ctypes.byref(self._library)))
        self._model = lib.tgrt_library_model(self._library)
        text = ctypes.c_void_p()
        _runtime.check(lib.tgrt_model_signature_json(self._model,
                                                     ctypes.byref(text)))
        self.signature = json.loads(ctypes.string_at(text).decode())
        lib.tgrt_free(text)
        options = _runtime.SessionOptions()
        lib.tgrt_session_options_init(ctypes.byref(options))
        options.num_threads = num_threads
        self._session = ctypes.c_void_p()
        status = lib.tgrt_session_create(self._model, ctypes.byref(options),
                                         ctypes.byref(self._session))
        if status:
            lib.tgrt_library_close(self._library)
            _runtime.check(status)
        self._fetch_index = {}
        for i in range(lib.tgrt_model_num_fetches(self._model)):
            sig = lib.tgrt_model_fetch(self._model, i).contents
            self._fetch_index[sig.name.decode()] = (
                i, _runtime.DTYPES[sig.dtype], _runtime.dims_of(sig))
        self._variables = []
        for i in range(lib.tgrt_model_num_variables(self._model)):
            v = lib.tgrt_model_variable(self._model, i).contents
            self._variables.append({
                "name": v.name.decode(), "dtype": _runtime.DTYPES[v.dtype],
                "shape": tuple(v.dims[k] for k in range(v.rank))})
        self.variables = Variables(self)
        self._finalizer = weakref.finalize(
            self, Model._release, lib, self._session, self._library)
        self._workdir = None

    @staticmethod
    def _release(lib, session, library):
        lib.tgrt_session_destroy(session)
        lib.tgrt_library_close(library)

    @property
    def entries(self):
        return [e["name"] for e in self.signature["entries"]]

    def _write(self, function, name, array):
        code = _runtime.CODES.get(array.dtype)
        if code is None:
            raise TgrtError("'%s': dtype %s has no tgrt equivalent"
                            % (name, array.dtype))
        dims = (ctypes.c_int64 * max(1, array.ndim))(*array.shape)
        _runtime.check(function(self._session, name.encode(), code,
                                array.ndim, dims, array.ctypes.data,
                                array.nbytes))

    def run(self, entry=None, **feeds):
        """Runs `entry` (default: the first) on the feeds; returns the
        entry's fetches: one array, or a dict name -> array when it has
        several."""
        lib = _runtime.lib()
        index = ctypes.c_int64(0)
        if entry is not None:
            _runtime.check(lib.tgrt_model_find_entry(
                self._model, entry.encode(), ctypes.byref(index)))
        description = self.signature["entries"][index.value]
        for name, value in feeds.items():
            feed = next((f for f in self.signature["feeds"]
                         if f["name"] == name), None)
            dtype = np.dtype(feed["dtype"]) if feed else None
            # (np.ascontiguousarray would make a scalar a 1-element array.)
            array = np.require(np.asarray(value, dtype=dtype),
                               requirements="C")
            self._write(lib.tgrt_session_set_feed, name, array)
        _runtime.check(lib.tgrt_session_run_entry(self._session, index.value))
        out = {}
        for name in description["fetches"]:
            i, dtype, shape = self._fetch_index[name]
            data = lib.tgrt_session_fetch_data(self._session, i)
            size = lib.tgrt_session_fetch_bytes(self._session, i)
            out[name] = np.frombuffer(ctypes.string_at(data, size),
                                      dtype=dtype).reshape(shape).copy()
        if len(out) == 1:
            return next(iter(out.values()))
        return out

    __call__ = run

    def predict(self, **feeds):
        """The `predict` entry of a model compiled with train=..."""
        return self.run("predict", **feeds)

    def train_step(self, **feeds):
        """One optimizer step (the `train_step` entry); returns the loss."""
        return self.run("train_step", **feeds)

    def save(self, path):
        """Writes the variables to a checkpoint."""
        _runtime.check(_runtime.lib().tgrt_session_save(
            self._session, os.fspath(path).encode()))

    def restore(self, path):
        """Loads the variables from a checkpoint written by save()."""
        _runtime.check(_runtime.lib().tgrt_session_restore(
            self._session, os.fspath(path).encode()))

    def __repr__(self):
        feeds = ", ".join("%s: %s%s" % (f["name"], f["dtype"], f["shape"])
                          for f in self.signature["feeds"])
        fetches = ", ".join("%s: %s%s" % (f["name"], f["dtype"], f["shape"])
                            for f in self.signature["fetches"])
        return "tgc.Model(%s -> %s)" % (feeds, fetches)

"""Runs the tfcompile-style models compiled by tfcompile-suite.test.

    run_suite.py DIR

Each DIR/NAME.so was compiled with `tgc NAME.pbtxt --config
NAME.config.pbtxt`; the expected values are what a tf.compat.v1.Session
returned for the same feeds (make_graphs.py). Prints one line per check.
"""
import os
import sys

import numpy as np

import tgc

CASES = [
    ("add", {"x_const": np.int32(1), "y_const": np.int32(2)},
     {"x_y_sum": np.int32(3)}),
    ("assert_eq", {"x": np.int32(5), "y": np.int32(5)},
     {"x_y_diff": np.int32(0)}),
    ("cond", {"p_hold": np.bool_(True), "x_hold": np.int32(10),
              "y_hold": np.int32(20)}, {"result": np.int32(10)}),
    ("cond", {"p_hold": np.bool_(False), "x_hold": np.int32(10),
              "y_hold": np.int32(20)}, {"result": np.int32(20)}),
    ("function", {}, {"func_call": np.array([4, 6], np.float32)}),
    ("gather", {"params": np.array([1, 2, 3, 4], np.float32),
                "indices": np.array([1, 3], np.int32)},
     {"gather_output": np.array([2, 4], np.float32)}),
    ("matmul", {"x_hold": np.arange(6, dtype=np.float32).reshape(2, 3),
                "y_hold": np.arange(6, dtype=np.float32).reshape(3, 2)},
     {"x_y_prod": np.array([[10, 13], [28, 40]], np.float32)}),
    ("matmul_and_add", {"x": np.array([[1, 2], [3, 4]], np.float32),
                        "y": np.array([[5, 6], [7, 8]], np.float32)},
     {"x_y_prod": np.array([[19, 22], [43, 50]], np.float32),
      "x_y_sum": np.array([[6, 8], [10, 12]], np.float32)}),
    ("splits", {"x": np.array([[1, 2], [3, 4]], np.float32),
                "y": np.array([[10, 20], [30, 40]], np.float32)},
     {"result": np.array([[22, 11], [44, 33]], np.float32)}),
    ("top_k", {"x": np.array([4, 10, 2, 7, 1], np.float32)},
     {"topk_values": np.array([10, 7], np.float32),
      "topk_indices": np.array([1, 3], np.int32)}),
    ("variable", {"y": np.float32(8)}, {"result": np.float32(50)}),
    ("variable_readonly", {"y": np.float32(8)}, {"result": np.float32(50)}),
    ("sequential_updates", {}, {"result": np.float32(0.458)}),
]

directory = sys.argv[1]
for name, feeds, expected in CASES:
    model = tgc.load(os.path.join(directory, name + ".so"))
    out = model(**feeds)
    if not isinstance(out, dict):
        out = {next(iter(expected)): out}
    ok = all(np.asarray(out[k]).dtype == np.asarray(v).dtype and
             np.allclose(out[k], v, rtol=1e-6, atol=1e-6)
             for k, v in expected.items())
    print(name, "ok" if ok else "MISMATCH %r vs %r" % (out, expected))

# A failed assertion is an error of the run naming the node and message.
model = tgc.load(os.path.join(directory, "assert_eq.so"))
try:
    model(x=np.int32(5), y=np.int32(6))
    print("assert_eq: no error")
except tgc.TgrtError as e:
    print("assert_eq error:", e.message)

# Variables persist across runs of one session: 42 + 8 + 8.
model = tgc.load(os.path.join(directory, "variable.so"))
model(y=np.float32(8))
print("variable second run:", model(y=np.float32(8)))

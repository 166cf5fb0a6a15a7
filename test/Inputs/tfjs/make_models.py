#!/usr/bin/env python3
"""Writes small TF.js graph models for the tests of test/Frontend/tfjs.

    make_models.py OUTDIR

Nothing binary is committed: the lit tests run this into %t. It writes

  OUTDIR/mlp/model.json      x[-1,3] -> MatMul(w) -> BiasAdd(b) -> Relu ->
                             Softmax "probs", signature x -> probs:0; the
                             manifest lists b before w (not the topology's
                             order), and the group's bytes are split over
                             two shards in the middle of an element of w
  OUTDIR/mlp/meta.json       the same with the signature under
                             "userDefinedMetadata"
  OUTDIR/mlp/nosig.json      the same without a signature (and a dangling
                             Relu "side" on w)
  OUTDIR/mlp/nchw.json       model.json with BiasAdd's data_format "NCHW"
                             (base64 "TkNIVw==")
  OUTDIR/mlp/group1-shard{1,2}of2.bin
  OUTDIR/mlp/x.npy           a [2,3] float32 input
  OUTDIR/mlp/probs.npy       NumPy's result for x
  OUTDIR/dtypes/model.json   one Const per storage/quantization case (see
                             DTYPE_WEIGHTS below), no signature: the Consts
                             are the sinks, so they are the fetches; two
                             manifest groups (the first GROUP1 weights,
                             then the rest), each read from offset 0 of
                             its own shard
  OUTDIR/dtypes/group1.bin, group2.bin
  OUTDIR/dtypes/expected/NAME.npy  NumPy's value of each weight
"""

import base64
import json
import os
import sys

import numpy as np


def b64(text):
    return base64.b64encode(text.encode()).decode()


def attr_type(dtype):
    return {"type": dtype}


def shape_json(shape):
    return {"dim": [{"size": str(d)} for d in shape]}


def const_node(name, dtype, shape):
    # As the TF.js converter writes them: no values, only dtype and shape.
    return {
        "name": name,
        "op": "Const",
        "attr": {
            "value": {"tensor": {"dtype": dtype, "tensorShape": shape_json(shape)}},
            "dtype": attr_type(dtype),
        },
    }


def op_node(name, op, inputs, **attrs):
    return {"name": name, "op": op, "input": inputs, "attr": attrs}


def write_json(path, model):
    with open(path, "w") as f:
        json.dump(model, f, indent=1)


# ----------------------------------------------------------------------------
# mlp

W = ((np.arange(12, dtype=np.float32) - 5) * 0.25).reshape(3, 4)
B = np.array([0.5, -1.0, 1.5, 2.0], np.float32)
X = np.array([[1.0, 2.0, -1.0], [0.5, -0.25, 3.0]], np.float32)


def mlp_reference(x):
    h = np.maximum(x @ W + B, 0)
    e = np.exp(h - h.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def write_mlp(out):
    os.makedirs(out, exist_ok=True)
    f32 = attr_type("DT_FLOAT")
    nodes = [
        {
            "name": "x",
            "op": "Placeholder",
            "attr": {"dtype": f32, "shape": {"shape": shape_json([-1, 3])}},
        },
        const_node("w", "DT_FLOAT", [3, 4]),
        const_node("b", "DT_FLOAT", [4]),
        op_node("mm", "MatMul", ["x", "w"], T=f32,
                transpose_a={"b": False}, transpose_b={"b": False}),
        op_node("add", "BiasAdd", ["mm", "b"], T=f32, data_format={"s": b64("NHWC")}),
        op_node("relu", "Relu", ["add"], T=f32),
        op_node("probs", "Softmax", ["relu"], T=f32),
    ]
    # Manifest order b, w: the bytes are b's 16 then w's 48; the first shard
    # ends 30 bytes in, in the middle of w's fourth element.
    data = B.tobytes() + W.tobytes()
    shards = ["group1-shard1of2.bin", "group1-shard2of2.bin"]
    with open(os.path.join(out, shards[0]), "wb") as f:
        f.write(data[:30])
    with open(os.path.join(out, shards[1]), "wb") as f:
        f.write(data[30:])
    manifest = [{
        "paths": shards,
        "weights": [
            {"name": "b", "shape": [4], "dtype": "float32"},
            {"name": "w", "shape": [3, 4], "dtype": "float32"},
        ],
    }]
    signature = {
        "inputs": {"x": {"name": "x:0", "dtype": "DT_FLOAT",
                         "tensorShape": {"dim": [{"size": "-1"}, {"size": "3"}]}}},
        "outputs": {"y": {"name": "probs:0", "dtype": "DT_FLOAT"}},
    }

    def model(graph_nodes):
        return {
            "format": "graph-model",
            "generatedBy": "tgc make_models.py",
            "convertedBy": "TensorFlow.js Converter v4.0.0",
            "modelTopology": {"node": graph_nodes, "library": {},
                              "versions": {"producer": 1286}},
            "weightsManifest": manifest,
        }

    m = model(nodes)
    m["signature"] = signature
    write_json(os.path.join(out, "model.json"), m)
    m = model(nodes)
    m["userDefinedMetadata"] = {"signature": signature}
    write_json(os.path.join(out, "meta.json"), m)
    m = model(nodes + [op_node("side", "Relu", ["w"], T=f32)])
    write_json(os.path.join(out, "nosig.json"), m)
    # String attributes are base64: this one says "NCHW", which tgc refuses.
    nchw = json.loads(json.dumps(nodes))
    nchw[4]["attr"]["data_format"] = {"s": b64("NCHW")}
    m = model(nchw)
    m["signature"] = signature
    write_json(os.path.join(out, "nchw.json"), m)

    np.save(os.path.join(out, "x.npy"), X)
    np.save(os.path.join(out, "probs.npy"), mlp_reference(X))


# ----------------------------------------------------------------------------
# dtypes

# float16 bit patterns: -2.5, -0.0, the smallest subnormal 2^-24, the
# largest subnormal (1023 * 2^-24), -65504 (the most negative finite) and 1.
HALF_BITS = np.array([0xC100, 0x8000, 0x0001, 0x03FF, 0xFBFF, 0x3C00], np.uint16)

# (name, node dtype, manifest entry, stored bytes, expected value computed
# by NumPy)
DTYPE_WEIGHTS = [
    # uint8 affine: q * 0.5 - 1 -> [-1, -0.5, 0, 126.5]
    ("q8", "DT_FLOAT",
     {"shape": [4], "dtype": "float32",
      "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0}},
     np.array([0, 1, 2, 255], np.uint8).tobytes(),
     (np.array([0, 1, 2, 255]) * 0.5 - 1.0).astype(np.float32)),
    # uint16 affine: q * 0.25 - 2 -> [-2, 0, 16381.75]
    ("q16", "DT_FLOAT",
     {"shape": [3], "dtype": "float32",
      "quantization": {"dtype": "uint16", "scale": 0.25, "min": -2.0}},
     np.array([0, 8, 65535], np.uint16).tobytes(),
     (np.array([0, 8, 65535]) * 0.25 - 2.0).astype(np.float32)),
    # float16 -> float32
    ("h", "DT_FLOAT",
     {"shape": [2, 3], "dtype": "float32", "quantization": {"dtype": "float16"}},
     HALF_BITS.tobytes(),
     HALF_BITS.view(np.float16).astype(np.float32).reshape(2, 3)),
    # plain int32
    ("i", "DT_INT32",
     {"shape": [3], "dtype": "int32"},
     np.array([-7, 0, 2147483647], np.int32).tobytes(),
     np.array([-7, 0, 2147483647], np.int32)),
    # int32 quantized as uint8, rounded: q - 128 -> [-128, 0, 127]
    ("qi", "DT_INT32",
     {"shape": [3], "dtype": "int32",
      "quantization": {"dtype": "uint8", "scale": 1.0, "min": -128.0}},
     np.array([0, 128, 255], np.uint8).tobytes(),
     np.array([-128, 0, 127], np.int32)),
    # DT_INT64 Const stored as int32: widened, sign kept
    ("i64", "DT_INT64",
     {"shape": [3], "dtype": "int32"},
     np.array([-3, 5, -2147483648], np.int32).tobytes(),
     np.array([-3, 5, -2147483648], np.int64)),
    # DT_DOUBLE Const stored as float32: widened (0.1f stays 0.1f)
    ("d", "DT_DOUBLE",
     {"shape": [2], "dtype": "float32"},
     np.array([0.1, -2.5], np.float32).tobytes(),
     np.array([0.1, -2.5], np.float32).astype(np.float64)),
    # bool
    ("flag", "DT_BOOL",
     {"shape": [2], "dtype": "bool"},
     np.array([1, 0], np.uint8).tobytes(),
     np.array([True, False])),
]


GROUP1 = 4


def write_dtypes(out):
    os.makedirs(out, exist_ok=True)
    nodes = []
    groups = [([], b""), ([], b"")]
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    for i, (name, dtype, entry, raw, expected) in enumerate(DTYPE_WEIGHTS):
        np.save(os.path.join(out, "expected", name + ".npy"), expected)
        nodes.append(const_node(name, dtype, entry["shape"]))
        weights, data = groups[i >= GROUP1]
        weights.append(dict(name=name, **entry))
        groups[i >= GROUP1] = (weights, data + raw)
    manifest = []
    for i, (weights, data) in enumerate(groups):
        path = "group%d.bin" % (i + 1)
        with open(os.path.join(out, path), "wb") as f:
            f.write(data)
        manifest.append({"paths": [path], "weights": weights})
    write_json(os.path.join(out, "model.json"), {
        "format": "graph-model",
        "modelTopology": {"node": nodes, "library": {}, "versions": {}},
        "weightsManifest": manifest,
    })


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    write_mlp(os.path.join(argv[1], "mlp"))
    write_dtypes(os.path.join(argv[1], "dtypes"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

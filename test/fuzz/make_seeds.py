#!/usr/bin/env python3
"""Regenerates the binary and JSON seeds of test/fuzz/seeds (stdlib only).

    python3 test/fuzz/make_seeds.py

  seeds/graphdef/*.pb     the binary form of each seeds/graphdef/*.pbtxt,
                          encoded by `protoc --encode` with tgc's graph.proto
  seeds/tfjs/mlp.json     x[-1,3] -> MatMul(w) -> BiasAdd(b) -> Relu ->
                          Softmax "probs", signature x -> probs:0; weights b
                          then w over two shards split inside an element
  seeds/tfjs/meta.json    the same, signature under "userDefinedMetadata"
  seeds/tfjs/nosig.json   the same without a signature (default fetches)
  seeds/tfjs/dtypes.json  one Const per storage/quantization case (uint8,
                          uint16, float16, int32, int64 and float64 widened,
                          bool), weights in dtypes.bin
  seeds/tfjs/w8.bin, w4.bin  8 and 4 zero bytes: the shards that the
                          model.json files of test/Frontend/tfjs name (for
                          --from-tests)
  seeds/tfjs/*.bin        the shards: the tfjs fuzzer reads shards from
                          seeds/tfjs, so these must stay beside the seeds
  seeds/savedmodel/*.bin  the SavedModels of test/Inputs/savedmodel (mlp,
                          two_signatures, cnn), each as one input of the
                          savedmodel fuzzer: saved_model.pb, the variables'
                          index and data shard, every part but the last
                          preceded by its length (4 bytes, little-endian)
  seeds/checkpoint/*.bin  checkpoints in the same layout (index, data shard):
                          test/Inputs/tf1/checkpoint/model (the variables of
                          seeds/graphdef/checkpoint_vars.pbtxt) and the
                          SavedModels' variables (other names)
  seeds/npy/*.npy         small .npy files of every dtype tgc-run reads,
                          versions 1.0, 2.0 and 3.0, and two it refuses
The text seeds (seeds/graphdef/*.pbtxt, seeds/config/*) are written by hand.

    python3 test/fuzz/make_seeds.py --from-tests OUTDIR

writes instead the inputs embedded in the lit tests (the split-file
sections of test/**/*.test) into OUTDIR/{graphdef,tfjs,config}, sorted by
what they parse as (protoc --encode): an extra, uncommitted corpus that
follows the tests (every op family tgc imports, error cases) to pass after
the seeds directory. Needs LLVM's split-file (SPLIT_FILE, else
/usr/lib/llvm-19/bin/split-file or split-file on PATH).
"""

import base64
import glob
import json
import os
import struct
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "seeds")
PROTO_DIR = os.path.join(HERE, "..", "..", "lib", "Frontend", "proto")


def graphdef_binaries():
    for text in sorted(glob.glob(os.path.join(SEEDS, "graphdef", "*.pbtxt"))):
        with open(text, "rb") as f:
            data = f.read()
        binary = subprocess.run(
            ["protoc", "--encode=tgc.tfproto.GraphDef", "-I", PROTO_DIR,
             os.path.join(PROTO_DIR, "graph.proto")],
            input=data, stdout=subprocess.PIPE, check=True).stdout
        with open(text[:-len(".pbtxt")] + ".pb", "wb") as f:
            f.write(binary)


def encodes_as(path, message):
    with open(path, "rb") as f:
        run = subprocess.run(
            ["protoc", "--encode=tgc.tfproto." + message, "-I", PROTO_DIR,
             os.path.join(PROTO_DIR, "graph.proto"),
             os.path.join(PROTO_DIR, "tf2xla_config.proto")],
            stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return run.returncode == 0


def from_tests(out):
    split_file = os.environ.get("SPLIT_FILE") or (
        "/usr/lib/llvm-19/bin/split-file"
        if os.path.exists("/usr/lib/llvm-19/bin/split-file")
        else shutil.which("split-file"))
    tests = os.path.join(HERE, "..")
    counts = {"graphdef": 0, "tfjs": 0, "config": 0}
    for kind in counts:
        os.makedirs(os.path.join(out, kind), exist_ok=True)
    for test in sorted(glob.glob(os.path.join(tests, "**", "*.test"),
                                 recursive=True)):
        with open(test, errors="replace") as f:
            if "--- " not in f.read():
                continue
        stem = os.path.relpath(test, tests)[:-len(".test")].replace(os.sep, "-")
        with tempfile.TemporaryDirectory() as tmp:
            if subprocess.run([split_file, test, tmp],
                              stderr=subprocess.DEVNULL).returncode != 0:
                continue
            for root, _, files in os.walk(tmp):
                for name in files:
                    path = os.path.join(root, name)
                    if os.path.getsize(path) > 65536:
                        continue
                    if name.endswith(".json"):
                        kind = "tfjs"
                    elif encodes_as(path, "GraphDef"):
                        kind = "graphdef"
                    elif encodes_as(path, "Config"):
                        kind = "config"
                    else:
                        continue
                    rel = os.path.relpath(path, tmp).replace(os.sep, "-")
                    shutil.copy(path, os.path.join(out, kind, stem + "-" + rel))
                    counts[kind] += 1
    print(", ".join("%d %s" % (n, k) for k, n in counts.items()))


def f32(values):
    return struct.pack("<%df" % len(values), *values)


def shape_json(shape):
    return {"dim": [{"size": str(d)} for d in shape]}


def const_node(name, dtype, shape):
    # As the TF.js converter writes them: no values, only dtype and shape.
    return {"name": name, "op": "Const",
            "attr": {"value": {"tensor": {"dtype": dtype,
                                          "tensorShape": shape_json(shape)}},
                     "dtype": {"type": dtype}}}


def op_node(name, op, inputs, **attrs):
    return {"name": name, "op": op, "input": inputs, "attr": attrs}


def write_json(name, model):
    with open(os.path.join(SEEDS, "tfjs", name), "w") as f:
        json.dump(model, f, separators=(",", ":"))
        f.write("\n")


def tfjs_mlp():
    w = [(i - 5) * 0.25 for i in range(12)]
    b = [0.5, -1.0, 1.5, 2.0]
    data = f32(b) + f32(w)
    shards = ["mlp-shard1of2.bin", "mlp-shard2of2.bin"]
    for name, part in zip(shards, (data[:30], data[30:])):
        with open(os.path.join(SEEDS, "tfjs", name), "wb") as f:
            f.write(part)
    t = {"type": "DT_FLOAT"}
    nodes = [
        {"name": "x", "op": "Placeholder",
         "attr": {"dtype": t, "shape": {"shape": shape_json([-1, 3])}}},
        const_node("w", "DT_FLOAT", [3, 4]),
        const_node("b", "DT_FLOAT", [4]),
        op_node("mm", "MatMul", ["x", "w"], T=t,
                transpose_a={"b": False}, transpose_b={"b": False}),
        op_node("add", "BiasAdd", ["mm", "b"], T=t,
                data_format={"s": base64.b64encode(b"NHWC").decode()}),
        op_node("relu", "Relu", ["add"], T=t),
        op_node("probs", "Softmax", ["relu"], T=t),
    ]
    manifest = [{"paths": shards, "weights": [
        {"name": "b", "shape": [4], "dtype": "float32"},
        {"name": "w", "shape": [3, 4], "dtype": "float32"}]}]
    signature = {
        "inputs": {"x": {"name": "x:0", "dtype": "DT_FLOAT",
                         "tensorShape": {"dim": [{"size": "-1"},
                                                 {"size": "3"}]}}},
        "outputs": {"y": {"name": "probs:0", "dtype": "DT_FLOAT"}},
    }

    def model(graph_nodes):
        return {"format": "graph-model",
                "generatedBy": "tgc test/fuzz/make_seeds.py",
                "convertedBy": "TensorFlow.js Converter v4.0.0",
                "modelTopology": {"node": graph_nodes, "library": {},
                                  "versions": {"producer": 1286}},
                "weightsManifest": manifest}

    m = model(nodes)
    m["signature"] = signature
    write_json("mlp.json", m)
    m = model(nodes)
    m["userDefinedMetadata"] = {"signature": signature}
    write_json("meta.json", m)
    write_json("nosig.json", model(nodes + [op_node("side", "Relu", ["w"], T=t)]))


def tfjs_dtypes():
    half = struct.pack("<6H", 0xC100, 0x8000, 0x0001, 0x03FF, 0xFBFF, 0x3C00)
    weights = [
        ("q8", "DT_FLOAT", {"shape": [4], "dtype": "float32", "quantization":
                            {"dtype": "uint8", "scale": 0.5, "min": -1.0}},
         bytes([0, 1, 2, 255])),
        ("q16", "DT_FLOAT", {"shape": [3], "dtype": "float32", "quantization":
                             {"dtype": "uint16", "scale": 0.25, "min": -2.0}},
         struct.pack("<3H", 0, 8, 65535)),
        ("h", "DT_FLOAT", {"shape": [2, 3], "dtype": "float32",
                           "quantization": {"dtype": "float16"}}, half),
        ("i", "DT_INT32", {"shape": [3], "dtype": "int32"},
         struct.pack("<3i", -7, 0, 2147483647)),
        ("qi", "DT_INT32", {"shape": [3], "dtype": "int32", "quantization":
                            {"dtype": "uint8", "scale": 1.0, "min": -128.0}},
         bytes([0, 128, 255])),
        ("i64", "DT_INT64", {"shape": [3], "dtype": "int32"},
         struct.pack("<3i", -3, 5, -2147483648)),
        ("d", "DT_DOUBLE", {"shape": [2], "dtype": "float32"}, f32([0.1, -2.5])),
        ("flag", "DT_BOOL", {"shape": [2], "dtype": "bool"}, bytes([1, 0])),
    ]
    nodes, manifest, data = [], [], b""
    for name, dtype, entry, raw in weights:
        nodes.append(const_node(name, dtype, entry["shape"]))
        manifest.append(dict(name=name, **entry))
        data += raw
    with open(os.path.join(SEEDS, "tfjs", "dtypes.bin"), "wb") as f:
        f.write(data)
    write_json("dtypes.json", {
        "format": "graph-model",
        "modelTopology": {"node": nodes, "library": {}, "versions": {}},
        "weightsManifest": [{"paths": ["dtypes.bin"], "weights": manifest}]})


INPUTS = os.path.join(HERE, "..", "Inputs")


def parts(*paths):
    """The files as one fuzzer input: each but the last preceded by its
    length (splitParts in FuzzCommon.h)."""
    out = b""
    for i, path in enumerate(paths):
        with open(path, "rb") as f:
            data = f.read()
        if i + 1 < len(paths):
            out += struct.pack("<I", len(data))
        out += data
    return out


def write_seed(kind, name, data):
    os.makedirs(os.path.join(SEEDS, kind), exist_ok=True)
    with open(os.path.join(SEEDS, kind, name), "wb") as f:
        f.write(data)


def savedmodel_seeds():
    for name in ("mlp", "two_signatures", "cnn"):
        d = os.path.join(INPUTS, "savedmodel", name)
        v = os.path.join(d, "variables", "variables")
        write_seed("savedmodel", name + ".bin",
                   parts(os.path.join(d, "saved_model.pb"), v + ".index",
                         v + ".data-00000-of-00001"))


def checkpoint_seeds():
    prefixes = {"add": os.path.join(INPUTS, "tf1", "checkpoint", "model")}
    for name in ("mlp", "two_signatures", "cnn", "lstm"):
        prefixes[name] = os.path.join(INPUTS, "savedmodel", name, "variables",
                                      "variables")
    for name, prefix in prefixes.items():
        write_seed("checkpoint", name + ".bin",
                   parts(prefix + ".index", prefix + ".data-00000-of-00001"))


def npy(descr, shape, data, version=(1, 0), fortran=False):
    """A .npy file: magic, version, header length, the header dict padded
    with spaces and a newline to a multiple of 64 bytes, the data."""
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        descr, fortran, dims)
    length_bytes = 2 if version[0] == 1 else 4
    prefix = 6 + 2 + length_bytes
    pad = (-(prefix + len(header) + 1)) % 64
    header = (header + " " * pad + "\n").encode("utf-8" if version[0] == 3
                                                else "latin-1")
    length = struct.pack("<H" if length_bytes == 2 else "<I", len(header))
    return b"\x93NUMPY" + bytes(version) + length + header + data


def npy_seeds():
    seeds = {
        "f4.npy": npy("<f4", (2, 3), f32([1, -2, 3.5, 0, 1e-3, -7])),
        "f8_scalar.npy": npy("<f8", (), struct.pack("<d", 2.25)),
        "f2.npy": npy("<f2", (3,), struct.pack("<3H", 0x3c00, 0xc000, 0)),
        "bf16.npy": npy("<u2", (2,), struct.pack("<2H", 0x3f80, 0x4000)),
        "i1.npy": npy("|i1", (4,), struct.pack("<4b", -128, 0, 1, 127)),
        "i2.npy": npy("<i2", (2, 1), struct.pack("<2h", -300, 300)),
        "i4_v2.npy": npy("<i4", (3,), struct.pack("<3i", -1, 0, 7),
                         version=(2, 0)),
        "i8_v3.npy": npy("<i8", (1, 2), struct.pack("<2q", -(2**40), 5),
                         version=(3, 0)),
        "u1.npy": npy("|u1", (5,), bytes([0, 1, 2, 254, 255])),
        "b1.npy": npy("|b1", (2, 2), bytes([1, 0, 0, 1])),
        "empty.npy": npy("<f4", (0, 3), b""),
        "fortran.npy": npy("<f4", (2, 2), f32([1, 2, 3, 4]), fortran=True),
        "big_endian.npy": npy(">f4", (2,), struct.pack(">2f", 1, 2)),
    }
    for name, data in seeds.items():
        write_seed("npy", name, data)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--from-tests":
        from_tests(sys.argv[2])
        sys.exit(0)
    graphdef_binaries()
    tfjs_mlp()
    tfjs_dtypes()
    savedmodel_seeds()
    checkpoint_seeds()
    npy_seeds()
    for name, size in (("w8.bin", 8), ("w4.bin", 4)):
        with open(os.path.join(SEEDS, "tfjs", name), "wb") as f:
            f.write(bytes(size))

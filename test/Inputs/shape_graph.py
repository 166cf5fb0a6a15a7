"""Writes a GraphDef (text) exercising tgc's lowered shape ops and
reductions on runtime inputs, with NumPy's expected outputs (TensorFlow's
semantics), one .npy per fetch.

    shape_graph.py OUTDIR  -> graph.pbtxt, in_*.npy, want_<fetch>.npy, fetches
"""
import os
import sys

import numpy as np


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(11)
    x = rng.uniform(-2, 2, (2, 3, 4)).astype(np.float32)
    x[1, 2, 3] = x[1, 0, 3]  # a tie for ArgMax
    n = np.array([[1, 0, 2], [2, 2, 0]], dtype=np.int32)
    img = rng.uniform(-1, 1, (1, 2, 2, 8)).astype(np.float32)
    # Few distinct values, so TopKV2 meets many ties.
    tk = rng.integers(-3, 4, (2, 3, 50)).astype(np.float32)
    np.save(os.path.join(out, "in_x.npy"), x)
    np.save(os.path.join(out, "in_n.npy"), n)
    np.save(os.path.join(out, "in_img.npy"), img)
    np.save(os.path.join(out, "in_tk.npy"), tk)
    nodes, want = [], {}

    def const(name, values, dtype="DT_INT32"):
        values = np.asarray(values)
        dims = " ".join("dim { size: %d }" % d for d in values.shape)
        field = "int_val" if dtype == "DT_INT32" else "float_val"
        vals = " ".join("%s: %s" % (field, v) for v in values.flatten())
        nodes.append('node { name: "%s" op: "Const" attr { key: "dtype" value '
                     '{ type: %s } } attr { key: "value" value { tensor { '
                     'dtype: %s tensor_shape { %s } %s } } } }'
                     % (name, dtype, dtype, dims, vals))

    def node(name, op, inputs, attrs="", t="DT_FLOAT", expected=None):
        ins = " ".join('input: "%s"' % i for i in inputs)
        tattr = 'attr { key: "T" value { type: %s } }' % t if t else ""
        nodes.append('node { name: "%s" op: "%s" %s %s %s }'
                     % (name, op, ins, tattr, attrs))
        if expected is not None:
            want[name] = expected

    for name, dtype, shape in (("x", "DT_FLOAT", x.shape),
                               ("n", "DT_INT32", n.shape),
                               ("img", "DT_FLOAT", img.shape),
                               ("tk", "DT_FLOAT", tk.shape)):
        dims = " ".join("dim { size: %d }" % d for d in shape)
        nodes.append('node { name: "%s" op: "Placeholder" attr { key: "dtype" '
                     'value { type: %s } } attr { key: "shape" value { shape '
                     '{ %s } } } }' % (name, dtype, dims))

    def i(key, v):
        return 'attr { key: "%s" value { i: %d } }' % (key, v)

    def b(key, v):
        return 'attr { key: "%s" value { b: %s } }' % (key, "true" if v else "false")

    const("shape", [4, 6])
    node("reshape", "Reshape", ["x", "shape"], expected=x.reshape(4, 6))
    const("perm", [2, 0, 1])
    node("transpose", "Transpose", ["x", "perm"], expected=x.transpose(2, 0, 1))
    const("axis1", 1)
    node("concat", "ConcatV2", ["x", "x", "axis1"], i("N", 2),
         expected=np.concatenate([x, x], axis=1))
    node("pack", "Pack", ["x", "x"], i("N", 2) + i("axis", -1),
         expected=np.stack([x, x], axis=-1))
    node("unpack", "Unpack", ["x"], i("num", 3) + i("axis", 1))
    node("second", "Identity", ["unpack:1"], expected=x[:, 1, :])
    const("begin", [0, 1, 1])
    const("size", [2, -1, 2])
    node("slice", "Slice", ["x", "begin", "size"], expected=x[0:2, 1:, 1:3])
    const("sb", [1, 0, 3])
    const("se", [0, 3, 0])
    const("ss", [1, 2, -1])
    node("ssl", "StridedSlice", ["x", "sb", "se", "ss"],
         i("shrink_axis_mask", 1), expected=x[1, 0:3:2, 3:0:-1])
    const("split_axis", 2)
    node("split", "Split", ["split_axis", "x"], i("num_split", 2))
    node("split1", "Identity", ["split:1"], expected=np.split(x, 2, axis=2)[1])
    const("pads", [[0, 1], [2, 0], [1, 1]])
    node("pad", "Pad", ["x", "pads"], expected=np.pad(x, [(0, 1), (2, 0), (1, 1)]))
    const("padval", 1.5, "DT_FLOAT")
    node("padv2", "PadV2", ["x", "pads", "padval"],
         expected=np.pad(x, [(0, 1), (2, 0), (1, 1)], constant_values=1.5))
    for mode in ("REFLECT", "SYMMETRIC"):
        node("mirror_" + mode.lower(), "MirrorPad", ["x", "pads"],
             'attr { key: "mode" value { s: "%s" } } '
             'attr { key: "Tpaddings" value { type: DT_INT32 } }' % mode,
             expected=np.pad(x, [(0, 1), (2, 0), (1, 1)], mode=mode.lower()))
    const("mult", [1, 2, 3])
    node("tile", "Tile", ["x", "mult"], expected=np.tile(x, (1, 2, 3)))
    const("bshape", [3, 2, 3, 4])
    node("bcast", "BroadcastTo", ["x", "bshape"],
         expected=np.broadcast_to(x, (3, 2, 3, 4)))
    const("gaxis", 1)
    node("gather", "GatherV2", ["x", "n", "gaxis"],
         'attr { key: "Tparams" value { type: DT_FLOAT } } '
         'attr { key: "Tindices" value { type: DT_INT32 } } '
         'attr { key: "Taxis" value { type: DT_INT32 } } ' + i("batch_dims", 0),
         t="", expected=np.take(x, n, axis=1))
    node("bgather", "GatherV2", ["x", "n", "gaxis"],
         'attr { key: "Tparams" value { type: DT_FLOAT } } '
         'attr { key: "Tindices" value { type: DT_INT32 } } '
         'attr { key: "Taxis" value { type: DT_INT32 } } ' + i("batch_dims", 1),
         t="", expected=np.stack([x[b][n[b]] for b in range(2)]))
    const("ndidx", [[1, 2], [0, 0], [1, 1]])
    node("gathernd", "GatherNd", ["x", "ndidx"],
         'attr { key: "Tparams" value { type: DT_FLOAT } } '
         'attr { key: "Tindices" value { type: DT_INT32 } }', t="",
         expected=x[[1, 0, 1], [2, 0, 1]])
    node("d2s", "DepthToSpace", ["img"], i("block_size", 2),
         expected=img.reshape(1, 2, 2, 2, 2, 2).transpose(0, 1, 3, 2, 4, 5)
         .reshape(1, 4, 4, 2))
    const("raxes", [0, 2])
    const("rlast", -1)
    node("sum", "Sum", ["x", "raxes"], b("keep_dims", False),
         expected=x.sum(axis=(0, 2)))
    node("mean", "Mean", ["x", "rlast"], b("keep_dims", True),
         expected=x.mean(axis=-1, keepdims=True))
    node("max", "Max", ["x", "raxes"], b("keep_dims", True),
         expected=x.max(axis=(0, 2), keepdims=True))
    node("min", "Min", ["x", "rlast"], b("keep_dims", False),
         expected=x.min(axis=-1))
    node("prod", "Prod", ["x", "axis1"], b("keep_dims", False),
         expected=x.prod(axis=1))
    node("argmax", "ArgMax", ["x", "rlast"],
         'attr { key: "output_type" value { type: DT_INT32 } }',
         expected=x.argmax(axis=-1).astype(np.int32))
    node("argmin", "ArgMin", ["x", "axis1"],
         'attr { key: "output_type" value { type: DT_INT64 } }',
         expected=x.argmin(axis=1).astype(np.int64))
    # TopKV2: descending, equal values in index order.
    order = np.argsort(-tk, axis=-1, kind="stable")[..., :7]
    const("k7", 7)
    node("topk", "TopKV2", ["tk", "k7"], b("sorted", True))
    node("topk_values", "Identity", ["topk"],
         expected=np.take_along_axis(tk, order, axis=-1))
    node("topk_indices", "Identity", ["topk:1"], t="DT_INT32",
         expected=order.astype(np.int32))
    xorder = np.argsort(-x, axis=-1, kind="stable")[..., :4]
    const("k4", 4)
    node("topk_all", "TopKV2", ["x", "k4"], b("sorted", True))
    node("topk_all_values", "Identity", ["topk_all"],
         expected=np.take_along_axis(x, xorder, axis=-1))

    with open(os.path.join(out, "graph.pbtxt"), "w") as f:
        f.write("\n".join(nodes) + "\n")
    for name, value in want.items():
        value = np.asarray(value)
        if value.dtype == np.float64:
            value = value.astype(np.float32)
        np.save(os.path.join(out, "want_%s.npy" % name), np.ascontiguousarray(value))
    with open(os.path.join(out, "fetches"), "w") as f:
        f.write(" ".join(want) + "\n")
    print(len(want), "fetches")


if __name__ == "__main__":
    main()

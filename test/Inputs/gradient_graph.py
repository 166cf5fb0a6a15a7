"""Writes a float64 GraphDef (text) whose scalar loss sums one term per
gradient rule of tgc, with the central finite differences of that loss
with respect to every input, for checking tg-gradients numerically.

    gradient_graph.py OUTDIR
      -> graph.pbtxt, in_<x>.npy, want_grad_<x>.npy, wrt (the inputs)

Each term is sum(op(inputs) * W) with a fixed random W of the output's
shape, so that every element of the gradient differs. Inputs are drawn
away from kinks (0 for relu/abs, 6 for relu6, ties for max/min) and in
each op's domain (positive for log, sqrt, pow).
"""
import math
import os
import sys

import numpy as np

RNG = np.random.default_rng(5)


class Graph:
    def __init__(self):
        self.nodes = []
        self.inputs = {}   # name -> value
        self.terms = []    # (numpy fn of inputs -> output, output node)

    def raw(self, text):
        self.nodes.append(text)

    def placeholder(self, name, value):
        dims = " ".join("dim { size: %d }" % d for d in value.shape)
        self.raw('node { name: "%s" op: "Placeholder" attr { key: "dtype" '
                 'value { type: DT_DOUBLE } } attr { key: "shape" value { '
                 'shape { %s } } } }' % (name, dims))
        self.inputs[name] = value
        return name

    def const(self, name, value, dtype="DT_DOUBLE"):
        value = np.asarray(value)
        dims = " ".join("dim { size: %d }" % d for d in value.shape)
        field = {"DT_DOUBLE": "double_val", "DT_INT32": "int_val"}[dtype]
        vals = " ".join("%s: %r" % (field, v.item()) for v in value.flatten())
        self.raw('node { name: "%s" op: "Const" attr { key: "dtype" value { '
                 'type: %s } } attr { key: "value" value { tensor { dtype: %s '
                 'tensor_shape { %s } %s } } } }'
                 % (name, dtype, dtype, dims, vals))
        return name

    def op(self, name, op, inputs, attrs="", t="DT_DOUBLE"):
        ins = " ".join('input: "%s"' % i for i in inputs)
        tattr = 'attr { key: "T" value { type: %s } }' % t if t else ""
        self.raw('node { name: "%s" op: "%s" %s %s %s }'
                 % (name, op, ins, tattr, attrs))
        return name

    def term(self, name, node, fn, shape):
        w = RNG.uniform(-1, 1, shape)
        self.const(name + "_w", w)
        self.op(name + "_wx", "Mul", [node, name + "_w"])
        axes = self.const(name + "_axes", list(range(len(shape))), "DT_INT32")
        self.op(name + "_sum", "Sum", [name + "_wx", axes],
                'attr { key: "keep_dims" value { b: false } } '
                'attr { key: "Tidx" value { type: DT_INT32 } }')
        self.terms.append((lambda v, fn=fn, w=w: float((fn(v) * w).sum()),
                           name + "_sum"))


def conv_np(x, w, stride, dilation, padding):
    """TF's Conv2D (NHWC, HWIO) in float64."""
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    pads = []
    for size, k in ((h, kh), (wd, kw)):
        window = (k - 1) * dilation + 1
        if padding == "SAME":
            out = -(-size // stride)
            total = max((out - 1) * stride + window - size, 0)
            pads.append((total // 2, total - total // 2))
        else:
            pads.append((0, 0))
    xp = np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)])
    oh = (xp.shape[1] - ((kh - 1) * dilation + 1)) // stride + 1
    ow = (xp.shape[2] - ((kw - 1) * dilation + 1)) // stride + 1
    y = np.zeros((n, oh, ow, f))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i * dilation:i * dilation + (oh - 1) * stride + 1:stride,
                       j * dilation:j * dilation + (ow - 1) * stride + 1:stride, :]
            y += np.einsum("nhwc,cf->nhwf", patch, w[i, j])
    return y


def pool_np(x, k, stride, mode):
    """TF's MaxPool/AvgPool with SAME padding (NHWC) in float64; average
    pooling divides by the number of non-padding elements."""
    n, h, w, c = x.shape
    out_h, out_w = -(-h // stride), -(-w // stride)
    pad_h = max((out_h - 1) * stride + k - h, 0) // 2
    pad_w = max((out_w - 1) * stride + k - w, 0) // 2
    y = np.zeros((n, out_h, out_w, c))
    for i in range(out_h):
        for j in range(out_w):
            h0, w0 = i * stride - pad_h, j * stride - pad_w
            win = x[:, max(h0, 0):min(h0 + k, h), max(w0, 0):min(w0 + k, w), :]
            y[:, i, j, :] = (win.max(axis=(1, 2)) if mode == "max"
                             else win.mean(axis=(1, 2)))
    return y


def resize_np(x, oh, ow, mode, align, half):
    """TF's ResizeBilinear/ResizeNearestNeighbor (NHWC) in float64, with the
    source coordinates computed as TF computes them (in float32)."""
    n, ih, iw, c = x.shape
    f = np.float32

    def scale(i, o):
        return f((i - 1) / (o - 1)) if align and o > 1 else f(i / o)

    def nearest(o, s, size):
        v = f((o + f(0.5)) * s) if half else f(o * s)
        r = np.floor(v + f(0.5)) if align else np.floor(v)
        return min(max(int(r), 0), size - 1)

    def linear(o, s, size):
        v = f((o + f(0.5)) * s - f(0.5)) if half else f(o * s)
        lo, hi = np.floor(v), np.ceil(v)
        return (min(max(int(lo), 0), size - 1), min(max(int(hi), 0), size - 1),
                float(v - lo))

    sh, sw = scale(ih, oh), scale(iw, ow)
    y = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            if mode == "nearest":
                y[:, i, j, :] = x[:, nearest(i, sh, ih), nearest(j, sw, iw), :]
                continue
            y0, y1, yl = linear(i, sh, ih)
            x0, x1, xl = linear(j, sw, iw)
            top = x[:, y0, x0, :] + (x[:, y0, x1, :] - x[:, y0, x0, :]) * xl
            bot = x[:, y1, x0, :] + (x[:, y1, x1, :] - x[:, y1, x0, :]) * xl
            y[:, i, j, :] = top + (bot - top) * yl
    return y


def b_attr(key, value):
    return 'attr { key: "%s" value { b: %s } }' % (key, "true" if value else "false")


def build():
    g = Graph()
    u = lambda *s: RNG.uniform(-2, 2, s)
    pos = lambda *s: RNG.uniform(0.5, 2, s)

    def away(x, points, gap=0.05):
        for p in points:
            x = np.where(np.abs(x - p) < gap, p + gap * np.sign(x - p + 1e-12), x)
        return x

    unary = [
        ("neg", "Neg", u(2, 3), lambda x: -x),
        ("exp", "Exp", u(2, 3), np.exp),
        ("log", "Log", pos(2, 3), np.log),
        ("sqrt", "Sqrt", pos(2, 3), np.sqrt),
        ("rsqrt", "Rsqrt", pos(2, 3), lambda x: 1 / np.sqrt(x)),
        ("reciprocal", "Reciprocal", pos(2, 3), lambda x: 1 / x),
        ("square", "Square", u(2, 3), np.square),
        ("tanh", "Tanh", u(2, 3), np.tanh),
        ("sigmoid", "Sigmoid", u(2, 3), lambda x: 1 / (1 + np.exp(-x))),
        ("relu", "Relu", away(u(2, 3), [0]), lambda x: np.maximum(x, 0)),
        ("relu6", "Relu6", away(u(2, 3) * 4, [0, 6]),
         lambda x: np.minimum(np.maximum(x, 0), 6)),
        ("elu", "Elu", away(u(2, 3), [0]),
         lambda x: np.where(x > 0, x, np.expm1(x))),
        ("sin", "Sin", u(2, 3), np.sin),
        ("cos", "Cos", u(2, 3), np.cos),
        ("abs", "Abs", away(u(2, 3), [0]), np.abs),
        ("erf", "Erf", u(2, 3), np.vectorize(math.erf)),
        ("erfc", "Erfc", u(2, 3), np.vectorize(math.erfc)),
        ("identity", "Identity", u(2, 3), lambda x: x),
        ("softmax", "Softmax", u(2, 4),
         lambda x: np.exp(x - x.max(-1, keepdims=True))
         / np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True)),
        ("logsoftmax", "LogSoftmax", u(2, 4),
         lambda x: (x - x.max(-1, keepdims=True))
         - np.log(np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True))),
    ]
    for name, op, x, fn in unary:
        xn = g.placeholder("x_" + name, x)
        node = g.op(name, op, [xn])
        g.term(name, node, lambda v, n=xn, fn=fn: fn(v[n]), x.shape)

    xn = g.placeholder("x_leaky", away(u(2, 3), [0]))
    node = g.op("leaky", "LeakyRelu", [xn], 'attr { key: "alpha" value { f: 0.2 } }')
    g.term("leaky", node, lambda v: np.where(v["x_leaky"] > 0, v["x_leaky"],
                                             0.2 * v["x_leaky"]), (2, 3))

    # Binary ops, with broadcasting ([2,3] op [3]).
    binary = [
        ("add", "AddV2", u(2, 3), u(3), lambda a, b: a + b),
        ("sub", "Sub", u(2, 3), u(3), lambda a, b: a - b),
        ("mul", "Mul", u(2, 3), u(3), lambda a, b: a * b),
        ("div", "RealDiv", u(2, 3), pos(3), lambda a, b: a / b),
        ("sqdiff", "SquaredDifference", u(2, 3), u(3), lambda a, b: (a - b) ** 2),
        ("pow", "Pow", pos(2, 3), u(3), lambda a, b: a ** b),
    ]
    for name, op, a, bv, fn in binary:
        an = g.placeholder("x_" + name, a)
        bn = g.placeholder("y_" + name, bv)
        node = g.op(name, op, [an, bn])
        g.term(name, node, lambda v, an=an, bn=bn, fn=fn: fn(v[an], v[bn]),
               a.shape)
    for name, op, fn in (("max", "Maximum", np.maximum),
                         ("min", "Minimum", np.minimum)):
        a = u(2, 3)
        # No ties: b differs from a by 0.1 to 1 either way.
        bv = a + RNG.choice([-1, 1], (2, 3)) * RNG.uniform(0.1, 1, (2, 3))
        an, bn = g.placeholder("x_" + name, a), g.placeholder("y_" + name, bv)
        node = g.op(name, op, [an, bn])
        g.term(name, node, lambda v, an=an, bn=bn, fn=fn: fn(v[an], v[bn]),
               a.shape)

    # Products.
    for ta in (False, True):
        for tb in (False, True):
            name = "matmul_%d%d" % (ta, tb)
            a = u(3, 2) if ta else u(2, 3)
            bv = u(4, 3) if tb else u(3, 4)
            an, bn = g.placeholder("x_" + name, a), g.placeholder("y_" + name, bv)
            node = g.op(name, "MatMul", [an, bn],
                        b_attr("transpose_a", ta) + " " + b_attr("transpose_b", tb))
            g.term(name, node,
                   lambda v, an=an, bn=bn, ta=ta, tb=tb:
                   (v[an].T if ta else v[an]) @ (v[bn].T if tb else v[bn]),
                   (2, 4))
    a, bv = u(2, 2, 3), u(3, 4)  # batch broadcast: [2,2,3] x [3,4]
    an, bn = g.placeholder("x_bmm", a), g.placeholder("y_bmm", bv)
    node = g.op("bmm", "BatchMatMulV2", [an, bn],
                b_attr("adj_x", False) + " " + b_attr("adj_y", False))
    g.term("bmm", node, lambda v: v["x_bmm"] @ v["y_bmm"], (2, 2, 4))

    # Convolutions: SAME with stride 1, VALID with stride 2, SAME with
    # dilation 2 and stride 2 on an odd size (uneven padding).
    for name, stride, dilation, padding, size in (
            ("conv_same", 1, 1, "SAME", 5), ("conv_valid_s2", 2, 1, "VALID", 6),
            ("conv_dil", 2, 2, "SAME", 7)):
        x, w = u(2, size, size, 2), u(3, 3, 2, 3)
        xn, wn = g.placeholder("x_" + name, x), g.placeholder("y_" + name, w)
        node = g.op(name, "Conv2D", [xn, wn],
                    'attr { key: "strides" value { list { i: 1 i: %d i: %d i: 1 } } } '
                    'attr { key: "dilations" value { list { i: 1 i: %d i: %d i: 1 } } } '
                    'attr { key: "padding" value { s: "%s" } }'
                    % (stride, stride, dilation, dilation, padding))
        shape = conv_np(x, w, stride, dilation, padding).shape
        g.term(name, node, lambda v, xn=xn, wn=wn, s=stride, d=dilation,
               p=padding: conv_np(v[xn], v[wn], s, d, p), shape)

    # Depthwise convolutions (channel c, multiplier m -> output c*M + m).
    for name, stride, dilation, padding, size, mult in (
            ("dw_same", 1, 1, "SAME", 5, 2), ("dw_valid_s2", 2, 1, "VALID", 6, 1),
            ("dw_dil", 2, 2, "SAME", 7, 1)):
        x, w = u(2, size, size, 3), u(3, 3, 3, mult)
        xn, wn = g.placeholder("x_" + name, x), g.placeholder("y_" + name, w)
        node = g.op(name, "DepthwiseConv2dNative", [xn, wn],
                    'attr { key: "strides" value { list { i: 1 i: %d i: %d i: 1 } } } '
                    'attr { key: "dilations" value { list { i: 1 i: %d i: %d i: 1 } } } '
                    'attr { key: "padding" value { s: "%s" } }'
                    % (stride, stride, dilation, dilation, padding))

        def dw_np(xv, wv, s, d, p):
            return np.concatenate(
                [conv_np(xv[..., c:c + 1], wv[:, :, c:c + 1, :], s, d, p)
                 for c in range(xv.shape[3])], axis=3)
        shape = dw_np(x, w, stride, dilation, padding).shape
        g.term(name, node, lambda v, xn=xn, wn=wn, s=stride, d=dilation,
               p=padding, f=dw_np: f(v[xn], v[wn], s, d, p), shape)

    # Pooling: 3x3 windows, stride 2, SAME on 7x7 (windows cut by padding).
    for name, op, mode in (("maxpool", "MaxPool", "max"),
                           ("avgpool", "AvgPool", "avg")):
        x = u(2, 7, 7, 2)
        xn = g.placeholder("x_" + name, x)
        node = g.op(name, op, [xn],
                    'attr { key: "ksize" value { list { i: 1 i: 3 i: 3 i: 1 } } } '
                    'attr { key: "strides" value { list { i: 1 i: 2 i: 2 i: 1 } } } '
                    'attr { key: "padding" value { s: "SAME" } }')
        g.term(name, node, lambda v, xn=xn, mode=mode:
               pool_np(v[xn], 3, 2, mode), (2, 4, 4, 2))

    # Batch normalisation in training mode (batch statistics).
    x, scale, offset = u(2, 3, 3, 2), pos(2), u(2)
    xn = g.placeholder("x_bn", x)
    sn, on = g.placeholder("y_bn", scale), g.placeholder("z_bn", offset)
    empty = g.const("bn_empty", np.zeros((0,)))
    node = g.op("bn", "FusedBatchNormV3", [xn, sn, on, empty, empty],
                'attr { key: "U" value { type: DT_DOUBLE } } '
                'attr { key: "epsilon" value { f: 0.001 } } '
                'attr { key: "is_training" value { b: true } }')

    def bn_np(v):
        xv = v["x_bn"]
        mean = xv.mean(axis=(0, 1, 2))
        var = ((xv - mean) ** 2).mean(axis=(0, 1, 2))
        return (xv - mean) / np.sqrt(var + np.float32(0.001)) * v["y_bn"] + v["z_bn"]
    g.term("bn", node, bn_np, (2, 3, 3, 2))

    # Reductions and shapes.
    x = u(2, 3, 4)
    for name, op, fn, keep in (("rsum", "Sum", np.sum, False),
                               ("rmean", "Mean", np.mean, True),
                               ("rmax", "Max", np.max, False),
                               ("rmin", "Min", np.min, True),
                               ("rprod", "Prod", np.prod, False)):
        xn = g.placeholder("x_" + name, x + RNG.uniform(0, 0.01, x.shape))
        axes = g.const(name + "_r", [1], "DT_INT32")
        node = g.op(name, op, [xn, axes],
                    b_attr("keep_dims", keep) +
                    ' attr { key: "Tidx" value { type: DT_INT32 } }')
        g.term(name, node, lambda v, xn=xn, fn=fn, keep=keep:
               fn(v[xn], axis=1, keepdims=keep),
               (2, 1, 4) if keep else (2, 4))
    xn = g.placeholder("x_reshape", u(2, 6))
    shape = g.const("reshape_s", [3, 4], "DT_INT32")
    node = g.op("reshape", "Reshape", [xn, shape],
                'attr { key: "Tshape" value { type: DT_INT32 } }')
    g.term("reshape", node, lambda v: v["x_reshape"].reshape(3, 4), (3, 4))
    xn = g.placeholder("x_transpose", u(2, 3, 4))
    perm = g.const("transpose_p", [2, 0, 1], "DT_INT32")
    node = g.op("transpose", "Transpose", [xn, perm],
                'attr { key: "Tperm" value { type: DT_INT32 } }')
    g.term("transpose", node,
           lambda v: v["x_transpose"].transpose(2, 0, 1), (4, 2, 3))
    xn = g.placeholder("x_bcast", u(3, 1))
    shape = g.const("bcast_s", [2, 3, 4], "DT_INT32")
    node = g.op("bcast", "BroadcastTo", [xn, shape],
                'attr { key: "Tidx" value { type: DT_INT32 } }')
    g.term("bcast", node,
           lambda v: np.broadcast_to(v["x_bcast"], (2, 3, 4)), (2, 3, 4))

    # Concatenation, slices, padding, tiling.
    an, bn = g.placeholder("x_concat", u(2, 3)), g.placeholder("y_concat", u(2, 2))
    axis = g.const("concat_axis", 1, "DT_INT32")
    node = g.op("concat", "ConcatV2", [an, bn, axis],
                'attr { key: "N" value { i: 2 } } '
                'attr { key: "Tidx" value { type: DT_INT32 } }')
    g.term("concat", node, lambda v: np.concatenate(
        [v["x_concat"], v["y_concat"]], axis=1), (2, 5))
    xn = g.placeholder("x_slice", u(3, 4))
    begin = g.const("slice_b", [1, 1], "DT_INT32")
    size = g.const("slice_s", [2, -1], "DT_INT32")
    node = g.op("slice", "Slice", [xn, begin, size],
                'attr { key: "Index" value { type: DT_INT32 } }')
    g.term("slice", node, lambda v: v["x_slice"][1:3, 1:], (2, 3))
    xn = g.placeholder("x_sslice", u(5, 7))
    sb = g.const("sslice_b", [1, 0], "DT_INT32")
    se = g.const("sslice_e", [5, 7], "DT_INT32")
    ss = g.const("sslice_s", [2, 3], "DT_INT32")
    node = g.op("sslice", "StridedSlice", [xn, sb, se, ss],
                'attr { key: "Index" value { type: DT_INT32 } }')
    g.term("sslice", node, lambda v: v["x_sslice"][1:5:2, 0:7:3], (2, 3))
    xn = g.placeholder("x_pad", u(2, 3))
    pads = g.const("pad_p", [[1, 0], [2, 1]], "DT_INT32")
    node = g.op("pad", "Pad", [xn, pads],
                'attr { key: "Tpaddings" value { type: DT_INT32 } }')
    g.term("pad", node, lambda v: np.pad(v["x_pad"], [(1, 0), (2, 1)]), (3, 6))
    # Mirror padding: each border adds onto the elements it copies.
    for mode, npmode in (("REFLECT", "reflect"), ("SYMMETRIC", "symmetric")):
        name = "mpad_" + npmode
        xn = g.placeholder("x_" + name, u(3, 4))
        pads = g.const(name + "_p", [[2, 1], [1, 3]], "DT_INT32")
        node = g.op(name, "MirrorPad", [xn, pads],
                    'attr { key: "Tpaddings" value { type: DT_INT32 } } '
                    'attr { key: "mode" value { s: "%s" } }' % mode)
        g.term(name, node, lambda v, name=name, m=npmode: np.pad(
            v["x_" + name], [(2, 1), (1, 3)], mode=m), (6, 8))
    # Resizes: bilinear (half-pixel centres; corners aligned) and nearest
    # (plain; half-pixel), up and down.
    for name, op, mode, (ih, iw), (oh, ow), align, half in (
            ("rs_bil_half", "ResizeBilinear", "bilinear", (3, 4), (5, 7),
             False, True),
            ("rs_bil_align", "ResizeBilinear", "bilinear", (3, 3), (4, 5),
             True, False),
            ("rs_near", "ResizeNearestNeighbor", "nearest", (4, 4), (6, 3),
             False, False),
            ("rs_near_half", "ResizeNearestNeighbor", "nearest", (3, 5),
             (7, 4), False, True)):
        xn = g.placeholder("x_" + name, u(2, ih, iw, 2))
        size = g.const(name + "_size", [oh, ow], "DT_INT32")
        node = g.op(name, op, [xn, size],
                    b_attr("align_corners", align) + " " +
                    b_attr("half_pixel_centers", half))
        if mode == "bilinear":  # TF's ResizeBilinear always returns float32
            node = g.op(name + "_f64", "Cast", [node],
                        'attr { key: "SrcT" value { type: DT_FLOAT } } '
                        'attr { key: "DstT" value { type: DT_DOUBLE } }',
                        t=None)
        g.term(name, node, lambda v, name=name, oh=oh, ow=ow, m=mode,
               a=align, h=half: resize_np(v["x_" + name], oh, ow, m, a, h),
               (2, oh, ow, 2))
    # Prod over slices with no zero, one zero and two zeros.
    xz = u(3, 4)
    xz[1, 2] = 0.0
    xz[2, 0] = xz[2, 3] = 0.0
    xn = g.placeholder("x_rprodz", xz)
    axes = g.const("rprodz_r", [1], "DT_INT32")
    node = g.op("rprodz", "Prod", [xn, axes],
                b_attr("keep_dims", False) +
                ' attr { key: "Tidx" value { type: DT_INT32 } }')
    g.term("rprodz", node, lambda v: np.prod(v["x_rprodz"], axis=1), (3,))
    # TopKV2 (k = 3 of 5, distinct values): the values' gradient goes back
    # to the elements they came from.
    xn = g.placeholder("x_topk", RNG.permutation(10).reshape(2, 5) * 0.3 - 1)
    kn = g.const("topk_k", 3, "DT_INT32")
    node = g.op("topk", "TopKV2", [xn, kn],
                'attr { key: "sorted" value { b: true } }')
    g.term("topk", node, lambda v: -np.sort(-v["x_topk"], axis=-1)[:, :3],
           (2, 3))
    # AddN of three inputs, one of them twice.
    an, bn = g.placeholder("x_addn", u(2, 3)), g.placeholder("y_addn", u(2, 3))
    node = g.op("addn", "AddN", [an, bn, an], 'attr { key: "N" value { i: 3 } }')
    g.term("addn", node, lambda v: 2 * v["x_addn"] + v["y_addn"], (2, 3))
    # Prelu with a per-channel slope (broadcast over rows).
    xn = g.placeholder("x_prelu", away(u(3, 4), [0]))
    sn = g.placeholder("a_prelu", u(4))
    node = g.op("prelu", "Prelu", [xn, sn])
    g.term("prelu", node, lambda v: np.where(v["x_prelu"] >= 0, v["x_prelu"],
                                             v["a_prelu"] * v["x_prelu"]),
           (3, 4))
    # DepthToSpace with block 2: [1, 2, 3, 8] -> [1, 4, 6, 2].
    xn = g.placeholder("x_d2s", u(1, 2, 3, 8))
    node = g.op("d2s", "DepthToSpace", [xn],
                'attr { key: "block_size" value { i: 2 } } '
                'attr { key: "data_format" value { s: "NHWC" } }')
    g.term("d2s", node, lambda v: v["x_d2s"].reshape(1, 2, 3, 2, 2, 2)
           .transpose(0, 1, 3, 2, 4, 5).reshape(1, 4, 6, 2), (1, 4, 6, 2))
    # GatherV2 with batch_dims 1 (per-row indices, one repeated).
    xn = g.placeholder("x_bgather", u(2, 4, 3))
    ids = g.const("bgather_i", [[3, 0, 3], [1, 2, 2]], "DT_INT32")
    baxis = g.const("bgather_a", 1, "DT_INT32")
    node = g.op("bgather", "GatherV2", [xn, ids, baxis],
                'attr { key: "Tparams" value { type: DT_DOUBLE } } '
                'attr { key: "Tindices" value { type: DT_INT32 } } '
                'attr { key: "Taxis" value { type: DT_INT32 } } '
                'attr { key: "batch_dims" value { i: 1 } }', t=None)
    g.term("bgather", node, lambda v: np.stack(
        [v["x_bgather"][0][[3, 0, 3]], v["x_bgather"][1][[1, 2, 2]]]),
        (2, 3, 3))
    # GatherNd of rows and of single elements (a repeated one adds up).
    xn = g.placeholder("x_gathernd", u(3, 4, 2))
    ids = g.const("gathernd_i", [[[2, 1], [0, 3]], [[2, 1], [1, 0]]], "DT_INT32")
    node = g.op("gathernd", "GatherNd", [xn, ids],
                'attr { key: "Tparams" value { type: DT_DOUBLE } } '
                'attr { key: "Tindices" value { type: DT_INT32 } }', t=None)
    g.term("gathernd", node, lambda v: v["x_gathernd"][
        [[2, 0], [2, 1]], [[1, 3], [1, 0]]], (2, 2, 2))
    # A strided slice with negative strides (one end open: end_mask).
    xn = g.placeholder("x_rslice", u(5, 7))
    rb = g.const("rslice_b", [4, 6], "DT_INT32")
    re_ = g.const("rslice_e", [0, 0], "DT_INT32")
    rs = g.const("rslice_s", [-2, -3], "DT_INT32")
    node = g.op("rslice", "StridedSlice", [xn, rb, re_, rs],
                'attr { key: "Index" value { type: DT_INT32 } } '
                'attr { key: "end_mask" value { i: 2 } }')
    g.term("rslice", node, lambda v: v["x_rslice"][4:0:-2, 6::-3], (2, 3))
    xn = g.placeholder("x_tile", u(2, 3))
    mult = g.const("tile_m", [2, 3], "DT_INT32")
    node = g.op("tile", "Tile", [xn, mult],
                'attr { key: "Tmultiples" value { type: DT_INT32 } }')
    g.term("tile", node, lambda v: np.tile(v["x_tile"], (2, 3)), (4, 9))

    # Gather with a repeated index: its gradient adds up.
    xn = g.placeholder("x_gather", u(3, 4))
    ids = g.const("gather_i", [2, 0, 2], "DT_INT32")
    gaxis = g.const("gather_a", 1, "DT_INT32")
    node = g.op("gather", "GatherV2", [xn, ids, gaxis],
                'attr { key: "Tparams" value { type: DT_DOUBLE } } '
                'attr { key: "Tindices" value { type: DT_INT32 } } '
                'attr { key: "Taxis" value { type: DT_INT32 } } '
                'attr { key: "batch_dims" value { i: 0 } }', t="")
    g.term("gather", node, lambda v: np.take(v["x_gather"], [2, 0, 2], axis=1),
           (3, 3))

    # Fan-out and StopGradient: x * stop(x) has gradient stop(x) = x.
    xn = g.placeholder("x_stop", u(2, 3))
    stop = g.op("stopped", "StopGradient", [xn])
    node = g.op("stop", "Mul", [xn, stop])
    g.term("stop", node, lambda v: v["x_stop"] * v["x_stop"], (2, 3))

    # The loss: the sum of the terms.
    names = [n for _, n in g.terms]
    total = names[0]
    for i, n in enumerate(names[1:]):
        total = g.op("loss_%d" % i, "AddV2", [total, n])
    g.op("loss", "Identity", [total])
    return g


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    g = build()
    with open(os.path.join(out, "graph.pbtxt"), "w") as f:
        f.write("\n".join(g.nodes) + "\n")

    def loss(values):
        return sum(fn(values) for fn, _ in g.terms)

    h = 1e-6
    for name, value in g.inputs.items():
        np.save(os.path.join(out, "in_%s.npy" % name), value)
        grad = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            plus = dict(g.inputs)
            minus = dict(g.inputs)
            plus[name] = value.copy()
            minus[name] = value.copy()
            plus[name][idx] += h
            minus[name][idx] -= h
            grad[idx] = (loss(plus) - loss(minus)) / (2 * h)
        np.save(os.path.join(out, "want_grad_%s.npy" % name), grad)
    # StopGradient: the gradient of x * stop(x) is stop(x) * W (the stopped
    # factor is a constant), not the 2 x W that finite differences give.
    np.save(os.path.join(out, "want_grad_x_stop.npy"), stop_gradient_want(g))
    with open(os.path.join(out, "wrt"), "w") as f:
        f.write(",".join(g.inputs) + "\n")
    print(len(g.inputs), "inputs")


def stop_gradient_want(g):
    # d/dx sum(x * stop(x) * W) = stop(x) * W
    for fn, node in g.terms:
        if node == "stop_sum":
            x = g.inputs["x_stop"]
            # fn(v) = sum(x*x*W): recover W from fn by probing unit vectors.
            w = np.zeros_like(x)
            for idx in np.ndindex(x.shape):
                probe = dict(g.inputs)
                e = np.zeros_like(x)
                e[idx] = 1.0
                probe["x_stop"] = e
                w[idx] = fn(probe)
            return x * w
    raise AssertionError("no stop term")


if __name__ == "__main__":
    main()

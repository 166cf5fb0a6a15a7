"""Writes a GraphDef (text) with convolutions, pooling and batch matmuls on
run-time inputs, and NumPy's expected outputs computed by direct loops
(TensorFlow's SAME/VALID padding, NHWC, HWIO/HWCM filters).

    nn_graph.py OUTDIR  -> graph.pbtxt, in_*.npy, want_<fetch>.npy, fetches
"""
import os
import sys

import numpy as np


def same_pads(size, k, s, d):
    out = -(-size // s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def window_pads(x, kh, kw, s, d, padding):
    if padding == "VALID":
        return (0, 0), (0, 0)
    return same_pads(x.shape[1], kh, s[0], d[0]), same_pads(x.shape[2], kw, s[1], d[1])


def conv(x, f, s, d, padding, depthwise=False):
    kh, kw = f.shape[:2]
    (t, b), (l, r) = window_pads(x, kh, kw, s, d, padding)
    xp = np.pad(x.astype(np.float64), [(0, 0), (t, b), (l, r), (0, 0)])
    oh = (xp.shape[1] - (d[0] * (kh - 1) + 1)) // s[0] + 1
    ow = (xp.shape[2] - (d[1] * (kw - 1) + 1)) // s[1] + 1
    c = x.shape[3]
    outc = c * f.shape[3] if depthwise else f.shape[3]
    out = np.zeros((x.shape[0], oh, ow, outc))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, i * s[0]:i * s[0] + d[0] * (kh - 1) + 1:d[0],
                       j * s[1]:j * s[1] + d[1] * (kw - 1) + 1:d[1], :]
            if depthwise:
                prod = patch[..., None] * f[None]  # N,kh,kw,C,M
                out[:, i, j, :] = prod.sum(axis=(1, 2)).reshape(x.shape[0], -1)
            else:
                out[:, i, j, :] = np.tensordot(patch, f, axes=([1, 2, 3], [0, 1, 2]))
    return out.astype(np.float32)


def pool(x, k, s, padding, kind):
    (t, b), (l, r) = window_pads(x, k[0], k[1], s, (1, 1), padding)
    n, h, w, c = x.shape
    oh = (h + t + b - k[0]) // s[0] + 1
    ow = (w + l + r - k[1]) // s[1] + 1
    out = np.zeros((n, oh, ow, c), np.float32)
    for i in range(oh):
        for j in range(ow):
            h0, w0 = i * s[0] - t, j * s[1] - l
            win = x[:, max(h0, 0):min(h0 + k[0], h), max(w0, 0):min(w0 + k[1], w), :]
            out[:, i, j, :] = win.max(axis=(1, 2)) if kind == "max" else win.mean(axis=(1, 2))
    return out


def conv_transpose(dy, f, out_shape, s, padding):
    """TF's Conv2DBackpropInput: the gradient of a conv2d of an input of
    out_shape with filter f (HWIO), scattered by loops."""
    kh, kw = f.shape[:2]
    n, h, w, c = out_shape
    if padding == "SAME":
        (t, _), (l, _) = same_pads(h, kh, s[0], 1), same_pads(w, kw, s[1], 1)
    else:
        t = l = 0
    dx = np.zeros(out_shape)
    for i in range(dy.shape[1]):
        for j in range(dy.shape[2]):
            for a in range(kh):
                for b in range(kw):
                    y, x = i * s[0] - t + a, j * s[1] - l + b
                    if 0 <= y < h and 0 <= x < w:
                        dx[:, y, x, :] += dy[:, i, j, :] @ f[a, b].T
    return dx.astype(np.float32)


def resize(img, oh, ow, mode, align, half):
    """TensorFlow's ResizeBilinear / ResizeNearestNeighbor, by loops."""
    n, h, w, c = img.shape

    def scale(i, o):
        return (i - 1) / (o - 1) if align and o > 1 else i / o

    sh, sw = scale(h, oh), scale(w, ow)
    out = np.zeros((n, oh, ow, c), np.float32)
    for y in range(oh):
        for x in range(ow):
            if mode == "nearest":
                iy = (y + 0.5) * sh if half else y * sh
                ix = (x + 0.5) * sw if half else x * sw
                fy = np.float32(iy)
                fx = np.float32(ix)
                # roundf: halves away from zero (coordinates are >= 0).
                ry = int(np.floor(fy + 0.5)) if align else int(np.floor(fy))
                rx = int(np.floor(fx + 0.5)) if align else int(np.floor(fx))
                ry, rx = min(max(ry, 0), h - 1), min(max(rx, 0), w - 1)
                out[:, y, x, :] = img[:, ry, rx, :]
                continue
            iy = (y + 0.5) * sh - 0.5 if half else y * sh
            ix = (x + 0.5) * sw - 0.5 if half else x * sw
            y0, x0 = int(np.floor(iy)), int(np.floor(ix))
            yl, xl = iy - np.floor(iy), ix - np.floor(ix)
            y1 = min(max(int(np.ceil(iy)), 0), h - 1)
            x1 = min(max(int(np.ceil(ix)), 0), w - 1)
            y0, x0 = min(max(y0, 0), h - 1), min(max(x0, 0), w - 1)
            top = img[:, y0, x0] + (img[:, y0, x1] - img[:, y0, x0]) * xl
            bottom = img[:, y1, x0] + (img[:, y1, x1] - img[:, y1, x0]) * xl
            out[:, y, x, :] = top + (bottom - top) * yl
    return out


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(5)
    x = rng.uniform(-1, 1, (2, 7, 6, 3)).astype(np.float32)
    f = rng.uniform(-1, 1, (3, 3, 3, 4)).astype(np.float32)
    dw = rng.uniform(-1, 1, (3, 2, 3, 2)).astype(np.float32)
    bias = rng.uniform(-1, 1, (4,)).astype(np.float32)
    a = rng.uniform(-1, 1, (2, 1, 3, 4)).astype(np.float32)
    bm = rng.uniform(-1, 1, (3, 5, 4)).astype(np.float32)
    img = rng.uniform(-1, 1, (1, 3, 4, 2)).astype(np.float32)
    dy = rng.uniform(-1, 1, (2, 4, 3, 4)).astype(np.float32)
    inputs = {"x": x, "f": f, "dw": dw, "bias": bias, "a": a, "bm": bm,
              "img": img, "dy": dy}
    for name, value in inputs.items():
        np.save(os.path.join(out, "in_%s.npy" % name), value)
    nodes, want = [], {}

    def shape(dims):
        return " ".join("dim { size: %d }" % d for d in dims)

    for name, value in inputs.items():
        nodes.append('node { name: "%s" op: "Placeholder" attr { key: "dtype" '
                     'value { type: DT_FLOAT } } attr { key: "shape" value { '
                     'shape { %s } } } }' % (name, shape(value.shape)))

    def ints(key, values):
        return 'attr { key: "%s" value { list { %s } } }' % (
            key, " ".join("i: %d" % v for v in values))

    def s(key, value):
        return 'attr { key: "%s" value { s: "%s" } }' % (key, value)

    def node(name, op, ins, attrs, expected):
        nodes.append('node { name: "%s" op: "%s" %s attr { key: "T" value { '
                     'type: DT_FLOAT } } %s }'
                     % (name, op, " ".join('input: "%s"' % i for i in ins), attrs))
        want[name] = expected

    node("conv_same", "Conv2D", ["x", "f"],
         ints("strides", [1, 2, 2, 1]) + s("padding", "SAME"),
         conv(x, f, (2, 2), (1, 1), "SAME"))
    node("conv_dil", "Conv2D", ["x", "f"],
         ints("strides", [1, 1, 1, 1]) + ints("dilations", [1, 2, 1, 1])
         + s("padding", "VALID"), conv(x, f, (1, 1), (2, 1), "VALID"))
    node("dwconv", "DepthwiseConv2dNative", ["x", "dw"],
         ints("strides", [1, 2, 1, 1]) + s("padding", "SAME"),
         conv(x, dw, (2, 1), (1, 1), "SAME", depthwise=True))
    fused = np.clip(conv(x, f, (1, 1), (1, 1), "SAME") + bias, 0, 6)
    node("fused", "_FusedConv2D", ["x", "f", "bias"],
         ints("strides", [1, 1, 1, 1]) + s("padding", "SAME")
         + 'attr { key: "fused_ops" value { list { s: "BiasAdd" s: "Relu6" } } }'
         + 'attr { key: "num_args" value { i: 1 } }', fused)
    node("maxpool", "MaxPool", ["x"],
         ints("ksize", [1, 3, 3, 1]) + ints("strides", [1, 2, 2, 1])
         + s("padding", "SAME"), pool(x, (3, 3), (2, 2), "SAME", "max"))
    node("avgpool", "AvgPool", ["x"],
         ints("ksize", [1, 3, 2, 1]) + ints("strides", [1, 2, 2, 1])
         + s("padding", "SAME"), pool(x, (3, 2), (2, 2), "SAME", "avg"))
    node("avgvalid", "AvgPool", ["x"],
         ints("ksize", [1, 2, 2, 1]) + ints("strides", [1, 1, 2, 1])
         + s("padding", "VALID"), pool(x, (2, 2), (1, 2), "VALID", "avg"))
    node("bmm", "BatchMatMulV2", ["a", "bm"],
         'attr { key: "adj_x" value { b: false } } attr { key: "adj_y" value { b: true } }',
         np.matmul(a, np.swapaxes(bm, -1, -2)))

    nodes.append('node { name: "tsizes" op: "Const" attr { key: "dtype" value '
                 '{ type: DT_INT32 } } attr { key: "value" value { tensor { '
                 'dtype: DT_INT32 tensor_shape { dim { size: 4 } } int_val: 2 '
                 'int_val: 7 int_val: 6 int_val: 3 } } } }')
    node("tconv", "Conv2DBackpropInput", ["tsizes", "f", "dy"],
         ints("strides", [1, 2, 2, 1]) + s("padding", "SAME"),
         conv_transpose(dy, f, (2, 7, 6, 3), (2, 2), "SAME"))
    nodes.append('node { name: "rsize" op: "Const" attr { key: "dtype" value '
                 '{ type: DT_INT32 } } attr { key: "value" value { tensor { '
                 'dtype: DT_INT32 tensor_shape { dim { size: 2 } } int_val: 5 '
                 'int_val: 7 } } } }')
    for mode, op in (("bilinear", "ResizeBilinear"),
                     ("nearest", "ResizeNearestNeighbor")):
        for align, half in ((False, False), (True, False), (False, True)):
            name = "%s_%s" % (mode, "align" if align else "half" if half else "plain")
            node(name, op, ["img", "rsize"],
                 'attr { key: "align_corners" value { b: %s } } '
                 'attr { key: "half_pixel_centers" value { b: %s } }'
                 % (str(align).lower(), str(half).lower()),
                 resize(img, 5, 7, mode, align, half))

    with open(os.path.join(out, "graph.pbtxt"), "w") as fh:
        fh.write("\n".join(nodes) + "\n")
    for name, value in want.items():
        np.save(os.path.join(out, "want_%s.npy" % name),
                np.ascontiguousarray(np.asarray(value, np.float32)))
    with open(os.path.join(out, "fetches"), "w") as fh:
        fh.write(" ".join(want) + "\n")
    print(len(want), "fetches")


if __name__ == "__main__":
    main()

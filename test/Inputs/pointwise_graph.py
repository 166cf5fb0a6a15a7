"""Writes a GraphDef (text) exercising every pointwise op tgc lowers, the
inputs, and NumPy's expected outputs (TensorFlow's semantics), one .npy per
fetch.

    pointwise_graph.py OUTDIR     -> OUTDIR/graph.pbtxt, OUTDIR/in_*.npy,
                                     OUTDIR/want_<fetch>.npy, OUTDIR/fetches
"""
import math
import os
import sys

import numpy as np

F, I, B = "DT_FLOAT", "DT_INT32", "DT_BOOL"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    a = rng.uniform(-3, 3, (2, 3)).astype(np.float32)
    b = rng.uniform(-3, 3, (3,)).astype(np.float32)
    b[1] = -b[1] if b[1] > 0 else b[1]  # a negative divisor
    i = np.array([[-7, 7, -6], [5, -1, 0]], dtype=np.int32)
    j = np.array([2, -2, 4], dtype=np.int32)
    for name, value in (("a", a), ("b", b), ("i", i), ("j", j)):
        np.save(os.path.join(out, "in_%s.npy" % name), value)

    nodes, want = [], {}

    def placeholder(name, dtype, shape):
        dims = " ".join("dim { size: %d }" % d for d in shape)
        nodes.append('node { name: "%s" op: "Placeholder" attr { key: "dtype" '
                     'value { type: %s } } attr { key: "shape" value { shape '
                     '{ %s } } } }' % (name, dtype, dims))

    def node(name, op, inputs, t=F, extra="", expected=None):
        ins = " ".join('input: "%s"' % x for x in inputs)
        attr = 'attr { key: "T" value { type: %s } }' % t if t else ""
        nodes.append('node { name: "%s" op: "%s" %s %s %s }'
                     % (name, op, ins, attr, extra))
        if expected is not None:
            want[name] = expected

    placeholder("a", F, a.shape)
    placeholder("b", F, b.shape)
    placeholder("i", I, i.shape)
    placeholder("j", I, j.shape)
    ab = (a, b)
    with np.errstate(all="ignore"):
        node("sub", "Sub", ["a", "b"], expected=a - b)
        node("mul", "Mul", ["a", "b"], expected=a * b)
        node("div", "RealDiv", ["a", "b"], expected=a / b)
        node("floordiv", "FloorDiv", ["a", "b"], expected=np.floor_divide(*ab))
        node("floormod", "FloorMod", ["a", "b"], expected=np.mod(*ab))
        node("max", "Maximum", ["a", "b"], expected=np.maximum(*ab))
        node("min", "Minimum", ["a", "b"], expected=np.minimum(*ab))
        node("absa", "Abs", ["a"], expected=np.abs(a))
        node("pow", "Pow", ["absa", "b"], expected=np.abs(a) ** b)
        node("sqd", "SquaredDifference", ["a", "b"], expected=(a - b) ** 2)
        node("atan2", "Atan2", ["a", "b"], expected=np.arctan2(a, b))
        node("prelu", "Prelu", ["a", "b"], t="",
             expected=np.where(a < 0, b * a, a))
        node("eq", "Equal", ["a", "a"], expected=np.equal(a, a))
        node("ne", "NotEqual", ["a", "b"], expected=np.not_equal(*ab))
        node("lt", "Less", ["a", "b"], expected=np.less(*ab))
        node("le", "LessEqual", ["a", "b"], expected=np.less_equal(*ab))
        node("gt", "Greater", ["a", "b"], expected=np.greater(*ab))
        node("ge", "GreaterEqual", ["a", "b"], expected=np.greater_equal(*ab))
        node("and", "LogicalAnd", ["lt", "ne"], t="",
             expected=np.less(*ab) & np.not_equal(*ab))
        node("or", "LogicalOr", ["lt", "eq"], t="",
             expected=np.less(*ab) | np.equal(a, a))
        node("not", "LogicalNot", ["lt"], t="", expected=~np.less(*ab))
        node("relu6", "Relu6", ["mul"], expected=np.clip(a * b, 0, 6))
        node("sigmoid", "Sigmoid", ["a"], expected=1 / (1 + np.exp(-a)))
        node("tanh", "Tanh", ["a"], expected=np.tanh(a))
        node("exp", "Exp", ["a"], expected=np.exp(a))
        node("log", "Log", ["absa"], expected=np.log(np.abs(a)))
        node("sqrt", "Sqrt", ["absa"], expected=np.sqrt(np.abs(a)))
        node("rsqrt", "Rsqrt", ["absa"], expected=1 / np.sqrt(np.abs(a)))
        node("recip", "Reciprocal", ["a"], expected=1 / a)
        node("floor", "Floor", ["a"], expected=np.floor(a))
        node("ceil", "Ceil", ["a"], expected=np.ceil(a))
        node("round", "Round", ["mul"], expected=np.round(a * b))
        node("sin", "Sin", ["a"], expected=np.sin(a))
        node("cos", "Cos", ["a"], expected=np.cos(a))
        erf = np.vectorize(math.erf)
        erfc = np.vectorize(math.erfc)
        node("erf", "Erf", ["a"], expected=erf(a.astype(np.float64)))
        # erfc(x) for x up to 9: values down to 1e-37, where 1 - erf(x)
        # would be 0.
        node("erfc", "Erfc", ["mul"], expected=erfc((a * b).astype(np.float64)))
        node("elu", "Elu", ["a"], expected=np.where(a < 0, np.expm1(a), a))
        node("leaky", "LeakyRelu", ["a"],
             extra='attr { key: "alpha" value { f: 0.25 } }',
             expected=np.where(a < 0, np.float32(0.25) * a, a))
        node("neg", "Neg", ["a"], expected=-a)
        node("square", "Square", ["a"], expected=a * a)
        node("tofloat", "Cast", ["i"], t="",
             extra='attr { key: "SrcT" value { type: DT_INT32 } } '
                   'attr { key: "DstT" value { type: DT_FLOAT } }',
             expected=i.astype(np.float32))
        node("toint", "Cast", ["a"], t="",
             extra='attr { key: "SrcT" value { type: DT_FLOAT } } '
                   'attr { key: "DstT" value { type: DT_INT32 } }',
             expected=np.trunc(a).astype(np.int32))
        node("tobool", "Cast", ["i"], t="",
             extra='attr { key: "SrcT" value { type: DT_INT32 } } '
                   'attr { key: "DstT" value { type: DT_BOOL } }',
             expected=i != 0)
        node("select", "SelectV2", ["lt", "a", "b"],
             expected=np.where(np.less(*ab), a, np.broadcast_to(b, a.shape)))
        node("addn", "AddN", ["a", "mul", "sub"],
             extra='attr { key: "N" value { i: 3 } }',
             expected=a + a * b + (a - b))
        node("ifloordiv", "FloorDiv", ["i", "j"], t=I,
             expected=np.floor_divide(i, j))
        node("ifloormod", "FloorMod", ["i", "j"], t=I, expected=np.mod(i, j))
        node("imax", "Maximum", ["i", "j"], t=I, expected=np.maximum(i, j))
        node("ineg", "Neg", ["i"], t=I, expected=-i)
        node("iabs", "Abs", ["i"], t=I, expected=np.abs(i))
        node("isquare", "Square", ["i"], t=I, expected=i * i)

    with open(os.path.join(out, "graph.pbtxt"), "w") as f:
        f.write("\n".join(nodes) + "\n")
    for name, value in want.items():
        value = np.asarray(value)
        if value.dtype == np.float64:
            value = value.astype(np.float32)
        np.save(os.path.join(out, "want_%s.npy" % name), value)
    with open(os.path.join(out, "fetches"), "w") as f:
        f.write(" ".join(want) + "\n")


if __name__ == "__main__":
    main()

"""Writes hostile binary GraphDefs (stdlib only: the protobuf wire format is
encoded here) for test/tgc/hostile-graphs.test.

    make_hostile_graph.py chain N OUT      x -> Neg -> ... (N Negs) -> "y"
    make_hostile_graph.py wide N OUT       N Negs of x, unused, beside
                                           y = Neg(x): an N-node graph
    make_hostile_graph.py fanin N OUT      y = AddN of N inputs (x each)
    make_hostile_graph.py bigconst GIB OUT a float Const of GIB GiB declared
                                           with one float_val (a splat),
                                           y = x + c[0..3]
x is a float32 [4] placeholder everywhere.
"""
import struct
import sys


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(number, payload):
    """A length-delimited field."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def vfield(number, value):
    return varint(number << 3) + varint(value)


DT_FLOAT, DT_INT32 = 1, 3


def shape(dims):
    return b"".join(field(2, vfield(1, d)) for d in dims)


def attr(key, value):
    # map<string, AttrValue> entry: key = 1, value = 2.
    return field(5, field(1, key.encode()) + field(2, value))


def type_attr(key, dtype):
    return attr(key, vfield(6, dtype))


def node(name, op, inputs=(), attrs=b""):
    out = field(1, name.encode()) + field(2, op.encode())
    for i in inputs:
        out += field(3, i.encode())
    return field(1, out + attrs)


def placeholder():
    return node("x", "Placeholder", (),
                type_attr("dtype", DT_FLOAT) + attr("shape", field(7, shape([4]))))


def neg(name, src):
    return node(name, "Neg", (src,), type_attr("T", DT_FLOAT))


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, "wb") as f:
        f.write(placeholder())
        if kind == "chain":
            prev = "x"
            for i in range(n - 1):
                f.write(neg("n%d" % i, prev))
                prev = "n%d" % i
            f.write(neg("y", prev))
        elif kind == "wide":
            for i in range(n - 1):
                f.write(neg("n%d" % i, "x"))
            f.write(neg("y", "x"))
        elif kind == "fanin":
            f.write(node("y", "AddN", ["x"] * n,
                         type_attr("T", DT_FLOAT) + attr("N", vfield(3, n))))
        elif kind == "bigconst":
            elements = n * (1 << 30) // 4
            tensor = (vfield(1, DT_FLOAT) + field(2, shape([elements])) +
                      field(5, struct.pack("<f", 1.5)))
            f.write(node("c", "Const", (),
                         type_attr("dtype", DT_FLOAT) + attr("value",
                                                             field(8, tensor))))
            begin = node("begin", "Const", (), type_attr("dtype", DT_INT32) +
                         attr("value", field(8, vfield(1, DT_INT32) +
                                             field(2, shape([1])) +
                                             vfield(7, 0))))
            size = node("size", "Const", (), type_attr("dtype", DT_INT32) +
                        attr("value", field(8, vfield(1, DT_INT32) +
                                            field(2, shape([1])) +
                                            vfield(7, 4))))
            f.write(begin + size)
            f.write(node("head", "Slice", ("c", "begin", "size"),
                         type_attr("T", DT_FLOAT) + type_attr("Index", DT_INT32)))
            f.write(node("y", "AddV2", ("x", "head"), type_attr("T", DT_FLOAT)))
        else:
            sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    main()

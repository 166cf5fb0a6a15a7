"""Removes the function library of a binary GraphDef (for an error test).

Works on the wire format directly (GraphDef field 2 is the library), so it
needs neither TensorFlow nor generated protobuf code.
"""


def _varint(data, pos):
    result, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def main(src, dst):
    data = open(src, "rb").read()
    out, pos = bytearray(), 0
    while pos < len(data):
        start = pos
        key, pos = _varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = _varint(data, pos)
        elif wire == 2:
            length, pos = _varint(data, pos)
            pos += length
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise ValueError("unexpected wire type %d" % wire)
        if field != 2:
            out += data[start:pos]
    open(dst, "wb").write(bytes(out))

#!/usr/bin/env python3
"""Compares two .npy files for the tgc tests.

    compare_npy.py ACTUAL.npy EXPECTED.npy [TOLERANCE]

Prints "match" and exits 0 when both arrays have the same dtype and shape
and every element agrees within TOLERANCE (absolute + relative, default
1e-6; exact equality for non-float dtypes). Otherwise prints what differs
and exits 1.
"""

import sys

import numpy as np


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    actual_path, expected_path = argv[1], argv[2]
    tolerance = float(argv[3]) if len(argv) == 4 else 1e-6
    try:
        actual = np.load(actual_path, allow_pickle=False)
        expected = np.load(expected_path, allow_pickle=False)
    except (OSError, ValueError) as error:
        print(f"cannot read: {error}")
        return 1
    if actual.dtype != expected.dtype:
        print(f"dtype differs: {actual.dtype} (actual) vs {expected.dtype} (expected)")
        return 1
    if actual.shape != expected.shape:
        print(f"shape differs: {list(actual.shape)} (actual) vs {list(expected.shape)} (expected)")
        return 1
    if np.issubdtype(actual.dtype, np.floating):
        a = actual.astype(np.float64)
        e = expected.astype(np.float64)
        bad = ~np.isclose(a, e, rtol=tolerance, atol=tolerance, equal_nan=True)
    else:
        bad = actual != expected
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        print(f"values differ at {int(bad.sum())} of {bad.size} elements; first at "
              f"{list(index)}: {actual[index].item()!r} (actual) vs {expected[index].item()!r} (expected)")
        return 1
    print("match")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

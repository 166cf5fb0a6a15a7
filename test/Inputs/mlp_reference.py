#!/usr/bin/env python3
"""NumPy reference of Inputs/mlp.pbtxt for the tgc-run tests.

    mlp_reference.py OUT_DIR

Writes OUT_DIR/x.npy (a float32 [2,3] input) and the expected values of the
graph's tensors for it: probs.npy (Softmax), dense_Relu.npy and
dense_BiasAdd.npy, computed in float64 and stored as float32. The weights
are those of mlp.pbtxt; keep the two in sync.
"""

import os
import sys

import numpy as np

KERNEL = np.array([[0.5, -1.0, 0.25, 2.0],
                   [-0.75, 0.5, 1.0, -0.25],
                   [1.5, 0.125, -2.0, 0.5]], dtype=np.float32)
BIAS = np.array([0.1, -0.2, 0.3, -0.4], dtype=np.float32)
X = np.array([[1.0, 2.0, 3.0],
              [-1.0, 0.5, 2.0]], dtype=np.float32)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    bias_add = X.astype(np.float64) @ KERNEL.astype(np.float64) + BIAS
    relu = np.maximum(bias_add, 0.0)
    exp = np.exp(relu - relu.max(axis=-1, keepdims=True))
    probs = exp / exp.sum(axis=-1, keepdims=True)
    np.save(os.path.join(out_dir, "x.npy"), X)
    np.save(os.path.join(out_dir, "dense_BiasAdd.npy"), bias_add.astype(np.float32))
    np.save(os.path.join(out_dir, "dense_Relu.npy"), relu.astype(np.float32))
    np.save(os.path.join(out_dir, "probs.npy"), probs.astype(np.float32))


if __name__ == "__main__":
    main(sys.argv[1])

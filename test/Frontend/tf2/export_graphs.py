"""Exports small TF2 graphs with TensorFlow itself, for tgc's importer tests.

    python export_graphs.py OUTDIR

Writes OUTDIR/<name>.pb (a GraphDef as TensorFlow serialises it), and the
inputs and TensorFlow's outputs as .npy files. Nothing it writes is
committed: the tests run it at test time with the TensorFlow that
scripts/setup-tensorflow.sh installs into a cache.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


@tf.function
def _inner(x, y):
    return tf.nn.relu(x @ y) + 1.0, x * 2.0


@tf.function(input_signature=[tf.TensorSpec([2, 3], tf.float32)])
def _calls(x):
    w = tf.constant([[1.0, -1.0], [0.5, 2.0], [-1.0, 1.0]])
    a, b = _inner(x, w)
    return tf.reduce_sum(a, axis=1), b


def export_calls(out):
    """A tf.function that calls another: a PartitionedCall of a library
    function, with two results."""
    graph = _calls.get_concrete_function().graph.as_graph_def()
    ops = {n.op for n in graph.node}
    assert "PartitionedCall" in ops or "StatefulPartitionedCall" in ops, ops
    assert len(graph.library.function) >= 1
    with open(os.path.join(out, "calls.pb"), "wb") as f:
        f.write(graph.SerializeToString())
    x = (np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5) / 2
    first, second = _calls(tf.constant(x))
    np.save(os.path.join(out, "calls_x.npy"), x)
    np.save(os.path.join(out, "calls_Identity.npy"), first.numpy())
    np.save(os.path.join(out, "calls_Identity_1.npy"), second.numpy())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    export_calls(out)


if __name__ == "__main__":
    main()

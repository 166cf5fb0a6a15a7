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


@tf.function(input_signature=[tf.TensorSpec([3], tf.float32),
                              tf.TensorSpec([], tf.float32)])
def _control_flow(x, t):
    y = tf.cond(t > 0.0, lambda: x * 2.0, lambda: x - 1.0)

    def body(i, acc):
        return i + 1, acc * 1.5 + 1.0

    _, z = tf.while_loop(lambda i, acc: i < 4, body, [tf.constant(0), y])
    return z


def export_control_flow(out):
    """tf.cond and tf.while_loop, frozen without lowering the control flow:
    StatelessIf and StatelessWhile with branch and body functions."""
    from tensorflow.python.framework.convert_to_constants import (
        convert_variables_to_constants_v2)
    function = _control_flow.get_concrete_function()
    frozen = convert_variables_to_constants_v2(function,
                                               lower_control_flow=False)
    graph = frozen.graph.as_graph_def()
    ops = {n.op for n in graph.node}
    assert {"StatelessIf", "StatelessWhile"} <= ops, ops
    with open(os.path.join(out, "control_flow.pb"), "wb") as f:
        f.write(graph.SerializeToString())
    x = np.array([1.0, -2.0, 0.5], dtype=np.float32)
    np.save(os.path.join(out, "control_flow_x.npy"), x)
    for name, t in (("pos", 1.0), ("neg", -1.0)):
        z = _control_flow(tf.constant(x), tf.constant(t, tf.float32))
        np.save(os.path.join(out, "control_flow_t_%s.npy" % name),
                np.float32(t))
        np.save(os.path.join(out, "control_flow_%s.npy" % name), z.numpy())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    export_calls(out)
    export_control_flow(out)


if __name__ == "__main__":
    main()

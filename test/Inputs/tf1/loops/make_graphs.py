"""Writes the TF1-loop test graphs of test/Frontend/tf1-loops.test.

Run with TensorFlow 2.21 (e.g. the venv bench/peers installs):
    python make_graphs.py
Each tf.function is frozen by convert_variables_to_constants_v2, which
lowers its functional While to TF1 frames (Enter/Merge/Switch/LoopCond/
NextIteration/Exit); the printed values are the references the test uses.
"""
import numpy as np
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import \
    convert_variables_to_constants_v2
import keras


def freeze(fn, name, spec, as_text):
    concrete = tf.function(fn).get_concrete_function(spec)
    frozen = convert_variables_to_constants_v2(concrete)
    tf.io.write_graph(frozen.graph.as_graph_def(), ".",
                      name + (".pbtxt" if as_text else ".pb"),
                      as_text=as_text)
    return frozen


def simple(x):
    def body(i, x):
        return i + 1, x * 2.0 + 1.0
    _, y = tf.while_loop(lambda i, x: i < 5, body, [tf.constant(0), x])
    return tf.identity(y, name="y")


def nested(x):
    def outer(i, x):
        def inner(j, x):
            return j + 1, x * 1.5 + tf.cast(j, tf.float32)
        _, x = tf.while_loop(lambda j, x: j < i + 1, inner,
                             [tf.constant(0), x])
        return i + 1, x
    _, y = tf.while_loop(lambda i, x: i < 3, outer, [tf.constant(0), x])
    return tf.identity(y, name="y")


f = freeze(simple, "simple_while", tf.TensorSpec([3], tf.float32), True)
print("simple_while", f(tf.constant([1.0, 2.0, 3.0]))[0].numpy())
f = freeze(nested, "nested_loops", tf.TensorSpec([2], tf.float32), True)
print("nested_loops", f(tf.constant([1.0, 2.0]))[0].numpy())

def map_fn(t):
    return tf.identity(tf.map_fn(lambda r: tf.reduce_sum(r * r), t), name="y")


def tensor_array(t):
    array = tf.TensorArray(tf.float32, size=4)
    def body(i, a):
        return i + 1, a.write(i, t[i] * tf.cast(i, tf.float32))
    _, array = tf.while_loop(lambda i, a: i < 4, body, [0, array])
    return tf.identity(array.stack(), name="y")


rows = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
for name, fn in [("map_fn", map_fn), ("tensor_array", tensor_array)]:
    f = freeze(fn, name, tf.TensorSpec([4, 3], tf.float32), False)
    print(name, f(rows)[0].numpy().tolist())

# TF1 graph mode, v1 control flow and TensorArrays.
with tf.Graph().as_default() as g:
    tf.compat.v1.disable_control_flow_v2()
    x = tf.compat.v1.placeholder(tf.float32, [4, 3], name="x")
    array = tf.TensorArray(tf.float32, size=4)
    def v1_body(i, a):
        return i + 1, a.write(i, x[i] * tf.cast(i, tf.float32))
    _, array = tf.while_loop(lambda i, a: i < 4, v1_body, [0, array])
    tf.identity(array.stack(), name="acc")
    tf.identity(tf.map_fn(lambda r: tf.reduce_sum(r * r) + r[0], x),
                name="mapped")
    with tf.compat.v1.Session() as session:
        print("tf1_tensor_array", session.run(
            ["acc:0", "mapped:0"],
            {x: np.arange(12, dtype=np.float32).reshape(4, 3)}))
    tf.io.write_graph(g.as_graph_def(), ".", "tf1_tensor_array.pbtxt")
    tf.compat.v1.enable_control_flow_v2()

keras.utils.set_random_seed(0)
seq = np.random.default_rng(0).standard_normal((2, 5, 3)).astype(np.float32)
for name, layer in [("lstm", keras.layers.LSTM(4)),
                    ("gru", keras.layers.GRU(4)),
                    ("bilstm", keras.layers.Bidirectional(keras.layers.LSTM(4)))]:
    model = keras.Sequential([keras.Input((5, 3), batch_size=2), layer])
    f = freeze(lambda t: model(t), name, tf.TensorSpec([2, 5, 3], tf.float32),
               False)
    print(name, f(tf.constant(seq))[0].numpy().tolist())

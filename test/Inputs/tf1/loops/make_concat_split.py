"""Writes the TensorArray concat/split graphs of test/Frontend/tf1-loops.test.

Run with TensorFlow 2.21 (e.g. the venv bench/peers installs):
    python make_concat_split.py
tf1_concat_split.pbtxt is written in TF1 graph mode with v1 control flow
(TensorArraySplitV3, TensorArrayReadV3/WriteV3 in a frame,
TensorArrayConcatV3); concat_split.pb is a tf.function frozen by
convert_variables_to_constants_v2 (TensorListSplit, TensorListConcatV2 in
a lowered loop). Both compute, for x of shape [6, 2] split into three
[2, 2] blocks, the blocks times 1, 2, 3 concatenated again; the printed
values are the test's references.
"""
import numpy as np
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import \
    convert_variables_to_constants_v2

X = np.arange(12, dtype=np.float32).reshape(6, 2)


def scaled_blocks(x):
    blocks = tf.TensorArray(tf.float32, size=3, element_shape=[2, 2])
    blocks = blocks.split(x, lengths=[2, 2, 2])
    out = tf.TensorArray(tf.float32, size=3, element_shape=[2, 2])

    def body(i, out):
        return i + 1, out.write(i, blocks.read(i) * tf.cast(i + 1, tf.float32))
    _, out = tf.while_loop(lambda i, out: i < 3, body, [0, out])
    return out.concat()


with tf.Graph().as_default() as g:
    tf.compat.v1.disable_control_flow_v2()
    x = tf.compat.v1.placeholder(tf.float32, [6, 2], name="x")
    y = tf.identity(scaled_blocks(x), name="y")
    with tf.compat.v1.Session() as session:
        print("tf1_concat_split", session.run(y, {x: X}).tolist())
    tf.io.write_graph(g.as_graph_def(), ".", "tf1_concat_split.pbtxt")
    tf.compat.v1.enable_control_flow_v2()


def tf2(x):
    return tf.identity(scaled_blocks(x), name="y")


concrete = tf.function(tf2).get_concrete_function(
    tf.TensorSpec([6, 2], tf.float32))
frozen = convert_variables_to_constants_v2(concrete)
tf.io.write_graph(frozen.graph.as_graph_def(), ".", "concat_split.pb",
                  as_text=False)
print("concat_split", frozen(tf.constant(X))[0].numpy().tolist())

"""Writes the TF1-conditional test graphs of test/Frontend/tf1-conds.test.

Run with TensorFlow 2.21: python make_graphs.py. The printed values are the
references the test uses. cond.pbtxt, nested_cond.pbtxt, cond_in_loop.pbtxt
and assert_lowered.pbtxt are tf.functions frozen by
convert_variables_to_constants_v2 (which lowers If and While to Switch/Merge
and loop frames); tf1_cond.pbtxt is TF1 graph mode with v1 control flow.
"""
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import \
    convert_variables_to_constants_v2


def freeze(fn, name, *specs):
    concrete = tf.function(fn).get_concrete_function(*specs)
    frozen = convert_variables_to_constants_v2(concrete)
    tf.io.write_graph(frozen.graph.as_graph_def(), ".", name + ".pbtxt")
    return frozen


def cond(x):
    y = tf.cond(tf.reduce_sum(x) > 10.0, lambda: x - 1.0, lambda: x * 2.0)
    return tf.identity(y, name="y")


def nested_cond(x, k):
    def outer_true():
        return tf.cond(k > 1, lambda: x * 3.0, lambda: x)
    y = tf.cond(k > 0, outer_true, lambda: x - tf.reduce_max(x))
    return tf.identity(y, name="y")


def cond_in_loop(x):
    def outer(i, x):
        def inner(j, x):
            return j + 1, tf.cond(tf.reduce_sum(x) > 10.0, lambda: x - 1.0,
                                  lambda: x * 2.0)
        _, x = tf.while_loop(lambda j, x: j < i + 1, inner,
                             [tf.constant(0), x])
        return i + 1, x
    _, y = tf.while_loop(lambda i, x: i < 3, outer, [tf.constant(0), x])
    return tf.identity(y, name="y")


def checked(x):
    tf.debugging.assert_less(tf.reduce_max(x), 100.0, message="too big")
    return tf.identity(x * 2.0, name="y")


spec2 = tf.TensorSpec([2], tf.float32)
f = freeze(cond, "cond", spec2)
print("cond", f(tf.constant([1.0, 2.0])), f(tf.constant([10.0, 2.0])))
f = freeze(nested_cond, "nested_cond", spec2, tf.TensorSpec([], tf.int32))
for k in range(3):
    print("nested_cond", k, f(tf.constant([1.0, 5.0]), tf.constant(k)))
f = freeze(cond_in_loop, "cond_in_loop", spec2)
print("cond_in_loop", f(tf.constant([1.0, 2.0])))
f = freeze(checked, "assert_lowered", spec2)
print("assert_lowered", f(tf.constant([1.0, 5.0])))

tf.compat.v1.disable_eager_execution()
tf.compat.v1.disable_control_flow_v2()
with tf.Graph().as_default() as g:
    x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
    y = tf.cond(tf.reduce_sum(x) > 3.0, lambda: tf.square(x),
                lambda: tf.cond(x[0] > 0.0, lambda: -x, lambda: x + 10.0))
    tf.identity(y, name="y")
    _, z = tf.while_loop(
        lambda i, z: i < 4,
        lambda i, z: (i + 1, tf.cond(z[0] > 5.0, lambda: z - 1.0,
                                     lambda: z * 2.0)),
        [tf.constant(0), x])
    tf.identity(z, name="z")
    with tf.compat.v1.Session() as session:
        for value in ([1.0, 5.0], [1.0, 1.0], [-1.0, 1.0]):
            print("tf1_cond", value, session.run(["y:0", "z:0"], {x: value}))
    tf.io.write_graph(g.as_graph_def(), ".", "tf1_cond.pbtxt")

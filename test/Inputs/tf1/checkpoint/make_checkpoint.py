"""Writes add_ckpt.pbtxt and the V2 checkpoint model.* of checkpoint.test:
TF1 graph mode, a reference variable y_saved = [42, 43] and a resource
variable k_saved = [[1, 2], [3, 4]] saved by tf.compat.v1.train.Saver.
Run with TensorFlow 2.21: python make_checkpoint.py (writes ckpt/)."""
import tensorflow as tf, numpy as np
tf1 = tf.compat.v1
tf1.disable_eager_execution()
g = tf.Graph()
with g.as_default():
    x = tf1.placeholder(tf.float32, [2], name='x_hold')
    y = tf1.Variable(np.zeros(2, np.float32), name='y_saved', use_resource=False)
    k = tf1.Variable(np.zeros((2, 2), np.int32), name='k_saved', use_resource=True)
    tf.add(x, y, name='x_y_sum')
    tf.identity(k.read_value(), name='k_read')
    saver = tf1.train.Saver()
    with tf1.Session() as s:
        s.run(tf1.global_variables_initializer())
        s.run(y.assign([42.0, 43.0]))
        s.run(k.assign([[1, 2], [3, 4]]))
        saver.save(s, './ckpt/model')
        print(s.run(['x_y_sum:0', 'k_read:0'], {x: [1, 2]}))
    tf.io.write_graph(g.as_graph_def(), '.', 'add_ckpt.pbtxt')

"""Exports graphs with a scalar loss from TensorFlow, with TensorFlow's own
gradients (tf.GradientTape) of the loss with respect to every input, for
checking tgc's tg-gradients against an independent implementation.

    tf_gradients.py OUTDIR   (run with TensorFlow's Python)
      -> NAME.pb, NAME_in_<x>.npy, NAME_grad_<x>.npy, NAME_wrt

The weights are inputs of the traced function (placeholders), so that
tgc differentiates with respect to feeds.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def mlp_sparse(x, labels, w1, b1, w2, b2):
    h = tf.nn.relu(tf.matmul(x, w1) + b1)
    logits = tf.matmul(h, w2) + b2
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                       logits=logits))


def mlp_dense(x, targets, w1, b1, w2, b2):
    h = tf.tanh(tf.matmul(x, w1) + b1)
    logits = tf.matmul(h, w2) + b2
    xent = tf.nn.softmax_cross_entropy_with_logits(labels=targets,
                                                   logits=logits)
    l2 = 1e-2 * (tf.reduce_sum(tf.square(w1)) + tf.reduce_sum(tf.square(w2)))
    return tf.reduce_mean(xent) + l2


def cnn(x, labels, k1, c1, k2, c2, w, b):
    h = tf.nn.relu(tf.nn.conv2d(x, k1, strides=2, padding="SAME") + c1)
    h = tf.nn.relu(tf.nn.conv2d(h, k2, strides=1, padding="VALID",
                                dilations=1) + c2)
    flat = tf.reshape(h, [tf.shape(h)[0], -1])
    logits = tf.matmul(flat, w) + b
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                       logits=logits))


def cond_mlp(x, flag, w1, w2):
    h = tf.matmul(x, w1)
    y = tf.cond(flag, lambda: tf.matmul(tf.nn.relu(h), w2) * 2.0,
                lambda: tf.matmul(tf.tanh(h), w2) + tf.reduce_sum(w1))
    return tf.reduce_mean(tf.square(y))


def rnn(x, h0, wx, wh):
    steps = x.shape[0]

    def body(i, h):
        return i + 1, tf.tanh(tf.matmul(tf.gather(x, i), wx) +
                              tf.matmul(h, wh))

    _, h = tf.while_loop(lambda i, h: i < steps, body, [tf.constant(0), h0])
    return tf.reduce_sum(tf.square(h))


def export(out, name, fn, inputs, differentiable):
    rng_inputs = {k: tf.constant(v) for k, v in inputs.items()}
    spec = [tf.TensorSpec(v.shape, tf.as_dtype(v.dtype), name=k)
            for k, v in inputs.items()]
    concrete = tf.function(fn, input_signature=spec).get_concrete_function()
    with open(os.path.join(out, name + ".pb"), "wb") as f:
        f.write(concrete.graph.as_graph_def().SerializeToString())
    with tf.GradientTape() as tape:
        for k in differentiable:
            tape.watch(rng_inputs[k])
        loss = fn(**rng_inputs)
    grads = tape.gradient(loss, [rng_inputs[k] for k in differentiable])
    for k, v in inputs.items():
        np.save(os.path.join(out, "%s_in_%s.npy" % (name, k)), v)
    for k, g in zip(differentiable, grads):
        np.save(os.path.join(out, "%s_grad_%s.npy" % (name, k)),
                tf.convert_to_tensor(g).numpy())
    np.save(os.path.join(out, "%s_loss.npy" % name), loss.numpy())
    with open(os.path.join(out, name + "_wrt"), "w") as f:
        f.write(",".join(differentiable) + "\n")
    with open(os.path.join(out, name + "_feeds"), "w") as f:
        f.write(" ".join(inputs) + "\n")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(3)
    f32 = lambda *s: rng.normal(0, 0.5, s).astype(np.float32)
    export(out, "mlp_sparse", mlp_sparse,
           {"x": f32(8, 6), "labels": rng.integers(0, 4, 8).astype(np.int32),
            "w1": f32(6, 16), "b1": f32(16), "w2": f32(16, 4), "b2": f32(4)},
           ["x", "w1", "b1", "w2", "b2"])
    targets = rng.dirichlet(np.ones(4), 8).astype(np.float32)
    export(out, "mlp_dense", mlp_dense,
           {"x": f32(8, 6), "targets": targets, "w1": f32(6, 16),
            "b1": f32(16), "w2": f32(16, 4), "b2": f32(4)},
           ["x", "targets", "w1", "b1", "w2", "b2"])
    export(out, "cnn", cnn,
           {"x": f32(4, 9, 9, 3), "labels": rng.integers(0, 5, 4).astype(np.int32),
            "k1": f32(3, 3, 3, 8), "c1": f32(8), "k2": f32(3, 3, 8, 6),
            "c2": f32(6), "w": f32(54, 5), "b": f32(5)},
           ["x", "k1", "c1", "k2", "c2", "w", "b"])
    for name, flag in (("cond_true", True), ("cond_false", False)):
        export(out, name, cond_mlp,
               {"x": f32(4, 3), "flag": np.array(flag), "w1": f32(3, 5),
                "w2": f32(5, 2)},
               ["x", "w1", "w2"])
    export(out, "rnn", rnn,
           {"x": f32(4, 2, 3), "h0": f32(2, 5), "wx": f32(3, 5),
            "wh": f32(5, 5)},
           ["x", "h0", "wx", "wh"])
    print("exported")


if __name__ == "__main__":
    main()

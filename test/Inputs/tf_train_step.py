"""Exports inference graphs with a loss (weights as named Consts) and
TensorFlow's own training trajectory on them, for checking tgc --train.

    tf_train_step.py OUTDIR   (run with TensorFlow's Python)
      -> NAME.pb                 frozen graph: feeds x, labels; fetches
                                 probs, loss; weights are Const nodes
      NAME_vars                  the weight names, comma-separated
      NAME_in_x.npy, NAME_in_labels.npy
      NAME_OPT_loss_<k>.npy      the loss of step k (1..STEPS), as returned
                                 by the step (before its update)
      NAME_OPT_var_<w>.npy       every weight after STEPS steps
      NAME_OPT_probs.npy         predict's output after STEPS steps
    for NAME in mlp, cnn and OPT in sgd, momentum, adam.

The reference steps run the same function on tf.Variables with Keras's
optimizers (SGD, SGD with momentum, Adam), gradients from
tf.GradientTape.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

STEPS = 4
OPTIMIZERS = {
    "sgd": lambda: tf.keras.optimizers.SGD(learning_rate=0.05),
    "momentum": lambda: tf.keras.optimizers.SGD(learning_rate=0.05,
                                                momentum=0.8),
    "adam": lambda: tf.keras.optimizers.Adam(learning_rate=0.01, beta_1=0.85,
                                             beta_2=0.99, epsilon=1e-6),
}
# The same hyperparameters as tgc options.
FLAGS = {
    "sgd": "--optimizer sgd --learning-rate 0.05",
    "momentum": "--optimizer momentum --learning-rate 0.05 --momentum 0.8",
    "adam": "--optimizer adam --learning-rate 0.01 --beta1 0.85 --beta2 0.99 "
            "--epsilon 1e-6",
}


def mlp(x, labels, w):
    h = tf.nn.relu(tf.matmul(x, w["w1"]) + w["b1"])
    h = tf.tanh(tf.matmul(h, w["w2"]) + w["b2"])
    logits = tf.matmul(h, w["w3"]) + w["b3"]
    return logits


def cnn(x, labels, w):
    h = tf.nn.relu(tf.nn.conv2d(x, w["k1"], 1, "SAME") + w["c1"])
    h = tf.nn.max_pool2d(h, 2, 2, "VALID")
    h = tf.nn.relu(tf.nn.conv2d(h, w["k2"], 2, "SAME") + w["c2"])
    h = tf.reshape(h, [h.shape[0], -1])
    return tf.matmul(h, w["w"]) + w["b"]


def loss_of(logits, labels):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=logits))


def export(out, name, model, weights, x, labels):
    def graph_fn(x, labels):
        w = {k: tf.constant(v, name=k) for k, v in weights.items()}
        logits = model(x, labels, w)
        probs = tf.nn.softmax(logits, name="probs")
        loss = tf.identity(loss_of(logits, labels), name="loss")
        return probs, loss

    spec = [tf.TensorSpec(x.shape, tf.float32, name="x"),
            tf.TensorSpec(labels.shape, tf.int32, name="labels")]
    concrete = tf.function(graph_fn, input_signature=spec)
    graph = concrete.get_concrete_function().graph.as_graph_def()
    with open(os.path.join(out, name + ".pb"), "wb") as f:
        f.write(graph.SerializeToString())
    with open(os.path.join(out, name + "_vars"), "w") as f:
        f.write(",".join(weights) + "\n")
    np.save(os.path.join(out, name + "_in_x.npy"), x)
    np.save(os.path.join(out, name + "_in_labels.npy"), labels)

    for opt_name, make in OPTIMIZERS.items():
        variables = {k: tf.Variable(v) for k, v in weights.items()}
        names = list(variables)
        optimizer = make()
        for step in range(1, STEPS + 1):
            with tf.GradientTape() as tape:
                loss = loss_of(model(x, labels, variables), labels)
            grads = tape.gradient(loss, [variables[k] for k in names])
            optimizer.apply_gradients(zip(grads,
                                          [variables[k] for k in names]))
            np.save(os.path.join(out, "%s_%s_loss_%d.npy"
                                 % (name, opt_name, step)),
                    np.float32(loss.numpy()))
        for k, v in variables.items():
            np.save(os.path.join(out, "%s_%s_var_%s.npy" % (name, opt_name, k)),
                    v.numpy())
        probs = tf.nn.softmax(model(x, labels, variables))
        np.save(os.path.join(out, "%s_%s_probs.npy" % (name, opt_name)),
                probs.numpy())
        with open(os.path.join(out, "%s_%s_flags" % (name, opt_name)),
                  "w") as f:
            f.write(FLAGS[opt_name] + "\n")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(5)
    f32 = lambda *s: rng.normal(0, 0.4, s).astype(np.float32)
    export(out, "mlp", mlp,
           {"w1": f32(6, 16), "b1": f32(16), "w2": f32(16, 12),
            "b2": f32(12), "w3": f32(12, 4), "b3": f32(4)},
           f32(8, 6), rng.integers(0, 4, 8).astype(np.int32))
    export(out, "cnn", cnn,
           {"k1": f32(3, 3, 2, 6), "c1": f32(6), "k2": f32(3, 3, 6, 8),
            "c2": f32(8), "w": f32(2 * 2 * 8, 5), "b": f32(5)},
           f32(4, 8, 8, 2), rng.integers(0, 5, 4).astype(np.int32))
    print("exported")


if __name__ == "__main__":
    main()

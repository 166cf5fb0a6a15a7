#!/usr/bin/env python3
"""Times one compiled train_step against one predict, and TensorFlow's own.

    bench_train.py [--tgc build/bin/tgc] [--tgc-run build/bin/tgc-run]
                   [--runs 200] [--threads 2] [--workdir DIR]

Run with TensorFlow's Python (e.g. ~/.cache/tgc/tf-venv/bin/python). For
two models with batch 32 on 28x28 inputs,

  mlp  784 -> 256 ReLU -> 128 ReLU -> 10, sparse softmax cross-entropy
  cnn  conv 5x5x32 SAME + ReLU, max pool 2, conv 5x5x64 SAME + ReLU,
       max pool 2, dense 1024 ReLU, dense 10 (TensorFlow's MNIST tutorial
       network), sparse softmax cross-entropy

it exports the inference graph with a loss (weights as Consts), compiles it
with `tgc --train --optimizer adam`, and times `tgc-run --entry predict`
and `--entry train_step` (median of --runs runs after one warm-up run).
In the same run, TensorFlow times the same forward pass and the same Adam
step (tf.function, GradientTape, Keras Adam) with the same number of
threads. Prints the medians in milliseconds and the train_step/predict
ratio of each, and tgc's speedup over TensorFlow.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

BATCH = 32


def mlp(x, w):
    h = tf.reshape(x, [BATCH, -1])
    h = tf.nn.relu(tf.matmul(h, w["w1"]) + w["b1"])
    h = tf.nn.relu(tf.matmul(h, w["w2"]) + w["b2"])
    return tf.matmul(h, w["w3"]) + w["b3"]


def cnn(x, w):
    h = tf.nn.relu(tf.nn.conv2d(x, w["k1"], 1, "SAME") + w["c1"])
    h = tf.nn.max_pool2d(h, 2, 2, "VALID")
    h = tf.nn.relu(tf.nn.conv2d(h, w["k2"], 1, "SAME") + w["c2"])
    h = tf.nn.max_pool2d(h, 2, 2, "VALID")
    h = tf.reshape(h, [BATCH, -1])
    h = tf.nn.relu(tf.matmul(h, w["w1"]) + w["b1"])
    return tf.matmul(h, w["w2"]) + w["b2"]


def weights(rng, shapes):
    out = {}
    for name, shape in shapes.items():
        fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
        scale = np.sqrt(2.0 / fan_in) if len(shape) > 1 else 0.0
        out[name] = (rng.normal(0, 1, shape) * scale).astype(np.float32)
    return out


MODELS = {
    "mlp": (mlp, {"w1": (784, 256), "b1": (256,), "w2": (256, 128),
                  "b2": (128,), "w3": (128, 10), "b3": (10,)}),
    "cnn": (cnn, {"k1": (5, 5, 1, 32), "c1": (32,), "k2": (5, 5, 32, 64),
                  "c2": (64,), "w1": (7 * 7 * 64, 1024), "b1": (1024,),
                  "w2": (1024, 10), "b2": (10,)}),
}


def loss_of(logits, labels):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=logits))


def median_ms(fn, runs):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return float(np.median(times))


def tgc_time(args, so, entry, inputs):
    cmd = [args.tgc_run, so, "--entry", entry, "--iterations", str(args.runs),
           "--threads", str(args.threads)]
    for name, path in inputs:
        cmd += ["--input", "%s=%s" % (name, path)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return float(re.search(r"median_ms: (\S+)", out).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tgc", default="build/bin/tgc")
    parser.add_argument("--tgc-run", default="build/bin/tgc-run")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    work = args.workdir or tempfile.mkdtemp(prefix="bench_train_")
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, 28, 28, 1), dtype=np.float32)
    labels = rng.integers(0, 10, BATCH).astype(np.int32)
    np.save(os.path.join(work, "x.npy"), x)
    np.save(os.path.join(work, "labels.npy"), labels)

    print("%-4s %12s %14s %7s %12s %14s %7s %9s %9s" % (
        "", "tgc predict", "tgc train_step", "ratio", "TF predict",
        "TF train_step", "ratio", "predict", "train"))
    for name, (model, shapes) in MODELS.items():
        w = weights(rng, shapes)

        def graph_fn(x, labels):
            consts = {k: tf.constant(v, name=k) for k, v in w.items()}
            logits = model(x, consts)
            tf.nn.softmax(logits, name="probs")
            tf.identity(loss_of(logits, labels), name="loss")
            return logits

        spec = [tf.TensorSpec(x.shape, tf.float32, name="x"),
                tf.TensorSpec(labels.shape, tf.int32, name="labels")]
        graph = tf.function(graph_fn, input_signature=spec) \
            .get_concrete_function().graph.as_graph_def()
        pb = os.path.join(work, name + ".pb")
        with open(pb, "wb") as f:
            f.write(graph.SerializeToString())
        so = os.path.join(work, name + ".so")
        subprocess.run([args.tgc, pb, "--train", "--loss", "loss", "--fetch",
                        "probs", "--variables", ",".join(w), "--optimizer",
                        "adam", "--emit=shared", "-o", so], check=True)
        xin = [("x", os.path.join(work, "x.npy"))]
        lin = [("labels", os.path.join(work, "labels.npy"))]
        tgc_predict = tgc_time(args, so, "predict", xin)
        tgc_train = tgc_time(args, so, "train_step", xin + lin)

        variables = {k: tf.Variable(v) for k, v in w.items()}
        optimizer = tf.keras.optimizers.Adam(learning_rate=0.001)
        xt, lt = tf.constant(x), tf.constant(labels)

        @tf.function
        def tf_predict():
            return tf.nn.softmax(model(xt, variables))

        @tf.function
        def tf_train():
            with tf.GradientTape() as tape:
                loss = loss_of(model(xt, variables), lt)
            grads = tape.gradient(loss, list(variables.values()))
            optimizer.apply_gradients(zip(grads, list(variables.values())))
            return loss

        tf_p = median_ms(lambda: tf_predict().numpy(), args.runs)
        tf_t = median_ms(lambda: tf_train().numpy(), args.runs)
        print("%-4s %9.3f ms %11.3f ms %7.2f %9.3f ms %11.3f ms %7.2f %8.2fx %8.2fx"
              % (name, tgc_predict, tgc_train, tgc_train / tgc_predict, tf_p,
                 tf_t, tf_t / tf_p, tf_p / tgc_predict, tf_t / tgc_train))
        sys.stdout.flush()


if __name__ == "__main__":
    main()

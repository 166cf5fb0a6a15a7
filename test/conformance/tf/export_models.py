"""Exports the TF-exported conformance corpus with TensorFlow itself.

    python export_models.py OUTDIR [--only a,b] [--seed N] [--iterations N]
                                   [--no-timing]

For each model it builds the network with seeded random weights
(keras.applications with weights=None, recurrent nets, a transformer
encoder, a tf.function with tf.cond), traces it for batch 1 with a fixed
input signature, freezes the variables to constants without lowering the
functional control flow (While/If stay While/If), and writes

  OUTDIR/NAME/model.pb           frozen GraphDef
  OUTDIR/NAME/inputs/*.npy       seeded random inputs, inputs.json
  OUTDIR/NAME/reference/*.npy    TensorFlow's outputs, one per fetch
  OUTDIR/NAME/meta.json          feeds, fetches, TF latencies (graph mode
                                 and XLA jit_compile, median ms)

Run it with the TensorFlow of scripts/setup-tensorflow.sh; nothing it writes
is committed.  A model whose files are already there is not exported again
(delete its directory to redo it).
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.framework import convert_to_constants  # noqa: E402

keras = tf.keras


def randomize_batch_norm(model, rng):
    """Random moving statistics and affine parameters, so that inference
    batch normalisation is not the identity it is right after init."""
    for layer in model.layers if hasattr(model, "layers") else []:
        if isinstance(layer, keras.layers.BatchNormalization):
            weights = []
            for w in layer.weights:
                name = w.name.split("/")[-1].split(":")[0]
                shape = tuple(w.shape)
                if "gamma" in name:
                    v = rng.uniform(0.5, 1.5, shape)
                elif "beta" in name:
                    v = rng.normal(0.0, 0.1, shape)
                elif "mean" in name:
                    v = rng.normal(0.0, 0.1, shape)
                elif "var" in name:
                    v = rng.uniform(0.5, 1.5, shape)
                else:
                    v = w.numpy()
                weights.append(np.asarray(v, np.float32))
            layer.set_weights(weights)


def application(ctor, size=224):
    def build(rng):
        model = ctor(weights=None, input_shape=(size, size, 3))
        randomize_batch_norm(model, rng)
        spec = [tf.TensorSpec([1, size, size, 3], tf.float32, name="image")]
        inputs = [rng.uniform(0.0, 1.0, (1, size, size, 3))]
        return (lambda image: model(image, training=False)), spec, inputs
    return build


def recurrent(layer_type):
    def build(rng):
        model = keras.Sequential([
            keras.Input((16, 8)),
            layer_type(32, return_sequences=True),
            layer_type(24),
            keras.layers.Dense(4),
        ])
        spec = [tf.TensorSpec([1, 16, 8], tf.float32, name="sequence")]
        inputs = [rng.normal(0.0, 1.0, (1, 16, 8))]
        return (lambda sequence: model(sequence, training=False)), spec, inputs
    return build


def transformer_encoder(rng):
    tokens, width, heads = 16, 32, 4
    x = keras.Input((tokens, width))
    attention = keras.layers.MultiHeadAttention(num_heads=heads,
                                                key_dim=width // heads)(x, x)
    h = keras.layers.LayerNormalization(epsilon=1e-6)(x + attention)
    f = keras.layers.Dense(64, activation="gelu")(h)
    f = keras.layers.Dense(width)(f)
    y = keras.layers.LayerNormalization(epsilon=1e-6)(h + f)
    model = keras.Model(x, y)
    spec = [tf.TensorSpec([1, tokens, width], tf.float32, name="tokens")]
    inputs = [rng.normal(0.0, 1.0, (1, tokens, width))]
    return (lambda tokens: model(tokens, training=False)), spec, inputs


def conditional(rng):
    w1 = tf.constant(rng.normal(0, 0.5, (8, 8)), tf.float32)
    w2 = tf.constant(rng.normal(0, 0.5, (8, 8)), tf.float32)

    def f(x, gate):
        y = tf.cond(gate > 0.0,
                    lambda: tf.nn.relu(tf.matmul(x, w1)),
                    lambda: tf.tanh(tf.matmul(x, w2)) - 1.0)
        return tf.reduce_sum(y, axis=1)

    spec = [tf.TensorSpec([4, 8], tf.float32, name="x"),
            tf.TensorSpec([], tf.float32, name="gate")]
    inputs = [rng.normal(0.0, 1.0, (4, 8)), np.float32(0.5)]
    return f, spec, inputs


def conditional_else(rng):
    f, spec, inputs = conditional(rng)
    return f, spec, [inputs[0], np.float32(-0.5)]


MODELS = {
    "mobilenet_v2": application(keras.applications.MobileNetV2),
    "mobilenet_v3_small": application(keras.applications.MobileNetV3Small),
    "resnet50": application(keras.applications.ResNet50),
    "efficientnet_b0": application(keras.applications.EfficientNetB0),
    "densenet121": application(keras.applications.DenseNet121),
    # Larger graphs for bench/compile and bench/peers (not in run.py's
    # default list).
    "mobilenet_v1": application(keras.applications.MobileNet),
    "nasnet_mobile": application(keras.applications.NASNetMobile),
    "xception": application(keras.applications.Xception, 299),
    "inception_v3": application(keras.applications.InceptionV3, 299),
    "lstm": recurrent(keras.layers.LSTM),
    "gru": recurrent(keras.layers.GRU),
    "transformer_encoder": transformer_encoder,
    "cond_then": conditional,
    "cond_else": conditional_else,
}


def median_ms(fn, args, iterations):
    fn(*args)  # warm-up (and XLA compilation)
    times = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        outs = fn(*args)
        for o in tf.nest.flatten(outs):
            o.numpy()
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times))


def export(name, out, seed, iterations, timing):
    work = os.path.join(out, name)
    if os.path.exists(os.path.join(work, "meta.json")):
        return
    rng = np.random.default_rng(seed + sum(map(ord, name)))
    keras.utils.set_random_seed(seed)
    fn, spec, raw_inputs = MODELS[name](rng)
    inputs = [np.asarray(v, np.float32) for v in raw_inputs]
    concrete = tf.function(fn, input_signature=spec).get_concrete_function()
    frozen = convert_to_constants.convert_variables_to_constants_v2(
        concrete, lower_control_flow=False)
    graph = frozen.graph.as_graph_def()
    feeds = [t.name.split(":")[0] for t in frozen.inputs]
    fetches = [t.name.split(":")[0] if t.name.endswith(":0") else t.name
               for t in frozen.outputs]
    os.makedirs(os.path.join(work, "inputs"), exist_ok=True)
    os.makedirs(os.path.join(work, "reference"), exist_ok=True)
    with open(os.path.join(work, "model.pb"), "wb") as f:
        f.write(graph.SerializeToString())
    feed_list = []
    for i, (feed, value) in enumerate(zip(feeds, inputs)):
        fname = "in%d_%s.npy" % (i, feed)
        np.save(os.path.join(work, "inputs", fname), value)
        feed_list.append({"name": feed, "file": fname,
                          "shape": list(value.shape)})
    tensors = [tf.constant(v) for v in inputs]
    outs = tf.nest.flatten(frozen(*tensors))
    fetch_list = []
    for fetch, value in zip(fetches, outs):
        fname = fetch.replace("/", "_").replace(":", "_") + ".npy"
        np.save(os.path.join(work, "reference", fname), value.numpy())
        fetch_list.append({"name": fetch, "file": fname})
    meta = {"feeds": feed_list, "fetches": fetch_list,
            "ops": sorted({n.op for n in graph.node} |
                          {n.op for f in graph.library.function
                           for n in f.node_def}),
            # The frozen constants: weights and any other Const tensors.
            "weight_bytes": int(sum(
                tf.make_ndarray(n.attr["value"].tensor).nbytes
                for n in graph.node if n.op == "Const") + sum(
                tf.make_ndarray(n.attr["value"].tensor).nbytes
                for fn in graph.library.function for n in fn.node_def
                if n.op == "Const")),
            "tf_ms": None, "xla_ms": None}
    if timing:
        meta["tf_ms"] = median_ms(concrete, tensors, iterations)
        xla = tf.function(fn, input_signature=spec, jit_compile=True)
        try:
            meta["xla_ms"] = median_ms(xla, tensors, iterations)
        except Exception as e:  # report, do not hide the other numbers
            meta["xla_error"] = str(e).splitlines()[0][:200]
    with open(os.path.join(work, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--only", default="")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--iterations", type=int, default=10)
    p.add_argument("--no-timing", dest="timing", action="store_false")
    args = p.parse_args()
    names = [n for n in args.only.split(",") if n] or list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit("export_models.py: unknown models: " + ", ".join(unknown))
    for name in names:
        t0 = time.time()
        export(name, args.out, args.seed, args.iterations, args.timing)
        print("%s: %.1f s" % (name, time.time() - t0), file=sys.stderr,
              flush=True)


if __name__ == "__main__":
    main()

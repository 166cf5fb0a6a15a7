import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf

import tgc

rng = np.random.default_rng(0)
w = tf.constant(rng.normal(size=(3, 4)).astype(np.float32))


@tf.function(input_signature=[tf.TensorSpec([2, 3], tf.float32, name="x")])
def f(x):
    return tf.nn.relu(tf.matmul(x, w)) + 1.0


x = rng.normal(size=(2, 3)).astype(np.float32)
model = tgc.compile(f)
print("tf.function: feeds", [s["name"] for s in model.signature["feeds"]],
      "match", np.allclose(model(x=x), f(x).numpy(), atol=1e-5))

tf.keras.utils.set_random_seed(0)
inputs = tf.keras.Input((8, 8, 3), name="image")
h = tf.keras.layers.Conv2D(4, 3, activation="relu")(inputs)
h = tf.keras.layers.GlobalAveragePooling2D()(h)
outputs = tf.keras.layers.Dense(5, activation="softmax")(h)
keras_model = tf.keras.Model(inputs, outputs)
image = rng.random((1, 8, 8, 3), dtype=np.float32)
compiled = tgc.compile(keras_model)
print("keras: feeds", [s["name"] for s in compiled.signature["feeds"]],
      "match", np.allclose(compiled(image=image),
                           keras_model(image).numpy(), atol=1e-5))
batch = rng.random((4, 8, 8, 3), dtype=np.float32)
compiled4 = tgc.compile(keras_model, feeds={"image": (4, 8, 8, 3)})
out = compiled4(image=batch)
print("keras batch 4:", out.shape, "match",
      np.allclose(out, keras_model(batch).numpy(), atol=1e-5))

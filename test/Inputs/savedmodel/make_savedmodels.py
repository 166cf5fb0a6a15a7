"""Writes the SavedModel test inputs of test/Frontend/savedmodel.test.

Run with TensorFlow 2.21: python make_savedmodels.py (the test uses mlp, cnn, lstm and two_signatures). Prints, for each
model, the output TensorFlow computes on the input the test feeds.
"""
import numpy as np
import tensorflow as tf
import keras

keras.utils.set_random_seed(0)
x4 = np.arange(8, dtype=np.float32).reshape(2, 4) / 10
mlp = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
                        keras.layers.Dense(2)])
mlp.export("mlp")
print("mlp", mlp(x4).numpy().tolist())

img = (np.arange(2 * 6 * 6 * 2, dtype=np.float32).reshape(2, 6, 6, 2) % 7) / 7
cnn = keras.Sequential([keras.Input((6, 6, 2)), keras.layers.Conv2D(3, 3),
                        keras.layers.BatchNormalization(), keras.layers.ReLU(),
                        keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(2)])
# Non-trivial batch-norm statistics.
cnn.layers[1].moving_mean.assign([0.1, -0.2, 0.3])
cnn.layers[1].moving_variance.assign([0.5, 2.0, 1.5])
cnn.export("cnn")
print("cnn", cnn(img, training=False).numpy().tolist())

seq = (np.arange(2 * 5 * 3, dtype=np.float32).reshape(2, 5, 3) % 7) / 7 - 0.4
# Saved with a fixed batch: the loop's lists need a static element shape
# (model.export would trace with an unknown batch).
lstm = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4)])


class Recurrent(tf.Module):
    def __init__(self, model):
        self.model = model

    @tf.function(input_signature=[tf.TensorSpec([2, 5, 3], tf.float32, name="seq")])
    def serve(self, seq):
        return {"h": self.model(seq)}


recurrent = Recurrent(lstm)
tf.saved_model.save(recurrent, "lstm", signatures={"serving_default": recurrent.serve})
print("lstm", lstm(seq).numpy().tolist())


class Module(tf.Module):
    def __init__(self):
        self.w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
        self.b = tf.Variable([0.5, -0.5], name="b")

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32, name="x")])
    def f(self, x):
        return {"y": tf.matmul(x, self.w) + self.b}

    @tf.function(input_signature=[tf.TensorSpec([3], tf.float32, name="v")])
    def g(self, v):
        return {"s": tf.reduce_sum(v) * self.b[0]}


module = Module()
tf.saved_model.save(module, "two_signatures",
                    signatures={"serving_default": module.f, "sum": module.g})
print("two_signatures", module.f(tf.constant([[1.0, 1.0]]))["y"].numpy().tolist(),
      module.g(tf.constant([1.0, 2.0, 3.0]))["s"].numpy().tolist())

"""The tgc Python package against the tools of this build.

Run by python-api.test with TGC_COMPILER and TGC_LIBTGRT set; prints one
line per check, which the test matches.
"""
import os
import sys
import tempfile

import numpy as np

import tgc

ROOT = sys.argv[1]
MLP = os.path.join(ROOT, "examples", "mnist_mlp", "mnist_mlp.pb")
TRAIN = os.path.join(ROOT, "examples", "train_mlp", "train_mlp.pbtxt")
TINY = os.path.join(ROOT, "test", "Inputs", "mlp.pbtxt")

# A path, feeds as {name: shape}, fetches by name.
model = tgc.compile(MLP, feeds={"x": (1, 784)}, fetches=["probs"])
print("model:", model)
print("signature feeds:", model.signature["feeds"])
x = np.random.default_rng(0).random((1, 784), dtype=np.float32)
probs = model(x=x)
print("probs:", probs.dtype, probs.shape, "sum %.4f" % probs.sum())

# The same graph as bytes and as a reloaded library computes the same.
with open(MLP, "rb") as f:
    again = tgc.compile(f.read(), feeds={"x": (1, 784)}, fetches=["probs"])
print("bytes input equal:", np.array_equal(again(x=x), probs))
with tempfile.TemporaryDirectory() as work:
    kept = tgc.compile(MLP, feeds={"x": (1, 784)}, fetches=["probs"],
                       workdir=work)
    loaded = tgc.load(os.path.join(work, "model.so"))
    print("load equal:", np.array_equal(loaded(x=x), kept(x=x)))
    del kept, loaded

# Errors carry tgc's and the runtime's messages.
try:
    tgc.compile(MLP, fetches=["prob"])
except tgc.CompileError as e:
    print("CompileError:", e.message)
try:
    model(x=np.zeros((2, 784), np.float32))
except tgc.TgrtError as e:
    print("TgrtError:", e.message)
try:
    model(y=x)
except tgc.TgrtError as e:
    print("TgrtError:", e.message)

# Several fetches come back as a dict.
tiny = tgc.compile(TINY, fetches=["probs", "dense/Relu"])
out = tiny(x=np.ones((2, 3), np.float32))
print("fetches:", sorted(out), [out[k].shape for k in sorted(out)])

# Training: predict and train_step entries, variables as arrays,
# checkpoints.
weights = ["dense1/kernel", "dense1/bias", "dense2/kernel", "dense2/bias",
           "logits/kernel", "logits/bias"]
trainer = tgc.compile(TRAIN, fetches=["probs"], train={
    "loss": "loss", "variables": weights, "optimizer": "adam",
    "learning_rate": 0.01})
print("entries:", trainer.entries)
print("variables:", list(trainer.variables))
sig = {f["name"]: f for f in trainer.signature["feeds"]}
rng = np.random.default_rng(1)
bx = rng.random(sig["x"]["shape"], dtype=np.float32)
by = rng.integers(0, 10, sig["labels"]["shape"]).astype(
    np.dtype(sig["labels"]["dtype"]))
losses = [float(trainer.train_step(x=bx, labels=by)) for _ in range(20)]
print("loss falls:", losses[-1] < losses[0])
with tempfile.TemporaryDirectory() as work:
    checkpoint = os.path.join(work, "w.ckpt")
    trainer.save(checkpoint)
    before = trainer.variables["logits/bias"]
    trainer.variables["logits/bias"] = np.zeros_like(before)
    print("variable written:", not trainer.variables["logits/bias"].any())
    trainer.restore(checkpoint)
    print("restored:", np.array_equal(trainer.variables["logits/bias"],
                                      before))
try:
    trainer.variables["logits/bias"] = np.zeros((4,), np.float32)
except tgc.TgrtError as e:
    print("TgrtError:", e.message)
print("predict:", trainer.predict(x=bx).shape)

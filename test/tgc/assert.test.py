"""Runs a compiled Assert in one session: pass, fail, pass (assert.test)."""
import sys

import numpy as np

import tgc

model = tgc.load(sys.argv[1])
for x in ([1, 2, 3], [1, -2, 3], [1, 2, 3]):
    try:
        out = model(x=np.array(x, np.float32))
        print("pass: y", out["y"], "runs", out["runs"])
    except tgc.TgrtError as e:
        print("fail:", e.message)

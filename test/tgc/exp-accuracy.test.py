"""Inputs and the check of exp-accuracy.test."""
import sys

import numpy as np

mode, folder = sys.argv[1], sys.argv[2]
special = np.array([0.0, -0.0, 88.72, 88.73, 100.0, -103.9, -104.0, -200.0,
                    np.inf, -np.inf, np.nan], np.float32)
if mode == "write":
    x = np.concatenate([np.linspace(-104.0, 89.0, 20000, dtype=np.float32),
                        special])
    np.save(folder + "/x.npy", x)
    sys.exit(0)
x = np.load(folder + "/x.npy")
y = np.load(folder + "/out/y.npy")
with np.errstate(over="ignore"):
    want = np.exp(x.astype(np.float64)).astype(np.float32)
tiny = np.finfo(np.float32).tiny
normal = np.isfinite(want) & np.isfinite(x) & (want >= tiny)
# ulps apart: distance in the ordered integer encoding of positive floats.
ulps = np.abs(y[normal].view(np.int32).astype(np.int64) -
              want[normal].view(np.int32).astype(np.int64))
print("max ulp error (normal results) %d" % ulps.max())
# Below the normal range (x < -87.34) the approximation flushes to zero
# where expf returns subnormal numbers: an absolute error below 2^-126.
below = np.isfinite(x) & (want < tiny)
print("below the normal range: max abs error %s 2^-126" %
      ("<" if np.abs(y[below].astype(np.float64) - want[below]).max() < tiny
       else ">="))
n = len(special)
got = y[-n:]
ok = (np.isnan(got[-1]) and got[-2] == 0.0 and got[-3] == np.inf and
      got[0] == 1.0 and got[1] == 1.0 and got[3] == np.inf and
      got[4] == np.inf and got[6] >= 0.0 and got[7] == 0.0)
print("special values ok" if ok else "special values WRONG: %s" % got)

#!/usr/bin/env python3
"""Compares a tgc training run with TensorFlow's (see tf_train_step.py).

    check_training.py DIR NAME OPT TOLERANCE

Reads DIR/steps_NAME_OPT.txt (tgc-run --steps output: "step k: loss=V"),
DIR/vars_NAME_OPT/<w>.npy (--variables-out) and DIR/out_NAME_OPT/probs.npy
(predict after restoring the trained checkpoint) and compares them with
TensorFlow's NAME_OPT_loss_<k>.npy, NAME_OPT_var_<w>.npy and
NAME_OPT_probs.npy: every element within TOLERANCE relative to the largest
magnitude of the reference array (and 1e-6 absolute). Prints one line
"match NAME OPT: ..." or the first difference, and exits 0 or 1.
"""

import os
import re
import sys

import numpy as np


def main(argv):
    directory, name, opt, tolerance = argv[1], argv[2], argv[3], float(argv[4])
    path = lambda *p: os.path.join(directory, *p)
    with open(path("steps_%s_%s.txt" % (name, opt))) as f:
        losses = [float(m.group(1)) for m in
                  re.finditer(r"^step \d+: loss=(\S+)$", f.read(), re.M)]
    expected_losses = []
    while os.path.exists(path("%s_%s_loss_%d.npy"
                              % (name, opt, len(expected_losses) + 1))):
        expected_losses.append(float(np.load(path(
            "%s_%s_loss_%d.npy" % (name, opt, len(expected_losses) + 1)))))
    if len(losses) != len(expected_losses) or not losses:
        print("MISMATCH %s %s: %d step losses, expected %d"
              % (name, opt, len(losses), len(expected_losses)))
        return 1
    worst = 0.0
    for k, (a, e) in enumerate(zip(losses, expected_losses), 1):
        err = abs(a - e) / max(abs(e), 1.0)
        worst = max(worst, err)
        if err > tolerance:
            print("MISMATCH %s %s: loss of step %d is %g, expected %g"
                  % (name, opt, k, a, e))
            return 1
    with open(path(name + "_vars")) as f:
        weights = f.read().strip().split(",")
    pairs = [(path("vars_%s_%s" % (name, opt), w + ".npy"),
              path("%s_%s_var_%s.npy" % (name, opt, w)), w) for w in weights]
    pairs.append((path("out_%s_%s" % (name, opt), "probs.npy"),
                  path("%s_%s_probs.npy" % (name, opt)), "probs"))
    for actual_path, expected_path, what in pairs:
        actual = np.load(actual_path)
        expected = np.load(expected_path)
        if actual.shape != expected.shape or actual.dtype != expected.dtype:
            print("MISMATCH %s %s: %s is %s %s, expected %s %s"
                  % (name, opt, what, actual.dtype, actual.shape,
                     expected.dtype, expected.shape))
            return 1
        scale = max(float(np.max(np.abs(expected))), 1e-30)
        err = float(np.max(np.abs(actual.astype(np.float64) - expected)))
        if err > tolerance * scale + 1e-6:
            print("MISMATCH %s %s: %s differs by %g (scale %g)"
                  % (name, opt, what, err, scale))
            return 1
        worst = max(worst, err / scale)
    print("match %s %s: %d steps, %d variables, max relative error %.1e"
          % (name, opt, len(losses), len(weights), worst))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

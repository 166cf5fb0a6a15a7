#!/usr/bin/env python3
"""Runs models compiled with `tgc --target=cuda --emit=shared` on tgrt's
fake CUDA driver (test/unit/runtime/fake_cuda_driver.cpp).

The fake driver has host memory for device memory and kernels that do
nothing, so the outputs mean nothing; what this checks is the host side:
a session is created (PTX loaded, every kernel found by name, constants
and buffers allocated), and every launch passes exactly the parameters the
kernel's PTX declares (FAKE_CUDA_CHECK_PARAMS=1), for every kernel the
model launches. Prints `ran MODEL (N kernels)` or `FAILED MODEL: why`.

usage: fake_cuda_run.py --tgc-run TGC_RUN --driver LIB --workdir DIR MODEL.so...
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tgc-run", dest="tgc_run", required=True)
    p.add_argument("--driver", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("models", nargs="+")
    args = p.parse_args()
    env = dict(os.environ, TGRT_CUDA_DRIVER=args.driver,
               FAKE_CUDA_CHECK_PARAMS="1")
    failed = 0
    for so in args.models:
        name = os.path.splitext(os.path.basename(so))[0]
        sig = subprocess.run([args.tgc_run, so, "--signature"],
                             capture_output=True, text=True)
        if sig.returncode != 0:
            print("FAILED %s: --signature: %s" % (name, sig.stderr.strip()))
            failed += 1
            continue
        signature = json.loads(sig.stdout)
        cmd = [args.tgc_run, so]
        for i, feed in enumerate(signature["feeds"]):
            path = os.path.join(args.workdir, "%s.in%d.npy" % (name, i))
            np.save(path, np.zeros(feed["shape"], dtype=feed["dtype"]))
            cmd += ["--input", "%s=%s" % (feed["name"], path)]
        run = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if run.returncode != 0:
            print("FAILED %s: %s" % (name, run.stderr.strip()))
            failed += 1
            continue
        print("ran %s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

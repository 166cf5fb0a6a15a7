#!/usr/bin/env python3
"""Conformance harness, second corpus: graphs exported from TensorFlow 2.21.

For every model of export_models.py (keras.applications MobileNetV2,
MobileNetV3Small, ResNet50, EfficientNetB0, DenseNet121 with seeded random
weights; an LSTM and a GRU (TF2 while loops); a transformer encoder; a
tf.function with tf.cond, run down both branches):
  1. export_models.py, run with TensorFlow's Python (--tf-python), freezes
     the model to a GraphDef and writes seeded inputs, TensorFlow's outputs
     and TensorFlow's own latency in graph mode and with XLA (jit_compile)
     into WORKDIR/NAME (skipped when already there)
  2. tgc model.pb --feed NAME:SHAPE... --fetch ... --emit=shared
  3. tgc-run model.so --input ... --iterations N (outputs, median latency)
  4. every fetch compared: pass iff |tgc - tf| <= atol + rtol * |tf|

Prints a table and a last line `N passed, N failed`; exits 1 if any model
failed.  Run with --jobs 1 (the default) when the latencies matter.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import run as harness  # noqa: E402

MODELS = ["mobilenet_v2", "mobilenet_v3_small", "resnet50", "efficientnet_b0",
          "densenet121", "lstm", "gru", "transformer_encoder", "cond_then",
          "cond_else"]


def feed_spec(feed):
    shape = feed["shape"]
    dims = "x".join(str(d) for d in shape) if shape else "scalar"
    return "%s:%s" % (feed["name"], dims)


def check_model(name, args):
    work = os.path.join(args.workdir, name)
    r = {"model": name, "status": "FAIL", "outputs": 0, "max_abs": None,
         "max_rel": None, "ms": None, "tf_ms": None, "xla_ms": None,
         "compile_s": None, "so_mb": None, "weight_mb": None, "detail": ""}
    meta_path = os.path.join(work, "meta.json")
    if not os.path.exists(meta_path):
        rc, out, err = harness.run(
            [args.tf_python, os.path.join(HERE, "export_models.py"),
             args.workdir, "--only", name, "--iterations",
             str(args.tf_iterations)], args.timeout)
        if rc != 0 or not os.path.exists(meta_path):
            r["status"] = "EXPORT-FAIL"
            r["detail"] = harness.first_error_line(err + out)
            return r
    with open(meta_path) as f:
        meta = json.load(f)
    r["tf_ms"], r["xla_ms"] = meta.get("tf_ms"), meta.get("xla_ms")
    r["weight_mb"] = meta.get("weight_bytes", 0) / 1e6
    r["outputs"] = len(meta["fetches"])

    so = os.path.join(work, "model.so")
    cmd = [args.tgc, os.path.join(work, "model.pb"), "--emit=shared", "-o", so]
    cmd += args.tgc_args
    for feed in meta["feeds"]:
        cmd += ["--feed", feed_spec(feed)]
    for fetch in meta["fetches"]:
        cmd += ["--fetch", fetch["name"]]
    t0 = time.time()
    rc, out, err = harness.run(cmd, args.timeout)
    r["compile_s"] = time.time() - t0
    if rc != 0 or not os.path.exists(so):
        r["status"] = "COMPILE-FAIL"
        r["detail"] = harness.first_error_line(err + out)
        return r
    r["so_mb"] = os.path.getsize(so) / 1e6

    out_dir = os.path.join(work, "tgc")
    cmd = [args.tgc_run, so, "--output-dir", out_dir, "--iterations",
           str(args.iterations)]
    for feed in meta["feeds"]:
        cmd += ["--input", "%s=%s" % (feed["name"],
                                      os.path.join(work, "inputs", feed["file"]))]
    rc, out, err = harness.run(cmd, args.timeout)
    if rc != 0:
        r["status"] = "RUN-FAIL"
        r["detail"] = harness.first_error_line(err + out)
        return r
    r["ms"] = harness.median_ms(out + err)

    ok_all, max_abs, max_rel, bad = True, 0.0, 0.0, []
    for fetch in meta["fetches"]:
        try:
            got = np.load(os.path.join(out_dir, harness.sanitize(fetch["name"])
                                       + ".npy"))
            ref = np.load(os.path.join(work, "reference", fetch["file"]))
        except (OSError, ValueError) as e:
            ok_all = False
            bad.append("%s: missing: %s" % (fetch["name"], e))
            continue
        ok, a, rl, why = harness.compare(got, ref, args.atol, args.rtol)
        max_abs, max_rel = max(max_abs, a), max(max_rel, rl)
        if not ok:
            ok_all = False
            bad.append("%s: %s (max abs %.3g, max rel %.3g)"
                       % (fetch["name"], why, a, rl))
    r["max_abs"], r["max_rel"] = max_abs, max_rel
    r["status"] = "PASS" if ok_all else "MISMATCH"
    r["detail"] = "; ".join(bad)
    return r


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", default="", help="comma-separated model names")
    p.add_argument("--workdir",
                   default=os.path.join(harness.CACHE, "conformance-tf"))
    p.add_argument("--tgc", default=harness.default_tool("tgc"))
    p.add_argument("--tgc-run", dest="tgc_run",
                   default=harness.default_tool("tgc-run"))
    p.add_argument("--tf-python", dest="tf_python",
                   default=os.environ.get("TGC_TF_PYTHON", os.path.join(
                       harness.CACHE, "tf-venv", "bin", "python")))
    p.add_argument("--atol", type=float, default=1e-4)
    p.add_argument("--rtol", type=float, default=1e-3)
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--tf-iterations", dest="tf_iterations", type=int,
                   default=10)
    p.add_argument("--timeout", type=int, default=900)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--tgc-arg", dest="tgc_args", action="append", default=[],
                   help="an extra tgc option, e.g. --tgc-arg=--target=cuda "
                        "(repeatable)")
    args = p.parse_args()

    models = [m for m in args.only.split(",") if m] or MODELS
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        sys.exit("run.py: unknown models: " + ", ".join(unknown))
    if not os.path.exists(args.tf_python):
        sys.exit("run.py: no TensorFlow Python at %s (run "
                 "scripts/setup-tensorflow.sh)" % args.tf_python)
    os.makedirs(args.workdir, exist_ok=True)

    results = {}
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as ex:
        futs = {ex.submit(check_model, m, args): m for m in models}
        for fut in concurrent.futures.as_completed(futs):
            m = futs[fut]
            try:
                r = fut.result()
            except Exception as e:  # a harness bug must not hide the others
                r = {"model": m, "status": "ERROR", "outputs": 0,
                     "detail": repr(e)}
            results[m] = r
            print("[%d/%d] %-22s %s" % (len(results), len(models), m,
                                         r["status"]), file=sys.stderr,
                  flush=True)

    rows = [results[m] for m in models]
    f, ms, ratio = harness.fmt, harness.fmt_ms, harness.ratio
    return harness.print_report(rows, [
        ("max abs err", lambda r: f(r.get("max_abs"), ".3g")),
        ("max rel err", lambda r: f(r.get("max_rel"), ".3g")),
        ("tgc ms", lambda r: ms(r.get("ms"))),
        ("TF ms", lambda r: ms(r.get("tf_ms"))),
        ("XLA ms", lambda r: ms(r.get("xla_ms"))),
        ("TF/tgc", lambda r: f(ratio(r.get("tf_ms"), r.get("ms")), ".2f")),
        ("XLA/tgc", lambda r: f(ratio(r.get("xla_ms"), r.get("ms")), ".2f")),
        ("compile s", lambda r: f(r.get("compile_s"), ".2f")),
        (".so MB", lambda r: f(r.get("so_mb"), ".1f")),
        ("weight MB", lambda r: f(r.get("weight_mb"), ".2f")),
    ], args.atol, args.rtol)


if __name__ == "__main__":
    sys.exit(main())

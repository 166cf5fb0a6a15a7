#!/usr/bin/env python3
"""Run-time latency of two tgc builds on the same models, in one run.

    bench/latency/compare_builds.py --a OLD/bin --b NEW/bin
        [--corpus tfjs,tf] [--only m1,m2] [--rounds 3] [--seconds 0.5]

Both builds compile every model of the TF.js corpus and of the TF-exported
corpus (the conformance harnesses' work folders must exist: run
test/conformance/run.py and test/conformance/tf/run.py first, which also
write the seeded inputs); then each model is timed with each build's
tgc-run in alternating order (A B B A ...), `--rounds` times, each time
for about `--seconds`, so that drift of the machine's speed falls on both
builds alike. Prints, per model, each build's median of the per-round
medians, the ratio B/A and the largest difference between the two builds'
outputs, and the geometric mean of the ratios. One thread per model run
(tgc-run --threads 1) unless --threads says otherwise.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import time

import numpy as np

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "tgc")


def run(cmd, timeout=1800):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


def models(args):
    """(name, compile arguments after the graph, graph, [(feed, file)])."""
    out = []
    if "tfjs" in args.corpus:
        for name in sorted(os.listdir(args.tfjs_workdir)):
            inputs = os.path.join(args.tfjs_workdir, name, "inputs",
                                  "inputs.json")
            graph = os.path.join(args.tfjs_models, name + ".json")
            if not (os.path.exists(inputs) and os.path.exists(graph)):
                continue
            feeds = [(f["name"], os.path.join(os.path.dirname(inputs), f["file"]))
                     for f in json.load(open(inputs))]
            out.append((name, graph, [], feeds))
    if "tf" in args.corpus:
        for name in sorted(os.listdir(args.tf_workdir)):
            meta_path = os.path.join(args.tf_workdir, name, "meta.json")
            if not os.path.exists(meta_path):
                continue
            meta = json.load(open(meta_path))
            work = os.path.dirname(meta_path)
            extra = []
            for f in meta["feeds"]:
                dims = "x".join(str(d) for d in f["shape"]) or "scalar"
                extra += ["--feed", "%s:%s" % (f["name"], dims)]
            for f in meta["fetches"]:
                extra += ["--fetch", f["name"]]
            feeds = [(f["name"], os.path.join(work, "inputs", f["file"]))
                     for f in meta["feeds"]]
            out.append(("tf/" + name, os.path.join(work, "model.pb"), extra,
                        feeds))
    if args.only:
        keep = set(args.only.split(","))
        out = [m for m in out if m[0] in keep or m[0].split("/")[-1] in keep]
    return out


def median_ms(text):
    m = re.search(r"median_ms:\s*([0-9.]+)", text)
    return float(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--a", required=True, help="bin folder of build A (tgc, tgc-run)")
    ap.add_argument("--b", required=True, help="bin folder of build B")
    ap.add_argument("--corpus", default="tfjs,tf")
    ap.add_argument("--only", default="")
    ap.add_argument("--tfjs-workdir", default=os.path.join(CACHE, "conformance"))
    ap.add_argument("--tfjs-models", default=os.path.join(
        CACHE, "human-models-3.0.4", "models"))
    ap.add_argument("--tf-workdir", default=os.path.join(CACHE, "conformance-tf"))
    ap.add_argument("--out", default=os.path.join(CACHE, "compare-builds"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", help="also write the rows as JSON here")
    args = ap.parse_args()
    args.corpus = args.corpus.split(",")

    rows = []
    todo = models(args)
    if not todo:
        sys.exit("compare_builds: no models (run the conformance harnesses first)")
    for i, (name, graph, extra, feeds) in enumerate(todo):
        work = os.path.join(args.out, name.replace("/", "_"))
        os.makedirs(work, exist_ok=True)
        row = {"model": name}
        libs = {}
        for tag, bindir in (("a", args.a), ("b", args.b)):
            so = os.path.join(work, tag + ".so")
            t0 = time.time()
            rc, out = run([os.path.join(bindir, "tgc"), graph, "--emit=shared",
                           "-o", so] + extra)
            row["compile_" + tag] = time.time() - t0
            if rc != 0:
                row["error"] = "%s: compile failed: %s" % (tag, out.strip().splitlines()[-1:])
                break
            libs[tag] = so
        if "error" in row:
            rows.append(row)
            print("[%d/%d] %s: %s" % (i + 1, len(todo), name, row["error"]),
                  file=sys.stderr)
            continue
        inputs = []
        for feed, path in feeds:
            inputs += ["--input", "%s=%s" % (feed, path)]

        def tgc_run(tag, *more):
            return run([os.path.join(args.a if tag == "a" else args.b, "tgc-run"),
                        libs[tag], "--threads", str(args.threads)] + inputs +
                       list(more))

        # Outputs of both builds.
        outs = {}
        for tag in ("a", "b"):
            d = os.path.join(work, "out_" + tag)
            rc, out = tgc_run(tag, "--output-dir", d)
            if rc != 0:
                row["error"] = "%s: run failed: %s" % (tag, out.strip()[-200:])
                break
            outs[tag] = {f: np.load(os.path.join(d, f)) for f in sorted(os.listdir(d))}
        if "error" in row:
            rows.append(row)
            continue
        diff = 0.0
        for f, va in outs["a"].items():
            vb = outs["b"].get(f)
            if vb is None or va.shape != vb.shape:
                diff = float("inf")
                continue
            if va.size and np.issubdtype(va.dtype, np.number):
                diff = max(diff, float(np.max(np.abs(va.astype(np.float64) -
                                                     vb.astype(np.float64)))))
        row["max_abs_diff"] = diff

        # Iterations for about --seconds per measurement.
        rc, out = tgc_run("b", "--iterations", "3")
        est = median_ms(out) or 1.0
        iters = max(3, min(2000, int(args.seconds * 1000 / max(est, 1e-3))))
        times = {"a": [], "b": []}
        order = []
        for r in range(args.rounds):
            order += ["a", "b"] if r % 2 == 0 else ["b", "a"]
        for tag in order:
            rc, out = tgc_run(tag, "--iterations", str(iters))
            times[tag].append(median_ms(out))
        for tag in ("a", "b"):
            row["ms_" + tag] = float(np.median([t for t in times[tag] if t]))
        row["ratio"] = row["ms_b"] / row["ms_a"]
        rows.append(row)
        print("[%d/%d] %-28s A %9.3f ms  B %9.3f ms  B/A %.3f  max|A-B| %.3g"
              % (i + 1, len(todo), name, row["ms_a"], row["ms_b"],
                 row["ratio"], diff), file=sys.stderr, flush=True)

    ok = [r for r in rows if "ratio" in r]
    print("| model | A ms | B ms | B/A | max abs A-B | A compile s | B compile s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "ratio" not in r:
            print("| %s | %s | | | | | |" % (r["model"], r.get("error", "")))
            continue
        print("| %s | %.3f | %.3f | %.3f | %.3g | %.2f | %.2f |" % (
            r["model"], r["ms_a"], r["ms_b"], r["ratio"], r["max_abs_diff"],
            r["compile_a"], r["compile_b"]))
    if ok:
        geo = math.exp(sum(math.log(r["ratio"]) for r in ok) / len(ok))
        worst = max(ok, key=lambda r: r["ratio"])
        print("\n%d models: geometric mean B/A %.3f; worst %s %.3f; "
              "%d within 5%% or faster" % (
                  len(ok), geo, worst["model"], worst["ratio"],
                  sum(1 for r in ok if r["ratio"] <= 1.05)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Localises a conformance mismatch: compiles MODEL.json with every
non-Const node (or those given with --nodes / --match) as a fetch, runs it
and TF.js on the inputs run.py made, and lists the nodes whose values
disagree, in graph order; the first is where tgc goes wrong.

  localize.py MODEL.json [--workdir DIR] [--match REGEX] [--limit N]
            [--one-by-one]

Uses WORKDIR/MODEL/inputs (made by run.py; default workdir
${TGC_CACHE:-~/.cache/tgc}/conformance).
"""
import argparse
import json
import os
import re
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as harness  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("--workdir", default=os.path.join(harness.CACHE, "conformance"))
    p.add_argument("--match", default="", help="only nodes whose name matches")
    p.add_argument("--limit", type=int, default=400, help="at most N fetches")
    p.add_argument("--one-by-one", action="store_true",
                   help="one compile per node, the node as the only fetch")
    p.add_argument("--atol", type=float, default=1e-4)
    p.add_argument("--rtol", type=float, default=1e-3)
    a = p.parse_args()
    name = os.path.splitext(os.path.basename(a.model))[0]
    work = os.path.join(a.workdir, name)
    in_dir = os.path.join(work, "inputs")
    with open(a.model) as f:
        nodes = json.load(f)["modelTopology"]["node"]
    skip = {"Const", "Placeholder", "NoOp"}
    names = [n["name"] for n in nodes if n["op"] not in skip
             and re.search(a.match, n["name"])][:a.limit]
    ops = {n["name"]: n["op"] for n in nodes}
    if a.one_by_one:
        # Fusion bugs can vanish when a node is also a fetch: compile every
        # node as the only fetch instead (slower: one compile per node).
        bad = 0
        for n in names:
            bad += check(a, [n], work, in_dir, ops, "bisect1")
        print("%d of %d nodes disagree (one by one)" % (bad, len(names)))
        return
    bad = check(a, names, work, in_dir, ops, "bisect")
    print("%d of %d nodes disagree" % (bad, len(names)))


def check(a, names, work, in_dir, ops, tag):
    so = os.path.join(work, tag + ".so")
    cmd = [harness.default_tool("tgc"), a.model, "--emit=shared", "-o", so]
    for n in names:
        cmd += ["--fetch", n]
    subprocess.run(cmd, check=True)
    sig = json.loads(subprocess.run([harness.default_tool("tgc-run"), so,
                                     "--signature"], check=True,
                                    stdout=subprocess.PIPE).stdout)
    feeds = json.load(open(os.path.join(in_dir, "inputs.json")))
    out_dir, ref_dir = os.path.join(work, tag + "-tgc"), os.path.join(work, tag + "-ref")
    run_cmd = [harness.default_tool("tgc-run"), so, "--output-dir", out_dir]
    for f in feeds:
        run_cmd += ["--input", "%s=%s" % (f["name"], os.path.join(in_dir, f["file"]))]
    subprocess.run(run_cmd, check=True)
    fetches = [f["name"] for f in sig["fetches"]]
    ref_cmd = ["node", os.path.join(harness.HERE, "reference.js"), a.model,
               in_dir, ref_dir] + ["%s=%s.npy" % (n, harness.sanitize(n))
                                   for n in fetches]
    subprocess.run(ref_cmd, check=True)
    bad = 0
    for n in fetches:
        fn = harness.sanitize(n) + ".npy"
        got, ref = np.load(os.path.join(out_dir, fn)), np.load(os.path.join(ref_dir, fn))
        ok, ma, mr, why = harness.compare(got, ref, a.atol, a.rtol)
        if not ok:
            bad += 1
            print("%-14s %s: max abs %.3g, max rel %.3g; %s" % (
                ops.get(n.split(":")[0], "?"), n, ma, mr, why))
    return bad


if __name__ == "__main__":
    main()

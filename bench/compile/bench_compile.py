#!/usr/bin/env python3
"""Compile time of tgc, model by model.

    python3 bench/compile/bench_compile.py [--corpus tfjs,tf,keras]
        [--only a,b] [--tgc PATH] [--jobs N] [--tgc-arg ARG ...]
        [--json FILE] [--markdown]

For every model of the chosen corpora it runs
`tgc MODEL --emit=shared --timing -o WORK/MODEL.so` (plus the feeds and
fetches the model needs) and prints: graph nodes, compile seconds (wall
clock of the whole process), the seconds of each stage from tgc's
`--timing` report (import, tg, linalg, bufferize, llvm-dialect, translate,
and the LLVM part: llvm-optimize/machine-code, or llvm-split and
llvm-parallel when the module is split into code parts; link), the peak
memory of the compiler, the shared library's size and the model's weight
bytes, and the ratio of the two. It ends with the median and the maximum
compile time.

Corpora:
  tfjs   the 41 TF.js graph models of scripts/fetch-human-models.sh
         (${TGC_HUMAN_MODELS:-~/.cache/tgc/human-models-3.0.4/models}).
  tf     the TF-exported corpus of test/conformance/tf (exported with
         TensorFlow into --tf-workdir if not there yet; needs
         ~/.cache/tgc/tf-venv, scripts/setup-tensorflow.sh).
  keras  larger keras.applications graphs exported the same way:
         NASNetMobile, Xception, InceptionV3 (DenseNet121 is in tf).

Models tgc cannot compile yet are listed as FAIL with tgc's first error
line; they are left out of the median and maximum.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CACHE = os.environ.get("TGC_CACHE", os.path.expanduser("~/.cache/tgc"))
TF_MODELS = ["mobilenet_v2", "mobilenet_v3_small", "resnet50",
             "efficientnet_b0", "densenet121", "lstm", "gru",
             "transformer_encoder", "cond_then", "cond_else"]
KERAS_MODELS = ["nasnet_mobile", "xception", "inception_v3"]
DTYPE_BYTES = {"float32": 4, "int32": 4, "bool": 1, "float16": 2,
               "uint8": 1, "int8": 1, "int64": 8, "string": 0}
STAGES = ["import", "tg", "linalg", "bufferize", "llvm-dialect", "translate",
          "llvm-optimize", "machine-code", "llvm-split", "llvm-parallel",
          "link"]


def default_tool(name):
    path = os.path.join(ROOT, "build", "bin", name)
    return path if os.path.exists(path) else name


def graph_nodes_pb(path):
    """Top-level NodeDefs of a binary GraphDef (field 1), without protobuf."""
    data = open(path, "rb").read()
    pos, count = 0, 0

    def varint():
        nonlocal pos
        shift = value = 0
        while True:
            b = data[pos]
            pos += 1
            value |= (b & 0x7F) << shift
            if b < 0x80:
                return value
            shift += 7

    while pos < len(data):
        key = varint()
        field, wire = key >> 3, key & 7
        if wire == 0:
            varint()
        elif wire == 1:
            pos += 8
        elif wire == 2:
            length = varint()
            pos += length
            if field == 1:
                count += 1
        elif wire == 5:
            pos += 4
        else:
            raise ValueError("%s: not a binary GraphDef" % path)
    return count


def tfjs_models(models_dir):
    out = []
    for name in sorted(os.listdir(models_dir)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(models_dir, name)
        with open(path) as f:
            spec = json.load(f)
        nodes = len(spec.get("modelTopology", {}).get("node", []))
        # The weights as the graph holds them (dequantized: a float32
        # tensor stored as uint8 or float16 in the shard counts 4 bytes
        # per element), which is what a compiled model carries.
        weights = 0
        for group in spec.get("weightsManifest", []):
            for w in group.get("weights", []):
                count = 1
                for d in w.get("shape", []):
                    count *= d
                weights += count * DTYPE_BYTES.get(w.get("dtype"), 4)
        out.append({"model": name[:-5], "corpus": "tfjs", "path": path,
                    "args": [], "nodes": nodes, "weight_bytes": weights})
    return out


def tf_models(names, workdir, tf_python, corpus):
    out = []
    for name in names:
        work = os.path.join(workdir, name)
        meta_path = os.path.join(work, "meta.json")
        if not os.path.exists(meta_path):
            print("exporting %s with TensorFlow ..." % name, file=sys.stderr)
            subprocess.run([tf_python, os.path.join(
                ROOT, "test", "conformance", "tf", "export_models.py"),
                workdir, "--only", name, "--no-timing"], check=False)
        if not os.path.exists(meta_path):
            out.append({"model": name, "corpus": corpus, "path": None,
                        "error": "export failed"})
            continue
        with open(meta_path) as f:
            meta = json.load(f)
        args = []
        for feed in meta["feeds"]:
            dims = "x".join(str(d) for d in feed["shape"]) or "scalar"
            args += ["--feed", "%s:%s" % (feed["name"], dims)]
        for fetch in meta["fetches"]:
            args += ["--fetch", fetch["name"]]
        pb = os.path.join(work, "model.pb")
        out.append({"model": name, "corpus": corpus, "path": pb,
                    "args": args, "nodes": graph_nodes_pb(pb),
                    "weight_bytes": meta.get("weight_bytes", 0)})
    return out


def parse_timing(text):
    """Seconds of the top-level stages of tgc's --timing report."""
    stages = {}
    for line in text.splitlines():
        # "   1.2345 ( 12.3%)  name" (wall only) or with a user-time column
        # first when stages ran on several threads.
        m = re.match(r"^\s+(?:[\d.]+ \(\s*[\d.]+%\)\s+)?([\d.]+) \(\s*[\d.]+%\)"
                     r"  (\S.*?)\s*$", line)
        if not m:
            continue
        name = m.group(2)
        key = name.split(" (")[0]
        if key in STAGES:
            stages[key] = stages.get(key, 0.0) + float(m.group(1))
    return stages


def compile_model(model, args, work):
    so = os.path.join(work, model["model"] + ".so")
    cmd = [args.tgc, model["path"], "--emit=shared", "--timing", "-o", so]
    cmd += model["args"] + args.tgc_args
    if args.jobs:
        cmd.append("-j%d" % args.jobs)
    t0 = time.time()
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        timer = threading.Timer(args.timeout, proc.kill)
        timer.start()
        # wait4: this child's own peak resident memory.
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        rc = proc.returncode
        log.seek(0)
        err = log.read()
    seconds = time.time() - t0
    r = dict(model)
    r["seconds"] = seconds
    r["peak_mb"] = usage.ru_maxrss / 1024
    if rc != 0 or not os.path.exists(so):
        lines = [l for l in err.splitlines() if "error" in l] or \
            err.splitlines() or ["exit %d" % rc]
        r["error"] = lines[0][:160]
        return r
    r["stages"] = parse_timing(err)
    r["so_bytes"] = os.path.getsize(so)
    os.remove(so)
    return r


def fmt(v, f="%.2f"):
    return "-" if v is None else f % v


def print_table(results, markdown):
    cols = ["model", "nodes", "compile s", "peak MiB", "import", "tg",
            "linalg", "bufferize", "llvm-dialect", "translate", "llvm",
            "link", ".so MB", "weights MB", ".so/weights"]
    rows = []
    for r in results:
        if r.get("error"):
            rows.append([r["model"], str(r.get("nodes", "-")), "FAIL"] +
                        [""] * (len(cols) - 4) + [r["error"]])
            continue
        s = r["stages"]
        llvm = sum(s.get(k, 0.0) for k in ("llvm-optimize", "machine-code",
                                           "llvm-split", "llvm-parallel"))
        w = r["weight_bytes"]
        rows.append([r["model"], str(r["nodes"]), fmt(r["seconds"]),
                     fmt(r["peak_mb"], "%.0f"),
                     fmt(s.get("import")), fmt(s.get("tg")),
                     fmt(s.get("linalg")), fmt(s.get("bufferize")),
                     fmt(s.get("llvm-dialect")), fmt(s.get("translate")),
                     fmt(llvm), fmt(s.get("link")),
                     fmt(r["so_bytes"] / 1e6), fmt(w / 1e6),
                     fmt(r["so_bytes"] / w if w else None)])
    if markdown:
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(c), *(len(row[i]) for row in rows if i < len(row)))
                  for i, c in enumerate(cols)]
        print("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
        for row in rows:
            print("  ".join(v.ljust(w) for v, w in zip(row, widths)) +
                  ("  " + row[-1] if len(row) > len(cols) else ""))
    ok = [r["seconds"] for r in results if not r.get("error")]
    if ok:
        print("\n%d compiled, %d failed; compile seconds: median %.2f, "
              "max %.2f (%s)" % (
                  len(ok), len(results) - len(ok), statistics.median(ok),
                  max(ok), max((r for r in results if not r.get("error")),
                               key=lambda r: r["seconds"])["model"]))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default="tfjs,tf,keras")
    p.add_argument("--only", default="")
    p.add_argument("--tgc", default=default_tool("tgc"))
    p.add_argument("--jobs", type=int, default=0,
                   help="tgc -jN (default: tgc's own, all cores)")
    p.add_argument("--tgc-arg", dest="tgc_args", action="append", default=[])
    p.add_argument("--models", default=os.environ.get(
        "TGC_HUMAN_MODELS",
        os.path.join(CACHE, "human-models-3.0.4", "models")))
    p.add_argument("--tf-workdir", default=os.path.join(CACHE, "conformance-tf"))
    p.add_argument("--tf-python", default=os.environ.get(
        "TGC_TF_PYTHON", os.path.join(CACHE, "tf-venv", "bin", "python")))
    p.add_argument("--workdir", default="/tmp/tgc-bench-compile")
    p.add_argument("--timeout", type=int, default=1800)
    p.add_argument("--json", default="")
    p.add_argument("--markdown", action="store_true")
    args = p.parse_args()

    corpora = set(args.corpus.split(","))
    models = []
    if "tfjs" in corpora:
        models += tfjs_models(args.models)
    if "tf" in corpora:
        models += tf_models(TF_MODELS, args.tf_workdir, args.tf_python, "tf")
    if "keras" in corpora:
        models += tf_models(KERAS_MODELS, args.tf_workdir, args.tf_python,
                            "keras")
    if args.only:
        only = set(args.only.split(","))
        models = [m for m in models if m["model"] in only]
    os.makedirs(args.workdir, exist_ok=True)
    results = []
    for m in models:
        r = m if m.get("error") else compile_model(m, args, args.workdir)
        results.append(r)
        print("%-28s %s" % (r["model"], r.get("error") or
                            "%.2f s" % r["seconds"]), file=sys.stderr)
    print_table(results, args.markdown)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()

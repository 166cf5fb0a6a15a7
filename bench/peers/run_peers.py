#!/usr/bin/env python3
"""tgc beside TensorFlow, TensorFlow with XLA and ONNX Runtime, one run.

    python3 bench/peers/run_peers.py [--threads 1,2] [--only a,b]
        [--bin build/bin] [--min-time 1.0] [--json FILE] [--markdown]

For every model of the TF-exported corpus (test/conformance/tf/
export_models.py: keras.applications with seeded random weights, frozen
for batch 1) and every thread count, times one inference of

  tgc   the model compiled with `tgc --emit=shared`, run by
        `tgc-run --threads T --iterations N` (median)
  tf    TensorFlow graph mode: the frozen GraphDef in a tf.compat.v1
        Session, intra_op_parallelism_threads=T, inter_op=1
  xla   the same graph wrapped in tf.function(jit_compile=True)
  ort   ONNX Runtime on the graph converted by tf2onnx,
        intra_op_num_threads=T, inter_op_num_threads=1, sequential

Each peer runs in its own process (thread pools are set once per process)
on the same seeded input, warmed up, then timed for about --min-time
seconds; the median of those runs is reported. Prints a table with the
ratios peer/tgc (above 1: tgc is faster) and their geometric means per
thread count.

The peers are installed into the project's TensorFlow environment
(scripts/setup-tensorflow.sh, ~/.cache/tgc/tf-venv) on first use:
tensorflow-cpu, tf2onnx, onnxruntime. Models missing from
~/.cache/tgc/conformance-tf are exported first. Run on an idle machine.
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CACHE = os.environ.get("TGC_CACHE",
                       os.path.join(os.path.expanduser("~"), ".cache", "tgc"))
EXPORT = os.path.join(ROOT, "test", "conformance", "tf", "export_models.py")

# The convolutional networks of the corpus (the list) and the
# transformer encoder.
DEFAULT_MODELS = ["resnet50", "mobilenet_v2", "mobilenet_v3_small",
                  "efficientnet_b0", "densenet121", "mobilenet_v1",
                  "inception_v3", "xception", "nasnet_mobile",
                  "transformer_encoder"]
ENGINES = ["tgc", "tf", "xla", "ort"]


def run(cmd, timeout=3600, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr


def last_error(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    for l in reversed(lines):
        if "Error" in l or "error" in l:
            return l.strip()[:160]
    return lines[-1].strip()[:160] if lines else ""


def setup_python():
    """The project's TensorFlow venv with the ONNX peers added."""
    rc, out, err = run(["bash", os.path.join(ROOT, "scripts",
                                             "setup-tensorflow.sh")])
    if rc != 0:
        sys.exit("run_peers.py: scripts/setup-tensorflow.sh failed:\n" + err)
    python = out.strip().splitlines()[-1]
    rc, _, _ = run([python, "-c", "import onnxruntime, tf2onnx"])
    if rc != 0:
        print("installing tf2onnx and onnxruntime into %s" %
              os.path.dirname(os.path.dirname(python)), file=sys.stderr)
        rc, out, err = run([python, "-m", "pip", "install", "-q",
                            "--disable-pip-version-check", "tf2onnx",
                            "onnxruntime"])
        if rc != 0:
            sys.exit("run_peers.py: pip install failed:\n" + out + err)
    return python


# --- worker: one engine, one model, one thread count, in its own process ---

def worker(args):
    """Prints {"ms": median} or {"error": text} as JSON on stdout."""
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import numpy as np
    work = os.path.join(args.workdir, args.model)
    meta = json.load(open(os.path.join(work, "meta.json")))
    feeds = [f["name"] for f in meta["feeds"]]
    fetches = [f["name"] if ":" in f["name"] else f["name"] + ":0"
               for f in meta["fetches"]]
    values = [np.load(os.path.join(work, "inputs", f["file"]))
              for f in meta["feeds"]]
    threads = args.worker_threads

    def timed(fn):
        for _ in range(3):
            fn()
        times = []
        start = time.perf_counter()
        while (len(times) < 5 or
               time.perf_counter() - start < args.min_time) and \
                len(times) < 1000:
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(times)

    import tensorflow as tf
    graph_def = tf.compat.v1.GraphDef()
    with open(os.path.join(work, "model.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    if args.worker in ("tf", "xla"):
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    if args.worker == "tf":
        graph = tf.Graph()
        with graph.as_default():
            tf.compat.v1.import_graph_def(graph_def, name="")
        config = tf.compat.v1.ConfigProto(
            intra_op_parallelism_threads=threads,
            inter_op_parallelism_threads=1)
        sess = tf.compat.v1.Session(graph=graph, config=config)
        feed = {f + ":0": v for f, v in zip(feeds, values)}
        return timed(lambda: sess.run(fetches, feed))
    if args.worker == "xla":
        def imported():
            tf.compat.v1.import_graph_def(graph_def, name="")
        wrapped = tf.compat.v1.wrap_function(imported, [])
        pruned = wrapped.prune([f + ":0" for f in feeds], fetches)
        fn = tf.function(pruned, jit_compile=True)
        tensors = [tf.constant(v) for v in values]

        def call():
            for o in tf.nest.flatten(fn(*tensors)):
                o.numpy()
        return timed(call)
    if args.worker == "ort":
        import onnxruntime as ort
        import tf2onnx
        path = os.path.join(args.scratch, args.model + ".onnx")
        if not os.path.exists(path):
            tf2onnx.convert.from_graph_def(
                graph_def, input_names=[f + ":0" for f in feeds],
                output_names=fetches, opset=17, output_path=path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = \
            ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        sess = ort.InferenceSession(path, options,
                                    providers=["CPUExecutionProvider"])
        names = [i.name for i in sess.get_inputs()]
        feed = dict(zip(names, values))
        return timed(lambda: sess.run(None, feed))
    raise SystemExit("unknown engine " + args.worker)


# --- driver -----------------------------------------------------------------

def tgc_time(args, model, threads, scratch):
    work = os.path.join(args.workdir, model)
    meta = json.load(open(os.path.join(work, "meta.json")))
    so = os.path.join(scratch, model + ".so")
    if not os.path.exists(so):
        cmd = [os.path.join(args.bin, "tgc"), os.path.join(work, "model.pb"),
               "--emit=shared", "-o", so]
        for f in meta["feeds"]:
            dims = "x".join(str(d) for d in f["shape"]) or "scalar"
            cmd += ["--feed", "%s:%s" % (f["name"], dims)]
        for f in meta["fetches"]:
            cmd += ["--fetch", f["name"]]
        rc, out, err = run(cmd)
        if rc != 0:
            return None, "compile: " + last_error(err + out)
    # A first short run estimates the latency; the timed run lasts about
    # --min-time seconds.
    base = [os.path.join(args.bin, "tgc-run"), so, "--threads", str(threads)]
    for f in meta["feeds"]:
        base += ["--input", "%s=%s" % (f["name"],
                                       os.path.join(work, "inputs", f["file"]))]
    rc, out, err = run(base + ["--iterations", "3"])
    m = re.search(r"median_ms:\s*([0-9.]+)", out + err)
    if rc != 0 or not m:
        return None, "run: " + last_error(err + out)
    n = max(5, min(1000, int(args.min_time * 1e3 / max(float(m.group(1)),
                                                       1e-3))))
    rc, out, err = run(base + ["--iterations", str(n)])
    m = re.search(r"median_ms:\s*([0-9.]+)", out + err)
    if rc != 0 or not m:
        return None, "run: " + last_error(err + out)
    return float(m.group(1)), ""


def peer_time(args, python, engine, model, threads, scratch):
    cmd = [python, os.path.abspath(__file__), "--worker", engine,
           "--model", model, "--worker-threads", str(threads),
           "--workdir", args.workdir, "--scratch", scratch,
           "--min-time", str(args.min_time)]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3",
               OMP_NUM_THREADS=str(threads))
    try:
        rc, out, err = run(cmd, timeout=args.timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    lines = [l for l in out.splitlines() if l.startswith("{")]
    if rc != 0 or not lines:
        return None, last_error(err + out)
    result = json.loads(lines[-1])
    return result.get("ms"), result.get("error", "")


def geomean(values):
    values = [v for v in values if v]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt(v, digits=2):
    """Two decimals, or three significant digits below 1."""
    if v is None:
        return "-"
    return ("%.3g" % v) if abs(v) < 1 else ("%.*f" % (digits, v))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", default="1,2")
    p.add_argument("--only", default="")
    p.add_argument("--engines", default=",".join(ENGINES))
    p.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--workdir", default=os.path.join(CACHE, "conformance-tf"))
    p.add_argument("--scratch", default=os.path.join(CACHE, "peers"))
    p.add_argument("--min-time", type=float, default=1.0)
    p.add_argument("--timeout", type=int, default=1800)
    p.add_argument("--json", default="")
    p.add_argument("--markdown", action="store_true")
    # Worker mode (internal).
    p.add_argument("--worker", default="")
    p.add_argument("--model", default="")
    p.add_argument("--worker-threads", type=int, default=1)
    args = p.parse_args()

    if args.worker:
        try:
            print(json.dumps({"ms": worker(args)}))
        except Exception as e:  # reported in the table, not hidden
            print(json.dumps({"error": "%s: %s" % (type(e).__name__,
                                                   str(e).splitlines()[0]
                                                   if str(e) else "")}))
        return

    models = [m for m in args.only.split(",") if m] or DEFAULT_MODELS
    engines = [e for e in args.engines.split(",") if e]
    threads = [int(t) for t in args.threads.split(",") if t]
    python = setup_python() if set(engines) - {"tgc"} else None
    os.makedirs(args.scratch, exist_ok=True)
    for model in models:
        if not os.path.exists(os.path.join(args.workdir, model,
                                           "meta.json")):
            print("exporting %s" % model, file=sys.stderr, flush=True)
            rc, out, err = run([python or sys.executable, EXPORT,
                                args.workdir, "--only", model,
                                "--no-timing"])
            if rc != 0:
                sys.exit("run_peers.py: export of %s failed: %s" %
                         (model, last_error(err)))

    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    rows = []
    for model in models:
        for t in threads:
            row = {"model": model, "threads": t, "errors": {}}
            for engine in engines:
                if engine == "tgc":
                    ms, error = tgc_time(args, model, t, args.scratch)
                else:
                    ms, error = peer_time(args, python, engine, model, t,
                                          args.scratch)
                row[engine] = ms
                if error:
                    row["errors"][engine] = error
            rows.append(row)
            print("%-20s threads %d  " % (model, t) + "  ".join(
                "%s %s" % (e, fmt(row[e])) for e in engines),
                file=sys.stderr, flush=True)

    peers = [e for e in engines if e != "tgc"]
    sep = "|" if args.markdown else " "
    header = ["model", "thr"] + ["%s ms" % e for e in engines] + \
        ["%s/tgc" % e for e in peers if "tgc" in engines]
    print("CPU: %s, %d logical cores" % (cpu or "unknown", os.cpu_count()))
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print(" ".join("%-20s" % header[0] if i == 0 else "%9s" % h
                       for i, h in enumerate(header)))
    summary = {}
    for row in rows:
        cells = [row["model"], str(row["threads"])]
        cells += [fmt(row[e]) for e in engines]
        if "tgc" in engines:
            for e in peers:
                ratio = (row[e] / row["tgc"]) if row[e] and row["tgc"] else None
                row[e + "/tgc"] = ratio
                cells.append(fmt(ratio))
                summary.setdefault((row["threads"], e), []).append(ratio)
        if args.markdown:
            print("| " + " | ".join(cells) + " |")
        else:
            print(" ".join("%-20s" % c if i == 0 else "%9s" % c
                           for i, c in enumerate(cells)))
    for (t, e), ratios in sorted(summary.items()):
        g = geomean(ratios)
        slower = sum(1 for r in ratios if r and r < 1)
        print("threads %d: %s/tgc geometric mean %s over %d models "
              "(tgc slower on %d)" % (t, e, fmt(g), len([r for r in ratios
                                                         if r]), slower))
    for row in rows:
        for e, error in row["errors"].items():
            print("%s threads %d %s: %s" % (row["model"], row["threads"], e,
                                            error))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cpu": cpu, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Conformance harness: tgc against TF.js on the TF.js graph-model corpus.

For every MODEL.json in the corpus directory:
  1. tgc MODEL.json --emit=shared -o WORK/MODEL/model.so  (compile time, .so size)
  2. tgc-run model.so --signature                         (feeds, fetches)
  3. seeded random inputs with exactly those shapes and dtypes, as .npy
  4. reference.js: TF.js 4.22.0 (cpu backend) in Node on the same inputs
     (the reference outputs, and the backend's median latency), then the
     wasm backend (its latency, and its largest distance from the cpu
     backend: the "wasm spread" of the reference itself; --no-wasm skips it)
  5. tgc-run model.so --input ... --iterations 5          (outputs, median latency)
  6. every fetch compared: pass iff |tgc - ref| <= atol + rtol * |ref|
     elementwise, with identical shapes (NaN only where the reference is NaN)

Latencies are medians of single-batch runs including reading the outputs;
run with --jobs 1 when the latencies matter (parallel jobs share the CPU).

Prints a table and a last line `N passed, N failed`; exits 1 if any model
failed.  Models tgc rejects count as failed, with the first error line.

--tgc-arg passes options to tgc: `--tgc-arg=--target=cuda
--tgc-arg=--gpu-arch=sm_90` compiles for CUDA (tgc-run then runs the model
on the GPU; TGRT_CUDA_DEVICE picks the device).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CACHE = os.environ.get("TGC_CACHE",
                       os.path.join(os.path.expanduser("~"), ".cache", "tgc"))
DEFAULT_MODELS = os.environ.get(
    "TGC_HUMAN_MODELS", os.path.join(CACHE, "human-models-3.0.4", "models"))


def default_tool(name):
    built = os.path.join(REPO, "build", "bin", name)
    if os.path.exists(built):
        return built
    return shutil.which(name) or built


def sanitize(name):
    """tgc-run's output file name for a fetch."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def first_error_line(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for l in lines:
        if re.search(r"error", l, re.IGNORECASE):
            return l
    return lines[0] if lines else "(no output)"


def run(cmd, timeout, env=None):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=timeout, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return -1, "", "timed out after %d s" % timeout


def weight_bytes(model_json):
    with open(model_json) as f:
        manifest = json.load(f).get("weightsManifest", [])
    d = os.path.dirname(model_json)
    return sum(os.path.getsize(os.path.join(d, p))
               for g in manifest for p in g["paths"])


def make_input(rng, dtype, shape):
    shape = tuple(int(s) for s in shape)
    if any(s < 0 for s in shape):
        raise ValueError("feed shape %s has unknown dims" % (shape,))
    if dtype in ("float32", "float16", "float64"):
        return rng.random(shape, dtype=np.float64).astype(np.float32)
    if dtype in ("int32", "int64", "int8", "uint8", "int16"):
        return rng.integers(0, 4, size=shape).astype(np.int32)
    if dtype == "bool":
        return rng.integers(0, 2, size=shape).astype(np.bool_)
    raise ValueError("unsupported feed dtype %s" % dtype)


def compare(got, ref, atol, rtol):
    """Returns (ok, max_abs, max_rel, why)."""
    if got.shape != ref.shape:
        return False, float("inf"), float("inf"), \
            "shape %s, reference %s" % (list(got.shape), list(ref.shape))
    if got.size == 0:
        return True, 0.0, 0.0, ""
    if ref.dtype == np.bool_ or got.dtype == np.bool_:
        diff = got.astype(np.bool_) != ref.astype(np.bool_)
        n = int(diff.sum())
        return n == 0, float(n > 0), float(n > 0), \
            ("%d of %d differ" % (n, ref.size) if n else "")
    a = got.astype(np.float64)
    b = ref.astype(np.float64)
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    if (nan_a != nan_b).any():
        n = int((nan_a != nan_b).sum())
        return False, float("nan"), float("nan"), "%d NaN mismatches" % n
    fin = ~nan_b
    a, b = a[fin], b[fin]
    same = a == b  # also exact infinities
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.where(same, 0.0, np.abs(a - b))
    err = np.nan_to_num(err, nan=np.inf)
    absb = np.abs(b)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(err == 0, 0.0, err / absb)
    max_abs = float(err.max()) if err.size else 0.0
    max_rel = float(rel.max()) if rel.size else 0.0
    bad = err > atol + rtol * absb
    n = int(bad.sum())
    why = "%d of %d elements out of tolerance" % (n, b.size) if n else ""
    return n == 0, max_abs, max_rel, why


def check_model(model_json, args, node_modules):
    name = os.path.splitext(os.path.basename(model_json))[0]
    work = os.path.join(args.workdir, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work, exist_ok=True)
    r = {"model": name, "status": "FAIL", "outputs": 0, "max_abs": None,
         "max_rel": None, "ms": None, "compile_s": None, "so_mb": None,
         "weight_mb": weight_bytes(model_json) / 1e6, "detail": "",
         "cpu_ms": None, "wasm_ms": None, "wasm_spread": None,
         "bad_outputs": []}

    so = os.path.join(work, "model.so")
    t0 = time.time()
    rc, out, err = run([args.tgc, model_json, "--emit=shared", "-o", so] +
                       args.tgc_args, args.timeout)
    r["compile_s"] = time.time() - t0
    if rc != 0 or not os.path.exists(so):
        r["status"] = "COMPILE-FAIL"
        r["detail"] = first_error_line(err + out)
        return r
    r["so_mb"] = os.path.getsize(so) / 1e6

    rc, out, err = run([args.tgc_run, so, "--signature"], 60)
    if rc != 0:
        r["status"] = "RUN-FAIL"
        r["detail"] = "--signature: " + first_error_line(err + out)
        return r
    sig = json.loads(out)
    r["outputs"] = len(sig["fetches"])

    # Seeded per model, so that --only and --jobs do not change the inputs.
    rng = np.random.default_rng(args.seed + zlib.crc32(name.encode()))
    in_dir = os.path.join(work, "inputs")
    os.makedirs(in_dir, exist_ok=True)
    feeds = []
    tgc_cmd = [args.tgc_run, so]
    try:
        for i, f in enumerate(sig["feeds"]):
            fname = "in%d_%s.npy" % (i, sanitize(f["name"]))
            np.save(os.path.join(in_dir, fname),
                    make_input(rng, f["dtype"], f["shape"]))
            feeds.append({"name": f["name"], "file": fname})
            tgc_cmd += ["--input", "%s=%s" % (f["name"],
                                               os.path.join(in_dir, fname))]
    except ValueError as e:
        r["status"] = "RUN-FAIL"
        r["detail"] = str(e)
        return r
    with open(os.path.join(in_dir, "inputs.json"), "w") as f:
        json.dump(feeds, f)

    ref_dir = os.path.join(work, "reference")
    env = dict(os.environ, TFJS_NODE_MODULES=node_modules)
    ref_cmd = [args.node, os.path.join(HERE, "reference.js"), model_json,
               in_dir, ref_dir]
    ref_cmd += ["%s=%s.npy" % (f["name"], sanitize(f["name"]))
                for f in sig["fetches"]]
    ref_cmd[2:2] = ["--iterations", str(args.ref_iterations)]
    rc, out, err = run(ref_cmd, args.timeout, env=env)
    if rc != 0:
        r["status"] = "REF-FAIL"
        r["detail"] = first_error_line(err + out)
        return r
    r["cpu_ms"] = median_ms(out)
    if not args.no_wasm:
        # TF.js's wasm backend: its latency, and how far it lands from the
        # cpu backend (the spread of the reference itself).
        wasm_dir = os.path.join(work, "reference-wasm")
        wasm_cmd = list(ref_cmd)
        wasm_cmd[2:2] = ["--backend", "wasm"]
        wasm_cmd[wasm_cmd.index(ref_dir)] = wasm_dir
        rc, out, err = run(wasm_cmd, args.timeout, env=env)
        if rc == 0:
            r["wasm_ms"] = median_ms(out)
            spread = 0.0
            for f in sig["fetches"]:
                fn = sanitize(f["name"]) + ".npy"
                a = np.load(os.path.join(wasm_dir, fn)).astype(np.float64)
                b = np.load(os.path.join(ref_dir, fn)).astype(np.float64)
                if a.shape == b.shape and a.size:
                    with np.errstate(invalid="ignore"):
                        d = np.nan_to_num(np.abs(a - b), nan=0.0)
                    spread = max(spread, float(d.max()))
            r["wasm_spread"] = spread
        else:
            r["wasm_detail"] = first_error_line(err + out)

    out_dir = os.path.join(work, "tgc")
    rc, out, err = run(tgc_cmd + ["--output-dir", out_dir,
                                  "--iterations", str(args.iterations)],
                       args.timeout)
    if rc != 0:
        r["status"] = "RUN-FAIL"
        r["detail"] = first_error_line(err + out)
        return r
    r["ms"] = median_ms(out + err)

    ok_all = True
    max_abs = max_rel = 0.0
    for f in sig["fetches"]:
        fn = sanitize(f["name"]) + ".npy"
        try:
            got = np.load(os.path.join(out_dir, fn))
            ref = np.load(os.path.join(ref_dir, fn))
        except (OSError, ValueError) as e:
            ok_all = False
            r["bad_outputs"].append((f["name"], "missing: %s" % e))
            continue
        ok, a, rl, why = compare(got, ref, args.atol, args.rtol)
        max_abs = max(max_abs, a) if not np.isnan(a) else float("nan")
        max_rel = max(max_rel, rl) if not np.isnan(rl) else float("nan")
        if not ok:
            ok_all = False
            r["bad_outputs"].append(
                (f["name"], "%s (max abs %.3g, max rel %.3g)" % (why, a, rl)))
    r["max_abs"], r["max_rel"] = max_abs, max_rel
    if ok_all:
        r["status"] = "PASS"
    else:
        r["status"] = "MISMATCH"
        r["detail"] = "; ".join("%s: %s" % b for b in r["bad_outputs"])
    return r


def median_ms(text):
    m = re.search(r"median_ms:\s*([0-9.eE+-]+)", text)
    return float(m.group(1)) if m else None


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt_ms(v):
    """Milliseconds: three decimals below 1 ms, two above."""
    return fmt(v, ".3f" if v is not None and v < 1 else ".2f")


def print_report(rows, columns, atol, rtol):
    """Prints the table (model, status, outputs, then `columns`: pairs of a
    header and a function of the row giving the cell), the failures and
    the last line `N passed, N failed`. Returns the exit status."""
    w = max(len("model"), max(len(r["model"]) for r in rows))
    widths = [max(len(h), 7) for h, _ in columns]
    def line(cells):
        return "  ".join(c.rjust(wd) for c, wd in zip(cells, widths))
    head = "%-*s  %-12s  %7s  %s" % (w, "model", "status", "outputs",
                                     line([h for h, _ in columns]))
    print(head)
    print("-" * len(head))
    for r in rows:
        print("%-*s  %-12s  %7d  %s" % (
            w, r["model"], r["status"], r.get("outputs", 0),
            line([cell(r) for _, cell in columns])))
    failed = [r for r in rows if r["status"] != "PASS"]
    if failed:
        print()
        print("failures (atol %g, rtol %g):" % (atol, rtol))
        for r in failed:
            print("  %s: %s: %s" % (r["model"], r["status"], r.get("detail", "")))
    print()
    print("%d passed, %d failed" % (len(rows) - len(failed), len(failed)))
    return 1 if failed else 0


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default=DEFAULT_MODELS,
                   help="directory of TF.js graph models (*.json + shards)")
    p.add_argument("--only", default="",
                   help="comma-separated model names (without .json)")
    p.add_argument("--workdir", default=os.path.join(CACHE, "conformance"),
                   help="scratch directory (default %(default)s)")
    p.add_argument("--tgc", default=default_tool("tgc"))
    p.add_argument("--tgc-run", dest="tgc_run", default=default_tool("tgc-run"))
    p.add_argument("--node", default=shutil.which("node") or "node")
    p.add_argument("--atol", type=float, default=1e-4)
    p.add_argument("--rtol", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--iterations", type=int, default=5,
                   help="timed runs of tgc-run (median reported)")
    p.add_argument("--ref-iterations", dest="ref_iterations", type=int,
                   default=3, help="timed runs of each TF.js backend")
    p.add_argument("--no-wasm", dest="no_wasm", action="store_true",
                   help="skip the TF.js wasm backend (latency and spread)")
    p.add_argument("--timeout", type=int, default=900,
                   help="seconds per step (compile, reference, run)")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--tgc-arg", dest="tgc_args", action="append", default=[],
                   help="an extra tgc option, e.g. --tgc-arg=--target=cuda "
                        "(repeatable)")
    args = p.parse_args()

    if not os.path.isdir(args.models):
        sys.exit("run.py: no model directory %s (run scripts/fetch-human-models.sh)"
                 % args.models)
    models = sorted(f[:-5] for f in os.listdir(args.models)
                    if f.endswith(".json"))
    if args.only:
        wanted = [m for m in args.only.split(",") if m]
        missing = [m for m in wanted if m not in models]
        if missing:
            sys.exit("run.py: not in %s: %s" % (args.models, ", ".join(missing)))
        models = wanted
    if not models:
        sys.exit("run.py: no models in %s" % args.models)
    for tool in (args.tgc, args.tgc_run):
        if not os.path.exists(tool) and not shutil.which(tool):
            sys.exit("run.py: %s not found" % tool)

    rc = subprocess.run(["sh", os.path.join(HERE, "setup.sh")],
                        stdout=subprocess.PIPE, universal_newlines=True)
    if rc.returncode != 0:
        sys.exit("run.py: setup.sh failed (TF.js is needed as the reference)")
    node_modules = rc.stdout.strip().splitlines()[-1]
    os.makedirs(args.workdir, exist_ok=True)

    paths = [os.path.join(args.models, m + ".json") for m in models]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as ex:
        futs = {ex.submit(check_model, pth, args, node_modules): m
                for m, pth in zip(models, paths)}
        for fut in concurrent.futures.as_completed(futs):
            m = futs[fut]
            try:
                r = fut.result()
            except Exception as e:  # a harness bug must not hide the others
                r = {"model": m, "status": "ERROR", "outputs": 0,
                     "max_abs": None, "max_rel": None, "ms": None,
                     "compile_s": None, "so_mb": None, "detail": repr(e)}
            results[m] = r
            print("[%d/%d] %-28s %s" % (len(results), len(models), m,
                                         r["status"]), file=sys.stderr,
                  flush=True)

    rows = [results[m] for m in models]
    return print_report(rows, [
        ("max abs err", lambda r: fmt(r["max_abs"], ".3g")),
        ("max rel err", lambda r: fmt(r["max_rel"], ".3g")),
        ("wasm spread", lambda r: fmt(r.get("wasm_spread"), ".3g")),
        ("tgc ms", lambda r: fmt_ms(r["ms"])),
        ("wasm ms", lambda r: fmt_ms(r.get("wasm_ms"))),
        ("cpu ms", lambda r: fmt_ms(r.get("cpu_ms"))),
        ("wasm/tgc", lambda r: fmt(ratio(r.get("wasm_ms"), r["ms"]), ".2f")),
        ("cpu/tgc", lambda r: fmt(ratio(r.get("cpu_ms"), r["ms"]), ".2f")),
        ("compile s", lambda r: fmt(r["compile_s"], ".2f")),
        (".so MB", lambda r: fmt(r["so_mb"], ".1f")),
        ("weight MB", lambda r: fmt(r.get("weight_mb"), ".1f")),
    ], args.atol, args.rtol)


if __name__ == "__main__":
    sys.exit(main())

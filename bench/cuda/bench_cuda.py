#!/usr/bin/env python3
"""Latency of models compiled for CUDA against the CPU build (and PyTorch).

    bench_cuda.py [--tgc build/bin/tgc] [--tgc-run build/bin/tgc-run]
                  [--models ~/.cache/tgc/human-models-3.0.4/models]
                  [--gpu-arch sm_80] [--runs 100] [--threads N] [--workdir DIR]

For the MNIST MLP (examples/mnist_mlp, batch 1 and 16) and three TF.js
corpus models (mobileface, blazeface, movenet-lightning), it compiles a CPU
and a CUDA shared library with tgc, runs both with `tgc-run --iterations
--runs` on the same seeded random inputs, and prints the median
milliseconds (one run: copy the feeds in, all kernels, copy the fetches
out), the largest difference between the two builds' outputs, and the
CPU/CUDA ratio (above 1: the GPU is faster).

Where PyTorch with CUDA is importable, it also times the same MLP in
PyTorch on the GPU (torch.nn.Linear layers, softmax, the input copied in
and the output copied out per run, like tgc-run). The TF.js models have no
PyTorch form here.

Needs an NVIDIA driver and GPU (TGRT_CUDA_DEVICE picks the device);
without one it says so and exits 1.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MLP = os.path.join(ROOT, "examples", "mnist_mlp", "mnist_mlp.pb")
CORPUS = ["mobileface", "blazeface", "movenet-lightning"]


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd),
                                              (p.stderr or p.stdout).strip()))
    return p.stdout + p.stderr


def median_ms(text):
    m = re.search(r"median_ms[=: ]+([0-9.]+)", text)
    return float(m.group(1)) if m else float("nan")


def bench_tgc(args, name, graph, extra, work):
    """(cpu ms, cuda ms, max |cpu - cuda|)."""
    results = {}
    outputs = {}
    for target in ("cpu", "cuda"):
        so = os.path.join(work, "%s.%s.so" % (name, target))
        cmd = [args.tgc, graph, "--emit=shared", "-o", so] + extra
        if target == "cuda":
            cmd += ["--target=cuda", "--gpu-arch=" + args.gpu_arch]
        run(cmd)
        sig = json.loads(run([args.tgc_run, so, "--signature"]))
        rng = np.random.default_rng(0)
        feeds = []
        for i, f in enumerate(sig["feeds"]):
            path = os.path.join(work, "%s.in%d.npy" % (name, i))
            if f["dtype"].startswith("float"):
                data = rng.random(f["shape"], dtype=np.float32)
            else:
                data = np.zeros(f["shape"], dtype=f["dtype"])
            np.save(path, data)
            feeds += ["--input", "%s=%s" % (f["name"], path)]
        out_dir = os.path.join(work, "%s.%s.out" % (name, target))
        cmd = [args.tgc_run, so, "--output-dir", out_dir, "--iterations",
               str(args.runs)] + feeds
        if target == "cpu" and args.threads:
            cmd += ["--threads", str(args.threads)]
        results[target] = median_ms(run(cmd))
        outputs[target] = {f: np.load(os.path.join(out_dir, f))
                           for f in sorted(os.listdir(out_dir))}
    diff = max(float(np.max(np.abs(outputs["cpu"][f].astype(np.float64) -
                                   outputs["cuda"][f].astype(np.float64))))
               for f in outputs["cpu"])
    return results["cpu"], results["cuda"], diff


def bench_torch(batch, runs):
    try:
        import torch
    except ImportError:
        return None
    if not torch.cuda.is_available():
        return None
    import time
    dev = torch.device("cuda")
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(),
                                torch.nn.Linear(128, 10),
                                torch.nn.Softmax(dim=1)).to(dev).eval()
    x = torch.rand(batch, 784)
    times = []
    with torch.no_grad():
        for i in range(runs + 5):
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            y = model(x.to(dev)).cpu()
            t1 = time.perf_counter()
            if i >= 5:
                times.append((t1 - t0) * 1e3)
    del y
    return float(np.median(times))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tgc", default=os.path.join(ROOT, "build", "bin", "tgc"))
    p.add_argument("--tgc-run", dest="tgc_run",
                   default=os.path.join(ROOT, "build", "bin", "tgc-run"))
    p.add_argument("--models", default=os.path.expanduser(
        "~/.cache/tgc/human-models-3.0.4/models"))
    p.add_argument("--gpu-arch", dest="gpu_arch", default="sm_80")
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--workdir", default="")
    args = p.parse_args()

    work = args.workdir or tempfile.mkdtemp(prefix="tgc-bench-cuda-")
    os.makedirs(work, exist_ok=True)
    cases = [("mlp b1", MLP, ["--fetch", "probs", "--feed", "x:1x784"]),
             ("mlp b16", MLP, ["--fetch", "probs", "--feed", "x:16x784"])]
    for m in CORPUS:
        path = os.path.join(args.models, m + ".json")
        if os.path.exists(path):
            cases.append((m, path, []))
        else:
            print("%s: not in %s (scripts/fetch-human-models.sh)" %
                  (m, args.models), file=sys.stderr)

    print("%-20s %10s %10s %10s %12s %12s" %
          ("model", "cpu ms", "cuda ms", "cpu/cuda", "max |diff|",
           "torch ms"))
    for name, graph, extra in cases:
        try:
            cpu, cuda, diff = bench_tgc(args, name.replace(" ", "_"), graph,
                                        extra, work)
        except RuntimeError as e:
            print("%s: %s" % (name, e), file=sys.stderr)
            return 1
        torch_ms = None
        if name.startswith("mlp"):
            torch_ms = bench_torch(int(name.split("b")[1]), args.runs)
        print("%-20s %10.3f %10.3f %10.2f %12.3g %12s" %
              (name, cpu, cuda, cpu / cuda, diff,
               "-" if torch_ms is None else "%.3f" % torch_ms))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Kills tgc at random moments while it compiles GRAPH to DIR/out.o (eight
times each with SIGTERM, SIGINT and SIGKILL) and checks after each kill that
out.o is the old file or the complete new one, and, after SIGTERM and
SIGINT, that no temporary file (out.o.tmp-*) is left. Prints one summary
line, or the failures."""
import glob
import os
import random
import signal
import subprocess
import sys
import time

graph, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
target = os.path.join(work, "out.o")
reference = os.path.join(work, "reference.o")
start = time.monotonic()
subprocess.run(["tgc", graph, "-o", reference], check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
duration = time.monotonic() - start
with open(reference, "rb") as f:
    complete = f.read()
old = b"the old object\n"

rng = random.Random(1)
kills, failures = 0, []
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGKILL):
    for _ in range(8):
        with open(target, "wb") as f:
            f.write(old)
        proc = subprocess.Popen(["tgc", graph, "-o", target],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        proc.send_signal(sig)
        proc.wait()
        kills += 1
        with open(target, "rb") as f:
            data = f.read()
        if data not in (old, complete):
            failures.append("%s: out.o is neither old nor complete (%d bytes)"
                            % (sig.name, len(data)))
        temps = glob.glob(target + ".tmp-*")
        if temps and sig != signal.SIGKILL:
            failures.append("%s: temporary files left: %s" % (sig.name, temps))
        for temp in temps:  # SIGKILL cannot be caught: clean up for the next
            os.remove(temp)

if failures:
    print("\n".join(failures))
else:
    print("%d kills: output always old or complete; no temporary file after "
          "SIGTERM/SIGINT" % kills)

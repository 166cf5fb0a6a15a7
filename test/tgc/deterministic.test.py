"""Compiles each model twice (-j1, then -j2) to an object with its header
and to a shared library, and says whether the bytes are the same."""
import filecmp
import os
import subprocess
import sys

models, out = sys.argv[1], sys.argv[2]
for name in sys.argv[3:]:
    graph = os.path.join(models, name + ".json")
    outputs = []
    for jobs in ("1", "2"):
        obj = os.path.join(out, "%s-j%s.o" % (name, jobs))
        header = os.path.join(out, "%s-j%s.h" % (name, jobs))
        lib = os.path.join(out, "%s-j%s.so" % (name, jobs))
        subprocess.run(["tgc", graph, "-j", jobs, "-o", obj, "--header",
                        header, "--class", "Model"], check=True)
        subprocess.run(["tgc", graph, "-j", jobs, "--emit=shared", "-o", lib],
                       check=True)
        outputs.append((obj, header, lib))
    differ = [os.path.basename(a) for a, b in zip(*outputs)
              if not filecmp.cmp(a, b, shallow=False)]
    print("%s: %s" % (name, "differ: " + ", ".join(differ) if differ
                      else "identical"))

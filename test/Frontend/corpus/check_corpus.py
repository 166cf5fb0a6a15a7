"""Imports every TF.js model of a directory with tgc and checks the outcome.

    check_corpus.py TGC MODELS_DIR MIN_IMPORTED

Each model must either import with every shape static (exit 0, no '?' in
the printed tg IR) or be rejected with diagnostics (exit 1, every line a
"tgc: error:"); a crash, a hang (60 s) or any other exit fails. At least
MIN_IMPORTED models must import. Prints one line per model and a summary.
"""
import glob
import os
import subprocess
import sys


def main():
    tgc, models, minimum = sys.argv[1], sys.argv[2], int(sys.argv[3])
    paths = sorted(glob.glob(os.path.join(models, "*.json")))
    imported, rejected, broken = [], [], []
    for path in paths:
        name = os.path.splitext(os.path.basename(path))[0]
        try:
            run = subprocess.run([tgc, path, "--emit=tg"], capture_output=True,
                                 text=True, timeout=60)
        except subprocess.TimeoutExpired:
            broken.append((name, "hang"))
            continue
        errors = [l for l in run.stderr.splitlines() if l]
        if run.returncode == 0 and "?" not in run.stdout and not errors:
            imported.append(name)
            print("%s: imported" % name)
        elif run.returncode == 1 and errors and all(
                l.startswith("tgc: error:") for l in errors):
            rejected.append(name)
            print("%s: rejected: %s" % (name, errors[0][:150]))
        else:
            broken.append((name, "exit %d: %s" % (run.returncode,
                                                  (errors or ["?"])[0][:150])))
    for name, why in broken:
        print("%s: BROKEN: %s" % (name, why))
    print("%d models: %d imported, %d rejected with a diagnostic, %d broken"
          % (len(paths), len(imported), len(rejected), len(broken)))
    if broken or len(imported) < minimum or not paths:
        sys.exit(1)


if __name__ == "__main__":
    main()

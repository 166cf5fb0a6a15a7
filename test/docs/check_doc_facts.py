#!/usr/bin/env python3
"""Checks the counts and lists the docs state against the tools.

    check_doc_facts.py --src-root DIR --tgc TGC --tgc-opt TGC_OPT

Each fact is found in its page by a pattern; a pattern that no longer
matches is an error too (a reworded sentence must be checked again, not
forgotten). Prints one line per fact and `N facts checked`.
"""

import argparse
import re
import subprocess
import sys


def output(*cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          text=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src-root", required=True)
    ap.add_argument("--tgc", required=True)
    ap.add_argument("--tgc-opt", required=True)
    args = ap.parse_args()

    def page(name):
        return open(f"{args.src_root}/{name}", encoding="utf-8").read()

    errors = []
    checked = 0

    def check(name, what, stated, actual):
        nonlocal checked
        checked += 1
        if stated != actual:
            errors.append(f"{name}: {what}: the page says {stated}, "
                          f"the tools say {actual}")
        else:
            print(f"{name}: {what}: {actual}")

    def find(name, pattern, text=None):
        m = re.search(pattern, text if text is not None else page(name), re.S)
        if not m:
            errors.append(f"{name}: no match for /{pattern}/ (reworded? "
                          "update test/docs/check_doc_facts.py)")
        return m

    ops = len(output(args.tgc, "--list-ops").split())
    for name, pattern in [
            ("README.md", r"the (\d+) TensorFlow op types that `tgc --list-ops`"),
            ("docs/frontend.md", r"variable ops \((\d+) today\)"),
            ("docs/cli.md", r"\$ tgc --list-ops \| wc -l\n(\d+)\n"),
            ("docs/ops.md", r"tgc imports (\d+) op types in all")]:
        m = find(name, pattern)
        if m:
            check(name, "op types tgc --list-ops prints", int(m.group(1)), ops)

    # tgc-opt's dialects and passes, in its section of cli.md.
    cli = page("docs/cli.md")
    section = cli[cli.index("## `tgc-opt`"):]
    section = section[:section.find("\n## ", 1)] if "\n## " in section[1:] else section
    dialects = output(args.tgc_opt, "--show-dialects").split(":", 1)[1]
    dialects = sorted(d.strip() for d in re.split(r"[,\n]", dialects) if d.strip())
    m = find("docs/cli.md", r"with the dialects tgc uses\s*\(([^;]*);", section)
    if m:
        stated = sorted(re.findall(r"`(\w+)`", m.group(1)))
        check("docs/cli.md", "tgc-opt's dialects", stated, dialects)
    passes = sorted(set(re.findall(r"^\s+(--(?:tg|tgc|convert-tg)[\w-]*)\s",
                                   output(args.tgc_opt, "--help"), re.M)))
    table = sorted(set(re.findall(r"^\| `(--[\w-]+)`", section, re.M)))
    check("docs/cli.md", "tgc-opt's passes and pipelines", table, passes)

    for e in errors:
        sys.stderr.write(f"error: {e}\n")
    if errors:
        sys.exit(1)
    print(f"{checked} facts checked")


if __name__ == "__main__":
    main()

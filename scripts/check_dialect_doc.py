#!/usr/bin/env python3
"""docs/dialect.md is generated from the tg dialect's ODS.

  scripts/check_dialect_doc.py --generated BUILD/include/tgc/Dialect/Tg/IR/TgDialect.md
        [--page docs/dialect.md] [--write] [--tgc-opt BUILD/bin/tgc-opt]

Compares the page with what `mlir-tblgen -gen-dialect-doc` made in the
build (or writes it with --write), checks that every op has a description
with an example, and, with --tgc-opt, parses and verifies every ```mlir
example of the page.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

HEADER = ("<!-- Generated from include/tgc/Dialect/Tg/IR/*.td by mlir-tblgen "
          "-gen-dialect-doc; do not edit.\n     Regenerate: "
          "scripts/check_dialect_doc.py --write --generated "
          "build/include/tgc/Dialect/Tg/IR/TgDialect.md -->\n\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--page",
                        default=os.path.join(here, "..", "docs", "dialect.md"))
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--tgc-opt")
    args = parser.parse_args()

    expected = HEADER + open(args.generated, encoding="utf-8").read()
    if args.write:
        open(args.page, "w", encoding="utf-8").write(expected)
    actual = open(args.page, encoding="utf-8").read() if os.path.exists(
        args.page) else ""
    if actual != expected:
        sys.stdout.writelines(difflib.unified_diff(
            actual.splitlines(True), expected.splitlines(True), args.page,
            "generated"))
        print("error: %s is stale; regenerate it with: scripts/"
              "check_dialect_doc.py --write --generated %s" %
              (args.page, args.generated), file=sys.stderr)
        return 1

    # Every op: a section "### `tg.x` (::tgc::tg::XOp)" with an example.
    sections = re.split(r"^### `(tg\.[a-z0-9_]+)`", expected, flags=re.M)
    ops = dict(zip(sections[1::2], sections[2::2]))
    missing = sorted(op for op, text in ops.items() if "```mlir" not in text)
    if missing:
        print("error: ops without an example in their description: " +
              ", ".join(missing), file=sys.stderr)
        return 1

    examples = re.findall(r"```mlir\n(.*?)```", expected, re.S)
    if args.tgc_opt:
        failed = 0
        for index, example in enumerate(examples):
            with tempfile.NamedTemporaryFile("w", suffix=".mlir",
                                             delete=False) as f:
                f.write(example)
                path = f.name
            result = subprocess.run([args.tgc_opt, path], capture_output=True,
                                    text=True)
            os.unlink(path)
            if result.returncode != 0:
                failed += 1
                print("error: example %d does not parse or verify:\n%s\n%s" %
                      (index + 1, example, result.stderr), file=sys.stderr)
        if failed:
            return 1
    print("dialect.md is current: %d ops, %d examples%s" %
          (len(ops), len(examples), " verified" if args.tgc_opt else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

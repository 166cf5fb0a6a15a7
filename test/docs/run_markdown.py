#!/usr/bin/env python3
"""Runs the commands and code blocks of a Markdown page, in order.

    run_markdown.py PAGE.md --src-root DIR --build-dir DIR --scratch DIR
                    [--section HEADING] [--tf-python PYTHON]

The docs show commands as a reader would type them; this script types them,
in one shell whose working directory and exported variables carry from one
block to the next (as in a terminal), and fails on the first block whose
result differs from the page. So the quick start and the getting-started
guide cannot drift from what tgc does.

How each fenced block is treated:

* ```sh / ```bash: a script, run with `set -e -o pipefail`; it must succeed.
* A block whose first line starts with `$ `: a transcript. Each `$ command`
  (continued over lines ending in `\\`) is run and its output (stdout and
  stderr together) must match the lines that follow it: `...` alone on a
  line matches any number of lines, `...` inside a line any text. A command
  must exit 0 unless its shown output contains `error:`.
* Any other block must carry an annotation, an HTML comment between it and
  the previous block (invisible on the rendered page):

    <!-- doc-test: file NAME -->        write the block to NAME
    <!-- doc-test: compare NAME -->     the block is exactly file NAME
    <!-- doc-test: excerpt NAME -->     the block occurs in file NAME
    <!-- doc-test: excerpt-comment NAME -->  ... in NAME's `# ` comments
    <!-- doc-test: apt-packages-in NAME -->  every package the block's
                                        `apt-get install` names is in NAME
    <!-- doc-test: python-tf -->        run with TensorFlow's Python
    <!-- doc-test: requires tensorflow -->  (any block) skipped, and
                                        counted, without TensorFlow
    <!-- doc-test: setup COMMAND -->    run COMMAND first (not shown)
    <!-- doc-test: skip REASON -->      not run; the reason is printed

  `setup` and `requires` combine with the others.

Paths: `/tmp/` in commands, file names and expected output stands for the
scratch directory (and the scratch directory in the output is shown as
`/tmp`), and `$TGC/build` for the build directory, so that the test runs in
its own folder and with any build folder. `python3` is the Python running
this script.

The last line is a summary: `PAGE: N blocks: R run (C commands), F files,
K compared, S skipped`.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^( *)(```+)\s*([\w+-]*)\s*$")
HEADING = re.compile(r"^(#+)\s+(.*?)\s*$")
ANNOTATION = re.compile(r"<!--\s*doc-test:\s*(.*?)\s*-->")


class Block:
    def __init__(self, line, lang, text, annotations):
        self.line = line
        self.lang = lang
        self.text = text
        self.annotations = annotations  # [(key, value)]

    def get(self, key):
        for k, v in self.annotations:
            if k == key:
                return v
        return None


def parse(path, section):
    """The fenced blocks of `path` (of `section` only, when given)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, pending = [], []
    inside = section is None
    level = None
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = HEADING.match(line)
        if heading and section is not None:
            depth = len(heading.group(1))
            if heading.group(2) == section:
                inside, level = True, depth
            elif inside and level is not None and depth <= level:
                inside = False
        for m in ANNOTATION.finditer(line):
            key, _, value = m.group(1).partition(" ")
            pending.append((key, value.strip()))
        fence = FENCE.match(line)
        if fence:
            indent, ticks, lang = fence.groups()
            body = []
            i += 1
            while i < len(lines) and lines[i].strip() != ticks:
                body.append(lines[i][len(indent):] if lines[i].startswith(indent)
                            else lines[i].lstrip())
                i += 1
            if inside:
                blocks.append(Block(i - len(body), lang, "\n".join(body),
                                    pending))
            pending = []
        i += 1
    if section is not None and not blocks:
        sys.exit(f"error: {path}: no code blocks under a heading '{section}'")
    return blocks


class Shell:
    """Commands run one by one in bash; cwd and exports carry over."""

    def __init__(self, args):
        self.args = args
        self.state = os.path.join(args.scratch, ".doc-test-state.sh")
        bindir = os.path.join(args.scratch, ".doc-test-bin")
        os.makedirs(bindir, exist_ok=True)
        python = os.path.join(bindir, "python3")
        if not os.path.exists(python):
            os.symlink(sys.executable, python)
        env_path = bindir + os.pathsep + os.environ.get("PATH", "")
        with open(self.state, "w") as f:
            f.write(f"export PATH={shlex.quote(env_path)}\n")
            if args.tf_python:
                f.write(f"export TGC_TF_PYTHON={shlex.quote(args.tf_python)}\n")
            f.write(f"cd {shlex.quote(args.src_root)}\n")

    def rewrite(self, text):
        scratch = self.args.scratch.rstrip("/") + "/"
        text = text.replace("$TGC/build", self.args.build_dir)
        # The checkout, the build and the scratch folder may themselves be
        # under /tmp: keep their paths as they are.
        keep = sorted({self.args.src_root, self.args.build_dir,
                       self.args.scratch}, key=len, reverse=True)
        for i, path in enumerate(keep):
            text = text.replace(path, "\0%d\0" % i)
        text = re.sub(r"(?<![\w.])/tmp/", scratch, text)
        for i, path in enumerate(keep):
            text = text.replace("\0%d\0" % i, path)
        return text

    def run(self, script, strict, rewrite=True):
        body = (("set -e -o pipefail\n" if strict else "") +
                (self.rewrite(script) if rewrite else script))
        wrapper = (f"source {shlex.quote(self.state)}\n"
                   f"{body}\n__rc=$?\n"
                   f"{{ export -p; printf 'cd %q\\n' \"$PWD\"; }} > "
                   f"{shlex.quote(self.state)}.new && mv {shlex.quote(self.state)}.new "
                   f"{shlex.quote(self.state)}\nexit $__rc\n")
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False,
                                         dir=self.args.scratch) as f:
            f.write(wrapper)
        try:
            proc = subprocess.run(["bash", f.name], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True,
                                  timeout=900)
        finally:
            os.unlink(f.name)
        out = proc.stdout.replace(self.args.scratch.rstrip("/"), "/tmp")
        return proc.returncode, out

    def cwd(self):
        for line in open(self.state):
            if line.startswith("cd "):
                return shlex.split(line)[1]
        return self.args.src_root


def transcript(text):
    """[(command, expected lines)] of a `$ ` transcript."""
    items = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            raise ValueError(f"transcript line without '$ ': {line!r}")
        command = line[2:]
        while command.endswith("\\") and i + 1 < len(lines):
            i += 1
            command = command + "\n" + lines[i]
        i += 1
        expected = []
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        while expected and not expected[-1].strip():
            expected.pop()
        items.append((command, expected))
    return items


def matches(expected, actual):
    pattern = ""
    for line in expected:
        if line.strip() == "...":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += ".*".join(re.escape(p) for p in line.rstrip().split("...")) + r"[ \t]*\n"
    text = "\n".join(l.rstrip() for l in actual.rstrip("\n").split("\n")) + "\n"
    if not actual.strip():
        text = ""
    return re.fullmatch(pattern, text) is not None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("page")
    ap.add_argument("--src-root", required=True)
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--section")
    ap.add_argument("--tf-python")
    args = ap.parse_args()
    args.src_root = os.path.abspath(args.src_root)
    args.build_dir = os.path.abspath(args.build_dir)
    args.scratch = os.path.abspath(args.scratch)
    os.makedirs(args.scratch, exist_ok=True)
    name = os.path.relpath(args.page, args.src_root)

    blocks = parse(args.page, args.section)
    shell = Shell(args)
    counts = {"run": 0, "commands": 0, "files": 0, "compared": 0, "skipped": 0}

    def fail(block, message):
        sys.stderr.write(f"error: {name}:{block.line}: {message}\n")
        sys.exit(1)

    def path_of(value):
        path = shell.rewrite(os.path.expandvars(
            value.replace("$TGC", args.src_root)))
        return path if os.path.isabs(path) else os.path.join(shell.cwd(), path)

    for block in blocks:
        if block.get("skip") is not None:
            counts["skipped"] += 1
            print(f"{name}:{block.line}: skipped: {block.get('skip')}")
            continue
        requires = block.get("requires")
        if requires == "tensorflow" and not args.tf_python:
            counts["skipped"] += 1
            print(f"{name}:{block.line}: skipped: needs TensorFlow")
            continue
        if block.get("setup"):
            rc, out = shell.run(block.get("setup"), strict=True)
            if rc:
                fail(block, f"the setup command failed:\n{out}")

        if block.get("file"):
            path = path_of(block.get("file"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(block.text + "\n")
            counts["files"] += 1
        elif block.get("compare") or block.get("excerpt") or block.get("excerpt-comment"):
            key = next(k for k in ("compare", "excerpt", "excerpt-comment") if block.get(k))
            path = path_of(block.get(key))
            if not os.path.exists(path):
                fail(block, f"{key}: no file {path}")
            text = open(path, encoding="utf-8").read()
            if key == "excerpt-comment":
                text = "\n".join(re.sub(r"^# ?", "", l) for l in text.split("\n")
                                 if l.startswith("#"))
            ok = (text.rstrip("\n") == block.text.rstrip("\n") if key == "compare"
                  else block.text.strip("\n") in text)
            if not ok:
                import difflib
                diff = "".join(difflib.unified_diff(
                    block.text.rstrip("\n").splitlines(True),
                    text.rstrip("\n").splitlines(True), "page", path))
                fail(block, f"the block differs from {path}:\n{diff}")
            counts["compared"] += 1
        elif block.get("apt-packages-in"):
            path = path_of(block.get("apt-packages-in"))
            words = " ".join(block.text.replace("\\\n", " ").split("\n"))
            wanted = []
            for command in words.split("\n"):
                tokens = command.split()
                if "install" in tokens:
                    wanted += [t for t in tokens[tokens.index("install") + 1:]
                               if not t.startswith("-")]
            known = set(re.findall(r"[\w.+-]+", open(path).read()))
            missing = [p for p in wanted if p not in known]
            if not wanted or missing:
                fail(block, f"packages not installed by {path}: {missing or 'none named'}")
            counts["compared"] += 1
        elif block.get("python-tf") is not None:
            if not args.tf_python:
                counts["skipped"] += 1
                print(f"{name}:{block.line}: skipped: needs TensorFlow")
                continue
            script = os.path.join(shell.cwd(), ".doc-test-block.py")
            with open(script, "w") as f:
                f.write(shell.rewrite(block.text) + "\n")
            rc, out = shell.run(f"{shlex.quote(args.tf_python)} {shlex.quote(script)}",
                                strict=True, rewrite=False)
            if rc:
                fail(block, f"the Python block failed:\n{out}")
            counts["run"] += 1
            counts["commands"] += 1
        elif block.text.startswith("$ "):
            for command, expected in transcript(block.text):
                rc, out = shell.run(command, strict=False)
                counts["commands"] += 1
                shown = "\n".join(expected)
                if rc != 0 and "error:" not in shown:
                    fail(block, f"`{command}` exited with {rc}:\n{out}")
                if not matches(expected, out):
                    fail(block, f"the output of `{command}` differs from the page.\n"
                                f"--- page\n{shown}\n--- actual\n{out}")
            counts["run"] += 1
        elif block.lang in ("sh", "bash"):
            rc, out = shell.run(block.text, strict=True)
            counts["commands"] += sum(
                1 for l in block.text.replace("\\\n", " ").split("\n")
                if l.strip() and not l.strip().startswith("#"))
            if rc:
                fail(block, f"the commands failed (exit {rc}):\n{out}")
            counts["run"] += 1
        else:
            fail(block, f"a ```{block.lang} block that is neither commands nor "
                        "a transcript: annotate it (see test/docs/run_markdown.py)")

    print(f"{name}: {len(blocks)} blocks: {counts['run']} run "
          f"({counts['commands']} commands), {counts['files']} files, "
          f"{counts['compared']} compared, {counts['skipped']} skipped")


if __name__ == "__main__":
    main()

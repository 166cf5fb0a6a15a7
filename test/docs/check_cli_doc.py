#!/usr/bin/env python3
"""Checks that a Markdown page documents every option of a --help text.

Usage: TOOL --help | check_cli_doc.py DOC.md

Reads the help text on stdin and collects every option it lists: the first
column of each option line ("  --emit=<string>  - ...", "  -O <uint>  - ...",
"  -h, --help  print ..."). Each must appear in DOC.md as a whole option
(`--help` is not found inside `--help-list`; `-O` is found in `-O2`).
Prints "documented: N options" and exits 0, or names the missing ones on
stderr and exits 1.
"""

import re
import sys

# An option line starts with indentation and a dash; its first column ends
# at " - " (LLVM's cl help) or at two spaces (hand-written help).
OPTION_LINE = re.compile(r"^\s+(-.*?)(?:\s+-\s|\s{2,}|$)")
OPTION = re.compile(r"(?:^|[\s,])(--?[A-Za-z][A-Za-z0-9-]*)")


def help_options(text):
    options = []
    for line in text.splitlines():
        match = OPTION_LINE.match(line)
        if not match:
            continue
        for option in OPTION.findall(match.group(1)):
            if option not in options:
                options.append(option)
    return options


def documented(option, doc):
    # Not preceded by a word character or dash; not followed by a letter or
    # dash (a digit may follow a one-letter option: -O3).
    pattern = r"(?<![\w-])" + re.escape(option) + r"(?![A-Za-z_-])"
    return re.search(pattern, doc) is not None


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: TOOL --help | check_cli_doc.py DOC.md\n")
        return 2
    help_text = sys.stdin.read()
    options = help_options(help_text)
    if not options:
        sys.stderr.write("error: no options found in the help text on stdin\n")
        return 1
    try:
        with open(argv[1], encoding="utf-8") as file:
            doc = file.read()
    except OSError as error:
        sys.stderr.write(f"error: cannot read {argv[1]}: {error.strerror}\n")
        return 1
    missing = [option for option in options if not documented(option, doc)]
    if missing:
        sys.stderr.write(
            f"error: {argv[1]} does not document {len(missing)} of "
            f"{len(options)} options: {', '.join(missing)}\n")
        return 1
    print(f"documented: {len(options)} options")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

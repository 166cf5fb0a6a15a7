#!/usr/bin/env python3
"""Checks that a Markdown page documents every option of a --help text.

Usage: TOOL --help | check_cli_doc.py DOC.md

Reads the help text on stdin and collects every option it lists: the first
column of each option line ("  --emit=<string>  - ...", "  -O <uint>  - ...",
"  -h, --help  print ..."). Each must appear in DOC.md as a whole option
(`--help` is not found inside `--help-list`; `-O` is found in `-O2`) outside
fenced code blocks, so that a pasted copy of the help text or an example
command does not count as documentation. Prints "documented: N options" and
exits 0, or names the missing ones on stderr and exits 1.
"""

import re
import sys

# An option line starts with indentation and a dash; its first column ends
# at " - " (LLVM's cl help) or at two spaces (hand-written help).
OPTION_LINE = re.compile(r"^\s+(-.*?)(?:\s+-\s|\s{2,}|$)")
OPTION = re.compile(r"(?:^|[\s,])(--?[A-Za-z][A-Za-z0-9-]*)")
FENCE = re.compile(r"^\s*(```|~~~)")


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


def prose(markdown):
    """The Markdown text without its fenced code blocks."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return "\n".join(lines)


def documented(option, text):
    # Not preceded by a word character or dash; not followed by a letter or
    # dash (a digit may follow a one-letter option: -O3).
    pattern = r"(?<![\w-])" + re.escape(option) + r"(?![A-Za-z_-])"
    return re.search(pattern, text) is not None


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: TOOL --help | check_cli_doc.py DOC.md\n")
        return 2
    options = help_options(sys.stdin.read())
    if not options:
        sys.stderr.write("error: no options found in the help text on stdin\n")
        return 1
    try:
        with open(argv[1], encoding="utf-8") as file:
            text = prose(file.read())
    except OSError as error:
        sys.stderr.write(f"error: cannot read {argv[1]}: {error.strerror}\n")
        return 1
    missing = [option for option in options if not documented(option, text)]
    if missing:
        sys.stderr.write(
            f"error: {argv[1]} does not document {len(missing)} of "
            f"{len(options)} options: {', '.join(missing)}\n")
        return 1
    print(f"documented: {len(options)} options")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

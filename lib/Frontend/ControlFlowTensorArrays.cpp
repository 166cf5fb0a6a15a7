//===- ControlFlowTensorArrays.cpp - TF1 TensorArrays -> TensorLists ------===//
//
// TF1's TensorArrays (tf.TensorArray, tf.map_fn, dynamic_rnn in TF1 graph
// mode) are a resource handle and a "flow" scalar that orders the
// operations on it: every op takes the handle and the flow and returns the
// next flow. Before import they are rewritten into TF2's TensorList ops,
// whose value is the list itself, so that the TensorList importers
// (ControlFlowTensorListImporters.cpp), the loop rewrite and the element
// shape inference apply unchanged:
//
//   TensorArrayV3(size)                -> TensorListReserve(shape, size);
//                                         the handle and the flow are both
//                                         the list
//   TensorArrayWriteV3(h, i, v, f)     -> TensorListSetItem(f, i, v)
//   TensorArrayReadV3(h, i, f)         -> TensorListGetItem(f, i, -1)
//   TensorArrayGatherV3(h, idx, f)     -> TensorListGather(f, idx, shape)
//   TensorArrayScatterV3(h, idx, v, f) -> TensorListFromTensor(v, -1) when
//                                         idx is range(0, n, 1) (unstack),
//                                         else TensorListScatterInto...(f,
//                                         v, idx)
//   TensorArraySizeV3(h, f)            -> TensorListLength(f)
//   TensorArrayConcatV3(h, f)          -> TensorListConcatV2(f, [-1, shape
//                                         except 0...], []): the value and
//                                         the lengths, as before
//   TensorArraySplitV3(h, v, len, f)   -> TensorListSplit(v, -1, len) after
//                                         f (a split replaces every element)
//   TensorArrayCloseV3(h)              -> NoOp after h
//
// The Enter, Merge, Switch, Exit, NextIteration and Identity nodes that
// carry a handle or a flow are retyped DT_VARIANT, as a TensorList's are.
// TensorArrayGradV3 (gradients built in TF1 graph mode) is left, an
// unsupported op.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>

using namespace tgc;
using namespace tgc::frontend;

namespace {

std::optional<TensorRef> refOf(const std::string &text) {
  return parseTensorRef(text);
}

/// A Const int32 node holding `dims`, or the scalar -1 ("unknown") when
/// `dims` is none.
tfp::NodeDef shapeConst(const std::string &name,
                        const std::optional<std::vector<int64_t>> &dims) {
  tfp::NodeDef node;
  node.set_name(name);
  node.set_op("Const");
  (*node.mutable_attr())["dtype"].set_type(tfp::DT_INT32);
  tfp::TensorProto *value = (*node.mutable_attr())["value"].mutable_tensor();
  value->set_dtype(tfp::DT_INT32);
  if (!dims) {
    value->add_int_val(-1);
    return node;
  }
  value->mutable_tensor_shape()->add_dim()->set_size(dims->size());
  for (int64_t d : *dims)
    value->add_int_val(static_cast<int32_t>(d));
  return node;
}

/// The fully known shape of a node's `element_shape` attribute, or none.
std::optional<std::vector<int64_t>> elementShapeAttr(const tfp::NodeDef &node) {
  auto it = node.attr().find("element_shape");
  if (it == node.attr().end() ||
      it->second.value_case() != tfp::AttrValue::kShape ||
      it->second.shape().unknown_rank())
    return std::nullopt;
  std::vector<int64_t> dims;
  for (const auto &dim : it->second.shape().dim()) {
    if (dim.size() < 0)
      return std::nullopt;
    dims.push_back(dim.size());
  }
  return dims;
}

int typeAttr(const tfp::NodeDef &node, const char *name) {
  auto it = node.attr().find(name);
  return it == node.attr().end() ? tfp::DT_INVALID : it->second.type();
}

bool isConstInt(const tfp::NodeDef *node, int64_t value) {
  if (!node || node->op() != "Const")
    return false;
  auto it = node->attr().find("value");
  if (it == node->attr().end() ||
      it->second.value_case() != tfp::AttrValue::kTensor)
    return false;
  const tfp::TensorProto &t = it->second.tensor();
  if (t.int_val_size() == 1)
    return t.int_val(0) == value;
  if (t.int64_val_size() == 1)
    return t.int64_val(0) == value;
  // Weights read from a TF.js shard are raw bytes.
  const std::string &raw = t.tensor_content();
  if (t.dtype() == tfp::DT_INT32 && raw.size() == 4) {
    int32_t v;
    std::memcpy(&v, raw.data(), 4);
    return v == value;
  }
  if (t.dtype() == tfp::DT_INT64 && raw.size() == 8) {
    int64_t v;
    std::memcpy(&v, raw.data(), 8);
    return v == value;
  }
  return false;
}

} // namespace

void tgc::frontend::rewriteTensorArrays(tfp::GraphDef &graph) {
  bool any = llvm::any_of(graph.node(), [](const tfp::NodeDef &node) {
    return node.op() == "TensorArrayV3";
  });
  if (!any)
    return;
  llvm::StringMap<tfp::NodeDef *> byName;
  llvm::StringSet<> names;
  for (tfp::NodeDef &node : *graph.mutable_node()) {
    byName[node.name()] = &node;
    names.insert(node.name());
  }
  auto unique = [&](const std::string &base) {
    std::string name = base;
    for (int i = 1; names.count(name); ++i)
      name = base + "_" + std::to_string(i);
    names.insert(name);
    return name;
  };
  auto input = [&](const tfp::NodeDef &node, int i) -> const tfp::NodeDef * {
    if (i >= node.input_size())
      return nullptr;
    std::optional<TensorRef> ref = refOf(node.input(i));
    return ref ? byName.lookup(ref->node) : nullptr;
  };

  std::vector<tfp::NodeDef> added;
  llvm::StringSet<> arrays, carriers; // the rewritten nodes' tensors
  // The arrays: Reserve, with flow references (":1") moved to ":0".
  for (tfp::NodeDef &node : *graph.mutable_node()) {
    if (node.op() != "TensorArrayV3")
      continue;
    arrays.insert(node.name());
    int dtype = typeAttr(node, "dtype");
    std::optional<std::vector<int64_t>> shape = elementShapeAttr(node);
    tfp::NodeDef shapeNode =
        shapeConst(unique(node.name() + "/element_shape"), shape);
    std::string size = node.input_size() ? node.input(0) : "";
    node.set_op("TensorListReserve");
    node.clear_input();
    node.add_input(shapeNode.name());
    node.add_input(size);
    node.clear_attr();
    (*node.mutable_attr())["element_dtype"].set_type(
        static_cast<tfp::DataType>(dtype));
    (*node.mutable_attr())["shape_type"].set_type(tfp::DT_INT32);
    added.push_back(shapeNode);
  }
  for (tfp::NodeDef &node : *graph.mutable_node())
    for (int i = 0; i < node.input_size(); ++i) {
      std::optional<TensorRef> ref = refOf(node.input(i));
      if (ref && !ref->control && arrays.count(ref->node) && ref->index == 1)
        node.set_input(i, ref->node + ":0");
    }

  // The operations: each keeps its name and its flow output (":0").
  for (tfp::NodeDef &node : *graph.mutable_node()) {
    llvm::StringRef op = node.op();
    std::vector<std::string> in(node.input().begin(), node.input().end());
    std::vector<std::string> controls;
    std::vector<std::string> data;
    for (const std::string &text : in)
      (llvm::StringRef(text).starts_with("^") ? controls : data)
          .push_back(text);
    int dtype = typeAttr(node, op == "TensorArrayWriteV3" ||
                                       op == "TensorArrayScatterV3"
                                   ? "T"
                                   : "dtype");
    // A new shape constant runs in the op's frame (inside a loop, in the
    // iteration): it waits for the op's first data input, as TF's
    // constants in loops wait for the pivot.
    auto inFrame = [&](tfp::NodeDef shapeNode, const std::string &anchor) {
      if (std::optional<TensorRef> ref = refOf(anchor))
        shapeNode.add_input("^" + ref->node);
      return shapeNode;
    };
    auto rebuild = [&](const char *newOp, std::vector<std::string> inputs) {
      node.set_op(newOp);
      node.clear_input();
      for (const std::string &text : inputs)
        node.add_input(text);
      for (const std::string &control : controls)
        node.add_input(control);
      node.clear_attr();
      if (dtype != tfp::DT_INVALID)
        (*node.mutable_attr())["element_dtype"].set_type(
            static_cast<tfp::DataType>(dtype));
    };
    if (op == "TensorArrayWriteV3" && data.size() == 4) {
      rebuild("TensorListSetItem", {data[3], data[1], data[2]});
    } else if (op == "TensorArrayReadV3" && data.size() == 3) {
      tfp::NodeDef shapeNode = inFrame(
          shapeConst(unique(node.name() + "/element_shape"), std::nullopt),
          data[2]);
      rebuild("TensorListGetItem", {data[2], data[1], shapeNode.name()});
      added.push_back(shapeNode);
    } else if (op == "TensorArrayGatherV3" && data.size() == 3) {
      tfp::NodeDef shapeNode = inFrame(
          shapeConst(unique(node.name() + "/element_shape"),
                     elementShapeAttr(node)),
          data[2]);
      rebuild("TensorListGather", {data[2], data[1], shapeNode.name()});
      added.push_back(shapeNode);
    } else if (op == "TensorArrayScatterV3" && data.size() == 4) {
      const tfp::NodeDef *indices = input(node, 1);
      bool unstack = indices && indices->op() == "Range" &&
                     isConstInt(input(*indices, 0), 0) &&
                     isConstInt(input(*indices, 2), 1);
      if (unstack) {
        tfp::NodeDef shapeNode = inFrame(
            shapeConst(unique(node.name() + "/element_shape"), std::nullopt),
            data[2]);
        rebuild("TensorListFromTensor", {data[2], shapeNode.name()});
        added.push_back(shapeNode);
      } else {
        rebuild("TensorListScatterIntoExistingList",
                {data[3], data[2], data[1]});
      }
    } else if (op == "TensorArrayConcatV3" && data.size() == 2) {
      std::optional<std::vector<int64_t>> shape;
      auto it = node.attr().find("element_shape_except0");
      if (it != node.attr().end() &&
          it->second.value_case() == tfp::AttrValue::kShape &&
          !it->second.shape().unknown_rank()) {
        shape = std::vector<int64_t>{-1};
        for (const auto &dim : it->second.shape().dim())
          shape->push_back(dim.size());
      }
      tfp::NodeDef shapeNode = inFrame(
          shapeConst(unique(node.name() + "/element_shape"), shape), data[1]);
      tfp::NodeDef leading = inFrame(
          shapeConst(unique(node.name() + "/leading_dims"),
                     std::vector<int64_t>{}),
          data[1]);
      (*leading.mutable_attr())["dtype"].set_type(tfp::DT_INT64);
      tfp::TensorProto *value =
          (*leading.mutable_attr())["value"].mutable_tensor();
      value->set_dtype(tfp::DT_INT64);
      rebuild("TensorListConcatV2",
              {data[1], shapeNode.name(), leading.name()});
      added.push_back(shapeNode);
      added.push_back(leading);
    } else if (op == "TensorArraySplitV3" && data.size() == 4) {
      tfp::NodeDef shapeNode = inFrame(
          shapeConst(unique(node.name() + "/element_shape"), std::nullopt),
          data[1]);
      // The split list replaces the array's elements: it comes after what
      // the flow orders before it.
      if (std::optional<TensorRef> flow = refOf(data[3]))
        controls.push_back("^" + flow->node);
      rebuild("TensorListSplit", {data[1], shapeNode.name(), data[2]});
      added.push_back(shapeNode);
    } else if (op == "TensorArraySizeV3" && data.size() == 2) {
      rebuild("TensorListLength", {data[1]});
    } else if (op == "TensorArrayCloseV3" && !data.empty()) {
      std::optional<TensorRef> handle = refOf(data[0]);
      rebuild("NoOp", {});
      if (handle)
        node.add_input("^" + handle->node);
    } else {
      continue;
    }
    carriers.insert(node.name());
  }
  for (llvm::StringRef name : arrays.keys())
    carriers.insert(name);

  // Nodes that pass a list along (handles and flows through loops and
  // Identities) carry a variant now.
  bool changed = true;
  while (changed) {
    changed = false;
    for (tfp::NodeDef &node : *graph.mutable_node()) {
      llvm::StringRef op = node.op();
      bool passes = op == "Enter" || op == "Merge" || op == "Switch" ||
                    op == "Exit" || op == "NextIteration" ||
                    op == "Identity" || op == "RefIdentity";
      if (!passes || carriers.count(node.name()) || node.input_size() == 0)
        continue;
      std::optional<TensorRef> ref = refOf(node.input(0));
      if (!ref || ref->control || !carriers.count(ref->node))
        continue;
      (*node.mutable_attr())["T"].set_type(tfp::DT_VARIANT);
      carriers.insert(node.name());
      changed = true;
    }
  }
  for (tfp::NodeDef &node : added)
    *graph.add_node() = std::move(node);
}

//===- VariablesImporters.cpp - TF variables -> tg.variable, read, assign -===//
//
// The Variables family. VariableV2/Variable and VarHandleOp nodes (and the
// Consts --variables names) become module-level tg.variable symbols, created
// on first use, whose initial value is the constant that an Assign or
// AssignVariableOp initialiser stores (zeros when there is none);
// ReadVariableOp becomes tg.read, ResourceGather a tg.gather of one;
// Assign, AssignAdd, AssignSub and their resource forms (...VariableOp)
// become tg.assign (of a tg.add or tg.sub of the current value), the
// scatters (ScatterAdd... and ResourceScatterAdd..., kinds add, sub, mul,
// div, min, max, update) a tg.assign of a tg.scatter into the current value;
// VarIsInitializedOp and IsVariableInitialized are true (a session
// initialises every variable). A consumer of a TF1 reference variable reads
// it where it runs (importNode, Importer.cpp).
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace tgc;
using namespace tgc::frontend;

FailureOr<ElementsAttr>
GraphImporter::findInitializer(const tfp::NodeDef &variable,
                               RankedTensorType type) {
  // TF1: Assign(var, init); resource variables: AssignVariableOp(handle,
  // init). The initialiser is a Const, possibly behind Identity nodes.
  for (const tfp::NodeDef &node : graph.node()) {
    bool assigns = (node.op() == "Assign" || node.op() == "AssignVariableOp") &&
                   node.input_size() >= 2 &&
                   inputs[node.name()][0].node == variable.name();
    if (!assigns)
      continue;
    const tfp::NodeDef *source = nodes[inputs[node.name()][1].node];
    // Follow Identity nodes (at most once each: a cycle ends the walk).
    for (int steps = 0; source->op() == "Identity" && source->input_size() >= 1 &&
                        steps < graph.node_size();
         ++steps)
      source = nodes[inputs[source->name()][0].node];
    if (source->op() != "Const")
      continue;
    auto value = source->attr().find("value");
    if (value == source->attr().end() ||
        value->second.value_case() != tfp::AttrValue::kTensor)
      return nodeError(*source) << "missing tensor attribute 'value'";
    FailureOr<ElementsAttr> init =
        convertTensor(&context, value->second.tensor(), nodeLoc(*source));
    if (failed(init))
      return failure();
    if (init->getType() != type)
      return nodeError(node) << "initialises variable '" << variable.name()
                             << "' of type " << type << " with a value of type "
                             << init->getType();
    return *init;
  }
  return ElementsAttr();
}

LogicalResult GraphImporter::findVariables() {
  // A region's arguments that stand for the enclosing graph's variables.
  for (auto &[placeholder, variable] : inherited) {
    variables.insert({placeholder, variable});
    resourceOf[placeholder] = placeholder;
  }
  llvm::StringMap<const VariableSpec *> specs;
  for (const VariableSpec &spec : options.variables) {
    auto it = nodes.find(spec.node);
    if (it == nodes.end())
      return emitError(fileLoc()) << "variable '" << spec.node
                                  << "' names no node in the graph";
    llvm::StringRef op = it->second->op();
    if (!isVariableNode(op) && op != "Const")
      return nodeError(*it->second)
             << "cannot be a variable: only VariableV2, VarHandleOp and "
                "Const nodes can";
    specs[spec.node] = &spec;
  }

  for (const tfp::NodeDef &node : graph.node()) {
    const VariableSpec *spec = specs.lookup(node.name());
    if (!isVariableNode(node.op()) && !spec)
      continue;
    Variable variable;
    variable.symbol = spec && !spec->alias.empty() ? spec->alias : node.name();
    variable.readonly = spec && spec->readonly;
    if (node.op() == "Const") {
      auto value = node.attr().find("value");
      if (value == node.attr().end() ||
          value->second.value_case() != tfp::AttrValue::kTensor)
        return nodeError(node) << "missing tensor attribute 'value'";
      FailureOr<ElementsAttr> init =
          convertTensor(&context, value->second.tensor(), nodeLoc(node));
      if (failed(init))
        return failure();
      variable.type = cast<RankedTensorType>(init->getType());
      variable.initialValue = *init;
    } else {
      FailureOr<RankedTensorType> type = feedType(node, 0, nullptr);
      if (failed(type))
        return failure();
      if (!type->hasStaticShape())
        return nodeError(node) << "variable shape " << *type
                               << " must be static";
      variable.type = *type;
      FailureOr<ElementsAttr> init = findInitializer(node, *type);
      if (failed(init))
        return failure();
      variable.initialValue = *init;
    }
    if (node.op() == "VarHandleOp")
      resourceOf[node.name()] = node.name();
    variables.insert({node.name(), variable});
  }
  return success();
}

LogicalResult GraphImporter::restoreCheckpoint() {
  std::map<std::string, CheckpointTensor> tensors;
  std::string error;
  if (!readCheckpoint(options.checkpoint, tensors, error))
    return emitError(fileLoc()) << error;
  llvm::DenseSet<const tfp::NodeDef *> needed(order.begin(), order.end());
  for (auto &[name, variable] : variables) {
    // Only the variables the fetches need. A SavedModel names each one's
    // tensor by its object path (checkpointKeys); a TF1 saver after its
    // node; a resource variable may go by its shared_name.
    const tfp::NodeDef &node = *nodes[name];
    if (!needed.count(&node))
      continue;
    auto key = options.checkpointKeys.find(name.str());
    auto it = tensors.find(key != options.checkpointKeys.end()
                               ? key->second
                               : name.str());
    auto shared = node.attr().find("shared_name");
    if (it == tensors.end() && shared != node.attr().end() &&
        !shared->second.s().empty())
      it = tensors.find(shared->second.s());
    if (it == tensors.end()) {
      std::string keys;
      for (const auto &[key, tensor] : tensors)
        keys += (keys.empty() ? "" : ", ") + key;
      return nodeError(node) << "variable '" << name << "' is not in checkpoint '"
                             << options.checkpoint << "' (it holds: " << keys
                             << ")";
    }
    tfp::TensorProto proto;
    proto.set_dtype(static_cast<tfp::DataType>(it->second.dtype));
    *proto.mutable_tensor_shape() = it->second.shape;
    proto.set_tensor_content(it->second.bytes);
    FailureOr<ElementsAttr> value =
        convertTensor(&context, proto, nodeLoc(node));
    if (failed(value))
      return failure();
    if (value->getType() != variable.type)
      return nodeError(node) << "variable '" << name << "' has type "
                             << variable.type << " but checkpoint tensor '"
                             << it->first << "' is " << value->getType();
    variable.initialValue = *value;
  }
  return success();
}

bool GraphImporter::isInitializer(const tfp::NodeDef &node) {
  // Assign(var, Const): TF1's initialiser, run once by `init`, not a result.
  if (!isAssignment(node.op()) || node.input_size() < 2)
    return false;
  const tfp::NodeDef *source = nodes[inputs[node.name()][1].node];
  for (int steps = 0; source->op() == "Identity" && source->input_size() >= 1 &&
                      steps < graph.node_size();
       ++steps)
    source = nodes[inputs[source->name()][0].node];
  return source->op() == "Const";
}

FlatSymbolRefAttr GraphImporter::variableSymbol(const std::string &node) {
  Variable &variable = variables.find(node)->second;
  if (!variable.created) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(module.getBody(), module.getBody()->begin());
    builder.create<tg::VariableOp>(
        nodeLoc(*nodes[node]), builder.getStringAttr(variable.symbol),
        TypeAttr::get(variable.type), variable.initialValue);
    variable.created = true;
  }
  return FlatSymbolRefAttr::get(&context, variable.symbol);
}

/// The reads and the assignments of a variable: the structural ops
/// importStructural leaves to this file. Every one takes the variable first.
LogicalResult
GraphImporter::importVariableAccess(const tfp::NodeDef &node,
                                    SmallVector<Value> &inputValues) {
  Location loc = nodeLoc(node);
  llvm::StringRef op = node.op();
  auto variableInput = [&](const char *what) -> FailureOr<std::string> {
    const TensorRef &ref = inputs[node.name()].front();
    if (auto reference = referenceOf.find(ref.node);
        reference != referenceOf.end())
      return reference->second;
    if (!variables.count(ref.node) && !resourceOf.count(ref.node))
      return nodeError(node) << "its " << what
                             << " input must be a variable, got node '"
                             << ref.node << "'";
    auto resource = resourceOf.find(ref.node);
    return resource != resourceOf.end() ? resource->second : ref.node;
  };
  auto checkWritable = [&](const std::string &variable) -> LogicalResult {
    if (variables.find(variable)->second.readonly)
      return nodeError(node) << "assigns variable '" << variable
                             << "', which --config declares read-only";
    return success();
  };
  auto expectInputs = [&](size_t count) -> LogicalResult {
    if (inputValues.size() == count)
      return success();
    return nodeError(node) << "has " << inputValues.size() << " input"
                           << (inputValues.size() == 1 ? "" : "s")
                           << ", expected " << count;
  };

  if (inputValues.empty())
    return nodeError(node) << "has no inputs";
  FailureOr<std::string> variable = variableInput("first");
  if (failed(variable))
    return failure();
  if (op == "VarIsInitializedOp" || op == "IsVariableInitialized") {
    // A session initialises every variable when it is created.
    auto type = RankedTensorType::get({}, builder.getI1Type());
    values[node.name()] = {builder.create<tg::ConstantOp>(
        loc, DenseElementsAttr::get(type, true))};
    return success();
  }
  FlatSymbolRefAttr symbol = variableSymbol(*variable);
  RankedTensorType type = variables.find(*variable)->second.type;
  if (op == "ReadVariableOp") {
    values[node.name()] = {
        builder.create<tg::ReadOp>(loc, type, symbol).getResult()};
    return success();
  }
  if (op == "ResourceGather") {
    // (resource, indices): a gather of the current value; batch_dims b
    // gathers along dimension b.
    if (failed(expectInputs(2)))
      return failure();
    int64_t batchDims = intAttr(node, "batch_dims", 0);
    Value current = builder.create<tg::ReadOp>(loc, type, symbol);
    NodeContext ctx{builder, loc, node, {current, inputValues[1]}};
    FailureOr<SmallVector<Value>> gathered = createOp(
        ctx, tg::GatherOp::getOperationName(), ctx.inputs,
        {builder.getNamedAttr("axis", builder.getI64IntegerAttr(batchDims)),
         builder.getNamedAttr("batch_dims",
                              builder.getI64IntegerAttr(batchDims))});
    if (failed(gathered))
      return failure();
    values[node.name()] = std::move(*gathered);
    return success();
  }

  // Assignments: (variable, value) or, for scatters, (variable, indices,
  // updates).
  if (failed(checkWritable(*variable)))
    return failure();
  Value value;
  if (llvm::StringRef kind = scatterKind(op); !kind.empty()) {
    if (failed(expectInputs(3)))
      return failure();
    Value current = builder.create<tg::ReadOp>(loc, type, symbol);
    NodeContext ctx{builder, loc, node, {current, inputValues[1],
                                         inputValues[2]}};
    SmallVector<Type, 1> resultTypes{type};
    FailureOr<SmallVector<Value>> scattered = createOp(
        ctx, tg::ScatterOp::getOperationName(), ctx.inputs,
        {builder.getNamedAttr("kind", builder.getStringAttr(kind))},
        TypeRange(resultTypes));
    if (failed(scattered))
      return failure();
    value = scattered->front();
  } else {
    if (failed(expectInputs(2)))
      return failure();
    value = inputValues[1];
    if (value.getType() != type)
      return nodeError(node) << "assigns a value of type " << value.getType()
                             << " to variable '" << *variable << "' of type "
                             << type;
    if (op == "AssignAdd" || op == "AssignAddVariableOp") {
      Value current = builder.create<tg::ReadOp>(loc, type, symbol);
      value = builder.create<tg::AddOp>(loc, type, current, value);
    } else if (op == "AssignSub" || op == "AssignSubVariableOp") {
      Value current = builder.create<tg::ReadOp>(loc, type, symbol);
      value = builder.create<tg::SubOp>(loc, type, current, value);
    }
  }
  builder.create<tg::AssignOp>(loc, symbol, value);
  // TF1's reference forms output the variable, which now holds `value`.
  if (isResourceAssignment(op)) {
    values[node.name()] = {};
  } else {
    values[node.name()] = {value};
    referenceOf[node.name()] = *variable;
  }
  return success();
}

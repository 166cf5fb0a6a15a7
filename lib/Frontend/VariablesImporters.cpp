//===- VariablesImporters.cpp - TF variables -> tg.variable, read, assign -===//
//
// The Variables family. VariableV2/Variable and VarHandleOp nodes (and the
// Consts --variables names) become module-level tg.variable symbols, created
// on first use, whose initial value is the constant that an Assign or
// AssignVariableOp initialiser stores (zeros when there is none);
// ReadVariableOp becomes tg.read, and Assign, AssignAdd, AssignVariableOp
// and AssignAddVariableOp become tg.assign (of a tg.add for the adds). A
// consumer of a TF1 reference variable reads it where it runs (importNode,
// Importer.cpp).
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

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

/// ReadVariableOp and the assignments, (variable, value): the structural ops
/// importStructural leaves to this file.
LogicalResult
GraphImporter::importVariableAccess(const tfp::NodeDef &node,
                                    SmallVector<Value> &inputValues) {
  Location loc = nodeLoc(node);
  llvm::StringRef op = node.op();
  auto variableInput = [&](const char *what) -> FailureOr<std::string> {
    const TensorRef &ref = inputs[node.name()].front();
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

  if (inputValues.empty())
    return nodeError(node) << "has no inputs";
  FailureOr<std::string> variable = variableInput("first");
  if (failed(variable))
    return failure();
  FlatSymbolRefAttr symbol = variableSymbol(*variable);
  RankedTensorType type = variables.find(*variable)->second.type;
  if (op == "ReadVariableOp") {
    values[node.name()] = {
        builder.create<tg::ReadOp>(loc, type, symbol).getResult()};
    return success();
  }
  // Assignments: (variable, value).
  if (inputValues.size() != 2)
    return nodeError(node) << "has " << inputValues.size()
                           << " inputs, expected 2";
  if (failed(checkWritable(*variable)))
    return failure();
  Value value = inputValues[1];
  if (value.getType() != type)
    return nodeError(node) << "assigns a value of type " << value.getType()
                           << " to variable '" << *variable << "' of type "
                           << type;
  if (op == "AssignAdd" || op == "AssignAddVariableOp") {
    Value current = builder.create<tg::ReadOp>(loc, type, symbol);
    value = builder.create<tg::AddOp>(loc, type, current, value);
  }
  builder.create<tg::AssignOp>(loc, symbol, value);
  values[node.name()] = (op == "Assign" || op == "AssignAdd")
                            ? SmallVector<Value>{value}
                            : SmallVector<Value>{};
  return success();
}

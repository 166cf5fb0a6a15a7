//===- CoreImporters.cpp - The op importer table, Const and NoOp ----------===//
//
// The table of op importers, which each family's file fills (addXImporters),
// and what every importer uses: attribute access on the node, checkNHWC, and
// createOp, whose result types come from each op's shape inference (an
// inference failure is reported at the node instead of aborting). Const and
// NoOp, which belong to no op family, are imported here; Placeholder,
// IdentityN and the variable and control-flow ops are handled by the graph
// importer itself (Importer.cpp).
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"
#include "tgc/Frontend/Import.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace tgc::frontend;
namespace tg = tgc::tg;

//===----------------------------------------------------------------------===//
// Attribute access
//===----------------------------------------------------------------------===//

FailureOr<bool> NodeContext::boolAttr(llvm::StringRef name,
                                      bool defaultValue) const {
  auto it = node.attr().find(std::string(name));
  if (it == node.attr().end())
    return defaultValue;
  if (it->second.value_case() != tfp::AttrValue::kB)
    return emitError() << "attribute '" << name << "' must be a bool";
  return it->second.b();
}

FailureOr<std::string>
NodeContext::stringAttr(llvm::StringRef name,
                        llvm::StringRef defaultValue) const {
  auto it = node.attr().find(std::string(name));
  if (it == node.attr().end())
    return std::string(defaultValue);
  if (it->second.value_case() != tfp::AttrValue::kS)
    return emitError() << "attribute '" << name << "' must be a string";
  return it->second.s();
}

FailureOr<Type> NodeContext::typeAttr(llvm::StringRef name) const {
  auto it = node.attr().find(std::string(name));
  if (it == node.attr().end())
    return emitError() << "missing attribute '" << name << "'";
  if (it->second.value_case() != tfp::AttrValue::kType)
    return emitError() << "attribute '" << name << "' must be a type";
  return convertDataType(builder.getContext(), it->second.type(), loc,
                         "node '" + node.name() + "' (" + node.op() +
                             "): attribute '" + name.str() + "'");
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

LogicalResult tgc::frontend::checkNHWC(NodeContext &ctx) {
  FailureOr<std::string> format = ctx.stringAttr("data_format", "NHWC");
  if (failed(format))
    return failure();
  if (*format != "NHWC")
    return ctx.emitError() << "data_format '" << *format
                           << "' is not supported (only NHWC)";
  return success();
}

FailureOr<SmallVector<Value>>
tgc::frontend::createOp(NodeContext &ctx, llvm::StringRef opName,
                        ValueRange operands, ArrayRef<NamedAttribute> attrs,
                        std::optional<TypeRange> resultTypes) {
  MLIRContext *context = ctx.builder.getContext();
  OperationState state(ctx.loc, opName);
  state.addOperands(operands);
  state.addAttributes(attrs);
  if (resultTypes)
    state.addTypes(*resultTypes);
  else
    state.addTypes(NoneType::get(context));
  Operation *op = ctx.builder.create(state);
  if (!resultTypes) {
    SmallVector<Type> types;
    auto infer = cast<InferTypeOpInterface>(op);
    if (failed(infer.inferReturnTypes(context, ctx.loc, op->getOperands(),
                                      op->getAttrDictionary(),
                                      op->getPropertiesStorage(),
                                      op->getRegions(), types))) {
      op->erase();
      return failure();
    }
    for (auto [result, type] : llvm::zip(op->getResults(), types))
      result.setType(type);
  }
  if (failed(mlir::verify(op, /*verifyRecursively=*/false))) {
    op->erase();
    return failure();
  }
  SmallVector<Value> results(op->getResults());

  // Fold on constant operands: shape computations become constants.
  SmallVector<Attribute> constants;
  for (Value operand : op->getOperands()) {
    Attribute attr;
    constants.push_back(matchPattern(operand, m_Constant(&attr)) ? attr
                                                                 : Attribute());
  }
  SmallVector<OpFoldResult> folded;
  if (succeeded(op->fold(constants, folded)) &&
      folded.size() == op->getNumResults()) {
    SmallVector<Value> replacements;
    for (auto [result, fold] : llvm::zip(op->getResults(), folded)) {
      if (auto value = dyn_cast<Value>(fold)) {
        replacements.push_back(value);
        continue;
      }
      auto elements = dyn_cast<ElementsAttr>(cast<Attribute>(fold));
      if (!elements || elements.getType() != result.getType())
        return results;
      replacements.push_back(
          ctx.builder.create<tg::ConstantOp>(ctx.loc, elements).getResult());
    }
    op->erase();
    return replacements;
  }
  return results;
}

//===----------------------------------------------------------------------===//
// Importers
//===----------------------------------------------------------------------===//

static FailureOr<SmallVector<Value>> importConst(NodeContext &ctx) {
  auto it = ctx.node.attr().find("value");
  if (it == ctx.node.attr().end())
    return ctx.emitError() << "missing attribute 'value'";
  if (it->second.value_case() != tfp::AttrValue::kTensor)
    return ctx.emitError() << "attribute 'value' must be a tensor";
  auto dtype = ctx.node.attr().find("dtype");
  if (dtype != ctx.node.attr().end() &&
      dtype->second.value_case() == tfp::AttrValue::kType &&
      dtype->second.type() != it->second.tensor().dtype())
    return ctx.emitError() << "attribute 'dtype' is "
                           << dataTypeName(dtype->second.type())
                           << " but the value is "
                           << dataTypeName(it->second.tensor().dtype());
  FailureOr<ElementsAttr> value =
      convertTensor(ctx.builder.getContext(), it->second.tensor(), ctx.loc);
  if (failed(value))
    return failure();
  return SmallVector<Value>{
      ctx.builder.create<tg::ConstantOp>(ctx.loc, *value).getResult()};
}

static FailureOr<SmallVector<Value>> importNoOp(NodeContext &) {
  return SmallVector<Value>{};
}

static OpImporterTable buildImporterTable() {
  OpImporterTable importers = {
      {"Const", {importConst, 0, 1}},
      {"NoOp", {importNoOp, 0, 0}},
  };
  addElementwiseImporters(importers);
  addShapeImporters(importers);
  addShapeSliceImporters(importers);
  addShapeIndexingImporters(importers);
  addReductionImporters(importers);
  addNNImporters(importers);
  addNNEinsumImporters(importers);
  addNNLossImporters(importers);
  addControlFlowTensorListImporters(importers);
  return importers;
}

static const OpImporterTable &importerTable() {
  static const OpImporterTable table = buildImporterTable();
  return table;
}

const OpImporter *tgc::frontend::lookupOpImporter(llvm::StringRef opType) {
  auto it = importerTable().find(opType);
  return it == importerTable().end() ? nullptr : &it->second;
}

std::vector<std::string> tgc::frontend::importableOpTypes() {
  std::vector<std::string> names;
  for (const auto &entry : importerTable())
    names.push_back(entry.getKey().str());
  for (const char *structural :
       {"Placeholder", "IdentityN", "Assert", "VariableV2", "Variable", "VarHandleOp",
        "ReadVariableOp", "ResourceGather", "VarIsInitializedOp",
        "IsVariableInitialized", "Assign", "AssignAdd", "AssignSub",
        "AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp",
        "ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv", "ScatterMin",
        "ScatterMax", "ScatterUpdate", "ResourceScatterAdd",
        "ResourceScatterSub", "ResourceScatterMul", "ResourceScatterDiv",
        "ResourceScatterMin", "ResourceScatterMax", "ResourceScatterUpdate",
        "Enter", "Exit", "NextIteration", "LoopCond", "Merge", "Switch",
        "TensorArrayV3", "TensorArrayWriteV3", "TensorArrayReadV3",
        "TensorArrayGatherV3", "TensorArrayScatterV3", "TensorArraySizeV3",
        "TensorArrayCloseV3", "TensorArrayConcatV3", "TensorArraySplitV3",
        "If", "StatelessIf", "While", "StatelessWhile", "PartitionedCall",
        "StatefulPartitionedCall"})
    names.push_back(structural);
  llvm::sort(names);
  return names;
}

std::vector<std::string> tgc::importableOpTypes() {
  return frontend::importableOpTypes();
}

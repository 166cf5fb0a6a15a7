//===- ElementwiseImporters.cpp - TF elementwise ops -> tg -----------------===//
//
// Several TF spellings of one concept map to one tg op: Add, AddV2 and
// BiasAdd to tg.add, Identity and Snapshot to tg.identity, Inv and
// Reciprocal to tg.reciprocal.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace tgc::frontend;
namespace tg = tgc::tg;

namespace {

/// TF op type -> tg op name, for ops whose operands map one to one.
const std::pair<const char *, llvm::StringRef> kBinaryOps[] = {
    {"Sub", tg::SubOp::getOperationName()},
    {"Mul", tg::MulOp::getOperationName()},
    {"RealDiv", tg::DivOp::getOperationName()},
    {"FloorDiv", tg::FloorDivOp::getOperationName()},
    {"FloorMod", tg::FloorModOp::getOperationName()},
    {"Maximum", tg::MaximumOp::getOperationName()},
    {"Minimum", tg::MinimumOp::getOperationName()},
    {"Pow", tg::PowOp::getOperationName()},
    {"SquaredDifference", tg::SquaredDifferenceOp::getOperationName()},
    {"Atan2", tg::Atan2Op::getOperationName()},
    {"Prelu", tg::PreluOp::getOperationName()},
    {"Equal", tg::EqualOp::getOperationName()},
    {"NotEqual", tg::NotEqualOp::getOperationName()},
    {"Less", tg::LessOp::getOperationName()},
    {"LessEqual", tg::LessEqualOp::getOperationName()},
    {"Greater", tg::GreaterOp::getOperationName()},
    {"GreaterEqual", tg::GreaterEqualOp::getOperationName()},
    {"LogicalAnd", tg::LogicalAndOp::getOperationName()},
    {"LogicalOr", tg::LogicalOrOp::getOperationName()},
};

const std::pair<const char *, llvm::StringRef> kUnaryOps[] = {
    {"Relu6", tg::Relu6Op::getOperationName()},
    {"Sigmoid", tg::SigmoidOp::getOperationName()},
    {"Tanh", tg::TanhOp::getOperationName()},
    {"Exp", tg::ExpOp::getOperationName()},
    {"Log", tg::LogOp::getOperationName()},
    {"Sqrt", tg::SqrtOp::getOperationName()},
    {"Rsqrt", tg::RsqrtOp::getOperationName()},
    {"Reciprocal", tg::ReciprocalOp::getOperationName()},
    {"Inv", tg::ReciprocalOp::getOperationName()},
    {"Floor", tg::FloorOp::getOperationName()},
    {"Ceil", tg::CeilOp::getOperationName()},
    {"Round", tg::RoundOp::getOperationName()},
    {"Sin", tg::SinOp::getOperationName()},
    {"Cos", tg::CosOp::getOperationName()},
    {"Elu", tg::EluOp::getOperationName()},
    {"Erf", tg::ErfOp::getOperationName()},
    {"Erfc", tg::ErfcOp::getOperationName()},
    {"Neg", tg::NegOp::getOperationName()},
    {"Abs", tg::AbsOp::getOperationName()},
    {"Square", tg::SquareOp::getOperationName()},
    {"LogicalNot", tg::LogicalNotOp::getOperationName()},
};

llvm::StringRef tgNameOf(llvm::StringRef tfOp) {
  for (auto &[tf, name] : kBinaryOps)
    if (tfOp == tf)
      return name;
  for (auto &[tf, name] : kUnaryOps)
    if (tfOp == tf)
      return name;
  return {};
}

FailureOr<SmallVector<Value>> importMapped(NodeContext &ctx) {
  return createOp(ctx, tgNameOf(ctx.node.op()), ctx.inputs);
}

/// TF `Div`: true division on floats; integer Div (C-style truncation) is
/// not modelled yet.
FailureOr<SmallVector<Value>> importDiv(NodeContext &ctx) {
  auto type = cast<RankedTensorType>(ctx.inputs[0].getType());
  if (!isa<FloatType>(type.getElementType()))
    return ctx.emitError() << "integer division (truncating) is not "
                              "supported yet; got "
                           << type;
  return createOp(ctx, tg::DivOp::getOperationName(), ctx.inputs);
}

FailureOr<SmallVector<Value>> importLeakyRelu(NodeContext &ctx) {
  float alpha = 0.2f; // TF's default
  auto it = ctx.node.attr().find("alpha");
  if (it != ctx.node.attr().end()) {
    if (it->second.value_case() != tfp::AttrValue::kF)
      return ctx.emitError() << "attribute 'alpha' must be a float";
    alpha = it->second.f();
  }
  Builder &b = ctx.builder;
  return createOp(ctx, tg::LeakyReluOp::getOperationName(), ctx.inputs,
                  {b.getNamedAttr("alpha", b.getF32FloatAttr(alpha))});
}

FailureOr<SmallVector<Value>> importCast(NodeContext &ctx) {
  FailureOr<Type> to = ctx.typeAttr("DstT");
  if (failed(to))
    return failure();
  auto type = cast<RankedTensorType>(ctx.inputs[0].getType());
  Type result = RankedTensorType::get(type.getShape(), *to);
  return createOp(ctx, tg::CastOp::getOperationName(), ctx.inputs, {},
                  TypeRange{result});
}

/// SelectV2 broadcasts all three operands. TF1 Select also accepts a rank-1
/// condition that picks whole rows of higher-rank branches; that form is
/// reshaped to broadcast along the first dimension.
FailureOr<SmallVector<Value>> importSelect(NodeContext &ctx) {
  Value condition = ctx.inputs[0];
  auto condType = cast<RankedTensorType>(condition.getType());
  auto branchType = cast<RankedTensorType>(ctx.inputs[1].getType());
  if (ctx.node.op() == "Select" && condType.getRank() == 1 &&
      branchType.getRank() > 1) {
    return ctx.emitError() << "Select with a rank-1 condition over rank-"
                           << branchType.getRank()
                           << " branches is not supported yet";
  }
  return createOp(ctx, tg::SelectOp::getOperationName(), ctx.inputs);
}

FailureOr<SmallVector<Value>> importAddN(NodeContext &ctx) {
  if (ctx.inputs.empty())
    return ctx.emitError() << "needs at least one input";
  if (ctx.inputs.size() == 1)
    return SmallVector<Value>{ctx.inputs[0]};
  return createOp(ctx, tg::AddNOp::getOperationName(), ctx.inputs);
}

FailureOr<SmallVector<Value>> importIdentity(NodeContext &ctx) {
  return createOp(ctx, tg::IdentityOp::getOperationName(), ctx.inputs);
}

/// Kept as an op (not folded like Identity): tg-gradients must see where
/// gradients stop.
FailureOr<SmallVector<Value>> importStopGradient(NodeContext &ctx) {
  return createOp(ctx, tg::StopGradientOp::getOperationName(), ctx.inputs);
}

FailureOr<SmallVector<Value>> importAdd(NodeContext &ctx) {
  return createOp(ctx, tg::AddOp::getOperationName(), ctx.inputs);
}

FailureOr<SmallVector<Value>> importBiasAdd(NodeContext &ctx) {
  if (failed(checkNHWC(ctx)))
    return failure();
  auto value = cast<RankedTensorType>(ctx.inputs[0].getType());
  auto bias = cast<RankedTensorType>(ctx.inputs[1].getType());
  if (bias.getRank() != 1 || value.getRank() < 1)
    return ctx.emitError() << "needs a bias of rank 1 and a value of rank at "
                              "least 1, got "
                           << bias << " and " << value;
  int64_t channels = value.getDimSize(value.getRank() - 1);
  if (!ShapedType::isDynamic(channels) && !bias.isDynamicDim(0) &&
      channels != bias.getDimSize(0))
    return ctx.emitError() << "bias of " << bias.getDimSize(0)
                           << " elements does not match the " << channels
                           << " channels of " << value;
  return createOp(ctx, tg::AddOp::getOperationName(), ctx.inputs);
}

FailureOr<SmallVector<Value>> importRelu(NodeContext &ctx) {
  return createOp(ctx, tg::ReluOp::getOperationName(), ctx.inputs);
}

} // namespace

void tgc::frontend::addElementwiseImporters(OpImporterTable &table) {
  for (auto &[tf, name] : kBinaryOps)
    table[tf] = {importMapped, 2, 1};
  for (auto &[tf, name] : kUnaryOps)
    table[tf] = {importMapped, 1, 1};
  table["Div"] = {importDiv, 2, 1};
  table["LeakyRelu"] = {importLeakyRelu, 1, 1};
  table["Cast"] = {importCast, 1, 1};
  table["Select"] = {importSelect, 3, 1};
  table["SelectV2"] = {importSelect, 3, 1};
  table["AddN"] = {importAddN, -1, 1};
  table["Identity"] = {importIdentity, 1, 1};
  table["Snapshot"] = {importIdentity, 1, 1};
  table["StopGradient"] = {importStopGradient, 1, 1};
  table["Add"] = {importAdd, 2, 1};
  table["AddV2"] = {importAdd, 2, 1};
  table["BiasAdd"] = {importBiasAdd, 2, 1};
  table["BiasAddV1"] = {importBiasAdd, 2, 1};
  table["Relu"] = {importRelu, 1, 1};
}

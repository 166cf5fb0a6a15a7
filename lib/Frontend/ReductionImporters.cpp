//===- ReductionImporters.cpp - TF reductions and selection -> tg ---------===//
//
// Sum/Mean/Max/Min/Prod/Any/All over constant axes, ArgMax/ArgMin and
// TopKV2; the axes and k must be constants.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace tgc::frontend;
namespace tg = tgc::tg;

namespace {

Builder &b(NodeContext &ctx) { return ctx.builder; }

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>> reductionAxes(NodeContext &ctx, int64_t rank) {
  FailureOr<SmallVector<int64_t>> axes = constantInts(ctx, 1, "axis");
  if (failed(axes))
    return failure();
  SmallVector<int64_t> result;
  for (int64_t axis : *axes) {
    FailureOr<int64_t> a = normalizeAxis(ctx, axis, rank);
    if (failed(a))
      return failure();
    result.push_back(*a);
  }
  llvm::sort(result);
  result.erase(std::unique(result.begin(), result.end()), result.end());
  return result;
}

FailureOr<SmallVector<Value>> importReduce(NodeContext &ctx) {
  llvm::StringRef name =
      llvm::StringSwitch<llvm::StringRef>(ctx.node.op())
          .Case("Sum", tg::ReduceSumOp::getOperationName())
          .Case("Mean", tg::ReduceMeanOp::getOperationName())
          .Case("Max", tg::ReduceMaxOp::getOperationName())
          .Case("Min", tg::ReduceMinOp::getOperationName())
          .Case("Prod", tg::ReduceProdOp::getOperationName())
          .Case("Any", tg::ReduceAnyOp::getOperationName())
          .Case("All", tg::ReduceAllOp::getOperationName());
  FailureOr<SmallVector<int64_t>> axes =
      reductionAxes(ctx, typeOf(ctx.inputs[0]).getRank());
  FailureOr<bool> keepDims = ctx.boolAttr("keep_dims", false);
  if (failed(axes) || failed(keepDims))
    return failure();
  if (axes->empty())
    return SmallVector<Value>{ctx.inputs[0]};
  return createOp(
      ctx, name, ctx.inputs[0],
      {b(ctx).getNamedAttr("axes", b(ctx).getDenseI64ArrayAttr(*axes)),
       b(ctx).getNamedAttr("keep_dims", b(ctx).getBoolAttr(*keepDims))});
}

FailureOr<SmallVector<Value>> importArgMinMax(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> dim = constantInts(ctx, 1, "dimension");
  if (failed(dim))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  FailureOr<int64_t> axis = normalizeAxis(ctx, dim->front(), type.getRank());
  if (failed(axis))
    return failure();
  Type element = ctx.builder.getI64Type();
  if (ctx.node.attr().count("output_type")) {
    FailureOr<Type> t = ctx.typeAttr("output_type");
    if (failed(t))
      return failure();
    element = *t;
  }
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + *axis);
  llvm::StringRef name = ctx.node.op() == "ArgMax"
                             ? tg::ArgMaxOp::getOperationName()
                             : tg::ArgMinOp::getOperationName();
  return createOp(ctx, name, ctx.inputs[0],
                  {b(ctx).getNamedAttr("axis", b(ctx).getI64IntegerAttr(*axis))},
                  TypeRange{RankedTensorType::get(shape, element)});
}

FailureOr<SmallVector<Value>> importTopK(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> k = constantInts(ctx, 1, "k");
  if (failed(k))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  if (type.getRank() < 1)
    return ctx.emitError() << "needs an input of rank at least 1";
  if (k->size() != 1 || k->front() < 0)
    return ctx.emitError() << "k must be a non-negative scalar, got "
                           << (k->empty() ? -1 : k->front());
  SmallVector<int64_t> shape(type.getShape());
  shape.back() = k->front();
  return createOp(
      ctx, tg::TopKOp::getOperationName(), ctx.inputs[0],
      {b(ctx).getNamedAttr("k", b(ctx).getI64IntegerAttr(k->front()))},
      TypeRange{RankedTensorType::get(shape, type.getElementType()),
                RankedTensorType::get(shape, ctx.builder.getI32Type())});
}

} // namespace

void tgc::frontend::addReductionImporters(OpImporterTable &table) {
  for (const char *op : {"Sum", "Mean", "Max", "Min", "Prod", "Any", "All"})
    table[op] = {importReduce, 2, 1};
  table["ArgMax"] = {importArgMinMax, 2, 1};
  table["ArgMin"] = {importArgMinMax, 2, 1};
  table["TopKV2"] = {importTopK, 2, 2};
}

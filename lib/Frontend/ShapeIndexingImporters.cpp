//===- ShapeIndexingImporters.cpp - TF gathers and SparseToDense -> tg ----===//
//
// GatherV2/Gather (axis and batch_dims), GatherNd, and SparseToDense folded
// to a constant at import.
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
// Gathering, rearranging
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<Value>> importGather(NodeContext &ctx) {
  int64_t axisValue = 0;
  if (ctx.node.op() == "GatherV2") {
    FailureOr<SmallVector<int64_t>> axis = constantInts(ctx, 2, "axis");
    if (failed(axis))
      return failure();
    axisValue = axis->front();
  }
  RankedTensorType params = typeOf(ctx.inputs[0]);
  FailureOr<int64_t> axis = normalizeAxis(ctx, axisValue, params.getRank());
  if (failed(axis))
    return failure();
  int64_t batch = intAttr(ctx.node, "batch_dims", 0);
  if (batch < 0)
    batch += typeOf(ctx.inputs[1]).getRank();
  return createOp(
      ctx, tg::GatherOp::getOperationName(), {ctx.inputs[0], ctx.inputs[1]},
      {b(ctx).getNamedAttr("axis", b(ctx).getI64IntegerAttr(*axis)),
       b(ctx).getNamedAttr("batch_dims", b(ctx).getI64IntegerAttr(batch))});
}

FailureOr<SmallVector<Value>> importGatherNd(NodeContext &ctx) {
  return createOp(ctx, tg::GatherNdOp::getOperationName(), ctx.inputs);
}

/// SparseToDense: dense[indices[i]] = values[i] (or the scalar `values`
/// everywhere listed), `default_value` elsewhere. tgc has no scatter op: the
/// indices and the output shape must be constants, and the result folds to
/// a constant when the values and default are constants too (or is the
/// broadcast default when there are no indices).
FailureOr<SmallVector<Value>> importSparseToDense(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> shape = constantInts(ctx, 1, "output_shape");
  if (failed(shape))
    return failure();
  RankedTensorType indicesType = typeOf(ctx.inputs[0]);
  if (indicesType.getRank() > 2 || !indicesType.hasStaticShape())
    return ctx.emitError() << "sparse_indices must have rank 0, 1 or 2, got "
                           << indicesType;
  int64_t rank = shape->size();
  int64_t count = indicesType.getRank() == 0 ? 1 : indicesType.getDimSize(0);
  int64_t width = indicesType.getRank() == 2 ? indicesType.getDimSize(1) : 1;
  if (count > 0 && width != rank)
    return ctx.emitError() << "sparse_indices has " << width
                           << " coordinates per index but output_shape has rank "
                           << rank;
  int64_t total = 1;
  for (int64_t d : *shape) {
    if (d < 0)
      return ctx.emitError() << "output_shape has a negative dimension " << d;
    total *= d;
    if (total > (int64_t(1) << 26))
      return ctx.emitError() << "output of more than 2^26 elements";
  }
  RankedTensorType valuesType = typeOf(ctx.inputs[2]);
  if (valuesType.getRank() > 1 ||
      (valuesType.getRank() == 1 && valuesType.getDimSize(0) != count))
    return ctx.emitError() << "sparse_values must be a scalar or have one "
                              "value per index (" << count << "), got "
                           << valuesType;
  if (typeOf(ctx.inputs[3]).getRank() != 0)
    return ctx.emitError() << "default_value must be a scalar";
  if (count == 0)
    return broadcastTo(ctx, ctx.inputs[3], *shape);

  FailureOr<SmallVector<int64_t>> indices =
      constantInts(ctx, 0, "sparse_indices");
  if (failed(indices))
    return failure();
  DenseElementsAttr values, fallback;
  if (!matchPattern(ctx.inputs[2], m_Constant(&values)) ||
      !matchPattern(ctx.inputs[3], m_Constant(&fallback)))
    return ctx.emitError() << "sparse_values and default_value must be "
                              "constants (tgc has no run-time scatter)";
  auto type = RankedTensorType::get(*shape, valuesType.getElementType());
  SmallVector<Attribute> dense(total, fallback.getSplatValue<Attribute>());
  SmallVector<Attribute> listed(values.getValues<Attribute>());
  FailureOr<bool> validate = ctx.boolAttr("validate_indices", true);
  if (failed(validate))
    return failure();
  int64_t previous = -1;
  for (int64_t i = 0; i < count; ++i) {
    int64_t flat = 0;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t coordinate = (*indices)[i * width + d];
      if (coordinate < 0 || coordinate >= (*shape)[d])
        return ctx.emitError() << "index " << i << " is out of bounds in "
                               << "dimension " << d << ": " << coordinate;
      flat = flat * (*shape)[d] + coordinate;
    }
    if (*validate && flat <= previous)
      return ctx.emitError() << "index " << i << " is "
                             << (flat == previous ? "repeated" : "out of order")
                             << " (validate_indices is set)";
    previous = flat;
    dense[flat] = listed.size() == 1 ? listed[0] : listed[i];
  }
  return SmallVector<Value>{ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(type, dense))};
}

} // namespace

void tgc::frontend::addShapeIndexingImporters(OpImporterTable &table) {
  table["GatherV2"] = {importGather, 3, 1};
  table["Gather"] = {importGather, 2, 1};
  table["GatherNd"] = {importGatherNd, 2, 1};
  table["SparseToDense"] = {importSparseToDense, 4, 1};
}

//===- ControlFlowTensorListImporters.cpp - TF TensorList ops -> tg -------===//
//
// TF2 loops (Keras RNNs, tf.TensorArray) carry TensorLists: variant-typed
// handles to a list of equally shaped tensors. tgc needs static shapes, so
// a list whose length and element shape are known at compile time is
// imported as the tensor of its stacked elements, [length, element...]:
//
//   TensorListReserve(shape, n)      zeros [n, shape...]
//   TensorListFromTensor(t, shape)   t
//   TensorListGetItem(l, i, shape)   tg.gather(l, i) along dimension 0
//   TensorListSetItem(l, i, x)       tg.select(iota == i, x, l)
//   TensorListStack(l, shape)        l
//   TensorListLength(l)              n
//
// Inside a While body the list is a loop-carried argument; the importer
// gives it the tensor type of the value the loop starts from.
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

OpBuilder &b(NodeContext &ctx) { return ctx.builder; }

/// The element shape operand (input `index`), which may hold -1 for unknown
/// dimensions; checked against `known` where both are known.
LogicalResult checkElementShape(NodeContext &ctx, unsigned index,
                                ArrayRef<int64_t> known) {
  FailureOr<SmallVector<int64_t>> shape = constantInts(ctx, index,
                                                       "element_shape");
  if (failed(shape))
    return failure();
  // A scalar -1 means "unknown rank".
  if (shape->size() == 1 && typeOf(ctx.inputs[index]).getRank() == 0 &&
      shape->front() == -1)
    return success();
  if (shape->size() != known.size())
    return ctx.emitError() << "element_shape has rank " << shape->size()
                           << " but the list's elements have rank "
                           << known.size();
  for (auto [s, k] : llvm::zip(*shape, known))
    if (s >= 0 && s != k)
      return ctx.emitError() << "element_shape dimension " << s
                             << " differs from the elements' " << k;
  return success();
}

FailureOr<RankedTensorType> listType(NodeContext &ctx, Value list) {
  RankedTensorType type = typeOf(list);
  if (type.getRank() < 1 || !type.hasStaticShape())
    return ctx.emitError() << "the list must be a statically shaped stack "
                              "of its elements, got "
                           << type;
  return type;
}

FailureOr<SmallVector<Value>> importReserve(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> shape = constantInts(ctx, 0, "element_shape");
  FailureOr<SmallVector<int64_t>> count = constantInts(ctx, 1, "num_elements");
  FailureOr<Type> element = ctx.typeAttr("element_dtype");
  if (failed(shape) || failed(count) || failed(element))
    return failure();
  if (count->size() != 1 || count->front() < 0)
    return ctx.emitError() << "num_elements must be a non-negative scalar "
                              "constant; a list that grows at run time is "
                              "not supported";
  if (typeOf(ctx.inputs[0]).getRank() == 0)
    return ctx.emitError() << "element_shape of unknown rank is not "
                              "supported: tgc needs the elements' shape";
  SmallVector<int64_t> dims = {count->front()};
  for (int64_t d : *shape) {
    if (d < 0)
      return ctx.emitError() << "element_shape has an unknown dimension; "
                                "tgc needs the elements' shape";
    dims.push_back(d);
  }
  auto type = RankedTensorType::get(dims, *element);
  return SmallVector<Value>{ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(type, b(ctx).getZeroAttr(*element)))};
}

FailureOr<SmallVector<Value>> importFromTensor(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type) ||
      failed(checkElementShape(ctx, 1, type->getShape().drop_front())))
    return failure();
  return SmallVector<Value>{ctx.inputs[0]};
}

FailureOr<SmallVector<Value>> importStack(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type) ||
      failed(checkElementShape(ctx, 1, type->getShape().drop_front())))
    return failure();
  auto n = ctx.node.attr().find("num_elements");
  if (n != ctx.node.attr().end() && n->second.i() >= 0 &&
      n->second.i() != type->getDimSize(0))
    return ctx.emitError() << "num_elements = " << n->second.i()
                           << " but the list holds " << type->getDimSize(0);
  return SmallVector<Value>{ctx.inputs[0]};
}

FailureOr<SmallVector<Value>> importGetItem(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type) ||
      failed(checkElementShape(ctx, 2, type->getShape().drop_front())))
    return failure();
  if (typeOf(ctx.inputs[1]).getRank() != 0)
    return ctx.emitError() << "index must be a scalar";
  return createOp(ctx, tg::GatherOp::getOperationName(),
                  {ctx.inputs[0], ctx.inputs[1]},
                  {b(ctx).getNamedAttr("axis", b(ctx).getI64IntegerAttr(0)),
                   b(ctx).getNamedAttr("batch_dims", b(ctx).getI64IntegerAttr(0))});
}

FailureOr<SmallVector<Value>> importSetItem(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type))
    return failure();
  RankedTensorType index = typeOf(ctx.inputs[1]);
  RankedTensorType item = typeOf(ctx.inputs[2]);
  if (index.getRank() != 0)
    return ctx.emitError() << "index must be a scalar";
  if (item.getShape() != type->getShape().drop_front() ||
      item.getElementType() != type->getElementType())
    return ctx.emitError() << "item of type " << item
                           << " does not fit a list of " << *type;
  // mask[k, 1, ...] = (k == index), selecting the item over the old row.
  int64_t n = type->getDimSize(0);
  SmallVector<int64_t> maskShape(type->getRank(), 1);
  maskShape[0] = n;
  SmallVector<APInt> rows;
  for (int64_t k = 0; k < n; ++k)
    rows.push_back(APInt(index.getElementType().getIntOrFloatBitWidth(), k,
                         /*isSigned=*/true));
  Value iota = ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(
                   RankedTensorType::get(maskShape, index.getElementType()),
                   rows));
  FailureOr<SmallVector<Value>> mask =
      createOp(ctx, tg::EqualOp::getOperationName(), {iota, ctx.inputs[1]});
  if (failed(mask))
    return failure();
  return createOp(ctx, tg::SelectOp::getOperationName(),
                  {mask->front(), ctx.inputs[2], ctx.inputs[0]});
}

FailureOr<SmallVector<Value>> importLength(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type))
    return failure();
  auto i32 = RankedTensorType::get({}, b(ctx).getI32Type());
  int32_t length = static_cast<int32_t>(type->getDimSize(0));
  return SmallVector<Value>{ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(i32, llvm::ArrayRef<int32_t>(length)))};
}

} // namespace

void tgc::frontend::addControlFlowTensorListImporters(OpImporterTable &table) {
  table["TensorListReserve"] = {importReserve, 2, 1};
  table["TensorListFromTensor"] = {importFromTensor, 2, 1};
  table["TensorListStack"] = {importStack, 2, 1};
  table["TensorListGetItem"] = {importGetItem, 3, 1};
  table["TensorListSetItem"] = {importSetItem, 3, 1};
  table["TensorListLength"] = {importLength, 1, 1};
}

//===- ShapeSliceImporters.cpp - TF slicing and splitting ops -> tg -------===//
//
// Slice, StridedSlice (every mask resolved against the input's shape),
// Split, SplitV and Unpack, each a tg.strided_slice per piece, reshaped
// where dimensions are dropped or added; ReverseV2, a slice with stride -1
// where dimensions are dropped or added. Begins, ends, sizes and axes must
// be constants once the import has folded the shape computations.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"

#include <numeric>

using namespace mlir;
using namespace tgc::frontend;
namespace tg = tgc::tg;

namespace {

Builder &b(NodeContext &ctx) { return ctx.builder; }

} // namespace

/// A slice of every dimension of `value` (a tg.strided_slice), then a
/// reshape to `finalShape` when given.
FailureOr<Value>
tgc::frontend::slice(NodeContext &ctx, Value value, ArrayRef<int64_t> begin,
                     ArrayRef<int64_t> limit, ArrayRef<int64_t> strides,
                     std::optional<ArrayRef<int64_t>> finalShape) {
  FailureOr<SmallVector<Value>> sliced = createOp(
      ctx, tg::StridedSliceOp::getOperationName(), value,
      {b(ctx).getNamedAttr("begin", b(ctx).getDenseI64ArrayAttr(begin)),
       b(ctx).getNamedAttr("limit", b(ctx).getDenseI64ArrayAttr(limit)),
       b(ctx).getNamedAttr("strides", b(ctx).getDenseI64ArrayAttr(strides))});
  if (failed(sliced))
    return failure();
  if (!finalShape)
    return sliced->front();
  return reshapeTo(ctx, sliced->front(), *finalShape);
}

namespace {

FailureOr<SmallVector<Value>> importSlice(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> begin = constantInts(ctx, 1, "begin");
  FailureOr<SmallVector<int64_t>> size = constantInts(ctx, 2, "size");
  if (failed(begin) || failed(size))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  if (static_cast<int64_t>(begin->size()) != type.getRank() ||
      static_cast<int64_t>(size->size()) != type.getRank())
    return ctx.emitError() << "begin and size need " << type.getRank()
                           << " entries";
  SmallVector<int64_t> limit, strides(type.getRank(), 1);
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t dim = type.getDimSize(d);
    if (ShapedType::isDynamic(dim))
      return ctx.emitError() << "cannot slice the unknown dimension " << d
                             << " of " << type;
    int64_t end = (*size)[d] == -1 ? dim : (*begin)[d] + (*size)[d];
    if ((*begin)[d] < 0 || end > dim || end < (*begin)[d])
      return ctx.emitError() << "slice [" << (*begin)[d] << ", " << end
                             << ") of dimension " << d << " is outside "
                             << type;
    limit.push_back(end);
  }
  FailureOr<Value> value = slice(ctx, ctx.inputs[0], *begin, limit, strides);
  if (failed(value))
    return failure();
  return SmallVector<Value>{*value};
}

/// x[i] with a run-time index i (a loop counter): StridedSlice with
/// one-entry begin/end/strides, stride 1 and shrink_axis_mask 1 picks one
/// row, whose shape is static: a tg.gather along dimension 0 of the index
/// (a negative one counting from the end, as TF's).
FailureOr<SmallVector<Value>> importDynamicRow(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> strides = constantInts(ctx, 3, "strides");
  if (failed(strides))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  RankedTensorType beginType = typeOf(ctx.inputs[1]);
  bool rowPick = strides->size() == 1 && strides->front() == 1 &&
                 beginType.getRank() == 1 && beginType.getDimSize(0) == 1 &&
                 intAttr(ctx.node, "shrink_axis_mask", 0) == 1 &&
                 intAttr(ctx.node, "new_axis_mask", 0) == 0 &&
                 intAttr(ctx.node, "ellipsis_mask", 0) == 0 &&
                 type.getRank() >= 1 && !type.isDynamicDim(0);
  if (!rowPick)
    return ctx.emitError()
           << "input 1 (begin) must be an integer constant; it is computed "
              "at run time, and tgc supports that only for x[i] (one "
              "index, shrink_axis_mask 1, stride 1)";
  Type indexType = beginType.getElementType();
  auto scalar = RankedTensorType::get({}, indexType);
  FailureOr<Value> index = reshapeTo(ctx, ctx.inputs[1], {});
  if (failed(index))
    return failure();
  auto constant = [&](int64_t v) -> Value {
    return ctx.builder.create<tg::ConstantOp>(
        ctx.loc, DenseElementsAttr::get(
                     scalar, b(ctx).getIntegerAttr(indexType, v)));
  };
  FailureOr<SmallVector<Value>> negative = createOp(
      ctx, tg::LessOp::getOperationName(), {*index, constant(0)});
  FailureOr<SmallVector<Value>> wrapped = createOp(
      ctx, tg::AddOp::getOperationName(),
      {*index, constant(type.getDimSize(0))});
  if (failed(negative) || failed(wrapped))
    return failure();
  FailureOr<SmallVector<Value>> row = createOp(
      ctx, tg::SelectOp::getOperationName(),
      {negative->front(), wrapped->front(), *index});
  if (failed(row))
    return failure();
  return createOp(ctx, tg::GatherOp::getOperationName(),
                  {ctx.inputs[0], row->front()},
                  {b(ctx).getNamedAttr("axis", b(ctx).getI64IntegerAttr(0)),
                   b(ctx).getNamedAttr("batch_dims",
                                       b(ctx).getI64IntegerAttr(0))});
}

/// TF's StridedSlice, with every mask resolved against the input shape.
FailureOr<SmallVector<Value>> importStridedSlice(NodeContext &ctx) {
  if (!matchPattern(ctx.inputs[1], m_Constant()))
    return importDynamicRow(ctx);
  FailureOr<SmallVector<int64_t>> begin = constantInts(ctx, 1, "begin");
  FailureOr<SmallVector<int64_t>> end = constantInts(ctx, 2, "end");
  FailureOr<SmallVector<int64_t>> strides = constantInts(ctx, 3, "strides");
  if (failed(begin) || failed(end) || failed(strides))
    return failure();
  size_t n = begin->size();
  if (end->size() != n || strides->size() != n)
    return ctx.emitError() << "begin, end and strides differ in length";
  int64_t beginMask = intAttr(ctx.node, "begin_mask", 0);
  int64_t endMask = intAttr(ctx.node, "end_mask", 0);
  int64_t ellipsisMask = intAttr(ctx.node, "ellipsis_mask", 0);
  int64_t newAxisMask = intAttr(ctx.node, "new_axis_mask", 0);
  int64_t shrinkMask = intAttr(ctx.node, "shrink_axis_mask", 0);
  if (llvm::popcount(uint64_t(ellipsisMask)) > 1)
    return ctx.emitError() << "more than one ellipsis";

  RankedTensorType type = typeOf(ctx.inputs[0]);
  int64_t rank = type.getRank();
  // Dimensions the spec covers explicitly (not new axes, not the ellipsis).
  int64_t explicitDims = 0;
  for (size_t i = 0; i < n; ++i)
    if (!(newAxisMask >> i & 1) && !(ellipsisMask >> i & 1))
      ++explicitDims;

  SmallVector<int64_t> sBegin, sLimit, sStride, finalShape;
  int64_t dim = 0;
  for (size_t i = 0; i < n; ++i) {
    if (ellipsisMask >> i & 1) {
      // The ellipsis covers the dimensions no other entry does.
      int64_t covered = rank - explicitDims;
      for (int64_t k = 0; k < covered; ++k, ++dim) {
        sBegin.push_back(0);
        sLimit.push_back(type.isDynamicDim(dim) ? INT64_MAX
                                                : type.getDimSize(dim));
        sStride.push_back(1);
        finalShape.push_back(type.getDimSize(dim));
      }
      continue;
    }
    if (newAxisMask >> i & 1) {
      finalShape.push_back(1);
      continue;
    }
    if (dim >= rank)
      return ctx.emitError() << "the slice spec has more entries than "
                             << type << " has dimensions";
    int64_t size = type.getDimSize(dim);
    int64_t stride = (*strides)[i];
    if (stride == 0)
      return ctx.emitError() << "stride " << i << " is zero";
    bool shrink = shrinkMask >> i & 1;
    if (ShapedType::isDynamic(size)) {
      bool full = stride == 1 && (beginMask >> i & 1) && (endMask >> i & 1);
      if (!full || shrink)
        return ctx.emitError() << "cannot slice the unknown dimension " << dim
                               << " of " << type;
      sBegin.push_back(0);
      sLimit.push_back(INT64_MAX);
      sStride.push_back(1);
      finalShape.push_back(size);
      ++dim;
      continue;
    }
    int64_t lo, hi;
    if (shrink && stride != 1)
      return ctx.emitError() << "stride " << stride << " of the shrunk "
                             << "dimension " << dim << " must be 1";
    if (shrink) {
      int64_t index = (*begin)[i] < 0 ? (*begin)[i] + size : (*begin)[i];
      if (index < 0 || index >= size)
        return ctx.emitError() << "index " << (*begin)[i]
                               << " is out of range for dimension " << dim
                               << " of size " << size;
      lo = index;
      hi = index + 1;
      stride = 1;
    } else {
      // Python slicing: negative indices count from the end, then clamp.
      auto clamp = [&](int64_t v, bool isBegin) {
        if (v < 0)
          v += size;
        if (stride > 0)
          return std::clamp<int64_t>(v, 0, size);
        return std::clamp<int64_t>(v, -1, size - 1);
      };
      lo = (beginMask >> i & 1) ? (stride > 0 ? 0 : size - 1)
                                : clamp((*begin)[i], true);
      hi = (endMask >> i & 1) ? (stride > 0 ? size : -1)
                              : clamp((*end)[i], false);
    }
    sBegin.push_back(lo);
    sLimit.push_back(hi);
    sStride.push_back(stride);
    if (!shrink) {
      int64_t count = stride > 0
                          ? std::max<int64_t>(0, (hi - lo + stride - 1) / stride)
                          : std::max<int64_t>(0, (lo - hi - stride - 1) / -stride);
      finalShape.push_back(count);
    }
    ++dim;
  }
  for (; dim < rank; ++dim) { // dimensions after the spec: taken whole
    sBegin.push_back(0);
    sLimit.push_back(type.isDynamicDim(dim) ? INT64_MAX : type.getDimSize(dim));
    sStride.push_back(1);
    finalShape.push_back(type.getDimSize(dim));
  }
  FailureOr<Value> value =
      slice(ctx, ctx.inputs[0], sBegin, sLimit, sStride, ArrayRef(finalShape));
  if (failed(value))
    return failure();
  return SmallVector<Value>{*value};
}

/// Pieces of `value` along `axis` with the given sizes.
FailureOr<SmallVector<Value>> splitAlong(NodeContext &ctx, Value value,
                                         int64_t axis,
                                         ArrayRef<int64_t> sizes,
                                         bool dropAxis) {
  RankedTensorType type = typeOf(value);
  if (type.isDynamicDim(axis))
    return ctx.emitError() << "cannot split the unknown dimension " << axis
                           << " of " << type;
  SmallVector<Value> pieces;
  int64_t offset = 0;
  for (int64_t size : sizes) {
    SmallVector<int64_t> begin(type.getRank(), 0), strides(type.getRank(), 1);
    SmallVector<int64_t> limit;
    for (int64_t d = 0; d < type.getRank(); ++d)
      limit.push_back(type.isDynamicDim(d) ? INT64_MAX : type.getDimSize(d));
    begin[axis] = offset;
    limit[axis] = offset + size;
    SmallVector<int64_t> shape(type.getShape());
    shape[axis] = size;
    if (dropAxis)
      shape.erase(shape.begin() + axis);
    FailureOr<Value> piece = slice(ctx, value, begin, limit, strides,
                                   ArrayRef<int64_t>(shape));
    if (failed(piece))
      return failure();
    pieces.push_back(*piece);
    offset += size;
  }
  return pieces;
}

FailureOr<SmallVector<Value>> importUnpack(NodeContext &ctx) {
  RankedTensorType type = typeOf(ctx.inputs[0]);
  FailureOr<int64_t> axis =
      normalizeAxis(ctx, intAttr(ctx.node, "axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  if (type.isDynamicDim(*axis))
    return ctx.emitError() << "cannot unpack the unknown dimension " << *axis;
  SmallVector<int64_t> sizes(type.getDimSize(*axis), 1);
  return splitAlong(ctx, ctx.inputs[0], *axis, sizes, /*dropAxis=*/true);
}

FailureOr<SmallVector<Value>> importSplit(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> axisValue = constantInts(ctx, 0, "axis");
  if (failed(axisValue))
    return failure();
  Value value = ctx.inputs[1];
  RankedTensorType type = typeOf(value);
  FailureOr<int64_t> axis = normalizeAxis(ctx, axisValue->front(), type.getRank());
  if (failed(axis))
    return failure();
  int64_t num = intAttr(ctx.node, "num_split", 0);
  int64_t size = type.getDimSize(*axis);
  if (num <= 0 || ShapedType::isDynamic(size) || size % num != 0)
    return ctx.emitError() << "cannot split dimension " << *axis << " of "
                           << type << " into " << num << " equal parts";
  SmallVector<int64_t> sizes(num, size / num);
  return splitAlong(ctx, value, *axis, sizes, false);
}

FailureOr<SmallVector<Value>> importSplitV(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> sizes = constantInts(ctx, 1, "size_splits");
  FailureOr<SmallVector<int64_t>> axisValue = constantInts(ctx, 2, "axis");
  if (failed(sizes) || failed(axisValue))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  FailureOr<int64_t> axis = normalizeAxis(ctx, axisValue->front(), type.getRank());
  if (failed(axis))
    return failure();
  int64_t total = type.getDimSize(*axis), known = 0, unknownAt = -1;
  for (auto [i, s] : llvm::enumerate(*sizes)) {
    if (s == -1)
      unknownAt = i;
    else
      known += s;
  }
  if (unknownAt >= 0)
    (*sizes)[unknownAt] = total - known;
  if (ShapedType::isDynamic(total) ||
      llvm::any_of(*sizes, [](int64_t s) { return s < 0; }) ||
      std::accumulate(sizes->begin(), sizes->end(), int64_t(0)) != total)
    return ctx.emitError() << "size_splits do not add up to dimension "
                           << *axis << " of " << type;
  return splitAlong(ctx, ctx.inputs[0], *axis, *sizes, false);
}

/// ReverseV2(tensor, axis): a slice with stride -1 along each named axis.
FailureOr<SmallVector<Value>> importReverse(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> axes = constantInts(ctx, 1, "axis");
  if (failed(axes))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  SmallVector<int64_t> begin(type.getRank(), 0), strides(type.getRank(), 1);
  SmallVector<int64_t> limit(type.getShape());
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      limit[d] = INT64_MAX;
  for (int64_t axisValue : *axes) {
    FailureOr<int64_t> axis = normalizeAxis(ctx, axisValue, type.getRank());
    if (failed(axis))
      return failure();
    if (type.isDynamicDim(*axis))
      return ctx.emitError() << "cannot reverse the unknown dimension "
                             << *axis << " of " << type;
    if (strides[*axis] == -1)
      return ctx.emitError() << "axis " << *axis << " is named twice";
    begin[*axis] = type.getDimSize(*axis) - 1;
    limit[*axis] = -1;
    strides[*axis] = -1;
  }
  FailureOr<Value> value = slice(ctx, ctx.inputs[0], begin, limit, strides);
  if (failed(value))
    return failure();
  return SmallVector<Value>{*value};
}

} // namespace

void tgc::frontend::addShapeSliceImporters(OpImporterTable &table) {
  table["ReverseV2"] = {importReverse, 2, 1};
  table["Unpack"] = {importUnpack, 1, -1};
  table["Slice"] = {importSlice, 3, 1};
  table["StridedSlice"] = {importStridedSlice, 4, 1};
  table["Split"] = {importSplit, 2, -1};
  table["SplitV"] = {importSplitV, 3, -1};
}

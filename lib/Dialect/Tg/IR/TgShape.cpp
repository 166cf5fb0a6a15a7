//===- TgShape.cpp - Shape manipulation: inference and folding -----------===//

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "Folding.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::detail;

/// Builds a constant of `type` whose element at every result index is the
/// element of `input` at `sourceIndex(result coordinates)`.
static OpFoldResult
gatherElements(DenseElementsAttr input, Type resultType,
               llvm::function_ref<int64_t(ArrayRef<int64_t>)> sourceIndex) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (!input || !type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  if (input.isSplat())
    return DenseElementsAttr::get(type, input.getSplatValue<Attribute>());
  auto values = input.getValues<Attribute>();
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> coords(shape.size(), 0);
  SmallVector<Attribute> results;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    results.push_back(values[sourceIndex(coords)]);
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      if (++coords[d] < shape[d])
        break;
      coords[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, results);
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  RankedTensorType out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element types differ: ")
           << in.getElementType() << " and " << out.getElementType();
  if (in.hasStaticShape() && out.hasStaticShape() &&
      in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << in << " (" << in.getNumElements() << " elements) to " << out
           << " (" << out.getNumElements() << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto values = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    if (getType().hasStaticShape())
      return values.reshape(getType());
  // reshape(reshape(x)) -> reshape(x)
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (static_cast<int64_t>(perm.size()) != type.getRank())
    return emitOptionalError(location, "perm has ", perm.size(),
                             " entries for an input of rank ", type.getRank());
  SmallVector<bool> seen(perm.size(), false);
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= type.getRank() || seen[p])
      return emitOptionalError(location, "perm is not a permutation of [0, ",
                               type.getRank(), ")");
    seen[p] = true;
    shape.push_back(type.getDimSize(p));
  }
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  DenseElementsAttr input = smallConstant(adaptor.getInput());
  if (!input)
    return {};
  SmallVector<int64_t> inStrides = stridesOf(input.getType().getShape());
  return gatherElements(input, getType(), [&](ArrayRef<int64_t> coords) {
    int64_t index = 0;
    for (auto [d, p] : llvm::enumerate(perm))
      index += coords[d] * inStrides[p];
    return index;
  });
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(location, "needs at least one input");
  auto first = cast<RankedTensorType>(adaptor.getInputs().front().getType());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= first.getRank())
    return emitOptionalError(location, "axis ", axis,
                             " is out of range for rank ", first.getRank());
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (Value input : adaptor.getInputs()) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != first.getRank() ||
        type.getElementType() != first.getElementType())
      return emitOptionalError(location, "inputs differ in rank or element "
                                         "type: ",
                               first, " and ", type);
    for (int64_t d = 0; d < type.getRank(); ++d) {
      int64_t size = type.getDimSize(d);
      if (d == axis) {
        shape[d] = ShapedType::isDynamic(size) || ShapedType::isDynamic(shape[d])
                       ? ShapedType::kDynamic
                       : shape[d] + size;
        continue;
      }
      if (ShapedType::isDynamic(shape[d])) {
        shape[d] = size;
      } else if (!ShapedType::isDynamic(size) && size != shape[d]) {
        return emitOptionalError(location, "inputs differ in dimension ", d,
                                 ": ", first, " and ", type);
      }
    }
  }
  results.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  SmallVector<DenseElementsAttr> inputs;
  for (Attribute attr : adaptor.getInputs()) {
    DenseElementsAttr values = smallConstant(attr);
    if (!values)
      return {};
    inputs.push_back(values);
  }
  RankedTensorType type = getType();
  if (!type.hasStaticShape() || type.getNumElements() > kMaxFoldElements)
    return {};
  int64_t axis = getAxis();
  // Walk the result in order: outer index, then each input's axis block.
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= type.getDimSize(d);
  SmallVector<Attribute> results;
  for (int64_t o = 0; o < outer; ++o) {
    for (DenseElementsAttr input : inputs) {
      int64_t block = 1;
      for (int64_t d = axis; d < input.getType().getRank(); ++d)
        block *= input.getType().getDimSize(d);
      auto values = input.getValues<Attribute>();
      for (int64_t i = 0; i < block; ++i)
        results.push_back(input.isSplat() ? input.getSplatValue<Attribute>()
                                          : values[o * block + i]);
    }
  }
  return DenseElementsAttr::get(type, results);
}

//===----------------------------------------------------------------------===//
// StridedSliceOp
//===----------------------------------------------------------------------===//

/// Number of elements of (begin, limit, stride).
static int64_t sliceSize(int64_t begin, int64_t limit, int64_t stride) {
  if (stride > 0)
    return std::max<int64_t>(0, (limit - begin + stride - 1) / stride);
  return std::max<int64_t>(0, (begin - limit - stride - 1) / -stride);
}

LogicalResult
StridedSliceOp::inferReturnTypes(MLIRContext *, std::optional<Location> location,
                                 Adaptor adaptor,
                                 SmallVectorImpl<Type> &results) {
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> begin = adaptor.getBegin(), limit = adaptor.getLimit(),
                    strides = adaptor.getStrides();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(begin.size()) != rank ||
      static_cast<int64_t>(limit.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank)
    return emitOptionalError(location, "begin, limit and strides need ", rank,
                             " entries each");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (strides[d] == 0)
      return emitOptionalError(location, "stride of dimension ", d,
                               " is zero");
    int64_t size = type.getDimSize(d);
    if (!ShapedType::isDynamic(size)) {
      bool inRange = strides[d] > 0
                         ? begin[d] >= 0 && limit[d] <= size
                         : begin[d] < size && limit[d] >= -1;
      if (!inRange && sliceSize(begin[d], limit[d], strides[d]) > 0)
        return emitOptionalError(location, "slice [", begin[d], ":", limit[d],
                                 ":", strides[d], "] of dimension ", d,
                                 " is outside its size ", size);
    } else if (!(begin[d] == 0 && limit[d] == INT64_MAX && strides[d] == 1)) {
      return emitOptionalError(location, "dimension ", d, " of ", type,
                               " is unknown: only a full slice is possible");
    }
    shape.push_back(ShapedType::isDynamic(size)
                        ? ShapedType::kDynamic
                        : sliceSize(begin[d], limit[d], strides[d]));
  }
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

OpFoldResult StridedSliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }) &&
      llvm::all_of(getBegin(), [](int64_t b) { return b == 0; }))
    return getInput();
  DenseElementsAttr input = smallConstant(adaptor.getInput());
  if (!input)
    return {};
  SmallVector<int64_t> inStrides = stridesOf(input.getType().getShape());
  ArrayRef<int64_t> begin = getBegin(), strides = getStrides();
  return gatherElements(input, getType(), [&](ArrayRef<int64_t> coords) {
    int64_t index = 0;
    for (size_t d = 0; d < coords.size(); ++d)
      index += (begin[d] + coords[d] * strides[d]) * inStrides[d];
    return index;
  });
}

//===----------------------------------------------------------------------===//
// PadOp, TileOp, BroadcastToOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> low = adaptor.getLow(), high = adaptor.getHigh();
  if (static_cast<int64_t>(low.size()) != type.getRank() ||
      static_cast<int64_t>(high.size()) != type.getRank())
    return emitOptionalError(location, "low and high need ", type.getRank(),
                             " entries each");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (low[d] < 0 || high[d] < 0)
      return emitOptionalError(location, "negative padding in dimension ", d);
    int64_t size = type.getDimSize(d);
    shape.push_back(ShapedType::isDynamic(size) ? size
                                                : size + low[d] + high[d]);
  }
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult PadOp::verify() {
  StringRef mode = getMode();
  if (mode != "constant" && mode != "reflect" && mode != "symmetric")
    return emitOpError("mode must be constant, reflect or symmetric, got '")
           << mode << "'";
  auto type = cast<RankedTensorType>(getInput().getType());
  if (std::optional<TypedAttr> value = getValue())
    if (value->getType() != type.getElementType())
      return emitOpError("padding value ")
             << *value << " does not have the element type "
             << type.getElementType();
  if (mode == "constant")
    return success();
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t size = type.getDimSize(d);
    int64_t most = mode == "reflect" ? size - 1 : size;
    if (!ShapedType::isDynamic(size) &&
        (getLow()[d] > most || getHigh()[d] > most))
      return emitOpError(mode)
             << " padding of dimension " << d << " may be at most " << most
             << " for size " << size;
  }
  return success();
}

LogicalResult TileOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> multiples = adaptor.getMultiples();
  if (static_cast<int64_t>(multiples.size()) != type.getRank())
    return emitOptionalError(location, "multiples needs ", type.getRank(),
                             " entries");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (multiples[d] < 0)
      return emitOptionalError(location, "negative multiple in dimension ", d);
    int64_t size = type.getDimSize(d);
    shape.push_back(ShapedType::isDynamic(size) ? size : size * multiples[d]);
  }
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

OpFoldResult TileOp::fold(FoldAdaptor adaptor) {
  if (llvm::all_of(getMultiples(), [](int64_t m) { return m == 1; }))
    return getInput();
  DenseElementsAttr input = smallConstant(adaptor.getInput());
  if (!input)
    return {};
  ArrayRef<int64_t> inShape = input.getType().getShape();
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  return gatherElements(input, getType(), [&](ArrayRef<int64_t> coords) {
    int64_t index = 0;
    for (size_t d = 0; d < coords.size(); ++d)
      index += (coords[d] % inShape[d]) * inStrides[d];
    return index;
  });
}

LogicalResult BroadcastToOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  RankedTensorType out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element types differ: ")
           << in.getElementType() << " and " << out.getElementType();
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(in.getShape(), out.getShape());
  if (failed(shape) || in.getRank() > out.getRank() ||
      failed(verifyCompatibleShape(*shape, out.getShape())))
    return emitOpError("cannot broadcast ") << in << " to " << out;
  return success();
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  DenseElementsAttr input = smallConstant(adaptor.getInput());
  if (!input)
    return {};
  if (input.isSplat() && getType().hasStaticShape())
    return DenseElementsAttr::get(getType(), input.getSplatValue<Attribute>());
  ArrayRef<int64_t> inShape = input.getType().getShape();
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  int64_t offset = getType().getRank() - inShape.size();
  return gatherElements(input, getType(), [&](ArrayRef<int64_t> coords) {
    int64_t index = 0;
    for (size_t d = 0; d < inShape.size(); ++d)
      index += (inShape[d] == 1 ? 0 : coords[offset + d]) * inStrides[d];
    return index;
  });
}

//===----------------------------------------------------------------------===//
// GatherOp, GatherNdOp, DepthToSpaceOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto params = cast<RankedTensorType>(adaptor.getParams().getType());
  auto indices = cast<RankedTensorType>(adaptor.getIndices().getType());
  int64_t axis = adaptor.getAxis(), batch = adaptor.getBatchDims();
  if (axis < 0 || axis >= params.getRank())
    return emitOptionalError(location, "axis ", axis,
                             " is out of range for ", params);
  if (batch < 0 || batch > axis || batch > indices.getRank())
    return emitOptionalError(location, "batch_dims ", batch,
                             " must lie in [0, min(axis, rank(indices))]");
  SmallVector<int64_t> shape(params.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape().drop_front(batch));
  llvm::append_range(shape, params.getShape().drop_front(axis + 1));
  results.push_back(RankedTensorType::get(shape, params.getElementType()));
  return success();
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr params = smallConstant(adaptor.getParams());
  DenseElementsAttr indices = smallConstant(adaptor.getIndices());
  if (!params || !indices || getBatchDims() != 0)
    return {};
  SmallVector<int64_t> index;
  for (const APInt &value : indices.getValues<APInt>())
    index.push_back(value.getSExtValue());
  ArrayRef<int64_t> pShape = params.getType().getShape();
  int64_t axis = getAxis();
  for (int64_t i : index)
    if (i < 0 || i >= pShape[axis])
      return {}; // TF reports this at run time
  SmallVector<int64_t> pStrides = stridesOf(pShape);
  SmallVector<int64_t> iStrides = stridesOf(indices.getType().getShape());
  int64_t iRank = indices.getType().getRank();
  return gatherElements(params, getType(), [&](ArrayRef<int64_t> coords) {
    int64_t flat = 0;
    for (int64_t d = 0; d < iRank; ++d)
      flat += coords[axis + d] * iStrides[d];
    int64_t result = 0;
    for (int64_t d = 0; d < axis; ++d)
      result += coords[d] * pStrides[d];
    result += index[flat] * pStrides[axis];
    for (int64_t d = axis + 1; d < static_cast<int64_t>(pShape.size()); ++d)
      result += coords[d - 1 + iRank] * pStrides[d];
    return result;
  });
}

LogicalResult GatherNdOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  auto params = cast<RankedTensorType>(adaptor.getParams().getType());
  auto indices = cast<RankedTensorType>(adaptor.getIndices().getType());
  if (indices.getRank() < 1 || indices.isDynamicDim(indices.getRank() - 1))
    return emitOptionalError(location, "indices need a known last "
                                       "dimension, got ",
                             indices);
  int64_t depth = indices.getDimSize(indices.getRank() - 1);
  if (depth > params.getRank())
    return emitOptionalError(location, "indices address ", depth,
                             " dimensions of ", params);
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, params.getShape().drop_front(depth));
  results.push_back(RankedTensorType::get(shape, params.getElementType()));
  return success();
}

LogicalResult
DepthToSpaceOp::inferReturnTypes(MLIRContext *, std::optional<Location> location,
                                 Adaptor adaptor,
                                 SmallVectorImpl<Type> &results) {
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t b = adaptor.getBlockSize();
  if (type.getRank() != 4 || b < 2)
    return emitOptionalError(location, "needs an NHWC input and block_size "
                                       ">= 2, got ",
                             type, " and ", b);
  auto scale = [](int64_t size, int64_t factor) {
    return ShapedType::isDynamic(size) ? size : size * factor;
  };
  int64_t c = type.getDimSize(3);
  if (!ShapedType::isDynamic(c) && c % (b * b) != 0)
    return emitOptionalError(location, "channels ", c,
                             " are not divisible by block_size^2 = ", b * b);
  results.push_back(RankedTensorType::get(
      {type.getDimSize(0), scale(type.getDimSize(1), b),
       scale(type.getDimSize(2), b),
       ShapedType::isDynamic(c) ? c : c / (b * b)},
      type.getElementType()));
  return success();
}

LogicalResult ScatterOp::verify() {
  static const char *const kinds[] = {"update", "add", "sub", "mul",
                                      "div",    "min", "max"};
  if (!llvm::is_contained(kinds, getKind()))
    return emitOpError("kind '")
           << getKind()
           << "' is not one of update, add, sub, mul, div, min, max";
  auto base = cast<RankedTensorType>(getBase().getType());
  auto indices = cast<RankedTensorType>(getIndices().getType());
  auto updates = cast<RankedTensorType>(getUpdates().getType());
  if (base.getRank() == 0)
    return emitOpError("base must have at least one dimension");
  if (updates.getElementType() != base.getElementType())
    return emitOpError("updates ") << updates << " and base " << base
                                   << " have different element types";
  if (getKind() != "update" && getKind() != "min" && getKind() != "max" &&
      !isa<FloatType, IntegerType>(base.getElementType()))
    return emitOpError("kind '") << getKind() << "' needs numbers";
  if (isa<IntegerType>(base.getElementType()) &&
      base.getElementType().getIntOrFloatBitWidth() == 1 &&
      getKind() != "update")
    return emitOpError("bool tensors can only be updated");
  if (updates.getRank() == 0)
    return success();
  SmallVector<int64_t> expected(indices.getShape());
  expected.append(base.getShape().begin() + 1, base.getShape().end());
  if (failed(verifyCompatibleShape(updates.getShape(), expected)))
    return emitOpError("updates ")
           << updates << " must have shape indices.shape + base.shape[1:] ("
           << RankedTensorType::get(expected, base.getElementType())
           << ") or be a scalar";
  return success();
}

LogicalResult GatherGradOp::verify() {
  auto indices = cast<RankedTensorType>(getIndices().getType());
  auto grad = cast<RankedTensorType>(getOutGrad().getType());
  auto params = cast<RankedTensorType>(getType());
  int64_t axis = getAxis();
  if (axis < 0 || axis >= params.getRank())
    return emitOpError("axis ") << axis << " is out of range";
  if (grad.getRank() != params.getRank() - 1 + indices.getRank() ||
      grad.getElementType() != params.getElementType())
    return emitOpError("gradient ") << grad << " does not match params "
                                    << params << " gathered by " << indices;
  return success();
}

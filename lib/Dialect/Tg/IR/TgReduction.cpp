//===- TgReduction.cpp - Reductions, arg-extrema and top-k ----------------===//

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "Folding.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::detail;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

LogicalResult tgc::tg::inferReductionResult(std::optional<Location> location,
                                            Type inputType,
                                            ArrayRef<int64_t> axes,
                                            bool keepDims, Type elementType,
                                            SmallVectorImpl<Type> &results) {
  auto type = cast<RankedTensorType>(inputType);
  int64_t previous = -1;
  for (int64_t axis : axes) {
    if (axis < 0 || axis >= type.getRank() || axis <= previous)
      return emitOptionalError(location,
                               "axes must be sorted, distinct and in [0, ",
                               type.getRank(), ")");
    previous = axis;
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!llvm::is_contained(axes, d))
      shape.push_back(type.getDimSize(d));
    else if (keepDims)
      shape.push_back(1);
  }
  results.push_back(RankedTensorType::get(
      shape, elementType ? elementType : type.getElementType()));
  return success();
}

namespace {

/// Folds a reduction of a small constant with `combine` over doubles or
/// int64 (enough for shape computations).
template <typename Op>
OpFoldResult foldReduction(Op op, Attribute inputAttr,
                           double (*combineFloat)(double, double),
                           int64_t (*combineInt)(int64_t, int64_t),
                           bool mean = false) {
  DenseElementsAttr input = smallConstant(inputAttr);
  RankedTensorType type = op.getType();
  if (!input || !type.hasStaticShape())
    return {};
  ArrayRef<int64_t> inShape = input.getType().getShape();
  ArrayRef<int64_t> axes = op.getAxes();
  Type element = type.getElementType();
  bool isFloat = isa<FloatType>(element);
  bool isUnsigned = element.isUnsignedInteger() || element.isInteger(1);
  // Result index of every input element.
  SmallVector<int64_t> outShape;
  for (int64_t d = 0; d < static_cast<int64_t>(inShape.size()); ++d)
    if (!llvm::is_contained(axes, d))
      outShape.push_back(inShape[d]);
  SmallVector<int64_t> outStrides = stridesOf(outShape);
  int64_t outCount = type.getNumElements();
  std::vector<double> accF(outCount);
  std::vector<int64_t> accI(outCount);
  std::vector<bool> started(outCount, false);
  SmallVector<int64_t> coords(inShape.size(), 0);
  auto values = input.getValues<Attribute>();
  int64_t count = input.getNumElements();
  for (int64_t i = 0; i < count; ++i) {
    int64_t out = 0, k = 0;
    for (int64_t d = 0; d < static_cast<int64_t>(inShape.size()); ++d)
      if (!llvm::is_contained(axes, d))
        out += coords[d] * outStrides[k++];
    Attribute value = input.isSplat() ? input.getSplatValue<Attribute>()
                                      : values[i];
    if (isFloat) {
      double v = cast<FloatAttr>(value).getValueAsDouble();
      accF[out] = started[out] ? combineFloat(accF[out], v) : v;
    } else {
      const APInt &a = cast<IntegerAttr>(value).getValue();
      int64_t v = isUnsigned ? int64_t(a.getZExtValue()) : a.getSExtValue();
      accI[out] = started[out] ? combineInt(accI[out], v) : v;
    }
    started[out] = true;
    for (int64_t d = inShape.size() - 1; d >= 0; --d) {
      if (++coords[d] < inShape[d])
        break;
      coords[d] = 0;
    }
  }
  if (llvm::is_contained(started, false))
    return {}; // reduction over an empty dimension: identity elements vary
  int64_t reduced = outCount ? count / outCount : 0;
  SmallVector<Attribute> results;
  for (int64_t i = 0; i < outCount; ++i) {
    if (isFloat)
      results.push_back(FloatAttr::get(
          element, mean && reduced ? accF[i] / reduced : accF[i]));
    else
      results.push_back(IntegerAttr::get(
          element, mean && reduced ? accI[i] / reduced : accI[i]));
  }
  return DenseElementsAttr::get(type, results);
}

} // namespace

OpFoldResult ReduceSumOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      *this, adaptor.getInput(), [](double a, double b) { return a + b; },
      [](int64_t a, int64_t b) { return a + b; });
}
OpFoldResult ReduceMeanOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      *this, adaptor.getInput(), [](double a, double b) { return a + b; },
      [](int64_t a, int64_t b) { return a + b; }, /*mean=*/true);
}
OpFoldResult ReduceMaxOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      *this, adaptor.getInput(),
      [](double a, double b) { return std::max(a, b); },
      [](int64_t a, int64_t b) { return std::max(a, b); });
}
OpFoldResult ReduceMinOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      *this, adaptor.getInput(),
      [](double a, double b) { return std::min(a, b); },
      [](int64_t a, int64_t b) { return std::min(a, b); });
}
OpFoldResult ReduceProdOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      *this, adaptor.getInput(), [](double a, double b) { return a * b; },
      [](int64_t a, int64_t b) { return a * b; });
}
OpFoldResult ReduceAnyOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      *this, adaptor.getInput(), [](double a, double b) { return a + b; },
      [](int64_t a, int64_t b) -> int64_t { return a || b; });
}
OpFoldResult ReduceAllOp::fold(FoldAdaptor adaptor) {
  return foldReduction(
      *this, adaptor.getInput(), [](double a, double b) { return a * b; },
      [](int64_t a, int64_t b) -> int64_t { return a && b; });
}

static LogicalResult verifyArgReduction(Operation *op, Value input,
                                        RankedTensorType result,
                                        int64_t axis) {
  auto type = cast<RankedTensorType>(input.getType());
  if (axis < 0 || axis >= type.getRank())
    return op->emitOpError("axis ")
           << axis << " is out of range for " << type;
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  if (failed(verifyCompatibleShape(shape, result.getShape())))
    return op->emitOpError("result ")
           << result << " does not have the shape of " << type
           << " without axis " << axis;
  return success();
}

LogicalResult ArgMaxOp::verify() {
  return verifyArgReduction(*this, getInput(), getType(), getAxis());
}

LogicalResult ArgMinOp::verify() {
  return verifyArgReduction(*this, getInput(), getType(), getAxis());
}

LogicalResult TopKOp::verify() {
  auto type = cast<RankedTensorType>(getInput().getType());
  if (type.getRank() < 1)
    return emitOpError("input must have rank at least 1");
  int64_t last = type.getDimSize(type.getRank() - 1);
  int64_t k = getKAttr().getInt();
  if (k < 0)
    return emitOpError("k = ") << k << " must not be negative";
  if (!ShapedType::isDynamic(last) && k > last)
    return emitOpError("k = ") << k << " must lie in [0, " << last << "]";
  SmallVector<int64_t> shape(type.getShape());
  shape.back() = k;
  auto values = cast<RankedTensorType>(getValues().getType());
  auto indices = cast<RankedTensorType>(getIndices().getType());
  if (values.getElementType() != type.getElementType() ||
      failed(verifyCompatibleShape(shape, values.getShape())) ||
      failed(verifyCompatibleShape(shape, indices.getShape())))
    return emitOpError("results must have the input's shape with k = ")
           << k << " in the last dimension";
  return success();
}

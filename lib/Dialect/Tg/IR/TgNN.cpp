//===- TgNN.cpp - Convolutions, pooling, resizing, matrix products -------===//

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace tgc::tg;

/// Output size of a window sliding over `size` elements.
static int64_t windowOutput(int64_t size, int64_t window, int64_t stride,
                            int64_t dilation, int64_t padLow,
                            int64_t padHigh) {
  if (ShapedType::isDynamic(size))
    return ShapedType::kDynamic;
  int64_t effective = dilation * (window - 1) + 1;
  int64_t padded = size + padLow + padHigh;
  if (padded < effective)
    return 0;
  return (padded - effective) / stride + 1;
}

/// Checks the window attributes shared by convolutions and pooling.
static LogicalResult checkWindow(std::optional<Location> location,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> dilations,
                                 ArrayRef<int64_t> pad) {
  if (strides.size() != 2 || dilations.size() != 2 || pad.size() != 4)
    return emitOptionalError(location, "needs 2 strides, 2 dilations and 4 "
                                       "paddings [top, bottom, left, right]");
  for (int64_t v : strides)
    if (v < 1)
      return emitOptionalError(location, "strides must be positive");
  for (int64_t v : dilations)
    if (v < 1)
      return emitOptionalError(location, "dilations must be positive");
  for (int64_t v : pad)
    if (v < 0)
      return emitOptionalError(location, "paddings must not be negative");
  return success();
}

static LogicalResult inferConv(std::optional<Location> location, Type inputType,
                               Type filterType, ArrayRef<int64_t> strides,
                               ArrayRef<int64_t> dilations,
                               ArrayRef<int64_t> pad, bool depthwise,
                               SmallVectorImpl<Type> &results) {
  auto input = cast<RankedTensorType>(inputType);
  auto filter = cast<RankedTensorType>(filterType);
  if (input.getRank() != 4 || filter.getRank() != 4)
    return emitOptionalError(location, "needs a rank-4 NHWC input and a "
                                       "rank-4 filter, got ",
                             input, " and ", filter);
  if (input.getElementType() != filter.getElementType())
    return emitOptionalError(location, "input and filter element types "
                                       "differ: ",
                             input.getElementType(), " and ",
                             filter.getElementType());
  if (failed(checkWindow(location, strides, dilations, pad)))
    return failure();
  int64_t channels = input.getDimSize(3), filterIn = filter.getDimSize(2);
  if (!ShapedType::isDynamic(channels) && !ShapedType::isDynamic(filterIn)) {
    bool fits = depthwise ? channels == filterIn
                          : filterIn > 0 && channels % filterIn == 0;
    if (!fits)
      return emitOptionalError(location, "filter ", filter,
                               " does not fit the ", channels,
                               " input channels");
  }
  int64_t outChannels =
      depthwise ? (ShapedType::isDynamic(channels) ||
                           filter.isDynamicDim(3)
                       ? ShapedType::kDynamic
                       : channels * filter.getDimSize(3))
                : filter.getDimSize(3);
  int64_t kh = filter.getDimSize(0), kw = filter.getDimSize(1);
  auto out = [&](int64_t size, int64_t k, int d) {
    return ShapedType::isDynamic(k)
               ? ShapedType::kDynamic
               : windowOutput(size, k, strides[d], dilations[d], pad[2 * d],
                              pad[2 * d + 1]);
  };
  results.push_back(RankedTensorType::get(
      {input.getDimSize(0), out(input.getDimSize(1), kh, 0),
       out(input.getDimSize(2), kw, 1), outChannels},
      input.getElementType()));
  return success();
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return inferConv(location, adaptor.getInput().getType(),
                   adaptor.getFilter().getType(), adaptor.getStrides(),
                   adaptor.getDilations(), adaptor.getPad(),
                   /*depthwise=*/false, results);
}

bool Conv2DOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return isCompatibleResult(l, r);
}

LogicalResult
DepthwiseConv2DOp::inferReturnTypes(MLIRContext *,
                                    std::optional<Location> location,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &results) {
  return inferConv(location, adaptor.getInput().getType(),
                   adaptor.getFilter().getType(), adaptor.getStrides(),
                   adaptor.getDilations(), adaptor.getPad(),
                   /*depthwise=*/true, results);
}

bool DepthwiseConv2DOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return isCompatibleResult(l, r);
}

LogicalResult DepthwiseGradOp::verify() {
  if (getWrt() != "input" && getWrt() != "filter")
    return emitOpError("wrt must be \"input\" or \"filter\", got ") << getWrt();
  auto operand = cast<RankedTensorType>(getOperand().getType());
  auto grad = cast<RankedTensorType>(getOutGrad().getType());
  auto result = cast<RankedTensorType>(getType());
  if (operand.getRank() != 4 || grad.getRank() != 4 || result.getRank() != 4)
    return emitOpError("needs rank-4 operands and result");
  if (getStrides().size() != 2 || getDilations().size() != 2 ||
      getPad().size() != 4)
    return emitOpError("needs 2 strides, 2 dilations and 4 paddings");
  RankedTensorType filter = getWrt() == "input" ? operand : result;
  RankedTensorType input = getWrt() == "input" ? result : operand;
  if (input.hasStaticShape() && filter.hasStaticShape() &&
      grad.hasStaticShape() &&
      (filter.getDimSize(2) != input.getDimSize(3) ||
       filter.getDimSize(2) * filter.getDimSize(3) != grad.getDimSize(3)))
    return emitOpError("filter ") << filter << " does not connect input "
                                  << input << " to gradient " << grad;
  return success();
}

LogicalResult PoolGradOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto grad = cast<RankedTensorType>(getOutGrad().getType());
  if (getMode() != "max" && getMode() != "avg")
    return emitOpError("mode must be \"max\" or \"avg\", got ") << getMode();
  if (input.getRank() != 4 || grad.getRank() != 4 || getType() != input)
    return emitOpError("needs rank-4 NHWC input and gradient, and returns the "
                       "input's type");
  if (getWindow().size() != 2 || getStrides().size() != 2 ||
      getPad().size() != 4)
    return emitOpError("needs a 2-D window, 2 strides and 4 paddings");
  if (input.getElementType() != grad.getElementType())
    return emitOpError("element types differ");
  return success();
}

LogicalResult Conv2DFilterGradOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto grad = cast<RankedTensorType>(getOutGrad().getType());
  auto filter = cast<RankedTensorType>(getType());
  if (input.getRank() != 4 || grad.getRank() != 4 || filter.getRank() != 4)
    return emitOpError("needs rank-4 NHWC input and gradient and an HWCF "
                       "result");
  if (getStrides().size() != 2 || getDilations().size() != 2 ||
      getPad().size() != 4)
    return emitOpError("needs 2 strides, 2 dilations and 4 paddings");
  if (input.getElementType() != filter.getElementType() ||
      grad.getElementType() != filter.getElementType())
    return emitOpError("element types differ");
  if (!input.hasStaticShape() || !grad.hasStaticShape() ||
      !filter.hasStaticShape())
    return success();
  if (filter.getDimSize(2) != input.getDimSize(3) ||
      filter.getDimSize(3) != grad.getDimSize(3) ||
      input.getDimSize(0) != grad.getDimSize(0))
    return emitOpError("filter ") << filter << " does not connect input "
                                  << input << " to gradient " << grad;
  for (int i = 0; i < 2; ++i) {
    int64_t size = input.getDimSize(1 + i) + getPad()[2 * i] +
                   getPad()[2 * i + 1];
    int64_t window = (filter.getDimSize(i) - 1) * getDilations()[i] + 1;
    int64_t out = size < window ? 0 : (size - window) / getStrides()[i] + 1;
    if (out != grad.getDimSize(1 + i))
      return emitOpError("the convolution gives ")
             << out << " outputs in spatial dimension " << i
             << " but the gradient has " << grad.getDimSize(1 + i);
  }
  return success();
}

LogicalResult Conv2DTransposeOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto filter = cast<RankedTensorType>(getFilter().getType());
  RankedTensorType output = getType();
  if (output.getRank() != 4)
    return emitOpError("result must be rank-4 NHWC, got ") << output;
  // The forward convolution of the result (with the same filter, HWIO
  // from its point of view) must give the input's shape.
  SmallVector<Type> forward;
  if (filter.getRank() != 4)
    return emitOpError("filter must be rank 4, got ") << filter;
  if (failed(inferConv(getLoc(), output, filter, getStrides(),
                       getDilations(), getPad(), false, forward)))
    return failure();
  if (failed(verifyCompatibleShape(forward.front(), input)))
    return emitOpError("the forward convolution of ")
           << output << " gives " << forward.front() << ", not the input "
           << input;
  return success();
}

static LogicalResult checkPool(std::optional<Location> location, Type inputType,
                        ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> pad, SmallVectorImpl<Type> &results) {
  auto input = cast<RankedTensorType>(inputType);
  if (input.getRank() != 4)
    return emitOptionalError(location, "needs a rank-4 NHWC input, got ",
                             input);
  if (window.size() != 2 || window[0] < 1 || window[1] < 1)
    return emitOptionalError(location, "needs a positive 2-D window");
  SmallVector<int64_t> dilations = {1, 1};
  if (failed(checkWindow(location, strides, dilations, pad)))
    return failure();
  if (pad[0] >= window[0] || pad[1] >= window[0] || pad[2] >= window[1] ||
      pad[3] >= window[1])
    return emitOptionalError(location, "padding must be smaller than the "
                                       "window");
  results.push_back(RankedTensorType::get(
      {input.getDimSize(0),
       windowOutput(input.getDimSize(1), window[0], strides[0], 1, pad[0],
                    pad[1]),
       windowOutput(input.getDimSize(2), window[1], strides[1], 1, pad[2],
                    pad[3]),
       input.getDimSize(3)},
      input.getElementType()));
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return checkPool(location, adaptor.getInput().getType(), adaptor.getWindow(),
                   adaptor.getStrides(), adaptor.getPad(), results);
}

bool MaxPoolOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return isCompatibleResult(l, r);
}

LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return checkPool(location, adaptor.getInput().getType(), adaptor.getWindow(),
                   adaptor.getStrides(), adaptor.getPad(), results);
}

bool AvgPoolOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return isCompatibleResult(l, r);
}

/// The checks resize and its gradient share: `image` is the resized image,
/// `resized` the result of the resize.
static LogicalResult verifyResize(Operation *op, StringRef mode,
                                  bool alignCorners, bool halfPixel,
                                  RankedTensorType image,
                                  RankedTensorType resized) {
  if (mode != "bilinear" && mode != "nearest")
    return op->emitOpError("mode must be bilinear or nearest, got '")
           << mode << "'";
  if (alignCorners && halfPixel)
    return op->emitOpError(
        "align_corners and half_pixel_centers are exclusive");
  if (image.getRank() != 4 || resized.getRank() != 4)
    return op->emitOpError("needs rank-4 NHWC input and result");
  if (image.getElementType() != resized.getElementType() ||
      failed(verifyCompatibleShape(
          ArrayRef<int64_t>{image.getDimSize(0), image.getDimSize(3)},
          ArrayRef<int64_t>{resized.getDimSize(0), resized.getDimSize(3)})))
    return op->emitOpError("resizing keeps the batch, channels and element "
                           "type: ")
           << image << " vs " << resized;
  return success();
}

LogicalResult ResizeOp::verify() {
  return verifyResize(*this, getMode(), getAlignCorners(),
                      getHalfPixelCenters(),
                      cast<RankedTensorType>(getInput().getType()), getType());
}

LogicalResult ResizeGradOp::verify() {
  return verifyResize(*this, getMode(), getAlignCorners(),
                      getHalfPixelCenters(), getType(),
                      cast<RankedTensorType>(getOutGrad().getType()));
}

LogicalResult
BatchMatMulOp::inferReturnTypes(MLIRContext *, std::optional<Location> location,
                                Adaptor adaptor,
                                SmallVectorImpl<Type> &results) {
  auto a = cast<RankedTensorType>(adaptor.getA().getType());
  auto b = cast<RankedTensorType>(adaptor.getB().getType());
  if (a.getRank() < 2 || b.getRank() < 2)
    return emitOptionalError(location, "operands need rank at least 2, got ",
                             a, " and ", b);
  if (a.getElementType() != b.getElementType())
    return emitOptionalError(location, "operands have different element "
                                       "types: ",
                             a.getElementType(), " and ", b.getElementType());
  bool ta = adaptor.getAdjA(), tb = adaptor.getAdjB();
  int64_t ra = a.getRank(), rb = b.getRank();
  int64_t m = a.getDimSize(ta ? ra - 1 : ra - 2);
  int64_t ka = a.getDimSize(ta ? ra - 2 : ra - 1);
  int64_t kb = b.getDimSize(tb ? rb - 1 : rb - 2);
  int64_t n = b.getDimSize(tb ? rb - 2 : rb - 1);
  if (!ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb) && ka != kb)
    return emitOptionalError(location, "contraction dimensions differ: ", ka,
                             " and ", kb);
  FailureOr<SmallVector<int64_t>> batch = broadcastShapes(
      a.getShape().drop_back(2), b.getShape().drop_back(2));
  if (failed(batch))
    return emitOptionalError(location, "batch dimensions of ", a, " and ", b,
                             " do not broadcast");
  SmallVector<int64_t> shape = *batch;
  shape.push_back(m);
  shape.push_back(n);
  results.push_back(RankedTensorType::get(shape, a.getElementType()));
  return success();
}

bool BatchMatMulOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return isCompatibleResult(l, r);
}

static std::string typeToString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto a = cast<RankedTensorType>(adaptor.getA().getType());
  auto b = cast<RankedTensorType>(adaptor.getB().getType());
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOptionalError(location, "operands must have rank 2, got ", a,
                             " and ", b);
  if (a.getElementType() != b.getElementType())
    return emitOptionalError(location,
                             "operands have different element types: ",
                             a.getElementType(), " and ", b.getElementType());
  bool ta = adaptor.getTransposeA(), tb = adaptor.getTransposeB();
  int64_t m = a.getDimSize(ta ? 1 : 0), ka = a.getDimSize(ta ? 0 : 1);
  int64_t kb = b.getDimSize(tb ? 1 : 0), n = b.getDimSize(tb ? 0 : 1);
  if (!ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb) && ka != kb)
    return emitOptionalError(
        location, "contraction dimensions differ: op(a) is ",
        typeToString(a), (ta ? " transposed" : ""), " with K=", ka,
        ", op(b) is ", typeToString(b), (tb ? " transposed" : ""),
        " with K=", kb);
  results.push_back(RankedTensorType::get({m, n}, a.getElementType()));
  return success();
}

bool MatMulOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return tgc::tg::isCompatibleResult(l, r);
}

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  if (getType().getRank() < 1)
    return emitOpError("input must have rank at least 1, got ") << getType();
  return success();
}

//===- NN.cpp - Lowering of convolutions and pooling ----------------------===//
//
// Convolutions and pooling map onto linalg's named NHWC ops after an
// explicit tensor.pad (zeros for convolutions, the pooling's identity for
// pooling); float convolutions become a matrix product of the input's
// patches (im2col) with the filter, so that they run on the tuned GEMM.
// Average pooling divides by the number of window elements that are not
// padding, as TensorFlow does. The rest of the NN family has one file
// each: matrix products (NNMatmul.cpp), softmax (NNSoftmax.cpp), resize
// (NNResize.cpp) and the gradient ops (NNGradients.cpp).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace tgc::tg;

using tgc::tg::detail::checkTypes;
using tgc::tg::detail::emptyLike;

Value tgc::tg::detail::filled(OpBuilder &b, Location loc, RankedTensorType type,
             TypedAttr value) {
  Value v = b.create<arith::ConstantOp>(loc, value);
  return b.create<linalg::FillOp>(loc, v, emptyLike(b, loc, type)).getResult(0);
}

/// Pads H and W of an NHWC tensor by pad = [top, bottom, left, right].
Value tgc::tg::detail::padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pad,
                 TypedAttr value) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += pad[0] + pad[1];
  shape[2] += pad[2] + pad[3];
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                   b.getIndexAttr(pad[2]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(pad[1]),
                                    b.getIndexAttr(pad[3]), b.getIndexAttr(0)};
  Value padValue = b.create<arith::ConstantOp>(loc, value);
  return b.create<tensor::PadOp>(
      loc, RankedTensorType::get(shape, type.getElementType()), input, low,
      high, padValue);
}

/// A convolution of a padded NHWC input with an HWCF filter as one matrix
/// product: the patches of the input, [N*OH*OW, KH*KW*C] (im2col; a 1x1
/// convolution with unit strides uses the input itself), times the filter
/// seen as [KH*KW*C, F]. linalg.matmul then reaches the runtime's tuned GEMM
/// (tg-gemm-to-runtime), where the convolution's own loops would stay
/// scalar. The patch matrix reads the taps in TF's order (kh, kw, c), and
/// the product is marked to be summed in that order (kOrderedSumAttr), so
/// each output rounds as in TF's reference kernels.
SmallVector<ReassociationIndices> tgc::tg::detail::rowsAndLast(int64_t rank) {
  ReassociationIndices outer;
  for (int64_t d = 0; d + 1 < rank; ++d)
    outer.push_back(d);
  return {outer, {rank - 1}};
}

/// The patch matrix [N*OH*OW, KH*KW*C] of a padded NHWC input for a
/// KH x KW window (im2col); taps in TF's order (kh, kw, c).
Value tgc::tg::detail::patchMatrix(OpBuilder &b, Location loc, Value padded, int64_t kh,
                  int64_t kw, int64_t oh, int64_t ow,
                  ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations) {
  auto inType = cast<RankedTensorType>(padded.getType());
  Type element = inType.getElementType();
  int64_t n = inType.getDimSize(0), c = inType.getDimSize(3);
  int64_t rows = n * oh * ow, depth = kh * kw * c;
  Value patches;
  bool direct = kh == 1 && kw == 1 && strides[0] == 1 && strides[1] == 1 &&
                inType.getDimSize(1) == oh && inType.getDimSize(2) == ow;
  if (direct) {
    patches = b.create<tensor::CollapseShapeOp>(
        loc, RankedTensorType::get({rows, depth}, element), padded,
        rowsAndLast(4));
  } else {
    MLIRContext *ctx = b.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    // (n, oh, ow, kh, kw, c) -> input[n, oh*sh + kh*dh, ow*sw + kw*dw, c]
    AffineMap read = AffineMap::get(
        6, 0,
        {d(0), d(1) * strides[0] + d(3) * dilations[0],
         d(2) * strides[1] + d(4) * dilations[1], d(5)},
        ctx);
    auto patchType = RankedTensorType::get({n, oh, ow, kh, kw, c}, element);
    Value gathered =
        b.create<linalg::GenericOp>(
             loc, TypeRange{patchType}, ValueRange{padded},
             ValueRange{emptyLike(b, loc, patchType)},
             ArrayRef<AffineMap>{read, b.getMultiDimIdentityMap(6)},
             SmallVector<utils::IteratorType>(6, utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               nb.create<linalg::YieldOp>(nl, args[0]);
             })
            .getResult(0);
    patches = b.create<tensor::CollapseShapeOp>(
        loc, RankedTensorType::get({rows, depth}, element), gathered,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3, 4, 5}});
  }
  return patches;
}

namespace {

using tgc::tg::detail::filled;
using tgc::tg::detail::padSpatial;
using tgc::tg::detail::patchMatrix;
using tgc::tg::detail::rowsAndLast;
using tgc::tg::detail::spreadForTranspose;

Value convAsMatmul(OpBuilder &b, Location loc, Value padded, Value filter,
                   RankedTensorType type, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> dilations) {
  auto filterType = cast<RankedTensorType>(filter.getType());
  Type element = type.getElementType();
  int64_t n = type.getDimSize(0), oh = type.getDimSize(1),
          ow = type.getDimSize(2), f = type.getDimSize(3);
  int64_t kh = filterType.getDimSize(0), kw = filterType.getDimSize(1),
          c = filterType.getDimSize(2);
  int64_t rows = n * oh * ow, depth = kh * kw * c;
  Value patches =
      patchMatrix(b, loc, padded, kh, kw, oh, ow, strides, dilations);
  Value weights = b.create<tensor::CollapseShapeOp>(
      loc, RankedTensorType::get({depth, f}, element), filter, rowsAndLast(4));
  auto productType = RankedTensorType::get({rows, f}, element);
  Value init = filled(b, loc, productType, b.getZeroAttr(element));
  auto matmul = b.create<linalg::MatmulOp>(loc, TypeRange{productType},
                                           ValueRange{patches, weights},
                                           ValueRange{init});
  matmul->setAttr(kOrderedSumAttr, b.getUnitAttr());
  Value product = matmul.getResult(0);
  return b.create<tensor::ExpandShapeOp>(loc, type, product, rowsAndLast(4));
}

/// The output gradient `g` [N, OH, OW, C] of a convolution with the given
/// strides, dilations and padding, spread out for the transposed
/// correlation that gives the input gradient [N, H, W, ...]: g's elements
/// at multiples of the strides in a zero tensor, padded by
/// d·(k−1) − pad before and whatever completes H (W) after. Fails when the
/// padding exceeds the window (the lowering would need a crop).
} // namespace

FailureOr<Value> tgc::tg::detail::spreadForTranspose(OpBuilder &b, Location loc, Value g,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> dilations,
                                    ArrayRef<int64_t> pad, int64_t kh,
                                    int64_t kw, int64_t h, int64_t w) {
  auto type = cast<RankedTensorType>(g.getType());
  Type element = type.getElementType();
  int64_t n = type.getDimSize(0), oh = type.getDimSize(1),
          ow = type.getDimSize(2), c = type.getDimSize(3);
  int64_t dh = (oh - 1) * strides[0] + 1, dw = (ow - 1) * strides[1] + 1;
  auto dilatedType = RankedTensorType::get({n, dh, dw, c}, element);
  Value dilated = filled(b, loc, dilatedType, b.getZeroAttr(element));
  SmallVector<OpFoldResult> zeros(4, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(n), b.getIndexAttr(oh),
                                     b.getIndexAttr(ow), b.getIndexAttr(c)};
  SmallVector<OpFoldResult> steps = {b.getIndexAttr(1),
                                     b.getIndexAttr(strides[0]),
                                     b.getIndexAttr(strides[1]),
                                     b.getIndexAttr(1)};
  dilated = b.create<tensor::InsertSliceOp>(loc, g, dilated, zeros, sizes,
                                            steps);
  int64_t lowH = dilations[0] * (kh - 1) - pad[0];
  int64_t lowW = dilations[1] * (kw - 1) - pad[2];
  int64_t highH = h + dilations[0] * (kh - 1) - lowH - dh;
  int64_t highW = w + dilations[1] * (kw - 1) - lowW - dw;
  if (lowH < 0 || lowW < 0 || highH < 0 || highW < 0)
    return failure();
  return padSpatial(b, loc, dilated, {lowH, highH, lowW, highW},
                    b.getZeroAttr(element));
}

namespace {

struct Conv2DLowering : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto input = cast<RankedTensorType>(op.getInput().getType());
    auto filter = cast<RankedTensorType>(op.getFilter().getType());
    if (input.getDimSize(3) != filter.getDimSize(2))
      return op.emitError("cannot lower grouped convolutions yet");
    Type element = type.getElementType();
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), op.getPad(),
                              rewriter.getZeroAttr(element));
    if (element.isF32() || element.isF64()) {
      rewriter.replaceOp(op, convAsMatmul(rewriter, loc, padded,
                                          adaptor.getFilter(), type,
                                          op.getStrides(), op.getDilations()));
      return success();
    }
    Value init = filled(rewriter, loc, type, rewriter.getZeroAttr(element));
    auto conv = rewriter.create<linalg::Conv2DNhwcHwcfOp>(
        loc, TypeRange{type}, ValueRange{padded, adaptor.getFilter()},
        ValueRange{init}, rewriter.getI64TensorAttr(op.getStrides()),
        rewriter.getI64TensorAttr(op.getDilations()));
    rewriter.replaceOp(op, conv->getResult(0));
    return success();
  }
};

/// A depthwise convolution with channel multiplier 1 as a generic whose
/// loops run (n, oh, ow, kh, kw, c): the channels, contiguous in the
/// input, the filter and the output, are the innermost loop, which LLVM
/// vectorises, and each output sums its taps in TF's order (kh, kw).
/// linalg's named depthwise op puts the taps innermost (a scalar loop of
/// KH*KW iterations per output).
Value depthwiseChannelsInnermost(OpBuilder &b, Location loc, Value padded,
                                 Value filter, RankedTensorType type,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> dilations) {
  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap input = AffineMap::get(
      6, 0,
      {d(0), d(1) * strides[0] + d(3) * dilations[0],
       d(2) * strides[1] + d(4) * dilations[1], d(5)},
      ctx);
  // The filter [KH, KW, C, 1] is read as [KH, KW, C].
  AffineMap weights =
      AffineMap::get(6, 0, {d(3), d(4), d(5), getAffineConstantExpr(0, ctx)},
                     ctx);
  AffineMap output = AffineMap::get(6, 0, {d(0), d(1), d(2), d(5)}, ctx);
  using utils::IteratorType;
  SmallVector<IteratorType> iterators = {
      IteratorType::parallel,  IteratorType::parallel,
      IteratorType::parallel,  IteratorType::reduction,
      IteratorType::reduction, IteratorType::parallel};
  Value init = filled(b, loc, type, b.getZeroAttr(type.getElementType()));
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{padded, filter}, ValueRange{init},
          ArrayRef<AffineMap>{input, weights, output}, iterators,
          [](OpBuilder &nb, Location nl, ValueRange args) {
            Value product = nb.create<arith::MulFOp>(nl, args[0], args[1]);
            nb.create<linalg::YieldOp>(
                nl, ValueRange{nb.create<arith::AddFOp>(nl, args[2], product)});
          })
      .getResult(0);
}

struct DepthwiseLowering : OpConversionPattern<DepthwiseConv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DepthwiseConv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto filter = cast<RankedTensorType>(op.getFilter().getType());
    Type element = type.getElementType();
    int64_t c = filter.getDimSize(2), m = filter.getDimSize(3);
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), op.getPad(),
                              rewriter.getZeroAttr(element));
    if (m == 1 && isa<FloatType>(element)) {
      rewriter.replaceOp(op, depthwiseChannelsInnermost(
                                 rewriter, loc, padded, adaptor.getFilter(),
                                 type, op.getStrides(), op.getDilations()));
      return success();
    }
    // linalg's depthwise op keeps channels and multiplier apart: [N,H,W,C,M].
    auto wide = RankedTensorType::get(
        {type.getDimSize(0), type.getDimSize(1), type.getDimSize(2), c, m},
        element);
    Value init = filled(rewriter, loc, wide, rewriter.getZeroAttr(element));
    auto conv = rewriter.create<linalg::DepthwiseConv2DNhwcHwcmOp>(
        loc, TypeRange{wide}, ValueRange{padded, adaptor.getFilter()},
        ValueRange{init}, rewriter.getI64TensorAttr(op.getStrides()),
        rewriter.getI64TensorAttr(op.getDilations()));
    auto collapsed = rewriter.create<tensor::CollapseShapeOp>(
        loc, type, conv->getResult(0),
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    rewriter.replaceOp(op, collapsed.getResult());
    return success();
  }
};

template <typename PoolOp, bool isMax>
struct PoolLowering : OpConversionPattern<PoolOp> {
  using OpConversionPattern<PoolOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PoolOp op, typename PoolOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto floatType = cast<FloatType>(type.getElementType());
    ArrayRef<int64_t> window = op.getWindow();
    TypedAttr identity =
        isMax ? rewriter.getFloatAttr(
                    floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                               /*Negative=*/true))
              : cast<TypedAttr>(rewriter.getZeroAttr(floatType));
    Value padded =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPad(), identity);
    Value windowTensor = rewriter.create<tensor::EmptyOp>(
        loc, ArrayRef<int64_t>{window[0], window[1]}, floatType);
    Value init = filled(rewriter, loc, type, identity);
    auto strides = rewriter.getI64TensorAttr(op.getStrides());
    auto dilations = rewriter.getI64TensorAttr({1, 1});
    Value pooled;
    if (isMax)
      pooled = rewriter
                   .create<linalg::PoolingNhwcMaxOp>(
                       loc, TypeRange{type}, ValueRange{padded, windowTensor},
                       ValueRange{init}, strides, dilations)
                   ->getResult(0);
    else
      pooled = rewriter
                   .create<linalg::PoolingNhwcSumOp>(
                       loc, TypeRange{type}, ValueRange{padded, windowTensor},
                       ValueRange{init}, strides, dilations)
                   ->getResult(0);
    if (isMax) {
      rewriter.replaceOp(op, pooled);
      return success();
    }
    // Divide each window's sum by its number of elements inside the input.
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    int64_t h = inType.getDimSize(1), w = inType.getDimSize(2);
    ArrayRef<int64_t> s = op.getStrides(), pad = op.getPad();
    Value result = rewriter
                       .create<linalg::GenericOp>(
                           loc, TypeRange{type}, ValueRange{pooled},
                           ValueRange{emptyLike(rewriter, loc, type)},
                           SmallVector<AffineMap>(
                               2, rewriter.getMultiDimIdentityMap(4)),
                           SmallVector<utils::IteratorType>(
                               4, utils::IteratorType::parallel),
                           [&](OpBuilder &b, Location l, ValueRange args) {
                             auto count = [&](int dim, int64_t size,
                                              int64_t stride, int64_t k,
                                              int64_t low) -> Value {
                               // |[i*s - low, i*s - low + k) ∩ [0, size)|
                               Value i = b.create<linalg::IndexOp>(l, dim);
                               Value start = b.create<arith::SubIOp>(
                                   l,
                                   b.create<arith::MulIOp>(
                                       l, i,
                                       b.create<arith::ConstantIndexOp>(l, stride)),
                                   b.create<arith::ConstantIndexOp>(l, low));
                               Value end = b.create<arith::AddIOp>(
                                   l, start,
                                   b.create<arith::ConstantIndexOp>(l, k));
                               Value lo = b.create<arith::MaxSIOp>(
                                   l, start, b.create<arith::ConstantIndexOp>(l, 0));
                               Value hi = b.create<arith::MinSIOp>(
                                   l, end, b.create<arith::ConstantIndexOp>(l, size));
                               return b.create<arith::SubIOp>(l, hi, lo);
                             };
                             Value n = b.create<arith::MulIOp>(
                                 l, count(1, h, s[0], window[0], pad[0]),
                                 count(2, w, s[1], window[1], pad[2]));
                             Value nInt = b.create<arith::IndexCastOp>(
                                 l, b.getI64Type(), n);
                             Value nFloat =
                                 b.create<arith::SIToFPOp>(l, floatType, nInt);
                             b.create<linalg::YieldOp>(
                                 l, Value(b.create<arith::DivFOp>(l, args[0],
                                                                  nFloat)));
                           })
                       .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// conv2d_transpose as a convolution: the input dilated by the strides,
/// padded so that a VALID convolution yields the result's size, with the
/// filter flipped spatially and its channel roles swapped.
struct Conv2DTransposeLowering : OpConversionPattern<Conv2DTransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DTransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto fType = cast<RankedTensorType>(op.getFilter().getType());
    Type element = type.getElementType();
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations(),
                      pad = op.getPad();
    int64_t o = inType.getDimSize(3);
    int64_t kh = fType.getDimSize(0), kw = fType.getDimSize(1),
            c = fType.getDimSize(2);
    // 1-2. Dilate by the strides and pad to h + d0 * (kh - 1) rows (and
    // columns likewise).
    FailureOr<Value> spread = spreadForTranspose(
        rewriter, loc, adaptor.getInput(), s, d, pad, kh, kw,
        type.getDimSize(1), type.getDimSize(2));
    if (failed(spread))
      return op.emitError("cannot lower a transposed convolution whose "
                          "padding exceeds its window yet");
    Value padded = *spread;
    // 3. Flip the filter: f'[i, j, o, c] = f[kh-1-i, kw-1-j, c, o].
    auto flippedType = RankedTensorType::get({kh, kw, o, c}, element);
    AffineExpr i = getAffineDimExpr(0, context), j = getAffineDimExpr(1, context),
               oo = getAffineDimExpr(2, context), cc = getAffineDimExpr(3, context);
    AffineMap flipMap = AffineMap::get(
        4, 0, {-i + (kh - 1), -j + (kw - 1), cc, oo}, context);
    // A constant f32 filter is flipped here, so that the product sees a
    // constant (packed at compile time, the patches read in place).
    DenseElementsAttr filterValues;
    Value flipped;
    if (element.isF32() &&
        matchPattern(op.getFilter(), m_Constant(&filterValues))) {
      auto values = filterValues.getValues<float>();
      std::vector<float> data(kh * kw * o * c);
      for (int64_t y = 0; y < kh; ++y)
        for (int64_t x = 0; x < kw; ++x)
          for (int64_t oi = 0; oi < o; ++oi)
            for (int64_t ci = 0; ci < c; ++ci)
              data[((y * kw + x) * o + oi) * c + ci] =
                  values[(((kh - 1 - y) * kw + (kw - 1 - x)) * c + ci) * o +
                         oi];
      flipped = rewriter.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(flippedType, ArrayRef<float>(data)));
    } else {
      flipped =
          rewriter
              .create<linalg::GenericOp>(
                  loc, TypeRange{flippedType}, ValueRange{adaptor.getFilter()},
                  ValueRange{emptyLike(rewriter, loc, flippedType)},
                  SmallVector<AffineMap>{flipMap,
                                         rewriter.getMultiDimIdentityMap(4)},
                  SmallVector<utils::IteratorType>(
                      4, utils::IteratorType::parallel),
                  [](OpBuilder &b, Location l, ValueRange args) {
                    b.create<linalg::YieldOp>(l, args[0]);
                  })
              .getResult(0);
    }
    // 4. A VALID, stride-1 convolution.
    if (element.isF32() || element.isF64()) {
      rewriter.replaceOp(op, convAsMatmul(rewriter, loc, padded, flipped, type,
                                          {1, 1}, d));
      return success();
    }
    Value init = filled(rewriter, loc, type, rewriter.getZeroAttr(element));
    auto conv = rewriter.create<linalg::Conv2DNhwcHwcfOp>(
        loc, TypeRange{type}, ValueRange{padded, flipped}, ValueRange{init},
        rewriter.getI64TensorAttr({1, 1}), rewriter.getI64TensorAttr(d));
    rewriter.replaceOp(op, conv->getResult(0));
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateNNPatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  patterns.add<Conv2DTransposeLowering>(patterns.getContext());
  patterns.add<Conv2DLowering,
               DepthwiseLowering,
               PoolLowering<MaxPoolOp, true>, PoolLowering<AvgPoolOp, false>>(
      patterns.getContext());
  target.addIllegalOp<Conv2DTransposeOp, Conv2DOp, DepthwiseConv2DOp,
                      MaxPoolOp, AvgPoolOp>();
  // The rest of the family, one file each.
  populateNNMatmulPatternsAndLegality(patterns, target);
  populateNNSoftmaxPatternsAndLegality(patterns, target);
  populateNNResizePatternsAndLegality(patterns, target);
  populateNNGradientPatternsAndLegality(patterns, target);
}

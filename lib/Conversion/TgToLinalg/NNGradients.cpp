//===- NNGradients.cpp - Lowering of the convolution and pooling gradients ===//
//
// The ops tg-gradients builds for convolutions, depthwise convolutions and
// pooling: tg.conv2d_filter_grad (a patch matrix times the gradient, on the
// GEMM), tg.depthwise_conv2d_grad (generics) and tg.pool_grad (an scf loop
// nest scattering into the input gradient).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

using tgc::tg::detail::checkTypes;
using tgc::tg::detail::emptyLike;
using tgc::tg::detail::filled;
using tgc::tg::detail::padSpatial;
using tgc::tg::detail::patchMatrix;
using tgc::tg::detail::rowsAndLast;
using tgc::tg::detail::spreadForTranspose;

/// The filter gradient of a convolution: the patch matrix of the padded
/// input, transposed, times the output gradient seen as [N*OH*OW, F].
struct Conv2DFilterGradLowering : OpConversionPattern<Conv2DFilterGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DFilterGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto grad = cast<RankedTensorType>(op.getOutGrad().getType());
    Type element = type.getElementType();
    int64_t kh = type.getDimSize(0), kw = type.getDimSize(1),
            c = type.getDimSize(2), f = type.getDimSize(3);
    int64_t oh = grad.getDimSize(1), ow = grad.getDimSize(2);
    int64_t rows = grad.getDimSize(0) * oh * ow, depth = kh * kw * c;
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), op.getPad(),
                              rewriter.getZeroAttr(element));
    // Rows or columns the forward convolution never read (its padded
    // extent not a multiple of the stride) are not read here either.
    Value patches = patchMatrix(rewriter, loc, padded, kh, kw, oh, ow,
                                op.getStrides(), op.getDilations());
    Value g = rewriter.create<tensor::CollapseShapeOp>(
        loc, RankedTensorType::get({rows, f}, element), adaptor.getOutGrad(),
        rowsAndLast(4));
    auto productType = RankedTensorType::get({depth, f}, element);
    Value init = filled(rewriter, loc, productType, rewriter.getZeroAttr(element));
    Value product = rewriter
                        .create<linalg::MatmulTransposeAOp>(
                            loc, TypeRange{productType},
                            ValueRange{patches, g}, ValueRange{init})
                        .getResult(0);
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, type, product,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
    return success();
  }
};

/// The pooling gradient scatters each output's gradient into its window, so
/// it is an scf loop nest over the outputs (n, oh, ow, c) carrying the
/// input gradient as a tensor (bufferized in place): "max" finds the first
/// largest non-padding element of the window and adds g there; "avg" adds
/// g / (number of non-padding elements) to each of them. Taps outside the
/// input read a clamped position and add nothing (max never picks them).
struct PoolGradLowering : OpConversionPattern<PoolGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PoolGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto gradType = cast<RankedTensorType>(op.getOutGrad().getType());
    auto element = cast<FloatType>(type.getElementType());
    bool isMax = op.getMode() == "max";
    ArrayRef<int64_t> window = op.getWindow(), strides = op.getStrides(),
                      pad = op.getPad();
    Value input = adaptor.getInput(), grad = adaptor.getOutGrad();
    auto idx = [&](OpBuilder &b, int64_t v) -> Value {
      return b.create<arith::ConstantIndexOp>(loc, v);
    };
    Value zeros = filled(rewriter, loc, type, rewriter.getZeroAttr(element));
    SmallVector<Value> lbs(4, idx(rewriter, 0)), steps(4, idx(rewriter, 1));
    SmallVector<Value> ubs;
    for (int64_t d : gradType.getShape())
      ubs.push_back(idx(rewriter, d));
    int64_t height = type.getDimSize(1), width = type.getDimSize(2);
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{zeros},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange args) -> scf::ValueVector {
          Value n = ivs[0], oh = ivs[1], ow = ivs[2], c = ivs[3];
          Value g = b.create<tensor::ExtractOp>(l, grad, ivs);
          // Window origin in input coordinates (may be negative).
          Value h0 = b.create<arith::SubIOp>(
              l, b.create<arith::MulIOp>(l, oh, idx(b, strides[0])),
              idx(b, pad[0]));
          Value w0 = b.create<arith::SubIOp>(
              l, b.create<arith::MulIOp>(l, ow, idx(b, strides[1])),
              idx(b, pad[2]));
          auto tap = [&](OpBuilder &b, Value kh, Value kw) {
            Value h = b.create<arith::AddIOp>(l, h0, kh);
            Value w = b.create<arith::AddIOp>(l, w0, kw);
            auto inside = [&](Value v, int64_t size) {
              return b.create<arith::AndIOp>(
                  l,
                  b.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, v,
                                          idx(b, 0)),
                  b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, v,
                                          idx(b, size)));
            };
            Value valid = b.create<arith::AndIOp>(l, inside(h, height),
                                                  inside(w, width));
            auto clamp = [&](Value v, int64_t size) -> Value {
              return b.create<arith::MinSIOp>(
                  l, b.create<arith::MaxSIOp>(l, v, idx(b, 0)),
                  idx(b, size - 1));
            };
            return std::make_tuple(valid, clamp(h, height), clamp(w, width));
          };
          SmallVector<Value> kLbs(2, idx(b, 0)), kSteps(2, idx(b, 1));
          SmallVector<Value> kUbs = {idx(b, window[0]), idx(b, window[1])};
          Value dx = args[0];
          if (isMax) {
            Value lowest = b.create<arith::ConstantOp>(
                l, b.getFloatAttr(element,
                                  APFloat::getInf(element.getFloatSemantics(),
                                                  /*Negative=*/true)));
            scf::LoopNest search = scf::buildLoopNest(
                b, l, kLbs, kUbs, kSteps,
                ValueRange{lowest, idx(b, 0), idx(b, 0)},
                [&](OpBuilder &b, Location l, ValueRange k,
                    ValueRange best) -> scf::ValueVector {
                  auto [valid, h, w] = tap(b, k[0], k[1]);
                  Value x = b.create<tensor::ExtractOp>(
                      l, input, ValueRange{n, h, w, c});
                  Value better = b.create<arith::AndIOp>(
                      l, valid,
                      b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT, x,
                                              best[0]));
                  return {b.create<arith::SelectOp>(l, better, x, best[0]),
                          b.create<arith::SelectOp>(l, better, h, best[1]),
                          b.create<arith::SelectOp>(l, better, w, best[2])};
                });
            Value h = search.results[1], w = search.results[2];
            Value old = b.create<tensor::ExtractOp>(l, dx, ValueRange{n, h, w, c});
            Value sum = b.create<arith::AddFOp>(l, old, g);
            return {b.create<tensor::InsertOp>(l, sum, dx, ValueRange{n, h, w, c})};
          }
          // avg: the number of non-padding taps, then g / count to each.
          auto extent = [&](Value origin, int64_t k, int64_t size) -> Value {
            Value lo = b.create<arith::MaxSIOp>(l, origin, idx(b, 0));
            Value hi = b.create<arith::MinSIOp>(
                l, b.create<arith::AddIOp>(l, origin, idx(b, k)), idx(b, size));
            return b.create<arith::SubIOp>(l, hi, lo);
          };
          Value count = b.create<arith::MulIOp>(l, extent(h0, window[0], height),
                                                extent(w0, window[1], width));
          Value countF = b.create<arith::SIToFPOp>(
              l, element, b.create<arith::IndexCastOp>(l, b.getI64Type(), count));
          Value share = b.create<arith::DivFOp>(l, g, countF);
          Value zero = b.create<arith::ConstantOp>(l, b.getFloatAttr(element, 0.0));
          scf::LoopNest spread = scf::buildLoopNest(
              b, l, kLbs, kUbs, kSteps, ValueRange{dx},
              [&](OpBuilder &b, Location l, ValueRange k,
                  ValueRange acc) -> scf::ValueVector {
                auto [valid, h, w] = tap(b, k[0], k[1]);
                Value old = b.create<tensor::ExtractOp>(
                    l, acc[0], ValueRange{n, h, w, c});
                Value add = b.create<arith::SelectOp>(l, valid, share, zero);
                Value sum = b.create<arith::AddFOp>(l, old, add);
                return {b.create<tensor::InsertOp>(l, sum, acc[0],
                                                   ValueRange{n, h, w, c})};
              });
          return {spread.results[0]};
        });
    rewriter.replaceOp(op, nest.results[0]);
    return success();
  }
};

/// Gradients of a depthwise convolution as generics. The filter's:
/// dW[kh, kw, c, m] = sum over n, oh, ow of
/// padded_x[n, oh*s + kh*d, ow*s + kw*d, c] * g[n, oh, ow, c*M + m].
/// The input's: g dilated by the strides and padded by d*(k-1) - pad, then
/// correlated per channel with the flipped filter (as conv2d_transpose).
struct DepthwiseGradLowering : OpConversionPattern<DepthwiseGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DepthwiseGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    Type element = type.getElementType();
    ArrayRef<int64_t> s = op.getStrides(), dil = op.getDilations(),
                      pad = op.getPad();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    using utils::IteratorType;
    // Both gradients: out[d0..d3] = sum over d4..d6 of lhs * rhs, read
    // through `lhsMap` and `rhsMap`.
    auto multiplyAccumulate = [&](Value lhs, AffineMap lhsMap, Value rhs,
                                  AffineMap rhsMap) {
      AffineMap out = AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx);
      SmallVector<IteratorType> iterators(4, IteratorType::parallel);
      iterators.append(3, IteratorType::reduction);
      Value init = filled(rewriter, loc, type, rewriter.getZeroAttr(element));
      return rewriter
          .create<linalg::GenericOp>(
              loc, TypeRange{type}, ValueRange{lhs, rhs}, ValueRange{init},
              ArrayRef<AffineMap>{lhsMap, rhsMap, out}, iterators,
              [](OpBuilder &nb, Location nl, ValueRange args) {
                Value product = nb.create<arith::MulFOp>(nl, args[0], args[1]);
                nb.create<linalg::YieldOp>(
                    nl,
                    ValueRange{nb.create<arith::AddFOp>(nl, args[2], product)});
              })
          .getResult(0);
    };
    if (op.getWrt() == "filter") {
      int64_t m = type.getDimSize(3);
      Value padded = padSpatial(rewriter, loc, adaptor.getOperand(), pad,
                                rewriter.getZeroAttr(element));
      // dims (kh, kw, c, m, n, oh, ow)
      AffineMap in = AffineMap::get(
          7, 0, {d(4), d(5) * s[0] + d(0) * dil[0], d(6) * s[1] + d(1) * dil[1],
                 d(2)}, ctx);
      AffineMap g = AffineMap::get(7, 0, {d(4), d(5), d(6), d(2) * m + d(3)},
                                   ctx);
      rewriter.replaceOp(
          op, multiplyAccumulate(padded, in, adaptor.getOutGrad(), g));
      return success();
    }
    auto filter = cast<RankedTensorType>(op.getOperand().getType());
    int64_t kh = filter.getDimSize(0), kw = filter.getDimSize(1),
            m = filter.getDimSize(3);
    FailureOr<Value> padded = spreadForTranspose(
        rewriter, loc, adaptor.getOutGrad(), s, dil, pad, kh, kw,
        type.getDimSize(1), type.getDimSize(2));
    if (failed(padded))
      return op.emitError("cannot lower the input gradient of a depthwise "
                          "convolution whose padding exceeds its window yet");
    // The flipped filter, a copy (its indices must be plain loop
    // dimensions for linalg to size the loops).
    AffineMap flip = AffineMap::get(
        4, 0, {-d(0) + (kh - 1), -d(1) + (kw - 1), d(2), d(3)}, ctx);
    Value flipped =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{filter}, ValueRange{adaptor.getOperand()},
                ValueRange{emptyLike(rewriter, loc, filter)},
                ArrayRef<AffineMap>{flip, rewriter.getMultiDimIdentityMap(4)},
                SmallVector<IteratorType>(4, IteratorType::parallel),
                [](OpBuilder &nb, Location nl, ValueRange args) {
                  nb.create<linalg::YieldOp>(nl, args[0]);
                })
            .getResult(0);
    // dims (n, h, w, c, kh, kw, m): dx[n,h,w,c] += gp[n, h + kh*d,
    // w + kw*d, c*M + m] * flipped[kh, kw, c, m]
    AffineMap in = AffineMap::get(
        7, 0, {d(0), d(1) + d(4) * dil[0], d(2) + d(5) * dil[1],
               d(3) * m + d(6)}, ctx);
    AffineMap wmap = AffineMap::get(7, 0, {d(4), d(5), d(3), d(6)}, ctx);
    rewriter.replaceOp(op, multiplyAccumulate(*padded, in, flipped, wmap));
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateNNGradientPatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  patterns.add<Conv2DFilterGradLowering, PoolGradLowering,
               DepthwiseGradLowering>(patterns.getContext());
  target.addIllegalOp<Conv2DFilterGradOp, PoolGradOp, DepthwiseGradOp>();
}

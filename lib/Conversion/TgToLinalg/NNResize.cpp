//===- NNResize.cpp - tg.resize and its gradient to linalg and scf --------===//
//
// TF's resize kernels: every output pixel maps to a source coordinate
// (align_corners: corners to corners; half_pixel_centers: pixel centres);
// bilinear interpolates the four neighbours, nearest picks one. The
// forward op is a linalg.generic that reads the source; its gradient is an
// scf loop nest over the output gradient that adds each element back to
// the pixels it was read from. Both use the same coordinate computation.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

using tgc::tg::detail::checkTypes;
using tgc::tg::detail::emptyLike;
using tgc::tg::detail::filled;

/// Where output pixel (oy, ox) reads the source: for nearest, (y0, x0);
/// for bilinear, rows y0/y1 and columns x0/x1 with the fractions yl and xl
/// (the weight of y1 and x1; f32).
struct Sample {
  Value y0, y1, x0, x1, yl, xl;
};

struct ResizeGeometry {
  bool bilinear, alignCorners, halfPixel;
  int64_t inH, inW;
  double scaleH, scaleW;

  ResizeGeometry(StringRef mode, bool alignCorners, bool halfPixel,
                 RankedTensorType source, RankedTensorType resized)
      : bilinear(mode == "bilinear"), alignCorners(alignCorners),
        halfPixel(halfPixel), inH(source.getDimSize(1)),
        inW(source.getDimSize(2)),
        scaleH(scale(source.getDimSize(1), resized.getDimSize(1))),
        scaleW(scale(source.getDimSize(2), resized.getDimSize(2))) {}

  double scale(int64_t in, int64_t out) const {
    return alignCorners && out > 1 ? double(in - 1) / double(out - 1)
                                   : double(in) / double(out);
  }

  Sample sample(OpBuilder &b, Location l, Value oy, Value ox) const {
    Type f32 = b.getF32Type();
    auto fconst = [&](double v) -> Value {
      return b.create<arith::ConstantOp>(l, b.getF32FloatAttr(v));
    };
    auto iconst = [&](int64_t v) -> Value {
      return b.create<arith::ConstantIndexOp>(l, v);
    };
    auto toIndex = [&](Value f) -> Value {
      return b.create<arith::IndexCastOp>(
          l, b.getIndexType(), b.create<arith::FPToSIOp>(l, b.getI64Type(), f));
    };
    auto clamp = [&](Value i, int64_t high) -> Value {
      return b.create<arith::MinSIOp>(
          l, b.create<arith::MaxSIOp>(l, i, iconst(0)), iconst(high));
    };
    // The source coordinate of an output index.
    auto coordinate = [&](Value index, double scale, bool nearest) -> Value {
      Value o = b.create<arith::SIToFPOp>(
          l, f32, b.create<arith::IndexCastOp>(l, b.getI64Type(), index));
      if (!halfPixel)
        return b.create<arith::MulFOp>(l, o, fconst(scale));
      Value centre = b.create<arith::MulFOp>(
          l, b.create<arith::AddFOp>(l, o, fconst(0.5)), fconst(scale));
      return nearest ? centre
                     : Value(b.create<arith::SubFOp>(l, centre, fconst(0.5)));
    };
    Sample s;
    if (!bilinear) {
      auto pick = [&](Value index, double scale, int64_t size) -> Value {
        Value in = coordinate(index, scale, true);
        Value rounded = alignCorners ? Value(b.create<math::RoundOp>(l, in))
                                     : Value(b.create<math::FloorOp>(l, in));
        return clamp(toIndex(rounded), size - 1);
      };
      s.y0 = pick(oy, scaleH, inH);
      s.x0 = pick(ox, scaleW, inW);
      return s;
    }
    auto axis = [&](Value index, double scale, int64_t size, Value &lower,
                    Value &upper) -> Value {
      Value in = coordinate(index, scale, false);
      Value floor = b.create<math::FloorOp>(l, in);
      lower = clamp(toIndex(floor), size - 1);
      upper = clamp(toIndex(b.create<math::CeilOp>(l, in)), size - 1);
      return b.create<arith::SubFOp>(l, in, floor);
    };
    s.yl = axis(oy, scaleH, inH, s.y0, s.y1);
    s.xl = axis(ox, scaleW, inW, s.x0, s.x1);
    return s;
  }
};

struct ResizeLowering : OpConversionPattern<ResizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    ResizeGeometry geometry(op.getMode(), op.getAlignCorners(),
                            op.getHalfPixelCenters(), inType, type);
    if (geometry.bilinear && !isa<FloatType>(type.getElementType()))
      return op.emitError("bilinear resize needs a float image");
    Value source = adaptor.getInput();
    Type f32 = rewriter.getF32Type();
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{},
        ValueRange{emptyLike(rewriter, loc, type)},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(4)},
        SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          Value n = b.create<linalg::IndexOp>(l, 0);
          Value c = b.create<linalg::IndexOp>(l, 3);
          Sample s = geometry.sample(b, l, b.create<linalg::IndexOp>(l, 1),
                                     b.create<linalg::IndexOp>(l, 2));
          if (!geometry.bilinear) {
            b.create<linalg::YieldOp>(
                l, Value(b.create<tensor::ExtractOp>(
                       l, source, ValueRange{n, s.y0, s.x0, c})));
            return;
          }
          Type element = type.getElementType();
          // f16 and bf16 interpolate in f32, f32 and f64 in themselves.
          Type compute = element.isF64() ? element : f32;
          auto at = [&](Value y, Value x) -> Value {
            Value v = b.create<tensor::ExtractOp>(l, source, ValueRange{n, y, x, c});
            return element == compute
                       ? v
                       : Value(b.create<arith::ExtFOp>(l, compute, v));
          };
          auto weight = [&](Value t) -> Value {
            return compute == f32 ? t
                                  : Value(b.create<arith::ExtFOp>(l, compute, t));
          };
          auto lerp = [&](Value a, Value bb, Value t) -> Value {
            return b.create<arith::AddFOp>(
                l, a,
                b.create<arith::MulFOp>(l, b.create<arith::SubFOp>(l, bb, a), t));
          };
          Value xl = weight(s.xl), yl = weight(s.yl);
          Value top = lerp(at(s.y0, s.x0), at(s.y0, s.x1), xl);
          Value bottom = lerp(at(s.y1, s.x0), at(s.y1, s.x1), xl);
          Value result = lerp(top, bottom, yl);
          if (element != compute)
            result = b.create<arith::TruncFOp>(l, element, result);
          b.create<linalg::YieldOp>(l, result);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// The image gradient: zero, plus each output gradient element added to the
/// pixel(s) it was read from, weighted as the forward interpolation
/// weighted them (bilinear: a + (b - a) t has weights 1 - t and t).
struct ResizeGradLowering : OpConversionPattern<ResizeGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ResizeGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto gradType = cast<RankedTensorType>(op.getOutGrad().getType());
    ResizeGeometry geometry(op.getMode(), op.getAlignCorners(),
                            op.getHalfPixelCenters(), type, gradType);
    Type element = type.getElementType();
    Type f32 = rewriter.getF32Type();
    Type compute = element.isF64() ? element : f32;
    Value init = filled(rewriter, loc, type, rewriter.getZeroAttr(element));
    auto idx = [&](int64_t v) -> Value {
      return rewriter.create<arith::ConstantIndexOp>(loc, v);
    };
    SmallVector<Value> lbs(4, idx(0)), steps(4, idx(1)), ubs;
    for (int64_t d : gradType.getShape())
      ubs.push_back(idx(d));
    Value g = adaptor.getOutGrad();
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{init},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange args) -> scf::ValueVector {
          Value n = ivs[0], c = ivs[3];
          Sample s = geometry.sample(b, l, ivs[1], ivs[2]);
          Value grad = b.create<tensor::ExtractOp>(l, g, ivs);
          if (element != compute)
            grad = b.create<arith::ExtFOp>(l, compute, grad);
          Value acc = args[0];
          auto add = [&](Value y, Value x, Value weight) {
            SmallVector<Value, 4> at = {n, y, x, c};
            Value old = b.create<tensor::ExtractOp>(l, acc, at);
            if (weight && compute != f32)
              weight = b.create<arith::ExtFOp>(l, compute, weight);
            Value share = weight ? Value(b.create<arith::MulFOp>(l, grad, weight))
                                 : grad;
            if (element != compute)
              share = b.create<arith::TruncFOp>(l, element, share);
            Value sum = b.create<arith::AddFOp>(l, old, share);
            acc = b.create<tensor::InsertOp>(l, sum, acc, at);
          };
          if (!geometry.bilinear) {
            add(s.y0, s.x0, Value());
            return {acc};
          }
          Value one = b.create<arith::ConstantOp>(l, b.getF32FloatAttr(1.0));
          Value yh = b.create<arith::SubFOp>(l, one, s.yl);
          Value xh = b.create<arith::SubFOp>(l, one, s.xl);
          add(s.y0, s.x0, b.create<arith::MulFOp>(l, yh, xh));
          add(s.y0, s.x1, b.create<arith::MulFOp>(l, yh, s.xl));
          add(s.y1, s.x0, b.create<arith::MulFOp>(l, s.yl, xh));
          add(s.y1, s.x1, b.create<arith::MulFOp>(l, s.yl, s.xl));
          return {acc};
        });
    rewriter.replaceOp(op, nest.results[0]);
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateNNResizePatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  patterns.add<ResizeLowering, ResizeGradLowering>(patterns.getContext());
  target.addIllegalOp<ResizeOp, ResizeGradOp>();
}

//===- ReductionGradients.cpp - Rules of reductions and top-k ---------===//

#include "Rules.h"

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::grad;

namespace {

/// g of a reduction, with the reduced dimensions restored as size 1 and
/// broadcast back over the input.
Value spreadBack(OpBuilder &b, Location loc, Value g, RankedTensorType input,
                 ArrayRef<int64_t> axes) {
  SmallVector<int64_t> kept(input.getShape());
  for (int64_t a : axes)
    kept[a] = 1;
  auto keptType = RankedTensorType::get(kept, typeOf(g).getElementType());
  Value reshaped = typeOf(g) == keptType
                       ? g
                       : Value(b.create<ReshapeOp>(loc, keptType, g));
  return b.create<BroadcastToOp>(
      loc, RankedTensorType::get(input.getShape(), keptType.getElementType()),
      reshaped);
}

struct ReduceSumRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ReduceSumOp op,
                                Value g) const {
    return {spreadBack(b, loc, g, typeOf(op.getInput()), op.getAxes())};
  }
};
/// prod: each element's gradient is g times the product of the other
/// elements of its slice. Without zeros that is prod / x; with one zero in
/// the slice, the zero gets the product of the non-zero elements and the
/// others 0; with more zeros, everything is 0.
struct ReduceProdRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ReduceProdOp op,
                                Value g) const {
    Value x = op.getInput();
    RankedTensorType in = typeOf(x);
    auto axes = b.getDenseI64ArrayAttr(op.getAxes());
    Value zero = scalarLike(b, loc, x, 0), one = scalarLike(b, loc, x, 1);
    Value isZero = binary<EqualOp>(b, loc, x, zero);
    Value zeros = b.create<ReduceSumOp>(
        loc, b.create<CastOp>(loc, in, isZero), axes, b.getBoolAttr(true));
    Value nonZeroProduct = b.create<ReduceProdOp>(
        loc, b.create<SelectOp>(loc, isZero, one, x), axes,
        b.getBoolAttr(true));
    auto spread = [&](Value kept) {
      return b.create<BroadcastToOp>(loc, in, kept).getResult();
    };
    Value noZeros = binary<EqualOp>(b, loc, spread(zeros), zero);
    Value oneZero = binary<EqualOp>(b, loc, spread(zeros), one);
    // Without zeros the product of the others is prod / x (x is not 0).
    Value others = binary<DivOp>(b, loc, spread(nonZeroProduct),
                                 b.create<SelectOp>(loc, isZero, one, x));
    Value onlyZero = b.create<SelectOp>(
        loc, binary<LogicalAndOp>(b, loc, oneZero, isZero),
        spread(nonZeroProduct), scalarLike(b, loc, x, 0));
    Value partial = b.create<SelectOp>(loc, noZeros, others, onlyZero);
    return {mul(b, loc, spreadBack(b, loc, g, in, op.getAxes()), partial)};
  }
};

struct ReduceMeanRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ReduceMeanOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    int64_t count = 1;
    for (int64_t a : op.getAxes())
      count *= in.getDimSize(a);
    Value spread = spreadBack(b, loc, g, in, op.getAxes());
    return {binary<DivOp>(b, loc, spread,
                          scalarLike(b, loc, g, static_cast<double>(count)))};
  }
};
/// Max: the gradient is shared equally by the elements equal to the
/// maximum (TF's rule for ties).
template <typename OpTy>
struct ReduceExtremumRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, OpTy op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    Value maxima = spreadBack(b, loc, op.getOutput(), in, op.getAxes());
    Value hit = b.create<CastOp>(
        loc, in, binary<EqualOp>(b, loc, op.getInput(), maxima));
    Value count = b.create<ReduceSumOp>(loc, hit, b.getDenseI64ArrayAttr(op.getAxes()),
                                        b.getBoolAttr(true));
    Value share = binary<DivOp>(
        b, loc, spreadBack(b, loc, g, in, op.getAxes()),
        b.create<BroadcastToOp>(loc, in, count));
    return {mul(b, loc, share, hit)};
  }
};

/// top_k: each value's gradient goes back to the element its index names
/// in its row.
struct TopKRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, TopKOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    return {scatterRows(b, loc, in, in.getRank() - 1, op.getIndices(), g)};
  }
};

} // namespace

void tgc::tg::grad::attachReductionGradients(MLIRContext *context) {
  attach<ReduceSumOp, ReduceSumRule>(context);
  attach<ReduceMeanOp, ReduceMeanRule>(context);
  attach<ReduceMaxOp, ReduceExtremumRule<ReduceMaxOp>>(context);
  attach<ReduceMinOp, ReduceExtremumRule<ReduceMinOp>>(context);
  attach<TopKOp, TopKRule>(context);
  attach<ReduceProdOp, ReduceProdRule>(context);
  attachNone<ArgMaxOp, ArgMinOp, ReduceAnyOp, ReduceAllOp>(context);
}

//===- NNSoftmax.cpp - Lowering of tg.softmax -----------------------------===//
//
// Softmax over the innermost dimension as four linalg.generic ops: a
// max-reduction, exp(x - max), a sum-reduction and a division.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

//===----------------------------------------------------------------------===//
// tg.softmax: max-reduce, exp(x - max), sum-reduce, divide.
//===----------------------------------------------------------------------===//

struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  /// Reduces `input` over its innermost dimension with `combine`, starting
  /// from `initial`.
  static Value reduceInnermost(
      OpBuilder &builder, Location loc, Value input, TypedAttr initial,
      function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
    auto type = cast<RankedTensorType>(input.getType());
    MLIRContext *context = builder.getContext();
    int64_t rank = type.getRank();
    auto reducedType = RankedTensorType::get(type.getShape().drop_back(),
                                             type.getElementType());
    Value empty = builder.create<tensor::EmptyOp>(
        loc, reducedType.getShape(), reducedType.getElementType());
    Value init = builder.create<arith::ConstantOp>(loc, initial);
    Value filled =
        builder.create<linalg::FillOp>(loc, init, empty).getResult(0);
    SmallVector<AffineMap> maps = {
        builder.getMultiDimIdentityMap(rank),
        AffineMap::getMultiDimIdentityMap(rank, context).getMajorSubMap(
            rank - 1)};
    SmallVector<utils::IteratorType> iterators(rank - 1,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    auto generic = builder.create<linalg::GenericOp>(
        loc, TypeRange{reducedType}, ValueRange{input}, ValueRange{filled},
        maps, iterators,
        [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
          nested.create<linalg::YieldOp>(
              nestedLoc, combine(nested, nestedLoc, args[0], args[1]));
        });
    return generic.getResult(0);
  }

  /// Maps an elementwise function over `input` and `reduced` (the innermost
  /// reduction of `input`, broadcast back along the innermost dimension).
  static Value mapWithReduced(
      OpBuilder &builder, Location loc, Value input, Value reduced,
      function_ref<Value(OpBuilder &, Location, Value, Value)> fn) {
    auto type = cast<RankedTensorType>(input.getType());
    MLIRContext *context = builder.getContext();
    int64_t rank = type.getRank();
    SmallVector<AffineMap> maps = {
        builder.getMultiDimIdentityMap(rank),
        AffineMap::getMultiDimIdentityMap(rank, context).getMajorSubMap(
            rank - 1),
        builder.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value empty = builder.create<tensor::EmptyOp>(loc, type.getShape(),
                                                  type.getElementType());
    auto generic = builder.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{input, reduced}, ValueRange{empty},
        maps, iterators,
        [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
          nested.create<linalg::YieldOp>(
              nestedLoc, fn(nested, nestedLoc, args[0], args[1]));
        });
    return generic.getResult(0);
  }

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(tgc::tg::detail::checkLowerableType(op, op.getType(), rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto elementType = cast<FloatType>(op.getType().getElementType());
    Value input = adaptor.getInput();

    TypedAttr lowest = rewriter.getFloatAttr(
        elementType,
        APFloat::getInf(elementType.getFloatSemantics(), /*Negative=*/true));
    Value max = reduceInnermost(
        rewriter, loc, input, lowest,
        [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
          return b.create<arith::MaximumFOp>(l, x, acc);
        });
    Value exps = mapWithReduced(
        rewriter, loc, input, max,
        [](OpBuilder &b, Location l, Value x, Value m) -> Value {
          return b.create<math::ExpOp>(l, b.create<arith::SubFOp>(l, x, m));
        });
    Value sums = reduceInnermost(
        rewriter, loc, exps, rewriter.getFloatAttr(elementType, 0.0),
        [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
          return b.create<arith::AddFOp>(l, x, acc);
        });
    Value result = mapWithReduced(
        rewriter, loc, exps, sums,
        [](OpBuilder &b, Location l, Value e, Value s) -> Value {
          return b.create<arith::DivFOp>(l, e, s);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateNNSoftmaxPatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  patterns.add<SoftmaxLowering>(patterns.getContext());
  target.addIllegalOp<SoftmaxOp>();
}

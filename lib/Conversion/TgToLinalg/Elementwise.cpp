//===- Elementwise.cpp - Lowering of elementwise tg ops and softmax -------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace tgc::tg;

/// The indexing map that reads an operand of shape `operandShape` at the
/// iteration point of a result of rank `resultShape.size()` under
/// TensorFlow broadcasting: trailing dimensions align, and an operand
/// dimension of size 1 that the result stretches is read at index 0.
static AffineMap broadcastMap(ArrayRef<int64_t> operandShape,
                              ArrayRef<int64_t> resultShape,
                              MLIRContext *context) {
  int64_t rank = resultShape.size();
  int64_t offset = rank - static_cast<int64_t>(operandShape.size());
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandShape)) {
    int64_t dim = offset + static_cast<int64_t>(i);
    if (size == 1 && resultShape[dim] != 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(dim, context));
  }
  return AffineMap::get(rank, 0, exprs, context);
}

Value tgc::tg::detail::buildElementwise(
    OpBuilder &builder, Location loc, RankedTensorType resultType,
    ValueRange inputs,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  MLIRContext *context = builder.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(broadcastMap(cast<RankedTensorType>(input.getType()).getShape(),
                                resultType.getShape(), context));
  maps.push_back(builder.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value empty = builder.create<tensor::EmptyOp>(loc, resultType.getShape(),
                                                resultType.getElementType());
  auto generic = builder.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, inputs, ValueRange{empty}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        nested.create<linalg::YieldOp>(nestedLoc, result);
      });
  return generic.getResult(0);
}

namespace {

//===----------------------------------------------------------------------===//
// tg.add
//===----------------------------------------------------------------------===//

struct AddLowering : OpConversionPattern<AddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    for (Type type : op->getOperandTypes())
      if (failed(tgc::tg::detail::checkLowerableType(op, type, rewriter)))
        return failure();
    bool isFloat = isa<FloatType>(op.getType().getElementType());
    Value result = tgc::tg::detail::buildElementwise(
        rewriter, op.getLoc(), op.getType(), adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isFloat)
            return b.create<arith::AddFOp>(loc, args[0], args[1]);
          return b.create<arith::AddIOp>(loc, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// tg.relu
//===----------------------------------------------------------------------===//

struct ReluLowering : OpConversionPattern<ReluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(tgc::tg::detail::checkLowerableType(op, op.getType(), rewriter)))
      return failure();
    Type elementType = op.getType().getElementType();
    Value result = tgc::tg::detail::buildElementwise(
        rewriter, op.getLoc(), op.getType(), adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value zero = tgc::tg::detail::createZero(b, loc, elementType);
          // maximumf propagates NaN, as TensorFlow's Relu does.
          if (isa<FloatType>(elementType))
            return b.create<arith::MaximumFOp>(loc, args[0], zero);
          return b.create<arith::MaxSIOp>(loc, args[0], zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

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

void tgc::tg::detail::populateElementwisePatterns(RewritePatternSet &patterns) {
  patterns.add<AddLowering, ReluLowering, SoftmaxLowering>(
      patterns.getContext());
}

//===- Elementwise.cpp - Lowering of elementwise tg ops -------------------===//
//
// The shared elementwise builder (a parallel linalg.generic with TF
// broadcasting), tg.add, tg.relu, and tg.identity / tg.stop_gradient, which
// pass their input through. The other elementwise ops, one scalar function
// each, are in ElementwisePointwise.cpp.
//
//===----------------------------------------------------------------------===//

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
// tg.identity, tg.stop_gradient
//===----------------------------------------------------------------------===//

/// tg.identity and tg.stop_gradient pass their input through.
template <typename OpTy>
struct IdentityLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateElementwisePatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  patterns.add<IdentityLowering<IdentityOp>, IdentityLowering<StopGradientOp>>(
      patterns.getContext());
  patterns.add<AddLowering, ReluLowering>(patterns.getContext());
  target.addIllegalOp<IdentityOp, StopGradientOp, AddOp, ReluOp>();
  // The other elementwise ops, one scalar function each.
  populateElementwisePointwisePatternsAndLegality(patterns, target);
}

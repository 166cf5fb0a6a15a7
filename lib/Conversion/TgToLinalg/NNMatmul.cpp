//===- NNMatmul.cpp - Lowering of tg.matmul and tg.batch_matmul -----------===//
//
// tg.matmul maps onto linalg's named matmul ops (the transposed variants
// for transpose_a / transpose_b); tg.batch_matmul, which broadcasts its
// batch dimensions, is a linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

//===----------------------------------------------------------------------===//
// tg.matmul -> linalg.matmul / matmul_transpose_a / matmul_transpose_b
//===----------------------------------------------------------------------===//

struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    for (Type type : op->getOperandTypes())
      if (failed(tgc::tg::detail::checkLowerableType(op, type, rewriter)))
        return failure();
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();

    Value a = adaptor.getA(), b = adaptor.getB();
    bool transposeA = op.getTransposeA(), transposeB = op.getTransposeB();
    if (transposeA && transposeB) {
      // (A^T B^T): materialise A^T and use the transposed-B product.
      auto aType = cast<RankedTensorType>(a.getType());
      Value aT = rewriter.create<tensor::EmptyOp>(
          loc, ArrayRef<int64_t>{aType.getDimSize(1), aType.getDimSize(0)},
          elementType);
      a = rewriter
              .create<linalg::TransposeOp>(loc, a, aT,
                                           ArrayRef<int64_t>{1, 0})
              ->getResult(0);
      transposeA = false;
    }

    Value empty =
        rewriter.create<tensor::EmptyOp>(loc, type.getShape(), elementType);
    Value zero = tgc::tg::detail::createZero(rewriter, loc, elementType);
    Value init =
        rewriter.create<linalg::FillOp>(loc, zero, empty).getResult(0);
    Value result;
    if (transposeA)
      result = rewriter
                   .create<linalg::MatmulTransposeAOp>(
                       loc, TypeRange{type}, ValueRange{a, b}, init)
                   .getResult(0);
    else if (transposeB)
      result = rewriter
                   .create<linalg::MatmulTransposeBOp>(
                       loc, TypeRange{type}, ValueRange{a, b}, init)
                   .getResult(0);
    else
      result = rewriter
                   .create<linalg::MatmulOp>(loc, TypeRange{type},
                                             ValueRange{a, b}, init)
                   .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// tg.batch_matmul -> linalg.generic
//===----------------------------------------------------------------------===//

using tgc::tg::detail::checkTypes;
using tgc::tg::detail::filled;

struct BatchMatMulLowering : OpConversionPattern<BatchMatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchMatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    // out[b..., m, n] = sum_k op(a)[b..., m, k] * op(b)[b..., k, n], with
    // broadcasting of the batch dimensions.
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    auto aType = cast<RankedTensorType>(op.getA().getType());
    auto bType = cast<RankedTensorType>(op.getB().getType());
    int64_t batch = type.getRank() - 2;
    int64_t rank = type.getRank() + 1; // batch..., m, n, k
    AffineExpr m = getAffineDimExpr(batch, context),
               n = getAffineDimExpr(batch + 1, context),
               k = getAffineDimExpr(batch + 2, context);
    auto operandMap = [&](RankedTensorType t, bool adjoint, AffineExpr row,
                          AffineExpr col) {
      SmallVector<AffineExpr> exprs;
      int64_t offset = batch - (t.getRank() - 2);
      for (int64_t d = 0; d < t.getRank() - 2; ++d)
        exprs.push_back(t.getDimSize(d) == 1 && type.getDimSize(offset + d) != 1
                            ? getAffineConstantExpr(0, context)
                            : getAffineDimExpr(offset + d, context));
      exprs.push_back(adjoint ? col : row);
      exprs.push_back(adjoint ? row : col);
      return AffineMap::get(rank, 0, exprs, context);
    };
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < batch + 2; ++d)
      outExprs.push_back(getAffineDimExpr(d, context));
    SmallVector<AffineMap> maps = {
        operandMap(aType, op.getAdjA(), m, k),
        operandMap(bType, op.getAdjB(), k, n),
        AffineMap::get(rank, 0, outExprs, context)};
    SmallVector<utils::IteratorType> iterators(rank - 1,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Type element = type.getElementType();
    Value init = filled(rewriter, loc, type, rewriter.getZeroAttr(element));
    bool isFloat = isa<FloatType>(element);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{adaptor.getA(), adaptor.getB()},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value product =
              isFloat ? Value(b.create<arith::MulFOp>(l, args[0], args[1]))
                      : Value(b.create<arith::MulIOp>(l, args[0], args[1]));
          Value sum = isFloat
                          ? Value(b.create<arith::AddFOp>(l, product, args[2]))
                          : Value(b.create<arith::AddIOp>(l, product, args[2]));
          b.create<linalg::YieldOp>(l, sum);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateNNMatmulPatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  patterns.add<MatMulLowering>(patterns.getContext());
  patterns.add<BatchMatMulLowering>(patterns.getContext());
  target.addIllegalOp<MatMulOp, BatchMatMulOp>();
}

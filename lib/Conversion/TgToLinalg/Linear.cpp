//===- Linear.cpp - Lowering of tg's linear algebra ops -------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

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

} // namespace

void tgc::tg::detail::populateLinearPatterns(RewritePatternSet &patterns) {
  patterns.add<MatMulLowering>(patterns.getContext());
}

//===- TgToLinalg.cpp - The convert-tg-to-linalg pass ---------------------===//
//
// Only the pass and the shared helpers live here; the patterns are in one
// file per op family (Linear.cpp, Elementwise.cpp).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace tgc::tg {
#define GEN_PASS_DEF_CONVERTTGTOLINALG
#include "tgc/Conversion/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;
using namespace tgc::tg;

LogicalResult tgc::tg::detail::checkLowerableType(Operation *op, Type type,
                                         PatternRewriter &rewriter) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return rewriter.notifyMatchFailure(op, "not a ranked tensor");
  if (!tensor.hasStaticShape())
    return op->emitError("cannot lower ")
           << op->getName() << " on the dynamically shaped " << tensor
           << ": give every feed a static shape (--feed NODE:SHAPE)";
  if (tensor.getElementType().isUnsignedInteger())
    return op->emitError("cannot lower ")
           << op->getName() << " on unsigned element type "
           << tensor.getElementType() << " yet";
  return success();
}

LogicalResult tgc::tg::detail::checkTypes(Operation *op,
                                         PatternRewriter &rewriter) {
  for (Type type : op->getOperandTypes())
    if (failed(checkLowerableType(op, type, rewriter)))
      return failure();
  for (Type type : op->getResultTypes())
    if (failed(checkLowerableType(op, type, rewriter)))
      return failure();
  return success();
}

Value tgc::tg::detail::emptyLike(OpBuilder &builder, Location loc,
                                 RankedTensorType type) {
  return builder.create<tensor::EmptyOp>(loc, type.getShape(),
                                         type.getElementType());
}

Value tgc::tg::detail::createZero(OpBuilder &builder, Location loc, Type elementType) {
  return builder.create<arith::ConstantOp>(loc, elementType,
                                           builder.getZeroAttr(elementType));
}

namespace {

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

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

struct ConvertTgToLinalgPass
    : tgc::tg::impl::ConvertTgToLinalgBase<ConvertTgToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect,
                           func::FuncDialect,
                           bufferization::BufferizationDialect>();
    target.addIllegalDialect<TgDialect>();
    // Variables are the target's business (tg-bind-variables).
    target.addLegalOp<VariableOp, ReadOp, AssignOp>();
    target.addLegalOp<ModuleOp>();

    RewritePatternSet patterns(context);
    populateTgToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void tgc::tg::populateTgToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, IdentityLowering<IdentityOp>,
               IdentityLowering<StopGradientOp>>(patterns.getContext());
  tgc::tg::detail::populateLinearPatterns(patterns);
  tgc::tg::detail::populateElementwisePatterns(patterns);
  tgc::tg::detail::populatePointwisePatterns(patterns);
  tgc::tg::detail::populateShapePatterns(patterns);
  tgc::tg::detail::populateNNPatterns(patterns);
  tgc::tg::detail::populateNNGradientPatterns(patterns);
  tgc::tg::detail::populateResizePatterns(patterns);
  tgc::tg::detail::populateSortPatterns(patterns);
  tgc::tg::detail::populateControlFlowPatterns(patterns);
}

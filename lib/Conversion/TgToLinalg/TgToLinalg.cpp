//===- TgToLinalg.cpp - The convert-tg-to-linalg pass ---------------------===//
//
// The pass, the helpers every family shares, and the lowering of the core
// op tg.constant. The patterns of the other ops are in the files of their
// family (Elementwise*.cpp, Shape.cpp, Reduction.cpp, NN*.cpp,
// ControlFlow.cpp), each with its populate*PatternsAndLegality function.
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

/// The patterns of every tg op, each family marking the ops it lowers
/// illegal in `target`. Every op of the dialect is covered, by one family
/// or by the core tg.constant here; the Variables' ops (variable, read,
/// assign) are not lowered, the pass keeps them legal.
void populatePatternsAndLegality(RewritePatternSet &patterns,
                                 ConversionTarget &target) {
  patterns.add<ConstantLowering>(patterns.getContext());
  target.addIllegalOp<ConstantOp>();
  tgc::tg::detail::populateElementwisePatternsAndLegality(patterns, target);
  tgc::tg::detail::populateShapePatternsAndLegality(patterns, target);
  tgc::tg::detail::populateReductionPatternsAndLegality(patterns, target);
  tgc::tg::detail::populateNNPatternsAndLegality(patterns, target);
  tgc::tg::detail::populateControlFlowPatternsAndLegality(patterns, target);
}

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
    // Variables are the target's business (tg-bind-variables).
    target.addLegalOp<VariableOp, ReadOp, AssignOp>();
    target.addLegalOp<ModuleOp>();

    // Each family marks exactly the ops it lowers illegal; with tg.constant
    // and the Variables' ops above they cover every tg op today. The
    // dialect stays illegal as a whole as well, so an op that no family
    // lowers is an error here rather than left in the IR unconverted.
    target.addIllegalDialect<TgDialect>();
    target.addLegalOp<VariableOp, ReadOp, AssignOp>();
    RewritePatternSet patterns(context);
    populatePatternsAndLegality(patterns, target);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void tgc::tg::populateTgToLinalgPatterns(RewritePatternSet &patterns) {
  // The families mark their ops illegal as they add their patterns; the
  // callers of this function bring their own target.
  ConversionTarget scratch(*patterns.getContext());
  populatePatternsAndLegality(patterns, scratch);
}

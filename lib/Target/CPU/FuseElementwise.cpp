//===- FuseElementwise.cpp - Elementwise fusion that keeps named ops ------===//
//
// The same patterns as upstream's -linalg-fuse-elementwise-ops, with a
// control function that only lets linalg.generic ops take part: a named
// contraction followed by a reshape must stay a named op for
// tg-gemm-to-runtime to call the tuned GEMM.
//
// Also tg-hoist-scalar-inputs (CPU only), whose pattern reads rank-0
// inputs of a generic once, before its loop.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/CPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGFUSEELEMENTWISE
#define GEN_PASS_DEF_TGHOISTSCALARINPUTS
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;

namespace {

/// True unless `op` is a linalg op other than linalg.generic.
bool genericOrOther(Operation *op) {
  return !op || !isa<linalg::LinalgOp>(op) || isa<linalg::GenericOp>(op);
}

/// Turns rank-0 tensor inputs of a linalg.generic into scalars extracted
/// before it.
struct HoistScalarInputs : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || op.getNumLoops() == 0)
      return failure();
    auto isScalar = [](OpOperand *operand) {
      auto type = dyn_cast<RankedTensorType>(operand->get().getType());
      return type && type.getRank() == 0;
    };
    if (llvm::none_of(op.getDpsInputOperands(), isScalar))
      return failure();
    Location loc = op.getLoc();
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    SmallVector<std::pair<unsigned, Value>> scalars; // block arg -> value
    for (OpOperand *input : op.getDpsInputOperands()) {
      if (isScalar(input)) {
        scalars.push_back({input->getOperandNumber(),
                           rewriter.create<tensor::ExtractOp>(
                               loc, input->get(), ValueRange{})});
        continue;
      }
      inputs.push_back(input->get());
      maps.push_back(op.getMatchingIndexingMap(input));
    }
    for (OpOperand &init : op.getDpsInitsMutable())
      maps.push_back(op.getMatchingIndexingMap(&init));
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, op.getResultTypes(), inputs, op.getDpsInits(), maps,
        op.getIteratorTypesArray());
    rewriter.inlineRegionBefore(op.getRegion(), generic.getRegion(),
                                generic.getRegion().begin());
    Block &body = generic.getRegion().front();
    for (auto [index, value] : llvm::reverse(scalars)) {
      rewriter.replaceAllUsesWith(body.getArgument(index), value);
      body.eraseArgument(index);
    }
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct TgFuseElementwisePass
    : tgc::tg::impl::TgFuseElementwiseBase<TgFuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    linalg::ControlFusionFn onlyGenerics = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      Operation *consumer = fused->getOwner();
      // As upstream: only a producer with one use, so nothing is computed
      // twice.
      if (!producer || !producer->hasOneUse())
        return false;
      if (!genericOrOther(producer) || !genericOrOther(consumer))
        return false;
      // Through a reshape, look at the linalg op on its other side.
      if (auto reshape = dyn_cast_if_present<tensor::ExpandShapeOp>(producer))
        return genericOrOther(reshape.getSrc().getDefiningOp());
      if (auto reshape = dyn_cast_if_present<tensor::CollapseShapeOp>(producer))
        return genericOrOther(reshape.getSrc().getDefiningOp());
      return true;
    };
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, onlyGenerics);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, onlyGenerics);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

struct TgHoistScalarInputsPass
    : tgc::tg::impl::TgHoistScalarInputsBase<TgHoistScalarInputsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<HoistScalarInputs>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

//===- FuseElementwise.cpp - Elementwise fusion that keeps named ops ------===//
//
// The same patterns as upstream's -linalg-fuse-elementwise-ops, with a
// control function that only lets linalg.generic ops take part: a named
// contraction followed by a reshape must stay a named op for
// tg-gemm-to-runtime to call the tuned GEMM.
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
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;

namespace {

/// True unless `op` is a linalg op other than linalg.generic.
bool genericOrOther(Operation *op) {
  return !op || !isa<linalg::LinalgOp>(op) || isa<linalg::GenericOp>(op);
}

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

} // namespace

//===- PadsInPlace.cpp - Producers write into padded buffers --------------===//
//
// tg-pads-in-place: a constant tensor.pad becomes fill + insert_slice, and
// the padded value's producer is made to write into the interior slice of
// the filled tensor (upstream's empty-tensor elimination), so that
// bufferization neither allocates a second buffer nor copies the tensor.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/CPU/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGPADSINPLACE
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;

namespace {

/// GeneralizePadOpPattern leaves the fill where the pad was, after the
/// padded value's producer; empty-tensor elimination needs the filled
/// tensor to exist before the producer, to hand it a slice of it. The fill
/// depends only on a constant and an empty tensor of static shape, so it
/// (with them) moves up to just before the producer.
void hoistFillsAboveProducers(ModuleOp module) {
  SmallVector<tensor::InsertSliceOp> inserts;
  module.walk([&](tensor::InsertSliceOp op) { inserts.push_back(op); });
  for (tensor::InsertSliceOp insert : inserts) {
    auto fill = insert.getDest().getDefiningOp<linalg::FillOp>();
    Operation *producer = insert.getSource().getDefiningOp();
    if (!fill || !producer || !fill->hasOneUse() ||
        fill->getBlock() != producer->getBlock() ||
        !producer->isBeforeInBlock(fill))
      continue;
    auto empty = fill.getOutputs().front().getDefiningOp<tensor::EmptyOp>();
    if (!empty || !empty->hasOneUse() || empty.getDynamicSizes().size() != 0)
      continue;
    Value value = fill.getInputs().front();
    Operation *constant = value.getDefiningOp();
    if (constant && !constant->hasTrait<OpTrait::ConstantLike>())
      continue;
    if (constant && constant->getBlock() == producer->getBlock() &&
        !constant->isBeforeInBlock(producer)) {
      OpBuilder builder(producer);
      fill->setOperand(0, builder.clone(*constant)->getResult(0));
    }
    empty->moveBefore(producer);
    fill->moveBefore(producer);
  }
}

/// A fill with several users (CSE merges equal zero-filled accumulators of
/// matrix products) bufferizes to one buffer, filled once and copied for
/// every user but the first; and a product whose accumulator is a copy is
/// no longer seen to start from zero. Each user gets its own fill.
void oneFillPerUser(ModuleOp module) {
  SmallVector<linalg::FillOp> fills;
  module.walk([&](linalg::FillOp fill) {
    if (fill.hasPureTensorSemantics() && !fill->hasOneUse() &&
        !fill->use_empty())
      fills.push_back(fill);
  });
  for (linalg::FillOp fill : fills) {
    auto empty = fill.getOutputs().front().getDefiningOp<tensor::EmptyOp>();
    if (!empty)
      continue;
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : fill->getResult(0).getUses())
      uses.push_back(&use);
    for (OpOperand *use : llvm::drop_begin(uses)) {
      OpBuilder builder(use->getOwner());
      Operation *newEmpty = builder.clone(*empty);
      IRMapping mapping;
      mapping.map(empty.getResult(), newEmpty->getResult(0));
      Operation *newFill = builder.clone(*fill, mapping);
      use->set(newFill->getResult(0));
    }
  }
}

/// CSE merges equal tensor.empty ops, and empty-tensor elimination
/// replaces an empty tensor at every use: all the ops that shared it would
/// then write into the one padded buffer, and bufferization copies to keep
/// them apart. Each use gets its own empty tensor first.
void oneEmptyPerUse(ModuleOp module) {
  SmallVector<tensor::EmptyOp> empties;
  module.walk([&](tensor::EmptyOp empty) {
    if (!empty->hasOneUse() && !empty->use_empty())
      empties.push_back(empty);
  });
  for (tensor::EmptyOp empty : empties) {
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : empty->getUses())
      uses.push_back(&use);
    for (OpOperand *use : llvm::drop_begin(uses)) {
      OpBuilder builder(use->getOwner());
      use->set(builder.clone(*empty)->getResult(0));
    }
  }
}

struct TgPadsInPlacePass
    : tgc::tg::impl::TgPadsInPlaceBase<TgPadsInPlacePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    RewritePatternSet patterns(&getContext());
    patterns.add<linalg::GeneralizePadOpPattern>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(module, std::move(patterns))))
      return signalPassFailure();
    oneFillPerUser(module);
    oneEmptyPerUse(module);
    hoistFillsAboveProducers(module);
    // The elimination analyses the module as one-shot bufferization would;
    // where that analysis gives up, the pads stay a fill and a copy (as
    // correct, only slower), which is no reason to fail the compilation.
    IRRewriter rewriter(&getContext());
    (void)bufferization::eliminateEmptyTensors(rewriter, module);
  }
};

} // namespace

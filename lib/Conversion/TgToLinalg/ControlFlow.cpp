//===- ControlFlow.cpp - Lowering of tg.if and tg.while to scf ------------===//
//
// tg.if becomes scf.if on the extracted boolean, its regions inlined with
// the block arguments replaced by the inputs; tg.while becomes scf.while,
// whose "before" region is tg's condition region (ending in scf.condition
// that forwards the carried values) and whose "after" region is the body.
// tg.assert becomes cf.assert on the extracted condition. The values stay
// tensors; one-shot bufferization turns the loop-carried
// tensors into buffers. The body ends by copying the next values into the
// carried tensors, so that they bufferize in place: the memory plan then
// needs no buffer that lives from one iteration into the next.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

Value scalarOf(OpBuilder &b, Location loc, Value tensor) {
  return b.create<tensor::ExtractOp>(loc, tensor, ValueRange{});
}

struct IfLowering : OpConversionPattern<IfOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value condition = scalarOf(rewriter, loc, adaptor.getCondition());
    auto ifOp = rewriter.create<scf::IfOp>(loc, op.getResultTypes(), condition,
                                           /*withElseRegion=*/true);
    for (auto [from, to] : {std::pair{&op.getThenRegion(), &ifOp.getThenRegion()},
                            std::pair{&op.getElseRegion(), &ifOp.getElseRegion()}}) {
      Block *dest = &to->front();
      // A result-less scf.if comes with an scf.yield: tg's yield replaces it.
      if (!dest->empty())
        rewriter.eraseOp(&dest->back());
      rewriter.mergeBlocks(&from->front(), dest, adaptor.getInputs());
    }
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

struct WhileLowering : OpConversionPattern<WhileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(WhileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto whileOp = rewriter.create<scf::WhileOp>(
        op.getLoc(), op.getResultTypes(), adaptor.getInputs());
    rewriter.inlineRegionBefore(op.getCondRegion(), whileOp.getBefore(),
                                whileOp.getBefore().end());
    rewriter.inlineRegionBefore(op.getBodyRegion(), whileOp.getAfter(),
                                whileOp.getAfter().end());
    rewriter.replaceOp(op, whileOp.getResults());
    return success();
  }
};

struct YieldLowering : OpConversionPattern<YieldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(YieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<scf::IfOp, scf::WhileOp>(op->getParentOp()))
      return rewriter.notifyMatchFailure(op, "parent not lowered yet");
    SmallVector<Value> values(adaptor.getValues());
    if (isa<scf::WhileOp>(op->getParentOp())) {
      // The next iteration's values are copied into the buffers of this
      // iteration's (a copy as the body's last op bufferizes in place), so
      // no buffer allocated in the body outlives its iteration and the
      // loop-carried values keep one fixed place in the memory plan.
      Block *body = op->getBlock();
      for (auto [i, value] : llvm::enumerate(values)) {
        Value carried = body->getArgument(i);
        if (value == carried)
          continue;
        values[i] = rewriter
                        .create<linalg::CopyOp>(op.getLoc(), value, carried)
                        .getResult(0);
      }
    }
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, values);
    return success();
  }
};

/// tg.condition -> scf.condition forwarding the carried values unchanged.
struct ConditionLowering : OpConversionPattern<ConditionOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConditionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<scf::WhileOp>(op->getParentOp()))
      return rewriter.notifyMatchFailure(op, "parent not lowered yet");
    Value condition = scalarOf(rewriter, op.getLoc(), adaptor.getCondition());
    rewriter.replaceOpWithNewOp<scf::ConditionOp>(
        op, condition, op->getBlock()->getArguments());
    return success();
  }
};

/// tg.assert -> cf.assert on the extracted condition: the target decides
/// what a failure does (tg-assert-to-runtime on the CPU).
struct AssertLowering : OpConversionPattern<AssertOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AssertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(adaptor.getCondition().getType());
    Value zero = rewriter.create<arith::ConstantIndexOp>(op.getLoc(), 0);
    SmallVector<Value> at(type.getRank(), zero);
    Value condition = rewriter.create<tensor::ExtractOp>(
        op.getLoc(), adaptor.getCondition(), at);
    rewriter.replaceOpWithNewOp<cf::AssertOp>(op, condition, op.getMessage());
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateControlFlowPatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  patterns.add<IfLowering, WhileLowering, YieldLowering, ConditionLowering,
               AssertLowering>(patterns.getContext());
  target.addIllegalOp<IfOp, WhileOp, YieldOp, ConditionOp, AssertOp>();
  target.addLegalOp<cf::AssertOp>();
}

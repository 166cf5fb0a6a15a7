//===- VectorizableExp.cpp - f32 exp as vectorisable arithmetic -----------===//
//
// tg-vectorizable-exp: upstream's polynomial approximation of math.exp,
// applied to f32 math.exp only. Upstream offers the approximations as one
// pattern set for all math functions; a partial conversion in which only
// f32 math.exp is illegal applies just that one.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/CPU/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Transforms/DialectConversion.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGVECTORIZABLEEXP
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;

namespace {

struct TgVectorizableExpPass
    : tgc::tg::impl::TgVectorizableExpBase<TgVectorizableExpPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    populateMathPolynomialApproximationPatterns(patterns);
    ConversionTarget target(*context);
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addDynamicallyLegalOp<math::ExpOp>([](math::ExpOp op) {
      return !getElementTypeOrSelf(op.getType()).isF32();
    });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

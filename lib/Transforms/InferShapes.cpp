//===- InferShapes.cpp - The tg-infer-shapes pass -------------------------===//

#include "tgc/Transforms/Passes.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGINFERSHAPES
#include "tgc/Transforms/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;
using namespace tgc::tg;

namespace {

struct TgInferShapesPass : tgc::tg::impl::TgInferShapesBase<TgInferShapesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    WalkResult walk = func.walk([](InferTypeOpInterface op) {
      if (!isa<TgDialect>(op->getDialect()))
        return WalkResult::advance();
      SmallVector<Type> inferred;
      if (failed(op.inferReturnTypes(
              op->getContext(), op->getLoc(), op->getOperands(),
              op->getAttrDictionary(), op->getPropertiesStorage(),
              op->getRegions(), inferred)))
        return WalkResult::interrupt();
      for (auto [result, type] : llvm::zip(op->getResults(), inferred))
        result.setType(type);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    // Results of the function take the refined types.
    Operation *terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(&getContext(),
                                   func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }
};

} // namespace

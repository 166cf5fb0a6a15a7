//===- Bufferization.cpp - The start of both buffer pipelines -------------===//

#include "tgc/Target/Common/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"

using namespace mlir;

void tgc::target::addBufferization(OpPassManager &pm) {
  pm.addPass(tg::createTgBindVariables());
  bufferization::OneShotBufferizationOptions options;
  options.bufferizeFunctionBoundaries = true;
  options.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  // Copies become linalg.copy, lowered like the rest (to loops on the CPU,
  // to kernels on a GPU; memref.copy of strided buffers would call a
  // runtime function).
  auto linalgCopy = [](OpBuilder &b, Location loc, Value from,
                       Value to) -> LogicalResult {
    b.create<linalg::CopyOp>(loc, from, to);
    return success();
  };
  options.memCpyFn = linalgCopy;
  // A loop that yields new tensors bufferizes to fresh buffers per
  // iteration; tg-plan-memory then names the op it cannot plan.
  options.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  bufferization::BufferResultsToOutParamsOpts outParams;
  outParams.hoistStaticAllocs = true;
  outParams.memCpyFn = linalgCopy;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
}

SmallVector<tgc::tg::MatmulOp>
tgc::tg::matmulsIn(Operation *root) {
  SmallVector<MatmulOp> matmuls;
  root->walk([&](linalg::LinalgOp op) {
    if (isa<linalg::MatmulOp>(op))
      matmuls.push_back({op, false, false});
    else if (isa<linalg::MatmulTransposeAOp>(op))
      matmuls.push_back({op, true, false});
    else if (isa<linalg::MatmulTransposeBOp>(op))
      matmuls.push_back({op, false, true});
  });
  return matmuls;
}

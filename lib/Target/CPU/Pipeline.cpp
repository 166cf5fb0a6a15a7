//===- Pipeline.cpp - Stages of the CPU code generator --------------------===//

#include "tgc/Target/CPU/Pipeline.h"

#include "tgc/Conversion/Passes.h"
#include "tgc/Target/CPU/Passes.h"
#include "tgc/Transforms/Passes.h"

#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void tgc::cpu::buildLowerToLinalgPipeline(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(tg::createTgInferShapes());
  pm.addPass(tg::createConvertTgToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(tg::createTgFuseElementwise());
  pm.addPass(createCSEPass());
}

void tgc::cpu::buildBufferizePipeline(OpPassManager &pm) {
  pm.addPass(tg::createTgHoistScalarInputs());
  pm.addPass(tg::createTgPadsInPlace());
  target::addBufferization(pm);
  // Equal views merged, so that the copy of a value into the place it was
  // computed in (a pad's interior) is a copy onto itself, which folds away.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(tg::createTgGemmToRuntime());
  pm.addPass(tg::createTgPlanMemory());
  pm.addPass(createCanonicalizerPass());
}

void tgc::cpu::buildLowerToLLVMPipeline(OpPassManager &pm,
                                        const LowerToLLVMOptions &options) {
  pm.addPass(tg::createTgVectorizableExp());
  pm.addPass(tg::createTgContiguousInnerLoop());
  if (options.outlineKernels) {
    tg::TgOutlineKernelsOptions outline;
    outline.prefix = options.kernelPrefix;
    pm.addPass(tg::createTgOutlineKernels(outline));
    // Large kernels split their outer parallel loop across the runtime's
    // threads.
    pm.addPass(tg::createTgParallelKernels());
  }
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertMathToFuncs()); // integer powers
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(tg::createTgAssertToRuntime());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass()); // tanh, atan2, expm1
  pm.addPass(createArithToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (options.outlineKernels)
    pm.addPass(tg::createTgParallelKernelCalls());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void tgc::cpu::registerPipelines() {
  PassPipelineRegistration<>("tgc-cpu-to-linalg",
                             "tg -> linalg on tensors (CPU pipeline stage 1)",
                             buildLowerToLinalgPipeline);
  PassPipelineRegistration<>("tgc-cpu-bufferize",
                             "linalg on tensors -> planned buffers (stage 2)",
                             buildBufferizePipeline);
  PassPipelineRegistration<>("tgc-cpu-to-llvm",
                             "buffers -> LLVM dialect (stage 3)",
                             [](OpPassManager &pm) {
                               buildLowerToLLVMPipeline(pm);
                             });
}

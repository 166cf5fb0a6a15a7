//===- Pipeline.h - Stages of the CPU code generator ------------*- C++ -*-===//

#ifndef TGC_TARGET_CPU_PIPELINE_H
#define TGC_TARGET_CPU_PIPELINE_H

#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace tgc::cpu {

/// tg (shapes inferred) -> linalg on tensors, elementwise ops fused.
void buildLowerToLinalgPipeline(mlir::OpPassManager &pm);

/// linalg on tensors -> buffers: variables bound, one-shot bufferization
/// with results as out-parameters, GEMMs as tgrt calls, static memory plan.
void buildBufferizePipeline(mlir::OpPassManager &pm);

struct LowerToLLVMOptions {
  /// Move each linalg op into a kernel function of its own, identical
  /// kernels once (tg-outline-kernels).
  bool outlineKernels = true;
  /// The kernels' names: PREFIX0, PREFIX1, ...
  std::string kernelPrefix = "kernel";
};

/// buffers -> LLVM dialect, every function with the bare-pointer calling
/// convention.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const LowerToLLVMOptions &options = {});

/// Registers the three pipelines for tgc-opt as
/// tgc-cpu-to-linalg, tgc-cpu-bufferize and tgc-cpu-to-llvm.
void registerPipelines();

} // namespace tgc::cpu

#endif

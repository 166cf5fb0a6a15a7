//===- Pipeline.h - The CUDA code generator ---------------------*- C++ -*-===//
//
// linalg on tensors -> buffers -> parallel loops -> gpu.launch -> outlined
// kernels in one gpu.module -> NVVM -> PTX (LLVM's NVPTX backend).
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TARGET_GPU_PIPELINE_H
#define TGC_TARGET_GPU_PIPELINE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <optional>
#include <string>

namespace tgc::gpu {

struct GpuOptions {
  /// "sm_70" ... "sm_90a" (see kSupportedArchs in Pipeline.cpp).
  std::string arch = "sm_80";
  /// PTX ISA version, "7.8" or "78"; empty: the lowest the arch needs
  /// (at least 7.0).
  std::string ptxVersion;
  int optLevel = 3;
  /// --fp-contract=fast: a multiply feeding an add (or subtract) in a kernel
  /// becomes one fused multiply-add, as LLVM contracts them on the CPU.
  bool fpContract = true;
  /// Threads per block of the elementwise and reduction kernels.
  int64_t blockSize = 256;
};

/// Checks the arch and the PTX version; the error message, or nothing.
std::optional<std::string> checkGpuOptions(const GpuOptions &options);

/// The PTX ISA version `options` asks for, as the NVPTX feature "+ptxNN".
std::string ptxFeature(const GpuOptions &options);

/// Buffers (tg-bind-variables, one-shot bufferization) -> parallel loops,
/// each collapsed to one dimension and tiled by the block size -> gpu.launch
/// -> kernels outlined into one gpu.module -> NVVM -> gpu.binary with the
/// PTX of all kernels.
void buildKernelPipeline(mlir::OpPassManager &pm, const GpuOptions &options);

/// After buildKernelPipeline, for an object file: launches become calls
/// into tgrt (tg-gpu-lower-launches), then the host functions go to the
/// LLVM dialect as on CPU.
void buildHostPipeline(mlir::OpPassManager &pm);

/// The PTX text of the module's gpu.binary. Fails with a diagnostic when
/// there is none or it holds no PTX.
mlir::FailureOr<std::string> extractPtx(mlir::ModuleOp module);

/// Registers the GPU dialects, the NVVM target and their translations.
void registerGpuDialects(mlir::DialectRegistry &registry);

/// Registers the GPU pipeline's own passes (for tgc-opt).
void registerGpuPasses();

} // namespace tgc::gpu

#endif // TGC_TARGET_GPU_PIPELINE_H

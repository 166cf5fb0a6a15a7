//===- Host.h - The host side of a CUDA model -------------------*- C++ -*-===//
//
// What runs on the CPU around the kernels: the constants live in one device
// buffer (the constant pool), and every gpu.launch_func becomes a call into
// tgrt's CUDA layer with the kernel's parameters marshalled as
// cuLaunchKernel takes them.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TARGET_GPU_HOST_H
#define TGC_TARGET_GPU_HOST_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "tgrt/model_abi.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>
#include <vector>

namespace tgc::gpu {

/// The module attribute holding the constant pool's bytes (tensor<Nxi8>).
inline constexpr llvm::StringLiteral kConstantPoolAttr = "tg.constant_pool";
/// The module attribute listing the kernels by index (array of strings).
inline constexpr llvm::StringLiteral kKernelsAttr = "tg.kernels";
/// The runtime functions the host code calls (named in tgrt/model_abi.h).
inline constexpr llvm::StringLiteral kLaunchFunction =
    TGRT_SYMBOL_NAME(TGRT_FN_CUDA_EXEC_LAUNCH);
inline constexpr llvm::StringLiteral kConstantsFunction =
    TGRT_SYMBOL_NAME(TGRT_FN_CUDA_EXEC_CONSTANTS);
inline constexpr llvm::StringLiteral kReadFunction =
    TGRT_SYMBOL_NAME(TGRT_FN_CUDA_EXEC_READ);
inline constexpr llvm::StringLiteral kWriteFunction =
    TGRT_SYMBOL_NAME(TGRT_FN_CUDA_EXEC_WRITE);

/// Raw little-endian bytes of a dense attribute, splats expanded, one byte
/// per bool; empty for attributes that are not dense.
std::vector<char> elementsBytes(mlir::ElementsAttr attr);

/// The constant pool's bytes and the kernel names recorded on `module`.
std::vector<char> constantPool(mlir::ModuleOp module);
std::vector<std::string> kernelNames(mlir::ModuleOp module);

} // namespace tgc::gpu

#endif // TGC_TARGET_GPU_HOST_H

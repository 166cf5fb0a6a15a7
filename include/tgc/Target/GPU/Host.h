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
/// The runtime functions the host code calls (runtime/src/cuda_session.cpp).
inline constexpr llvm::StringLiteral kLaunchFunction = "tgrt_cuda_exec_launch";
inline constexpr llvm::StringLiteral kConstantsFunction =
    "tgrt_cuda_exec_constants";
inline constexpr llvm::StringLiteral kReadFunction = "tgrt_cuda_exec_read";
inline constexpr llvm::StringLiteral kWriteFunction = "tgrt_cuda_exec_write";

/// tg-gpu-constant-pool: every constant memref.global read by the entry
/// functions is placed in one byte buffer (64-byte aligned offsets); each
/// function gets a trailing `memref<Nxi8>` argument, the pool, and reads
/// become views of it. The bytes go into the module attribute
/// kConstantPoolAttr, the globals are erased.
std::unique_ptr<mlir::Pass> createConstantPoolPass();

/// tg-gpu-lower-launches: each entry function gets a trailing `!llvm.ptr`
/// argument, the runtime's execution context; each gpu.launch_func becomes
/// a call of kLaunchFunction with the kernel's index in kKernelsAttr and an
/// array of pointers to its parameters (memrefs expanded as the kernels'
/// LLVM lowering expects: allocated and aligned pointer, offset, sizes,
/// strides). The gpu.binary ops are erased. A load or store of one element
/// left in host code (the predicate of a loop or a conditional) becomes a
/// synchronous copy through kReadFunction / kWriteFunction; a memref.copy
/// on the host is an error.
std::unique_ptr<mlir::Pass> createLowerLaunchesPass();

/// Raw little-endian bytes of a dense attribute, splats expanded, one byte
/// per bool; empty for attributes that are not dense.
std::vector<char> elementsBytes(mlir::ElementsAttr attr);

/// The constant pool's bytes and the kernel names recorded on `module`.
std::vector<char> constantPool(mlir::ModuleOp module);
std::vector<std::string> kernelNames(mlir::ModuleOp module);

void registerHostPasses();

} // namespace tgc::gpu

#endif // TGC_TARGET_GPU_HOST_H

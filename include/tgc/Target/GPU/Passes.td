//===- Passes.td - Passes of the CUDA code generator -------*- tablegen -*-===//
//
// The kernel side (tiled matrix products, parallel loops to blocks, one
// gpu.module, NVVM) and the host side (constant pool, launches through
// tgrt's CUDA layer) of --target=cuda. The pipelines that run them are in
// lib/Target/GPU/Pipeline.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TARGET_GPU_PASSES_TD
#define TGC_TARGET_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def TgGpuTiledMatmul : Pass<"tg-gpu-tiled-matmul", "mlir::func::FuncOp"> {
  let summary = "matrix products as tiled shared-memory GPU kernels";
  let description = [{
    f32/f64 `linalg.matmul` (and its transposed forms) on buffers become one
    `gpu.launch` of a tiled kernel: 16x16 threads per block, 64x64 outputs
    per block and 4x4 per thread, K staged by 16 in padded shared-memory
    tiles, each output one chain of FMAs in k order. Other element types
    stay linalg ops (one thread per output).
  }];
  let dependentDialects = ["mlir::gpu::GPUDialect", "mlir::math::MathDialect",
                           "mlir::scf::SCFDialect", "mlir::memref::MemRefDialect"];
}

def TgGpuTileParallelLoops
    : Pass<"tg-gpu-tile-parallel-loops", "mlir::func::FuncOp"> {
  let summary = "collapse outermost scf.parallel loops to 1-D and tile them "
                "by the block size";
  let description = [{
    Sequential code left between loops is wrapped in a one-iteration
    parallel loop so that it runs on the device; each outermost loop nest is
    collapsed to one dimension and tiled by `block-size`, which becomes the
    threads of a block once the loops are mapped to the grid.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "threads per block of the elementwise and reduction kernels">
  ];
}

def TgGpuMergeModules : Pass<"tg-gpu-merge-modules", "mlir::ModuleOp"> {
  let summary = "move all outlined kernels into one gpu.module";
  let description = [{
    Kernel outlining makes one `gpu.module` per launch; they become one
    module `@kernels` (kernels renamed where names clash), so the PTX is one
    text and the runtime loads one CUDA module per session.
  }];
}

def TgGpuContract : Pass<"tg-gpu-contract", "mlir::gpu::GPUModuleOp"> {
  let summary = "multiplies feeding adds as fused multiply-adds (--fp-contract)";
  let description = [{
    A floating-point multiply whose only use is an add or subtract becomes
    `math.fma`, as LLVM contracts them on the CPU, so CUDA and CPU builds
    round alike.
  }];
  let dependentDialects = ["mlir::math::MathDialect"];
}

def TgGpuApproximateMath
    : Pass<"tg-gpu-approximate-math", "mlir::gpu::GPUModuleOp"> {
  let summary = "math ops of the kernels as polynomials (no libdevice)";
  let description = [{
    Transcendental math ops (exp, log, tanh, erf, erfc, pow, ...) are
    expanded into arithmetic, so the PTX needs no libdevice.
  }];
  let dependentDialects = ["mlir::math::MathDialect", "mlir::arith::ArithDialect",
                           "mlir::vector::VectorDialect"];
}

def TgGpuKernelsToNVVM
    : Pass<"tg-gpu-kernels-to-nvvm", "mlir::gpu::GPUModuleOp"> {
  let summary = "lower the kernels to the LLVM and NVVM dialects";
  let dependentDialects = ["mlir::NVVM::NVVMDialect", "mlir::LLVM::LLVMDialect"];
}

def TgGpuConstantPool : Pass<"tg-gpu-constant-pool", "mlir::ModuleOp"> {
  let summary = "place the constants read by the entry functions in one "
                "buffer argument";
  let description = [{
    Every constant `memref.global` read by the entry functions is placed in
    one byte buffer (64-byte aligned offsets); each function gets a trailing
    `memref<Nxi8>` argument, the pool, and reads become views of it. The
    bytes go into the module attribute `tg.constant_pool`; the globals are
    erased.
  }];
}

def TgGpuLowerLaunches : Pass<"tg-gpu-lower-launches", "mlir::ModuleOp"> {
  let summary = "launch the kernels through tgrt's CUDA layer";
  let description = [{
    Each entry function gets a trailing `!llvm.ptr` argument, the runtime's
    execution context; each `gpu.launch_func` becomes a call of
    `tgrt_cuda_exec_launch` (named in tgrt/model_abi.h) with the kernel's
    index in `tg.kernels` and an array of pointers to its parameters
    (memrefs expanded as the kernels' LLVM lowering expects). A load or
    store of one element left in host code (the predicate of a loop or a
    conditional) becomes a synchronous copy through `tgrt_cuda_exec_read` /
    `tgrt_cuda_exec_write`; a whole-buffer copy on the host is an error.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect", "mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect", "mlir::func::FuncDialect"];
}

#endif // TGC_TARGET_GPU_PASSES_TD

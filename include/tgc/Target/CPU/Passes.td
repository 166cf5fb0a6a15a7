//===- Passes.td - Passes of the CPU code generator -----------*- tablegen -*-===//

#ifndef TGC_TARGET_CPU_PASSES_TD
#define TGC_TARGET_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def TgFuseElementwise : Pass<"tg-fuse-elementwise", "mlir::ModuleOp"> {
  let summary = "fuse elementwise linalg.generic chains, keeping named ops";
  let description = [{
    linalg's elementwise fusion (producer into consumer) and reshape
    propagation by expansion, restricted to `linalg.generic` ops: a named
    op (`linalg.matmul`, a convolution, a pooling) is never rewritten into a
    generic, so that later passes still recognise it (`tg-gemm-to-runtime`
    calls the tuned GEMM for `linalg.matmul`). Upstream's
    `-linalg-fuse-elementwise-ops` expands a matmul followed by a reshape
    into a generic contraction, which then lowers to scalar loops.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::affine::AffineDialect"];
}

def TgHoistScalarInputs : Pass<"tg-hoist-scalar-inputs", "mlir::ModuleOp"> {
  let summary = "read rank-0 inputs of linalg.generic ops once, before the loop";
  let description = [{
    A rank-0 tensor input of a generic (a scalar computed at run time, such
    as Adam's step size) is extracted before it (`tensor.extract`) and used
    in its body as a value. Read inside the loop it is a load that may alias
    the loop's stores as far as LLVM can tell (all buffers are views of one
    arena), and LLVM then does not vectorize the loop. CPU only: on a GPU
    the extraction would be a host read of device memory.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def TgGemmToRuntime : Pass<"tg-gemm-to-runtime", "mlir::ModuleOp"> {
  let summary = "call tgrt's tuned GEMM for f32/f64 matmuls on memrefs";
  let description = [{
    Replaces `linalg.matmul`, `linalg.matmul_transpose_a` and
    `linalg.matmul_transpose_b` on buffers with unit inner stride by calls
    to `tgrt_gemm_f32` / `tgrt_gemm_f64`. A zero `linalg.fill` of the output
    right before the product is folded into the call.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect", "mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect", "mlir::memref::MemRefDialect"];
}

#endif // TGC_TARGET_CPU_PASSES_TD

//===- Passes.td - Passes of the CPU code generator -----------*- tablegen -*-===//

#ifndef TGC_TARGET_CPU_PASSES_TD
#define TGC_TARGET_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def TgBindVariables : Pass<"tg-bind-variables", "mlir::ModuleOp"> {
  let summary = "turn variable reads and assignments into buffer arguments";
  let description = [{
    Gives each entry function one `memref` argument per variable it uses,
    after its feeds. A read becomes a `bufferization.to_tensor` of the
    argument (or the value of an earlier assignment in the same run); the
    last assignment of each variable is written back into its buffer at the
    end of the function, after every read. The variables' order is recorded
    in the `tg.variables` attribute of the function. The feeds (the
    arguments the function had before) are marked not writable, so that
    bufferization never updates a caller's input in place. A returned value
    that is not computed by the function (a feed, a constant, a variable's
    value) or that is returned twice is copied, so every fetch is written
    into a buffer of its own.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::tensor::TensorDialect"];
}

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

def TgPlanMemory : Pass<"tg-plan-memory", "mlir::ModuleOp"> {
  let summary = "place every temporary buffer in one arena (static memory plan)";
  let description = [{
    For each public function, computes the live range of every statically
    shaped `memref.alloc` (with its aliases), packs them first-fit into one
    arena with 64-byte alignment so buffers that are never live together
    share memory, and replaces the allocations by `memref.view`s of a new
    trailing `memref<Nxi8>` argument. The arena size is recorded in the
    `tg.arena_bytes` attribute. A dynamically shaped allocation is an error.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"];
}

#endif // TGC_TARGET_CPU_PASSES_TD

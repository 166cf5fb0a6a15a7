//===- Passes.td - Passes both code generators run ---------*- tablegen -*-===//
//
// Variables bound to buffers and the static memory plan: the CPU and the
// CUDA pipelines run them alike.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TARGET_COMMON_PASSES_TD
#define TGC_TARGET_COMMON_PASSES_TD

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

#endif // TGC_TARGET_COMMON_PASSES_TD

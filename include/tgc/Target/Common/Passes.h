//===- Passes.h - What the CPU and CUDA code generators share ---*- C++ -*-===//
//
// Variable binding, the static memory plan and the bufferization setup
// (Passes.td, Bufferization.cpp), and the helpers both targets use on
// buffers.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TARGET_COMMON_PASSES_H
#define TGC_TARGET_COMMON_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace tgc::tg {

#define GEN_PASS_DECL
#include "tgc/Target/Common/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tgc/Target/Common/Passes.h.inc"

/// Attribute names set on an entry function by tg-bind-variables and
/// tg-plan-memory.
inline constexpr llvm::StringLiteral kVariablesAttr = "tg.variables";
inline constexpr llvm::StringLiteral kArenaBytesAttr = "tg.arena_bytes";

/// A matrix product: linalg.matmul, matmul_transpose_a or
/// matmul_transpose_b.
struct MatmulOp {
  mlir::linalg::LinalgOp op;
  bool transposeA, transposeB;
};
/// The matrix products under `root`, in walk order (tg-gemm-to-runtime
/// calls tgrt for them on the CPU, tg-gpu-tiled-matmul makes kernels).
llvm::SmallVector<MatmulOp> matmulsIn(mlir::Operation *root);

/// The aligned pointer of `memref` as an index, including the byte shift
/// of the memref.view it comes from (through reshapes, casts, subviews and
/// reinterpret casts; their offsets stay in the strided metadata).
/// expand-strided-metadata folds extract_aligned_pointer_as_index through
/// memref.view to the source's pointer and drops the shift, so code that
/// passes a planned buffer's or a pooled constant's address must build it
/// with this.
mlir::Value alignedPointerWithShift(mlir::OpBuilder &builder,
                                    mlir::Location loc, mlir::Value memref);

} // namespace tgc::tg

namespace tgc::target {

/// Variables bound to buffers (tg-bind-variables), one-shot bufferization
/// across function boundaries and results turned into out-parameters: the
/// start of both targets' buffer pipelines.
void addBufferization(mlir::OpPassManager &pm);

} // namespace tgc::target

#endif // TGC_TARGET_COMMON_PASSES_H

//===- Passes.h - Passes on the tg dialect ----------------------*- C++ -*-===//

#ifndef TGC_TRANSFORMS_PASSES_H
#define TGC_TRANSFORMS_PASSES_H

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "tgc/Transforms/OptimizerDefaults.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace tgc::tg {

#define GEN_PASS_DECL
#include "tgc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tgc/Transforms/Passes.h.inc"

/// Reverse-mode differentiation (the core of tg-gradients, also used by
/// tg-optimizer): appends to `func`'s single block, before its return, the
/// ops computing d(loss)/d(x) for each name in `wrt` (a feed, a variable or
/// a Const node), where the loss is return operand `lossIndex`, a float
/// scalar fetched as `lossName`. `gradients` gets one value per `wrt` name,
/// in order; the return itself is left unchanged. Errors are emitted at the
/// offending node.
mlir::LogicalResult appendGradients(mlir::func::FuncOp func,
                                    unsigned lossIndex,
                                    llvm::StringRef lossName,
                                    llvm::ArrayRef<std::string> wrt,
                                    llvm::SmallVectorImpl<mlir::Value> &gradients);

} // namespace tgc::tg

#endif // TGC_TRANSFORMS_PASSES_H

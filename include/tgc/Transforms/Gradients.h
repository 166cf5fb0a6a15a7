//===- Gradients.h - Reverse-mode differentiation of tg ops -----*- C++ -*-===//

#ifndef TGC_TRANSFORMS_GRADIENTS_H
#define TGC_TRANSFORMS_GRADIENTS_H

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "llvm/ADT/DenseMap.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace tgc::tg {

/// Registers the gradient rules (GradientOpInterface external models of
/// the tg ops, lib/Transforms/Gradients) with `registry`: they attach when
/// the tg dialect loads. The driver's registerAllDialects calls it.
void registerGradientInterfaceModels(mlir::DialectRegistry &registry);

/// Reverse-mode accumulation over the ops of `block` (in order, ending in a
/// terminator): starting from `seeds` (value, gradient) pairs, asks each op
/// whose results have gradients and whose operands depend on `targets`
/// (through floating-point results) for its operands' gradients
/// (GradientOpInterface), summing the gradients of values used several
/// times. New ops go before the terminator. `gradients` maps each value
/// that got one to its gradient (a target without an entry has no path).
/// An op on the way without a rule is an error at its node.
mlir::LogicalResult
differentiateBlock(mlir::Block &block,
                   llvm::ArrayRef<std::pair<mlir::Value, mlir::Value>> seeds,
                   llvm::ArrayRef<mlir::Value> targets,
                   llvm::DenseMap<mlir::Value, mlir::Value> &gradients);

} // namespace tgc::tg

#endif // TGC_TRANSFORMS_GRADIENTS_H

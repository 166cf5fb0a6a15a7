//===- Passes.h - Conversions out of the tg dialect -------------*- C++ -*-===//

#ifndef TGC_CONVERSION_PASSES_H
#define TGC_CONVERSION_PASSES_H

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
class TypeConverter;
} // namespace mlir

namespace tgc::tg {

#define GEN_PASS_DECL
#include "tgc/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tgc/Conversion/Passes.h.inc"

/// Unit attribute on a linalg.matmul whose dot products must be summed in
/// order (k = 0, 1, ...) with fused multiply-adds: convolutions lowered to
/// a matrix product carry it, and tg-gemm-to-runtime calls the runtime's
/// in-order GEMM for them.
inline constexpr llvm::StringLiteral kOrderedSumAttr = "tg.ordered_sum";

/// Adds the patterns that lower tg ops to linalg on tensors.
void populateTgToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace tgc::tg

#endif // TGC_CONVERSION_PASSES_H

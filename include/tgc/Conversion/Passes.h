//===- Passes.h - Conversions out of the tg dialect -------------*- C++ -*-===//

#ifndef TGC_CONVERSION_PASSES_H
#define TGC_CONVERSION_PASSES_H

#include "dialects/tg/TgDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// Adds the patterns that lower tg ops to linalg on tensors.
void populateTgToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace tgc::tg

#endif // TGC_CONVERSION_PASSES_H

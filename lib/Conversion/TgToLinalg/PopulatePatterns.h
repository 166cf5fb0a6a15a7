//===- PopulatePatterns.h - Pattern groups of TgToLinalg --------*- C++ -*-===//
//
// Private to lib/Conversion/TgToLinalg: each file lowers one family of ops
// and exposes one populate function.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_CONVERSION_TGTOLINALG_POPULATEPATTERNS_H
#define TGC_LIB_CONVERSION_TGTOLINALG_POPULATEPATTERNS_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace tgc::tg::detail {

void populateLinearPatterns(mlir::RewritePatternSet &patterns);
void populateElementwisePatterns(mlir::RewritePatternSet &patterns);
void populatePointwisePatterns(mlir::RewritePatternSet &patterns);
void populateShapePatterns(mlir::RewritePatternSet &patterns);
void populateNNPatterns(mlir::RewritePatternSet &patterns);
void populateSortPatterns(mlir::RewritePatternSet &patterns);
void populateControlFlowPatterns(mlir::RewritePatternSet &patterns);

/// A parallel linalg.generic over the shape of `resultType` that reads
/// `inputs` with TF broadcasting and yields `body(elements...)`.
mlir::Value buildElementwise(
    mlir::OpBuilder &builder, mlir::Location loc,
    mlir::RankedTensorType resultType, mlir::ValueRange inputs,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        body);

/// Fails the match, with a reason, unless `type` is a statically shaped
/// tensor of an element type the lowering supports (signless integers and
/// floats).
mlir::LogicalResult checkLowerableType(mlir::Operation *op, mlir::Type type,
                                       mlir::PatternRewriter &rewriter);

/// checkLowerableType on every operand and result of `op`.
mlir::LogicalResult checkTypes(mlir::Operation *op,
                               mlir::PatternRewriter &rewriter);

/// A tensor.empty of `type`, the init of a linalg op producing it.
mlir::Value emptyLike(mlir::OpBuilder &builder, mlir::Location loc,
                      mlir::RankedTensorType type);

/// The additive identity of a float or integer element type.
mlir::Value createZero(mlir::OpBuilder &builder, mlir::Location loc,
                       mlir::Type elementType);

} // namespace tgc::tg::detail

#endif

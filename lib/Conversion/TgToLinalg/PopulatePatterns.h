//===- PopulatePatterns.h - Pattern groups of TgToLinalg --------*- C++ -*-===//
//
// Private to lib/Conversion/TgToLinalg: each file lowers one family of ops
// and exposes one populate function.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_CONVERSION_TGTOLINALG_POPULATEPATTERNS_H
#define TGC_LIB_CONVERSION_TGTOLINALG_POPULATEPATTERNS_H

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
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
void populateNNGradientPatterns(mlir::RewritePatternSet &patterns);
void populateResizePatterns(mlir::RewritePatternSet &patterns);

// Shared by the convolution lowerings (NN.cpp) and their gradients
// (NNGradients.cpp).

/// A linalg.fill of `value` into a new tensor of `type`.
mlir::Value filled(mlir::OpBuilder &b, mlir::Location loc,
                   mlir::RankedTensorType type, mlir::TypedAttr value);

/// Pads H and W of an NHWC tensor by pad = [top, bottom, left, right].
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, llvm::ArrayRef<int64_t> pad,
                       mlir::TypedAttr value);

/// [[0, ..., rank-2], [rank-1]]: collapses all but the last dimension.
llvm::SmallVector<mlir::ReassociationIndices> rowsAndLast(int64_t rank);

/// The patch matrix [N*OH*OW, KH*KW*C] of a padded NHWC input (im2col).
mlir::Value patchMatrix(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value padded, int64_t kh, int64_t kw, int64_t oh,
                        int64_t ow, llvm::ArrayRef<int64_t> strides,
                        llvm::ArrayRef<int64_t> dilations);

/// A convolution's output gradient dilated by the strides and padded for
/// the transposed correlation that gives an input of H x W.
mlir::FailureOr<mlir::Value>
spreadForTranspose(mlir::OpBuilder &b, mlir::Location loc, mlir::Value g,
                   llvm::ArrayRef<int64_t> strides,
                   llvm::ArrayRef<int64_t> dilations,
                   llvm::ArrayRef<int64_t> pad, int64_t kh, int64_t kw,
                   int64_t h, int64_t w);

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

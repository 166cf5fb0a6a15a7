//===- PopulatePatterns.h - Pattern groups of TgToLinalg --------*- C++ -*-===//
//
// Private to lib/Conversion/TgToLinalg. The lowerings are grouped by the op
// families of the dialect, and every file's name starts with its family's:
// Elementwise*.cpp, Shape.cpp, Reduction.cpp, NN*.cpp, ControlFlow.cpp
// (tg.constant, the core op, is lowered in TgToLinalg.cpp; the Variables'
// ops stay legal: the target binds them).
//
// As torch-mlir's populate*PatternsAndLegality, each family has one entry
// point that adds its patterns to `patterns` and marks illegal in `target`
// exactly the ops those patterns lower. A family lowered in several files
// has one such function per file; its own entry point calls them.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_CONVERSION_TGTOLINALG_POPULATEPATTERNS_H
#define TGC_LIB_CONVERSION_TGTOLINALG_POPULATEPATTERNS_H

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace tgc::tg::detail {

//===----------------------------------------------------------------------===//
// The families, called by the pass (TgToLinalg.cpp).
//===----------------------------------------------------------------------===//

/// Elementwise.cpp: add, relu, identity, stop_gradient, and (through
/// populateElementwisePointwisePatternsAndLegality) every other elementwise
/// op, cast, select and add_n.
void populateElementwisePatternsAndLegality(mlir::RewritePatternSet &patterns,
                                            mlir::ConversionTarget &target);
/// Shape.cpp: reshape, transpose, concat, strided_slice, pad, tile,
/// broadcast_to, depth_to_space, gather, gather_nd, gather_grad.
void populateShapePatternsAndLegality(mlir::RewritePatternSet &patterns,
                                      mlir::ConversionTarget &target);
/// Reduction.cpp: reduce_*, argmax, argmin, top_k.
void populateReductionPatternsAndLegality(mlir::RewritePatternSet &patterns,
                                          mlir::ConversionTarget &target);
/// NN.cpp: convolutions and pooling, and (through the NN*.cpp functions
/// below) matrix products, softmax, resize and the gradient ops.
void populateNNPatternsAndLegality(mlir::RewritePatternSet &patterns,
                                   mlir::ConversionTarget &target);
/// ControlFlow.cpp: if, while and their terminators yield and condition.
void populateControlFlowPatternsAndLegality(mlir::RewritePatternSet &patterns,
                                            mlir::ConversionTarget &target);

//===----------------------------------------------------------------------===//
// The other files of a family, called by the family's entry point above.
//===----------------------------------------------------------------------===//

/// ElementwisePointwise.cpp: the elementwise ops lowered by a scalar
/// function each.
void populateElementwisePointwisePatternsAndLegality(
    mlir::RewritePatternSet &patterns, mlir::ConversionTarget &target);
/// NNMatmul.cpp: matmul, batch_matmul.
void populateNNMatmulPatternsAndLegality(mlir::RewritePatternSet &patterns,
                                         mlir::ConversionTarget &target);
/// NNSoftmax.cpp: softmax.
void populateNNSoftmaxPatternsAndLegality(mlir::RewritePatternSet &patterns,
                                          mlir::ConversionTarget &target);
/// NNResize.cpp: resize, resize_grad.
void populateNNResizePatternsAndLegality(mlir::RewritePatternSet &patterns,
                                         mlir::ConversionTarget &target);
/// NNGradients.cpp: conv2d_filter_grad, pool_grad, depthwise_conv2d_grad.
void populateNNGradientPatternsAndLegality(mlir::RewritePatternSet &patterns,
                                           mlir::ConversionTarget &target);

//===----------------------------------------------------------------------===//
// Helpers shared between files
//===----------------------------------------------------------------------===//

// Defined in NN.cpp; shared by the convolution lowerings (NN.cpp) and
// their gradients (NNGradients.cpp), and rowsAndLast by top_k
// (Reduction.cpp).

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

// Defined in Elementwise.cpp.

/// A parallel linalg.generic over the shape of `resultType` that reads
/// `inputs` with TF broadcasting and yields `body(elements...)`.
mlir::Value buildElementwise(
    mlir::OpBuilder &builder, mlir::Location loc,
    mlir::RankedTensorType resultType, mlir::ValueRange inputs,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        body);

// Defined in TgToLinalg.cpp.

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

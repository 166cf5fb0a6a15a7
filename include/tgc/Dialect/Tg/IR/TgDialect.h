//===- TgDialect.h - The tg dialect -----------------------------*- C++ -*-===//

#ifndef TGC_DIALECT_TG_IR_TGDIALECT_H
#define TGC_DIALECT_TG_IR_TGDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h.inc"

namespace mlir {
class PatternRewriter; // tg.assert's canonicalize method
} // namespace mlir

namespace tgc::tg {

/// Shape inference of a broadcasting binary op: the broadcast shape, with
/// the operands' element type, or i1 when `resultElement` is "i1". Reports
/// incompatible operands at `location`.
mlir::LogicalResult
inferBroadcastResult(std::optional<mlir::Location> location, mlir::Type lhs,
                     mlir::Type rhs, llvm::StringRef resultElement,
                     llvm::SmallVectorImpl<mlir::Type> &results);

/// Whether declared result types are compatible with inferred ones: equal
/// element types and shapes that agree where both are known (a declared
/// type may be less refined than the inferred one).
bool isCompatibleResult(mlir::TypeRange inferred, mlir::TypeRange declared);

/// Shape inference of a reduction over `axes`; the result has
/// `elementType`, or the input's when null.
mlir::LogicalResult
inferReductionResult(std::optional<mlir::Location> location,
                     mlir::Type inputType, llvm::ArrayRef<int64_t> axes,
                     bool keepDims, mlir::Type elementType,
                     llvm::SmallVectorImpl<mlir::Type> &results);

} // namespace tgc::tg

#include "tgc/Dialect/Tg/IR/TgInterfaces.h.inc"

#define GET_OP_CLASSES
#include "tgc/Dialect/Tg/IR/TgOps.h.inc"

namespace tgc::tg {

/// Attribute names of the entry-function ABI.
inline constexpr llvm::StringLiteral kFeedAttr = "tg.feed";
inline constexpr llvm::StringLiteral kFetchAttr = "tg.fetch";

/// Whether `type` is an element type a tg tensor may have.
bool isSupportedElementType(mlir::Type type);

/// The shape that TensorFlow broadcasting gives two shapes (dimensions of
/// size ShapedType::kDynamic are unknown), or failure when they conflict.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

} // namespace tgc::tg

#endif // TGC_DIALECT_TG_IR_TGDIALECT_H

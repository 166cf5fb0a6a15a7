//===- Folding.h - Helpers of the tg ops' constant folders ------*- C++ -*-===//
//
// Private to lib/Dialect/Tg/IR: limits and helpers shared by the folders of
// the elementwise, shape and reduction ops.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_DIALECT_TG_IR_FOLDING_H
#define TGC_LIB_DIALECT_TG_IR_FOLDING_H

#include "mlir/IR/BuiltinAttributes.h"

namespace tgc::tg::detail {

/// Folders give up on tensors larger than this: folding copies every
/// element into the IR.
inline constexpr int64_t kMaxFoldElements = 1 << 16;

/// Row-major strides of a static shape.
inline llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// A small constant operand, or null.
inline mlir::DenseElementsAttr smallConstant(mlir::Attribute attr) {
  auto values = llvm::dyn_cast_or_null<mlir::DenseElementsAttr>(attr);
  if (!values || values.getNumElements() > kMaxFoldElements)
    return {};
  return values;
}

} // namespace tgc::tg::detail

#endif

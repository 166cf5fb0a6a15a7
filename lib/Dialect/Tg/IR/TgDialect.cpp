//===- TgDialect.cpp - The tg dialect ---------------------------*- C++ -*-===//

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace tgc::tg;

#include "tgc/Dialect/Tg/IR/TgDialect.cpp.inc"
#include "tgc/Dialect/Tg/IR/TgInterfaces.cpp.inc"

void TgDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tgc/Dialect/Tg/IR/TgOps.cpp.inc"
      >();
}

Operation *TgDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, elements);
}

bool tgc::tg::isSupportedElementType(Type type) {
  if (type.isF32() || type.isF16() || type.isBF16() || type.isF64())
    return true;
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType)
    return false;
  if (intType.isUnsigned())
    return intType.getWidth() == 8;
  if (!intType.isSignless())
    return false;
  switch (intType.getWidth()) {
  case 1:
  case 8:
  case 16:
  case 32:
  case 64:
    return true;
  default:
    return false;
  }
}

FailureOr<SmallVector<int64_t>>
tgc::tg::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the innermost dimension; missing leading dimensions are 1.
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l == 1) {
      result[i] = r;
    } else if (r == 1) {
      result[i] = l;
    } else if (ShapedType::isDynamic(l)) {
      result[i] = r;
    } else if (ShapedType::isDynamic(r) || l == r) {
      result[i] = l;
    } else {
      return failure();
    }
  }
  return result;
}

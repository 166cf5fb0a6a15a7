//===- TgOps.cpp - Verifiers, shape inference and folders of tg ops -------===//

#include "dialects/tg/TgDialect.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace tgc::tg;

static std::string typeToString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getValue().getType());
  if (!type)
    return emitOptionalError(location, "value must be a ranked tensor, got ",
                             adaptor.getValue().getType());
  results.push_back(type);
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto a = cast<RankedTensorType>(adaptor.getA().getType());
  auto b = cast<RankedTensorType>(adaptor.getB().getType());
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOptionalError(location, "operands must have rank 2, got ", a,
                             " and ", b);
  if (a.getElementType() != b.getElementType())
    return emitOptionalError(location,
                             "operands have different element types: ",
                             a.getElementType(), " and ", b.getElementType());
  bool ta = adaptor.getTransposeA(), tb = adaptor.getTransposeB();
  int64_t m = a.getDimSize(ta ? 1 : 0), ka = a.getDimSize(ta ? 0 : 1);
  int64_t kb = b.getDimSize(tb ? 1 : 0), n = b.getDimSize(tb ? 0 : 1);
  if (!ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb) && ka != kb)
    return emitOptionalError(
        location, "contraction dimensions differ: op(a) is ",
        typeToString(a), (ta ? " transposed" : ""), " with K=", ka,
        ", op(b) is ", typeToString(b), (tb ? " transposed" : ""),
        " with K=", kb);
  results.push_back(RankedTensorType::get({m, n}, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// AddOp
//===----------------------------------------------------------------------===//

bool MatMulOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return tgc::tg::isCompatibleResult(l, r);
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  Type elementType = getType().getElementType();
  if (isa<FloatType>(elementType))
    return constFoldUnaryOp<FloatAttr, APFloat, void>(
        adaptor.getOperands(), [](const APFloat &x) {
          // NaN stays NaN, as in TensorFlow.
          return x.isNegative() && !x.isNaN() ? APFloat::getZero(x.getSemantics())
                                              : x;
        });
  bool isUnsigned = elementType.isUnsignedInteger();
  return constFoldUnaryOp<IntegerAttr, APInt, void>(
      adaptor.getOperands(), [isUnsigned](const APInt &x) {
        return !isUnsigned && x.isNegative() ? APInt::getZero(x.getBitWidth())
                                             : x;
      });
}

LogicalResult SoftmaxOp::verify() {
  if (getType().getRank() < 1)
    return emitOpError("input must have rank at least 1, got ") << getType();
  return success();
}

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

LogicalResult VariableOp::verify() {
  auto type = cast<RankedTensorType>(getType());
  if (!type.hasStaticShape())
    return emitOpError("type must have a static shape, got ") << type;
  if (std::optional<ElementsAttr> init = getInitialValue()) {
    if (init->getType() != type)
      return emitOpError("initial value of type ")
             << init->getType() << " does not match the variable type "
             << type;
  }
  return success();
}

static LogicalResult verifyVariableUse(Operation *op,
                                       FlatSymbolRefAttr symbol, Type type,
                                       SymbolTableCollection &symbolTable) {
  auto variable =
      symbolTable.lookupNearestSymbolFrom<VariableOp>(op, symbol.getAttr());
  if (!variable)
    return op->emitOpError("'@") << symbol.getValue()
                                << "' does not name a tg.variable";
  if (variable.getType() != type)
    return op->emitOpError("type ")
           << type << " does not match variable '@" << symbol.getValue()
           << "' of type " << variable.getType();
  return success();
}

LogicalResult ReadOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getType(), symbolTable);
}

LogicalResult AssignOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getValue().getType(),
                           symbolTable);
}

#define GET_OP_CLASSES
#include "dialects/tg/TgOps.cpp.inc"

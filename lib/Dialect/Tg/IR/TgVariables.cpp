//===- TgVariables.cpp - Verifiers of tg.variable, tg.read, tg.assign ----===//

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace tgc::tg;

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


//===- TgControlFlow.cpp - Verifiers of tg.if and tg.while ----------------===//

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace tgc::tg;

/// Checks that `region` takes arguments of `types` and ends in a terminator
/// of type `Terminator` whose operands have `yields` types (when given).
template <typename Terminator>
static LogicalResult verifyRegion(Operation *op, Region &region,
                                  llvm::StringRef name, TypeRange types,
                                  std::optional<TypeRange> yields) {
  Block &block = region.front();
  if (block.getArgumentTypes() != types)
    return op->emitOpError("the ")
           << name << " region must take the inputs' types " << types
           << ", got " << block.getArgumentTypes();
  auto terminator = dyn_cast<Terminator>(block.getTerminator());
  if (!terminator)
    return op->emitOpError("the ")
           << name << " region must end in " << Terminator::getOperationName();
  if (yields && TypeRange(terminator->getOperandTypes()) != *yields)
    return op->emitOpError("the ")
           << name << " region yields " << terminator->getOperandTypes()
           << " but the op returns " << *yields;
  return success();
}

static LogicalResult verifyScalarCondition(Operation *op, Type type) {
  if (cast<RankedTensorType>(type).getRank() != 0)
    return op->emitOpError("condition must be a scalar, got ") << type;
  return success();
}

LogicalResult IfOp::verify() {
  if (failed(verifyScalarCondition(*this, getCondition().getType())))
    return failure();
  TypeRange inputs = getInputs().getTypes();
  TypeRange results = getResultTypes();
  if (failed(verifyRegion<YieldOp>(*this, getThenRegion(), "then", inputs,
                                   results)) ||
      failed(verifyRegion<YieldOp>(*this, getElseRegion(), "else", inputs,
                                   results)))
    return failure();
  return success();
}

LogicalResult WhileOp::verify() {
  TypeRange inputs = getInputs().getTypes();
  if (TypeRange(getResultTypes()) != inputs)
    return emitOpError("results ")
           << getResultTypes() << " must have the inputs' types " << inputs;
  if (failed(verifyRegion<ConditionOp>(*this, getCondRegion(), "cond", inputs,
                                       std::nullopt)) ||
      failed(verifyRegion<YieldOp>(*this, getBodyRegion(), "body", inputs,
                                   inputs)))
    return failure();
  auto condition =
      cast<ConditionOp>(getCondRegion().front().getTerminator());
  return verifyScalarCondition(*this, condition.getCondition().getType());
}

//===----------------------------------------------------------------------===//
// assert
//===----------------------------------------------------------------------===//

LogicalResult AssertOp::verify() {
  auto type = cast<RankedTensorType>(getCondition().getType());
  if (!type.hasStaticShape() || type.getNumElements() != 1)
    return emitOpError("condition must have one element, got ") << type;
  return success();
}

LogicalResult AssertOp::canonicalize(AssertOp op, PatternRewriter &rewriter) {
  DenseElementsAttr value;
  if (!matchPattern(op.getCondition(), m_Constant(&value)) ||
      !*value.getValues<bool>().begin())
    return failure();
  rewriter.eraseOp(op);
  return success();
}

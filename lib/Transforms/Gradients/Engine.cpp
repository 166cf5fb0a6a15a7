//===- Engine.cpp - Reverse-mode accumulation over tg ops -----------------===//
//
// differentiateBlock walks a block backwards from seeded gradients and asks
// each op on the way for its operands' gradients (GradientOpInterface, the
// rules of the family files); registerGradientInterfaceModels attaches the
// rules when the tg dialect loads.
//
//===----------------------------------------------------------------------===//

#include "Rules.h"

#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::grad;

LogicalResult tgc::tg::differentiateBlock(
    Block &block, ArrayRef<std::pair<Value, Value>> seeds,
    ArrayRef<Value> targets, DenseMap<Value, Value> &gradients) {
  // 1. Active values: reachable from a target through float results.
  llvm::DenseSet<Value> active(targets.begin(), targets.end());
  for (Operation &op : block.without_terminator())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return active.contains(v); }))
      for (Value result : op.getResults())
        if (isFloatTensorType(result.getType()))
          active.insert(result);

  // 2. Backwards from the seeds, the gradient ops before the terminator.
  Operation *terminator = block.getTerminator();
  OpBuilder builder(terminator);
  auto accumulate = [&](Value value, Value gradient) {
    auto [it, inserted] = gradients.try_emplace(value, gradient);
    if (!inserted)
      it->second = builder.create<AddOp>(gradient.getLoc(), it->second,
                                         gradient);
  };
  for (auto [value, gradient] : seeds)
    accumulate(value, gradient);
  SmallVector<Operation *> ops;
  for (Operation &op : block.without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops)) {
    SmallVector<Value> resultGradients;
    bool any = false;
    for (Value result : op->getResults()) {
      Value g = gradients.lookup(result);
      resultGradients.push_back(g);
      any |= static_cast<bool>(g);
    }
    bool activeOperand = llvm::any_of(
        op->getOperands(), [&](Value v) { return active.contains(v); });
    if (!any || !activeOperand)
      continue;
    auto rule = dyn_cast<GradientOpInterface>(op);
    if (!rule)
      return op->emitError("no gradient rule for '")
             << op->getName() << "' (on the path from the loss to "
             << "the --wrt values)";
    for (Value result : op->getResults())
      if (!cast<RankedTensorType>(result.getType()).hasStaticShape())
        return op->emitError("gradients need static shapes, got ")
               << result.getType();
    builder.setInsertionPoint(terminator);
    SmallVector<Value> operandGradients;
    if (failed(rule.buildGradients(builder, resultGradients,
                                   operandGradients)))
      return failure();
    for (auto [operand, g] :
         llvm::zip(op->getOperands(), operandGradients)) {
      if (!g || !active.contains(operand))
        continue;
      if (g.getType() != operand.getType())
        return op->emitError("gradient rule of '")
               << op->getName() << "' built " << g.getType()
               << " for an operand of type " << operand.getType();
      accumulate(operand, g);
    }
  }
  return success();
}

void tgc::tg::registerGradientInterfaceModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, TgDialect *) {
    attachNone<ConstantOp>(context);
    attachElementwiseGradients(context);
    attachShapeGradients(context);
    attachReductionGradients(context);
    attachNNGradients(context);
    attachControlFlowGradients(context);
  });
}

//===- Rules.h - Helpers of the gradient rules ------------------*- C++ -*-===//
//
// Private to lib/Transforms/Gradients. A rule implements GradientOpInterface
// for one op, as an external model: from d(loss)/d(result) it builds
// d(loss)/d(operand) out of tg ops, so the gradient graph goes through the
// same folding, lowering and code generation as any graph. Broadcast
// operands get their gradient summed back to their own shape (`Rule`).
// Each family file (ElementwiseGradients.cpp, ShapeGradients.cpp, ...)
// defines its rules and one attach function, called by
// registerGradientInterfaceModels (Engine.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_TRANSFORMS_GRADIENTS_RULES_H
#define TGC_LIB_TRANSFORMS_GRADIENTS_RULES_H

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "tgc/Transforms/Gradients.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace tgc::tg::grad {

using namespace mlir;

inline RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// A constant of `type` with every element `value`.
inline Value splat(OpBuilder &b, Location loc, RankedTensorType type, double value) {
  Type element = type.getElementType();
  Attribute scalar = isa<FloatType>(element)
                         ? Attribute(b.getFloatAttr(element, value))
                         : Attribute(b.getIntegerAttr(element,
                                                      static_cast<int64_t>(value)));
  return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, scalar));
}

/// A scalar constant of `like`'s element type.
inline Value scalarLike(OpBuilder &b, Location loc, Value like, double value) {
  return splat(b, loc, RankedTensorType::get({}, typeOf(like).getElementType()),
               value);
}

/// Sums `grad` down to `type`'s shape, undoing TF broadcasting: leading
/// dimensions the operand lacks and dimensions where it has size 1.
inline Value unbroadcast(OpBuilder &b, Location loc, Value grad,
                  RankedTensorType type) {
  RankedTensorType gradType = typeOf(grad);
  if (gradType.getShape() == type.getShape())
    return grad;
  int64_t lead = gradType.getRank() - type.getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < gradType.getRank(); ++d)
    if (d < lead ||
        (type.getDimSize(d - lead) == 1 && gradType.getDimSize(d) != 1))
      axes.push_back(d);
  Value summed = grad;
  if (!axes.empty())
    summed = b.create<ReduceSumOp>(loc, grad, b.getDenseI64ArrayAttr(axes),
                                   b.getBoolAttr(false));
  if (typeOf(summed) != type)
    summed = b.create<ReshapeOp>(loc, type, summed);
  return summed;
}

template <typename OpTy>
inline Value binary(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return b.create<OpTy>(loc, lhs, rhs);
}

inline Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  return binary<MulOp>(b, loc, x, y);
}

/// select(condition, g, 0).
inline Value gate(OpBuilder &b, Location loc, Value condition, Value g) {
  return b.create<SelectOp>(loc, condition, g, scalarLike(b, loc, g, 0.0));
}

/// A rule for an op of one result: `fn(builder, loc, op, g)` returns one
/// gradient per operand (null for none).
template <typename OpTy, typename Fn>
struct Rule : GradientOpInterface::ExternalModel<Rule<OpTy, Fn>, OpTy> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGradients,
                               SmallVectorImpl<Value> &operandGradients) const {
    operandGradients.assign(op->getNumOperands(), Value());
    Value g = resultGradients.empty() ? Value() : resultGradients.front();
    if (!g)
      return success();
    SmallVector<Value> grads = Fn()(b, op->getLoc(), cast<OpTy>(op), g);
    // A rule that cannot handle this instance reports why and returns
    // nothing.
    if (grads.empty() && op->getNumOperands() != 0)
      return failure();
    for (auto [i, grad] : llvm::enumerate(grads))
      if (grad)
        operandGradients[i] =
            unbroadcast(b, op->getLoc(), grad,
                        typeOf(op->getOperand(i)));
    return success();
  }
};

template <typename OpTy, typename Fn>
void attach(MLIRContext *context) {
  OpTy::template attachInterface<Rule<OpTy, Fn>>(*context);
}

// Unary rules in terms of the input x, the output y and the gradient g.
#define TG_UNARY_RULE(NAME, BODY)                                              \
  struct NAME {                                                                \
    template <typename OpTy>                                                   \
    SmallVector<Value> operator()(OpBuilder &b, Location loc, OpTy op,         \
                                  Value g) const {                             \
      Value x = op->getOperand(0), y = op->getResult(0);                       \
      (void)x;                                                                 \
      (void)y;                                                                 \
      return {BODY};                                                           \
    }                                                                          \
  };

/// Ops through which no gradient flows: comparisons, logic, rounding,
/// indices, integer arithmetic, StopGradient. Their operands get none.
template <typename OpTy>
struct NoGradient
    : GradientOpInterface::ExternalModel<NoGradient<OpTy>, OpTy> {
  LogicalResult buildGradients(Operation *op, OpBuilder &, ValueRange,
                               SmallVectorImpl<Value> &operandGradients) const {
    operandGradients.assign(op->getNumOperands(), Value());
    return success();
  }
};

template <typename... OpTys>
void attachNone(MLIRContext *context) {
  (OpTys::template attachInterface<NoGradient<OpTys>>(*context), ...);
}

/// Whether `type` is a tensor of floats (values that carry gradients).
inline bool isFloatTensorType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

inline Value zerosOf(OpBuilder &b, Location loc, Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return b.create<ConstantOp>(
      loc, DenseElementsAttr::get(tensor,
                                  b.getFloatAttr(tensor.getElementType(), 0.0)));
}

/// The gradient of a per-row pick (ShapeGradients.cpp): `params` is seen as
/// rows (its first `lead` dimensions) of n = params[lead] slices; `indices`
/// holds, row by row, the slice each output took. g is scattered back
/// (tg.gather_grad) into params viewed as [rows * n, rest...] at
/// row * n + index, then reshaped. Serves TopK (lead = rank - 1) and gathers
/// with batch_dims.
Value scatterRows(OpBuilder &b, Location loc, RankedTensorType params,
                  int64_t lead, Value indices, Value g);

/// The rules of each op family, attached to the ops of `context`.
void attachElementwiseGradients(MLIRContext *context);
void attachShapeGradients(MLIRContext *context);
void attachReductionGradients(MLIRContext *context);
void attachNNGradients(MLIRContext *context);
void attachControlFlowGradients(MLIRContext *context);

} // namespace tgc::tg::grad

#endif

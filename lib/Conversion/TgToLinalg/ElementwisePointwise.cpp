//===- ElementwisePointwise.cpp - Pointwise tg ops to linalg.generic ------===//
//
// Every elementwise tg op becomes a parallel linalg.generic whose body
// applies the op to one element of each (broadcast) operand. Each op is one
// scalar function below, with TensorFlow's semantics: comparisons are
// ordered except NotEqual, Maximum/Minimum propagate NaN, FloorDiv and
// FloorMod round towards negative infinity, Cast truncates floats.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

/// The scalar computation of one element: `args` are the operands'
/// elements; `op` gives attributes. Returns null when the element types are
/// not supported.
using ScalarFn = Value (*)(OpBuilder &b, Location loc, ValueRange args,
                           Type resultElement, Operation *op);

bool isFloat(Value v) { return isa<FloatType>(v.getType()); }

Value floatConst(OpBuilder &b, Location loc, Type type, double value) {
  return b.create<arith::ConstantOp>(loc, type, b.getFloatAttr(type, value));
}

Value intConst(OpBuilder &b, Location loc, Type type, int64_t value) {
  return b.create<arith::ConstantOp>(loc, type, b.getIntegerAttr(type, value));
}

Value zeroOf(OpBuilder &b, Location loc, Type type) {
  return isa<FloatType>(type) ? floatConst(b, loc, type, 0)
                              : intConst(b, loc, type, 0);
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

Value sub(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<arith::SubFOp>(loc, a[0], a[1]);
  return b.create<arith::SubIOp>(loc, a[0], a[1]);
}

Value mul(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<arith::MulFOp>(loc, a[0], a[1]);
  return b.create<arith::MulIOp>(loc, a[0], a[1]);
}

Value div(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  return b.create<arith::DivFOp>(loc, a[0], a[1]);
}

Value floorDiv(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<math::FloorOp>(loc,
                                   b.create<arith::DivFOp>(loc, a[0], a[1]));
  // q = x / y rounded towards zero, minus one when the remainder is not
  // zero and the signs of x and y differ.
  Value x = a[0], y = a[1];
  Value zero = zeroOf(b, loc, x.getType());
  Value q = b.create<arith::DivSIOp>(loc, x, y);
  Value r = b.create<arith::RemSIOp>(loc, x, y);
  Value rNonZero =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, r, zero);
  Value xNeg = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, x, zero);
  Value yNeg = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, y, zero);
  Value fix = b.create<arith::AndIOp>(
      loc, rNonZero, b.create<arith::XOrIOp>(loc, xNeg, yNeg));
  Value one = intConst(b, loc, x.getType(), 1);
  return b.create<arith::SelectOp>(loc, fix, b.create<arith::SubIOp>(loc, q, one),
                                   q);
}

Value floorMod(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  // r = x rem y (sign of x); when r != 0 and its sign differs from y's,
  // r + y has y's sign.
  Value x = a[0], y = a[1];
  Value zero = zeroOf(b, loc, x.getType());
  Value r, fix;
  if (isFloat(x)) {
    r = b.create<arith::RemFOp>(loc, x, y);
    Value rNonZero =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, r, zero);
    Value rNeg = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, r, zero);
    Value yNeg = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, y, zero);
    Value differ = b.create<arith::XOrIOp>(loc, rNeg, yNeg);
    fix = b.create<arith::AndIOp>(loc, rNonZero, differ);
    return b.create<arith::SelectOp>(loc, fix,
                                     b.create<arith::AddFOp>(loc, r, y), r);
  }
  r = b.create<arith::RemSIOp>(loc, x, y);
  Value rNonZero =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, r, zero);
  Value rNeg = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, r, zero);
  Value yNeg = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, y, zero);
  Value differ = b.create<arith::XOrIOp>(loc, rNeg, yNeg);
  fix = b.create<arith::AndIOp>(loc, rNonZero, differ);
  return b.create<arith::SelectOp>(loc, fix, b.create<arith::AddIOp>(loc, r, y),
                                   r);
}

Value maximum(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<arith::MaximumFOp>(loc, a[0], a[1]);
  return b.create<arith::MaxSIOp>(loc, a[0], a[1]);
}

Value minimum(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<arith::MinimumFOp>(loc, a[0], a[1]);
  return b.create<arith::MinSIOp>(loc, a[0], a[1]);
}

Value power(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<math::PowFOp>(loc, a[0], a[1]);
  return b.create<math::IPowIOp>(loc, a[0], a[1]);
}

Value squaredDifference(OpBuilder &b, Location loc, ValueRange a, Type t,
                        Operation *op) {
  Value d = sub(b, loc, a, t, op);
  return mul(b, loc, {d, d}, t, op);
}

Value arcTan2(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  return b.create<math::Atan2Op>(loc, a[0], a[1]);
}

Value prelu(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  Value zero = zeroOf(b, loc, a[0].getType());
  Value negative =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, a[0], zero);
  return b.create<arith::SelectOp>(loc, negative,
                                   b.create<arith::MulFOp>(loc, a[1], a[0]),
                                   a[0]);
}

template <arith::CmpFPredicate F, arith::CmpIPredicate I>
Value compare(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<arith::CmpFOp>(loc, F, a[0], a[1]);
  return b.create<arith::CmpIOp>(loc, I, a[0], a[1]);
}

Value logicalAnd(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  return b.create<arith::AndIOp>(loc, a[0], a[1]);
}

Value logicalOr(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  return b.create<arith::OrIOp>(loc, a[0], a[1]);
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

template <typename MathOp>
Value mathUnary(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  return b.create<MathOp>(loc, a[0]);
}

/// erfc has no math op: it calls libm's erfcf/erfc, declared once in the
/// module (1 - erf(x) would lose every digit where erf(x) rounds to 1).
Value erfc(OpBuilder &b, Location loc, ValueRange a, Type t, Operation *op) {
  auto module = op->getParentOfType<ModuleOp>();
  // f16 and bf16 go through float.
  Type wide = t.isF64() ? t : b.getF32Type();
  StringRef name = t.isF64() ? "erfc" : "erfcf";
  if (!module.lookupSymbol<func::FuncOp>(name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    b.create<func::FuncOp>(loc, name, b.getFunctionType({wide}, {wide}))
        .setPrivate();
  }
  Value x = a[0];
  if (wide != t)
    x = b.create<arith::ExtFOp>(loc, wide, x);
  Value y = b.create<func::CallOp>(loc, name, TypeRange{wide}, x).getResult(0);
  if (wide != t)
    y = b.create<arith::TruncFOp>(loc, t, y);
  return y;
}

Value relu6(OpBuilder &b, Location loc, ValueRange a, Type t, Operation *op) {
  Type type = a[0].getType();
  if (isFloat(a[0]))
    return b.create<arith::MinimumFOp>(
        loc, b.create<arith::MaximumFOp>(loc, a[0], zeroOf(b, loc, type)),
        floatConst(b, loc, type, 6));
  return b.create<arith::MinSIOp>(
      loc, b.create<arith::MaxSIOp>(loc, a[0], zeroOf(b, loc, type)),
      intConst(b, loc, type, 6));
}

Value sigmoid(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  Type type = a[0].getType();
  Value one = floatConst(b, loc, type, 1);
  Value e = b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, a[0]));
  return b.create<arith::DivFOp>(loc, one, b.create<arith::AddFOp>(loc, one, e));
}

Value reciprocal(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  return b.create<arith::DivFOp>(loc, floatConst(b, loc, a[0].getType(), 1),
                                 a[0]);
}

Value elu(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  Value zero = zeroOf(b, loc, a[0].getType());
  Value negative =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, a[0], zero);
  return b.create<arith::SelectOp>(loc, negative,
                                   b.create<math::ExpM1Op>(loc, a[0]), a[0]);
}

Value leakyRelu(OpBuilder &b, Location loc, ValueRange a, Type, Operation *op) {
  Type type = a[0].getType();
  double alpha = cast<LeakyReluOp>(op).getAlpha().convertToDouble();
  Value zero = zeroOf(b, loc, type);
  Value negative =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, a[0], zero);
  return b.create<arith::SelectOp>(
      loc, negative,
      b.create<arith::MulFOp>(loc, floatConst(b, loc, type, alpha), a[0]),
      a[0]);
}

Value neg(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<arith::NegFOp>(loc, a[0]);
  return b.create<arith::SubIOp>(loc, zeroOf(b, loc, a[0].getType()), a[0]);
}

Value absolute(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  if (isFloat(a[0]))
    return b.create<math::AbsFOp>(loc, a[0]);
  return b.create<math::AbsIOp>(loc, a[0]);
}

Value square(OpBuilder &b, Location loc, ValueRange a, Type t, Operation *op) {
  return mul(b, loc, {a[0], a[0]}, t, op);
}

Value logicalNot(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  return b.create<arith::XOrIOp>(loc, a[0],
                                 intConst(b, loc, b.getI1Type(), 1));
}

//===----------------------------------------------------------------------===//
// Others
//===----------------------------------------------------------------------===//

Value castElement(OpBuilder &b, Location loc, ValueRange a, Type to,
                  Operation *) {
  Value x = a[0];
  Type from = x.getType();
  if (from == to)
    return x;
  auto fromInt = dyn_cast<IntegerType>(from);
  auto toInt = dyn_cast<IntegerType>(to);
  if (toInt && toInt.getWidth() == 1) { // to bool: x != 0
    if (fromInt)
      return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x,
                                     zeroOf(b, loc, from));
    return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, x,
                                   zeroOf(b, loc, from));
  }
  bool fromBool = fromInt && fromInt.getWidth() == 1;
  if (fromInt && toInt) {
    if (toInt.getWidth() < fromInt.getWidth())
      return b.create<arith::TruncIOp>(loc, to, x);
    if (fromBool)
      return b.create<arith::ExtUIOp>(loc, to, x);
    return b.create<arith::ExtSIOp>(loc, to, x);
  }
  if (fromInt) {
    if (fromBool)
      return b.create<arith::UIToFPOp>(loc, to, x);
    return b.create<arith::SIToFPOp>(loc, to, x);
  }
  if (toInt)
    return b.create<arith::FPToSIOp>(loc, to, x);
  if (cast<FloatType>(to).getWidth() > cast<FloatType>(from).getWidth())
    return b.create<arith::ExtFOp>(loc, to, x);
  return b.create<arith::TruncFOp>(loc, to, x);
}

Value select(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  return b.create<arith::SelectOp>(loc, a[0], a[1], a[2]);
}

Value addN(OpBuilder &b, Location loc, ValueRange a, Type, Operation *) {
  Value sum = a[0];
  for (Value v : a.drop_front())
    sum = isFloat(v) ? Value(b.create<arith::AddFOp>(loc, sum, v))
                     : Value(b.create<arith::AddIOp>(loc, sum, v));
  return sum;
}

/// Lowers a pointwise op with `fn`.
template <typename OpTy>
struct PointwiseLowering : OpConversionPattern<OpTy> {
  PointwiseLowering(MLIRContext *context, ScalarFn fn)
      : OpConversionPattern<OpTy>(context), fn(fn) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    for (Type type : op->getOperandTypes())
      if (failed(tgc::tg::detail::checkLowerableType(op, type, rewriter)))
        return failure();
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    if (failed(tgc::tg::detail::checkLowerableType(op, resultType, rewriter)))
      return failure();
    Type element = resultType.getElementType();
    Value result = tgc::tg::detail::buildElementwise(
        rewriter, op.getLoc(), resultType, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return fn(b, loc, args, element, op);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  ScalarFn fn;
};

/// Adds the lowering of `OpTy` with `fn` and marks `OpTy` illegal.
template <typename OpTy>
void add(RewritePatternSet &patterns, ConversionTarget &target, ScalarFn fn) {
  patterns.add<PointwiseLowering<OpTy>>(patterns.getContext(), fn);
  target.addIllegalOp<OpTy>();
}

} // namespace

void tgc::tg::detail::populateElementwisePointwisePatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  using P = arith::CmpFPredicate;
  using I = arith::CmpIPredicate;
  add<SubOp>(patterns, target, sub);
  add<MulOp>(patterns, target, mul);
  add<DivOp>(patterns, target, div);
  add<FloorDivOp>(patterns, target, floorDiv);
  add<FloorModOp>(patterns, target, floorMod);
  add<MaximumOp>(patterns, target, maximum);
  add<MinimumOp>(patterns, target, minimum);
  add<PowOp>(patterns, target, power);
  add<SquaredDifferenceOp>(patterns, target, squaredDifference);
  add<Atan2Op>(patterns, target, arcTan2);
  add<PreluOp>(patterns, target, prelu);
  add<EqualOp>(patterns, target, compare<P::OEQ, I::eq>);
  add<NotEqualOp>(patterns, target, compare<P::UNE, I::ne>);
  add<LessOp>(patterns, target, compare<P::OLT, I::slt>);
  add<LessEqualOp>(patterns, target, compare<P::OLE, I::sle>);
  add<GreaterOp>(patterns, target, compare<P::OGT, I::sgt>);
  add<GreaterEqualOp>(patterns, target, compare<P::OGE, I::sge>);
  add<LogicalAndOp>(patterns, target, logicalAnd);
  add<LogicalOrOp>(patterns, target, logicalOr);
  add<Relu6Op>(patterns, target, relu6);
  add<SigmoidOp>(patterns, target, sigmoid);
  add<TanhOp>(patterns, target, mathUnary<math::TanhOp>);
  add<ExpOp>(patterns, target, mathUnary<math::ExpOp>);
  add<LogOp>(patterns, target, mathUnary<math::LogOp>);
  add<SqrtOp>(patterns, target, mathUnary<math::SqrtOp>);
  add<RsqrtOp>(patterns, target, mathUnary<math::RsqrtOp>);
  add<ReciprocalOp>(patterns, target, reciprocal);
  add<FloorOp>(patterns, target, mathUnary<math::FloorOp>);
  add<CeilOp>(patterns, target, mathUnary<math::CeilOp>);
  add<RoundOp>(patterns, target, mathUnary<math::RoundEvenOp>);
  add<SinOp>(patterns, target, mathUnary<math::SinOp>);
  add<CosOp>(patterns, target, mathUnary<math::CosOp>);
  add<EluOp>(patterns, target, elu);
  add<ErfOp>(patterns, target, mathUnary<math::ErfOp>);
  add<ErfcOp>(patterns, target, erfc);
  add<LeakyReluOp>(patterns, target, leakyRelu);
  add<NegOp>(patterns, target, neg);
  add<AbsOp>(patterns, target, absolute);
  add<SquareOp>(patterns, target, square);
  add<LogicalNotOp>(patterns, target, logicalNot);
  add<CastOp>(patterns, target, castElement);
  add<SelectOp>(patterns, target, select);
  add<AddNOp>(patterns, target, addN);
}

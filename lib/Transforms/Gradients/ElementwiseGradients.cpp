//===- ElementwiseGradients.cpp - Rules of the elementwise ops --------===//

#include "Rules.h"

#include <cmath>

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::grad;

namespace {

TG_UNARY_RULE(IdentityRule, g)
TG_UNARY_RULE(NegRule, b.create<NegOp>(loc, g))
TG_UNARY_RULE(ExpRule, mul(b, loc, g, y))
TG_UNARY_RULE(LogRule, binary<DivOp>(b, loc, g, x))
// d sqrt(x) = 1 / (2 sqrt(x))
TG_UNARY_RULE(SqrtRule,
              binary<DivOp>(b, loc, g, mul(b, loc, y, scalarLike(b, loc, y, 2))))
// d x^-1/2 = -1/2 x^-3/2 = -1/2 y^3
TG_UNARY_RULE(RsqrtRule,
              mul(b, loc, g,
                  mul(b, loc, scalarLike(b, loc, y, -0.5),
                      mul(b, loc, y, mul(b, loc, y, y)))))
// d 1/x = -1/x^2 = -y^2
TG_UNARY_RULE(ReciprocalRule,
              b.create<NegOp>(loc, mul(b, loc, g, mul(b, loc, y, y))))
TG_UNARY_RULE(SquareRule,
              mul(b, loc, g, mul(b, loc, x, scalarLike(b, loc, x, 2))))
// d tanh = 1 - y^2
TG_UNARY_RULE(TanhRule,
              mul(b, loc, g,
                  binary<SubOp>(b, loc, scalarLike(b, loc, y, 1),
                                mul(b, loc, y, y))))
// d sigmoid = y (1 - y)
TG_UNARY_RULE(SigmoidRule,
              mul(b, loc, g,
                  mul(b, loc, y,
                      binary<SubOp>(b, loc, scalarLike(b, loc, y, 1), y))))
TG_UNARY_RULE(ReluRule,
              gate(b, loc,
                   binary<GreaterOp>(b, loc, x, scalarLike(b, loc, x, 0)), g))
TG_UNARY_RULE(Relu6Rule,
              gate(b, loc,
                   binary<LogicalAndOp>(
                       b, loc,
                       binary<GreaterOp>(b, loc, x, scalarLike(b, loc, x, 0)),
                       binary<LessOp>(b, loc, x, scalarLike(b, loc, x, 6))),
                   g))
// elu: x > 0 ? 1 : exp(x) = y + 1
TG_UNARY_RULE(EluRule,
              b.create<SelectOp>(
                  loc, binary<GreaterOp>(b, loc, x, scalarLike(b, loc, x, 0)),
                  g,
                  mul(b, loc, g,
                      binary<AddOp>(b, loc, y, scalarLike(b, loc, y, 1)))))
TG_UNARY_RULE(SinRule, mul(b, loc, g, b.create<CosOp>(loc, x)))
TG_UNARY_RULE(CosRule,
              b.create<NegOp>(loc, mul(b, loc, g, b.create<SinOp>(loc, x))))
// d erf = 2/sqrt(pi) exp(-x^2)
TG_UNARY_RULE(ErfRule,
              mul(b, loc, g,
                  mul(b, loc, scalarLike(b, loc, x, 2.0 / std::sqrt(M_PI)),
                      b.create<ExpOp>(loc, b.create<NegOp>(
                                               loc, mul(b, loc, x, x))))))
// d erfc = -2/sqrt(pi) exp(-x^2)
TG_UNARY_RULE(ErfcRule,
              mul(b, loc, g,
                  mul(b, loc, scalarLike(b, loc, x, -2.0 / std::sqrt(M_PI)),
                      b.create<ExpOp>(loc, b.create<NegOp>(
                                               loc, mul(b, loc, x, x))))))
// |x|' = sign(x) (0 at 0, as TF)
TG_UNARY_RULE(AbsRule,
              b.create<SelectOp>(
                  loc, binary<GreaterOp>(b, loc, x, scalarLike(b, loc, x, 0)),
                  g,
                  gate(b, loc,
                       binary<LessOp>(b, loc, x, scalarLike(b, loc, x, 0)),
                       b.create<NegOp>(loc, g))))
#undef TG_UNARY_RULE

struct LeakyReluRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, LeakyReluOp op,
                                Value g) const {
    Value x = op.getInput();
    Value alpha = scalarLike(b, loc, x, op.getAlpha().convertToDouble());
    return {b.create<SelectOp>(
        loc, binary<GreaterOp>(b, loc, x, scalarLike(b, loc, x, 0)), g,
        mul(b, loc, g, alpha))};
  }
};

// Binary rules in terms of x (lhs), y (rhs), the output z and g; the
// results are summed back to each operand's shape by Rule.
struct AddRule {
  SmallVector<Value> operator()(OpBuilder &, Location, AddOp, Value g) const {
    return {g, g};
  }
};
struct SubRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, SubOp,
                                Value g) const {
    return {g, b.create<NegOp>(loc, g)};
  }
};
struct MulRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, MulOp op,
                                Value g) const {
    return {mul(b, loc, g, op.getRhs()), mul(b, loc, g, op.getLhs())};
  }
};
struct DivRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, DivOp op,
                                Value g) const {
    // d(x/y)/dx = 1/y; d(x/y)/dy = -x / y^2 = -(x/y) / y
    Value y = op.getRhs();
    return {binary<DivOp>(b, loc, g, y),
            b.create<NegOp>(loc, binary<DivOp>(
                                     b, loc, mul(b, loc, g, op.getOutput()),
                                     y))};
  }
};
struct SquaredDifferenceRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc,
                                SquaredDifferenceOp op, Value g) const {
    Value twoDiff = mul(b, loc, scalarLike(b, loc, g, 2),
                        binary<SubOp>(b, loc, op.getLhs(), op.getRhs()));
    Value dx = mul(b, loc, g, twoDiff);
    return {dx, b.create<NegOp>(loc, dx)};
  }
};
/// prelu(x, a) = x >= 0 ? x : a x: dx = x > 0 ? g : a g; da = x > 0 ? 0 :
/// g x, summed back to a's shape by Rule (at 0, TF.js's side).
struct PreluRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, PreluOp op,
                                Value g) const {
    Value x = op.getLhs(), alpha = op.getRhs();
    Value zero = scalarLike(b, loc, g, 0);
    Value positive = binary<GreaterOp>(b, loc, x, scalarLike(b, loc, x, 0));
    return {b.create<SelectOp>(loc, positive, g, mul(b, loc, g, alpha)),
            b.create<SelectOp>(loc, positive, zero, mul(b, loc, g, x))};
  }
};

/// add_n: every input gets g.
struct AddNRule {
  SmallVector<Value> operator()(OpBuilder &, Location, AddNOp op,
                                Value g) const {
    return SmallVector<Value>(op.getInputs().size(), g);
  }
};

/// Maximum/Minimum: the gradient goes to the operand that was chosen; on
/// ties to the first (TF's rule).
template <typename OpTy, typename CompareOp>
struct SelectingRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, OpTy op,
                                Value g) const {
    Value first = binary<CompareOp>(b, loc, op.getLhs(), op.getRhs());
    Value zero = scalarLike(b, loc, g, 0);
    return {b.create<SelectOp>(loc, first, g, zero),
            b.create<SelectOp>(loc, first, zero, g)};
  }
};
struct PowRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, PowOp op,
                                Value g) const {
    Value x = op.getLhs(), y = op.getRhs();
    // d/dx = y x^(y-1); d/dy = x^y log(x) where x > 0, else 0.
    Value ym1 = binary<SubOp>(b, loc, y, scalarLike(b, loc, y, 1));
    Value dx = mul(b, loc, g, mul(b, loc, y, binary<PowOp>(b, loc, x, ym1)));
    Value positive = binary<GreaterOp>(b, loc, x, scalarLike(b, loc, x, 0));
    Value safeX = b.create<SelectOp>(loc, positive, x, scalarLike(b, loc, x, 1));
    Value dy = gate(b, loc, positive,
                    mul(b, loc, mul(b, loc, g, op.getOutput()),
                        b.create<LogOp>(loc, safeX)));
    return {dx, dy};
  }
};

/// select(c, t, f): t gets g where c holds, f elsewhere; none for c.
struct SelectRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, SelectOp op,
                                Value g) const {
    Value c = op.getCondition(), zero = scalarLike(b, loc, g, 0);
    return {Value(), b.create<SelectOp>(loc, c, g, zero),
            b.create<SelectOp>(loc, c, zero, g)};
  }
};

struct CastRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, CastOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    if (!isa<FloatType>(in.getElementType()) ||
        !isa<FloatType>(typeOf(op.getOutput()).getElementType()))
      return {Value()};
    return {b.create<CastOp>(loc, in, g)};
  }
};

} // namespace

void tgc::tg::grad::attachElementwiseGradients(MLIRContext *context) {
  attach<IdentityOp, IdentityRule>(context);
  attach<NegOp, NegRule>(context);
  attach<ExpOp, ExpRule>(context);
  attach<LogOp, LogRule>(context);
  attach<SqrtOp, SqrtRule>(context);
  attach<RsqrtOp, RsqrtRule>(context);
  attach<ReciprocalOp, ReciprocalRule>(context);
  attach<SquareOp, SquareRule>(context);
  attach<TanhOp, TanhRule>(context);
  attach<SigmoidOp, SigmoidRule>(context);
  attach<ReluOp, ReluRule>(context);
  attach<Relu6Op, Relu6Rule>(context);
  attach<EluOp, EluRule>(context);
  attach<LeakyReluOp, LeakyReluRule>(context);
  attach<SinOp, SinRule>(context);
  attach<CosOp, CosRule>(context);
  attach<ErfOp, ErfRule>(context);
  attach<AbsOp, AbsRule>(context);
  attach<AddOp, AddRule>(context);
  attach<SubOp, SubRule>(context);
  attach<MulOp, MulRule>(context);
  attach<DivOp, DivRule>(context);
  attach<SquaredDifferenceOp, SquaredDifferenceRule>(context);
  attach<MaximumOp, SelectingRule<MaximumOp, GreaterEqualOp>>(context);
  attach<MinimumOp, SelectingRule<MinimumOp, LessEqualOp>>(context);
  attach<PowOp, PowRule>(context);
  attach<CastOp, CastRule>(context);
  attach<SelectOp, SelectRule>(context);
  attach<PreluOp, PreluRule>(context);
  attach<AddNOp, AddNRule>(context);
  attach<ErfcOp, ErfcRule>(context);
  attachNone<StopGradientOp, EqualOp, NotEqualOp, LessOp, LessEqualOp, GreaterOp, GreaterEqualOp, LogicalAndOp, LogicalOrOp, LogicalNotOp, FloorOp, CeilOp, RoundOp, FloorDivOp, FloorModOp>(context);
}

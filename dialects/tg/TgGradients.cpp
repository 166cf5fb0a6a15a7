//===- TgGradients.cpp - Gradient rules of the tg ops ---------------------===//
//
// Each rule implements GradientOpInterface for one op (attached as an
// external model when the dialect loads): from d(loss)/d(result) it builds
// d(loss)/d(operand) out of tg ops, so the gradient graph goes through the
// same folding, lowering and code generation as any graph. Broadcast
// operands get their gradient summed back to their own shape.
//
//===----------------------------------------------------------------------===//

#include "dialects/tg/TgDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"

#include <cmath>

#include "dialects/tg/TgInterfaces.cpp.inc"

using namespace mlir;
using namespace tgc::tg;

namespace {

RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// A constant of `type` with every element `value`.
Value splat(OpBuilder &b, Location loc, RankedTensorType type, double value) {
  Type element = type.getElementType();
  Attribute scalar = isa<FloatType>(element)
                         ? Attribute(b.getFloatAttr(element, value))
                         : Attribute(b.getIntegerAttr(element,
                                                      static_cast<int64_t>(value)));
  return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, scalar));
}

/// A scalar constant of `like`'s element type.
Value scalarLike(OpBuilder &b, Location loc, Value like, double value) {
  return splat(b, loc, RankedTensorType::get({}, typeOf(like).getElementType()),
               value);
}

/// Sums `grad` down to `type`'s shape, undoing TF broadcasting: leading
/// dimensions the operand lacks and dimensions where it has size 1.
Value unbroadcast(OpBuilder &b, Location loc, Value grad,
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
Value binary(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return b.create<OpTy>(loc, lhs, rhs);
}

Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  return binary<MulOp>(b, loc, x, y);
}

/// select(condition, g, 0).
Value gate(OpBuilder &b, Location loc, Value condition, Value g) {
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

struct ReshapeRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ReshapeOp op,
                                Value g) const {
    return {b.create<ReshapeOp>(loc, typeOf(op.getInput()), g)};
  }
};

struct TransposeRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, TransposeOp op,
                                Value g) const {
    ArrayRef<int64_t> perm = op.getPerm();
    SmallVector<int64_t> inverse(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      inverse[p] = i;
    return {b.create<TransposeOp>(loc, g, b.getDenseI64ArrayAttr(inverse))};
  }
};

struct BroadcastToRule {
  SmallVector<Value> operator()(OpBuilder &, Location, BroadcastToOp,
                                Value g) const {
    return {g}; // summed back to the input's shape by Rule
  }
};

/// Concat: each input gets its slice of g along the axis.
struct ConcatRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ConcatOp op,
                                Value g) const {
    SmallVector<Value> grads;
    int64_t axis = op.getAxis(), offset = 0;
    RankedTensorType out = typeOf(g);
    for (Value input : op.getInputs()) {
      RankedTensorType type = typeOf(input);
      SmallVector<int64_t> begin(out.getRank(), 0), limit(out.getShape()),
          strides(out.getRank(), 1);
      begin[axis] = offset;
      limit[axis] = offset + type.getDimSize(axis);
      offset = limit[axis];
      grads.push_back(b.create<StridedSliceOp>(
          loc, g, b.getDenseI64ArrayAttr(begin), b.getDenseI64ArrayAttr(limit),
          b.getDenseI64ArrayAttr(strides)));
    }
    return grads;
  }
};

/// Spreads g along `dim` for a slice with positive stride s: each element
/// followed by s - 1 zeros, the trailing zeros dropped ([k] -> [k, 1] ->
/// padded [k, s] -> [k*s] -> the first (k-1)*s + 1).
Value spreadByStride(OpBuilder &b, Location loc, Value g, int64_t dim,
                     int64_t stride) {
  RankedTensorType type = typeOf(g);
  int64_t k = type.getDimSize(dim), rank = type.getRank();
  if (stride == 1 || k == 0)
    return g;
  SmallVector<int64_t> withUnit(type.getShape());
  withUnit.insert(withUnit.begin() + dim + 1, 1);
  Value v = b.create<ReshapeOp>(
      loc, RankedTensorType::get(withUnit, type.getElementType()), g);
  SmallVector<int64_t> low(rank + 1, 0), high(rank + 1, 0);
  high[dim + 1] = stride - 1;
  SmallVector<int64_t> padded = withUnit;
  padded[dim + 1] = stride;
  v = b.create<PadOp>(loc, RankedTensorType::get(padded, type.getElementType()),
                      v, b.getDenseI64ArrayAttr(low),
                      b.getDenseI64ArrayAttr(high), b.getStringAttr("constant"),
                      TypedAttr());
  SmallVector<int64_t> flat(type.getShape());
  flat[dim] = k * stride;
  v = b.create<ReshapeOp>(loc, RankedTensorType::get(flat, type.getElementType()),
                          v);
  SmallVector<int64_t> begin(rank, 0), limit(flat), strides(rank, 1);
  limit[dim] = (k - 1) * stride + 1;
  return b.create<StridedSliceOp>(loc, v, b.getDenseI64ArrayAttr(begin),
                                  b.getDenseI64ArrayAttr(limit),
                                  b.getDenseI64ArrayAttr(strides));
}

/// v[begin:limit:stride] along dimension `dim`, everything along the others.
Value sliceDim(OpBuilder &b, Location loc, Value v, int64_t dim, int64_t begin,
               int64_t limit, int64_t stride) {
  RankedTensorType type = typeOf(v);
  SmallVector<int64_t> begins(type.getRank(), 0), limits(type.getShape()),
      strides(type.getRank(), 1);
  begins[dim] = begin;
  limits[dim] = limit;
  strides[dim] = stride;
  return b.create<StridedSliceOp>(loc, v, b.getDenseI64ArrayAttr(begins),
                                  b.getDenseI64ArrayAttr(limits),
                                  b.getDenseI64ArrayAttr(strides));
}

/// v padded with zeros to `size` along `dim`, starting at `offset`.
Value zeroPadDim(OpBuilder &b, Location loc, Value v, int64_t dim,
                 int64_t offset, int64_t size) {
  RankedTensorType type = typeOf(v);
  SmallVector<int64_t> low(type.getRank(), 0), high(type.getRank(), 0),
      shape(type.getShape());
  low[dim] = offset;
  high[dim] = size - offset - type.getDimSize(dim);
  shape[dim] = size;
  return b.create<PadOp>(loc, RankedTensorType::get(shape, type.getElementType()),
                         v, b.getDenseI64ArrayAttr(low),
                         b.getDenseI64ArrayAttr(high),
                         b.getStringAttr("constant"), TypedAttr());
}

/// A strided slice: along a dimension with a negative stride, g is reversed
/// and the slice seen as the same elements picked upwards from the last
/// one; then g is spread by the strides and padded with zeros back to the
/// input's shape.
struct StridedSliceRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, StridedSliceOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    SmallVector<int64_t> low, high;
    for (int64_t d = 0; d < in.getRank(); ++d) {
      int64_t begin = op.getBegin()[d], stride = op.getStrides()[d];
      int64_t count = typeOf(g).getDimSize(d);
      if (stride < 0) {
        if (count > 0) {
          g = sliceDim(b, loc, g, d, count - 1, -1, -1);
          begin += stride * (count - 1);
        }
        stride = -stride;
      }
      if (count == 0)
        begin = 0;
      g = spreadByStride(b, loc, g, d, stride);
      low.push_back(begin);
      high.push_back(in.getDimSize(d) - begin - typeOf(g).getDimSize(d));
    }
    return {b.create<PadOp>(loc, in, g, b.getDenseI64ArrayAttr(low),
                            b.getDenseI64ArrayAttr(high),
                            b.getStringAttr("constant"), TypedAttr())};
  }
};

/// Padding. Constant: the gradient is the unpadded window of g (none flows
/// to the padding value). Reflect and symmetric, one dimension at a time:
/// the window plus each mirrored border of g, reversed and added back
/// onto the elements it copied (reflect leaves out the edge element,
/// symmetric includes it).
struct PadRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, PadOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    if (op.getMode() == "constant") {
      SmallVector<int64_t> begin(op.getLow()), limit,
          strides(in.getRank(), 1);
      for (int64_t d = 0; d < in.getRank(); ++d)
        limit.push_back(begin[d] + in.getDimSize(d));
      return {b.create<StridedSliceOp>(loc, g, b.getDenseI64ArrayAttr(begin),
                                       b.getDenseI64ArrayAttr(limit),
                                       b.getDenseI64ArrayAttr(strides))};
    }
    bool reflect = op.getMode() == "reflect";
    for (int64_t d = 0; d < in.getRank(); ++d) {
      int64_t lo = op.getLow()[d], hi = op.getHigh()[d];
      int64_t n = in.getDimSize(d);
      if (lo == 0 && hi == 0)
        continue;
      Value sum = sliceDim(b, loc, g, d, lo, lo + n, 1);
      if (lo > 0) {
        // g[lo-1], ..., g[0] were copies of x[skip], ..., x[skip+lo-1].
        Value border = sliceDim(b, loc, g, d, lo - 1, -1, -1);
        sum = b.create<AddOp>(
            loc, sum, zeroPadDim(b, loc, border, d, reflect ? 1 : 0, n));
      }
      if (hi > 0) {
        // g[lo+n+hi-1], ..., g[lo+n] were copies of x[n-skip-hi], ...,
        // x[n-skip-1].
        Value border = sliceDim(b, loc, g, d, lo + n + hi - 1, lo + n - 1, -1);
        sum = b.create<AddOp>(
            loc, sum,
            zeroPadDim(b, loc, border, d, n - (reflect ? 1 : 0) - hi, n));
      }
      g = sum;
    }
    return {g};
  }
};

/// depth_to_space: out[n, h b + i, w b + j, c] = in[n, h, w, (i b + j) C + c],
/// so g seen as [N, H, b, W, b, C], with the two b's moved after W, is the
/// input's gradient.
struct DepthToSpaceRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, DepthToSpaceOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    int64_t block = op.getBlockSize();
    int64_t n = in.getDimSize(0), h = in.getDimSize(1), w = in.getDimSize(2);
    int64_t c = in.getDimSize(3) / (block * block);
    Type element = in.getElementType();
    Value split = b.create<ReshapeOp>(
        loc, RankedTensorType::get({n, h, block, w, block, c}, element), g);
    Value moved = b.create<TransposeOp>(
        loc, split, b.getDenseI64ArrayAttr({0, 1, 3, 2, 4, 5}));
    return {b.create<ReshapeOp>(loc, in, moved)};
  }
};

/// Tile: the sum over the copies, g seen as [m0, d0, m1, d1, ...].
struct TileRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, TileOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    SmallVector<int64_t> split, axes;
    for (int64_t d = 0; d < in.getRank(); ++d) {
      split.push_back(op.getMultiples()[d]);
      split.push_back(in.getDimSize(d));
      axes.push_back(2 * d);
    }
    Value reshaped = b.create<ReshapeOp>(
        loc, RankedTensorType::get(split, in.getElementType()), g);
    return {b.create<ReduceSumOp>(loc, reshaped, b.getDenseI64ArrayAttr(axes),
                                  b.getBoolAttr(false))};
  }
};

/// g of a reduction, with the reduced dimensions restored as size 1 and
/// broadcast back over the input.
Value spreadBack(OpBuilder &b, Location loc, Value g, RankedTensorType input,
                 ArrayRef<int64_t> axes) {
  SmallVector<int64_t> kept(input.getShape());
  for (int64_t a : axes)
    kept[a] = 1;
  auto keptType = RankedTensorType::get(kept, typeOf(g).getElementType());
  Value reshaped = typeOf(g) == keptType
                       ? g
                       : Value(b.create<ReshapeOp>(loc, keptType, g));
  return b.create<BroadcastToOp>(
      loc, RankedTensorType::get(input.getShape(), keptType.getElementType()),
      reshaped);
}

struct ReduceSumRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ReduceSumOp op,
                                Value g) const {
    return {spreadBack(b, loc, g, typeOf(op.getInput()), op.getAxes())};
  }
};
/// prod: each element's gradient is g times the product of the other
/// elements of its slice. Without zeros that is prod / x; with one zero in
/// the slice, the zero gets the product of the non-zero elements and the
/// others 0; with more zeros, everything is 0.
struct ReduceProdRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ReduceProdOp op,
                                Value g) const {
    Value x = op.getInput();
    RankedTensorType in = typeOf(x);
    auto axes = b.getDenseI64ArrayAttr(op.getAxes());
    Value zero = scalarLike(b, loc, x, 0), one = scalarLike(b, loc, x, 1);
    Value isZero = binary<EqualOp>(b, loc, x, zero);
    Value zeros = b.create<ReduceSumOp>(
        loc, b.create<CastOp>(loc, in, isZero), axes, b.getBoolAttr(true));
    Value nonZeroProduct = b.create<ReduceProdOp>(
        loc, b.create<SelectOp>(loc, isZero, one, x), axes,
        b.getBoolAttr(true));
    auto spread = [&](Value kept) {
      return b.create<BroadcastToOp>(loc, in, kept).getResult();
    };
    Value noZeros = binary<EqualOp>(b, loc, spread(zeros), zero);
    Value oneZero = binary<EqualOp>(b, loc, spread(zeros), one);
    // Without zeros the product of the others is prod / x (x is not 0).
    Value others = binary<DivOp>(b, loc, spread(nonZeroProduct),
                                 b.create<SelectOp>(loc, isZero, one, x));
    Value onlyZero = b.create<SelectOp>(
        loc, binary<LogicalAndOp>(b, loc, oneZero, isZero),
        spread(nonZeroProduct), scalarLike(b, loc, x, 0));
    Value partial = b.create<SelectOp>(loc, noZeros, others, onlyZero);
    return {mul(b, loc, spreadBack(b, loc, g, in, op.getAxes()), partial)};
  }
};

struct ReduceMeanRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ReduceMeanOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    int64_t count = 1;
    for (int64_t a : op.getAxes())
      count *= in.getDimSize(a);
    Value spread = spreadBack(b, loc, g, in, op.getAxes());
    return {binary<DivOp>(b, loc, spread,
                          scalarLike(b, loc, g, static_cast<double>(count)))};
  }
};
/// Max: the gradient is shared equally by the elements equal to the
/// maximum (TF's rule for ties).
template <typename OpTy>
struct ReduceExtremumRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, OpTy op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    Value maxima = spreadBack(b, loc, op.getOutput(), in, op.getAxes());
    Value hit = b.create<CastOp>(
        loc, in, binary<EqualOp>(b, loc, op.getInput(), maxima));
    Value count = b.create<ReduceSumOp>(loc, hit, b.getDenseI64ArrayAttr(op.getAxes()),
                                        b.getBoolAttr(true));
    Value share = binary<DivOp>(
        b, loc, spreadBack(b, loc, g, in, op.getAxes()),
        b.create<BroadcastToOp>(loc, in, count));
    return {mul(b, loc, share, hit)};
  }
};

/// softmax: dx = y * (g - sum(g * y, last))
struct SoftmaxRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, SoftmaxOp op,
                                Value g) const {
    Value y = op.getOutput();
    int64_t last = typeOf(y).getRank() - 1;
    Value dot = b.create<ReduceSumOp>(loc, mul(b, loc, g, y),
                                      b.getDenseI64ArrayAttr({last}),
                                      b.getBoolAttr(true));
    return {mul(b, loc, y, binary<SubOp>(b, loc, g, dot))};
  }
};

/// C = op(A) op(B), for tg.matmul and tg.batch_matmul (its adjoints are
/// transposes for real types): dA and dB with the transposes folded into
/// the products; Rule sums batch broadcasting back.
std::pair<bool, bool> transposes(MatMulOp op) {
  return {op.getTransposeA(), op.getTransposeB()};
}
std::pair<bool, bool> transposes(BatchMatMulOp op) {
  return {op.getAdjA(), op.getAdjB()};
}

template <typename OpTy>
struct ProductRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, OpTy op,
                                Value g) const {
    Value a = op->getOperand(0), bb = op->getOperand(1);
    auto [ta, tb] = transposes(op);
    auto mm = [&](Value x, Value y, bool tx, bool ty) -> Value {
      return b.create<OpTy>(loc, x, y, b.getBoolAttr(tx), b.getBoolAttr(ty));
    };
    if (!ta && !tb)
      return {mm(g, bb, false, true), mm(a, g, true, false)};
    if (!ta && tb)
      return {mm(g, bb, false, false), mm(g, a, true, false)};
    if (ta && !tb)
      return {mm(bb, g, false, true), mm(a, g, false, false)};
    return {mm(bb, g, true, true), mm(g, a, true, true)};
  }
};

/// Convolution: the input gradient is the transposed convolution of g
/// with the filter; the filter gradient correlates the input with g.
struct Conv2DRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, Conv2DOp op,
                                Value g) const {
    Value input = op.getInput(), filter = op.getFilter();
    Value dInput = b.create<Conv2DTransposeOp>(
        loc, typeOf(input), g, filter, op.getStridesAttr(),
        op.getDilationsAttr(), op.getPadAttr());
    Value dFilter = b.create<Conv2DFilterGradOp>(
        loc, typeOf(filter), input, g, op.getStridesAttr(),
        op.getDilationsAttr(), op.getPadAttr());
    return {dInput, dFilter};
  }
};

/// Depthwise convolution: both gradients by tg.depthwise_conv2d_grad.
struct DepthwiseRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc,
                                DepthwiseConv2DOp op, Value g) const {
    auto grad = [&](Value operand, RankedTensorType type, StringRef wrt) {
      return b.create<DepthwiseGradOp>(
          loc, type, operand, g, b.getStringAttr(wrt), op.getStridesAttr(),
          op.getDilationsAttr(), op.getPadAttr());
    };
    return {grad(op.getFilter(), typeOf(op.getInput()), "input"),
            grad(op.getInput(), typeOf(op.getFilter()), "filter")};
  }
};

/// The gradient of a per-row pick: `params` is seen as rows (its first
/// `lead` dimensions) of n = params[lead] slices; `indices` holds, row by
/// row, the slice each output took. g is scattered back (tg.gather_grad)
/// into params viewed as [rows * n, rest...] at row * n + index, then
/// reshaped. Serves TopK (lead = rank - 1) and gathers with batch_dims.
Value scatterRows(OpBuilder &b, Location loc, RankedTensorType params,
                  int64_t lead, Value indices, Value g) {
  RankedTensorType indexTensor = typeOf(indices);
  int64_t n = params.getDimSize(lead), rows = 1;
  for (int64_t d = 0; d < lead; ++d)
    rows *= params.getDimSize(d);
  int64_t perRow = rows == 0 ? 0 : indexTensor.getNumElements() / rows;
  auto indexType = cast<IntegerType>(indexTensor.getElementType());
  SmallVector<APInt> offsets;
  offsets.reserve(indexTensor.getNumElements());
  for (int64_t row = 0; row < rows; ++row)
    offsets.append(perRow, APInt(indexType.getWidth(), row * n));
  Value base = b.create<ConstantOp>(
      loc, DenseElementsAttr::get(indexTensor, offsets));
  Value linear = binary<AddOp>(b, loc, indices, base);
  SmallVector<int64_t> flat = {rows * n};
  flat.append(params.getShape().begin() + lead + 1, params.getShape().end());
  Value scattered = b.create<GatherGradOp>(
      loc, RankedTensorType::get(flat, params.getElementType()), linear, g,
      b.getI64IntegerAttr(0));
  return b.create<ReshapeOp>(loc, params, scattered);
}

/// Gather: the params' gradient scatters g back (tg.gather_grad); none for
/// the indices.
struct GatherRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, GatherOp op,
                                Value g) const {
    int64_t batch = op.getBatchDims();
    if (batch == 0)
      return {b.create<GatherGradOp>(loc, typeOf(op.getParams()),
                                     op.getIndices(), g, op.getAxisAttr()),
              Value()};
    // With batch dimensions B and the axis right after them, each batch
    // position is a row of params [B..., N, R...].
    if (static_cast<int64_t>(op.getAxis()) != batch) {
      op.emitError("no gradient rule for a gather with batch_dims whose "
                   "axis is not the first dimension after them yet");
      return {};
    }
    return {scatterRows(b, loc, typeOf(op.getParams()), batch,
                        op.getIndices(), g),
            Value()};
  }
};

/// GatherNd: the first k dimensions of params (k = the indices' last size)
/// are seen as one of their product's size, addressed by the linear index
/// sum_j index_j * stride_j, which makes it a gather along axis 0: its
/// gradient is gather_grad's, reshaped back to the params' shape.
struct GatherNdRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, GatherNdOp op,
                                Value g) const {
    RankedTensorType params = typeOf(op.getParams());
    RankedTensorType indices = typeOf(op.getIndices());
    int64_t k = indices.getDimSize(indices.getRank() - 1);
    auto indexType = cast<IntegerType>(indices.getElementType());
    SmallVector<APInt> strides(k, APInt(indexType.getWidth(), 0));
    int64_t flat = 1;
    for (int64_t d = k - 1; d >= 0; --d) {
      strides[d] = APInt(indexType.getWidth(), flat);
      flat *= params.getDimSize(d);
    }
    Value scale = b.create<ConstantOp>(
        loc, DenseElementsAttr::get(RankedTensorType::get({k}, indexType),
                                    strides));
    Value linear = b.create<ReduceSumOp>(
        loc, b.create<MulOp>(loc, op.getIndices(), scale),
        b.getDenseI64ArrayAttr({indices.getRank() - 1}), b.getBoolAttr(false));
    SmallVector<int64_t> flatShape = {flat};
    flatShape.append(params.getShape().begin() + k, params.getShape().end());
    Value scattered = b.create<GatherGradOp>(
        loc, RankedTensorType::get(flatShape, params.getElementType()), linear,
        g, b.getI64IntegerAttr(0));
    return {b.create<ReshapeOp>(loc, params, scattered), Value()};
  }
};

/// Resize: the image gradient adds g back where the resize read it
/// (tg.resize_grad).
struct ResizeRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ResizeOp op,
                                Value g) const {
    return {b.create<ResizeGradOp>(loc, typeOf(op.getInput()), g,
                                   op.getModeAttr(), op.getAlignCornersAttr(),
                                   op.getHalfPixelCentersAttr())};
  }
};

/// top_k: each value's gradient goes back to the element its index names
/// in its row.
struct TopKRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, TopKOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    return {scatterRows(b, loc, in, in.getRank() - 1, op.getIndices(), g)};
  }
};

/// Pooling: the gradient goes back through the window (tg.pool_grad).
template <typename OpTy, bool isMax>
struct PoolRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, OpTy op,
                                Value g) const {
    return {b.create<PoolGradOp>(loc, typeOf(op.getInput()), op.getInput(), g,
                                 b.getStringAttr(isMax ? "max" : "avg"),
                                 op.getWindowAttr(), op.getStridesAttr(),
                                 op.getPadAttr())};
  }
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

/// Helpers of the region rules (tg.if, tg.while).
bool isFloatTensorType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

Value zerosOf(OpBuilder &b, Location loc, Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return b.create<ConstantOp>(
      loc, DenseElementsAttr::get(tensor,
                                  b.getFloatAttr(tensor.getElementType(), 0.0)));
}

/// Clones the ops of `block` at the builder with its arguments mapped to
/// `args`; returns its terminator's operands, mapped.
SmallVector<Value> cloneBlockBody(OpBuilder &b, Block &block, ValueRange args) {
  IRMapping map;
  for (auto [from, to] : llvm::zip(block.getArguments(), args))
    map.map(from, to);
  for (Operation &nested : block.without_terminator())
    b.clone(nested, map);
  SmallVector<Value> out;
  for (Value v : block.getTerminator()->getOperands())
    out.push_back(map.lookupOrDefault(v));
  return out;
}

/// A tg.while carrying `carried`, with empty condition and body blocks whose
/// arguments have the carried types; the builder's insertion point stays.
WhileOp createWhile(OpBuilder &b, Location loc, ValueRange carried,
                    Block *&cond, Block *&body) {
  SmallVector<Type> types;
  for (Value v : carried)
    types.push_back(v.getType());
  SmallVector<Location> locs(types.size(), loc);
  auto loop = b.create<WhileOp>(loc, types, carried);
  OpBuilder::InsertionGuard guard(b);
  cond = b.createBlock(&loop.getCondRegion(), {}, types, locs);
  body = b.createBlock(&loop.getBodyRegion(), {}, types, locs);
  return loop;
}

/// A float value that `region` uses from outside (not a block argument and
/// not a constant) could carry a gradient the region cannot return: an
/// error at the use. `what` names the region, `instead` what it should use.
LogicalResult checkCaptures(Region &region, StringRef what,
                            StringRef instead) {
  WalkResult captured = region.walk([&](Operation *inner) {
    for (Value v : inner->getOperands())
      if (!region.isAncestor(v.getParentRegion()) &&
          isFloatTensorType(v.getType()) && !v.getDefiningOp<ConstantOp>()) {
        inner->emitError("gradients of a ")
            << what << " uses a value from outside that is not " << instead
            << " are not supported";
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  return failure(captured.wasInterrupted());
}

/// tg.if: the gradient is another tg.if on the same condition whose
/// branches recompute the original branch from the inputs and differentiate
/// it (differentiateBlock), seeded with the results' gradients, which are
/// passed as extra inputs. Inputs without a path get zeros. A float value a
/// branch uses from outside (rather than as an input) could carry a
/// gradient the branches cannot return: an error unless it is a constant.
struct IfGradient : GradientOpInterface::ExternalModel<IfGradient, IfOp> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGradients,
                               SmallVectorImpl<Value> &operandGradients) const {
    auto ifOp = cast<IfOp>(op);
    Location loc = op->getLoc();
    operandGradients.assign(op->getNumOperands(), Value());
    if (failed(checkCaptures(ifOp.getThenRegion(), "tg.if whose branch",
                             "an input")) ||
        failed(checkCaptures(ifOp.getElseRegion(), "tg.if whose branch",
                             "an input")))
      return failure();
    // Inputs: the original ones, then one gradient per float result.
    SmallVector<Value> inputs(ifOp.getInputs());
    SmallVector<unsigned> floatResults;
    for (auto [i, result] : llvm::enumerate(ifOp.getResults())) {
      if (!isFloatTensorType(result.getType()))
        continue;
      floatResults.push_back(i);
      Value g = resultGradients[i];
      inputs.push_back(g ? g : zerosOf(b, loc, result.getType()));
    }
    SmallVector<unsigned> floatInputs;
    SmallVector<Type> types;
    for (auto [i, input] : llvm::enumerate(ifOp.getInputs()))
      if (isFloatTensorType(input.getType())) {
        floatInputs.push_back(i);
        types.push_back(input.getType());
      }
    if (floatInputs.empty())
      return success();
    auto grad = b.create<IfOp>(loc, types, ifOp.getCondition(), inputs);
    SmallVector<Type> inputTypes;
    for (Value v : inputs)
      inputTypes.push_back(v.getType());
    SmallVector<Location> locs(inputs.size(), loc);
    for (auto [from, to] :
         llvm::zip(ifOp->getRegions(), grad->getRegions())) {
      OpBuilder::InsertionGuard guard(b);
      Block *block = b.createBlock(&to, {}, inputTypes, locs);
      auto yield = b.create<YieldOp>(loc, ValueRange{});
      b.setInsertionPoint(yield);
      SmallVector<Value> out = cloneBlockBody(b, from.front(),
                                              block->getArguments());
      SmallVector<std::pair<Value, Value>> seeds;
      for (auto [k, i] : llvm::enumerate(floatResults))
        seeds.push_back(
            {out[i], block->getArgument(ifOp.getInputs().size() + k)});
      SmallVector<Value> targets;
      for (unsigned i : floatInputs)
        targets.push_back(block->getArgument(i));
      DenseMap<Value, Value> gradients;
      if (failed(differentiateBlock(*block, seeds, targets, gradients)))
        return failure();
      b.setInsertionPoint(yield);
      SmallVector<Value> results;
      for (Value target : targets) {
        Value g = gradients.lookup(target);
        results.push_back(g ? g : zerosOf(b, loc, target.getType()));
      }
      yield->setOperands(results);
    }
    for (auto [k, i] : llvm::enumerate(floatInputs))
      operandGradients[1 + i] = grad.getResult(k);
    return success();
  }
};

/// tg.while, by recomputation (no tape: every buffer is planned
/// statically): a copy of the loop counts the iterations n; then a loop
/// over k = n ... 1 replays the body k - 1 times from the inputs to get the
/// state of iteration k - 1, and differentiates one body step there, seeded
/// with the gradients of the state after it. O(n²) body evaluations.
struct WhileGradient
    : GradientOpInterface::ExternalModel<WhileGradient, WhileOp> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGradients,
                               SmallVectorImpl<Value> &operandGradients) const {
    auto loop = cast<WhileOp>(op);
    Location loc = op->getLoc();
    operandGradients.assign(op->getNumOperands(), Value());
    Region &bodyRegion = loop.getBodyRegion();
    if (failed(checkCaptures(bodyRegion, "tg.while whose body", "carried")))
      return failure();
    SmallVector<Value> inputs(loop.getInputs());
    SmallVector<unsigned> floats;
    for (auto [i, input] : llvm::enumerate(inputs))
      if (isFloatTensorType(input.getType()))
        floats.push_back(i);
    if (floats.empty())
      return success();

    auto counterType = RankedTensorType::get({}, b.getI32Type());
    auto counter = [&](OpBuilder &builder, int32_t value) -> Value {
      return builder.create<ConstantOp>(
          loc, DenseElementsAttr::get(counterType, APInt(32, value)));
    };
    Block &condBlock = loop.getCondRegion().front();
    Block &bodyBlock = bodyRegion.front();
    // A copy of the loop from `state` that also carries a counter from 0;
    // `more` builds its condition.
    auto replay = [&](OpBuilder &builder, ValueRange state,
                      function_ref<Value(OpBuilder &, ValueRange, Value)> more)
        -> WhileOp {
      SmallVector<Value> carried(state);
      carried.push_back(counter(builder, 0));
      Block *cond, *body;
      WhileOp copy = createWhile(builder, loc, carried, cond, body);
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToEnd(cond);
      Value go = more(builder, cond->getArguments().drop_back(),
                      cond->getArguments().back());
      builder.create<ConditionOp>(loc, go);
      builder.setInsertionPointToEnd(body);
      SmallVector<Value> next =
          cloneBlockBody(builder, bodyBlock, body->getArguments().drop_back());
      next.push_back(builder.create<AddOp>(loc, body->getArguments().back(),
                                           counter(builder, 1)));
      builder.create<YieldOp>(loc, next);
      return copy;
    };

    // 1. The number of iterations.
    WhileOp counting = replay(b, inputs, [&](OpBuilder &builder,
                                             ValueRange state, Value) {
      return cloneBlockBody(builder, condBlock, state).front();
    });
    Value trips = counting.getResults().back();

    // 2. Backwards over the iterations, carrying (k, gradients of the
    //    float state after iteration k).
    SmallVector<Value> carried = {trips};
    for (unsigned i : floats) {
      Value g = resultGradients[i];
      carried.push_back(g ? g : zerosOf(b, loc, inputs[i].getType()));
    }
    Block *cond, *body;
    WhileOp backward = createWhile(b, loc, carried, cond, body);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToEnd(cond);
      b.create<ConditionOp>(loc, b.create<GreaterOp>(loc, cond->getArgument(0),
                                                     counter(b, 0)));
      b.setInsertionPointToEnd(body);
      auto yield = b.create<YieldOp>(loc, ValueRange{});
      b.setInsertionPoint(yield);
      Value step = b.create<SubOp>(loc, body->getArgument(0), counter(b, 1));
      WhileOp before = replay(b, inputs, [&](OpBuilder &builder, ValueRange,
                                             Value j) {
        return builder.create<LessOp>(loc, j, step).getResult();
      });
      ValueRange state = before.getResults().drop_back();
      SmallVector<Value> after = cloneBlockBody(b, bodyBlock, state);
      SmallVector<std::pair<Value, Value>> seeds;
      SmallVector<Value> targets;
      for (auto [k, i] : llvm::enumerate(floats)) {
        seeds.push_back({after[i], body->getArgument(1 + k)});
        targets.push_back(state[i]);
      }
      DenseMap<Value, Value> gradients;
      if (failed(differentiateBlock(*body, seeds, targets, gradients)))
        return failure();
      b.setInsertionPoint(yield);
      SmallVector<Value> results = {step};
      for (Value target : targets) {
        Value g = gradients.lookup(target);
        results.push_back(g ? g : zerosOf(b, loc, target.getType()));
      }
      yield->setOperands(results);
    }
    b.setInsertionPointAfter(backward);
    for (auto [k, i] : llvm::enumerate(floats))
      operandGradients[i] = backward.getResult(1 + k);
    return success();
  }
};

template <typename... OpTys>
void attachNone(MLIRContext *context) {
  (OpTys::template attachInterface<NoGradient<OpTys>>(*context), ...);
}

} // namespace


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

void tgc::tg::attachGradientInterfaces(MLIRContext *context) {
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
  attach<ReshapeOp, ReshapeRule>(context);
  attach<ConcatOp, ConcatRule>(context);
  attach<StridedSliceOp, StridedSliceRule>(context);
  attach<PadOp, PadRule>(context);
  attach<TileOp, TileRule>(context);
  attach<TransposeOp, TransposeRule>(context);
  attach<BroadcastToOp, BroadcastToRule>(context);
  attach<ReduceSumOp, ReduceSumRule>(context);
  attach<ReduceMeanOp, ReduceMeanRule>(context);
  attach<ReduceMaxOp, ReduceExtremumRule<ReduceMaxOp>>(context);
  attach<ReduceMinOp, ReduceExtremumRule<ReduceMinOp>>(context);
  attach<SoftmaxOp, SoftmaxRule>(context);
  attach<MatMulOp, ProductRule<MatMulOp>>(context);
  attach<Conv2DOp, Conv2DRule>(context);
  attach<DepthwiseConv2DOp, DepthwiseRule>(context);
  attach<GatherOp, GatherRule>(context);
  attach<GatherNdOp, GatherNdRule>(context);
  attach<ResizeOp, ResizeRule>(context);
  attach<DepthToSpaceOp, DepthToSpaceRule>(context);
  attach<PreluOp, PreluRule>(context);
  attach<AddNOp, AddNRule>(context);
  attach<ErfcOp, ErfcRule>(context);
  attach<TopKOp, TopKRule>(context);
  attach<ReduceProdOp, ReduceProdRule>(context);
  IfOp::attachInterface<IfGradient>(*context);
  WhileOp::attachInterface<WhileGradient>(*context);
  attach<MaxPoolOp, PoolRule<MaxPoolOp, true>>(context);
  attach<AvgPoolOp, PoolRule<AvgPoolOp, false>>(context);
  attach<BatchMatMulOp, ProductRule<BatchMatMulOp>>(context);
  attachNone<StopGradientOp, ConstantOp, EqualOp, NotEqualOp, LessOp,
             LessEqualOp, GreaterOp, GreaterEqualOp, LogicalAndOp,
             LogicalOrOp, LogicalNotOp, FloorOp, CeilOp, RoundOp, ArgMaxOp,
             ArgMinOp, FloorDivOp, FloorModOp, ReduceAnyOp, ReduceAllOp>(
      context);
}

//===- TgElementwise.cpp - Elementwise tg ops: inference and folding ------===//
//
// Folding evaluates ops on constant operands. Shape computations of real
// graphs (Shape -> StridedSlice -> Mul -> Pack -> Reshape) are small
// tensors, so the folders work element by element and give up above
// kMaxFoldElements elements.
//
// Longer than ~600 lines on purpose: the folders of all ~50 elementwise ops
// of the family share the broadcasting and element-mapping helpers at the
// top; split by arity they would need a private header of templates.
//
//===----------------------------------------------------------------------===//

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "Folding.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/APSInt.h"

#include <cmath>

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::detail;


//===----------------------------------------------------------------------===//
// Shape inference
//===----------------------------------------------------------------------===//

LogicalResult tgc::tg::inferBroadcastResult(std::optional<Location> location,
                                            Type lhsType, Type rhsType,
                                            llvm::StringRef resultElement,
                                            SmallVectorImpl<Type> &results) {
  auto lhs = cast<RankedTensorType>(lhsType);
  auto rhs = cast<RankedTensorType>(rhsType);
  if (lhs.getElementType() != rhs.getElementType())
    return emitOptionalError(location,
                             "operands have different element types: ",
                             lhs.getElementType(), " and ",
                             rhs.getElementType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (failed(shape))
    return emitOptionalError(location,
                             "operands are not broadcast-compatible: ", lhs,
                             " and ", rhs);
  Type element = resultElement == "i1"
                     ? Type(IntegerType::get(lhs.getContext(), 1))
                     : lhs.getElementType();
  results.push_back(RankedTensorType::get(*shape, element));
  return success();
}

bool tgc::tg::isCompatibleResult(TypeRange inferred, TypeRange declared) {
  if (inferred.size() != declared.size())
    return false;
  for (auto [a, b] : llvm::zip(inferred, declared)) {
    auto ta = dyn_cast<RankedTensorType>(a);
    auto tb = dyn_cast<RankedTensorType>(b);
    if (!ta || !tb || ta.getElementType() != tb.getElementType() ||
        failed(verifyCompatibleShape(ta, tb)))
      return false;
  }
  return true;
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto condition = cast<RankedTensorType>(adaptor.getCondition().getType());
  auto onTrue = cast<RankedTensorType>(adaptor.getOnTrue().getType());
  auto onFalse = cast<RankedTensorType>(adaptor.getOnFalse().getType());
  if (onTrue.getElementType() != onFalse.getElementType())
    return emitOptionalError(location, "branches have different element "
                                       "types: ",
                             onTrue.getElementType(), " and ",
                             onFalse.getElementType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(onTrue.getShape(), onFalse.getShape());
  if (succeeded(shape))
    shape = broadcastShapes(condition.getShape(), *shape);
  if (failed(shape))
    return emitOptionalError(location, "operands are not broadcast-"
                                       "compatible: ",
                             condition, ", ", onTrue, " and ", onFalse);
  results.push_back(RankedTensorType::get(*shape, onTrue.getElementType()));
  return success();
}

bool SelectOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return isCompatibleResult(l, r);
}

LogicalResult AddNOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(location, "needs at least one input");
  results.push_back(adaptor.getInputs().front().getType());
  return success();
}

LogicalResult AddNOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  return success();
}

//===----------------------------------------------------------------------===//
// Folding helpers
//===----------------------------------------------------------------------===//

namespace {

/// The flat index of the element an operand of `shape` contributes to the
/// result element at `coords` under broadcasting.
int64_t broadcastIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> coords) {
  int64_t offset = coords.size() - shape.size();
  int64_t index = 0;
  for (auto [i, size] : llvm::enumerate(shape)) {
    int64_t c = size == 1 ? 0 : coords[offset + i];
    index = index * size + c;
  }
  return index;
}

/// Elementwise function on scalar attributes; returns null when the value
/// cannot be computed at compile time.
using ElementFn = llvm::function_ref<Attribute(Attribute, Attribute)>;

OpFoldResult foldBroadcast(ArrayRef<Attribute> operands, Type resultType,
                           ElementFn fn) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (operands.size() != 2 || !type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  auto lhs = dyn_cast_or_null<DenseElementsAttr>(operands[0]);
  auto rhs = dyn_cast_or_null<DenseElementsAttr>(operands[1]);
  if (!lhs || !rhs)
    return {};
  auto lhsValues = lhs.getValues<Attribute>();
  auto rhsValues = rhs.getValues<Attribute>();
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> coords(shape.size(), 0);
  SmallVector<Attribute> results;
  results.reserve(type.getNumElements());
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    Attribute l = lhs.isSplat()
                      ? lhs.getSplatValue<Attribute>()
                      : lhsValues[broadcastIndex(lhs.getType().getShape(),
                                                 coords)];
    Attribute r = rhs.isSplat()
                      ? rhs.getSplatValue<Attribute>()
                      : rhsValues[broadcastIndex(rhs.getType().getShape(),
                                                 coords)];
    Attribute value = fn(l, r);
    if (!value)
      return {};
    results.push_back(value);
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      if (++coords[d] < shape[d])
        break;
      coords[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, results);
}

using UnaryFn = llvm::function_ref<Attribute(Attribute)>;

OpFoldResult foldUnary(Attribute operand, Type resultType, UnaryFn fn) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  auto values = dyn_cast_or_null<DenseElementsAttr>(operand);
  if (!type || !values || type.getNumElements() > kMaxFoldElements)
    return {};
  if (values.isSplat()) {
    Attribute value = fn(values.getSplatValue<Attribute>());
    return value ? OpFoldResult(DenseElementsAttr::get(type, value))
                 : OpFoldResult();
  }
  SmallVector<Attribute> results;
  for (Attribute element : values.getValues<Attribute>()) {
    Attribute value = fn(element);
    if (!value)
      return {};
    results.push_back(value);
  }
  return DenseElementsAttr::get(type, results);
}

/// Applies `f` (floats) or `i` (integers, with signedness) to two scalars.
template <typename FloatFn, typename IntFn>
Attribute arith(Attribute a, Attribute b, FloatFn f, IntFn i) {
  if (auto fa = dyn_cast<FloatAttr>(a)) {
    std::optional<APFloat> r = f(fa.getValue(), cast<FloatAttr>(b).getValue());
    return r ? FloatAttr::get(fa.getType(), *r) : Attribute();
  }
  auto ia = cast<IntegerAttr>(a);
  bool isUnsigned = ia.getType().isUnsignedInteger();
  std::optional<APInt> r =
      i(ia.getValue(), cast<IntegerAttr>(b).getValue(), isUnsigned);
  return r ? IntegerAttr::get(ia.getType(), *r) : Attribute();
}

/// A comparison of two scalars as a bool attribute.
template <typename Pred>
Attribute compare(Attribute a, Attribute b, Pred pred) {
  Builder builder(a.getContext());
  if (auto fa = dyn_cast<FloatAttr>(a)) {
    APFloat::cmpResult c = fa.getValue().compare(cast<FloatAttr>(b).getValue());
    return builder.getBoolAttr(pred(c == APFloat::cmpLessThan,
                                    c == APFloat::cmpEqual,
                                    c == APFloat::cmpGreaterThan));
  }
  auto ia = cast<IntegerAttr>(a);
  const APInt &x = ia.getValue(), &y = cast<IntegerAttr>(b).getValue();
  bool isUnsigned = ia.getType().isUnsignedInteger() ||
                    ia.getType().isInteger(1);
  bool less = isUnsigned ? x.ult(y) : x.slt(y);
  bool greater = isUnsigned ? x.ugt(y) : x.sgt(y);
  return builder.getBoolAttr(pred(less, x == y, greater));
}

/// A float function computed in double precision.
Attribute floatMap(Attribute a, llvm::function_ref<double(double)> fn) {
  auto fa = dyn_cast<FloatAttr>(a);
  if (!fa)
    return {};
  return FloatAttr::get(fa.getType(), fn(fa.getValueAsDouble()));
}

std::optional<APInt> floorDivInt(const APInt &x, const APInt &y,
                                 bool isUnsigned) {
  if (y.isZero())
    return std::nullopt; // TF raises an error at run time: leave it there
  if (isUnsigned)
    return x.udiv(y);
  APInt q = x.sdiv(y);
  if (!(x.srem(y)).isZero() && (x.isNegative() != y.isNegative()))
    q -= 1;
  return q;
}

} // namespace

//===----------------------------------------------------------------------===//
// Binary folders
//===----------------------------------------------------------------------===//

/// A splat constant equal to one (1.0 or 1).
static bool isSplatOne(Attribute attr) {
  auto values = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!values || !values.isSplat())
    return false;
  Attribute v = values.getSplatValue<Attribute>();
  if (auto f = dyn_cast<FloatAttr>(v))
    return f.getValue().isExactlyValue(1.0);
  return cast<IntegerAttr>(v).getValue().isOne();
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + 0 -> x when the zero does not change the result's shape.
  // For floats only -0.0 is an identity: -0.0 + 0.0 is +0.0.
  auto isZero = [](Attribute attr) {
    auto values = dyn_cast_or_null<DenseElementsAttr>(attr);
    if (!values || !values.isSplat())
      return false;
    Attribute v = values.getSplatValue<Attribute>();
    if (auto f = dyn_cast<FloatAttr>(v))
      return f.getValue().isNegZero();
    return cast<IntegerAttr>(v).getValue().isZero();
  };
  if (isZero(adaptor.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  if (isZero(adaptor.getLhs()) && getRhs().getType() == getType())
    return getRhs();
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    return arith(
        a, b, [](APFloat x, const APFloat &y) -> std::optional<APFloat> {
          x.add(y, APFloat::rmNearestTiesToEven);
          return x;
        },
        [](const APInt &x, const APInt &y, bool) -> std::optional<APInt> {
          return x + y;
        });
  });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    return arith(
        a, b, [](APFloat x, const APFloat &y) -> std::optional<APFloat> {
          x.subtract(y, APFloat::rmNearestTiesToEven);
          return x;
        },
        [](const APInt &x, const APInt &y, bool) -> std::optional<APInt> {
          return x - y;
        });
  });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  // x * 1 -> x (exact, also for -0, inf and NaN) when the one does not
  // change the result's shape: the gradient seeds of tg-gradients.
  if (isSplatOne(adaptor.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  if (isSplatOne(adaptor.getLhs()) && getRhs().getType() == getType())
    return getRhs();
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    return arith(
        a, b, [](APFloat x, const APFloat &y) -> std::optional<APFloat> {
          x.multiply(y, APFloat::rmNearestTiesToEven);
          return x;
        },
        [](const APInt &x, const APInt &y, bool) -> std::optional<APInt> {
          return x * y;
        });
  });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (isSplatOne(adaptor.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    return arith(
        a, b, [](APFloat x, const APFloat &y) -> std::optional<APFloat> {
          x.divide(y, APFloat::rmNearestTiesToEven);
          return x;
        },
        [](const APInt &, const APInt &, bool) -> std::optional<APInt> {
          return std::nullopt;
        });
  });
}

OpFoldResult FloorDivOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    return arith(
        a, b, [](APFloat x, const APFloat &y) -> std::optional<APFloat> {
          x.divide(y, APFloat::rmNearestTiesToEven);
          x.roundToIntegral(APFloat::rmTowardNegative);
          return x;
        },
        floorDivInt);
  });
}

OpFoldResult FloorModOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    return arith(
        a, b, [](APFloat x, const APFloat &y) -> std::optional<APFloat> {
          double xd = x.convertToDouble(), yd = y.convertToDouble();
          double r = std::fmod(xd, yd);
          if (r != 0 && ((r < 0) != (yd < 0)))
            r += yd;
          APFloat result(r);
          bool lost;
          result.convert(x.getSemantics(), APFloat::rmNearestTiesToEven, &lost);
          return result;
        },
        [](const APInt &x, const APInt &y, bool isUnsigned) -> std::optional<APInt> {
          std::optional<APInt> q = floorDivInt(x, y, isUnsigned);
          if (!q)
            return std::nullopt;
          return x - *q * y;
        });
  });
}

OpFoldResult MaximumOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    return arith(
        a, b, [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
          return llvm::maximum(x, y);
        },
        [](const APInt &x, const APInt &y, bool u) -> std::optional<APInt> {
          return u ? llvm::APIntOps::umax(x, y) : llvm::APIntOps::smax(x, y);
        });
  });
}

OpFoldResult MinimumOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    return arith(
        a, b, [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
          return llvm::minimum(x, y);
        },
        [](const APInt &x, const APInt &y, bool u) -> std::optional<APInt> {
          return u ? llvm::APIntOps::umin(x, y) : llvm::APIntOps::smin(x, y);
        });
  });
}

/// A binary float function computed in double precision; integers go
/// through `intFn`.
template <typename IntFn>
static OpFoldResult foldFloatBinary(ArrayRef<Attribute> operands, Type type,
                                    double (*floatFn)(double, double),
                                    IntFn intFn) {
  return foldBroadcast(operands, type, [&](Attribute a, Attribute b) -> Attribute {
    if (auto fa = dyn_cast<FloatAttr>(a))
      return FloatAttr::get(fa.getType(),
                            floatFn(fa.getValueAsDouble(),
                                    cast<FloatAttr>(b).getValueAsDouble()));
    auto ia = cast<IntegerAttr>(a);
    std::optional<APInt> r = intFn(ia.getValue(), cast<IntegerAttr>(b).getValue(),
                                   ia.getType().isUnsignedInteger());
    return r ? IntegerAttr::get(ia.getType(), *r) : Attribute();
  });
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldFloatBinary(
      adaptor.getOperands(), getType(),
      [](double x, double y) { return std::pow(x, y); },
      [](const APInt &x, const APInt &y, bool u) -> std::optional<APInt> {
        if (!u && y.isNegative())
          return std::nullopt; // TF rejects negative integer exponents
        // Exponentiation by squaring, wrapping like the machine's integers.
        APInt result(x.getBitWidth(), 1), base = x, exponent = y;
        while (!exponent.isZero()) {
          if (exponent[0])
            result *= base;
          base *= base;
          exponent.lshrInPlace(1);
        }
        return result;
      });
}

OpFoldResult SquaredDifferenceOp::fold(FoldAdaptor adaptor) {
  return foldFloatBinary(
      adaptor.getOperands(), getType(),
      [](double x, double y) { return (x - y) * (x - y); },
      [](const APInt &x, const APInt &y, bool) -> std::optional<APInt> {
        return (x - y) * (x - y);
      });
}

OpFoldResult Atan2Op::fold(FoldAdaptor adaptor) {
  return foldFloatBinary(
      adaptor.getOperands(), getType(),
      [](double y, double x) { return std::atan2(y, x); },
      [](const APInt &, const APInt &, bool) -> std::optional<APInt> {
        return std::nullopt;
      });
}

OpFoldResult PreluOp::fold(FoldAdaptor adaptor) {
  return foldFloatBinary(
      adaptor.getOperands(), getType(),
      [](double x, double alpha) { return x >= 0 || std::isnan(x) ? x : alpha * x; },
      [](const APInt &, const APInt &, bool) -> std::optional<APInt> {
        return std::nullopt;
      });
}

#define TG_FOLD_COMPARE(OP, EXPR)                                             \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                \
    return foldBroadcast(adaptor.getOperands(), getType(),                    \
                         [](Attribute a, Attribute b) {                       \
                           return compare(a, b, [](bool lt, bool eq,          \
                                                   bool gt) { return EXPR; }); \
                         });                                                  \
  }
TG_FOLD_COMPARE(EqualOp, eq)
TG_FOLD_COMPARE(NotEqualOp, !eq)
TG_FOLD_COMPARE(LessOp, lt)
TG_FOLD_COMPARE(LessEqualOp, lt || eq)
TG_FOLD_COMPARE(GreaterOp, gt)
TG_FOLD_COMPARE(GreaterEqualOp, gt || eq)
#undef TG_FOLD_COMPARE

OpFoldResult LogicalAndOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    Builder builder(a.getContext());
    return Attribute(builder.getBoolAttr(
        !cast<IntegerAttr>(a).getValue().isZero() &&
        !cast<IntegerAttr>(b).getValue().isZero()));
  });
}

OpFoldResult LogicalOrOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast(adaptor.getOperands(), getType(), [](Attribute a, Attribute b) {
    Builder builder(a.getContext());
    return Attribute(builder.getBoolAttr(
        !cast<IntegerAttr>(a).getValue().isZero() ||
        !cast<IntegerAttr>(b).getValue().isZero()));
  });
}

//===----------------------------------------------------------------------===//
// Unary folders
//===----------------------------------------------------------------------===//

#define TG_FOLD_FLOAT_UNARY(OP, EXPR)                                         \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                \
    return foldUnary(adaptor.getInput(), getType(), [](Attribute a) {         \
      return floatMap(a, [](double x) -> double { return EXPR; });            \
    });                                                                       \
  }
TG_FOLD_FLOAT_UNARY(SigmoidOp, 1.0 / (1.0 + std::exp(-x)))
TG_FOLD_FLOAT_UNARY(TanhOp, std::tanh(x))
TG_FOLD_FLOAT_UNARY(ExpOp, std::exp(x))
TG_FOLD_FLOAT_UNARY(LogOp, std::log(x))
TG_FOLD_FLOAT_UNARY(SqrtOp, std::sqrt(x))
TG_FOLD_FLOAT_UNARY(RsqrtOp, 1.0 / std::sqrt(x))
TG_FOLD_FLOAT_UNARY(ReciprocalOp, 1.0 / x)
TG_FOLD_FLOAT_UNARY(FloorOp, std::floor(x))
TG_FOLD_FLOAT_UNARY(CeilOp, std::ceil(x))
TG_FOLD_FLOAT_UNARY(RoundOp, std::nearbyint(x))
TG_FOLD_FLOAT_UNARY(SinOp, std::sin(x))
TG_FOLD_FLOAT_UNARY(CosOp, std::cos(x))
TG_FOLD_FLOAT_UNARY(ErfOp, std::erf(x))
TG_FOLD_FLOAT_UNARY(ErfcOp, std::erfc(x))
TG_FOLD_FLOAT_UNARY(EluOp, x >= 0 ? x : std::expm1(x))
#undef TG_FOLD_FLOAT_UNARY

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), [](Attribute a) -> Attribute {
    if (auto f = dyn_cast<FloatAttr>(a))
      return FloatAttr::get(f.getType(), -f.getValue());
    auto i = cast<IntegerAttr>(a);
    return IntegerAttr::get(i.getType(), -i.getValue());
  });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), [](Attribute a) -> Attribute {
    if (auto f = dyn_cast<FloatAttr>(a))
      return FloatAttr::get(f.getType(), abs(f.getValue()));
    auto i = cast<IntegerAttr>(a);
    if (i.getType().isUnsignedInteger())
      return i;
    return IntegerAttr::get(i.getType(), i.getValue().abs());
  });
}

OpFoldResult SquareOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), [](Attribute a) -> Attribute {
    if (auto f = dyn_cast<FloatAttr>(a)) {
      APFloat x = f.getValue();
      x.multiply(f.getValue(), APFloat::rmNearestTiesToEven);
      return FloatAttr::get(f.getType(), x);
    }
    auto i = cast<IntegerAttr>(a);
    return IntegerAttr::get(i.getType(), i.getValue() * i.getValue());
  });
}

OpFoldResult Relu6Op::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), [](Attribute a) -> Attribute {
    if (auto f = dyn_cast<FloatAttr>(a)) {
      double x = f.getValueAsDouble();
      if (std::isnan(x))
        return f;
      return FloatAttr::get(f.getType(), std::min(std::max(x, 0.0), 6.0));
    }
    auto i = cast<IntegerAttr>(a);
    int64_t x = i.getType().isUnsignedInteger()
                    ? int64_t(i.getValue().getZExtValue())
                    : i.getValue().getSExtValue();
    return IntegerAttr::get(i.getType(), std::min<int64_t>(std::max<int64_t>(x, 0), 6));
  });
}

OpFoldResult LogicalNotOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), [](Attribute a) -> Attribute {
    Builder builder(a.getContext());
    return builder.getBoolAttr(cast<IntegerAttr>(a).getValue().isZero());
  });
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  Type to = getType().getElementType();
  return foldUnary(adaptor.getInput(), getType(), [to](Attribute a) -> Attribute {
    Builder builder(a.getContext());
    auto intType = dyn_cast<IntegerType>(to);
    if (auto f = dyn_cast<FloatAttr>(a)) {
      if (intType && intType.getWidth() == 1)
        return builder.getBoolAttr(!f.getValue().isZero());
      if (intType) {
        APSInt result(intType.getWidth(), intType.isUnsigned());
        bool exact;
        f.getValue().convertToInteger(result, APFloat::rmTowardZero, &exact);
        return IntegerAttr::get(to, result);
      }
      APFloat value = f.getValue();
      bool lost;
      value.convert(cast<FloatType>(to).getFloatSemantics(),
                    APFloat::rmNearestTiesToEven, &lost);
      return FloatAttr::get(to, value);
    }
    auto i = cast<IntegerAttr>(a);
    bool isSigned = !i.getType().isUnsignedInteger() && !i.getType().isInteger(1);
    if (intType) {
      if (intType.getWidth() == 1)
        return builder.getBoolAttr(!i.getValue().isZero());
      APInt value = isSigned ? i.getValue().sextOrTrunc(intType.getWidth())
                             : i.getValue().zextOrTrunc(intType.getWidth());
      return IntegerAttr::get(to, value);
    }
    APFloat value(cast<FloatType>(to).getFloatSemantics());
    value.convertFromAPInt(i.getValue(), isSigned, APFloat::rmNearestTiesToEven);
    return FloatAttr::get(to, value);
  });
}

//===----------------------------------------------------------------------===//
// Relu, Identity
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

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

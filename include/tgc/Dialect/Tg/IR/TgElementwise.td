//===- TgElementwise.td - Elementwise tg ops -------------------*- tablegen -*-===//
//
// Binary ops broadcast their operands as NumPy and TensorFlow do: shapes are
// aligned at their last dimension and a dimension of size 1 stretches.
//
// Longer than ~600 lines on purpose: ~50 ops of one family, each with the
// description and example that docs/dialect.md is generated from.
//
//===----------------------------------------------------------------------===//

#ifndef TG_ELEMENTWISE_TD
#define TG_ELEMENTWISE_TD

include "tgc/Dialect/Tg/IR/TgBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tg_BoolTensor : RankedTensorOf<[I1]>;

/// A broadcasting binary op. `resultElement` is "" for the operands' element
/// type, or "i1" for comparisons. The description states the broadcasting
/// rule the ops share; each op adds `specificDescription`: what one element
/// of the result is, and an example.
class Tg_BinaryOp<string mnemonic, Type operandType, Type resultType,
                  string resultElement = "", list<Trait> traits = []>
    : Tg_Op<mnemonic, !listconcat(traits,
        [Pure, InferTypeOpAdaptorWithIsCompatible])> {
  code specificDescription = "";
  let description = [{
    The operands broadcast as in TensorFlow: their shapes are aligned at the
    last dimension, a missing or size-1 dimension stretches to the other
    operand's size, and the other sizes must be equal. Both operands have
    one element type; the result has the broadcast shape (inferred) and
    }] # !if(!eq(resultElement, "i1"), "the element type `i1`",
             "the operands' element type") # [{. Two constant operands
    fold.

  }] # specificDescription;
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs resultType:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` `(` type($lhs) `,` type($rhs) `)` `->` type($output)
  }];
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &results) {
      return ::tgc::tg::inferBroadcastResult(
          location, adaptor.getLhs().getType(), adaptor.getRhs().getType(),
          "}] # resultElement # [{" , results);
    }
    bool $cppClass::isCompatibleReturnTypes(::mlir::TypeRange l,
                                            ::mlir::TypeRange r) {
      return ::tgc::tg::isCompatibleResult(l, r);
    }
  }];
}

def Tg_SubOp : Tg_BinaryOp<"sub", Tg_NumericTensor, Tg_NumericTensor> {
  let summary = "elementwise difference lhs - rhs (TF Sub)";
  let specificDescription = [{
    `output = lhs - rhs`, elementwise. Integers wrap around on overflow.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
      %0 = tg.sub %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_MulOp : Tg_BinaryOp<"mul", Tg_NumericTensor, Tg_NumericTensor, "",
                           [Commutative]> {
  let summary = "elementwise product (TF Mul)";
  let specificDescription = [{
    `output = lhs * rhs`, elementwise. Integers wrap around on overflow.
    Besides constants, `x * 1` folds to `x` (either side) when the one is a
    splat constant and `x` already has the result's type.

    ```mlir
    func.func @example(%x: tensor<4xi32>, %s: tensor<i32>) -> tensor<4xi32> {
      %0 = tg.mul %x, %s : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
      return %0 : tensor<4xi32>
    }
    ```
  }];
}
def Tg_DivOp : Tg_BinaryOp<"div", Tg_FloatTensor, Tg_FloatTensor> {
  let summary = "elementwise quotient of floats (TF RealDiv, Div on floats)";
  let specificDescription = [{
    `output = lhs / rhs` with IEEE semantics (`1 / 0` is `inf`). Only for
    floats: the importer rejects TF's truncating integer `Div` so far
    (`FloorDiv` is `tg.floor_div`).
    Besides constants, `x / 1` folds to `x` when the one is a splat constant
    and `x` already has the result's type.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %y: tensor<2x1xf32>) -> tensor<2x3xf32> {
      %0 = tg.div %x, %y : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_FloorDivOp : Tg_BinaryOp<"floor_div", Tg_NumericTensor, Tg_NumericTensor> {
  let summary = "quotient rounded towards negative infinity (TF FloorDiv)";
  let specificDescription = [{
    `output = floor(lhs / rhs)`: the quotient rounded towards negative
    infinity, so `-7 floor_div 2` is `-4` (C++ division would give `-3`).
    `ui8` divides unsigned. An integer division by zero is an error in
    TensorFlow at run time and is not folded.

    ```mlir
    func.func @example(%a: tensor<4xi32>, %b: tensor<i32>) -> tensor<4xi32> {
      %0 = tg.floor_div %a, %b : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
      return %0 : tensor<4xi32>
    }
    ```
  }];
}
def Tg_FloorModOp : Tg_BinaryOp<"floor_mod", Tg_NumericTensor, Tg_NumericTensor> {
  let summary = "remainder with the sign of the divisor (TF FloorMod)";
  let specificDescription = [{
    `output = lhs - floor(lhs / rhs) * rhs`, the remainder of
    `tg.floor_div`: it has the sign of `rhs` (`-7 floor_mod 2` is `1`,
    `7 floor_mod -2` is `-1`). An integer division by zero is not folded.

    ```mlir
    func.func @example(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
      %0 = tg.floor_mod %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
      return %0 : tensor<4xi32>
    }
    ```
  }];
}
def Tg_MaximumOp : Tg_BinaryOp<"maximum", Tg_NumericTensor, Tg_NumericTensor, "",
                               [Commutative]> {
  let summary = "elementwise maximum, NaN if either is NaN (TF Maximum)";
  let specificDescription = [{
    `output = max(lhs, rhs)`, elementwise; NaN when either operand is NaN,
    as in TensorFlow. `ui8` compares unsigned.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
      %0 = tg.maximum %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_MinimumOp : Tg_BinaryOp<"minimum", Tg_NumericTensor, Tg_NumericTensor, "",
                               [Commutative]> {
  let summary = "elementwise minimum, NaN if either is NaN (TF Minimum)";
  let specificDescription = [{
    `output = min(lhs, rhs)`, elementwise; NaN when either operand is NaN,
    as in TensorFlow. `ui8` compares unsigned.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
      %0 = tg.minimum %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_PowOp : Tg_BinaryOp<"pow", Tg_NumericTensor, Tg_NumericTensor> {
  let summary = "elementwise power lhs ^ rhs (TF Pow)";
  let specificDescription = [{
    `output = lhs ^ rhs`, elementwise. Integer powers wrap around on
    overflow; a negative integer exponent is an error in TensorFlow at run
    time and is not folded.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %e: tensor<f32>) -> tensor<2x3xf32> {
      %0 = tg.pow %x, %e : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_SquaredDifferenceOp : Tg_BinaryOp<"squared_difference", Tg_NumericTensor,
                                         Tg_NumericTensor, "", [Commutative]> {
  let summary = "(lhs - rhs)^2 (TF SquaredDifference)";
  let specificDescription = [{
    `output = (lhs - rhs) * (lhs - rhs)`, elementwise: the term of a mean
    squared error.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
      %0 = tg.squared_difference %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_Atan2Op : Tg_BinaryOp<"atan2", Tg_FloatTensor, Tg_FloatTensor> {
  let summary = "angle of the point (rhs, lhs): atan2(y = lhs, x = rhs) (TF Atan2)";
  let specificDescription = [{
    `output = atan2(lhs, rhs)`: the angle, in `[-pi, pi]`, of the point
    whose x coordinate is `rhs` and whose y coordinate is `lhs`.

    ```mlir
    func.func @example(%y: tensor<2x3xf32>, %x: tensor<3xf32>) -> tensor<2x3xf32> {
      %0 = tg.atan2 %y, %x : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_PreluOp : Tg_BinaryOp<"prelu", Tg_FloatTensor, Tg_FloatTensor> {
  let summary = "parametric ReLU: lhs >= 0 ? lhs : rhs * lhs (TF.js Prelu)";
  let specificDescription = [{
    `output = lhs >= 0 ? lhs : rhs * lhs`, with `rhs` the learned slopes
    (typically one per channel, broadcast over the others). NaN stays NaN.

    ```mlir
    func.func @example(%x: tensor<1x4x4x8xf32>, %alpha: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
      %0 = tg.prelu %x, %alpha : (tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
      return %0 : tensor<1x4x4x8xf32>
    }
    ```
  }];
}

def Tg_EqualOp : Tg_BinaryOp<"equal", Tg_Tensor, Tg_BoolTensor, "i1", [Commutative]> {
  let summary = "lhs == rhs (TF Equal)";
  let specificDescription = [{
    `output = lhs == rhs`, elementwise, for every element type including
    `i1`. A NaN equals nothing.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xi1> {
      %0 = tg.equal %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
      return %0 : tensor<2x3xi1>
    }
    ```
  }];
}
def Tg_NotEqualOp : Tg_BinaryOp<"not_equal", Tg_Tensor, Tg_BoolTensor, "i1", [Commutative]> {
  let summary = "lhs != rhs (TF NotEqual)";
  let specificDescription = [{
    `output = lhs != rhs`, elementwise, for every element type including
    `i1`; true where either operand is NaN.

    ```mlir
    func.func @example(%p: tensor<3xi1>, %q: tensor<3xi1>) -> tensor<3xi1> {
      %0 = tg.not_equal %p, %q : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
      return %0 : tensor<3xi1>
    }
    ```
  }];
}
def Tg_LessOp : Tg_BinaryOp<"less", Tg_NumericTensor, Tg_BoolTensor, "i1"> {
  let summary = "lhs < rhs (TF Less)";
  let specificDescription = [{
    `output = lhs < rhs`, elementwise; false where either operand is NaN.
    `ui8` compares unsigned.

    ```mlir
    func.func @example(%i: tensor<?x3xi64>, %j: tensor<1x3xi64>) -> tensor<?x3xi1> {
      %0 = tg.less %i, %j : (tensor<?x3xi64>, tensor<1x3xi64>) -> tensor<?x3xi1>
      return %0 : tensor<?x3xi1>
    }
    ```
  }];
}
def Tg_LessEqualOp : Tg_BinaryOp<"less_equal", Tg_NumericTensor, Tg_BoolTensor, "i1"> {
  let summary = "lhs <= rhs (TF LessEqual)";
  let specificDescription = [{
    `output = lhs <= rhs`, elementwise; false where either operand is NaN.
    `ui8` compares unsigned.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xi1> {
      %0 = tg.less_equal %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
      return %0 : tensor<2x3xi1>
    }
    ```
  }];
}
def Tg_GreaterOp : Tg_BinaryOp<"greater", Tg_NumericTensor, Tg_BoolTensor, "i1"> {
  let summary = "lhs > rhs (TF Greater)";
  let specificDescription = [{
    `output = lhs > rhs`, elementwise; false where either operand is NaN.
    `ui8` compares unsigned.

    ```mlir
    func.func @example(%x: tensor<3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xi1> {
      %0 = tg.greater %x, %y : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
      return %0 : tensor<2x3xi1>
    }
    ```
  }];
}
def Tg_GreaterEqualOp : Tg_BinaryOp<"greater_equal", Tg_NumericTensor, Tg_BoolTensor, "i1"> {
  let summary = "lhs >= rhs (TF GreaterEqual)";
  let specificDescription = [{
    `output = lhs >= rhs`, elementwise; false where either operand is NaN.
    `ui8` compares unsigned.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xi1> {
      %0 = tg.greater_equal %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
      return %0 : tensor<2x3xi1>
    }
    ```
  }];
}
def Tg_LogicalAndOp : Tg_BinaryOp<"logical_and", Tg_BoolTensor, Tg_BoolTensor, "",
                                  [Commutative]> {
  let summary = "lhs and rhs (TF LogicalAnd)";
  let specificDescription = [{
    `output = lhs and rhs`, elementwise, on `i1` tensors.

    ```mlir
    func.func @example(%p: tensor<2x3xi1>, %q: tensor<3xi1>) -> tensor<2x3xi1> {
      %0 = tg.logical_and %p, %q : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
      return %0 : tensor<2x3xi1>
    }
    ```
  }];
}
def Tg_LogicalOrOp : Tg_BinaryOp<"logical_or", Tg_BoolTensor, Tg_BoolTensor, "",
                                 [Commutative]> {
  let summary = "lhs or rhs (TF LogicalOr)";
  let specificDescription = [{
    `output = lhs or rhs`, elementwise, on `i1` tensors.

    ```mlir
    func.func @example(%p: tensor<2x3xi1>, %q: tensor<2x3xi1>) -> tensor<2x3xi1> {
      %0 = tg.logical_or %p, %q : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
      return %0 : tensor<2x3xi1>
    }
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

class Tg_UnaryOp<string mnemonic, Type tensorType, list<Trait> traits = []>
    : Tg_Op<mnemonic, !listconcat(traits,
        [Pure, SameOperandsAndResultType, InferTypeOpInterface])> {
  let arguments = (ins tensorType:$input);
  let results = (outs tensorType:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

/// A unary op on floats whose constant folding applies the op's function
/// elementwise in double precision. The description states what the ops
/// share; each op adds `specificDescription`: its function and an example.
class Tg_FloatUnaryOp<string mnemonic, string summaryText>
    : Tg_UnaryOp<mnemonic, Tg_FloatTensor> {
  let summary = summaryText;
  code specificDescription = "";
  let description = [{
    Applied to each element of a float tensor; the result has the operand's
    type. A constant operand folds, computed in double precision and rounded
    to the element type.

  }] # specificDescription;
  let hasFolder = 1;
}

def Tg_Relu6Op : Tg_UnaryOp<"relu6", Tg_NumericTensor> {
  let summary = "min(max(x, 0), 6) (TF Relu6)";
  let description = [{
    `output = min(max(x, 0), 6)`, elementwise, on a numeric tensor; the
    result has the operand's type. NaN stays NaN, as in TensorFlow. A
    constant operand folds.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.relu6 %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
  let hasFolder = 1;
}
def Tg_SigmoidOp : Tg_FloatUnaryOp<"sigmoid", "1 / (1 + exp(-x)) (TF Sigmoid)"> {
  let specificDescription = [{
    The logistic function, `output = 1 / (1 + exp(-x))`.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.sigmoid %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_TanhOp : Tg_FloatUnaryOp<"tanh", "hyperbolic tangent (TF Tanh)"> {
  let specificDescription = [{
    `output = tanh(x)`, in `[-1, 1]`.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.tanh %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_ExpOp : Tg_FloatUnaryOp<"exp", "e^x (TF Exp)"> {
  let specificDescription = [{
    `output = exp(x)`, the natural exponential.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.exp %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_LogOp : Tg_FloatUnaryOp<"log", "natural logarithm (TF Log)"> {
  let specificDescription = [{
    `output = ln(x)`: `-inf` for 0 and NaN for a negative `x`.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.log %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_SqrtOp : Tg_FloatUnaryOp<"sqrt", "square root (TF Sqrt)"> {
  let specificDescription = [{
    `output = sqrt(x)`: NaN for a negative `x`.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.sqrt %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_RsqrtOp : Tg_FloatUnaryOp<"rsqrt", "1 / sqrt(x) (TF Rsqrt)"> {
  let specificDescription = [{
    `output = 1 / sqrt(x)`, the reciprocal square root (batch
    normalisation's scale).

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.rsqrt %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_ReciprocalOp : Tg_FloatUnaryOp<"reciprocal", "1 / x (TF Reciprocal, Inv)"> {
  let specificDescription = [{
    `output = 1 / x`: `inf` for `+0.0`, `-inf` for `-0.0`.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.reciprocal %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_FloorOp : Tg_FloatUnaryOp<"floor", "largest integer <= x (TF Floor)"> {
  let specificDescription = [{
    `output = floor(x)`, rounded towards negative infinity, as a float.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.floor %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_CeilOp : Tg_FloatUnaryOp<"ceil", "smallest integer >= x (TF Ceil)"> {
  let specificDescription = [{
    `output = ceil(x)`, rounded towards positive infinity, as a float.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.ceil %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_RoundOp : Tg_FloatUnaryOp<"round", "round half to even (TF Round)"> {
  let specificDescription = [{
    `x` rounded to the nearest integer, ties to even as in TensorFlow (not
    away from zero): `2.5` gives `2`, `3.5` gives `4`, `-2.5` gives `-2`.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.round %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_SinOp : Tg_FloatUnaryOp<"sin", "sine (TF Sin)"> {
  let specificDescription = [{
    `output = sin(x)`, `x` in radians.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.sin %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_CosOp : Tg_FloatUnaryOp<"cos", "cosine (TF Cos)"> {
  let specificDescription = [{
    `output = cos(x)`, `x` in radians.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.cos %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_EluOp : Tg_FloatUnaryOp<"elu", "x >= 0 ? x : exp(x) - 1 (TF Elu)"> {
  let specificDescription = [{
    The exponential linear unit, `output = x >= 0 ? x : exp(x) - 1`.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.elu %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_ErfOp : Tg_FloatUnaryOp<"erf", "the error function (TF Erf)"> {
  let specificDescription = [{
    `output = erf(x) = 2 / sqrt(pi) * integral from 0 to x of exp(-t^2) dt`,
    in `[-1, 1]` (the exact GELU uses it).

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.erf %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_ErfcOp : Tg_FloatUnaryOp<"erfc", "1 - erf(x), accurate where erf(x) is near 1 (TF Erfc)"> {
  let specificDescription = [{
    The complementary error function, `output = 1 - erf(x)`, computed
    directly so that it stays accurate for large `x`, where `erf(x)` rounds
    to 1.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.erfc %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}

def Tg_NegOp : Tg_UnaryOp<"neg", Tg_NumericTensor> {
  let summary = "negation, -x (TF Neg)";
  let description = [{
    `output = -x`, elementwise, on a numeric tensor; the result has the
    operand's type. Integers wrap around (the most negative value stays
    itself). A constant operand folds.

    ```mlir
    func.func @example(%x: tensor<4xi32>) -> tensor<4xi32> {
      %0 = tg.neg %x : tensor<4xi32>
      return %0 : tensor<4xi32>
    }
    ```
  }];
  let hasFolder = 1;
}
def Tg_AbsOp : Tg_UnaryOp<"abs", Tg_NumericTensor> {
  let summary = "absolute value, |x| (TF Abs)";
  let description = [{
    `output = |x|`, elementwise, on a numeric tensor; the result has the
    operand's type. `ui8` values are unchanged. A constant operand folds.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.abs %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
  let hasFolder = 1;
}
def Tg_SquareOp : Tg_UnaryOp<"square", Tg_NumericTensor> {
  let summary = "x * x (TF Square)";
  let description = [{
    `output = x * x`, elementwise, on a numeric tensor; the result has the
    operand's type. Integers wrap around on overflow. A constant operand
    folds.

    ```mlir
    func.func @example(%x: tensor<4xi32>) -> tensor<4xi32> {
      %0 = tg.square %x : tensor<4xi32>
      return %0 : tensor<4xi32>
    }
    ```
  }];
  let hasFolder = 1;
}
def Tg_LogicalNotOp : Tg_UnaryOp<"logical_not", Tg_BoolTensor> {
  let summary = "not x (TF LogicalNot)";
  let description = [{
    `output = not x`, elementwise, on an `i1` tensor. A constant operand
    folds.

    ```mlir
    func.func @example(%p: tensor<4xi1>) -> tensor<4xi1> {
      %0 = tg.logical_not %p : tensor<4xi1>
      return %0 : tensor<4xi1>
    }
    ```
  }];
  let hasFolder = 1;
}
def Tg_LeakyReluOp : Tg_UnaryOp<"leaky_relu", Tg_FloatTensor> {
  let summary = "x >= 0 ? x : alpha * x (TF LeakyRelu)";
  let description = [{
    `output = x >= 0 ? x : alpha * x`, elementwise, on a float tensor; the
    result has the operand's type. `alpha` is an `f32` attribute (the
    importer uses TF's default, 0.2, when the node has none). No folder.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.leaky_relu %x {alpha = 0.2 : f32} : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$input, F32Attr:$alpha);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

//===----------------------------------------------------------------------===//
// Others
//===----------------------------------------------------------------------===//

def Tg_CastOp : Tg_Op<"cast", [Pure, AllShapesMatch<["input", "output"]>]> {
  let summary = "converts elements to another type (TF Cast)";
  let description = [{
    Converts each element to the result's element type (TF's `DstT`, given
    by the result type); the shape stays. Float to integer truncates
    towards zero; to `i1` is `x != 0`; `i1` becomes 0 or 1; integer
    narrowing wraps around; signed integers widen with their sign, `ui8`
    and `i1` with zeros; float to float rounds to nearest, ties to even.
    Folds to its input when the types are equal, and on a constant.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xi32> {
      %0 = tg.cast %x : tensor<2x3xf32> -> tensor<2x3xi32>
      return %0 : tensor<2x3xi32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$input);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Tg_SelectOp : Tg_Op<"select", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "condition ? on_true : on_false, broadcasting all three (TF SelectV2, Select)";
  let description = [{
    `output = condition ? on_true : on_false`, elementwise. The condition is
    an `i1` tensor; the branches have one element type, the result's. All
    three broadcast together as in TensorFlow's `SelectV2`, and the result
    has the broadcast shape (inferred). TF1's `Select` imports as this op
    too, except with a rank-1 condition over higher-rank branches (which
    picks whole rows in TF). No folder.

    ```mlir
    func.func @example(%c: tensor<2x1xi1>, %t: tensor<3xf32>, %f: tensor<f32>) -> tensor<2x3xf32> {
      %0 = tg.select %c, %t, %f : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
  let arguments = (ins Tg_BoolTensor:$condition, Tg_Tensor:$on_true,
                   Tg_Tensor:$on_false);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:` `(` type($condition) `,`
    type($on_true) `,` type($on_false) `)` `->` type($output)
  }];
}

def Tg_AddNOp : Tg_Op<"add_n", [Pure, SameOperandsAndResultType, InferTypeOpAdaptor]> {
  let summary = "sum of several tensors of one type (TF AddN)";
  let description = [{
    The elementwise sum of one or more numeric tensors, all of the result's
    type (no broadcasting). No folder.

    ```mlir
    func.func @example(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.add_n %a, %b, %c : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<Tg_NumericTensor>:$inputs);
  let results = (outs Tg_NumericTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Identities and the first arithmetic ops
//===----------------------------------------------------------------------===//


def Tg_AddOp : Tg_BinaryOp<"add", Tg_NumericTensor, Tg_NumericTensor, "",
                           [Commutative]> {
  let summary = "elementwise sum with broadcasting (TF Add, AddV2, BiasAdd)";
  let specificDescription = [{
    `output = lhs + rhs`, elementwise. `BiasAdd` (NHWC) is the special case
    of a rank-1 `rhs` matching the last dimension. Integers wrap around on
    overflow. Besides constants, `x + 0` folds to `x` (either side) when the
    zero is a splat constant and `x` already has the result's type; for
    floats only `-0.0` qualifies (`dense<-0.0>`), because `-0.0 + 0.0` is
    `+0.0`.

    ```mlir
    func.func @example(%x: tensor<1x128xf32>, %bias: tensor<128xf32>) -> tensor<1x128xf32> {
      %0 = tg.add %x, %bias : (tensor<1x128xf32>, tensor<128xf32>) -> tensor<1x128xf32>
      return %0 : tensor<1x128xf32>
    }
    ```
  }];
}

def Tg_ReluOp : Tg_UnaryOp<"relu", Tg_NumericTensor> {
  let summary = "rectified linear unit, max(x, 0) (TF Relu)";
  let description = [{
    `output = max(x, 0)`, elementwise, on a numeric tensor; the result has
    the operand's type. NaN stays NaN, as in TensorFlow; `ui8` values are
    unchanged. A constant operand folds.

    ```mlir
    func.func @example(%x: tensor<1x128xf32>) -> tensor<1x128xf32> {
      %0 = tg.relu %x : tensor<1x128xf32>
      return %0 : tensor<1x128xf32>
    }
    ```
  }];
  let hasFolder = 1;
}

def Tg_StopGradientOp : Tg_UnaryOp<"stop_gradient", Tg_Tensor> {
  let summary = "its input, through which no gradient flows (TF StopGradient)";
  let description = [{
    The identity in the forward computation; `tg-gradients` treats its
    result as a constant. It is not folded away before the gradients are
    built; the lowering passes the input through.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = tg.stop_gradient %x : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}

def Tg_IdentityOp : Tg_UnaryOp<"identity", Tg_Tensor> {
  let summary = "forwards its input (TF Identity, Snapshot)";
  let description = [{
    Returns its input, of any type (frozen graphs read their weights through
    `Identity` nodes such as `dense/kernel/read`). It folds to its input, so
    the importer, which folds as it creates ops, leaves none in an imported
    module, and canonicalization removes any other.

    ```mlir
    func.func @example(%x: tensor<784x128xf32>) -> tensor<784x128xf32> {
      %0 = tg.identity %x : tensor<784x128xf32>
      return %0 : tensor<784x128xf32>
    }
    ```
  }];
  let hasFolder = 1;
}

#endif // TG_ELEMENTWISE_TD

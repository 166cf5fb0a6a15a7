//===- TgElementwise.td - Elementwise tg ops -------------------*- tablegen -*-===//
//
// Binary ops broadcast their operands as NumPy and TensorFlow do: shapes are
// aligned at their last dimension and a dimension of size 1 stretches.
//
//===----------------------------------------------------------------------===//

#ifndef TG_ELEMENTWISE_TD
#define TG_ELEMENTWISE_TD

include "dialects/tg/TgBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tg_BoolTensor : RankedTensorOf<[I1]>;

/// A broadcasting binary op. `resultElement` is "" for the operands' element
/// type, or "i1" for comparisons.
class Tg_BinaryOp<string mnemonic, Type operandType, Type resultType,
                  string resultElement = "", list<Trait> traits = []>
    : Tg_Op<mnemonic, !listconcat(traits,
        [Pure, InferTypeOpAdaptorWithIsCompatible])> {
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
}
def Tg_MulOp : Tg_BinaryOp<"mul", Tg_NumericTensor, Tg_NumericTensor, "",
                           [Commutative]> {
  let summary = "elementwise product (TF Mul)";
}
def Tg_DivOp : Tg_BinaryOp<"div", Tg_FloatTensor, Tg_FloatTensor> {
  let summary = "elementwise quotient of floats (TF RealDiv, Div on floats)";
}
def Tg_FloorDivOp : Tg_BinaryOp<"floor_div", Tg_NumericTensor, Tg_NumericTensor> {
  let summary = "quotient rounded towards negative infinity (TF FloorDiv)";
}
def Tg_FloorModOp : Tg_BinaryOp<"floor_mod", Tg_NumericTensor, Tg_NumericTensor> {
  let summary = "remainder with the sign of the divisor (TF FloorMod)";
  let description = [{ `lhs - floor(lhs / rhs) * rhs`. }];
}
def Tg_MaximumOp : Tg_BinaryOp<"maximum", Tg_NumericTensor, Tg_NumericTensor, "",
                               [Commutative]> {
  let summary = "elementwise maximum, NaN if either is NaN (TF Maximum)";
}
def Tg_MinimumOp : Tg_BinaryOp<"minimum", Tg_NumericTensor, Tg_NumericTensor, "",
                               [Commutative]> {
  let summary = "elementwise minimum, NaN if either is NaN (TF Minimum)";
}
def Tg_PowOp : Tg_BinaryOp<"pow", Tg_NumericTensor, Tg_NumericTensor> {
  let summary = "elementwise power lhs ^ rhs (TF Pow)";
}
def Tg_SquaredDifferenceOp : Tg_BinaryOp<"squared_difference", Tg_NumericTensor,
                                         Tg_NumericTensor, "", [Commutative]> {
  let summary = "(lhs - rhs)^2 (TF SquaredDifference)";
}
def Tg_Atan2Op : Tg_BinaryOp<"atan2", Tg_FloatTensor, Tg_FloatTensor> {
  let summary = "angle of the point (rhs, lhs): atan2(y = lhs, x = rhs) (TF Atan2)";
}
def Tg_PreluOp : Tg_BinaryOp<"prelu", Tg_FloatTensor, Tg_FloatTensor> {
  let summary = "parametric ReLU: lhs >= 0 ? lhs : rhs * lhs (TF.js Prelu)";
}

def Tg_EqualOp : Tg_BinaryOp<"equal", Tg_Tensor, Tg_BoolTensor, "i1", [Commutative]> {
  let summary = "lhs == rhs (TF Equal)";
}
def Tg_NotEqualOp : Tg_BinaryOp<"not_equal", Tg_Tensor, Tg_BoolTensor, "i1", [Commutative]> {
  let summary = "lhs != rhs (TF NotEqual)";
}
def Tg_LessOp : Tg_BinaryOp<"less", Tg_NumericTensor, Tg_BoolTensor, "i1"> {
  let summary = "lhs < rhs (TF Less)";
}
def Tg_LessEqualOp : Tg_BinaryOp<"less_equal", Tg_NumericTensor, Tg_BoolTensor, "i1"> {
  let summary = "lhs <= rhs (TF LessEqual)";
}
def Tg_GreaterOp : Tg_BinaryOp<"greater", Tg_NumericTensor, Tg_BoolTensor, "i1"> {
  let summary = "lhs > rhs (TF Greater)";
}
def Tg_GreaterEqualOp : Tg_BinaryOp<"greater_equal", Tg_NumericTensor, Tg_BoolTensor, "i1"> {
  let summary = "lhs >= rhs (TF GreaterEqual)";
}
def Tg_LogicalAndOp : Tg_BinaryOp<"logical_and", Tg_BoolTensor, Tg_BoolTensor, "",
                                  [Commutative]> {
  let summary = "lhs and rhs (TF LogicalAnd)";
}
def Tg_LogicalOrOp : Tg_BinaryOp<"logical_or", Tg_BoolTensor, Tg_BoolTensor, "",
                                 [Commutative]> {
  let summary = "lhs or rhs (TF LogicalOr)";
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

/// A unary op on floats whose constant folding applies `fn` elementwise.
class Tg_FloatUnaryOp<string mnemonic, string summaryText>
    : Tg_UnaryOp<mnemonic, Tg_FloatTensor> {
  let summary = summaryText;
  let hasFolder = 1;
}

def Tg_Relu6Op : Tg_UnaryOp<"relu6", Tg_NumericTensor> {
  let summary = "min(max(x, 0), 6) (TF Relu6)";
  let hasFolder = 1;
}
def Tg_SigmoidOp : Tg_FloatUnaryOp<"sigmoid", "1 / (1 + exp(-x)) (TF Sigmoid)">;
def Tg_TanhOp : Tg_FloatUnaryOp<"tanh", "hyperbolic tangent (TF Tanh)">;
def Tg_ExpOp : Tg_FloatUnaryOp<"exp", "e^x (TF Exp)">;
def Tg_LogOp : Tg_FloatUnaryOp<"log", "natural logarithm (TF Log)">;
def Tg_SqrtOp : Tg_FloatUnaryOp<"sqrt", "square root (TF Sqrt)">;
def Tg_RsqrtOp : Tg_FloatUnaryOp<"rsqrt", "1 / sqrt(x) (TF Rsqrt)">;
def Tg_ReciprocalOp : Tg_FloatUnaryOp<"reciprocal", "1 / x (TF Reciprocal, Inv)">;
def Tg_FloorOp : Tg_FloatUnaryOp<"floor", "largest integer <= x (TF Floor)">;
def Tg_CeilOp : Tg_FloatUnaryOp<"ceil", "smallest integer >= x (TF Ceil)">;
def Tg_RoundOp : Tg_FloatUnaryOp<"round", "round half to even (TF Round)">;
def Tg_SinOp : Tg_FloatUnaryOp<"sin", "sine (TF Sin)">;
def Tg_CosOp : Tg_FloatUnaryOp<"cos", "cosine (TF Cos)">;
def Tg_EluOp : Tg_FloatUnaryOp<"elu", "x >= 0 ? x : exp(x) - 1 (TF Elu)">;
def Tg_ErfOp : Tg_FloatUnaryOp<"erf", "the error function (TF Erf)">;
def Tg_ErfcOp : Tg_FloatUnaryOp<"erfc", "1 - erf(x), accurate where erf(x) is near 1 (TF Erfc)">;

def Tg_NegOp : Tg_UnaryOp<"neg", Tg_NumericTensor> {
  let summary = "-x (TF Neg)";
  let hasFolder = 1;
}
def Tg_AbsOp : Tg_UnaryOp<"abs", Tg_NumericTensor> {
  let summary = "|x| (TF Abs)";
  let hasFolder = 1;
}
def Tg_SquareOp : Tg_UnaryOp<"square", Tg_NumericTensor> {
  let summary = "x * x (TF Square)";
  let hasFolder = 1;
}
def Tg_LogicalNotOp : Tg_UnaryOp<"logical_not", Tg_BoolTensor> {
  let summary = "not x (TF LogicalNot)";
  let hasFolder = 1;
}
def Tg_LeakyReluOp : Tg_UnaryOp<"leaky_relu", Tg_FloatTensor> {
  let summary = "x >= 0 ? x : alpha * x (TF LeakyRelu)";
  let arguments = (ins Tg_FloatTensor:$input, F32Attr:$alpha);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

//===----------------------------------------------------------------------===//
// Others
//===----------------------------------------------------------------------===//

def Tg_CastOp : Tg_Op<"cast", [Pure, AllShapesMatch<["input", "output"]>]> {
  let summary = "converts elements to another type (TF Cast)";
  let description = [{
    Float to integer truncates towards zero; to bool is `x != 0`; from bool
    is 0 or 1; integer narrowing wraps.
  }];
  let arguments = (ins Tg_Tensor:$input);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Tg_SelectOp : Tg_Op<"select", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "condition ? on_true : on_false, broadcasting all three (TF SelectV2)";
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
  let arguments = (ins Variadic<Tg_NumericTensor>:$inputs);
  let results = (outs Tg_NumericTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` type($output)";
  let hasVerifier = 1;
}

#endif // TG_ELEMENTWISE_TD

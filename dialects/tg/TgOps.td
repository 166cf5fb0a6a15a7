//===- TgOps.td - Operations of the tg dialect ----------------*- tablegen -*-===//

#ifndef TG_OPS_TD
#define TG_OPS_TD

include "dialects/tg/TgBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "dialects/tg/TgControlFlow.td"
include "dialects/tg/TgElementwise.td"
include "dialects/tg/TgNN.td"
include "dialects/tg/TgShape.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Tg_ConstantOp : Tg_Op<"constant",
    [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "a constant tensor (TF Const)";
  let description = [{
    Produces the tensor `value` (a TF Const's tensor, as a dense
    elements attribute).

    ```mlir
    %0 = tg.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def Tg_MatMulOp : Tg_Op<"matmul", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "matrix product of two rank-2 tensors (TF MatMul)";
  let description = [{
    `output = op(a) * op(b)` where `op(t)` transposes `t` when the matching
    flag is set. `op(a)` is MxK, `op(b)` is KxN and the result is MxN.
  }];
  let arguments = (ins Tg_NumericTensor:$a, Tg_NumericTensor:$b,
                   DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                   DefaultValuedAttr<BoolAttr, "false">:$transpose_b);
  let results = (outs Tg_NumericTensor:$output);
  let assemblyFormat = [{
    $a `,` $b attr-dict `:` `(` type($a) `,` type($b) `)` `->` type($output)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

def Tg_AddOp : Tg_BinaryOp<"add", Tg_NumericTensor, Tg_NumericTensor, "",
                           [Commutative]> {
  let summary = "elementwise sum with broadcasting (TF Add, AddV2, BiasAdd)";
  let description = [{
    `output = lhs + rhs` with NumPy/TensorFlow broadcasting: shapes are
    aligned at their last dimension and a dimension of size 1 stretches.
    `BiasAdd` in NHWC layout is the special case of a rank-1 `rhs`.
  }];
}

def Tg_ReluOp : Tg_UnaryOp<"relu", Tg_NumericTensor> {
  let summary = "rectified linear unit, max(x, 0) (TF Relu)";
  let hasFolder = 1;
}

def Tg_StopGradientOp : Tg_UnaryOp<"stop_gradient", Tg_Tensor> {
  let summary = "its input, through which no gradient flows (TF StopGradient)";
  let description = [{
    The identity in the forward computation; `tg-gradients` treats its
    result as a constant. It is not folded away before the gradients are
    built; the lowering passes the input through.
  }];
}

def Tg_SoftmaxOp : Tg_UnaryOp<"softmax", Tg_FloatTensor> {
  let summary = "softmax over the last dimension (TF Softmax)";
  let description = [{
    `output[..., i] = exp(x[..., i] - m) / sum_j exp(x[..., j] - m)` with
    `m = max_j x[..., j]`, over the innermost dimension. The input has rank
    at least 1.
  }];
  let hasVerifier = 1;
}

def Tg_IdentityOp : Tg_UnaryOp<"identity", Tg_Tensor> {
  let summary = "forwards its input (TF Identity, Snapshot, StopGradient)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

def Tg_VariableOp : Tg_Op<"variable", [Symbol]> {
  let summary = "a module-level variable with an initial value";
  let description = [{
    A tensor-valued state that outlives one run of an entry function. The
    runtime allocates one buffer per variable and session and initialises
    it from `initial_value` (or zeros when absent).

    ```mlir
    tg.variable @dense/kernel : tensor<784x128xf32> = dense<0.0> : tensor<784x128xf32>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                   TypeAttrOf<Tg_Tensor>:$type,
                   OptionalAttr<ElementsAttr>:$initial_value);
  let assemblyFormat = [{
    $sym_name attr-dict `:` $type (`=` $initial_value^)?
  }];
  let hasVerifier = 1;
}

def Tg_ReadOp : Tg_Op<"read",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>, MemoryEffects<[MemRead]>]> {
  let summary = "reads the current value of a variable";
  let arguments = (ins FlatSymbolRefAttr:$variable);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$variable attr-dict `:` type($output)";
}

def Tg_AssignOp : Tg_Op<"assign",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>, MemoryEffects<[MemWrite]>]> {
  let summary = "sets a variable to a new value";
  let description = [{
    Later reads in the same run observe the new value; the value persists
    across runs of the session.
  }];
  let arguments = (ins FlatSymbolRefAttr:$variable, Tg_Tensor:$value);
  let assemblyFormat = "$variable `,` $value attr-dict `:` type($value)";
}

#endif // TG_OPS_TD

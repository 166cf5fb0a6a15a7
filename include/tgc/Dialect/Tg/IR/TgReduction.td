//===- TgReduction.td - Reductions, arg-extrema, top-k ----------------*- tablegen -*-===//

#ifndef TG_REDUCTION_TD
#define TG_REDUCTION_TD

include "tgc/Dialect/Tg/IR/TgBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Reductions over axes, index of the extremum, top-k
//===----------------------------------------------------------------------===//

/// A reduction over `axes`. The description states what the reductions
/// share; each adds `specificDescription`: how it combines elements, and an
/// example.
class Tg_ReduceOp<string mnemonic, Type tensorType, string summaryText>
    : Tg_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = summaryText;
  code specificDescription = "";
  let description = [{
    Reduces the input over `axes` (sorted, distinct, in `[0, rank)`; printed
    as a list after the operand; the importer normalises TF's negative
    axes). The reduced dimensions disappear, or stay with size 1 when
    `keep_dims` is set (default false); an empty `axes` keeps the input's
    shape. The result is inferred and has the input's element type. A
    constant input folds (accumulated in double or `int64`), except over an
    empty dimension.

  }] # specificDescription;
  let arguments = (ins tensorType:$input, DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<BoolAttr, "false">:$keep_dims);
  let results = (outs tensorType:$output);
  let assemblyFormat = "$input `,` $axes attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &results) {
      return ::tgc::tg::inferReductionResult(
          location, adaptor.getInput().getType(), adaptor.getAxes(),
          adaptor.getKeepDims(), ::mlir::Type(), results);
    }
  }];
}

def Tg_ReduceSumOp : Tg_ReduceOp<"reduce_sum", Tg_NumericTensor, "sum over axes (TF Sum)"> {
  let specificDescription = [{
    The sum of the elements over `axes`; integers wrap around.

    ```mlir
    func.func @example(%x: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
      %0 = tg.reduce_sum %x, [0, 2] {keep_dims = true} : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
      return %0 : tensor<1x3x1xf32>
    }
    ```
  }];
}
def Tg_ReduceMeanOp : Tg_ReduceOp<"reduce_mean", Tg_NumericTensor, "mean over axes (TF Mean)"> {
  let specificDescription = [{
    The sum over `axes` divided by the number of reduced elements; an
    integer mean truncates towards zero, as in TensorFlow.

    ```mlir
    func.func @example(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
      %0 = tg.reduce_mean %x, [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
      return %0 : tensor<2x4xf32>
    }
    ```
  }];
}
def Tg_ReduceMaxOp : Tg_ReduceOp<"reduce_max", Tg_NumericTensor, "maximum over axes (TF Max)"> {
  let specificDescription = [{
    The largest element over `axes`.

    ```mlir
    func.func @example(%x: tensor<5x6xi32>) -> tensor<5x1xi32> {
      %0 = tg.reduce_max %x, [1] {keep_dims = true} : tensor<5x6xi32> -> tensor<5x1xi32>
      return %0 : tensor<5x1xi32>
    }
    ```
  }];
}
def Tg_ReduceMinOp : Tg_ReduceOp<"reduce_min", Tg_NumericTensor, "minimum over axes (TF Min)"> {
  let specificDescription = [{
    The smallest element over `axes`.

    ```mlir
    func.func @example(%x: tensor<5x6xi32>) -> tensor<6xi32> {
      %0 = tg.reduce_min %x, [0] : tensor<5x6xi32> -> tensor<6xi32>
      return %0 : tensor<6xi32>
    }
    ```
  }];
}
def Tg_ReduceProdOp : Tg_ReduceOp<"reduce_prod", Tg_NumericTensor, "product over axes (TF Prod)"> {
  let specificDescription = [{
    The product of the elements over `axes`; integers wrap around.

    ```mlir
    func.func @example(%x: tensor<2x3x4xf32>) -> tensor<2x3xf32> {
      %0 = tg.reduce_prod %x, [2] : tensor<2x3x4xf32> -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    }
    ```
  }];
}
def Tg_ReduceAnyOp : Tg_ReduceOp<"reduce_any", RankedTensorOf<[I1]>, "logical or over axes (TF Any)"> {
  let specificDescription = [{
    On `i1` tensors: true where any element over `axes` is true.

    ```mlir
    func.func @example(%p: tensor<3x2xi1>) -> tensor<3xi1> {
      %0 = tg.reduce_any %p, [1] : tensor<3x2xi1> -> tensor<3xi1>
      return %0 : tensor<3xi1>
    }
    ```
  }];
}
def Tg_ReduceAllOp : Tg_ReduceOp<"reduce_all", RankedTensorOf<[I1]>, "logical and over axes (TF All)"> {
  let specificDescription = [{
    On `i1` tensors: true where every element over `axes` is true.

    ```mlir
    func.func @example(%p: tensor<3x2xi1>) -> tensor<1x1xi1> {
      %0 = tg.reduce_all %p, [0, 1] {keep_dims = true} : tensor<3x2xi1> -> tensor<1x1xi1>
      return %0 : tensor<1x1xi1>
    }
    ```
  }];
}

def Tg_ArgMaxOp : Tg_Op<"argmax", [Pure]> {
  let summary = "index of the first maximum along `axis` (TF ArgMax)";
  let description = [{
    The index, along `axis`, of the largest element (the first one when
    several are equal). The result has the input's shape without `axis`
    and the element type `i32` or `i64` (TF's `output_type`), as written.
    No folder.

    ```mlir
    func.func @example(%x: tensor<2x3x4xf32>) -> tensor<2x4xi64> {
      %0 = tg.argmax %x {axis = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x4xi64>
      return %0 : tensor<2x4xi64>
    }
    ```
  }];
  let arguments = (ins Tg_NumericTensor:$input, I64Attr:$axis);
  let results = (outs RankedTensorOf<[I32, I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Tg_ArgMinOp : Tg_Op<"argmin", [Pure]> {
  let summary = "index of the first minimum along `axis` (TF ArgMin)";
  let description = [{
    The index, along `axis`, of the smallest element (the first one when
    several are equal). The result has the input's shape without `axis`
    and the element type `i32` or `i64` (TF's `output_type`), as written.
    No folder.

    ```mlir
    func.func @example(%x: tensor<2x3x4xf32>) -> tensor<2x3xi32> {
      %0 = tg.argmin %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<2x3xi32>
      return %0 : tensor<2x3xi32>
    }
    ```
  }];
  let arguments = (ins Tg_NumericTensor:$input, I64Attr:$axis);
  let results = (outs RankedTensorOf<[I32, I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Tg_TopKOp : Tg_Op<"top_k", [Pure]> {
  let summary = "the k largest values of the last dimension and their indices, sorted (TF TopKV2)";
  let description = [{
    For every row of the last dimension, the `k` largest values in
    descending order (`values`) and their indices in the row (`indices`,
    `i32`); of equal values the one with the smaller index comes first, as
    TF's `sorted = true` promises. `k` lies in `[0, size of the last
    dimension]`; both results have the input's shape with `k` as the last
    size, and `values` the input's element type. No folder.

    ```mlir
    func.func @example(%x: tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
      %0:2 = tg.top_k %x {k = 3 : i64} : tensor<2x5xf32> -> (tensor<2x3xf32>, tensor<2x3xi32>)
      return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi32>
    }
    ```
  }];
  let arguments = (ins Tg_NumericTensor:$input, I64Attr:$k);
  let results = (outs Tg_NumericTensor:$values, RankedTensorOf<[I32]>:$indices);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` `(` type($values) `,` type($indices) `)`";
  let hasVerifier = 1;
}


#endif // TG_REDUCTION_TD

//===- TgShape.td - Shape manipulation ------------------------*- tablegen -*-===//
//
// TF ops whose shape arguments are tensors (Reshape's shape, Slice's begin,
// Transpose's perm, ...) import with those arguments as attributes: the
// importer requires them to be constants after folding, which is what
// static-shape code generation needs anyway.
//
//===----------------------------------------------------------------------===//

#ifndef TG_SHAPE_TD
#define TG_SHAPE_TD

include "tgc/Dialect/Tg/IR/TgBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tg_ReshapeOp : Tg_Op<"reshape", [Pure]> {
  let summary = "same elements, another shape (TF Reshape, Squeeze, ExpandDims)";
  let description = [{
    The input's elements in row-major order, with the result type's shape
    (TF's `shape` operand, resolved at import; `Squeeze`, `ExpandDims` and
    the dimensions that TF's slicing masks add or remove are reshapes too).
    The element types must be equal, and so must the element counts when
    both shapes are static. Folds to the input when the types are equal, to
    a reshaped constant, and `reshape(reshape(x))` to `reshape(x)`.

    ```mlir
    func.func @example(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
      %0 = tg.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
      return %0 : tensor<6x4xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$input);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Tg_TransposeOp : Tg_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "permutes dimensions: output dim i is input dim perm[i] (TF Transpose)";
  let description = [{
    `output[i_0, ..., i_n-1]` is the input element whose index along
    dimension `perm[d]` is `i_d`: output dimension `d` is input dimension
    `perm[d]`. `perm` (printed as a list after the operand) is a
    permutation of `[0, rank)`. The result is inferred. Folds to the input
    for the identity permutation, and on a constant.

    ```mlir
    func.func @example(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
      %0 = tg.transpose %x, [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
      return %0 : tensor<4x2x3xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input `,` $perm attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Tg_ConcatOp : Tg_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "joins tensors along `axis` (TF ConcatV2, Concat, Pack)";
  let description = [{
    Joins one or more inputs of one rank and element type along `axis`, in
    order; the other dimensions must agree. The result is inferred; its
    size along `axis` is the sum, unknown if any input's is. TF's `Pack`
    imports as a concatenation of inputs reshaped to have a size-1 `axis`.
    Folds a single input of the result's type to it, and constants.

    ```mlir
    func.func @example(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x8xf32> {
      %0 = tg.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
      return %0 : tensor<2x8xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<Tg_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` `(` type($inputs) `)` `->` type($output)";
  let hasFolder = 1;
}

def Tg_StridedSliceOp : Tg_Op<"strided_slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "elements begin[d], begin[d]+strides[d], ... before limit[d] (TF StridedSlice, Slice, Split, Unpack)";
  let description = [{
    Every dimension is sliced by `(begin, limit, stride)`, already
    normalised: TF's masks, negative indices and clamping are resolved at
    import, and dimensions TF's masks add or remove are a `tg.reshape`
    around the slice. `stride` is non-zero; a negative stride walks
    backwards from `begin` down to, not including, `limit` (`limit = -1`
    reaches index 0). An unknown dimension can only be taken whole (`begin`
    0, `limit` INT64_MAX, stride 1). `Slice`, `Split`, `SplitV` and
    `Unpack` import as slices. The result is inferred. Folds to the input
    when it takes all of it with stride 1, and on a constant.

    ```mlir
    func.func @example(%x: tensor<8x6xf32>) -> tensor<3x6xf32> {
      // Rows 7, 4, 1; all columns in reverse order.
      %0 = tg.strided_slice %x {begin = array<i64: 7, 5>, limit = array<i64: -1, -1>, strides = array<i64: -3, -1>} : tensor<8x6xf32> -> tensor<3x6xf32>
      return %0 : tensor<3x6xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$input, DenseI64ArrayAttr:$begin,
                   DenseI64ArrayAttr:$limit, DenseI64ArrayAttr:$strides);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Tg_PadOp : Tg_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "adds low[d]/high[d] elements around every dimension (TF Pad, PadV2, MirrorPad)";
  let description = [{
    Adds `low[d]` elements before and `high[d]` elements after dimension
    `d` (both non-negative, one entry per dimension). `mode` is "constant"
    (filled with `value`, an attribute of the element type; zero when
    absent, as TF's `Pad`), "reflect" (mirrored without the edge element,
    at most `size - 1` on a side) or "symmetric" (mirrored with it, at most
    `size`), TF's `MirrorPad` modes. The result is inferred. No folder.

    ```mlir
    func.func @example(%x: tensor<3x4xf32>) -> (tensor<5x6xf32>, tensor<5x8xf32>) {
      %0 = tg.pad %x {low = array<i64: 1, 1>, high = array<i64: 1, 1>, mode = "constant", value = -1.5 : f32} : tensor<3x4xf32> -> tensor<5x6xf32>
      %1 = tg.pad %x {low = array<i64: 2, 1>, high = array<i64: 0, 3>, mode = "reflect"} : tensor<3x4xf32> -> tensor<5x8xf32>
      return %0, %1 : tensor<5x6xf32>, tensor<5x8xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$input, DenseI64ArrayAttr:$low,
                   DenseI64ArrayAttr:$high, StrAttr:$mode,
                   OptionalAttr<TypedAttrInterface>:$value);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Tg_TileOp : Tg_Op<"tile", [Pure, InferTypeOpAdaptor]> {
  let summary = "repeats the tensor multiples[d] times along dimension d (TF Tile)";
  let description = [{
    `output[i_0, ..., i_n-1] = input[i_0 mod size_0, ..., i_n-1 mod size_n-1]`,
    with `size_d * multiples[d]` elements along dimension `d`. `multiples`
    (printed as a list after the operand) has one non-negative entry per
    dimension. The result is inferred. Folds to the input when every
    multiple is 1, and on a constant.

    ```mlir
    func.func @example(%x: tensor<2x3xf32>) -> tensor<6x6xf32> {
      %0 = tg.tile %x, [3, 2] : tensor<2x3xf32> -> tensor<6x6xf32>
      return %0 : tensor<6x6xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$input, DenseI64ArrayAttr:$multiples);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input `,` $multiples attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Tg_BroadcastToOp : Tg_Op<"broadcast_to", [Pure]> {
  let summary = "broadcasts to the result's shape (TF BroadcastTo, Fill)";
  let description = [{
    Broadcasts the input to the result type's shape by TensorFlow's rule:
    the shapes are aligned at the last dimension, and an input dimension of
    size 1 (or a missing leading one) stretches. The result has at least
    the input's rank and the same element type. `Fill` imports as the
    broadcast of its scalar value. Folds to the input when the types are
    equal, and on a constant.

    ```mlir
    func.func @example(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
      %0 = tg.broadcast_to %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
      return %0 : tensor<2x3x4xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$input);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Tg_GatherOp : Tg_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "picks slices of `params` along `axis` by `indices` (TF GatherV2, Gather)";
  let description = [{
    Picks the slices of `params` along `axis` that `indices` (`i32` or
    `i64`) name. With `batch_dims` b (default 0, at most `axis` and the
    rank of `indices`), the first b dimensions of `params` and `indices` are
    batch dimensions that both share. The result is inferred:
    `params.shape[:axis] + indices.shape[b:] + params.shape[axis+1:]`.
    Out-of-range indices are an error in TF at run time; tgc's code clamps
    them. Folds constants with `batch_dims` 0 and every index in range.

    ```mlir
    func.func @example(%p: tensor<5x4x3xf32>, %i: tensor<7xi64>) -> tensor<5x7x3xf32> {
      %0 = tg.gather %p, %i {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<7xi64>) -> tensor<5x7x3xf32>
      return %0 : tensor<5x7x3xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$params, RankedTensorOf<[I32, I64]>:$indices,
                   I64Attr:$axis, DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$params `,` $indices attr-dict `:` `(` type($params) `,` type($indices) `)` `->` type($output)";
  let hasFolder = 1;
}

def Tg_GatherGradOp : Tg_Op<"gather_grad", [Pure]> {
  let summary = "gradient of gather with respect to its params (a scatter-add)";
  let description = [{
    `output` (the params' type, given as the result type) is zero except
    that each slice of `out_grad` is added at the position its index names
    along `axis` (indices used twice add twice). Indices are clamped like
    gather's. Only `batch_dims` = 0. The verifier checks that `out_grad`
    has the rank and element type of a gather of the result by `indices`.
    Built by `tg-gradients`. No folder.

    ```mlir
    func.func @example(%i: tensor<2xi32>, %g: tensor<2x5xf32>) -> tensor<4x5xf32> {
      %0 = tg.gather_grad %i, %g {axis = 0 : i64} : (tensor<2xi32>, tensor<2x5xf32>) -> tensor<4x5xf32>
      return %0 : tensor<4x5xf32>
    }
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32, I64]>:$indices,
                   Tg_FloatTensor:$out_grad, I64Attr:$axis);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = [{
    $indices `,` $out_grad attr-dict `:` `(` type($indices) `,` type($out_grad) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def Tg_ScatterOp : Tg_Op<"scatter", [Pure, AllTypesMatch<["base", "output"]>]> {
  let summary = "combines slices of `updates` into `base` at the rows `indices` name (TF ResourceScatter*, Scatter*)";
  let description = [{
    The result is `base` with, for each index position p of `indices` in
    row-major order, row `indices[p]` (along dimension 0) combined with the
    slice `updates[p, ...]` by `kind`: `update` (replace), `add`, `sub`,
    `mul`, `div`, `min` or `max`. `updates` has the shape
    `indices.shape + base.shape[1:]` (or is a scalar, applied to every
    element of each named row). Indices used twice apply twice, in order, so
    a repeated `update` keeps the last value (TF leaves the order
    unspecified). Out-of-range indices are an error in TF at run time;
    tgc's code clamps them like gather's. No folder.

    ```mlir
    func.func @example(%v: tensor<4x2xf32>, %i: tensor<3xi32>, %u: tensor<3x2xf32>) -> tensor<4x2xf32> {
      %0 = tg.scatter %v, %i, %u {kind = "add"} : (tensor<4x2xf32>, tensor<3xi32>, tensor<3x2xf32>) -> tensor<4x2xf32>
      return %0 : tensor<4x2xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$base, RankedTensorOf<[I32, I64]>:$indices,
                   Tg_Tensor:$updates, StrAttr:$kind);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = [{
    $base `,` $indices `,` $updates attr-dict `:` `(` type($base) `,` type($indices) `,` type($updates) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def Tg_GatherNdOp : Tg_Op<"gather_nd", [Pure, InferTypeOpAdaptor]> {
  let summary = "gathers slices of `params` addressed by the last dimension of `indices` (TF GatherNd)";
  let description = [{
    Each row of `indices` (its last dimension, of known size D) is the index
    of a slice of `params` in its first D dimensions. The result is
    inferred: `indices.shape[:-1] + params.shape[D:]`. No folder.

    ```mlir
    func.func @example(%p: tensor<5x4x3xf32>, %i: tensor<6x2xi32>) -> tensor<6x3xf32> {
      %0 = tg.gather_nd %p, %i : (tensor<5x4x3xf32>, tensor<6x2xi32>) -> tensor<6x3xf32>
      return %0 : tensor<6x3xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$params, RankedTensorOf<[I32, I64]>:$indices);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$params `,` $indices attr-dict `:` `(` type($params) `,` type($indices) `)` `->` type($output)";
}

def Tg_DepthToSpaceOp : Tg_Op<"depth_to_space", [Pure, InferTypeOpAdaptor]> {
  let summary = "moves channel blocks into block_size x block_size spatial blocks, NHWC (TF DepthToSpace)";
  let description = [{
    With `block_size` b (at least 2) and an NHWC input of C channels (a
    multiple of b * b): `output[n, h*b + i, w*b + j, c] =
    input[n, h, w, (i*b + j) * C/(b*b) + c]`, TF's NHWC layout. The result,
    `[N, H*b, W*b, C/(b*b)]`, is inferred. No folder.

    ```mlir
    func.func @example(%x: tensor<1x2x3x8xf32>) -> tensor<1x4x6x2xf32> {
      %0 = tg.depth_to_space %x {block_size = 2 : i64} : tensor<1x2x3x8xf32> -> tensor<1x4x6x2xf32>
      return %0 : tensor<1x4x6x2xf32>
    }
    ```
  }];
  let arguments = (ins Tg_Tensor:$input, I64Attr:$block_size);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

#endif // TG_SHAPE_TD

//===- TgShape.td - Shape manipulation, reductions ------------*- tablegen -*-===//
//
// TF ops whose shape arguments are tensors (Reshape's shape, Slice's begin,
// Transpose's perm, ...) import with those arguments as attributes: the
// importer requires them to be constants after folding, which is what
// static-shape code generation needs anyway.
//
//===----------------------------------------------------------------------===//

#ifndef TG_SHAPE_TD
#define TG_SHAPE_TD

include "dialects/tg/TgBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tg_ReshapeOp : Tg_Op<"reshape", [Pure]> {
  let summary = "same elements, another shape (TF Reshape, Squeeze, ExpandDims)";
  let arguments = (ins Tg_Tensor:$input);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Tg_TransposeOp : Tg_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "permutes dimensions: output dim i is input dim perm[i] (TF Transpose)";
  let arguments = (ins Tg_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input `,` $perm attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Tg_ConcatOp : Tg_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "joins tensors along `axis` (TF ConcatV2, Concat, Pack)";
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
    backwards from `begin` down to, not including, `limit`.
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
    `mode` is "constant" (filled with `value`), "reflect" (mirror without
    the edge) or "symmetric" (mirror with the edge).
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
  let arguments = (ins Tg_Tensor:$input, DenseI64ArrayAttr:$multiples);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input `,` $multiples attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def Tg_BroadcastToOp : Tg_Op<"broadcast_to", [Pure]> {
  let summary = "broadcasts to the result's shape (TF BroadcastTo, Fill)";
  let arguments = (ins Tg_Tensor:$input);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Tg_GatherOp : Tg_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "picks slices of `params` along `axis` by `indices` (TF GatherV2, Gather)";
  let description = [{
    With batch_dims b: output shape is params.shape[:axis] +
    indices.shape[b:] + params.shape[axis+1:]. Out-of-range indices are an
    error in TF; tgc's code clamps them.
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
    `output` (the params' type) is zero except that each slice of
    `out_grad` is added at the position its index names along `axis`
    (indices used twice add twice). Indices are clamped like gather's.
    Only `batch_dims` = 0.
  }];
  let arguments = (ins RankedTensorOf<[I32, I64]>:$indices,
                   Tg_FloatTensor:$out_grad, I64Attr:$axis);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = [{
    $indices `,` $out_grad attr-dict `:` `(` type($indices) `,` type($out_grad) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def Tg_GatherNdOp : Tg_Op<"gather_nd", [Pure, InferTypeOpAdaptor]> {
  let summary = "gathers slices of `params` addressed by the last dimension of `indices` (TF GatherNd)";
  let arguments = (ins Tg_Tensor:$params, RankedTensorOf<[I32, I64]>:$indices);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$params `,` $indices attr-dict `:` `(` type($params) `,` type($indices) `)` `->` type($output)";
}

def Tg_DepthToSpaceOp : Tg_Op<"depth_to_space", [Pure, InferTypeOpAdaptor]> {
  let summary = "moves channel blocks into block_size x block_size spatial blocks, NHWC (TF DepthToSpace)";
  let arguments = (ins Tg_Tensor:$input, I64Attr:$block_size);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Tg_ReduceOp<string mnemonic, Type tensorType, string summaryText>
    : Tg_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = summaryText;
  let description = [{
    Reduces over `axes` (sorted, distinct, non-negative); `keep_dims` keeps
    them as dimensions of size 1.
  }];
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

def Tg_ReduceSumOp : Tg_ReduceOp<"reduce_sum", Tg_NumericTensor, "sum (TF Sum)">;
def Tg_ReduceMeanOp : Tg_ReduceOp<"reduce_mean", Tg_NumericTensor, "mean (TF Mean)">;
def Tg_ReduceMaxOp : Tg_ReduceOp<"reduce_max", Tg_NumericTensor, "maximum (TF Max)">;
def Tg_ReduceMinOp : Tg_ReduceOp<"reduce_min", Tg_NumericTensor, "minimum (TF Min)">;
def Tg_ReduceProdOp : Tg_ReduceOp<"reduce_prod", Tg_NumericTensor, "product (TF Prod)">;
def Tg_ReduceAnyOp : Tg_ReduceOp<"reduce_any", RankedTensorOf<[I1]>, "logical or (TF Any)">;
def Tg_ReduceAllOp : Tg_ReduceOp<"reduce_all", RankedTensorOf<[I1]>, "logical and (TF All)">;

def Tg_ArgMaxOp : Tg_Op<"argmax", [Pure]> {
  let summary = "index of the first maximum along `axis` (TF ArgMax)";
  let arguments = (ins Tg_NumericTensor:$input, I64Attr:$axis);
  let results = (outs RankedTensorOf<[I32, I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Tg_ArgMinOp : Tg_Op<"argmin", [Pure]> {
  let summary = "index of the first minimum along `axis` (TF ArgMin)";
  let arguments = (ins Tg_NumericTensor:$input, I64Attr:$axis);
  let results = (outs RankedTensorOf<[I32, I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Tg_TopKOp : Tg_Op<"top_k", [Pure]> {
  let summary = "the k largest values of the last dimension and their indices, sorted (TF TopKV2)";
  let arguments = (ins Tg_NumericTensor:$input, I64Attr:$k);
  let results = (outs Tg_NumericTensor:$values, RankedTensorOf<[I32]>:$indices);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` `(` type($values) `,` type($indices) `)`";
  let hasVerifier = 1;
}

#endif // TG_SHAPE_TD

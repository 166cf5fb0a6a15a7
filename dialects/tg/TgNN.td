//===- TgNN.td - Convolutions, pooling, resizing ---------------*- tablegen -*-===//
//
// Layout is NHWC; filters are HWIO (conv2d), HWCM (depthwise: channel
// multiplier M) and, for conv2d_transpose, the HWIO filter of the forward
// convolution it transposes (TF's Conv2DBackpropInput: I is the result's
// channels, O the input's).
// Padding is explicit: SAME/VALID/EXPLICIT are resolved at import into
// `pad = [top, bottom, left, right]`.
//
//===----------------------------------------------------------------------===//

#ifndef TG_NN_TD
#define TG_NN_TD

include "dialects/tg/TgBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tg_Conv2DOp : Tg_Op<"conv2d", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "2-D convolution, NHWC input and HWIO filter (TF Conv2D)";
  let arguments = (ins Tg_FloatTensor:$input, Tg_FloatTensor:$filter,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pad);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter attr-dict `:` `(` type($input) `,` type($filter) `)` `->` type($output)
  }];
}

def Tg_DepthwiseConv2DOp : Tg_Op<"depthwise_conv2d",
    [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "depthwise 2-D convolution, HWCM filter (TF DepthwiseConv2dNative)";
  let arguments = (ins Tg_FloatTensor:$input, Tg_FloatTensor:$filter,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pad);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter attr-dict `:` `(` type($input) `,` type($filter) `)` `->` type($output)
  }];
}

def Tg_Conv2DTransposeOp : Tg_Op<"conv2d_transpose", [Pure]> {
  let summary = "gradient of conv2d with respect to its input (TF Conv2DBackpropInput)";
  let description = [{
    The result shape is given (TF's `input_sizes`); `pad` is the padding of
    the forward convolution.
  }];
  let arguments = (ins Tg_FloatTensor:$input, Tg_FloatTensor:$filter,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pad);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter attr-dict `:` `(` type($input) `,` type($filter) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def Tg_Conv2DFilterGradOp : Tg_Op<"conv2d_filter_grad", [Pure]> {
  let summary = "gradient of conv2d with respect to its filter (TF Conv2DBackpropFilter)";
  let description = [{
    `output[kh, kw, c, f] = sum over n, oh, ow of
    padded_input[n, oh*sh + kh*dh, ow*sw + kw*dw, c] * out_grad[n, oh, ow, f]`,
    where the convolution had `strides`, `dilations` and `pad` (top,
    bottom, left, right). The result has the filter's shape.
  }];
  let arguments = (ins Tg_FloatTensor:$input, Tg_FloatTensor:$out_grad,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pad);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $out_grad attr-dict `:` `(` type($input) `,` type($out_grad) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

class Tg_PoolOp<string mnemonic, string summaryText>
    : Tg_Op<mnemonic, [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = summaryText;
  let arguments = (ins Tg_FloatTensor:$input, DenseI64ArrayAttr:$window,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pad);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Tg_MaxPoolOp : Tg_PoolOp<"max_pool", "maximum over windows, NHWC; padding never wins (TF MaxPool)">;
def Tg_AvgPoolOp : Tg_PoolOp<"avg_pool", "mean over windows, NHWC; padded elements are not counted (TF AvgPool)">;

def Tg_DepthwiseGradOp : Tg_Op<"depthwise_conv2d_grad", [Pure]> {
  let summary = "gradient of depthwise_conv2d with respect to its input or its filter";
  let description = [{
    `wrt` "input": the input's gradient from the filter and the output
    gradient (operands `filter`, `out_grad`; result: the input's type).
    `wrt` "filter": the filter's gradient from the input and the output
    gradient (operands `input`, `out_grad`; result: the filter's type).
    `strides`, `dilations` and `pad` are the convolution's.
  }];
  let arguments = (ins Tg_FloatTensor:$operand, Tg_FloatTensor:$out_grad,
                   StrAttr:$wrt, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pad);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = [{
    $operand `,` $out_grad attr-dict `:` `(` type($operand) `,` type($out_grad) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def Tg_PoolGradOp : Tg_Op<"pool_grad", [Pure]> {
  let summary = "gradient of max_pool or avg_pool with respect to its input (TF MaxPoolGrad, AvgPoolGrad)";
  let description = [{
    `mode` "max": each output's gradient goes to the first largest element
    of its window (row-major; padding never wins). `mode` "avg": it is
    shared equally by the window's elements that are not padding. The
    result has the input's type; `window`, `strides` and `pad` are the
    pooling's.
  }];
  let arguments = (ins Tg_FloatTensor:$input, Tg_FloatTensor:$out_grad,
                   StrAttr:$mode, DenseI64ArrayAttr:$window,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pad);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $out_grad attr-dict `:` `(` type($input) `,` type($out_grad) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def Tg_ResizeOp : Tg_Op<"resize", [Pure]> {
  let summary = "resizes H and W of an NHWC image (TF ResizeBilinear, ResizeNearestNeighbor)";
  let description = [{
    `mode` is "bilinear" or "nearest"; `align_corners` and
    `half_pixel_centers` follow TF's coordinate mappings. The result type
    holds the new size.
  }];
  let arguments = (ins Tg_NumericTensor:$input, StrAttr:$mode,
                   BoolAttr:$align_corners, BoolAttr:$half_pixel_centers);
  let results = (outs Tg_NumericTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Tg_ResizeGradOp : Tg_Op<"resize_grad", [Pure]> {
  let summary = "gradient of resize with respect to its image (TF ResizeBilinearGrad, ResizeNearestNeighborGrad)";
  let description = [{
    The result (the resized image's type, given as the result type) is
    zero except that each element of `out_grad` is added where the forward
    resize read it: to the nearest pixel ("nearest"), or to the four
    neighbours with the bilinear weights ("bilinear"). `mode`,
    `align_corners` and `half_pixel_centers` are the resize's.
  }];
  let arguments = (ins Tg_FloatTensor:$out_grad, StrAttr:$mode,
                   BoolAttr:$align_corners, BoolAttr:$half_pixel_centers);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = "$out_grad attr-dict `:` type($out_grad) `->` type($output)";
  let hasVerifier = 1;
}

def Tg_BatchMatMulOp : Tg_Op<"batch_matmul", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "matrix products over broadcast batch dimensions (TF BatchMatMulV2)";
  let arguments = (ins Tg_NumericTensor:$a, Tg_NumericTensor:$b,
                   DefaultValuedAttr<BoolAttr, "false">:$adj_a,
                   DefaultValuedAttr<BoolAttr, "false">:$adj_b);
  let results = (outs Tg_NumericTensor:$output);
  let assemblyFormat = [{
    $a `,` $b attr-dict `:` `(` type($a) `,` type($b) `)` `->` type($output)
  }];
}

#endif // TG_NN_TD

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

include "tgc/Dialect/Tg/IR/TgBase.td"
include "tgc/Dialect/Tg/IR/TgElementwise.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tg_Conv2DOp : Tg_Op<"conv2d", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "2-D convolution, NHWC input and HWIO filter (TF Conv2D)";
  let description = [{
    `output[n, y, x, o] = sum over kh, kw, i of
    padded_input[n, y*sh + kh*dh, x*sw + kw*dw, i] * filter[kh, kw, i, o]`
    (a cross-correlation, as in TensorFlow), where `padded_input` is the
    input with `pad = [top, bottom, left, right]` zeros around H and W,
    `strides = [sh, sw]` and `dilations = [dh, dw]` (all positive). The
    input is NHWC, the filter `[KH, KW, I, O]`. When the input has more
    channels than I (a multiple of it), the convolution is grouped: each
    group of O / G output channels reads its own I input channels, with
    G = channels / I (code generation rejects grouped convolutions so far).
    The importer resolves TF's `SAME`, `VALID` and `EXPLICIT` padding into
    `pad`, and imports `_FusedConv2D` as this op followed by the ops its
    `fused_ops` name (bias, activation).

    The result, `[N, H', W', O]`, is inferred: a spatial size is
    `(in + pad_lo + pad_hi - (d * (k - 1) + 1)) / s + 1`, or 0 when the
    window does not fit. No folder.

    ```mlir
    func.func @example(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf32>) -> tensor<1x4x4x8xf32> {
      %0 = tg.conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x4x4x8xf32>
      return %0 : tensor<1x4x4x8xf32>
    }
    ```
  }];
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
  let description = [{
    Convolves every input channel on its own with M filters:
    `output[n, y, x, c*M + m] = sum over kh, kw of
    padded_input[n, y*sh + kh*dh, x*sw + kw*dw, c] * filter[kh, kw, c, m]`.
    The input is NHWC with C channels and the filter `[KH, KW, C, M]`
    (channel multiplier M); `strides`, `dilations` and
    `pad = [top, bottom, left, right]` are as for `tg.conv2d`. The result,
    `[N, H', W', C*M]`, is inferred with `tg.conv2d`'s spatial sizes. TF's
    `FusedDepthwiseConv2dNative` imports as this op followed by the ops its
    `fused_ops` name. No folder.

    ```mlir
    func.func @example(%x: tensor<2x8x8x4xf32>, %w: tensor<3x3x4x2xf32>) -> tensor<2x4x4x8xf32> {
      %0 = tg.depthwise_conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>} : (tensor<2x8x8x4xf32>, tensor<3x3x4x2xf32>) -> tensor<2x4x4x8xf32>
      return %0 : tensor<2x4x4x8xf32>
    }
    ```
  }];
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
    The transposed convolution: the gradient, with respect to its input,
    of the `tg.conv2d` of the result's shape with `filter`, `strides`,
    `dilations` and `pad`, given that convolution's output gradient as
    `input`. Each element of `input` adds `filter[kh, kw, :, o]` times
    itself into the result window it came from. The filter is the forward
    convolution's, `[KH, KW, I, O]`: I is the result's channels and O the
    input's. The result type is given (TF's `input_sizes`), because strides
    lose the remainder; the verifier checks that the forward convolution of
    the result gives the input's shape. `tg-gradients` builds it for the
    input gradient of `tg.conv2d`. No folder.

    ```mlir
    func.func @example(%g: tensor<1x4x4x8xf32>, %w: tensor<3x3x3x8xf32>) -> tensor<1x7x7x3xf32> {
      %0 = tg.conv2d_transpose %g, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<1x7x7x3xf32>
      return %0 : tensor<1x7x7x3xf32>
    }
    ```
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
    bottom, left, right). The result has the filter's shape, as written;
    the verifier checks that it connects the input's channels to the
    gradient's and that the convolution of the input with that window gives
    the gradient's spatial size. Built by `tg-gradients`. No folder.

    ```mlir
    func.func @example(%x: tensor<1x5x5x3xf32>, %g: tensor<1x3x3x8xf32>) -> tensor<3x3x3x8xf32> {
      %0 = tg.conv2d_filter_grad %x, %g {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x5x5x3xf32>, tensor<1x3x3x8xf32>) -> tensor<3x3x3x8xf32>
      return %0 : tensor<3x3x3x8xf32>
    }
    ```
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

/// A pooling op. The description states what max_pool and avg_pool share;
/// each adds `specificDescription`: its function and an example.
class Tg_PoolOp<string mnemonic, string summaryText>
    : Tg_Op<mnemonic, [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = summaryText;
  code specificDescription = "";
  let description = [{
    Slides a `window = [KH, KW]` over H and W of an NHWC float input with
    `strides = [sh, sw]` and `pad = [top, bottom, left, right]`; each
    padding must be smaller than the window (the importer resolves TF's
    `SAME` and `VALID`). Every channel is pooled on its own. The result,
    `[N, H', W', C]`, is inferred: a spatial size is
    `(in + pad_lo + pad_hi - k) / s + 1`. No folder.

  }] # specificDescription;
  let arguments = (ins Tg_FloatTensor:$input, DenseI64ArrayAttr:$window,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pad);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Tg_MaxPoolOp : Tg_PoolOp<"max_pool", "maximum over windows, NHWC; padding never wins (TF MaxPool)"> {
  let specificDescription = [{
    Each output element is the largest input element of its window; padded
    positions take no part (padding never wins).

    ```mlir
    func.func @example(%x: tensor<1x7x7x5xf32>) -> tensor<1x3x3x5xf32> {
      %0 = tg.max_pool %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x7x7x5xf32> -> tensor<1x3x3x5xf32>
      return %0 : tensor<1x3x3x5xf32>
    }
    ```
  }];
}
def Tg_AvgPoolOp : Tg_PoolOp<"avg_pool", "mean over windows, NHWC; padded elements are not counted (TF AvgPool)"> {
  let specificDescription = [{
    Each output element is the mean of the input elements of its window
    that are not padding: with `SAME` padding, a window at the border
    divides by fewer than `KH * KW`, as in TensorFlow.

    ```mlir
    func.func @example(%x: tensor<2x6x6x1xf16>) -> tensor<2x6x3x1xf16> {
      %0 = tg.avg_pool %x {window = array<i64: 3, 2>, strides = array<i64: 1, 2>, pad = array<i64: 1, 1, 0, 0>} : tensor<2x6x6x1xf16> -> tensor<2x6x3x1xf16>
      return %0 : tensor<2x6x3x1xf16>
    }
    ```
  }];
}

def Tg_DepthwiseGradOp : Tg_Op<"depthwise_conv2d_grad", [Pure]> {
  let summary = "gradient of depthwise_conv2d with respect to its input or its filter";
  let description = [{
    `wrt` "input": the input's gradient from the filter and the output
    gradient (operands `filter`, `out_grad`; result: the input's type).
    `wrt` "filter": the filter's gradient from the input and the output
    gradient (operands `input`, `out_grad`; result: the filter's type).
    `strides`, `dilations` and `pad` are the convolution's. The verifier
    checks that the filter `[KH, KW, C, M]` connects the C input channels
    to the `C*M` gradient channels. Built by `tg-gradients`. No folder.

    ```mlir
    func.func @example(%x: tensor<1x8x8x4xf32>, %w: tensor<3x3x4x2xf32>, %g: tensor<1x4x4x8xf32>) -> (tensor<1x8x8x4xf32>, tensor<3x3x4x2xf32>) {
      %dx = tg.depthwise_conv2d_grad %w, %g {wrt = "input", strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>} : (tensor<3x3x4x2xf32>, tensor<1x4x4x8xf32>) -> tensor<1x8x8x4xf32>
      %dw = tg.depthwise_conv2d_grad %x, %g {wrt = "filter", strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>} : (tensor<1x8x8x4xf32>, tensor<1x4x4x8xf32>) -> tensor<3x3x4x2xf32>
      return %dx, %dw : tensor<1x8x8x4xf32>, tensor<3x3x4x2xf32>
    }
    ```
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
    pooling's. Built by `tg-gradients`. No folder.

    ```mlir
    func.func @example(%x: tensor<1x4x4x2xf32>, %g: tensor<1x2x2x2xf32>) -> tensor<1x4x4x2xf32> {
      %0 = tg.pool_grad %x, %g {mode = "max", window = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x4x2xf32>
      return %0 : tensor<1x4x4x2xf32>
    }
    ```
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
    Every output pixel maps to a source coordinate: with `align_corners`
    the corner pixels map to the corner pixels (`src = dst * (in - 1) /
    (out - 1)`); with `half_pixel_centers` pixel centres map to pixel
    centres (`src = (dst + 0.5) * in / out - 0.5`); otherwise
    `src = dst * in / out`. The two flags are exclusive, as in TensorFlow.
    `mode` "bilinear" interpolates the four neighbours of the source
    coordinate, "nearest" takes the nearest one (TF's rounding for each
    mapping). The result type holds the new size (TF's `size` operand); the
    batch, the channels and the element type stay. No folder.

    ```mlir
    func.func @example(%x: tensor<1x4x6x3xf32>) -> tensor<1x8x12x3xf32> {
      %0 = tg.resize %x {mode = "bilinear", align_corners = false, half_pixel_centers = true} : tensor<1x4x6x3xf32> -> tensor<1x8x12x3xf32>
      return %0 : tensor<1x8x12x3xf32>
    }
    ```
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
    `align_corners` and `half_pixel_centers` are the resize's. Built by
    `tg-gradients`. No folder.

    ```mlir
    func.func @example(%g: tensor<1x8x12x3xf32>) -> tensor<1x4x6x3xf32> {
      %0 = tg.resize_grad %g {mode = "bilinear", align_corners = false, half_pixel_centers = true} : tensor<1x8x12x3xf32> -> tensor<1x4x6x3xf32>
      return %0 : tensor<1x4x6x3xf32>
    }
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$out_grad, StrAttr:$mode,
                   BoolAttr:$align_corners, BoolAttr:$half_pixel_centers);
  let results = (outs Tg_FloatTensor:$output);
  let assemblyFormat = "$out_grad attr-dict `:` type($out_grad) `->` type($output)";
  let hasVerifier = 1;
}

def Tg_BatchMatMulOp : Tg_Op<"batch_matmul", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "matrix products over broadcast batch dimensions (TF BatchMatMul, BatchMatMulV2, BatchMatMulV3)";
  let description = [{
    For every batch index, the product of the last two dimensions:
    `output[..., m, n] = sum over k of op(a)[..., m, k] * op(b)[..., k, n]`,
    where `op(t)` transposes the last two dimensions of `t` when `adj_a` or
    `adj_b` is set (default false; tg's types are real, so the adjoint is
    the transpose). Both operands have rank at least 2 and one numeric
    element type. The batch dimensions (all but the last two) broadcast as
    in TensorFlow, so a rank-2 operand applies to every batch. The result,
    `batch + [M, N]`, is inferred. No folder.

    ```mlir
    func.func @example(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
      %0 = tg.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
      return %0 : tensor<2x3x5xf32>
    }
    ```
  }];
  let arguments = (ins Tg_NumericTensor:$a, Tg_NumericTensor:$b,
                   DefaultValuedAttr<BoolAttr, "false">:$adj_a,
                   DefaultValuedAttr<BoolAttr, "false">:$adj_b);
  let results = (outs Tg_NumericTensor:$output);
  let assemblyFormat = [{
    $a `,` $b attr-dict `:` `(` type($a) `,` type($b) `)` `->` type($output)
  }];
}

//===----------------------------------------------------------------------===//
// Matrix products and softmax
//===----------------------------------------------------------------------===//


def Tg_MatMulOp : Tg_Op<"matmul", [Pure, InferTypeOpAdaptorWithIsCompatible]> {
  let summary = "matrix product of two rank-2 tensors (TF MatMul)";
  let description = [{
    `output = op(a) * op(b)` where `op(t)` transposes `t` when the matching
    flag (`transpose_a`, `transpose_b`, default false) is set. `op(a)` is
    MxK, `op(b)` is KxN and the result is MxN (inferred). Both operands have
    rank 2 and one numeric element type, and their K must agree where both
    are known. No folder.

    ```mlir
    func.func @example(%x: tensor<1x784xf32>, %w: tensor<784x128xf32>, %v: tensor<10x128xf32>) -> tensor<1x10xf32> {
      %0 = tg.matmul %x, %w : (tensor<1x784xf32>, tensor<784x128xf32>) -> tensor<1x128xf32>
      %1 = tg.matmul %0, %v {transpose_b = true} : (tensor<1x128xf32>, tensor<10x128xf32>) -> tensor<1x10xf32>
      return %1 : tensor<1x10xf32>
    }
    ```
  }];
  let arguments = (ins Tg_NumericTensor:$a, Tg_NumericTensor:$b,
                   DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                   DefaultValuedAttr<BoolAttr, "false">:$transpose_b);
  let results = (outs Tg_NumericTensor:$output);
  let assemblyFormat = [{
    $a `,` $b attr-dict `:` `(` type($a) `,` type($b) `)` `->` type($output)
  }];
}

def Tg_SoftmaxOp : Tg_UnaryOp<"softmax", Tg_FloatTensor> {
  let summary = "softmax over the last dimension (TF Softmax)";
  let description = [{
    `output[..., i] = exp(x[..., i] - m) / sum_j exp(x[..., j] - m)` with
    `m = max_j x[..., j]`, over the innermost dimension (subtracting the
    maximum keeps `exp` from overflowing). The input is a float tensor of
    rank at least 1; the result has its type. No folder.

    ```mlir
    func.func @example(%logits: tensor<1x10xf32>) -> tensor<1x10xf32> {
      %0 = tg.softmax %logits : tensor<1x10xf32>
      return %0 : tensor<1x10xf32>
    }
    ```
  }];
  let hasVerifier = 1;
}

#endif // TG_NN_TD

// RUN: tgc-opt %s -split-input-file -convert-tg-to-linalg | FileCheck %s

// A float convolution is a matrix product of the input's patches with the
// filter: a 3x3 stride-2 convolution gathers [N,OH,OW,KH,KW,C] patches
// (im2col) read at (oh*2 + kh, ow*2 + kw), collapses them to
// [N*OH*OW, KH*KW*C], multiplies by the filter as [KH*KW*C, F] in an
// ordered-sum matmul, and expands the product back to NHWC.
// CHECK-DAG: #[[READ:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// CHECK-LABEL: func.func @conv3x3
// CHECK: %[[P:.*]] = tensor.pad
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[READ]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[P]] : tensor<1x9x9x2xf32>) outs({{.*}} : tensor<1x4x4x3x3x2xf32>)
// CHECK: %[[A:.*]] = tensor.collapse_shape %[[G]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<1x4x4x3x3x2xf32> into tensor<16x18xf32>
// CHECK: %[[B:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1, 2], [3]] : tensor<3x3x2x5xf32> into tensor<18x5xf32>
// CHECK: %[[M:.*]] = linalg.matmul {tg.ordered_sum} ins(%[[A]], %[[B]] : tensor<16x18xf32>, tensor<18x5xf32>)
// CHECK: tensor.expand_shape %[[M]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 4, 4, 5] : tensor<16x5xf32> into tensor<1x4x4x5xf32>
func.func @conv3x3(%x: tensor<1x8x8x2xf32>, %w: tensor<3x3x2x5xf32>) -> tensor<1x4x4x5xf32> {
  %y = tg.conv2d %x, %w {dilations = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x8x2xf32>, tensor<3x3x2x5xf32>) -> tensor<1x4x4x5xf32>
  return %y : tensor<1x4x4x5xf32>
}

// -----

// A 1x1 convolution with unit strides multiplies the input itself.
// CHECK-LABEL: func.func @conv1x1
// CHECK-NOT: linalg.generic
// CHECK: %[[A:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2], [3]] : tensor<2x3x3x4xf32> into tensor<18x4xf32>
// CHECK: linalg.matmul {tg.ordered_sum} ins(%[[A]], %{{.*}} : tensor<18x4xf32>, tensor<4x6xf32>)
func.func @conv1x1(%x: tensor<2x3x3x4xf32>, %w: tensor<1x1x4x6xf32>) -> tensor<2x3x3x6xf32> {
  %y = tg.conv2d %x, %w {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x3x3x4xf32>, tensor<1x1x4x6xf32>) -> tensor<2x3x3x6xf32>
  return %y : tensor<2x3x3x6xf32>
}

// -----

// A transposed convolution with a constant filter flips it at compile time
// (f'[i, j, o, c] = f[kh-1-i, kw-1-j, c, o]), so that the product sees a
// constant: filter [2, 2, c=1, o=2] = [[[[1, 2]], [[3, 4]]], [[[5, 6]], [[7, 8]]]].
// CHECK-LABEL: func.func @conv_transpose_constant
// CHECK{LITERAL}: arith.constant dense<[[[[7.000000e+00], [8.000000e+00]], [[5.000000e+00], [6.000000e+00]]], [[[3.000000e+00], [4.000000e+00]], [[1.000000e+00], [2.000000e+00]]]]> : tensor<2x2x2x1xf32>
// CHECK-NOT: -d0 + 1
// CHECK: linalg.matmul {tg.ordered_sum}
func.func @conv_transpose_constant(%x: tensor<1x3x3x2xf32>) -> tensor<1x6x6x1xf32> {
  %w = tg.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]], [[[5.0, 6.0]], [[7.0, 8.0]]]]> : tensor<2x2x1x2xf32>
  %y = tg.conv2d_transpose %x, %w {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x3x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x6x6x1xf32>
  return %y : tensor<1x6x6x1xf32>
}

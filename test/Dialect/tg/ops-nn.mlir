// RUN: tgc-opt %s | FileCheck %s
// RUN: tgc-opt %s | tgc-opt | FileCheck %s
// RUN: tgc-opt -mlir-print-op-generic %s | tgc-opt | FileCheck %s

// The convolution, pooling, resizing and batch-matmul tg ops print in their
// custom form and parse back to the same IR. The result types are the ones
// shape inference gives: out = (in + pad_lo + pad_hi - (d * (k - 1) + 1)) / s + 1.

// CHECK-LABEL: func.func @conv2d
func.func @conv2d(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf32>, %d: tensor<?x7x7x3xf32>, %g: tensor<3x3x1x8xf32>) {
  // VALID, stride 1: 7 - 3 + 1 = 5.
  // CHECK: tg.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x5x5x8xf32>
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x5x5x8xf32>
  // Padded 1 each side, stride 2: (9 - 3) / 2 + 1 = 4.
  // CHECK: tg.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x4x4x8xf32>
  %1 = tg.conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x4x4x8xf32>
  // Dilation 2 in H (effective window 5): 7 - 5 + 1 = 3; W: 7 - 3 + 1 + 2 = 7.
  // CHECK: tg.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 2, 1>, pad = array<i64: 0, 0, 1, 1>, strides = array<i64: 1, 1>} : (tensor<?x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x3x7x8xf32>
  %2 = tg.conv2d %d, %w {strides = array<i64: 1, 1>, dilations = array<i64: 2, 1>, pad = array<i64: 0, 0, 1, 1>} : (tensor<?x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x3x7x8xf32>
  // A grouped convolution: 3 input channels, filter input depth 1.
  // CHECK: tg.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x7x7x3xf32>, tensor<3x3x1x8xf32>) -> tensor<1x5x5x8xf32>
  %3 = tg.conv2d %x, %g {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x3xf32>, tensor<3x3x1x8xf32>) -> tensor<1x5x5x8xf32>
  return
}

// CHECK-LABEL: func.func @depthwise_conv2d
func.func @depthwise_conv2d(%x: tensor<2x8x8x4xf32>, %w: tensor<3x3x4x2xf32>) {
  // Output channels: 4 channels times multiplier 2.
  // CHECK: tg.depthwise_conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>, strides = array<i64: 2, 2>} : (tensor<2x8x8x4xf32>, tensor<3x3x4x2xf32>) -> tensor<2x4x4x8xf32>
  %0 = tg.depthwise_conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>} : (tensor<2x8x8x4xf32>, tensor<3x3x4x2xf32>) -> tensor<2x4x4x8xf32>
  return
}

// CHECK-LABEL: func.func @conv2d_transpose
func.func @conv2d_transpose(%g: tensor<1x4x4x8xf32>, %w: tensor<3x3x3x8xf32>) {
  // The forward convolution of 1x7x7x3 (pad 1, stride 2) gives 1x4x4x8; so
  // does that of 1x8x8x3 with pad [0, 1].
  // CHECK: tg.conv2d_transpose %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<1x7x7x3xf32>
  %0 = tg.conv2d_transpose %g, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<1x7x7x3xf32>
  // CHECK: tg.conv2d_transpose %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<1x8x8x3xf32>
  %1 = tg.conv2d_transpose %g, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<1x8x8x3xf32>
  return
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x7x7x5xf32>, %h: tensor<2x6x6x1xf16>) {
  // CHECK: tg.max_pool %{{.*}} {pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, window = array<i64: 3, 3>} : tensor<1x7x7x5xf32> -> tensor<1x3x3x5xf32>
  %0 = tg.max_pool %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x7x7x5xf32> -> tensor<1x3x3x5xf32>
  // CHECK: tg.max_pool %{{.*}} {pad = array<i64: 0, 1, 0, 1>, strides = array<i64: 2, 2>, window = array<i64: 2, 2>} : tensor<1x7x7x5xf32> -> tensor<1x4x4x5xf32>
  %1 = tg.max_pool %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>} : tensor<1x7x7x5xf32> -> tensor<1x4x4x5xf32>
  // CHECK: tg.avg_pool %{{.*}} {pad = array<i64: 1, 1, 0, 0>, strides = array<i64: 1, 2>, window = array<i64: 3, 2>} : tensor<2x6x6x1xf16> -> tensor<2x6x3x1xf16>
  %2 = tg.avg_pool %h {window = array<i64: 3, 2>, strides = array<i64: 1, 2>, pad = array<i64: 1, 1, 0, 0>} : tensor<2x6x6x1xf16> -> tensor<2x6x3x1xf16>
  return
}

// CHECK-LABEL: func.func @resize
func.func @resize(%x: tensor<1x4x6x3xf32>, %i: tensor<2x5x5x1xi32>) {
  // CHECK: tg.resize %{{.*}} {align_corners = false, half_pixel_centers = true, mode = "bilinear"} : tensor<1x4x6x3xf32> -> tensor<1x8x12x3xf32>
  %0 = tg.resize %x {mode = "bilinear", align_corners = false, half_pixel_centers = true} : tensor<1x4x6x3xf32> -> tensor<1x8x12x3xf32>
  // CHECK: tg.resize %{{.*}} {align_corners = true, half_pixel_centers = false, mode = "bilinear"} : tensor<1x4x6x3xf32> -> tensor<1x2x3x3xf32>
  %1 = tg.resize %x {mode = "bilinear", align_corners = true, half_pixel_centers = false} : tensor<1x4x6x3xf32> -> tensor<1x2x3x3xf32>
  // CHECK: tg.resize %{{.*}} {align_corners = false, half_pixel_centers = false, mode = "nearest"} : tensor<2x5x5x1xi32> -> tensor<2x10x7x1xi32>
  %2 = tg.resize %i {mode = "nearest", align_corners = false, half_pixel_centers = false} : tensor<2x5x5x1xi32> -> tensor<2x10x7x1xi32>
  return
}

// CHECK-LABEL: func.func @batch_matmul
func.func @batch_matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>, %c: tensor<4x5xf32>, %d: tensor<7x1x5x4xf32>, %e: tensor<?x4x3xi32>, %f: tensor<2x5x3xf32>) {
  // CHECK: tg.batch_matmul %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  %0 = tg.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  // A rank-2 operand broadcasts over the batch.
  // CHECK: tg.batch_matmul %{{.*}}, %{{.*}} : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  %1 = tg.batch_matmul %a, %c : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  // Batch [7, 1] and [2] broadcast to [7, 2]; adj_b makes b 4x5.
  // CHECK: tg.batch_matmul %{{.*}}, %{{.*}} {adj_b = true} : (tensor<2x3x4xf32>, tensor<7x1x5x4xf32>) -> tensor<7x2x3x5xf32>
  %2 = tg.batch_matmul %a, %d {adj_b = true} : (tensor<2x3x4xf32>, tensor<7x1x5x4xf32>) -> tensor<7x2x3x5xf32>
  // adj_a: a^T is 3x4, times b (4x3) gives 3x3; adj_b: a (4x3) times b^T (3x4) gives 4x4.
  // CHECK: tg.batch_matmul %{{.*}}, %{{.*}} {adj_a = true} : (tensor<?x4x3xi32>, tensor<?x4x3xi32>) -> tensor<?x3x3xi32>
  %3 = tg.batch_matmul %e, %e {adj_a = true} : (tensor<?x4x3xi32>, tensor<?x4x3xi32>) -> tensor<?x3x3xi32>
  // CHECK: tg.batch_matmul %{{.*}}, %{{.*}} {adj_b = true} : (tensor<?x4x3xi32>, tensor<?x4x3xi32>) -> tensor<?x4x4xi32>
  %4 = tg.batch_matmul %e, %e {adj_b = true} : (tensor<?x4x3xi32>, tensor<?x4x3xi32>) -> tensor<?x4x4xi32>
  // Both: a^T (4x3) times b^T (3x5) gives 4x5.
  // CHECK: tg.batch_matmul %{{.*}}, %{{.*}} {adj_a = true, adj_b = true} : (tensor<2x3x4xf32>, tensor<2x5x3xf32>) -> tensor<2x4x5xf32>
  %5 = tg.batch_matmul %a, %f {adj_a = true, adj_b = true} : (tensor<2x3x4xf32>, tensor<2x5x3xf32>) -> tensor<2x4x5xf32>
  return
}

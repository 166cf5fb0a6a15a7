// RUN: tgc-opt %s -split-input-file -tg-pads-in-place | FileCheck %s

// The padded value's producer writes into the interior of the filled
// tensor: no second tensor, no copy after bufferization.

// CHECK-LABEL: func.func @relu_then_pad
// CHECK: %[[ZERO:.*]] = arith.constant 0.0
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x10x10x4xf32>
// CHECK: %[[FILLED:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<1x10x10x4xf32>)
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[FILLED]][0, 1, 1, 0] [1, 8, 8, 4] [1, 1, 1, 1]
// CHECK: %[[RELU:.*]] = linalg.generic
// CHECK-SAME: outs(%[[INTERIOR]] : tensor<1x8x8x4xf32>)
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[RELU]] into %[[FILLED]][0, 1, 1, 0] [1, 8, 8, 4] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
// CHECK: return %[[PADDED]]
func.func @relu_then_pad(%x: tensor<1x8x8x4xf32>) -> tensor<1x10x10x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x4xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x8x8x4xf32>) outs(%e : tensor<1x8x8x4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x8x4xf32>
  %p = tensor.pad %y low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x4xf32> to tensor<1x10x10x4xf32>
  return %p : tensor<1x10x10x4xf32>
}

// -----

// A pad of a function argument has no producer to redirect: the argument
// is copied into the interior (as before, by bufferization).

// CHECK-LABEL: func.func @pad_argument
// CHECK: %[[FILLED:.*]] = linalg.fill
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %{{.*}} into %[[FILLED]][0, 2, 0, 0] [1, 8, 8, 4] [1, 1, 1, 1]
// CHECK: return %[[PADDED]]
func.func @pad_argument(%x: tensor<1x8x8x4xf32>) -> tensor<1x11x8x4xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 2, 0, 0] high[0, 1, 0, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %ninf : f32
  } : tensor<1x8x8x4xf32> to tensor<1x11x8x4xf32>
  return %p : tensor<1x11x8x4xf32>
}

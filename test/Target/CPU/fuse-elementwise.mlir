// RUN: tgc-opt %s -split-input-file -tg-fuse-elementwise | FileCheck %s

// A matmul followed by a reshape stays a named linalg.matmul (upstream's
// elementwise fusion would expand it into a generic contraction that
// tg-gemm-to-runtime no longer recognises), and keeps its attributes.
// CHECK-LABEL: func.func @matmul_reshape
// CHECK: linalg.matmul {tg.ordered_sum}
// CHECK: tensor.expand_shape
func.func @matmul_reshape(%a: tensor<6x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x5xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.matmul {tg.ordered_sum} ins(%a, %b : tensor<6x4xf32>, tensor<4x5xf32>) outs(%f : tensor<6x5xf32>) -> tensor<6x5xf32>
  %r = tensor.expand_shape %m [[0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xf32> into tensor<2x3x5xf32>
  return %r : tensor<2x3x5xf32>
}

// -----

#id = affine_map<(d0) -> (d0)>
// An elementwise chain fuses into one generic (neg, mul); a producer with
// two users (the product) is not duplicated into both.
// CHECK-LABEL: func.func @chain
// CHECK: %[[B:.*]] = linalg.generic
// CHECK: arith.negf
// CHECK-NEXT: arith.mulf
// CHECK: linalg.generic {{.*}} ins(%[[B]]
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[B]]
// CHECK: math.sqrt
// CHECK-NOT: linalg.generic
func.func @chain(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<8xf32>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.mulf %in, %in : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%b : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = math.exp %in : f32
    linalg.yield %t : f32
  } -> tensor<8xf32>
  %d = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%b : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = math.sqrt %in : f32
    linalg.yield %t : f32
  } -> tensor<8xf32>
  return %c, %d : tensor<8xf32>, tensor<8xf32>
}

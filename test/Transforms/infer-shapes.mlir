// RUN: tgc-opt %s -split-input-file -tg-infer-shapes | FileCheck %s

// tg-infer-shapes: a refined argument type flows through every op and into
// the function type.

// CHECK-LABEL: func.func @refine
// CHECK-SAME: -> (tensor<4x10xf32> {tg.fetch = "probs"})
// CHECK: tg.matmul {{.*}} -> tensor<4x8xf32>
// CHECK: tg.add {{.*}} -> tensor<4x8xf32>
// CHECK: tg.relu {{.*}} : tensor<4x8xf32>
// CHECK: tg.matmul {{.*}} -> tensor<4x10xf32>
// CHECK: tg.softmax {{.*}} : tensor<4x10xf32>
func.func @refine(%x: tensor<4x3xf32>) -> (tensor<?x10xf32> {tg.fetch = "probs"}) {
  %w = tg.constant dense<1.0> : tensor<3x8xf32>
  %b = tg.constant dense<1.0> : tensor<8xf32>
  %v = tg.constant dense<1.0> : tensor<8x10xf32>
  %c = tg.identity %x : tensor<4x3xf32>
  %0 = "tg.matmul"(%x, %w) : (tensor<4x3xf32>, tensor<3x8xf32>) -> tensor<?x8xf32>
  %1 = "tg.add"(%0, %b) : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %2 = "tg.relu"(%1) : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %3 = "tg.matmul"(%2, %v) : (tensor<?x8xf32>, tensor<8x10xf32>) -> tensor<?x10xf32>
  %4 = "tg.softmax"(%3) : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %4 : tensor<?x10xf32>
}

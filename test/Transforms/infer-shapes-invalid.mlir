// RUN: tgc-opt %s -tg-infer-shapes -verify-diagnostics -o /dev/null

// A conflict that only refinement reveals is reported at the op.
func.func @conflict(%x: tensor<5x3xf32>, %w: tensor<3x2xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = "tg.matmul"(%x, %w) : (tensor<5x3xf32>, tensor<3x2xf32>) -> tensor<?x?xf32>
  %1 = "tg.matmul"(%0, %0) {transpose_a = true} : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  // expected-error @+1 {{operands are not broadcast-compatible: 'tensor<2x2xf32>' and 'tensor<4xf32>'}}
  %2 = "tg.add"(%1, %b) : (tensor<?x?xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %2 : tensor<?x4xf32>
}

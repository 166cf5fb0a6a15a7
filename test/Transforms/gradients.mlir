// RUN: tgc-opt %s -split-input-file -tg-gradients="loss=loss wrt=w,b,x" -verify-diagnostics | FileCheck %s

// A dense layer with ReLU and a sum: the entry returns the loss and the
// gradients of the Consts w and b and of the feed x. The bias gradient is
// summed over the broadcast batch dimension; ReLU gates with x > 0; the
// matmul gradients fold the transposes into the products.
// CHECK-LABEL: func.func @main
// CHECK-SAME: -> (tensor<f32> {tg.fetch = "loss"}, tensor<3x2xf32> {tg.fetch = "grad_w"}, tensor<2xf32> {tg.fetch = "grad_b"}, tensor<2x3xf32> {tg.fetch = "grad_x"})
// CHECK: %[[Z:.*]] = tg.add
// CHECK: %[[L:.*]] = tg.reduce_sum
// CHECK: %[[POS:.*]] = tg.greater %[[Z]]
// CHECK: %[[GZ:.*]] = tg.select %[[POS]]
// CHECK: %[[GB:.*]] = tg.reduce_sum %[[GZ]], [0] : tensor<2x2xf32> -> tensor<2xf32>
// CHECK: %[[GX:.*]] = tg.matmul %[[GZ]], %{{.*}} {transpose_b = true}
// CHECK: %[[GW:.*]] = tg.matmul %arg0, %[[GZ]] {transpose_a = true}
// CHECK: return %[[L]], %[[GW]], %[[GB]], %[[GX]]
func.func @main(%x: tensor<2x3xf32> {tg.feed = "x"}) -> (tensor<f32> {tg.fetch = "loss"}) {
  %w = tg.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32> loc("w")
  %b = tg.constant dense<[0.5, -0.5]> : tensor<2xf32> loc("b")
  %h = tg.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %z = tg.add %h, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %r = tg.relu %z : tensor<2x2xf32>
  %l = tg.reduce_sum %r, [0, 1] : tensor<2x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// An op on the path without a gradient rule is an error at its node.
func.func @main(%x: tensor<2x5xf32> {tg.feed = "x"}) -> (tensor<f32> {tg.fetch = "loss"}) {
  %w = tg.constant dense<1.0> : tensor<4xf32> loc("w")
  %b = tg.constant dense<1.0> : tensor<f32> loc("b")
  %i = tg.constant dense<[0, 2]> : tensor<2xi32>
  // expected-error @+1 {{no gradient rule for 'tg.gather_grad' (on the path from the loss to the --wrt values)}}
  %p = tg.gather_grad %i, %x {axis = 0 : i64} : (tensor<2xi32>, tensor<2x5xf32>) -> tensor<4x5xf32>
  %s = tg.reduce_sum %p, [0, 1] : tensor<4x5xf32> -> tensor<f32>
  %l = tg.mul %s, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The loss must be a floating-point scalar.
func.func @main(%x: tensor<2xf32> {tg.feed = "x"}) -> (tensor<2xf32> {tg.fetch = "loss"}) {
  %w = tg.constant dense<1.0> : tensor<2xf32> loc("w")
  %b = tg.constant dense<1.0> : tensor<2xf32> loc("b")
  %y = tg.mul %x, %w : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // expected-error @+1 {{the loss 'loss' must be a floating-point scalar, got 'tensor<2xf32>'}}
  %z = tg.add %y, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %z : tensor<2xf32>
}

// -----

// A --wrt name that is not in the graph.
// expected-error @+1 {{--wrt 'w' is not a feed, a variable or a Const that the graph uses at run time}}
func.func @main(%x: tensor<f32> {tg.feed = "x"}) -> (tensor<f32> {tg.fetch = "loss"}) {
  return %x : tensor<f32>
}

// RUN: tgc-opt %s | FileCheck %s
// RUN: tgc-opt %s | tgc-opt | FileCheck %s
// RUN: tgc-opt -mlir-print-op-generic %s | tgc-opt | FileCheck %s

// Every tg op prints in its custom form and parses back to the same IR.

// CHECK: tg.variable @w : tensor<3x4xf32> = dense<1.000000e+00> : tensor<3x4xf32>
tg.variable @w : tensor<3x4xf32> = dense<1.0> : tensor<3x4xf32>
// CHECK: tg.variable @step : tensor<i64>{{$}}
tg.variable @step : tensor<i64>

// CHECK-LABEL: func.func @mlp
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32> {tg.feed = "x"}
func.func @mlp(%x: tensor<2x3xf32> {tg.feed = "x"}) -> (tensor<2x4xf32> {tg.fetch = "probs"}) {
  // CHECK: %[[B:.*]] = tg.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
  %b = tg.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  // CHECK: %[[W:.*]] = tg.read @w : tensor<3x4xf32>
  %w = tg.read @w : tensor<3x4xf32>
  // CHECK: %[[M:.*]] = tg.matmul %[[X]], %[[W]] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %m = tg.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: tg.matmul %[[X]], %[[X]] {transpose_b = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  %g = tg.matmul %x, %x {transpose_b = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  // CHECK: tg.matmul %[[X]], %[[X]] {transpose_a = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  %h = tg.matmul %x, %x {transpose_a = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  // CHECK: %[[A:.*]] = tg.add %[[M]], %[[B]] : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %a = tg.add %m, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // CHECK: %[[R:.*]] = tg.relu %[[A]] : tensor<2x4xf32>
  %r = tg.relu %a : tensor<2x4xf32>
  // CHECK: %[[I:.*]] = tg.identity %[[R]] : tensor<2x4xf32>
  %i = tg.identity %r : tensor<2x4xf32>
  // CHECK: %[[S:.*]] = tg.softmax %[[I]] : tensor<2x4xf32>
  %s = tg.softmax %i : tensor<2x4xf32>
  // CHECK: tg.assign @w, %[[W]] : tensor<3x4xf32>
  tg.assign @w, %w : tensor<3x4xf32>
  // CHECK: return %[[S]]
  return %s : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @dynamic_and_integer
func.func @dynamic_and_integer(%x: tensor<?x3xi32>, %y: tensor<1x3xi32>) -> tensor<?x3xi32> {
  // CHECK: tg.add %{{.*}}, %{{.*}} : (tensor<?x3xi32>, tensor<1x3xi32>) -> tensor<?x3xi32>
  %0 = tg.add %x, %y : (tensor<?x3xi32>, tensor<1x3xi32>) -> tensor<?x3xi32>
  // CHECK: tg.relu %{{.*}} : tensor<?x3xi32>
  %1 = tg.relu %0 : tensor<?x3xi32>
  return %1 : tensor<?x3xi32>
}

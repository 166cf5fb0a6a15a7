// RUN: tgc-opt %s | FileCheck %s
// RUN: tgc-opt %s | tgc-opt | FileCheck %s
// RUN: tgc-opt -mlir-print-op-generic %s | tgc-opt | FileCheck %s

// The elementwise tg ops print in their custom form and parse back to the
// same IR: broadcasting binary ops (comparisons give i1), unary ops,
// leaky_relu with its alpha, cast, select and add_n. Every result type here
// is the one shape inference gives, so the ops also verify.

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[C:.*]]: tensor<2x1xf32>)
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<2x1xf32>) {
  // CHECK: tg.sub %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = tg.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.mul %[[B]], %[[C]] : (tensor<3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %1 = tg.mul %b, %c : (tensor<3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  // CHECK: tg.div %[[A]], %[[C]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %2 = tg.div %a, %c : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  // CHECK: tg.floor_div %[[A]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = tg.floor_div %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.floor_mod %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = tg.floor_mod %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.maximum %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = tg.maximum %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.minimum %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = tg.minimum %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.pow %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %7 = tg.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.squared_difference %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %8 = tg.squared_difference %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.atan2 %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %9 = tg.atan2 %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.prelu %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %10 = tg.prelu %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @integer_binary
func.func @integer_binary(%a: tensor<4xi32>, %b: tensor<i32>, %u: tensor<4xui8>) {
  // CHECK: tg.floor_div %{{.*}}, %{{.*}} : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %0 = tg.floor_div %a, %b : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  // CHECK: tg.floor_mod %{{.*}}, %{{.*}} : (tensor<i32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = tg.floor_mod %b, %a : (tensor<i32>, tensor<4xi32>) -> tensor<4xi32>
  // CHECK: tg.mul %{{.*}}, %{{.*}} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = tg.mul %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return
}

// Comparisons give i1 whatever the operands' element type.
// CHECK-LABEL: func.func @comparisons
func.func @comparisons(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<?x3xi64>, %j: tensor<1x3xi64>, %p: tensor<3xi1>) {
  // CHECK: tg.equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %0 = tg.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: tg.not_equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = tg.not_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: tg.less %{{.*}}, %{{.*}} : (tensor<?x3xi64>, tensor<1x3xi64>) -> tensor<?x3xi1>
  %2 = tg.less %i, %j : (tensor<?x3xi64>, tensor<1x3xi64>) -> tensor<?x3xi1>
  // CHECK: tg.less_equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %3 = tg.less_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: tg.greater %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %4 = tg.greater %b, %a : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: tg.greater_equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %5 = tg.greater_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // Equality is defined on bools too.
  // CHECK: tg.equal %{{.*}}, %{{.*}} : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  %6 = tg.equal %p, %p : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  // CHECK: tg.logical_and %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %7 = tg.logical_and %0, %p : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  // CHECK: tg.logical_or %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  %8 = tg.logical_or %0, %1 : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  return
}

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<4xi32>, %[[P:.*]]: tensor<4xi1>)
func.func @unary(%x: tensor<2x3xf32>, %i: tensor<4xi32>, %p: tensor<4xi1>) {
  // CHECK: tg.relu6 %[[X]] : tensor<2x3xf32>
  %0 = tg.relu6 %x : tensor<2x3xf32>
  // CHECK: tg.relu6 %[[I]] : tensor<4xi32>
  %1 = tg.relu6 %i : tensor<4xi32>
  // CHECK: tg.sigmoid %[[X]] : tensor<2x3xf32>
  %2 = tg.sigmoid %x : tensor<2x3xf32>
  // CHECK: tg.tanh %[[X]] : tensor<2x3xf32>
  %3 = tg.tanh %x : tensor<2x3xf32>
  // CHECK: tg.exp %[[X]] : tensor<2x3xf32>
  %4 = tg.exp %x : tensor<2x3xf32>
  // CHECK: tg.log %[[X]] : tensor<2x3xf32>
  %5 = tg.log %x : tensor<2x3xf32>
  // CHECK: tg.sqrt %[[X]] : tensor<2x3xf32>
  %6 = tg.sqrt %x : tensor<2x3xf32>
  // CHECK: tg.rsqrt %[[X]] : tensor<2x3xf32>
  %7 = tg.rsqrt %x : tensor<2x3xf32>
  // CHECK: tg.reciprocal %[[X]] : tensor<2x3xf32>
  %8 = tg.reciprocal %x : tensor<2x3xf32>
  // CHECK: tg.floor %[[X]] : tensor<2x3xf32>
  %9 = tg.floor %x : tensor<2x3xf32>
  // CHECK: tg.ceil %[[X]] : tensor<2x3xf32>
  %10 = tg.ceil %x : tensor<2x3xf32>
  // CHECK: tg.round %[[X]] : tensor<2x3xf32>
  %11 = tg.round %x : tensor<2x3xf32>
  // CHECK: tg.sin %[[X]] : tensor<2x3xf32>
  %12 = tg.sin %x : tensor<2x3xf32>
  // CHECK: tg.cos %[[X]] : tensor<2x3xf32>
  %13 = tg.cos %x : tensor<2x3xf32>
  // CHECK: tg.elu %[[X]] : tensor<2x3xf32>
  %14 = tg.elu %x : tensor<2x3xf32>
  // CHECK: tg.neg %[[I]] : tensor<4xi32>
  %15 = tg.neg %i : tensor<4xi32>
  // CHECK: tg.abs %[[X]] : tensor<2x3xf32>
  %16 = tg.abs %x : tensor<2x3xf32>
  // CHECK: tg.square %[[I]] : tensor<4xi32>
  %17 = tg.square %i : tensor<4xi32>
  // CHECK: tg.logical_not %[[P]] : tensor<4xi1>
  %18 = tg.logical_not %p : tensor<4xi1>
  return
}

// CHECK-LABEL: func.func @leaky_relu
func.func @leaky_relu(%x: tensor<2x3xf32>, %h: tensor<5xf16>) {
  // CHECK: tg.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f32} : tensor<2x3xf32>
  %0 = tg.leaky_relu %x {alpha = 0.2 : f32} : tensor<2x3xf32>
  // CHECK: tg.leaky_relu %{{.*}} {alpha = 1.500000e+00 : f32} : tensor<5xf16>
  %1 = tg.leaky_relu %h {alpha = 1.5 : f32} : tensor<5xf16>
  return
}

// CHECK-LABEL: func.func @cast
func.func @cast(%x: tensor<2x3xf32>, %i: tensor<?xi32>) {
  // CHECK: tg.cast %{{.*}} : tensor<2x3xf32> -> tensor<2x3xi32>
  %0 = tg.cast %x : tensor<2x3xf32> -> tensor<2x3xi32>
  // CHECK: tg.cast %{{.*}} : tensor<2x3xf32> -> tensor<2x3xi1>
  %1 = tg.cast %x : tensor<2x3xf32> -> tensor<2x3xi1>
  // CHECK: tg.cast %{{.*}} : tensor<?xi32> -> tensor<?xf16>
  %2 = tg.cast %i : tensor<?xi32> -> tensor<?xf16>
  // CHECK: tg.cast %{{.*}} : tensor<?xi32> -> tensor<?xui8>
  %3 = tg.cast %i : tensor<?xi32> -> tensor<?xui8>
  return
}

// select broadcasts condition and both branches.
// CHECK-LABEL: func.func @select
func.func @select(%c: tensor<2x1xi1>, %t: tensor<3xf32>, %f: tensor<f32>, %ci: tensor<i1>, %ti: tensor<4x2xi32>) {
  // CHECK: tg.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %0 = tg.select %c, %t, %f : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: tg.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<i1>, tensor<4x2xi32>, tensor<4x2xi32>) -> tensor<4x2xi32>
  %1 = tg.select %ci, %ti, %ti : (tensor<i1>, tensor<4x2xi32>, tensor<4x2xi32>) -> tensor<4x2xi32>
  return
}

// CHECK-LABEL: func.func @add_n
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xf32>, %[[C:.*]]: tensor<2x3xf32>)
func.func @add_n(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<2x3xf32>) {
  // CHECK: tg.add_n %[[A]], %[[B]], %[[C]] : tensor<2x3xf32>
  %0 = tg.add_n %a, %b, %c : tensor<2x3xf32>
  // CHECK: tg.add_n %[[A]] : tensor<2x3xf32>
  %1 = tg.add_n %a : tensor<2x3xf32>
  return
}

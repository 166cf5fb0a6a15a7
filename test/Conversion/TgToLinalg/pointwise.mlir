// RUN: tgc-opt %s -split-input-file -convert-tg-to-linalg | FileCheck %s

// Pointwise ops become linalg.generic with TF's scalar semantics.

// CHECK-LABEL: func.func @floor_mod_int
// CHECK: linalg.generic
// CHECK: %[[R:.*]] = arith.remsi
// CHECK: arith.cmpi ne, %[[R]]
// CHECK: arith.xori
// CHECK: %[[S:.*]] = arith.addi %[[R]]
// CHECK: arith.select %{{.*}}, %[[S]], %[[R]]
func.func @floor_mod_int(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = tg.floor_mod %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// NotEqual is true for NaN (unordered), the others are ordered.
// CHECK-LABEL: func.func @compare
// CHECK: arith.cmpf une
// CHECK: arith.cmpf olt
func.func @compare(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>) {
  %0 = tg.not_equal %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %1 = tg.less %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @casts
// CHECK: arith.cmpf une
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.extui %{{.*}} : i1 to i32
func.func @casts(%a: tensor<4xf32>, %c: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi32>, tensor<4xi32>) {
  %0 = tg.cast %a : tensor<4xf32> -> tensor<4xi1>
  %1 = tg.cast %a : tensor<4xf32> -> tensor<4xi32>
  %2 = tg.cast %c : tensor<4xi1> -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xi1>, tensor<4xi32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @activations
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: %[[ALPHA:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: arith.mulf %[[ALPHA]]
// CHECK: math.expm1
func.func @activations(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = tg.relu6 %a : tensor<4xf32>
  %1 = tg.leaky_relu %a {alpha = 2.500000e-01 : f32} : tensor<4xf32>
  %2 = tg.elu %a : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @select_broadcast
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}]
// CHECK: arith.select
func.func @select_broadcast(%c: tensor<2x1xi1>, %a: tensor<3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tg.select %c, %a, %b : (tensor<2x1xi1>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

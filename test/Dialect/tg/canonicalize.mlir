// RUN: tgc-opt %s -canonicalize -split-input-file | FileCheck %s

// Folders of tg ops.

// CHECK-LABEL: func.func @identity_folds
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identity_folds(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = tg.identity %x : tensor<2xf32>
  %1 = tg.identity %0 : tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// x + (-0.0) is x for every float x; x + 0.0 is not (-0.0 + 0.0 = +0.0).
// CHECK-LABEL: func.func @add_zero
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @add_zero(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %z = tg.constant dense<-0.0> : tensor<3xf32>
  %0 = tg.add %x, %z : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// x * 1 and x / 1 are x (the gradient seeds of tg-gradients); a one that
// broadcasts x to a larger shape stays.
// CHECK-LABEL: func.func @mul_div_one
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<3xi32>)
// CHECK-NEXT: tg.constant dense<1.000000e+00> : tensor<4x1x1xf32>
// CHECK-NEXT: %[[B:.*]] = tg.mul %[[X]]
// CHECK-SAME: -> tensor<4x2x3xf32>
// CHECK-NEXT: return %[[X]], %[[X]], %[[I]], %[[B]]
func.func @mul_div_one(%x: tensor<2x3xf32>, %i: tensor<3xi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xi32>, tensor<4x2x3xf32>) {
  %one = tg.constant dense<1.0> : tensor<3xf32>
  %ione = tg.constant dense<1> : tensor<3xi32>
  %big = tg.constant dense<1.0> : tensor<4x1x1xf32>
  %0 = tg.mul %one, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = tg.div %x, %one : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = tg.mul %i, %ione : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %3 = tg.mul %x, %big : (tensor<2x3xf32>, tensor<4x1x1xf32>) -> tensor<4x2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xi32>, tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @add_positive_zero
// CHECK: tg.add
func.func @add_positive_zero(%x: tensor<3xf32>) -> tensor<3xf32> {
  %z = tg.constant dense<0.0> : tensor<3xf32>
  %0 = tg.add %x, %z : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Integers: any zero.
// CHECK-LABEL: func.func @add_int_zero
// CHECK-SAME: (%[[X:.*]]: tensor<3xi32>)
// CHECK-NEXT: return %[[X]]
func.func @add_int_zero(%x: tensor<3xi32>) -> tensor<3xi32> {
  %z = tg.constant dense<0> : tensor<3xi32>
  %0 = tg.add %x, %z : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// A zero that broadcasts the other operand to a larger shape must stay.
// CHECK-LABEL: func.func @add_zero_broadcasting
// CHECK: tg.add
func.func @add_zero_broadcasting(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %z = tg.constant dense<0.0> : tensor<2x3xf32>
  %0 = tg.add %x, %z : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @add_constants
// CHECK-NEXT: %[[C:.*]] = tg.constant dense<[4.000000e+00, 6.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[C]]
func.func @add_constants() -> tensor<2xf32> {
  %a = tg.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = tg.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %0 = tg.add %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @add_int_constants
// CHECK-NEXT: tg.constant dense<[5, -1]> : tensor<2xi32>
func.func @add_int_constants() -> tensor<2xi32> {
  %a = tg.constant dense<[2, -3]> : tensor<2xi32>
  %b = tg.constant dense<[3, 2]> : tensor<2xi32>
  %0 = tg.add %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @relu_constant
// CHECK-NEXT: tg.constant dense<[0.000000e+00, 2.500000e+00, 0.000000e+00, 0x7FC00000]> : tensor<4xf32>
func.func @relu_constant() -> tensor<4xf32> {
  %a = tg.constant dense<[-1.0, 2.5, -0.0, 0x7FC00000]> : tensor<4xf32>
  %0 = tg.relu %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @relu_int_constant
// CHECK-NEXT: tg.constant dense<[0, 7]> : tensor<2xi8>
func.func @relu_int_constant() -> tensor<2xi8> {
  %a = tg.constant dense<[-5, 7]> : tensor<2xi8>
  %0 = tg.relu %a : tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// Unused pure ops disappear.
// CHECK-LABEL: func.func @dead
// CHECK-NOT: tg.
// CHECK: return
func.func @dead(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = tg.matmul %x, %x : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %1 = tg.softmax %0 : tensor<2x2xf32>
  return %x : tensor<2x2xf32>
}

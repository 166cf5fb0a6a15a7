// RUN: tgc-opt %s -split-input-file -convert-tg-to-linalg | FileCheck %s

// tg.if: scf.if on the extracted boolean; the regions' arguments are the
// inputs.
// CHECK-LABEL: func.func @select_branch
// CHECK-SAME: (%[[C:.*]]: tensor<i1>, %[[X:.*]]: tensor<3xf32>)
// CHECK: %[[B:.*]] = tensor.extract %[[C]][] : tensor<i1>
// CHECK: %[[R:.*]] = scf.if %[[B]] -> (tensor<3xf32>) {
// CHECK-NEXT: scf.yield %[[X]] : tensor<3xf32>
// CHECK-NEXT: } else {
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<3xf32>)
// CHECK: arith.negf
// CHECK: scf.yield
// CHECK: return %[[R]]
func.func @select_branch(%c: tensor<i1>, %x: tensor<3xf32>) -> tensor<3xf32> {
  %r = tg.if %c (%x) : (tensor<i1>, tensor<3xf32>) -> tensor<3xf32> then {
  ^bb0(%a: tensor<3xf32>):
    tg.yield %a : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>):
    %n = tg.neg %a : tensor<3xf32>
    tg.yield %n : tensor<3xf32>
  }
  return %r : tensor<3xf32>
}

// -----

// tg.while: scf.while; the condition region forwards the carried values
// with scf.condition, the body yields the next ones.
// CHECK-LABEL: func.func @count
// CHECK: %[[W:.*]]:2 = scf.while (%[[I:.*]] = %{{.*}}, %[[V:.*]] = %{{.*}}) : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>) {
// CHECK: %[[LT:.*]] = linalg.generic
// CHECK: arith.cmpi slt
// CHECK: %[[B:.*]] = tensor.extract %[[LT]][] : tensor<i1>
// CHECK: scf.condition(%[[B]]) %[[I]], %[[V]] : tensor<i32>, tensor<2xf32>
// CHECK: } do {
// CHECK: ^bb0(%[[I2:.*]]: tensor<i32>, %[[V2:.*]]: tensor<2xf32>):
// CHECK: arith.addi
// CHECK: arith.mulf
// CHECK: scf.yield %{{.*}}, %{{.*}} : tensor<i32>, tensor<2xf32>
// CHECK: return %[[W]]#1
func.func @count(%i0: tensor<i32>, %v0: tensor<2xf32>) -> tensor<2xf32> {
  %n = tg.constant dense<4> : tensor<i32>
  %one = tg.constant dense<1> : tensor<i32>
  %r:2 = tg.while (%i0, %v0) : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>) cond {
  ^bb0(%i: tensor<i32>, %v: tensor<2xf32>):
    %lt = tg.less %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    tg.condition %lt : tensor<i1>
  } do {
  ^bb0(%i: tensor<i32>, %v: tensor<2xf32>):
    %j = tg.add %i, %one : (tensor<i32>, tensor<i32>) -> tensor<i32>
    %w = tg.mul %v, %v : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    tg.yield %j, %w : tensor<i32>, tensor<2xf32>
  }
  return %r#1 : tensor<2xf32>
}

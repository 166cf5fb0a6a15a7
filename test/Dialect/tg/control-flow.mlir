// RUN: tgc-opt %s -split-input-file | tgc-opt -split-input-file | FileCheck %s

// tg.if and tg.while round-trip.

// CHECK-LABEL: func.func @branch
// CHECK: tg.if %{{.*}}(%{{.*}}) : (tensor<i1>, tensor<3xf32>) -> tensor<3xf32> then {
// CHECK: tg.yield
// CHECK: } else {
// CHECK: tg.neg
func.func @branch(%c: tensor<i1>, %x: tensor<3xf32>) -> tensor<3xf32> {
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

// CHECK-LABEL: func.func @loop
// CHECK: tg.while(%{{.*}}, %{{.*}}) : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>) cond {
// CHECK: tg.condition
// CHECK: } do {
func.func @loop(%i: tensor<i32>, %x: tensor<2xf32>) -> tensor<2xf32> {
  %r:2 = tg.while (%i, %x) : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>) cond {
  ^bb0(%k: tensor<i32>, %v: tensor<2xf32>):
    %n = tg.constant dense<3> : tensor<i32>
    %c = tg.less %k, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    tg.condition %c : tensor<i1>
  } do {
  ^bb0(%k: tensor<i32>, %v: tensor<2xf32>):
    %one = tg.constant dense<1> : tensor<i32>
    %k1 = tg.add %k, %one : (tensor<i32>, tensor<i32>) -> tensor<i32>
    %v1 = tg.add %v, %v : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    tg.yield %k1, %v1 : tensor<i32>, tensor<2xf32>
  }
  return %r#1 : tensor<2xf32>
}

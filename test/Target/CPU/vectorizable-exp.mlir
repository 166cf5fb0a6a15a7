// RUN: tgc-opt %s -tg-vectorizable-exp | FileCheck %s

// f32 exp (scalar or vector) becomes arithmetic: a range reduction with
// floor, a polynomial of fused multiply-adds, and the power of two built in
// the exponent bits. f64 exp and other math functions stay as they are.

// CHECK-LABEL: func.func @exps
// CHECK-SAME: (%[[X:.*]]: f32, %[[Y:.*]]: f64, %[[V:.*]]: vector<4xf32>)
// CHECK-NOT: math.exp %[[X]]
// CHECK: math.floor %{{.*}} : f32
// CHECK: math.fma
// CHECK: arith.shli %{{.*}} : i32
// CHECK: arith.bitcast %{{.*}} : i32 to f32
// CHECK: math.exp %[[Y]] : f64
// CHECK-NOT: math.exp %[[V]]
// CHECK: math.floor %{{.*}} : vector<4xf32>
// CHECK: arith.bitcast %{{.*}} : vector<4xi32> to vector<4xf32>
// CHECK: math.tanh %[[X]] : f32
// CHECK-NOT: math.exp {{.*}} : f32
// CHECK-NOT: math.exp {{.*}} : vector<4xf32>
func.func @exps(%x: f32, %y: f64, %v: vector<4xf32>) -> (f32, f64, vector<4xf32>, f32) {
  %a = math.exp %x : f32
  %b = math.exp %y : f64
  %c = math.exp %v : vector<4xf32>
  %d = math.tanh %x : f32
  return %a, %b, %c, %d : f32, f64, vector<4xf32>, f32
}

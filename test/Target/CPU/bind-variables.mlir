// RUN: tgc-opt %s -split-input-file -tg-bind-variables | FileCheck %s

// Each variable becomes a buffer argument after the feeds; reads see the
// buffer at entry, a read after an assignment sees the assigned value, and
// the last assignment is written back at the end.

// CHECK-NOT: tg.variable
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32> {bufferization.writable = false}, %[[W:.*]]: memref<2xf32>, %[[S:.*]]: memref<i64>)
// CHECK-SAME: attributes {tg.variables = [@w, @steps]}
// CHECK: %[[SV:.*]] = bufferization.to_tensor %[[S]] restrict : memref<i64>
// CHECK: %[[WV:.*]] = bufferization.to_tensor %[[W]] restrict : memref<2xf32>
// CHECK: %[[N:.*]] = tg.add %[[WV]], %[[X]]
// CHECK: %[[N2:.*]] = tg.add %[[N]], %[[N]]
// CHECK: %[[ONE:.*]] = tg.constant dense<1> : tensor<i64>
// CHECK: %[[S1:.*]] = tg.add %[[SV]], %[[ONE]]
// CHECK: bufferization.materialize_in_destination %[[N]] in restrict writable %[[W]]
// CHECK: bufferization.materialize_in_destination %[[S1]] in restrict writable %[[S]]
// CHECK: return %[[N2]]
tg.variable @w : tensor<2xf32> = dense<[1.0, 2.0]> : tensor<2xf32>
tg.variable @steps : tensor<i64> = dense<0> : tensor<i64>
func.func @step(%x: tensor<2xf32>) -> tensor<2xf32> {
  %w = tg.read @w : tensor<2xf32>
  %n = tg.add %w, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  tg.assign @w, %n : tensor<2xf32>
  %w2 = tg.read @w : tensor<2xf32>
  %n2 = tg.add %w2, %w2 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %s = tg.read @steps : tensor<i64>
  %one = tg.constant dense<1> : tensor<i64>
  %s1 = tg.add %s, %one : (tensor<i64>, tensor<i64>) -> tensor<i64>
  tg.assign @steps, %s1 : tensor<i64>
  return %n2 : tensor<2xf32>
}

// -----

// A variable that is only read gets an argument and no write-back.
// CHECK-LABEL: func.func @read_only
// CHECK-SAME: attributes {tg.variables = [@c]}
// CHECK-NOT: materialize_in_destination
tg.variable @c : tensor<3xf32> = dense<1.0> : tensor<3xf32>
func.func @read_only() -> tensor<3xf32> {
  %c = tg.read @c : tensor<3xf32>
  return %c : tensor<3xf32>
}

// -----

// A fetch that is a feed, a constant or a repeated value is copied into a
// fresh tensor; a computed value is returned as it is.
// CHECK-LABEL: func.func @fetch_copies
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2xf32>
// CHECK: %[[C:.*]] = arith.constant
// CHECK: %[[Y:.*]] = tg.relu %[[X]]
// CHECK: %[[E0:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[X2:.*]] = linalg.copy ins(%[[X]] : tensor<2xf32>) outs(%[[E0]] : tensor<2xf32>)
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[C2:.*]] = linalg.copy ins(%[[C]] : tensor<2xf32>) outs(%[[E1]] : tensor<2xf32>)
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[Y2:.*]] = linalg.copy ins(%[[Y]] : tensor<2xf32>) outs(%[[E2]] : tensor<2xf32>)
// CHECK: return %[[X2]], %[[C2]], %[[Y]], %[[Y2]]
func.func @fetch_copies(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %c = arith.constant dense<1.0> : tensor<2xf32>
  %y = tg.relu %x : tensor<2xf32>
  return %x, %c, %y, %y : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// A read inside a loop body (an RNN's weights) sees the value before the
// loop: the entry buffer, or the last assignment before the loop.
module {
  tg.variable @w : tensor<2xf32> = dense<[1.0, 2.0]> : tensor<2xf32>
  tg.variable @u : tensor<2xf32> = dense<[3.0, 4.0]> : tensor<2xf32>
  // CHECK-LABEL: func.func @loop(
  // CHECK-SAME:  %[[X:.*]]: tensor<2xf32> {{.*}}, %[[U:.*]]: memref<2xf32>, %[[W:.*]]: memref<2xf32>
  // CHECK:       %[[WV:.*]] = bufferization.to_tensor %[[W]]
  // CHECK:       tg.while
  // CHECK:       } do {
  // CHECK:         tg.add %{{.*}}, %[[WV]]
  // CHECK:         tg.add %{{.*}}, %[[X]]
  func.func @loop(%x: tensor<2xf32> {tg.feed = "x"}) -> (tensor<2xf32> {tg.fetch = "y"}) {
    tg.assign @u, %x : tensor<2xf32>
    %r = tg.while(%x) : (tensor<2xf32>) -> tensor<2xf32> cond {
    ^bb0(%a: tensor<2xf32>):
      %t = tg.constant dense<false> : tensor<i1>
      tg.condition %t : tensor<i1>
    } do {
    ^bb0(%a: tensor<2xf32>):
      %w = tg.read @w : tensor<2xf32>
      %s = tg.add %a, %w : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      %u = tg.read @u : tensor<2xf32>
      %t = tg.add %s, %u : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      tg.yield %t : tensor<2xf32>
    }
    return %r : tensor<2xf32>
  }
}

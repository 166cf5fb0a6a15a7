// RUN: tgc-opt %s -split-input-file -convert-tg-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @constant
// CHECK: arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NOT: tg.
func.func @constant() -> tensor<2xf32> {
  %0 = tg.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>)
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x4xf32>)
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = tg.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_transposes
// CHECK: linalg.matmul_transpose_a ins(%{{.*}}, %{{.*}} : tensor<3x2xf32>, tensor<3x4xf32>)
// CHECK: linalg.matmul_transpose_b ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<4x3xf32>)
// Both transposed: A is materialised transposed, then A^T * B^T.
// CHECK: %[[AT:.*]] = linalg.transpose ins(%{{.*}} : tensor<3x2xf32>) outs(%{{.*}} : tensor<2x3xf32>) permutation = [1, 0]
// CHECK: linalg.matmul_transpose_b ins(%[[AT]], %{{.*}} : tensor<2x3xf32>, tensor<4x3xf32>)
func.func @matmul_transposes(%at: tensor<3x2xf32>, %b: tensor<3x4xf32>, %a: tensor<2x3xf32>, %bt: tensor<4x3xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = tg.matmul %at, %b {transpose_a = true} : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = tg.matmul %a, %bt {transpose_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %2 = tg.matmul %at, %bt {transpose_a = true, transpose_b = true} : (tensor<3x2xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Broadcasting reads stretched dimensions at index 0 and aligns trailing
// dimensions.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<2x1x4xf32>, tensor<3x4xf32>) outs(%{{.*}} : tensor<2x3x4xf32>)
// CHECK: arith.addf
func.func @add_broadcast(%a: tensor<2x1x4xf32>, %b: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tg.add %a, %b : (tensor<2x1x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @add_int
// CHECK: arith.addi
func.func @add_int(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %0 = tg.add %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @relu
// CHECK: linalg.generic
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.*}}, %[[Z]] : f32
// CHECK-LABEL: func.func @relu_int
// CHECK: arith.maxsi
func.func @relu(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = tg.relu %a : tensor<8xf32>
  return %0 : tensor<8xf32>
}
func.func @relu_int(%a: tensor<8xi32>) -> tensor<8xi32> {
  %0 = tg.relu %a : tensor<8xi32>
  return %0 : tensor<8xi32>
}

// -----

// Softmax: max-reduce, exp(x - max), sum-reduce, divide.
// CHECK-LABEL: func.func @softmax
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK: arith.divf
func.func @softmax(%a: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = tg.softmax %a : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[A:.*]]: tensor<3xf32>)
// CHECK-NEXT: return %[[A]]
func.func @identity(%a: tensor<3xf32>) -> tensor<3xf32> {
  %0 = tg.identity %a : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Variables stay for the target's binding pass.
// CHECK-LABEL: func.func @variables
// CHECK: tg.read @v
// CHECK: tg.assign @v
tg.variable @v : tensor<2xf32> = dense<0.0> : tensor<2xf32>
func.func @variables(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = tg.read @v : tensor<2xf32>
  %1 = tg.add %0, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  tg.assign @v, %1 : tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// A scatter is a loop nest over the updates that combines each element into
// the row its (clamped) index names, starting from the base.
// CHECK-LABEL: func.func @scatter_add
// CHECK-SAME:  (%[[V:.*]]: tensor<4x2xf32>, %[[I:.*]]: tensor<3xi32>, %[[U:.*]]: tensor<3x2xf32>)
// CHECK:       scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[A0:.*]] = %[[V]])
// CHECK:       scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[A:.*]] = %[[A0]])
// CHECK:       %[[IDX:.*]] = tensor.extract %[[I]][%[[P]]]
// CHECK:       arith.index_cast %[[IDX]]
// CHECK:       arith.maxsi
// CHECK:       %[[ROW:.*]] = arith.minsi
// CHECK:       %[[NEW:.*]] = tensor.extract %[[U]][%[[P]], %[[J]]]
// CHECK:       %[[OLD:.*]] = tensor.extract %[[A]][%[[ROW]], %[[J]]]
// CHECK:       %[[SUM:.*]] = arith.addf %[[OLD]], %[[NEW]]
// CHECK:       tensor.insert %[[SUM]] into %[[A]][%[[ROW]], %[[J]]]
func.func @scatter_add(%v: tensor<4x2xf32>, %i: tensor<3xi32>, %u: tensor<3x2xf32>) -> tensor<4x2xf32> {
  %0 = tg.scatter %v, %i, %u {kind = "add"} : (tensor<4x2xf32>, tensor<3xi32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

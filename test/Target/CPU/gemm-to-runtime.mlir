// RUN: tgc-opt %s -split-input-file -tg-gemm-to-runtime -canonicalize | FileCheck %s

// A zero fill right before the product folds into the call (accumulate=0).
// CHECK-LABEL: func.func @overwrite
// CHECK-NOT: linalg.fill
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : i64
// CHECK-DAG: %[[F:.*]] = arith.constant 0 : i32
// CHECK: call @tgrt_gemm_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[C4]], %[[C16]], %[[C8]], %[[C8]], %[[C16]], %[[C16]], %[[F]], %[[F]], %[[F]])
// CHECK-NOT: linalg.matmul
// CHECK: func.func private @tgrt_gemm_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64, i64, i32, i32, i32)
func.func @overwrite(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<4x16xf32>)
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return
}

// -----

// Without the fill the product accumulates into C.
// CHECK-LABEL: func.func @accumulate
// CHECK-DAG: %[[T:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[F:.*]] = arith.constant 0 : i32
// CHECK: call @tgrt_gemm_f32({{.*}}, %[[F]], %[[F]], %[[T]])
func.func @accumulate(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return
}

// -----

// Transposed operands set the flags; K comes from A's first dimension when
// A is transposed.
// CHECK-LABEL: func.func @transposes
// CHECK-DAG: %[[T:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[F:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : i64
// CHECK: call @tgrt_gemm_f64(%{{.*}}, %{{.*}}, %{{.*}}, %[[C2]], %[[C5]], %[[C3]], %[[C2]], %[[C5]], %[[C5]], %[[T]], %[[F]], %[[T]])
// CHECK: call @tgrt_gemm_f64(%{{.*}}, %{{.*}}, %{{.*}}, %[[C2]], %[[C5]], %[[C3]], %[[C3]], %[[C3]], %[[C5]], %[[F]], %[[T]], %[[T]])
func.func @transposes(%at: memref<3x2xf64>, %b: memref<3x5xf64>, %a: memref<2x3xf64>, %bt: memref<5x3xf64>, %c: memref<2x5xf64>) {
  linalg.matmul_transpose_a ins(%at, %b : memref<3x2xf64>, memref<3x5xf64>) outs(%c : memref<2x5xf64>)
  linalg.matmul_transpose_b ins(%a, %bt : memref<2x3xf64>, memref<5x3xf64>) outs(%c : memref<2x5xf64>)
  return
}

// -----

// A sub-matrix keeps its row stride as leading dimension and its offset.
// CHECK-LABEL: func.func @strided_rows
// CHECK-DAG: %[[LD:.*]] = arith.constant 16 : i64
// CHECK-DAG: %[[OFF:.*]] = arith.constant 136 : index
// CHECK: %[[P:.*]] = memref.extract_aligned_pointer_as_index
// CHECK: arith.addi %[[P]], %[[OFF]] : index
// CHECK: call @tgrt_gemm_f32({{.*}}, %[[LD]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
func.func @strided_rows(%big: memref<8x16xf32>, %b: memref<4x4xf32>, %c: memref<2x4xf32>) {
  %a = memref.subview %big[2, 2] [2, 4] [1, 1] : memref<8x16xf32> to memref<2x4xf32, strided<[16, 1], offset: 34>>
  linalg.matmul ins(%a, %b : memref<2x4xf32, strided<[16, 1], offset: 34>>, memref<4x4xf32>) outs(%c : memref<2x4xf32>)
  return
}

// -----

// What the runtime cannot take stays a linalg op (lowered to loops later):
// integer products and matrices whose rows are not contiguous.
// CHECK-LABEL: func.func @unsupported
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<2x2xi32>, memref<2x2xi32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<2x2xf32, strided<[16, 2]>>, memref<2x2xf32>)
// CHECK-NOT: call
func.func @unsupported(%a: memref<2x2xi32>, %c: memref<2x2xi32>, %big: memref<8x16xf32>, %b: memref<2x2xf32>, %d: memref<2x2xf32>) {
  linalg.matmul ins(%a, %a : memref<2x2xi32>, memref<2x2xi32>) outs(%c : memref<2x2xi32>)
  %s = memref.subview %big[0, 0] [2, 2] [1, 2] : memref<8x16xf32> to memref<2x2xf32, strided<[16, 2]>>
  linalg.matmul ins(%s, %b : memref<2x2xf32, strided<[16, 2]>>, memref<2x2xf32>) outs(%d : memref<2x2xf32>)
  return
}

// -----

// A product marked tg.ordered_sum (a convolution) calls the in-order GEMM,
// with the zero fill folded in (accumulate = 0).
// CHECK-LABEL: func.func @ordered
// CHECK-NOT: linalg.fill
// CHECK: call @tgrt_gemm_ordered_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %c0_i32) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64, i64, i32) -> ()
// CHECK: func.func private @tgrt_gemm_ordered_f32
func.func @ordered(%a: memref<6x4xf32>, %b: memref<4x5xf32>, %c: memref<6x5xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<6x5xf32>)
  linalg.matmul {tg.ordered_sum} ins(%a, %b : memref<6x4xf32>, memref<4x5xf32>) outs(%c : memref<6x5xf32>)
  return
}

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

// -----

// An ordered product (a convolution) with a constant filter reads the
// filter from a copy in the kernel's panel layout, made at compile time:
// k = 2 rows of n = 34 columns are one panel of 32 columns (row-major,
// 2 x 32) followed by the 2 x 2 tail. The original global, no longer used,
// is erased; a global still used elsewhere (@shared) stays.
// CHECK-LABEL: memref.global "private" constant @filter_packed : memref<2x34xf32> = dense<
// CHECK-SAME{LITERAL}: [[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01, 1.200000e+01, 1.300000e+01, 1.400000e+01, 1.500000e+01, 1.600000e+01, 1.700000e+01, 1.800000e+01, 1.900000e+01, 2.000000e+01, 2.100000e+01, 2.200000e+01, 2.300000e+01, 2.400000e+01, 2.500000e+01, 2.600000e+01, 2.700000e+01, 2.800000e+01, 2.900000e+01, 3.000000e+01, 3.100000e+01, 3.400000e+01, 3.500000e+01
// CHECK-SAME{LITERAL}: 6.400000e+01, 6.500000e+01, 3.200000e+01, 3.300000e+01, 6.600000e+01, 6.700000e+01]]
// CHECK-NOT: memref.global "private" constant @filter :
// CHECK: memref.global "private" constant @shared :
// CHECK-LABEL: func.func @packed_filter
// CHECK: %[[P:.*]] = memref.get_global @filter_packed : memref<2x34xf32>
// CHECK: memref.extract_aligned_pointer_as_index %[[P]]
// CHECK: call @tgrt_gemm_ordered_packed_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64, i32) -> ()
// CHECK: call @tgrt_gemm_f32(
memref.global "private" constant @filter : memref<2x34xf32> = dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0], [34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0, 64.0, 65.0, 66.0, 67.0]]>
memref.global "private" constant @shared : memref<2x34xf32> = dense<1.0>
func.func @packed_filter(%a: memref<5x2xf32>, %c: memref<5x34xf32>) {
  %zero = arith.constant 0.0 : f32
  %f = memref.get_global @filter : memref<2x34xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<5x34xf32>)
  linalg.matmul {tg.ordered_sum} ins(%a, %f : memref<5x2xf32>, memref<2x34xf32>) outs(%c : memref<5x34xf32>)
  %s = memref.get_global @shared : memref<2x34xf32>
  linalg.matmul ins(%a, %s : memref<5x2xf32>, memref<2x34xf32>) outs(%c : memref<5x34xf32>)
  return
}

// -----

// A convolution: the ordered product of the im2col gather's patch matrix
// with a constant filter reads the patches from the (padded) input itself.
// The window's geometry is a constant descriptor (tgrt_conv_patches: sizes
// and strides of the input, window, steps, dilations, output size); the
// gather and its buffer are gone.
// CHECK-DAG: memref.global "private" constant @__tgc_conv_patches : memref<15xi64> = dense<[1, 10, 10, 4, 400, 40, 4, 3, 3, 1, 1, 1, 1, 8, 8]> {alignment = 8 : i64}
// CHECK-DAG: memref.global "private" constant @__tgc_conv_patches_0 : memref<15xi64> = dense<[2, 9, 11, 3, 396, 36, 3, 2, 3, 2, 1, 1, 2, 4, 7]> {alignment = 8 : i64}
// CHECK-LABEL: func.func @conv
// CHECK-NOT: memref.alloc
// CHECK-NOT: linalg.generic
// CHECK-DAG: %[[N:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[OVERWRITE:.*]] = arith.constant 0 : i32
// CHECK: memref.get_global @__tgc_conv_patches :
// CHECK: call @tgrt_conv_ordered_packed_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[N]], %{{.*}}, %[[OVERWRITE]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i32) -> ()
// CHECK-NOT: linalg.generic
// CHECK: memref.get_global @__tgc_conv_patches_0 :
// CHECK: call @tgrt_conv_ordered_packed_f32(
// CHECK-NOT: memref.dealloc
// CHECK: return
// CHECK: func.func private @tgrt_conv_ordered_packed_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i32)
memref.global "private" constant @conv_filter : memref<3x3x4x8xf32> = dense<0.5>
memref.global "private" constant @strided_filter : memref<2x3x3x5xf32> = dense<0.25>
func.func @conv(%in: memref<1x10x10x4xf32>, %out: memref<64x8xf32>,
                %big: memref<2x11x12x3xf32>, %out2: memref<56x5xf32>) {
  %zero = arith.constant 0.0 : f32
  %patches = memref.alloc() : memref<1x8x8x3x3x4xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%in : memref<1x10x10x4xf32>) outs(%patches : memref<1x8x8x3x3x4xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  %a = memref.collapse_shape %patches [[0, 1, 2], [3, 4, 5]] : memref<1x8x8x3x3x4xf32> into memref<64x36xf32>
  %f = memref.get_global @conv_filter : memref<3x3x4x8xf32>
  %b = memref.collapse_shape %f [[0, 1, 2], [3]] : memref<3x3x4x8xf32> into memref<36x8xf32>
  linalg.fill ins(%zero : f32) outs(%out : memref<64x8xf32>)
  linalg.matmul {tg.ordered_sum} ins(%a, %b : memref<64x36xf32>, memref<36x8xf32>) outs(%out : memref<64x8xf32>)
  memref.dealloc %patches : memref<1x8x8x3x3x4xf32>
  // Steps (2, 1), dilations (1, 2), a batch of 2, and an input that is a
  // view of a wider buffer (its rows 36 floats apart).
  %view = memref.subview %big[0, 0, 0, 0] [2, 9, 11, 3] [1, 1, 1, 1] : memref<2x11x12x3xf32> to memref<2x9x11x3xf32, strided<[396, 36, 3, 1]>>
  %patches2 = memref.alloc() : memref<2x4x7x2x3x3xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 + d4 * 2, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%view : memref<2x9x11x3xf32, strided<[396, 36, 3, 1]>>) outs(%patches2 : memref<2x4x7x2x3x3xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  %a2 = memref.collapse_shape %patches2 [[0, 1, 2], [3, 4, 5]] : memref<2x4x7x2x3x3xf32> into memref<56x18xf32>
  %f2 = memref.get_global @strided_filter : memref<2x3x3x5xf32>
  %b2 = memref.collapse_shape %f2 [[0, 1, 2], [3]] : memref<2x3x3x5xf32> into memref<18x5xf32>
  linalg.matmul {tg.ordered_sum} ins(%a2, %b2 : memref<56x18xf32>, memref<18x5xf32>) outs(%out2 : memref<56x5xf32>)
  memref.dealloc %patches2 : memref<2x4x7x2x3x3xf32>
  return
}

// -----

// The patch matrix stays when the product cannot read the input instead:
// the input is written between the gather and the product, or the filter
// is not a constant (then the product is the unpacked ordered GEMM).
// CHECK-LABEL: func.func @conv_kept
// CHECK: memref.alloc() : memref<1x8x8x3x3x4xf32>
// CHECK: linalg.generic
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<1x10x10x4xf32>)
// CHECK: call @tgrt_gemm_ordered_packed_f32(
// CHECK: linalg.generic
// CHECK: call @tgrt_gemm_ordered_f32(
// CHECK-NOT: tgrt_conv_ordered_packed_f32
memref.global "private" constant @kept_filter : memref<3x3x4x8xf32> = dense<0.5>
func.func @conv_kept(%in: memref<1x10x10x4xf32>, %out: memref<64x8xf32>, %w: memref<36x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %patches = memref.alloc() : memref<1x8x8x3x3x4xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%in : memref<1x10x10x4xf32>) outs(%patches : memref<1x8x8x3x3x4xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  %a = memref.collapse_shape %patches [[0, 1, 2], [3, 4, 5]] : memref<1x8x8x3x3x4xf32> into memref<64x36xf32>
  %f = memref.get_global @kept_filter : memref<3x3x4x8xf32>
  %b = memref.collapse_shape %f [[0, 1, 2], [3]] : memref<3x3x4x8xf32> into memref<36x8xf32>
  linalg.fill ins(%zero : f32) outs(%in : memref<1x10x10x4xf32>)
  linalg.matmul {tg.ordered_sum} ins(%a, %b : memref<64x36xf32>, memref<36x8xf32>) outs(%out : memref<64x8xf32>)
  %patches2 = memref.alloc() : memref<1x8x8x3x3x4xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%in : memref<1x10x10x4xf32>) outs(%patches2 : memref<1x8x8x3x3x4xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  %a2 = memref.collapse_shape %patches2 [[0, 1, 2], [3, 4, 5]] : memref<1x8x8x3x3x4xf32> into memref<64x36xf32>
  linalg.matmul {tg.ordered_sum} ins(%a2, %w : memref<64x36xf32>, memref<36x8xf32>) outs(%out : memref<64x8xf32>)
  return
}

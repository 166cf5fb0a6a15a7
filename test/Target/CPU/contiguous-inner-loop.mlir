// RUN: tgc-opt %s -split-input-file -tg-contiguous-inner-loop | FileCheck %s

// A batched product with the reduction innermost: n (the output's and the
// weight's contiguous dimension) becomes the innermost loop; each output
// still sums over k in the same order.
#x = affine_map<(b, i, n, k) -> (b, i, k)>
#w = affine_map<(b, i, n, k) -> (k, n)>
#o = affine_map<(b, i, n, k) -> (b, i, n)>
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[O:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-LABEL: func @batched_product
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[W]], #[[O]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
func.func @batched_product(%x: memref<1x16x32xf32>, %w: memref<32x32xf32>, %o: memref<1x16x32xf32>) {
  linalg.generic {indexing_maps = [#x, #w, #o], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<1x16x32xf32>, memref<32x32xf32>) outs(%o : memref<1x16x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = arith.addf %0, %acc : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

// A depthwise window over channels-last data: the channel loop goes inside
// the window loops.
#in = affine_map<(n, h, w, c, kh, kw) -> (n, h + kh, w + kw, c)>
#f = affine_map<(n, h, w, c, kh, kw) -> (kh, kw, c)>
#out = affine_map<(n, h, w, c, kh, kw) -> (n, h, w, c)>
// CHECK-LABEL: func @depthwise
// CHECK: iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
func.func @depthwise(%i: memref<1x10x10x8xf32>, %f: memref<5x5x8xf32>, %o: memref<1x6x6x8xf32>) {
  linalg.generic {indexing_maps = [#in, #f, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%i, %f : memref<1x10x10x8xf32>, memref<5x5x8xf32>) outs(%o : memref<1x6x6x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = arith.addf %0, %acc : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

// A row sum reduces along the contiguous dimension: unchanged.
#r_in = affine_map<(i, k) -> (i, k)>
#r_out = affine_map<(i, k) -> (i)>
// CHECK-LABEL: func @row_sum
// CHECK: iterator_types = ["parallel", "reduction"]
func.func @row_sum(%x: memref<4x64xf32>, %o: memref<4xf32>) {
  linalg.generic {indexing_maps = [#r_in, #r_out], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x64xf32>) outs(%o : memref<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %0 = arith.addf %a, %acc : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

// An input that reads the output's last dimension with a stride (a
// transposed operand) would be walked across rows: unchanged.
#t_x = affine_map<(i, n, k) -> (i, k)>
#t_w = affine_map<(i, n, k) -> (n, k)>
#t_o = affine_map<(i, n, k) -> (i, n)>
// CHECK-LABEL: func @transposed
// CHECK: iterator_types = ["parallel", "parallel", "reduction"]
func.func @transposed(%x: memref<4x8xf32>, %w: memref<16x8xf32>, %o: memref<4x16xf32>) {
  linalg.generic {indexing_maps = [#t_x, #t_w, #t_o], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<4x8xf32>, memref<16x8xf32>) outs(%o : memref<4x16xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = arith.addf %0, %acc : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

// On tensors (before bufferization) nothing changes.
#tx = affine_map<(b, i, n, k) -> (b, i, k)>
#tw = affine_map<(b, i, n, k) -> (k, n)>
#to = affine_map<(b, i, n, k) -> (b, i, n)>
// CHECK-LABEL: func @on_tensors
// CHECK: iterator_types = ["parallel", "parallel", "parallel", "reduction"]
func.func @on_tensors(%x: tensor<1x16x32xf32>, %w: tensor<32x32xf32>, %o: tensor<1x16x32xf32>) -> tensor<1x16x32xf32> {
  %r = linalg.generic {indexing_maps = [#tx, #tw, #to], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x16x32xf32>, tensor<32x32xf32>) outs(%o : tensor<1x16x32xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = arith.addf %0, %acc : f32
    linalg.yield %1 : f32
  } -> tensor<1x16x32xf32>
  return %r : tensor<1x16x32xf32>
}

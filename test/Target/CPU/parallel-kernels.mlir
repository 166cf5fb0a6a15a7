// RUN: tgc-opt %s -split-input-file -tg-parallel-kernels=min-cost=1000 | FileCheck %s
// RUN: tgc-opt %s -split-input-file -tg-parallel-kernels=min-cost=1000 \
// RUN:   -convert-linalg-to-loops -lower-affine -convert-scf-to-cf \
// RUN:   -expand-strided-metadata -lower-affine -finalize-memref-to-llvm \
// RUN:   -convert-math-to-llvm -convert-arith-to-llvm \
// RUN:   -convert-func-to-llvm=use-bare-ptr-memref-call-conv=1 \
// RUN:   -convert-cf-to-llvm -tg-parallel-kernel-calls \
// RUN:   -reconcile-unrealized-casts -canonicalize | FileCheck %s --check-prefix=LLVM

// A kernel above the cost threshold: its first loop of extent above 1 (d1,
// after the unit batch loop) is tiled by one, the range becomes two index
// arguments, and the call passes the whole range [0, 64).

// CHECK-LABEL: func.func private @kernel0
// CHECK-SAME: (%[[A:.*]]: memref<1x64x8xf32> {llvm.noalias}, %[[B:.*]]: memref<1x64x8xf32>, %[[BEGIN:.*]]: index, %[[END:.*]]: index)
// CHECK-SAME: tg.parallel_cost = 2048 : i64, tg.parallel_extent = 64 : i64
// CHECK: scf.for %[[I:.*]] = %[[BEGIN]] to %[[END]] step %{{.*}} {
// CHECK: %[[ROW_A:.*]] = memref.subview %[[A]][0, %[[I]], 0] [1, 1, 8] [1, 1, 1]
// CHECK: %[[ROW_B:.*]] = memref.subview %[[B]][0, %[[I]], 0] [1, 1, 8] [1, 1, 1]
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[ROW_A]] :
// CHECK-SAME: outs(%[[ROW_B]] :
// CHECK: math.exp
// CHECK: func.func @main
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[N:.*]] = arith.constant 64 : index
// CHECK: call @kernel0(%{{.*}}, %{{.*}}, %[[ZERO]], %[[N]])

// After lowering, the call goes through the runtime: the kernel's other
// arguments are stored in a stack slot of the caller's entry block, and
// kernel0_task(ctx, begin, end) loads them and calls the kernel.

// LLVM-LABEL: llvm.func @kernel0(
// LLVM-SAME: %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// LLVM: llvm.func internal @kernel0_task(%[[CTX:.*]]: !llvm.ptr, %[[LO:.*]]: i64, %[[HI:.*]]: i64)
// LLVM: %[[P0:.*]] = llvm.getelementptr %[[CTX]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr)>
// LLVM: %[[A0:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.ptr
// LLVM: %[[P1:.*]] = llvm.getelementptr %[[CTX]][0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr)>
// LLVM: %[[A1:.*]] = llvm.load %[[P1]] : !llvm.ptr -> !llvm.ptr
// LLVM: llvm.call @kernel0(%[[A0]], %[[A1]], %[[LO]], %[[HI]])
// LLVM: llvm.func @main(%[[X:.*]]: !llvm.ptr, %[[Y:.*]]: !llvm.ptr)
// LLVM-DAG: %[[COST:.*]] = llvm.mlir.constant(2048 : i64)
// LLVM-DAG: %[[EXTENT:.*]] = llvm.mlir.constant(64 : i64)
// LLVM-DAG: %[[TASK:.*]] = llvm.mlir.addressof @kernel0_task
// LLVM: %[[SLOT:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(ptr, ptr)>
// LLVM: %[[F0:.*]] = llvm.getelementptr %[[SLOT]][0, 0]
// LLVM: llvm.store %[[X]], %[[F0]] : !llvm.ptr, !llvm.ptr
// LLVM: %[[F1:.*]] = llvm.getelementptr %[[SLOT]][0, 1]
// LLVM: llvm.store %[[Y]], %[[F1]] : !llvm.ptr, !llvm.ptr
// LLVM: llvm.call @tgrt_parallel_for(%[[TASK]], %[[SLOT]], %[[EXTENT]], %[[COST]])
// LLVM-NOT: llvm.call @kernel0(
// LLVM: llvm.func @tgrt_parallel_for(!llvm.ptr, !llvm.ptr, i64, i64)

func.func private @kernel0(%a: memref<1x64x8xf32> {llvm.noalias}, %b: memref<1x64x8xf32>) attributes {tg.kernel} {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%a : memref<1x64x8xf32>) outs(%b : memref<1x64x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  return
}
func.func @main(%a: memref<1x64x8xf32>, %b: memref<1x64x8xf32>) {
  call @kernel0(%a, %b) : (memref<1x64x8xf32>, memref<1x64x8xf32>) -> ()
  return
}

// -----

// Kernels that stay serial: below the cost threshold (kernel0: 4 x 8
// iterations), a reduction as the first loop of extent above 1 (kernel1),
// a loop that an input reads reversed (kernel2: a flipped filter, which
// tiling would slice wrongly), and an op that is not a kernel (no
// tg.kernel).

// CHECK-LABEL: func.func private @kernel0(%{{.*}}: memref<4x8xf32>)
// CHECK-SAME: attributes {tg.kernel}
// CHECK-NOT: scf.for
// CHECK: linalg.fill
// CHECK-LABEL: func.func private @kernel1(%{{.*}}: memref<64x64xf32>, %{{.*}}: memref<64xf32>)
// CHECK-SAME: attributes {tg.kernel}
// CHECK-NOT: scf.for
// CHECK: linalg.generic
// CHECK-LABEL: func.func private @kernel2(%{{.*}}: memref<64x64xf32>, %{{.*}}: memref<64x64xf32>)
// CHECK-SAME: attributes {tg.kernel}
// CHECK-NOT: scf.for
// CHECK: linalg.generic
// CHECK-LABEL: func.func @main
// CHECK: call @kernel0(%{{.*}}) : (memref<4x8xf32>) -> ()
// CHECK: call @kernel1(%{{.*}}, %{{.*}}) : (memref<64x64xf32>, memref<64xf32>) -> ()
// CHECK: call @kernel2(%{{.*}}, %{{.*}}) : (memref<64x64xf32>, memref<64x64xf32>) -> ()
// CHECK-NOT: scf.for
// CHECK: linalg.fill

func.func private @kernel0(%a: memref<4x8xf32>) attributes {tg.kernel} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%a : memref<4x8xf32>)
  return
}
func.func private @kernel1(%a: memref<64x64xf32>, %b: memref<64xf32>) attributes {tg.kernel} {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%a : memref<64x64xf32>) outs(%b : memref<64xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}
func.func private @kernel2(%a: memref<64x64xf32>, %b: memref<64x64xf32>) attributes {tg.kernel} {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (-d0 + 63, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<64x64xf32>) outs(%b : memref<64x64xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}
func.func @main(%a: memref<4x8xf32>, %m: memref<64x64xf32>, %v: memref<64xf32>, %big: memref<256x256xf32>) {
  call @kernel0(%a) : (memref<4x8xf32>) -> ()
  call @kernel1(%m, %v) : (memref<64x64xf32>, memref<64xf32>) -> ()
  call @kernel2(%m, %m) : (memref<64x64xf32>, memref<64x64xf32>) -> ()
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%big : memref<256x256xf32>)
  return
}

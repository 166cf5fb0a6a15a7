// RUN: tgc-opt %s -split-input-file -verify-diagnostics -tg-gpu-constant-pool -tg-gpu-lower-launches -canonicalize | FileCheck %s

// The constants go into one pool at 64-byte aligned offsets (a bool is one
// byte), which the function takes as a trailing argument; reads become
// views of it. Each launch becomes a call of tgrt_cuda_exec_launch with the
// kernel's index (in order of first launch), the grid and block sizes and
// an array of pointers to the parameters: a memref is expanded as the
// kernels' LLVM signature has it (allocated and aligned pointer, offset,
// sizes, strides; a subview's offset is its own), an index is an i64 and a
// bool is widened to i32; the array ends with NULL. The runtime's context is the last argument.

// CHECK: module attributes {tg.constant_pool = dense<[0, 0, -128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0,
// CHECK-SAME: 1, 0]> : tensor<66xi8>, tg.kernels = ["k", "k2"]}
// CHECK-NOT: memref.global
// CHECK-NOT: gpu.module
// CHECK: func.func private @tgrt_cuda_exec_launch(!llvm.ptr, i32, i32, i32, i32, i32, i32, i32, i32, !llvm.ptr) -> i32
// CHECK: func.func @main(%[[X:.*]]: memref<4x3xf32>, %[[Y:.*]]: memref<3xf32>, %[[N:.*]]: index, %[[F:.*]]: i1, %[[POOL:.*]]: memref<66xi8>, %[[EXEC:.*]]: !llvm.ptr)
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[K0:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-DAG: %[[THIRTEEN:.*]] = llvm.mlir.constant(13 : i64) : i64
// CHECK: llvm.alloca %[[THIRTEEN]] x !llvm.ptr
// A pooled constant's address is the pool's plus its offset (w at 0, b at
// 64).
// CHECK: %[[S:.*]] = memref.subview %[[X]][1, 0] [1, 3] [1, 1]
// CHECK: %[[WI:.*]] = memref.extract_aligned_pointer_as_index %[[POOL]]
// CHECK: %[[WI64:.*]] = arith.index_cast %[[WI]] : index to i64
// CHECK: %[[WP:.*]] = llvm.inttoptr %[[WI64]]
// CHECK: %[[SI:.*]] = memref.extract_aligned_pointer_as_index %[[S]]
// CHECK: %[[SP:.*]] = llvm.inttoptr
// CHECK: %[[NI:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[FI:.*]] = arith.extui %[[F]] : i1 to i32
// The first kernel's 12 parameters: w (ptr, ptr, 0, 3, 1), the subview
// (ptr, ptr, 3, 3, 1), n, f.
// CHECK: llvm.store %[[WP]], %[[P0:.*]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT: llvm.store %[[P0]], %[[ARGS:.*]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT: llvm.store %[[WP]]
// CHECK: llvm.store %[[C0]]
// CHECK: llvm.store %[[C3]]
// CHECK: llvm.store %[[C1]]
// CHECK: llvm.store %[[SP]]
// CHECK: llvm.store %[[SP]]
// CHECK: llvm.store %[[C3]]
// CHECK: llvm.store %[[C3]]
// CHECK: llvm.store %[[C1]]
// CHECK: llvm.store %[[NI]]
// CHECK: llvm.store %[[FI]], %{{.*}} : i32, !llvm.ptr
// and a NULL after them.
// CHECK: %[[END:.*]] = llvm.getelementptr %[[ARGS]][12]
// CHECK-NEXT: llvm.store %[[NULL]], %[[END]]
// CHECK: %[[GRID:.*]] = arith.index_cast %[[N]] : index to i32
// CHECK: call @tgrt_cuda_exec_launch(%[[EXEC]], %[[K0]], %[[GRID]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[K0]], %[[ARGS]])
// The second kernel is number 1; the third launch is kernel 0 again.
// CHECK: %[[BI:.*]] = memref.extract_aligned_pointer_as_index %[[POOL]]
// CHECK: %[[BSHIFT:.*]] = arith.addi %[[BI]], %[[C64]] : index
// CHECK: arith.index_cast %[[BSHIFT]] : index to i64
// CHECK: call @tgrt_cuda_exec_launch(%[[EXEC]], %[[ONE]], %[[ONE]],
// CHECK: call @tgrt_cuda_exec_launch(%[[EXEC]], %[[K0]], %[[ONE]],
module attributes {gpu.container_module} {
  memref.global "private" constant @w : memref<3xf32> = dense<[1.0, 2.0, 3.0]>
  memref.global "private" constant @b : memref<2xi1> = dense<[true, false]>
  func.func @main(%x: memref<4x3xf32>, %y: memref<3xf32>, %n: index, %f: i1) {
    %c1 = arith.constant 1 : index
    %w = memref.get_global @w : memref<3xf32>
    %b = memref.get_global @b : memref<2xi1>
    %s = memref.subview %x[1, 0] [1, 3] [1, 1] : memref<4x3xf32> to memref<3xf32, strided<[1], offset: 3>>
    gpu.launch_func @kernels::@k blocks in (%n, %c1, %c1) threads in (%c1, %c1, %c1) args(%w : memref<3xf32>, %s : memref<3xf32, strided<[1], offset: 3>>, %n : index, %f : i1)
    gpu.launch_func @kernels::@k2 blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%b : memref<2xi1>, %y : memref<3xf32>)
    gpu.launch_func @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%w : memref<3xf32>, %s : memref<3xf32, strided<[1], offset: 3>>, %n : index, %f : i1)
    return
  }
  gpu.module @kernels {
    gpu.func @k(%a: memref<3xf32>, %s: memref<3xf32, strided<[1], offset: 3>>, %n: index, %f: i1) kernel { gpu.return }
    gpu.func @k2(%a: memref<2xi1>, %y: memref<3xf32>) kernel { gpu.return }
  }
}

// -----

// The host reads and writes single elements of device buffers (the
// predicates of loops and conditionals) through the runtime: the element's
// address (aligned pointer + (offset + index) * size), a stack slot, a
// synchronous copy.
// CHECK: func.func private @tgrt_cuda_exec_read(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> i32
// CHECK: func.func private @tgrt_cuda_exec_write(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> i32
// CHECK: func.func @main(%[[X:.*]]: memref<4xf32>, %[[I:.*]]: index, %{{.*}}: memref<0xi8>, %[[EXEC:.*]]: !llvm.ptr) -> f32
// CHECK: %[[FOUR:.*]] = llvm.mlir.constant(4 : i64) : i64
// CHECK: %[[SLOT_W:.*]] = llvm.alloca %{{.*}} x f32
// CHECK: %[[SLOT_R:.*]] = llvm.alloca %{{.*}} x f32
// CHECK: %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %[[X]]
// CHECK: %[[BYTES:.*]] = arith.muli %[[I]], %c4
// CHECK: %[[ADDR:.*]] = arith.addi %[[BASE]], %[[BYTES]]
// CHECK: %[[ADDR64:.*]] = arith.index_cast %[[ADDR]] : index to i64
// CHECK: %[[PTR:.*]] = llvm.inttoptr %[[ADDR64]]
// CHECK: call @tgrt_cuda_exec_read(%[[EXEC]], %[[SLOT_R]], %[[PTR]], %[[FOUR]])
// CHECK: %[[V:.*]] = llvm.load %[[SLOT_R]] : !llvm.ptr -> f32
// CHECK: %[[W:.*]] = arith.addf %[[V]], %[[V]]
// CHECK: llvm.store %[[W]], %[[SLOT_W]]
// CHECK: call @tgrt_cuda_exec_write(%[[EXEC]], %{{.*}}, %[[SLOT_W]], %[[FOUR]])
// CHECK: return %[[V]]
module attributes {gpu.container_module} {
  func.func @main(%x: memref<4xf32>, %i: index) -> f32 {
    %c0 = arith.constant 0 : index
    %v = memref.load %x[%i] : memref<4xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %x[%c0] : memref<4xf32>
    return %v : f32
  }
}

// -----

// A copy between device buffers on the host is not supported.
module attributes {gpu.container_module} {
  func.func @main(%x: memref<4xf32>, %y: memref<4xf32>) {
    // expected-error @+1 {{copies device buffers on the host; the CUDA target cannot run this op yet}}
    memref.copy %x, %y : memref<4xf32> to memref<4xf32>
    return
  }
}

// -----

// Only constant globals can be pooled.
memref.global "private" @state : memref<4xf32> = dense<0.0>
func.func @main() -> memref<4xf32> {
  // expected-error @+1 {{the CUDA target supports only dense constant globals, not 'state'}}
  %g = memref.get_global @state : memref<4xf32>
  return %g : memref<4xf32>
}

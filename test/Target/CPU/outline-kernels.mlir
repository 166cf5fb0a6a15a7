// RUN: tgc-opt %s -split-input-file -tg-outline-kernels | FileCheck %s

// Each linalg op on buffers becomes a call of a kernel; two ops with the
// same body and types share one kernel (views at different offsets of the
// arena have the same type), an op with another constant gets its own.
// Constants are cloned into the kernel, buffers and scalars are passed.
// Buffers that share no byte with the kernel's other buffers (other entry
// arguments, or disjoint views of one) are noalias.

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[Y:.*]]: memref<4xf32>, %[[ARENA:.*]]: memref<64xi8>, %[[S:.*]]: f32)
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%{{.*}}][]
// CHECK: call @kernel0(%[[X]], %[[A]])
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%{{.*}}][]
// CHECK: call @kernel0(%[[A]], %[[B]])
// CHECK: call @kernel1(%[[B]], %[[Y]])
// CHECK: call @kernel2(%[[S]], %[[Y]])
// CHECK-NOT: linalg.
// CHECK: return

// CHECK: func.func private @kernel0(%[[IN:.*]]: memref<4xf32> {llvm.noalias}, %[[OUT:.*]]: memref<4xf32> {llvm.noalias})
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"], tg.kernel}
// CHECK: %[[TWO:.*]] = arith.constant 2.0
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[IN]] : memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
// CHECK: arith.mulf %{{.*}}, %[[TWO]]
// CHECK: return

// CHECK: func.func private @kernel1
// CHECK: arith.constant 3.0
// CHECK: func.func private @kernel2(%{{.*}}: f32, %{{.*}}: memref<4xf32> {llvm.noalias})
// CHECK: linalg.fill

#id = affine_map<(d0) -> (d0)>
func.func @main(%x: memref<4xf32>, %y: memref<4xf32>, %arena: memref<64xi8>,
                %s: f32) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %two = arith.constant 2.0 : f32
  %three = arith.constant 3.0 : f32
  %a = memref.view %arena[%c0][] : memref<64xi8> to memref<4xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<4xf32>) outs(%a : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %two : f32
    linalg.yield %m : f32
  }
  %b = memref.view %arena[%c16][] : memref<64xi8> to memref<4xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : memref<4xf32>) outs(%b : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %two : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%b : memref<4xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %three : f32
    linalg.yield %m : f32
  }
  linalg.fill ins(%s : f32) outs(%y : memref<4xf32>)
  return
}

// -----

// An op on a buffer of dynamic shape stays inline; ops on tensors are not
// kernels.

// CHECK-LABEL: func.func @dynamic
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<?xf32>)
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4xf32>)
// CHECK-NOT: func.func private @kernel
func.func @dynamic(%x: memref<?xf32>, %t: tensor<4xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%x : memref<?xf32>)
  %r = linalg.fill ins(%zero : f32) outs(%t : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Buffers that may overlap are not noalias, and the kernel is not shared
// with a call whose buffers are apart: views that overlap, a view whose
// offset is not a constant. An op in place takes its buffer once.

// CHECK-LABEL: func.func @overlap
// CHECK: call @kernel0(
// CHECK: call @kernel1(
// CHECK: call @kernel1(
// CHECK: call @kernel2(
// CHECK: func.func private @kernel0(%{{.*}}: memref<4xf32> {llvm.noalias}, %{{.*}}: memref<4xf32> {llvm.noalias})
// CHECK: func.func private @kernel1(%{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>)
// CHECK: func.func private @kernel2(%{{.*}}: memref<4xf32> {llvm.noalias})
#id = affine_map<(d0) -> (d0)>
func.func @overlap(%arena: memref<64xi8>, %n: index) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %a = memref.view %arena[%c0][] : memref<64xi8> to memref<4xf32>
  %b = memref.view %arena[%c16][] : memref<64xi8> to memref<4xf32>
  %c = memref.view %arena[%c8][] : memref<64xi8> to memref<4xf32>
  %d = memref.view %arena[%n][] : memref<64xi8> to memref<4xf32>
  linalg.copy ins(%a : memref<4xf32>) outs(%b : memref<4xf32>)
  linalg.copy ins(%a : memref<4xf32>) outs(%c : memref<4xf32>)
  linalg.copy ins(%a : memref<4xf32>) outs(%d : memref<4xf32>)
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]}
      outs(%a : memref<4xf32>) {
  ^bb0(%out: f32):
    %m = arith.addf %out, %out : f32
    linalg.yield %m : f32
  }
  return
}

// RUN: tgc-opt %s -pass-pipeline='builtin.module(gpu.module(tg-gpu-contract))' | FileCheck %s

// --fp-contract=fast on the kernels: a multiply used only by an add or a
// subtract becomes a fused multiply-add (as LLVM contracts on the CPU); a
// multiply with other uses stays.
// CHECK-LABEL: gpu.func @k
// CHECK-SAME: (%[[A:.*]]: f32, %[[B:.*]]: f32, %[[C:.*]]: f32, %[[OUT:.*]]: memref<5xf32>)
// CHECK: %[[F0:.*]] = math.fma %[[A]], %[[B]], %[[C]] : f32
// CHECK: %[[F1:.*]] = math.fma %[[A]], %[[C]], %[[B]] : f32
// CHECK: %[[NC:.*]] = arith.negf %[[C]] : f32
// CHECK: %[[F2:.*]] = math.fma %[[B]], %[[C]], %[[NC]] : f32
// CHECK: %[[NA:.*]] = arith.negf %[[A]] : f32
// CHECK: %[[F3:.*]] = math.fma %[[NA]], %[[A]], %[[C]] : f32
// CHECK: %[[M:.*]] = arith.mulf %[[B]], %[[B]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[M]], %[[C]] : f32
// CHECK: memref.store %[[M]]
gpu.module @kernels {
  gpu.func @k(%a: f32, %b: f32, %c: f32, %out: memref<5xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %m0 = arith.mulf %a, %b : f32
    %s0 = arith.addf %m0, %c : f32
    %m1 = arith.mulf %a, %c : f32
    %s1 = arith.addf %b, %m1 : f32
    %m2 = arith.mulf %b, %c : f32
    %s2 = arith.subf %m2, %c : f32
    %m3 = arith.mulf %a, %a : f32
    %s3 = arith.subf %c, %m3 : f32
    %m4 = arith.mulf %b, %b : f32
    %s4 = arith.addf %m4, %c : f32
    memref.store %s0, %out[%c0] : memref<5xf32>
    memref.store %s1, %out[%c1] : memref<5xf32>
    memref.store %s2, %out[%c2] : memref<5xf32>
    memref.store %s3, %out[%c3] : memref<5xf32>
    memref.store %m4, %out[%c4] : memref<5xf32>
    memref.store %s4, %out[%c4] : memref<5xf32>
    gpu.return
  }
}

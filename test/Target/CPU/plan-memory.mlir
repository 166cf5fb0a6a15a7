// RUN: tgc-opt %s -split-input-file -tg-plan-memory -verify-diagnostics | FileCheck %s

// Buffers never live at the same time share arena memory; a view keeps its
// source alive.
// CHECK-LABEL: func.func @plan
// CHECK-SAME: %[[ARENA:[^:]*]]: memref<128xi8>) attributes {tg.arena_bytes = 128 : i64}
// CHECK-NOT: memref.alloc
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[OFF0:.*]]][] : memref<128xi8> to memref<16xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[OFF64:.*]]][] : memref<128xi8> to memref<16xf32>
// CHECK: linalg.copy ins(%[[A]] : memref<16xf32>) outs(%[[B]] : memref<16xf32>)
// a is dead here, so c takes its place; b is still used through its view.
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%[[OFF0B:.*]]][] : memref<128xi8> to memref<4x4xf32>
// CHECK: memref.expand_shape %[[B]]
func.func @plan(%x: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.copy ins(%x : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.copy ins(%a : memref<16xf32>) outs(%b : memref<16xf32>)
  %c = memref.alloc() {alignment = 64 : i64} : memref<4x4xf32>
  %bv = memref.expand_shape %b [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32>
  linalg.copy ins(%bv : memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  %cv = memref.collapse_shape %c [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  linalg.copy ins(%cv : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// Three buffers live together need three slots; sizes round up to 64 bytes
// and a later buffer reuses the first dead slot that fits.
// CHECK-LABEL: func.func @three
// CHECK-SAME: memref<576xi8>) attributes {tg.arena_bytes = 576 : i64}
// CHECK-DAG: arith.constant 0 : index
// CHECK-DAG: arith.constant 256 : index
// CHECK-DAG: arith.constant 512 : index
func.func @three(%x: memref<64xf32>, %y: memref<3xf32>) {
  %a = memref.alloc() : memref<64xf32>
  %b = memref.alloc() : memref<64xf32>
  %c = memref.alloc() : memref<3xf32>
  linalg.copy ins(%x : memref<64xf32>) outs(%a : memref<64xf32>)
  linalg.copy ins(%a : memref<64xf32>) outs(%b : memref<64xf32>)
  linalg.copy ins(%y : memref<3xf32>) outs(%c : memref<3xf32>)
  linalg.add ins(%a, %b : memref<64xf32>, memref<64xf32>) outs(%x : memref<64xf32>)
  linalg.copy ins(%c : memref<3xf32>) outs(%y : memref<3xf32>)
  return
}

// -----

// No allocation: an arena of the minimum size, recorded as 0 bytes.
// CHECK-LABEL: func.func @none
// CHECK-SAME: memref<64xi8>) attributes {tg.arena_bytes = 0 : i64}
func.func @none(%x: memref<4xf32>) {
  return
}

// -----

func.func @dynamic(%n: index) {
  // expected-error @+1 {{cannot plan a buffer of type 'memref<?xf32>': the static memory plan needs static shapes}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

// The aligned pointer of a planned buffer, also through a reshape, is the
// arena's pointer plus the buffer's byte offset; the second buffer sits at
// 64 bytes, so its pointer must carry that shift.
// CHECK-LABEL: func.func @pointer
// CHECK-SAME: %[[ARENA:[^:]*]]: memref<128xi8>)
// CHECK-DAG: %[[SHIFT:.*]] = arith.constant 64 : index
// CHECK: %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %[[ARENA]]
// CHECK: %[[P:.*]] = arith.addi %[[BASE]], %[[SHIFT]] : index
// CHECK: return %[[P]]
func.func @pointer(%x: memref<16xf32>) -> index {
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%x : memref<16xf32>) outs(%a : memref<16xf32>)
  linalg.copy ins(%a : memref<16xf32>) outs(%b : memref<16xf32>)
  %bv = memref.expand_shape %b [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32>
  %p = memref.extract_aligned_pointer_as_index %bv : memref<4x4xf32> -> index
  linalg.copy ins(%a : memref<16xf32>) outs(%x : memref<16xf32>)
  return %p : index
}

// -----

// A buffer of an scf.if branch is planned across the whole conditional, and
// when the branch yields it, as long as the scf.if's result is used: %late
// must not share %t's slot.
// CHECK-LABEL: func.func @branch
// CHECK-SAME: memref<192xi8>) attributes {tg.arena_bytes = 192 : i64}
// CHECK: scf.if
// CHECK-NOT: memref.alloc
// CHECK: memref.view
// CHECK: scf.yield
func.func @branch(%c: i1, %x: memref<16xf32>, %out: memref<16xf32>) {
  %r = scf.if %c -> (memref<16xf32>) {
    %t = memref.alloc() : memref<16xf32>
    linalg.copy ins(%x : memref<16xf32>) outs(%t : memref<16xf32>)
    scf.yield %t : memref<16xf32>
  } else {
    %e = memref.alloc() : memref<16xf32>
    linalg.copy ins(%x : memref<16xf32>) outs(%e : memref<16xf32>)
    scf.yield %e : memref<16xf32>
  }
  %late = memref.alloc() : memref<16xf32>
  linalg.copy ins(%x : memref<16xf32>) outs(%late : memref<16xf32>)
  linalg.add ins(%r, %late : memref<16xf32>, memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// A buffer of a loop body gets one place for the whole loop (the body's
// temporaries are dead by the next iteration)...
// CHECK-LABEL: func.func @loop
// CHECK-SAME: memref<64xi8>) attributes {tg.arena_bytes = 64 : i64}
// CHECK: scf.for
// CHECK-NOT: memref.alloc
// CHECK: memref.view
func.func @loop(%n: index, %x: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %t = memref.alloc() : memref<16xf32>
    linalg.copy ins(%x : memref<16xf32>) outs(%t : memref<16xf32>)
    linalg.copy ins(%t : memref<16xf32>) outs(%x : memref<16xf32>)
  }
  return
}

// -----

// ...but not a buffer the body hands to the next iteration.
func.func @carried(%n: index, %x: memref<16xf32>) -> memref<16xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (memref<16xf32>) {
    // expected-error @+1 {{cannot plan a buffer that 'scf.for' carries into its next iteration: it would need a place per live iteration}}
    %t = memref.alloc() : memref<16xf32>
    linalg.copy ins(%a : memref<16xf32>) outs(%t : memref<16xf32>)
    scf.yield %t : memref<16xf32>
  }
  return %r : memref<16xf32>
}

// RUN: tgc-opt %s | FileCheck %s
// RUN: tgc-opt %s | tgc-opt | FileCheck %s
// RUN: tgc-opt -mlir-print-op-generic %s | tgc-opt | FileCheck %s

// The shape-manipulating and reducing tg ops print in their custom form and
// parse back to the same IR: reshape, transpose, concat, strided_slice, pad
// (every mode, with and without a value), tile, broadcast_to, gather (axis,
// batch_dims), gather_nd, depth_to_space, the reductions (keep_dims),
// argmax/argmin and top_k. Result types are the inferred ones.

// CHECK-LABEL: func.func @reshape
func.func @reshape(%x: tensor<2x3x4xf32>, %d: tensor<?x4xi32>) {
  // CHECK: tg.reshape %{{.*}} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %0 = tg.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  // CHECK: tg.reshape %{{.*}} : tensor<2x3x4xf32> -> tensor<24xf32>
  %1 = tg.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  // CHECK: tg.reshape %{{.*}} : tensor<?x4xi32> -> tensor<?x2x2xi32>
  %2 = tg.reshape %d : tensor<?x4xi32> -> tensor<?x2x2xi32>
  // CHECK: tg.reshape %{{.*}} : tensor<2x3x4xf32> -> tensor<1x24x1xf32>
  %3 = tg.reshape %x : tensor<2x3x4xf32> -> tensor<1x24x1xf32>
  return
}

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<2x3x4xf32>, %d: tensor<?x5xi64>) {
  // CHECK: tg.transpose %{{.*}}, [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %0 = tg.transpose %x, [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  // CHECK: tg.transpose %{{.*}}, [1, 0] : tensor<?x5xi64> -> tensor<5x?xi64>
  %1 = tg.transpose %d, [1, 0] : tensor<?x5xi64> -> tensor<5x?xi64>
  return
}

// CHECK-LABEL: func.func @concat
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<?x3xf32>) {
  // CHECK: tg.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %0 = tg.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  // CHECK: tg.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
  %1 = tg.concat %a, %a, %a {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
  // An unknown size along the axis makes the result's unknown.
  // CHECK: tg.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %2 = tg.concat %a, %c {axis = 0 : i64} : (tensor<2x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return
}

// CHECK-LABEL: func.func @strided_slice
func.func @strided_slice(%x: tensor<8x6xf32>, %d: tensor<?x6xf32>) {
  // CHECK: tg.strided_slice %{{.*}} {begin = array<i64: 1, 0>, limit = array<i64: 7, 6>, strides = array<i64: 2, 3>} : tensor<8x6xf32> -> tensor<3x2xf32>
  %0 = tg.strided_slice %x {begin = array<i64: 1, 0>, limit = array<i64: 7, 6>, strides = array<i64: 2, 3>} : tensor<8x6xf32> -> tensor<3x2xf32>
  // A negative stride walks back from begin down to, not including, limit:
  // rows 7, 4, 1 and columns 5..0.
  // CHECK: tg.strided_slice %{{.*}} {begin = array<i64: 7, 5>, limit = array<i64: -1, -1>, strides = array<i64: -3, -1>} : tensor<8x6xf32> -> tensor<3x6xf32>
  %1 = tg.strided_slice %x {begin = array<i64: 7, 5>, limit = array<i64: -1, -1>, strides = array<i64: -3, -1>} : tensor<8x6xf32> -> tensor<3x6xf32>
  // An empty slice.
  // CHECK: tg.strided_slice %{{.*}} {begin = array<i64: 4, 0>, limit = array<i64: 4, 6>, strides = array<i64: 1, 1>} : tensor<8x6xf32> -> tensor<0x6xf32>
  %2 = tg.strided_slice %x {begin = array<i64: 4, 0>, limit = array<i64: 4, 6>, strides = array<i64: 1, 1>} : tensor<8x6xf32> -> tensor<0x6xf32>
  // An unknown dimension can only be taken whole: limit INT64_MAX.
  // CHECK: tg.strided_slice %{{.*}} {begin = array<i64: 0, 2>, limit = array<i64: 9223372036854775807, 4>, strides = array<i64: 1, 1>} : tensor<?x6xf32> -> tensor<?x2xf32>
  %3 = tg.strided_slice %d {begin = array<i64: 0, 2>, limit = array<i64: 9223372036854775807, 4>, strides = array<i64: 1, 1>} : tensor<?x6xf32> -> tensor<?x2xf32>
  return
}

// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<3x4xf32>, %i: tensor<2xi32>) {
  // CHECK: tg.pad %{{.*}} {high = array<i64: 2, 0>, low = array<i64: 1, 3>, mode = "constant"} : tensor<3x4xf32> -> tensor<6x7xf32>
  %0 = tg.pad %x {low = array<i64: 1, 3>, high = array<i64: 2, 0>, mode = "constant"} : tensor<3x4xf32> -> tensor<6x7xf32>
  // CHECK: tg.pad %{{.*}} {high = array<i64: 1, 1>, low = array<i64: 1, 1>, mode = "constant", value = -1.500000e+00 : f32} : tensor<3x4xf32> -> tensor<5x6xf32>
  %1 = tg.pad %x {low = array<i64: 1, 1>, high = array<i64: 1, 1>, mode = "constant", value = -1.5 : f32} : tensor<3x4xf32> -> tensor<5x6xf32>
  // CHECK: tg.pad %{{.*}} {high = array<i64: 7>, low = array<i64: 0>, mode = "constant", value = 9 : i32} : tensor<2xi32> -> tensor<9xi32>
  %2 = tg.pad %i {low = array<i64: 0>, high = array<i64: 7>, mode = "constant", value = 9 : i32} : tensor<2xi32> -> tensor<9xi32>
  // reflect pads at most size - 1, symmetric at most size.
  // CHECK: tg.pad %{{.*}} {high = array<i64: 0, 3>, low = array<i64: 2, 1>, mode = "reflect"} : tensor<3x4xf32> -> tensor<5x8xf32>
  %3 = tg.pad %x {low = array<i64: 2, 1>, high = array<i64: 0, 3>, mode = "reflect"} : tensor<3x4xf32> -> tensor<5x8xf32>
  // CHECK: tg.pad %{{.*}} {high = array<i64: 3, 4>, low = array<i64: 3, 0>, mode = "symmetric"} : tensor<3x4xf32> -> tensor<9x8xf32>
  %4 = tg.pad %x {low = array<i64: 3, 0>, high = array<i64: 3, 4>, mode = "symmetric"} : tensor<3x4xf32> -> tensor<9x8xf32>
  return
}

// CHECK-LABEL: func.func @tile
func.func @tile(%x: tensor<2x3xf32>, %d: tensor<?x3xi32>) {
  // CHECK: tg.tile %{{.*}}, [3, 2] : tensor<2x3xf32> -> tensor<6x6xf32>
  %0 = tg.tile %x, [3, 2] : tensor<2x3xf32> -> tensor<6x6xf32>
  // CHECK: tg.tile %{{.*}}, [0, 1] : tensor<2x3xf32> -> tensor<0x3xf32>
  %1 = tg.tile %x, [0, 1] : tensor<2x3xf32> -> tensor<0x3xf32>
  // CHECK: tg.tile %{{.*}}, [2, 2] : tensor<?x3xi32> -> tensor<?x6xi32>
  %2 = tg.tile %d, [2, 2] : tensor<?x3xi32> -> tensor<?x6xi32>
  return
}

// CHECK-LABEL: func.func @broadcast_to
func.func @broadcast_to(%x: tensor<3x1xf32>, %s: tensor<i32>) {
  // CHECK: tg.broadcast_to %{{.*}} : tensor<3x1xf32> -> tensor<2x3x4xf32>
  %0 = tg.broadcast_to %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
  // CHECK: tg.broadcast_to %{{.*}} : tensor<i32> -> tensor<5x2xi32>
  %1 = tg.broadcast_to %s : tensor<i32> -> tensor<5x2xi32>
  return
}

// CHECK-LABEL: func.func @scatter
func.func @scatter(%v: tensor<4x2xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3x2xf32>, %s: tensor<f32>, %k: tensor<5xi32>, %j: tensor<1xi32>, %n: tensor<1xi32>) {
  // updates: indices.shape + base.shape[1:], or a scalar
  // CHECK: tg.scatter %{{.*}}, %{{.*}}, %{{.*}} {kind = "max"} : (tensor<4x2xf32>, tensor<2x3xi64>, tensor<2x3x2xf32>) -> tensor<4x2xf32>
  %0 = tg.scatter %v, %i, %u {kind = "max"} : (tensor<4x2xf32>, tensor<2x3xi64>, tensor<2x3x2xf32>) -> tensor<4x2xf32>
  // CHECK: tg.scatter %{{.*}}, %{{.*}}, %{{.*}} {kind = "update"} : (tensor<4x2xf32>, tensor<2x3xi64>, tensor<f32>) -> tensor<4x2xf32>
  %1 = tg.scatter %v, %i, %s {kind = "update"} : (tensor<4x2xf32>, tensor<2x3xi64>, tensor<f32>) -> tensor<4x2xf32>
  // CHECK: tg.scatter %{{.*}}, %{{.*}}, %{{.*}} {kind = "div"} : (tensor<5xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<5xi32>
  %2 = tg.scatter %k, %j, %n {kind = "div"} : (tensor<5xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<5xi32>
  return
}

// CHECK-LABEL: func.func @gather
func.func @gather(%p: tensor<5x4x3xf32>, %i: tensor<2x6xi32>, %j: tensor<7xi64>, %bp: tensor<2x5x3xf32>, %bi: tensor<2x4xi32>) {
  // params.shape[:axis] + indices.shape + params.shape[axis+1:]
  // CHECK: tg.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<5x4x3xf32>, tensor<2x6xi32>) -> tensor<2x6x4x3xf32>
  %0 = tg.gather %p, %i {axis = 0 : i64} : (tensor<5x4x3xf32>, tensor<2x6xi32>) -> tensor<2x6x4x3xf32>
  // CHECK: tg.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<7xi64>) -> tensor<5x7x3xf32>
  %1 = tg.gather %p, %j {axis = 1 : i64} : (tensor<5x4x3xf32>, tensor<7xi64>) -> tensor<5x7x3xf32>
  // CHECK: tg.gather %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<5x4x3xf32>, tensor<2x6xi32>) -> tensor<5x4x2x6xf32>
  %2 = tg.gather %p, %i {axis = 2 : i64} : (tensor<5x4x3xf32>, tensor<2x6xi32>) -> tensor<5x4x2x6xf32>
  // batch_dims 1: params.shape[:axis] + indices.shape[1:] + params.shape[axis+1:]
  // CHECK: tg.gather %{{.*}}, %{{.*}} {axis = 1 : i64, batch_dims = 1 : i64} : (tensor<2x5x3xf32>, tensor<2x4xi32>) -> tensor<2x4x3xf32>
  %3 = tg.gather %bp, %bi {axis = 1 : i64, batch_dims = 1 : i64} : (tensor<2x5x3xf32>, tensor<2x4xi32>) -> tensor<2x4x3xf32>
  return
}

// CHECK-LABEL: func.func @gather_nd
func.func @gather_nd(%p: tensor<5x4x3xf32>, %i: tensor<6x2xi32>, %j: tensor<2x2x3xi64>, %k: tensor<1xi32>) {
  // indices.shape[:-1] + params.shape[indices.shape[-1]:]
  // CHECK: tg.gather_nd %{{.*}}, %{{.*}} : (tensor<5x4x3xf32>, tensor<6x2xi32>) -> tensor<6x3xf32>
  %0 = tg.gather_nd %p, %i : (tensor<5x4x3xf32>, tensor<6x2xi32>) -> tensor<6x3xf32>
  // CHECK: tg.gather_nd %{{.*}}, %{{.*}} : (tensor<5x4x3xf32>, tensor<2x2x3xi64>) -> tensor<2x2xf32>
  %1 = tg.gather_nd %p, %j : (tensor<5x4x3xf32>, tensor<2x2x3xi64>) -> tensor<2x2xf32>
  // CHECK: tg.gather_nd %{{.*}}, %{{.*}} : (tensor<5x4x3xf32>, tensor<1xi32>) -> tensor<4x3xf32>
  %2 = tg.gather_nd %p, %k : (tensor<5x4x3xf32>, tensor<1xi32>) -> tensor<4x3xf32>
  return
}

// CHECK-LABEL: func.func @depth_to_space
func.func @depth_to_space(%x: tensor<1x2x3x8xf32>, %d: tensor<?x2x2x18xi8>) {
  // CHECK: tg.depth_to_space %{{.*}} {block_size = 2 : i64} : tensor<1x2x3x8xf32> -> tensor<1x4x6x2xf32>
  %0 = tg.depth_to_space %x {block_size = 2 : i64} : tensor<1x2x3x8xf32> -> tensor<1x4x6x2xf32>
  // CHECK: tg.depth_to_space %{{.*}} {block_size = 3 : i64} : tensor<?x2x2x18xi8> -> tensor<?x6x6x2xi8>
  %1 = tg.depth_to_space %d {block_size = 3 : i64} : tensor<?x2x2x18xi8> -> tensor<?x6x6x2xi8>
  return
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<5x6xi32>, %p: tensor<3x2xi1>) {
  // CHECK: tg.reduce_sum %{{.*}}, [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  %0 = tg.reduce_sum %x, [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  // CHECK: tg.reduce_sum %{{.*}}, [0, 2] {keep_dims = true} : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  %1 = tg.reduce_sum %x, [0, 2] {keep_dims = true} : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  // CHECK: tg.reduce_mean %{{.*}}, [0, 1, 2] : tensor<2x3x4xf32> -> tensor<f32>
  %2 = tg.reduce_mean %x, [0, 1, 2] : tensor<2x3x4xf32> -> tensor<f32>
  // CHECK: tg.reduce_max %{{.*}}, [1] {keep_dims = true} : tensor<5x6xi32> -> tensor<5x1xi32>
  %3 = tg.reduce_max %i, [1] {keep_dims = true} : tensor<5x6xi32> -> tensor<5x1xi32>
  // CHECK: tg.reduce_min %{{.*}}, [0] : tensor<5x6xi32> -> tensor<6xi32>
  %4 = tg.reduce_min %i, [0] : tensor<5x6xi32> -> tensor<6xi32>
  // CHECK: tg.reduce_prod %{{.*}}, [2] : tensor<2x3x4xf32> -> tensor<2x3xf32>
  %5 = tg.reduce_prod %x, [2] : tensor<2x3x4xf32> -> tensor<2x3xf32>
  // CHECK: tg.reduce_any %{{.*}}, [1] : tensor<3x2xi1> -> tensor<3xi1>
  %6 = tg.reduce_any %p, [1] : tensor<3x2xi1> -> tensor<3xi1>
  // CHECK: tg.reduce_all %{{.*}}, [0, 1] {keep_dims = true} : tensor<3x2xi1> -> tensor<1x1xi1>
  %7 = tg.reduce_all %p, [0, 1] {keep_dims = true} : tensor<3x2xi1> -> tensor<1x1xi1>
  // Reducing over no axis keeps the input's shape.
  // CHECK: tg.reduce_sum %{{.*}}, [] : tensor<5x6xi32> -> tensor<5x6xi32>
  %8 = tg.reduce_sum %i, [] : tensor<5x6xi32> -> tensor<5x6xi32>
  return
}

// CHECK-LABEL: func.func @arg_reductions
func.func @arg_reductions(%x: tensor<2x3x4xf32>, %i: tensor<7xi32>) {
  // CHECK: tg.argmax %{{.*}} {axis = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x4xi64>
  %0 = tg.argmax %x {axis = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x4xi64>
  // CHECK: tg.argmin %{{.*}} {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<2x3xi32>
  %1 = tg.argmin %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<2x3xi32>
  // CHECK: tg.argmax %{{.*}} {axis = 0 : i64} : tensor<7xi32> -> tensor<i32>
  %2 = tg.argmax %i {axis = 0 : i64} : tensor<7xi32> -> tensor<i32>
  return
}

// CHECK-LABEL: func.func @top_k
func.func @top_k(%x: tensor<2x5xf32>, %i: tensor<9xi64>) {
  // CHECK: tg.top_k %{{.*}} {k = 3 : i64} : tensor<2x5xf32> -> (tensor<2x3xf32>, tensor<2x3xi32>)
  %0:2 = tg.top_k %x {k = 3 : i64} : tensor<2x5xf32> -> (tensor<2x3xf32>, tensor<2x3xi32>)
  // CHECK: tg.top_k %{{.*}} {k = 9 : i64} : tensor<9xi64> -> (tensor<9xi64>, tensor<9xi32>)
  %1:2 = tg.top_k %i {k = 9 : i64} : tensor<9xi64> -> (tensor<9xi64>, tensor<9xi32>)
  return
}

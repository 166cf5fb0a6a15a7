// RUN: tgc-opt %s -split-input-file -verify-diagnostics

// One case per verifier and shape-inference message of the elementwise,
// shape, reduction and NN tg ops. A shape-inference failure is followed by
// "failed to infer returned types".

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

func.func @compare_element_types(%a: tensor<2xf32>, %b: tensor<2xf64>) {
  // expected-error @+2 {{operands have different element types: 'f32' and 'f64'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.less %a, %b : (tensor<2xf32>, tensor<2xf64>) -> tensor<2xi1>
  return
}

// -----

func.func @compare_broadcast(%a: tensor<2x3xi32>, %b: tensor<2xi32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: 'tensor<2x3xi32>' and 'tensor<2xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.equal %a, %b : (tensor<2x3xi32>, tensor<2xi32>) -> tensor<2x3xi1>
  return
}

// -----

// A comparison's result is i1, not the operands' type.
func.func @compare_result_type(%a: tensor<2xf32>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = tg.greater %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @binary_result_shape(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{failed to infer returned types}}
  // expected-error @+1 {{inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  %0 = tg.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// tg.div is float division; TF's integer Div truncates and is not tg.div.
func.func @div_integer(%a: tensor<2xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = tg.div %a, %a : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return
}

// -----

func.func @logical_and_float(%a: tensor<2xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = tg.logical_and %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @unary_float_only(%a: tensor<2xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = tg.sigmoid %a : tensor<2xi32>
  return
}

// -----

func.func @leaky_relu_alpha(%a: tensor<2xf32>) {
  // expected-error @+1 {{requires attribute 'alpha'}}
  %0 = tg.leaky_relu %a : tensor<2xf32>
  return
}

// -----

func.func @cast_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, output} have same shape}}
  %0 = tg.cast %a : tensor<3xf32> -> tensor<4xi32>
  return
}

// -----

func.func @select_branch_types(%c: tensor<2xi1>, %t: tensor<2xf32>, %f: tensor<2xi32>) {
  // expected-error @+2 {{branches have different element types: 'f32' and 'i32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.select %c, %t, %f : (tensor<2xi1>, tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  return
}

// -----

func.func @select_broadcast(%c: tensor<4xi1>, %t: tensor<2x3xf32>, %f: tensor<3xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: 'tensor<4xi1>', 'tensor<2x3xf32>' and 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.select %c, %t, %f : (tensor<4xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @select_condition(%c: tensor<2xf32>, %t: tensor<2xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = tg.select %c, %t, %t : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

// SameOperandsAndResultType reports an empty add_n before the op's own
// "needs at least one input" checks are reached.
func.func @add_n_empty() {
  // expected-error @+1 {{expected 1 or more operands, but found 0}}
  %0 = tg.add_n : tensor<2xf32>
  return
}

// -----

func.func @add_n_types(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "tg.add_n"(%a, %b) : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
  return
}

//===----------------------------------------------------------------------===//
// Reshape, transpose, concat
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_element_types(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{element types differ: 'f32' and 'i32'}}
  %0 = tg.reshape %a : tensor<2x3xf32> -> tensor<6xi32>
  return
}

// -----

func.func @reshape_elements(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{cannot reshape 'tensor<2x3xf32>' (6 elements) to 'tensor<7xf32>' (7 elements)}}
  %0 = tg.reshape %a : tensor<2x3xf32> -> tensor<7xf32>
  return
}

// -----

func.func @transpose_perm_size(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{perm has 3 entries for an input of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.transpose %a, [0, 1, 2] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @transpose_not_permutation(%a: tensor<2x3x4xf32>) {
  // expected-error @+2 {{perm is not a permutation of [0, 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.transpose %a, [0, 2, 2] : tensor<2x3x4xf32> -> tensor<2x4x4xf32>
  return
}

// -----

func.func @transpose_result(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{failed to infer returned types}}
  // expected-error @+1 {{inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  %0 = tg.transpose %a, [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+2 {{needs at least one input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "tg.concat"() {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_negative_axis(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axis -1 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.concat %a, %a {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_element_types(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error @+2 {{inputs differ in rank or element type: 'tensor<2x3xf32>' and 'tensor<2x3xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<6xf32>) {
  // expected-error @+2 {{inputs differ in rank or element type: 'tensor<2x3xf32>' and 'tensor<6xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<6xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @concat_dimension(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+2 {{inputs differ in dimension 1: 'tensor<2x3xf32>' and 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// strided_slice, pad, tile, broadcast_to
//===----------------------------------------------------------------------===//

// -----

func.func @strided_slice_entries(%a: tensor<4x4xf32>) {
  // expected-error @+2 {{begin, limit and strides need 2 entries each}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.strided_slice %a {begin = array<i64: 0, 0>, limit = array<i64: 4>, strides = array<i64: 1, 1>} : tensor<4x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @strided_slice_zero_stride(%a: tensor<4x4xf32>) {
  // expected-error @+2 {{stride of dimension 1 is zero}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.strided_slice %a {begin = array<i64: 0, 0>, limit = array<i64: 4, 4>, strides = array<i64: 1, 0>} : tensor<4x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @strided_slice_outside(%a: tensor<4x4xf32>) {
  // expected-error @+2 {{slice [2:6:1] of dimension 0 is outside its size 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.strided_slice %a {begin = array<i64: 2, 0>, limit = array<i64: 6, 4>, strides = array<i64: 1, 1>} : tensor<4x4xf32> -> tensor<4x4xf32>
  return
}

// -----

// A negative stride starts at most at size - 1.
func.func @strided_slice_outside_backwards(%a: tensor<4x4xf32>) {
  // expected-error @+2 {{slice [4:-1:-1] of dimension 1 is outside its size 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.strided_slice %a {begin = array<i64: 0, 4>, limit = array<i64: 4, -1>, strides = array<i64: 1, -1>} : tensor<4x4xf32> -> tensor<4x5xf32>
  return
}

// -----

func.func @strided_slice_dynamic(%a: tensor<?x4xf32>) {
  // expected-error @+2 {{dimension 0 of 'tensor<?x4xf32>' is unknown: only a full slice is possible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.strided_slice %a {begin = array<i64: 1, 0>, limit = array<i64: 9223372036854775807, 4>, strides = array<i64: 1, 1>} : tensor<?x4xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @pad_entries(%a: tensor<3x4xf32>) {
  // expected-error @+2 {{low and high need 2 entries each}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.pad %a {low = array<i64: 1, 1>, high = array<i64: 1>, mode = "constant"} : tensor<3x4xf32> -> tensor<5x6xf32>
  return
}

// -----

func.func @pad_negative(%a: tensor<3x4xf32>) {
  // expected-error @+2 {{negative padding in dimension 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.pad %a {low = array<i64: 0, 0>, high = array<i64: 0, -1>, mode = "constant"} : tensor<3x4xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @pad_mode(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{mode must be constant, reflect or symmetric, got 'edge'}}
  %0 = tg.pad %a {low = array<i64: 1, 1>, high = array<i64: 1, 1>, mode = "edge"} : tensor<3x4xf32> -> tensor<5x6xf32>
  return
}

// -----

func.func @pad_value_type(%a: tensor<3xf32>) {
  // expected-error @+1 {{padding value 1 : i32 does not have the element type 'f32'}}
  %0 = tg.pad %a {low = array<i64: 1>, high = array<i64: 1>, mode = "constant", value = 1 : i32} : tensor<3xf32> -> tensor<5xf32>
  return
}

// -----

// reflect mirrors without the edge: at most size - 1 = 2.
func.func @pad_reflect(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{reflect padding of dimension 0 may be at most 2 for size 3}}
  %0 = tg.pad %a {low = array<i64: 3, 0>, high = array<i64: 0, 0>, mode = "reflect"} : tensor<3x4xf32> -> tensor<6x4xf32>
  return
}

// -----

// symmetric mirrors with the edge: at most size = 4.
func.func @pad_symmetric(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{symmetric padding of dimension 1 may be at most 4 for size 4}}
  %0 = tg.pad %a {low = array<i64: 0, 0>, high = array<i64: 0, 5>, mode = "symmetric"} : tensor<3x4xf32> -> tensor<3x9xf32>
  return
}

// -----

func.func @tile_entries(%a: tensor<3x4xf32>) {
  // expected-error @+2 {{multiples needs 2 entries}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.tile %a, [2] : tensor<3x4xf32> -> tensor<6x4xf32>
  return
}

// -----

func.func @tile_negative(%a: tensor<3x4xf32>) {
  // expected-error @+2 {{negative multiple in dimension 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.tile %a, [-1, 1] : tensor<3x4xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @broadcast_to_element_types(%a: tensor<3xf32>) {
  // expected-error @+1 {{element types differ: 'f32' and 'f16'}}
  %0 = tg.broadcast_to %a : tensor<3xf32> -> tensor<2x3xf16>
  return
}

// -----

func.func @broadcast_to_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{cannot broadcast 'tensor<3xf32>' to 'tensor<2x4xf32>'}}
  %0 = tg.broadcast_to %a : tensor<3xf32> -> tensor<2x4xf32>
  return
}

// -----

// broadcast_to never drops dimensions.
func.func @broadcast_to_rank(%a: tensor<1x3xf32>) {
  // expected-error @+1 {{cannot broadcast 'tensor<1x3xf32>' to 'tensor<3xf32>'}}
  %0 = tg.broadcast_to %a : tensor<1x3xf32> -> tensor<3xf32>
  return
}

// -----

// A size-1 result dimension cannot hold an input dimension of size 3.
func.func @broadcast_to_shrink(%a: tensor<3xf32>) {
  // expected-error @+1 {{cannot broadcast 'tensor<3xf32>' to 'tensor<2x1xf32>'}}
  %0 = tg.broadcast_to %a : tensor<3xf32> -> tensor<2x1xf32>
  return
}

//===----------------------------------------------------------------------===//
// scatter
//===----------------------------------------------------------------------===//

// -----

func.func @scatter_kind(%v: tensor<4x2xf32>, %i: tensor<3xi32>, %u: tensor<3x2xf32>) {
  // expected-error @+1 {{kind 'assign' is not one of update, add, sub, mul, div, min, max}}
  %0 = tg.scatter %v, %i, %u {kind = "assign"} : (tensor<4x2xf32>, tensor<3xi32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @scatter_shape(%v: tensor<4x2xf32>, %i: tensor<3xi32>, %u: tensor<3x3xf32>) {
  // expected-error @+1 {{updates 'tensor<3x3xf32>' must have shape indices.shape + base.shape[1:] ('tensor<3x2xf32>') or be a scalar}}
  %0 = tg.scatter %v, %i, %u {kind = "add"} : (tensor<4x2xf32>, tensor<3xi32>, tensor<3x3xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @scatter_scalar_base(%v: tensor<f32>, %i: tensor<i32>, %u: tensor<f32>) {
  // expected-error @+1 {{base must have at least one dimension}}
  %0 = tg.scatter %v, %i, %u {kind = "add"} : (tensor<f32>, tensor<i32>, tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @scatter_bool(%v: tensor<4xi1>, %i: tensor<1xi32>, %u: tensor<1xi1>) {
  // expected-error @+1 {{bool tensors can only be updated}}
  %0 = tg.scatter %v, %i, %u {kind = "add"} : (tensor<4xi1>, tensor<1xi32>, tensor<1xi1>) -> tensor<4xi1>
  return
}

//===----------------------------------------------------------------------===//
// gather, gather_nd, depth_to_space
//===----------------------------------------------------------------------===//

// -----

func.func @gather_axis(%p: tensor<5x4xf32>, %i: tensor<3xi32>) {
  // expected-error @+2 {{axis 2 is out of range for 'tensor<5x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.gather %p, %i {axis = 2 : i64} : (tensor<5x4xf32>, tensor<3xi32>) -> tensor<5x4x3xf32>
  return
}

// -----

func.func @gather_batch_dims(%p: tensor<2x5x4xf32>, %i: tensor<2x3xi32>) {
  // expected-error @+2 {{batch_dims 2 must lie in [0, min(axis, rank(indices))]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.gather %p, %i {axis = 1 : i64, batch_dims = 2 : i64} : (tensor<2x5x4xf32>, tensor<2x3xi32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gather_indices_type(%p: tensor<5x4xf32>, %i: tensor<3xi16>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = tg.gather %p, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi16>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gather_nd_depth_unknown(%p: tensor<5x4xf32>, %i: tensor<3x?xi32>) {
  // expected-error @+2 {{indices need a known last dimension, got 'tensor<3x?xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.gather_nd %p, %i : (tensor<5x4xf32>, tensor<3x?xi32>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_nd_scalar_indices(%p: tensor<5x4xf32>, %i: tensor<i32>) {
  // expected-error @+2 {{indices need a known last dimension, got 'tensor<i32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.gather_nd %p, %i : (tensor<5x4xf32>, tensor<i32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @gather_nd_depth(%p: tensor<5x4xf32>, %i: tensor<3x3xi32>) {
  // expected-error @+2 {{indices address 3 dimensions of 'tensor<5x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.gather_nd %p, %i : (tensor<5x4xf32>, tensor<3x3xi32>) -> tensor<3xf32>
  return
}

// -----

func.func @depth_to_space_rank(%a: tensor<2x3x8xf32>) {
  // expected-error @+2 {{needs an NHWC input and block_size >= 2, got 'tensor<2x3x8xf32>' and 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.depth_to_space %a {block_size = 2 : i64} : tensor<2x3x8xf32> -> tensor<4x6x2xf32>
  return
}

// -----

func.func @depth_to_space_block(%a: tensor<1x2x3x8xf32>) {
  // expected-error @+2 {{needs an NHWC input and block_size >= 2, got 'tensor<1x2x3x8xf32>' and 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.depth_to_space %a {block_size = 1 : i64} : tensor<1x2x3x8xf32> -> tensor<1x2x3x8xf32>
  return
}

// -----

func.func @depth_to_space_channels(%a: tensor<1x2x3x6xf32>) {
  // expected-error @+2 {{channels 6 are not divisible by block_size^2 = 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.depth_to_space %a {block_size = 2 : i64} : tensor<1x2x3x6xf32> -> tensor<1x4x6x1xf32>
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_axis_range(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axes must be sorted, distinct and in [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.reduce_sum %a, [2] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @reduce_axis_negative(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axes must be sorted, distinct and in [0, 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.reduce_mean %a, [-1] : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_axes_unsorted(%a: tensor<2x3x4xf32>) {
  // expected-error @+2 {{axes must be sorted, distinct and in [0, 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.reduce_max %a, [2, 0] : tensor<2x3x4xf32> -> tensor<3xf32>
  return
}

// -----

func.func @reduce_axes_repeated(%a: tensor<2x3x4xi32>) {
  // expected-error @+2 {{axes must be sorted, distinct and in [0, 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.reduce_min %a, [1, 1] : tensor<2x3x4xi32> -> tensor<2x4xi32>
  return
}

// -----

func.func @reduce_keep_dims_result(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{failed to infer returned types}}
  // expected-error @+1 {{inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  %0 = tg.reduce_prod %a, [1] {keep_dims = true} : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_any_float(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = tg.reduce_any %a, [1] : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @argmax_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for 'tensor<2x3xf32>'}}
  %0 = tg.argmax %a {axis = 2 : i64} : tensor<2x3xf32> -> tensor<2xi64>
  return
}

// -----

func.func @argmax_result(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{result 'tensor<3xi64>' does not have the shape of 'tensor<2x3xf32>' without axis 1}}
  %0 = tg.argmax %a {axis = 1 : i64} : tensor<2x3xf32> -> tensor<3xi64>
  return
}

// -----

func.func @argmin_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis -1 is out of range for 'tensor<2x3xf32>'}}
  %0 = tg.argmin %a {axis = -1 : i64} : tensor<2x3xf32> -> tensor<2xi32>
  return
}

// -----

func.func @argmin_result(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{result 'tensor<2x1xi32>' does not have the shape of 'tensor<2x3xf32>' without axis 1}}
  %0 = tg.argmin %a {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x1xi32>
  return
}

// -----

func.func @argmax_result_type(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = tg.argmax %a {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @top_k_scalar(%a: tensor<f32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0:2 = tg.top_k %a {k = 1 : i64} : tensor<f32> -> (tensor<f32>, tensor<i32>)
  return
}

// -----

func.func @top_k_k(%a: tensor<2x5xf32>) {
  // expected-error @+1 {{k = 6 must lie in [0, 5]}}
  %0:2 = tg.top_k %a {k = 6 : i64} : tensor<2x5xf32> -> (tensor<2x6xf32>, tensor<2x6xi32>)
  return
}

// -----

func.func @top_k_negative_k(%a: tensor<2x5xf32>) {
  // expected-error @+1 {{k = -1 must not be negative}}
  %0:2 = tg.top_k %a {k = -1 : i64} : tensor<2x5xf32> -> (tensor<2x5xf32>, tensor<2x5xi32>)
  return
}

// -----

// k is a signed attribute: a negative k is rejected even when the last
// dimension is unknown.
func.func @top_k_negative_k_dynamic(%a: tensor<2x?xf32>) {
  // expected-error @+1 {{k = -1 must not be negative}}
  %0:2 = tg.top_k %a {k = -1 : i64} : tensor<2x?xf32> -> (tensor<2x?xf32>, tensor<2x?xi32>)
  return
}

// -----

func.func @top_k_results(%a: tensor<2x5xf32>) {
  // expected-error @+1 {{results must have the input's shape with k = 3 in the last dimension}}
  %0:2 = tg.top_k %a {k = 3 : i64} : tensor<2x5xf32> -> (tensor<2x3xf32>, tensor<2x5xi32>)
  return
}

// -----

func.func @top_k_values_type(%a: tensor<2x5xf32>) {
  // expected-error @+1 {{results must have the input's shape with k = 3 in the last dimension}}
  %0:2 = tg.top_k %a {k = 3 : i64} : tensor<2x5xf32> -> (tensor<2x3xf16>, tensor<2x3xi32>)
  return
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_rank(%x: tensor<7x7x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{needs a rank-4 NHWC input and a rank-4 filter, got 'tensor<7x7x3xf32>' and 'tensor<3x3x3x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x5x5x8xf32>
  return
}

// -----

func.func @conv2d_element_types(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf16>) {
  // expected-error @+2 {{input and filter element types differ: 'f32' and 'f16'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf16>) -> tensor<1x5x5x8xf32>
  return
}

// -----

func.func @conv2d_window_attrs(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{needs 2 strides, 2 dilations and 4 paddings [top, bottom, left, right]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x5x5x8xf32>
  return
}

// -----

func.func @conv2d_strides(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{strides must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 0>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x5x5x8xf32>
  return
}

// -----

func.func @conv2d_dilations(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{dilations must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 0, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x5x5x8xf32>
  return
}

// -----

func.func @conv2d_pad(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{paddings must not be negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, -1, 0>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x5x4x8xf32>
  return
}

// -----

// 4 input channels are no multiple of the filter's 3.
func.func @conv2d_channels(%x: tensor<1x7x7x4xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{filter 'tensor<3x3x3x8xf32>' does not fit the 4 input channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x4xf32>, tensor<3x3x3x8xf32>) -> tensor<1x5x5x8xf32>
  return
}

// -----

func.func @conv2d_result(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+2 {{failed to infer returned types}}
  // expected-error @+1 {{inferred type(s) 'tensor<1x5x5x8xf32>' are incompatible with return type(s) of operation 'tensor<1x7x7x8xf32>'}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x7x7x8xf32>
  return
}

// -----

func.func @conv2d_integer(%x: tensor<1x7x7x3xi32>, %w: tensor<3x3x3x8xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = tg.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x3xi32>, tensor<3x3x3x8xi32>) -> tensor<1x5x5x8xi32>
  return
}

// -----

// A depthwise filter's third dimension is the input's channel count.
func.func @depthwise_channels(%x: tensor<1x7x7x4xf32>, %w: tensor<3x3x2x2xf32>) {
  // expected-error @+2 {{filter 'tensor<3x3x2x2xf32>' does not fit the 4 input channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x4xf32>, tensor<3x3x2x2xf32>) -> tensor<1x5x5x4xf32>
  return
}

// -----

func.func @depthwise_rank(%x: tensor<1x7x7x4xf32>, %w: tensor<3x3x4xf32>) {
  // expected-error @+2 {{needs a rank-4 NHWC input and a rank-4 filter, got 'tensor<1x7x7x4xf32>' and 'tensor<3x3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x7x7x4xf32>, tensor<3x3x4xf32>) -> tensor<1x5x5x4xf32>
  return
}

// -----

func.func @conv2d_transpose_result_rank(%g: tensor<1x4x4x8xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{result must be rank-4 NHWC, got 'tensor<7x7x3xf32>'}}
  %0 = tg.conv2d_transpose %g, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<7x7x3xf32>
  return
}

// -----

func.func @conv2d_transpose_filter_rank(%g: tensor<1x4x4x8xf32>, %w: tensor<3x3x8xf32>) {
  // expected-error @+1 {{filter must be rank 4, got 'tensor<3x3x8xf32>'}}
  %0 = tg.conv2d_transpose %g, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x7x7x3xf32>
  return
}

// -----

// The forward convolution's own checks apply (here: the window attributes).
func.func @conv2d_transpose_strides(%g: tensor<1x4x4x8xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{strides must be positive}}
  %0 = tg.conv2d_transpose %g, %w {strides = array<i64: 0, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<1x7x7x3xf32>
  return
}

// -----

func.func @conv2d_transpose_channels(%g: tensor<1x4x4x8xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{filter 'tensor<3x3x3x8xf32>' does not fit the 5 input channels}}
  %0 = tg.conv2d_transpose %g, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<1x7x7x5xf32>
  return
}

// -----

// Without padding, 7x7 convolved by 3x3 with stride 2 is 3x3, not 4x4.
func.func @conv2d_transpose_shape(%g: tensor<1x4x4x8xf32>, %w: tensor<3x3x3x8xf32>) {
  // expected-error @+1 {{the forward convolution of 'tensor<1x7x7x3xf32>' gives 'tensor<1x3x3x8xf32>', not the input 'tensor<1x4x4x8xf32>'}}
  %0 = tg.conv2d_transpose %g, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x8xf32>, tensor<3x3x3x8xf32>) -> tensor<1x7x7x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// Pooling, resize, batch_matmul
//===----------------------------------------------------------------------===//

// -----

func.func @pool_rank(%x: tensor<7x7x5xf32>) {
  // expected-error @+2 {{needs a rank-4 NHWC input, got 'tensor<7x7x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.max_pool %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<7x7x5xf32> -> tensor<3x3x5xf32>
  return
}

// -----

func.func @pool_window(%x: tensor<1x7x7x5xf32>) {
  // expected-error @+2 {{needs a positive 2-D window}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.avg_pool %x {window = array<i64: 0, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x7x7x5xf32> -> tensor<1x3x3x5xf32>
  return
}

// -----

func.func @pool_window_size(%x: tensor<1x7x7x5xf32>) {
  // expected-error @+2 {{needs a positive 2-D window}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.max_pool %x {window = array<i64: 1, 2, 2, 1>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x7x7x5xf32> -> tensor<1x3x3x5xf32>
  return
}

// -----

func.func @pool_strides_attr(%x: tensor<1x7x7x5xf32>) {
  // expected-error @+2 {{needs 2 strides, 2 dilations and 4 paddings [top, bottom, left, right]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.max_pool %x {window = array<i64: 2, 2>, strides = array<i64: 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x7x7x5xf32> -> tensor<1x3x3x5xf32>
  return
}

// -----

func.func @pool_strides(%x: tensor<1x7x7x5xf32>) {
  // expected-error @+2 {{strides must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.avg_pool %x {window = array<i64: 2, 2>, strides = array<i64: 2, -2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x7x7x5xf32> -> tensor<1x3x3x5xf32>
  return
}

// -----

func.func @pool_pad_negative(%x: tensor<1x7x7x5xf32>) {
  // expected-error @+2 {{paddings must not be negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.max_pool %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: -1, 0, 0, 0>} : tensor<1x7x7x5xf32> -> tensor<1x3x3x5xf32>
  return
}

// -----

// A window made only of padding would have no element to reduce.
func.func @pool_pad_window(%x: tensor<1x7x7x5xf32>) {
  // expected-error @+2 {{padding must be smaller than the window}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.max_pool %x {window = array<i64: 3, 2>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 2>} : tensor<1x7x7x5xf32> -> tensor<1x5x8x5xf32>
  return
}

// -----

func.func @pool_result(%x: tensor<1x7x7x5xf32>) {
  // expected-error @+2 {{failed to infer returned types}}
  // expected-error @+1 {{inferred type(s) 'tensor<1x3x3x5xf32>' are incompatible with return type(s) of operation 'tensor<1x4x4x5xf32>'}}
  %0 = tg.max_pool %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x7x7x5xf32> -> tensor<1x4x4x5xf32>
  return
}

// -----

func.func @resize_mode(%x: tensor<1x4x4x3xf32>) {
  // expected-error @+1 {{mode must be bilinear or nearest, got 'bicubic'}}
  %0 = tg.resize %x {mode = "bicubic", align_corners = false, half_pixel_centers = false} : tensor<1x4x4x3xf32> -> tensor<1x8x8x3xf32>
  return
}

// -----

func.func @resize_exclusive(%x: tensor<1x4x4x3xf32>) {
  // expected-error @+1 {{align_corners and half_pixel_centers are exclusive}}
  %0 = tg.resize %x {mode = "bilinear", align_corners = true, half_pixel_centers = true} : tensor<1x4x4x3xf32> -> tensor<1x8x8x3xf32>
  return
}

// -----

func.func @resize_rank(%x: tensor<4x4x3xf32>) {
  // expected-error @+1 {{needs rank-4 NHWC input and result}}
  %0 = tg.resize %x {mode = "nearest", align_corners = false, half_pixel_centers = false} : tensor<4x4x3xf32> -> tensor<8x8x3xf32>
  return
}

// -----

func.func @resize_channels(%x: tensor<1x4x4x3xf32>) {
  // expected-error @+1 {{resizing keeps the batch, channels and element type: 'tensor<1x4x4x3xf32>' vs 'tensor<1x8x8x4xf32>'}}
  %0 = tg.resize %x {mode = "nearest", align_corners = false, half_pixel_centers = false} : tensor<1x4x4x3xf32> -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @resize_element_type(%x: tensor<1x4x4x3xi32>) {
  // expected-error @+1 {{resizing keeps the batch, channels and element type: 'tensor<1x4x4x3xi32>' vs 'tensor<1x8x8x3xf32>'}}
  %0 = tg.resize %x {mode = "bilinear", align_corners = false, half_pixel_centers = false} : tensor<1x4x4x3xi32> -> tensor<1x8x8x3xf32>
  return
}

// -----

func.func @batch_matmul_rank(%a: tensor<3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+2 {{operands need rank at least 2, got 'tensor<3xf32>' and 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.batch_matmul %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @batch_matmul_element_types(%a: tensor<2x3xf32>, %b: tensor<3x4xf64>) {
  // expected-error @+2 {{operands have different element types: 'f32' and 'f64'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.batch_matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf64>) -> tensor<2x4xf32>
  return
}

// -----

func.func @batch_matmul_contraction(%a: tensor<2x2x3xf32>, %b: tensor<2x4x5xf32>) {
  // expected-error @+2 {{contraction dimensions differ: 3 and 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.batch_matmul %a, %b : (tensor<2x2x3xf32>, tensor<2x4x5xf32>) -> tensor<2x2x5xf32>
  return
}

// -----

// adj_b: b^T is 5x3, so K is 4 for a and 5 for b.
func.func @batch_matmul_adjoint_contraction(%a: tensor<2x3x4xf32>, %b: tensor<2x3x5xf32>) {
  // expected-error @+2 {{contraction dimensions differ: 4 and 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.batch_matmul %a, %b {adj_b = true} : (tensor<2x3x4xf32>, tensor<2x3x5xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

func.func @batch_matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+2 {{batch dimensions of 'tensor<2x3x4xf32>' and 'tensor<3x4x5xf32>' do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return
}

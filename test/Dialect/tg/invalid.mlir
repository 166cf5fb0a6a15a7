// RUN: tgc-opt %s -split-input-file -verify-diagnostics

// One case per verifier message of the tg dialect.

func.func @constant_not_tensor() {
  // expected-error @+1 {{value must be a ranked tensor, got 'vector<2xf32>'}}
  %0 = tg.constant dense<1.0> : vector<2xf32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{operands must have rank 2, got 'tensor<2x3x4xf32>' and 'tensor<4x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_element_types(%a: tensor<2x3xf32>, %b: tensor<3x4xf64>) {
  // expected-error @+2 {{operands have different element types: 'f32' and 'f64'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf64>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contraction dimensions differ: op(a) is tensor<2x3xf32> with K=3, op(b) is tensor<4x5xf32> with K=4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_contraction_transposed(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+2 {{op(a) is tensor<2x3xf32> transposed with K=2, op(b) is tensor<3x3xf32> with K=3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.matmul %a, %b {transpose_a = true} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @matmul_bool(%a: tensor<2x2xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = tg.matmul %a, %a : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  return
}

// -----

func.func @matmul_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+2 {{failed to infer returned types}}
  // expected-error @+1 {{inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x5xf32>'}}
  %0 = tg.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @add_element_types(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @+2 {{operands have different element types: 'f32' and 'i32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.add %a, %b : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  return
}

// -----

func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: 'tensor<2x3xf32>' and 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = tg.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @softmax_scalar(%a: tensor<f32>) {
  // expected-error @+1 {{input must have rank at least 1, got 'tensor<f32>'}}
  %0 = tg.softmax %a : tensor<f32>
  return
}

// -----

func.func @softmax_integer(%a: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = tg.softmax %a : tensor<3xi32>
  return
}

// -----

func.func @unsupported_element_type(%a: tensor<3xi4>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = tg.relu %a : tensor<3xi4>
  return
}

// -----

// expected-error @+1 {{type must have a static shape, got 'tensor<?xf32>'}}
tg.variable @v : tensor<?xf32>

// -----

// expected-error @+1 {{initial value of type 'tensor<3xf32>' does not match the variable type 'tensor<2xf32>'}}
tg.variable @v : tensor<2xf32> = dense<0.0> : tensor<3xf32>

// -----

func.func @read_missing() {
  // expected-error @+1 {{'@missing' does not name a tg.variable}}
  %0 = tg.read @missing : tensor<2xf32>
  return
}

// -----

func.func @not_a_variable() {
  return
}
func.func @read_function() {
  // expected-error @+1 {{'@not_a_variable' does not name a tg.variable}}
  %0 = tg.read @not_a_variable : tensor<2xf32>
  return
}

// -----

tg.variable @v : tensor<2xf32>
func.func @read_type() {
  // expected-error @+1 {{type 'tensor<3xf32>' does not match variable '@v' of type 'tensor<2xf32>'}}
  %0 = tg.read @v : tensor<3xf32>
  return
}

// -----

tg.variable @v : tensor<2xf32>
func.func @assign_type(%x: tensor<2xi32>) {
  // expected-error @+1 {{type 'tensor<2xi32>' does not match variable '@v' of type 'tensor<2xf32>'}}
  tg.assign @v, %x : tensor<2xi32>
  return
}

// RUN: tgc-opt %s -split-input-file -verify-diagnostics

func.func @vector_condition(%c: tensor<2xi1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{condition must be a scalar, got 'tensor<2xi1>'}}
  %r = tg.if %c (%x) : (tensor<2xi1>, tensor<3xf32>) -> tensor<3xf32> then {
  ^bb0(%a: tensor<3xf32>):
    tg.yield %a : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>):
    tg.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @branch_args(%c: tensor<i1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{the else region must take the inputs' types 'tensor<3xf32>', got 'tensor<2xf32>'}}
  %r = tg.if %c (%x) : (tensor<i1>, tensor<3xf32>) -> tensor<3xf32> then {
  ^bb0(%a: tensor<3xf32>):
    tg.yield %a : tensor<3xf32>
  } else {
  ^bb0(%a: tensor<2xf32>):
    tg.yield %a : tensor<2xf32>
  }
  return
}

// -----

func.func @branch_yield(%c: tensor<i1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{the then region yields 'tensor<3xf32>', 'tensor<3xf32>' but the op returns 'tensor<3xf32>'}}
  %r = tg.if %c (%x) : (tensor<i1>, tensor<3xf32>) -> tensor<3xf32> then {
  ^bb0(%a: tensor<3xf32>):
    tg.yield %a, %a : tensor<3xf32>, tensor<3xf32>
  } else {
  ^bb0(%a: tensor<3xf32>):
    tg.yield %a : tensor<3xf32>
  }
  return
}

// -----

func.func @loop_results(%x: tensor<2xf32>) {
  // expected-error @+1 {{results 'tensor<3xf32>' must have the inputs' types 'tensor<2xf32>'}}
  %r = tg.while (%x) : (tensor<2xf32>) -> tensor<3xf32> cond {
  ^bb0(%v: tensor<2xf32>):
    %c = tg.constant dense<false> : tensor<i1>
    tg.condition %c : tensor<i1>
  } do {
  ^bb0(%v: tensor<2xf32>):
    tg.yield %v : tensor<2xf32>
  }
  return
}

// -----

func.func @loop_body(%x: tensor<2xf32>) {
  // expected-error @+1 {{the body region yields 'tensor<2xf32>', 'tensor<2xf32>' but the op returns 'tensor<2xf32>'}}
  %r = tg.while (%x) : (tensor<2xf32>) -> tensor<2xf32> cond {
  ^bb0(%v: tensor<2xf32>):
    %c = tg.constant dense<false> : tensor<i1>
    tg.condition %c : tensor<i1>
  } do {
  ^bb0(%v: tensor<2xf32>):
    tg.yield %v, %v : tensor<2xf32>, tensor<2xf32>
  }
  return
}

// -----

func.func @loop_condition(%x: tensor<2xf32>) {
  // expected-error @+1 {{condition must be a scalar, got 'tensor<2xi1>'}}
  %r = tg.while (%x) : (tensor<2xf32>) -> tensor<2xf32> cond {
  ^bb0(%v: tensor<2xf32>):
    %c = tg.constant dense<false> : tensor<2xi1>
    tg.condition %c : tensor<2xi1>
  } do {
  ^bb0(%v: tensor<2xf32>):
    tg.yield %v : tensor<2xf32>
  }
  return
}

// -----

func.func @yield_outside() {
  // expected-error @+1 {{expects parent op to be one of 'tg.if, tg.while'}}
  tg.yield
}

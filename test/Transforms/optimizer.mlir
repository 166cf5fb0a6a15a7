// RUN: tgc-opt %s -split-input-file -tg-optimizer="loss=loss variables=w optimizer=sgd learning-rate=0.5" -verify-diagnostics | FileCheck %s --check-prefix=SGD
// RUN: tgc-opt %s -split-input-file -tg-optimizer="loss=loss variables=w optimizer=momentum learning-rate=0.5 momentum=0.25" -verify-diagnostics | FileCheck %s --check-prefix=MOM
// RUN: tgc-opt %s -split-input-file -tg-optimizer="loss=loss variables=w optimizer=adam learning-rate=0.5 beta1=0.75 beta2=0.5 epsilon=0.125" -verify-diagnostics | FileCheck %s --check-prefix=ADAM

// A linear model y = x . w with a squared-error loss against the feed t.
// @predict fetches y and no longer takes t; @train_step fetches the loss,
// reads w, and assigns its update at the end. Momentum keeps an
// accumulator slot, Adam two moments and a step counter.

// SGD-LABEL: tg.variable @w : tensor<2x1xf32>
// SGD-NOT: tg.variable
// SGD-LABEL: func.func @predict(%arg0: tensor<3x2xf32> {tg.feed = "x"}) -> (tensor<3x1xf32> {tg.fetch = "y"})
// SGD-NEXT: %[[W:.*]] = tg.read @w
// SGD-NEXT: %[[Y:.*]] = tg.matmul %arg0, %[[W]]
// SGD-NEXT: return %[[Y]]
// SGD-LABEL: func.func @train_step(%arg0: tensor<3x2xf32> {tg.feed = "x"}, %arg1: tensor<3x1xf32> {tg.feed = "t"}) -> (tensor<f32> {tg.fetch = "loss"})
// SGD: %[[G:.*]] = tg.matmul %arg0, %{{.*}} {transpose_a = true}
// SGD: %[[V:.*]] = tg.read @w : tensor<2x1xf32>
// SGD: %[[LR:.*]] = tg.constant dense<5.000000e-01> : tensor<f32>
// SGD: %[[STEP:.*]] = tg.mul %[[LR]], %[[G]]
// SGD: %[[NEW:.*]] = tg.sub %[[V]], %[[STEP]]
// SGD: tg.assign @w, %[[NEW]]
// SGD-NEXT: return

// MOM-LABEL: tg.variable @w : tensor<2x1xf32>
// MOM-NEXT: tg.variable @"w/momentum" : tensor<2x1xf32> = dense<0.000000e+00>
// MOM-LABEL: func.func @train_step
// MOM: %[[A:.*]] = tg.read @"w/momentum"
// MOM: %[[MA:.*]] = tg.mul %{{.*}}, %[[A]]
// MOM: %[[A1:.*]] = tg.add %[[MA]], %[[G:.*]] :
// MOM: tg.assign @"w/momentum", %[[A1]]
// MOM: tg.mul %{{.*}}, %[[A1]]
// MOM: tg.assign @w

// ADAM: tg.variable @"adam/step" : tensor<f32> = dense<0.000000e+00>
// ADAM: tg.variable @w : tensor<2x1xf32>
// ADAM-NEXT: tg.variable @"w/adam_m" : tensor<2x1xf32> = dense<0.000000e+00>
// ADAM-NEXT: tg.variable @"w/adam_v" : tensor<2x1xf32> = dense<0.000000e+00>
// ADAM-LABEL: func.func @train_step
// ADAM: %[[T0:.*]] = tg.read @"adam/step"
// ADAM: %[[T:.*]] = tg.add %[[T0]]
// ADAM: tg.assign @"adam/step", %[[T]]
// ADAM: tg.pow %{{.*}}, %[[T]]
// ADAM: tg.pow %{{.*}}, %[[T]]
// ADAM: tg.sqrt
// ADAM: tg.read @"w/adam_m"
// ADAM: tg.read @"w/adam_v"
// ADAM: tg.square
// ADAM: tg.assign @"w/adam_m"
// ADAM: tg.assign @"w/adam_v"
// ADAM: tg.assign @w
tg.variable @w : tensor<2x1xf32> = dense<[[1.0], [-1.0]]> : tensor<2x1xf32>
func.func @main(%x: tensor<3x2xf32> {tg.feed = "x"}, %t: tensor<3x1xf32> {tg.feed = "t"}) -> (tensor<3x1xf32> {tg.fetch = "y"}, tensor<f32> {tg.fetch = "loss"}) {
  %w = tg.read @w : tensor<2x1xf32>
  %y = tg.matmul %x, %w : (tensor<3x2xf32>, tensor<2x1xf32>) -> tensor<3x1xf32>
  %d = tg.sub %y, %t : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<3x1xf32>
  %s = tg.square %d : tensor<3x1xf32>
  %l = tg.reduce_mean %s, [0, 1] : tensor<3x1xf32> -> tensor<f32>
  return %y, %l : tensor<3x1xf32>, tensor<f32>
}

// -----

// The loss must be a fetch.
// expected-error @+1 {{the loss 'loss' is not a fetch of the graph}}
module {
  tg.variable @w : tensor<2xf32> = dense<1.0> : tensor<2xf32>
  func.func @main(%x: tensor<2xf32> {tg.feed = "x"}) -> (tensor<2xf32> {tg.fetch = "y"}) {
    %w = tg.read @w : tensor<2xf32>
    %y = tg.mul %x, %w : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    return %y : tensor<2xf32>
  }
}

// -----

// What is trained must be a variable (a Const is made one with --variables).
// expected-error @+1 {{'w' is not a variable of the graph; name the Const nodes to train with --variables}}
module {
  func.func @main(%x: tensor<2xf32> {tg.feed = "x"}) -> (tensor<2xf32> {tg.fetch = "y"}, tensor<f32> {tg.fetch = "loss"}) {
    %w = tg.constant dense<1.0> : tensor<2xf32> loc("w")
    %y = tg.mul %x, %w : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %l = tg.reduce_sum %y, [0] : tensor<2xf32> -> tensor<f32>
    return %y, %l : tensor<2xf32>, tensor<f32>
  }
}

// -----

// Integer variables are not trained.
module {
  // expected-error @+1 {{variable 'w' has type 'tensor<2xi32>'; only statically shaped floating-point variables can be trained}}
  tg.variable @w : tensor<2xi32> = dense<1> : tensor<2xi32>
  func.func @main(%x: tensor<2xf32> {tg.feed = "x"}) -> (tensor<f32> {tg.fetch = "loss"}) {
    %l = tg.reduce_sum %x, [0] : tensor<2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// -----

// Without other fetches, predict would compute nothing.
module {
  tg.variable @w : tensor<2xf32> = dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{predict would fetch nothing: name its fetches with --fetch}}
  func.func @main(%x: tensor<2xf32> {tg.feed = "x"}) -> (tensor<f32> {tg.fetch = "loss"}) {
    %w = tg.read @w : tensor<2xf32>
    %y = tg.mul %x, %w : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %l = tg.reduce_sum %y, [0] : tensor<2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

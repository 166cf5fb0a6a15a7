// RUN: tgc-opt %s -split-input-file -tg-bind-variables -verify-diagnostics

// An assignment inside a region is refused.
module {
  tg.variable @w : tensor<2xf32> = dense<[1.0, 2.0]> : tensor<2xf32>
  func.func @assigns(%c: tensor<i1> {tg.feed = "c"}, %x: tensor<2xf32> {tg.feed = "x"}) -> (tensor<2xf32> {tg.fetch = "y"}) {
    // expected-error @+1 {{'tg.if' op assigns a variable inside its regions, which tgc does not support yet}}
    %r = tg.if %c(%x) : (tensor<i1>, tensor<2xf32>) -> tensor<2xf32> then {
    ^bb0(%a: tensor<2xf32>):
      tg.assign @w, %a : tensor<2xf32>
      tg.yield %a : tensor<2xf32>
    } else {
    ^bb0(%a: tensor<2xf32>):
      tg.yield %a : tensor<2xf32>
    }
    return %r : tensor<2xf32>
  }
}

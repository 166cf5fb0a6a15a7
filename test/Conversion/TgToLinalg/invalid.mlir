// RUN: tgc-opt %s -split-input-file -convert-tg-to-linalg -verify-diagnostics

func.func @dynamic(%a: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{cannot lower tg.relu on the dynamically shaped 'tensor<?x4xf32>': give every feed a static shape (--feed NODE:SHAPE)}}
  // expected-error @+1 {{failed to legalize operation 'tg.relu'}}
  %0 = tg.relu %a : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @unsigned(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+2 {{cannot lower tg.add on unsigned element type 'ui8' yet}}
  // expected-error @+1 {{failed to legalize operation 'tg.add'}}
  %0 = tg.add %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

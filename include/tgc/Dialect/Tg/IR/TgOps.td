//===- TgOps.td - Operations of the tg dialect ----------------*- tablegen -*-===//

#ifndef TG_OPS_TD
#define TG_OPS_TD

include "tgc/Dialect/Tg/IR/TgBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "tgc/Dialect/Tg/IR/TgControlFlow.td"
include "tgc/Dialect/Tg/IR/TgElementwise.td"
include "tgc/Dialect/Tg/IR/TgNN.td"
include "tgc/Dialect/Tg/IR/TgShape.td"
include "tgc/Dialect/Tg/IR/TgReduction.td"
include "tgc/Dialect/Tg/IR/TgVariables.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Tg_ConstantOp : Tg_Op<"constant",
    [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "a constant tensor (TF Const)";
  let description = [{
    Produces the tensor `value`, an elements attribute with a ranked tensor
    type, which is the result type (inferred). The importer stores a TF
    `Const`'s tensor as a `dense` attribute; large ones print as hex strings
    (`dense<"0x3600...">`). It folds to its value, and every folded op
    becomes a `tg.constant` (the dialect's constant materializer). Lowered
    to `arith.constant`.

    ```mlir
    func.func @example() -> (tensor<2xf32>, tensor<784x128xf32>) {
      %0 = tg.constant dense<[1.0, 2.0]> : tensor<2xf32>
      %1 = tg.constant dense<0.0> : tensor<784x128xf32>
      return %0, %1 : tensor<2xf32>, tensor<784x128xf32>
    }
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

#endif // TG_OPS_TD

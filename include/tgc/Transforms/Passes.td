//===- Passes.td - Passes on the tg dialect -------------------*- tablegen -*-===//

#ifndef TGC_TRANSFORMS_PASSES_TD
#define TGC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TgInferShapes : Pass<"tg-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "propagate refined tensor types through tg ops";
  let description = [{
    Re-runs every op's shape inference (InferTypeOpInterface) in order, so
    that a more static argument type (a `--feed x:1x784`) flows to every
    result, and updates the function type. An op whose inference fails is
    reported at its node and fails the pass.
  }];
  let dependentDialects = ["tgc::tg::TgDialect"];
}

#endif // TGC_TRANSFORMS_PASSES_TD

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

def TgGradients : Pass<"tg-gradients", "mlir::ModuleOp"> {
  let summary = "return d(loss)/d(x) for chosen feeds, variables and Consts";
  let description = [{
    Rewrites the entry function that fetches `loss` (a floating-point
    scalar) to return the loss and, for each name in `wrt` (a feed, a
    variable, or a Const node), its gradient, fetched as `grad_<name>`
    ('/' and ':' replaced by '_'). Reverse-mode accumulation over the tg
    ops through their GradientOpInterface rules; gradients of values used
    several times are summed; integer and boolean values and
    tg.stop_gradient stop gradients. An op on the path from the loss to a
    `wrt` value without a rule is an error at its node.
  }];
  let options = [
    Option<"loss", "loss", "std::string", /*default=*/"\"\"",
           "the fetch name of the scalar loss">,
    ListOption<"wrt", "wrt", "std::string",
               "feeds, variables or Const nodes to differentiate with respect to">
  ];
  let dependentDialects = ["tgc::tg::TgDialect"];
}

#endif // TGC_TRANSFORMS_PASSES_TD

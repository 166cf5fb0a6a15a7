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

def TgOptimizer : Pass<"tg-optimizer", "mlir::ModuleOp"> {
  let summary = "split an entry into predict and a train_step that updates variables";
  let description = [{
    Takes the entry function that fetches `loss` (a floating-point scalar)
    and makes two entries of it:

    * `@predict`: the same graph fetching `predict-fetches` (default: every
      fetch but the loss), pruned to what they need;
    * `@train_step`: the loss as its only fetch, the gradients of the loss
      with respect to each of `variables` (tg.variable symbols) built as
      tg-gradients does, and one update per variable with tg.assign, so a
      run of the entry is one optimisation step on its feeds:

      - `sgd`:      v -= lr * g
      - `momentum`: a = momentum * a + g;  v -= lr * a
      - `adam`:     t += 1;  m += (g - m)(1 - beta1);  u += (g² - u)(1 - beta2);
                    v -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(u) + epsilon)

    Optimizer state lives in new zero-initialised variables (slots):
    `<v>/momentum`, `<v>/adam_m`, `<v>/adam_v` and the step `adam/step`.
    Feeds an entry does not use are dropped from it.
  }];
  let options = [
    Option<"loss", "loss", "std::string", /*default=*/"\"\"",
           "the fetch name of the scalar loss">,
    ListOption<"variables", "variables", "std::string",
               "the variables to train">,
    ListOption<"predictFetches", "predict-fetches", "std::string",
               "the fetches of @predict (default: all but the loss)">,
    Option<"optimizer", "optimizer", "std::string", /*default=*/"\"sgd\"",
           "sgd | momentum | adam">,
    Option<"learningRate", "learning-rate", "double",
           /*default=*/"::tgc::tg::kOptimizerDefaultLearningRate",
           "the learning rate (default: 0.01 for sgd and momentum, 0.001 for adam)">,
    Option<"momentum", "momentum", "double",
           /*default=*/"::tgc::tg::kDefaultMomentum",
           "momentum coefficient (momentum)">,
    Option<"beta1", "beta1", "double", /*default=*/"::tgc::tg::kDefaultBeta1",
           "first-moment decay (adam)">,
    Option<"beta2", "beta2", "double", /*default=*/"::tgc::tg::kDefaultBeta2",
           "second-moment decay (adam)">,
    Option<"epsilon", "epsilon", "double",
           /*default=*/"::tgc::tg::kDefaultEpsilon",
           "added to the root of the second moment (adam)">
  ];
  let dependentDialects = ["tgc::tg::TgDialect"];
}

#endif // TGC_TRANSFORMS_PASSES_TD

//===- TgControlFlow.td - Structured control flow --------------*- tablegen -*-===//
//
// TF2's functional control flow (If/StatelessIf, While/StatelessWhile)
// imports as ops with regions: the branch and body functions become the
// regions, their arguments the regions' block arguments.
//
//===----------------------------------------------------------------------===//

#ifndef TG_CONTROL_FLOW_TD
#define TG_CONTROL_FLOW_TD

include "dialects/tg/TgBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tg_IfOp : Tg_Op<"if", [RecursiveMemoryEffects]> {
  let summary = "runs one of two regions on the inputs (TF If, StatelessIf)";
  let description = [{
    Both regions take the inputs as block arguments and end in `tg.yield`
    of values of the result types. The condition is a boolean scalar.

    ```mlir
    %r = tg.if %c (%x) : (tensor<i1>, tensor<3xf32>) -> tensor<3xf32> then {
    ^bb0(%a: tensor<3xf32>):
      tg.yield %a : tensor<3xf32>
    } else {
    ^bb0(%a: tensor<3xf32>):
      %n = tg.neg %a : tensor<3xf32>
      tg.yield %n : tensor<3xf32>
    }
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition,
                   Variadic<Tg_Tensor>:$inputs);
  let results = (outs Variadic<Tg_Tensor>:$results);
  let regions = (region SizedRegion<1>:$then_region,
                 SizedRegion<1>:$else_region);
  let assemblyFormat = [{
    $condition `(` $inputs `)` attr-dict `:` functional-type(operands, results)
    `then` $then_region `else` $else_region
  }];
  let hasVerifier = 1;
}

def Tg_WhileOp : Tg_Op<"while", [RecursiveMemoryEffects]> {
  let summary = "repeats `body` while `cond` holds (TF While, StatelessWhile)";
  let description = [{
    Both regions take the loop-carried values as block arguments; `cond`
    ends in `tg.condition` of a boolean scalar, `body` in `tg.yield` of the
    next values, of the same types. The results are the values for which
    `cond` first fails.
  }];
  let arguments = (ins Variadic<Tg_Tensor>:$inputs);
  let results = (outs Variadic<Tg_Tensor>:$results);
  let regions = (region SizedRegion<1>:$cond_region,
                 SizedRegion<1>:$body_region);
  let assemblyFormat = [{
    `(` $inputs `)` attr-dict `:` functional-type(operands, results)
    `cond` $cond_region `do` $body_region
  }];
  let hasVerifier = 1;
}

def Tg_YieldOp : Tg_Op<"yield", [Pure, Terminator,
                                  ParentOneOf<["IfOp", "WhileOp"]>]> {
  let summary = "ends a region of tg.if or the body of tg.while";
  let arguments = (ins Variadic<Tg_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

def Tg_ConditionOp : Tg_Op<"condition", [Pure, Terminator,
                                          HasParent<"WhileOp">]> {
  let summary = "ends the condition region of tg.while";
  let arguments = (ins RankedTensorOf<[I1]>:$condition);
  let assemblyFormat = "$condition attr-dict `:` type($condition)";
}

#endif // TG_CONTROL_FLOW_TD

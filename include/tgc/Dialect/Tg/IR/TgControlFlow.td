//===- TgControlFlow.td - Structured control flow --------------*- tablegen -*-===//
//
// TF2's functional control flow (If/StatelessIf, While/StatelessWhile)
// imports as ops with regions: the branch and body functions become the
// regions, their arguments the regions' block arguments.
//
//===----------------------------------------------------------------------===//

#ifndef TG_CONTROL_FLOW_TD
#define TG_CONTROL_FLOW_TD

include "tgc/Dialect/Tg/IR/TgBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tg_IfOp : Tg_Op<"if", [RecursiveMemoryEffects]> {
  let summary = "runs one of two regions on the inputs (TF If, StatelessIf)";
  let description = [{
    Runs `then_region` when the condition (an `i1` scalar, `tensor<i1>`) is
    true and `else_region` otherwise, on the inputs, and returns what the
    region yields. Both regions take the inputs' types as block arguments
    (TF's branch functions' arguments) and end in `tg.yield` of values of
    the result types. The regions are not isolated from above: they may
    use values defined outside (the canonicalizer hoists constants out of
    them). The op has the memory effects of the ops in its regions. No
    folder.

    ```mlir
    func.func @example(%c: tensor<i1>, %x: tensor<3xf32>) -> tensor<3xf32> {
      %r = tg.if %c (%x) : (tensor<i1>, tensor<3xf32>) -> tensor<3xf32> then {
      ^bb0(%a: tensor<3xf32>):
        tg.yield %a : tensor<3xf32>
      } else {
      ^bb0(%a: tensor<3xf32>):
        %n = tg.neg %a : tensor<3xf32>
        tg.yield %n : tensor<3xf32>
      }
      return %r : tensor<3xf32>
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
    The loop-carried values start as the inputs; while `cond_region` yields
    true for them, `body_region` computes the next values. The results are
    the values for which the condition first fails, so they have the
    inputs' types. Both regions take the loop-carried values as block
    arguments; `cond` ends in `tg.condition` of an `i1` scalar, `body` in
    `tg.yield` of the next values, of the same types. As for `tg.if`, the
    regions may use values defined outside and the op has the memory
    effects of its regions. No folder.

    ```mlir
    func.func @example(%x: tensor<3xf32>) -> (tensor<i32>, tensor<3xf32>) {
      %zero = tg.constant dense<0> : tensor<i32>
      %w:2 = tg.while (%zero, %x) : (tensor<i32>, tensor<3xf32>) -> (tensor<i32>, tensor<3xf32>) cond {
      ^bb0(%i: tensor<i32>, %v: tensor<3xf32>):
        %four = tg.constant dense<4> : tensor<i32>
        %more = tg.less %i, %four : (tensor<i32>, tensor<i32>) -> tensor<i1>
        tg.condition %more : tensor<i1>
      } do {
      ^bb0(%i: tensor<i32>, %v: tensor<3xf32>):
        %one = tg.constant dense<1> : tensor<i32>
        %next = tg.add %i, %one : (tensor<i32>, tensor<i32>) -> tensor<i32>
        %twice = tg.add %v, %v : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
        tg.yield %next, %twice : tensor<i32>, tensor<3xf32>
      }
      return %w#0, %w#1 : tensor<i32>, tensor<3xf32>
    }
    ```
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

def Tg_AssertOp : Tg_Op<"assert", [MemoryEffects<[MemWrite]>]> {
  let summary = "fails the run when a condition is false (TF Assert)";
  let description = [{
    When `condition` (a one-element `i1` tensor) is false, the run stops
    with an error status that carries `message` (tgc's import writes the
    node's name and the strings of TF's `data` inputs into it); effects
    after the op in program order do not happen. It writes memory (the
    run's status), so it is never removed as dead; the canonicalizer
    erases one whose condition is the constant true. On the CPU it becomes
    a branch to a call of `tgrt_assert_failed` and a return (pass
    `tg-assert-to-runtime`).

    ```mlir
    func.func @example(%x: tensor<3xf32>) -> tensor<3xf32> {
      %zero = tg.constant dense<0.0> : tensor<f32>
      %ge = tg.greater_equal %x, %zero : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
      %all = tg.reduce_all %ge, [0] : tensor<3xi1> -> tensor<i1>
      tg.assert %all, "node 'check': x must be non-negative" : tensor<i1>
      return %x : tensor<3xf32>
    }
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition, StrAttr:$message);
  let assemblyFormat = "$condition `,` $message attr-dict `:` type($condition)";
  let hasVerifier = 1;
  let hasCanonicalizeMethod = 1;
}

def Tg_YieldOp : Tg_Op<"yield", [Pure, Terminator,
                                  ParentOneOf<["IfOp", "WhileOp"]>]> {
  let summary = "ends a region of tg.if or the body of tg.while";
  let description = [{
    The terminator of both regions of `tg.if`, whose results are its
    operands, and of the body of `tg.while`, whose operands are the next
    loop-carried values. Its operand types must be the parent's result
    types.

    ```mlir
    func.func @example(%c: tensor<i1>, %x: tensor<2xf32>) -> tensor<2xf32> {
      %r = tg.if %c (%x) : (tensor<i1>, tensor<2xf32>) -> tensor<2xf32> then {
      ^bb0(%a: tensor<2xf32>):
        %s = tg.square %a : tensor<2xf32>
        tg.yield %s : tensor<2xf32>
      } else {
      ^bb0(%a: tensor<2xf32>):
        tg.yield %a : tensor<2xf32>
      }
      return %r : tensor<2xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<Tg_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

def Tg_ConditionOp : Tg_Op<"condition", [Pure, Terminator,
                                          HasParent<"WhileOp">]> {
  let summary = "ends the condition region of tg.while";
  let description = [{
    The terminator of the condition region of `tg.while`: the loop runs
    the body again while its operand, an `i1` scalar, is true.

    ```mlir
    func.func @example(%n: tensor<i32>) -> tensor<i32> {
      %w = tg.while (%n) : (tensor<i32>) -> tensor<i32> cond {
      ^bb0(%i: tensor<i32>):
        %limit = tg.constant dense<100> : tensor<i32>
        %more = tg.less %i, %limit : (tensor<i32>, tensor<i32>) -> tensor<i1>
        tg.condition %more : tensor<i1>
      } do {
      ^bb0(%i: tensor<i32>):
        %next = tg.add %i, %i : (tensor<i32>, tensor<i32>) -> tensor<i32>
        tg.yield %next : tensor<i32>
      }
      return %w : tensor<i32>
    }
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition);
  let assemblyFormat = "$condition attr-dict `:` type($condition)";
}

#endif // TG_CONTROL_FLOW_TD

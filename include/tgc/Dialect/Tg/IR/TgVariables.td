//===- TgVariables.td - Module-level variables ------------------------*- tablegen -*-===//

#ifndef TG_VARIABLES_TD
#define TG_VARIABLES_TD

include "tgc/Dialect/Tg/IR/TgBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

def Tg_VariableOp : Tg_Op<"variable", [Symbol]> {
  let summary = "a module-level variable with an initial value";
  let description = [{
    A tensor-valued state that outlives one run of an entry function: a
    symbol with a tensor type, which must have a static shape, and an
    optional initial value of exactly that type. The runtime allocates one
    buffer per variable and session, initialises it from `initial_value`
    (zeros when absent) and keeps it across runs; the target binds it to a
    buffer argument of the entry function. The importer creates variables
    from `VariableV2`, `VarHandleOp` and the `Const`s named by
    `--variables`. Names with `/` need quotes.

    ```mlir
    module {
      tg.variable @"dense/kernel" : tensor<784x128xf32> = dense<0.0> : tensor<784x128xf32>
      tg.variable @step : tensor<i64>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                   TypeAttrOf<Tg_Tensor>:$type,
                   OptionalAttr<ElementsAttr>:$initial_value);
  let assemblyFormat = [{
    $sym_name attr-dict `:` $type (`=` $initial_value^)?
  }];
  let hasVerifier = 1;
}

def Tg_ReadOp : Tg_Op<"read",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>, MemoryEffects<[MemRead]>]> {
  let summary = "reads the current value of a variable";
  let description = [{
    The variable's value at this point of the run: its value at the start
    of the run, or the value of the last `tg.assign` before it in the same
    run. `variable` must name a `tg.variable`, and the result type must be
    the variable's type. Not pure: it reads memory.

    ```mlir
    module {
      tg.variable @count : tensor<2xf32> = dense<[0.0, 10.0]> : tensor<2xf32>
      func.func @main() -> tensor<2xf32> {
        %0 = tg.read @count : tensor<2xf32>
        return %0 : tensor<2xf32>
      }
    }
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$variable);
  let results = (outs Tg_Tensor:$output);
  let assemblyFormat = "$variable attr-dict `:` type($output)";
}

def Tg_AssignOp : Tg_Op<"assign",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>, MemoryEffects<[MemWrite]>]> {
  let summary = "sets a variable to a new value";
  let description = [{
    Sets the variable that `variable` names to `value`, which has the
    variable's type. Later reads in the same run observe the new value; the
    value persists across runs of the session (the last assignment of a
    function is written to the variable's buffer at its end). Not pure: it
    writes memory.

    ```mlir
    module {
      tg.variable @count : tensor<2xf32> = dense<[0.0, 10.0]> : tensor<2xf32>
      func.func @main(%step: tensor<2xf32> {tg.feed = "step"}) -> (tensor<2xf32> {tg.fetch = "total"}) {
        %0 = tg.read @count : tensor<2xf32>
        %1 = tg.add %0, %step : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
        tg.assign @count, %1 : tensor<2xf32>
        return %1 : tensor<2xf32>
      }
    }
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$variable, Tg_Tensor:$value);
  let assemblyFormat = "$variable `,` $value attr-dict `:` type($value)";
}


#endif // TG_VARIABLES_TD

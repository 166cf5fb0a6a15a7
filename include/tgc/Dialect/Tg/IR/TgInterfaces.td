//===- TgInterfaces.td - Interfaces of tg ops ------------------*- tablegen -*-===//

#ifndef TG_INTERFACES_TD
#define TG_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Tg_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::tgc::tg";
  let description = [{
    The op's rule of reverse-mode differentiation, used by `tg-gradients`:
    given d(loss)/d(result) for each result (null where a result does not
    reach the loss), it builds d(loss)/d(operand) for each operand at the
    builder's insertion point (after the op), or leaves a null where no
    gradient flows (integer operands, indices, shapes, conditions). Each
    operand gradient has exactly the operand's type: broadcasting is
    undone by summing.
  }];
  let methods = [
    InterfaceMethod<"Builds the operands' gradients from the results'.",
      "::llvm::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultGradients,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGradients)>
  ];
}

#endif // TG_INTERFACES_TD

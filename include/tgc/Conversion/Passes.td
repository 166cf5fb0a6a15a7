//===- Passes.td - Conversions out of the tg dialect ----------*- tablegen -*-===//

#ifndef TGC_CONVERSION_PASSES_TD
#define TGC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTgToLinalg : Pass<"convert-tg-to-linalg", "mlir::ModuleOp"> {
  let summary = "lower tg ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Every tg op of an entry function becomes linalg-on-tensors (named ops
    where one exists, `linalg.generic` otherwise). Variables and their
    reads and assignments are left in place for the target's binding pass.
    An op without a lowering is an error at its node.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect", "mlir::cf::ControlFlowDialect"
  ];
}

#endif // TGC_CONVERSION_PASSES_TD

//===- Passes.h - Passes of the CPU code generator --------------*- C++ -*-===//

#ifndef TGC_TARGET_CPU_PASSES_H
#define TGC_TARGET_CPU_PASSES_H

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "tgc/Target/Common/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace tgc::tg {

#define GEN_PASS_DECL
#include "tgc/Target/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tgc/Target/CPU/Passes.h.inc"

} // namespace tgc::tg

#endif // TGC_TARGET_CPU_PASSES_H

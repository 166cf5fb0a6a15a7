//===- Codegen.h - LLVM IR, the model descriptor, object files --*- C++ -*-===//

#ifndef TGC_TARGET_CPU_CODEGEN_H
#define TGC_TARGET_CPU_CODEGEN_H

#include "tgc/Target/Common/Signature.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
class raw_pwrite_stream;
} // namespace llvm

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace tgc::cpu {

struct TargetOptions {
  /// Empty: the host's triple.
  std::string triple;
  /// Empty: the host CPU when compiling for the host, "generic" otherwise.
  /// "native" is the host CPU.
  std::string cpu;
  /// Extra target features ("+avx2,-avx512f").
  std::string features;
  int optLevel = 3;
  /// Fuse a multiply and a dependent add into one fused multiply-add (one
  /// rounding) where the target has FMA, as -ffp-contract=fast does.
  bool fpContract = true;
};

/// Initialises LLVM's targets (once) and creates a machine for `options`.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options);

/// Translates a module in the LLVM dialect to LLVM IR; errors are reported
/// through the MLIR context's diagnostics.
std::unique_ptr<llvm::Module> translateToLLVMIR(mlir::ModuleOp module,
                                                llvm::LLVMContext &context);

/// Runs LLVM's default optimisation pipeline at `options.optLevel`.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    int optLevel);

/// Writes an object file or assembly.
llvm::Error emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                            llvm::raw_pwrite_stream &os, bool assembly);

} // namespace tgc::cpu

#endif

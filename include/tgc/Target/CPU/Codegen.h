//===- Codegen.h - LLVM IR, the model descriptor, object files --*- C++ -*-===//

#ifndef TGC_TARGET_CPU_CODEGEN_H
#define TGC_TARGET_CPU_CODEGEN_H

#include "tgc/Target/Common/Signature.h"

#include "mlir/Support/Timing.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <functional>
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

struct TargetCPUs {
  std::string triple;
  std::vector<std::string> names;
  /// The host's CPU name (LLVM's), whatever the triple.
  std::string host;
};

/// The CPU names LLVM knows for `triple` (empty: the host's).
llvm::Expected<TargetCPUs> listTargetCPUs(const std::string &triple);

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

struct CodegenOptions {
  TargetOptions target;
  /// Threads that optimise and generate code parts; 0: all cores.
  unsigned jobs = 0;
  /// Code parts; 0: decided by the module's size (codePartsFor). The parts
  /// never depend on `jobs`.
  unsigned parts = 0;
  /// The prefix of symbols that become global to cross between parts
  /// (the model's symbol), so two models in one program do not collide.
  std::string symbolPrefix = "tgc";
  /// Where the stages' timers nest (none: not timed).
  mlir::TimingScope *timing = nullptr;
  /// Called with each part's optimised module (part 0: the whole module
  /// when it is not split), one call at a time.
  std::function<void(unsigned, const llvm::Module &)> dumpOptimized;
};

/// How many code parts emitObjects makes of `module` by default: one per
/// thousand instructions (functions count 50 each), at most 64.
unsigned codePartsFor(const llvm::Module &module);

/// Optimises `module` and writes its machine code as objects. A module
/// worth more than one code part is split: object 0 holds the data (weights
/// as raw bytes, the descriptor), the others the code parts, optimised and
/// generated concurrently on `jobs` threads; the caller links them (ld -r,
/// or straight into a shared library). The objects are byte-identical
/// whatever `jobs` is.
llvm::Expected<std::vector<llvm::SmallVector<char, 0>>>
emitObjects(std::unique_ptr<llvm::Module> module,
            const CodegenOptions &options);

} // namespace tgc::cpu

#endif

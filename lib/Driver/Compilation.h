//===- Compilation.h - One run of the tgc pipeline --------------*- C++ -*-===//
//
// Private to lib/Driver. A Compilation owns the MLIR context, the module and
// what the stages hand each other. Its stages run in order:
//
//   checkOptions -> import -> tg -> linalg -> lower (CPU: bufferize + LLVM
//   dialect; CUDA: kernels + PTX + host code) -> translate (LLVM IR with the
//   model descriptor, optimised) -> emit (asm, object, shared library)
//
// Each stage is a function of its own (Stages.cpp); each can be the last
// (--emit), and each writes its IR to --dump-dir as a numbered file.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_DRIVER_COMPILATION_H
#define TGC_LIB_DRIVER_COMPILATION_H

#include "tgc/Driver/Driver.h"
#include "tgc/Target/CPU/Codegen.h"
#include "tgc/Target/Common/Descriptor.h"
#include "tgc/Target/GPU/Pipeline.h"
#include "tgc/Target/Common/Signature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tgc::driver {

/// What a stage tells the pipeline: go on, stop with success (its output
/// was the one --emit asked for), or stop with an error (already printed).
enum class StageResult { Continue, Done, Failed };

class Compilation {
public:
  Compilation(const CompileOptions &options, llvm::raw_ostream &errs);

  /// Runs the stages; returns the process exit code.
  int run();

private:
  // The stages, in order (Stages.cpp).
  StageResult checkOptions();
  StageResult importStage();
  StageResult tgStage();
  StageResult linalgStage();
  StageResult lowerStage();
  StageResult lowerCpu();
  StageResult lowerCuda();
  StageResult translateStage();
  StageResult emitStage();

  // Signatures (Signature.cpp).
  std::vector<mlir::func::FuncOp> entryFunctions();
  bool checkStaticSignature();
  bool collectSignature();
  void collectVariablesAndArenas();

  // --emit=dot (Dot.cpp): the tg module as Graphviz, with the ops that
  // the linalg module fused drawn as clusters.
  std::string graphToDot(mlir::ModuleOp tgModule, mlir::ModuleOp linalgModule);

  /// "tgc: wrote PATH (SIZE)" for every file written: the outputs, and
  /// with -v the dumps too.
  void reportWritten();

  // Outputs (Output.cpp).
  bool error(const llvm::Twine &message);
  bool dump(const std::string &name,
            llvm::function_ref<void(llvm::raw_ostream &)> print);
  bool dumpModule(const std::string &name);
  bool runStage(llvm::StringRef name,
                llvm::function_ref<void(mlir::OpPassManager &)> build);
  bool writeOutput(const std::string &path, bool binary,
                   llvm::function_ref<bool(llvm::raw_pwrite_stream &)> write);
  /// Writes the module's text to --output (stdout without one).
  StageResult emitModuleText();
  bool writeHeader(const std::string &path);
  /// Links `objects` into a shared library at `path` with --linker.
  bool linkShared(llvm::ArrayRef<llvm::StringRef> objects,
                  const std::string &path);
  /// Writes one object to `path`: the only one, or the parts joined by a
  /// relocatable link (--linker -r).
  bool writeObject(llvm::ArrayRef<llvm::StringRef> objects,
                   const std::string &path);
  /// Runs --linker with `args` (after the program name) and reads back
  /// `output`, which the link writes.
  bool link(llvm::ArrayRef<llvm::StringRef> objects,
            llvm::ArrayRef<llvm::StringRef> args, const char *outputSuffix,
            const std::string &path);
  cpu::TargetOptions targetOptions() const;
  std::string stem() const;
  /// --output, or by default the input's stem with `extension`, or stdout
  /// ("-") for a null extension (textual outputs).
  std::string outputPath(const char *extension) const;

  const CompileOptions &options;
  llvm::raw_ostream &errs;
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  bool cuda = false;
  gpu::GpuOptions gpuOptions;
  ModelNames names;
  ModelSignature signature;
  std::string header;
  // Variables as imported (binding erases the tg.variable ops).
  llvm::StringMap<mlir::RankedTensorType> variableTypes;
  llvm::StringMap<mlir::ElementsAttr> variableInits;
  std::optional<target::CudaModule> cudaModule;
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::Module> llvmModule;
  int dumpIndex = 0;
  /// --emit=dot: the tg module, kept while the linalg stage runs.
  mlir::OwningOpRef<mlir::ModuleOp> tgSnapshot;
  /// Files written (outputs, and dumps with -v), reported at the end.
  std::vector<std::string> written;
  mlir::DefaultTimingManager timing;
  mlir::TimingScope rootScope; // destroyed before `timing` prints its report
};

} // namespace tgc::driver

#endif

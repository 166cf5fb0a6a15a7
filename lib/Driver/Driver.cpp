//===- Driver.cpp - The tgc pipeline as a library -------------------------===//
//
// compile() runs a Compilation: a sequence of named stages (Compilation.h,
// Stages.cpp). The rest of the tools' needs (the op list, command-line
// registration) are answered here, so tools include only Driver headers.
//
//===----------------------------------------------------------------------===//

#include "tgc/Driver/Driver.h"

#include "Compilation.h"
#include "Diagnostics.h"
#include "tgc/Driver/Registration.h"
#include "tgc/Frontend/Import.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace tgc;
using namespace tgc::driver;

bool tgc::parseEmitKind(const std::string &text, EmitKind &kind) {
  static const std::pair<const char *, EmitKind> kinds[] = {
      {"tg", EmitKind::Tg},
      {"linalg", EmitKind::Linalg},
      {"llvm-dialect", EmitKind::LLVMDialect},
      {"llvm-ir", EmitKind::LLVMIR},
      {"asm", EmitKind::Asm},
      {"obj", EmitKind::Obj},
      {"shared", EmitKind::Shared},
      {"header", EmitKind::Header},
      {"ptx", EmitKind::Ptx}};
  for (auto &[name, value] : kinds)
    if (text == name) {
      kind = value;
      return true;
    }
  return false;
}

Compilation::Compilation(const CompileOptions &options, llvm::raw_ostream &errs)
    : options(options), errs(errs) {
  DialectRegistry registry;
  registerAllDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);
  timing.setEnabled(options.timing);
  rootScope = timing.getRootScope();
}

int Compilation::run() {
  DiagnosticPrinter printer(context, errs);
  using Stage = StageResult (Compilation::*)();
  for (Stage stage :
       {&Compilation::checkOptions, &Compilation::importStage,
        &Compilation::tgStage, &Compilation::linalgStage,
        &Compilation::lowerStage, &Compilation::translateStage,
        &Compilation::emitStage}) {
    switch ((this->*stage)()) {
    case StageResult::Continue:
      continue;
    case StageResult::Done:
      return 0;
    case StageResult::Failed:
      return 1;
    }
  }
  return 0;
}

int tgc::compile(const CompileOptions &options, llvm::raw_ostream &errs) {
  Compilation compilation(options, errs);
  return compilation.run();
}

std::vector<std::string> tgc::listImportableOps() {
  return importableOpTypes();
}

void tgc::registerCommandLineOptions() {
  registerAllPasses();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
}

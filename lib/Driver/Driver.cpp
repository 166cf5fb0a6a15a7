//===- Driver.cpp - The tgc pipeline as a library -------------------------===//
//
// compile() runs a Compilation: a sequence of named stages (Compilation.h,
// Stages.cpp). The rest of the tools' needs (the op list, command-line
// registration) are answered here, so tools include only Driver headers.
//
//===----------------------------------------------------------------------===//

#include "tgc/Driver/Driver.h"

#include "Compilation.h"
#include "tgc/Target/CPU/Codegen.h"
#include "Diagnostics.h"
#include "tgc/Driver/Registration.h"
#include "tgc/Frontend/Import.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <chrono>

using namespace mlir;
using namespace tgc;
using namespace tgc::driver;

bool tgc::parseEmitKind(const std::string &text, EmitKind &kind) {
  static const std::pair<const char *, EmitKind> kinds[] = {
      {"tg", EmitKind::Tg},
      {"dot", EmitKind::Dot},
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
  static const std::pair<const char *, Stage> stages[] = {
      {"options", &Compilation::checkOptions},
      {"import", &Compilation::importStage},
      {"tg", &Compilation::tgStage},
      {"linalg", &Compilation::linalgStage},
      {"lower", &Compilation::lowerStage},
      {"translate", &Compilation::translateStage},
      {"emit", &Compilation::emitStage}};
  for (auto &[name, stage] : stages) {
    auto start = std::chrono::steady_clock::now();
    StageResult result = (this->*stage)();
    if (options.verbose && result != StageResult::Failed &&
        llvm::StringRef(name) != "options") {
      std::chrono::duration<double> seconds =
          std::chrono::steady_clock::now() - start;
      errs << llvm::format("tgc: %-9s %8.3f s\n", name, seconds.count());
    }
    switch (result) {
    case StageResult::Continue:
      continue;
    case StageResult::Done:
      reportWritten();
      return 0;
    case StageResult::Failed:
      return 1;
    }
  }
  reportWritten();
  return 0;
}

void Compilation::reportWritten() {
  for (const std::string &path : written) {
    uint64_t size = 0;
    llvm::sys::fs::file_size(path, size);
    errs << "tgc: wrote " << path << " ("
         << (size >= 1000000 ? llvm::formatv("{0:F1} MB", size / 1e6).str()
             : size >= 1000  ? llvm::formatv("{0:F1} kB", size / 1e3).str()
                             : std::to_string(size) + " bytes")
         << ")\n";
  }
}

int tgc::compile(const CompileOptions &options, llvm::raw_ostream &errs) {
  Compilation compilation(options, errs);
  return compilation.run();
}

std::vector<std::string> tgc::listImportableOps() {
  return importableOpTypes();
}

int tgc::printTargetCPUs(const std::string &triple, llvm::raw_ostream &os,
                         llvm::raw_ostream &errs) {
  llvm::Expected<cpu::TargetCPUs> cpus = cpu::listTargetCPUs(triple);
  if (!cpus) {
    errs << "tgc: error: " << llvm::toString(cpus.takeError()) << "\n";
    return 1;
  }
  os << "CPUs of " << cpus->triple << " (--mcpu=NAME):\n";
  for (const std::string &name : cpus->names)
    os << "  " << name << (name == cpus->host ? "  (this machine)" : "")
       << "\n";
  os << "Default: " << (triple.empty() ? "the host's CPU, " + cpus->host
                                        : std::string("generic"))
     << "; 'native' is the host's CPU.\n";
  return 0;
}

void tgc::registerCommandLineOptions() {
  registerAllPasses();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
}

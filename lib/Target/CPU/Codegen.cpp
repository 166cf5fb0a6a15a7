//===- Codegen.cpp - LLVM IR, optimisation, object files -----------------===//

#include "tgc/Target/CPU/Codegen.h"
#include "tgrt/model_abi.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

using namespace tgc;
using namespace tgc::cpu;

static void initializeTargets() {
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
  });
}

llvm::Expected<TargetCPUs>
tgc::cpu::listTargetCPUs(const std::string &tripleOption) {
  initializeTargets();
  TargetCPUs cpus;
  cpus.triple = tripleOption.empty() ? llvm::sys::getDefaultTargetTriple()
                                     : llvm::Triple::normalize(tripleOption);
  cpus.host = llvm::sys::getHostCPUName().str();
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(cpus.triple, error);
  if (!target)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unknown target triple '" + cpus.triple +
                                       "': " + error);
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(cpus.triple, "", ""));
  if (info)
    for (const llvm::SubtargetSubTypeKV &cpu :
         info->getAllProcessorDescriptions())
      cpus.names.push_back(cpu.Key);
  return cpus;
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
tgc::cpu::createTargetMachine(const TargetOptions &options) {
  initializeTargets();

  bool forHost = options.triple.empty();
  std::string triple = forHost ? llvm::sys::getDefaultTargetTriple()
                               : llvm::Triple::normalize(options.triple);
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unknown target triple '" + triple +
                                       "': " + error);

  std::string cpu = options.cpu;
  std::string features;
  bool native = cpu == "native" || (cpu.empty() && forHost);
  if (native) {
    cpu = llvm::sys::getHostCPUName().str();
    llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
    for (auto &feature : hostFeatures)
      features += (features.empty() ? "" : ",") +
                  std::string(feature.second ? "+" : "-") +
                  feature.first().str();
  } else if (cpu.empty()) {
    cpu = "generic";
  }
  if (!options.features.empty())
    features += (features.empty() ? "" : ",") + options.features;

  // Validate the CPU name: LLVM only warns about unknown ones.
  std::unique_ptr<llvm::MCSubtargetInfo> probe(
      target->createMCSubtargetInfo(triple, "", ""));
  if (probe && !native && cpu != "generic" && !probe->isCPUStringValid(cpu))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unknown CPU '" + cpu + "' for target '" +
                                       triple + "' (--mcpu=help lists them)");

  llvm::TargetOptions targetOptions;
  targetOptions.AllowFPOpFusion = options.fpContract
                                      ? llvm::FPOpFusion::Fast
                                      : llvm::FPOpFusion::Strict;
  auto level = options.optLevel >= 3   ? llvm::CodeGenOptLevel::Aggressive
               : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
               : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
                                       : llvm::CodeGenOptLevel::None;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      level));
  if (!machine)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot create a target machine for '" +
                                       triple + "'");
  return machine;
}

std::unique_ptr<llvm::Module>
tgc::cpu::translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context) {
  mlir::DialectRegistry registry;
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);
  return mlir::translateModuleToLLVMIR(module, context, "tgc_model");
}

/// LLVM unrolls a loop of constant trip count completely when its body is
/// small enough, and a kernel's loops all have constant trip counts: after
/// vectorisation a ReLU over 728 channels became 3,700 lines, and code
/// generation took 3-4x as long (Xception 15.1 s instead of 3.9 s). Without
/// any unrolling, though, the short loops of convolution windows and small
/// channel counts run up to 2.6x slower (gender 0.25 ms vs 0.93 ms,
/// centernet 45 vs 81 ms). So loops are unrolled completely only up to 4
/// iterations (partial unrolling stays LLVM's), which measured as fast as
/// or faster than unlimited unrolling on the corpus at a fraction of its
/// compile time (bench/latency/compare_builds.py). LLVM takes the limit
/// only from its command-line option `-unroll-full-max-count`, so it is set
/// here once, unless the user gave it (tgc accepts LLVM's options).
static void limitFullUnrolling() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::StringMap<llvm::cl::Option *> &options =
        llvm::cl::getRegisteredOptions();
    auto it = options.find("unroll-full-max-count");
    if (it == options.end() || it->second->getNumOccurrences() > 0)
      return;
    // As if given on the command line: LLVM reads the option only then.
    it->second->addOccurrence(0, "unroll-full-max-count", "4");
  });
}

void tgc::cpu::optimizeModule(llvm::Module &module,
                              llvm::TargetMachine &machine, int optLevel) {
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple().str());
  if (optLevel <= 0)
    return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  tuning.LoopUnrolling = true;
  limitFullUnrolling();
  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel == 1   ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  builder.buildPerModuleDefaultPipeline(level).run(module, mam);
}

llvm::Error tgc::cpu::emitMachineCode(llvm::Module &module,
                                      llvm::TargetMachine &machine,
                                      llvm::raw_pwrite_stream &os,
                                      bool assembly) {
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple().str());
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, os, nullptr,
                                  assembly ? llvm::CodeGenFileType::AssemblyFile
                                           : llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the target cannot emit this file type");
  pm.run(module);
  return llvm::Error::success();
}

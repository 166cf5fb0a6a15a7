//===- Stages.cpp - The stages of a compilation ---------------------------===//
//
//   import (frontend) -> tg with shapes -> linalg -> buffers -> LLVM dialect
//   -> LLVM IR (+ model descriptor) -> optimised IR -> asm/obj -> shared
//
// Each stage returns Continue, or Done when it wrote what --emit asked for.
//
//===----------------------------------------------------------------------===//

#include "Compilation.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "tgc/Frontend/Import.h"
#include "tgc/Target/CPU/Passes.h"
#include "tgc/Target/CPU/Pipeline.h"
#include "tgc/Target/GPU/Host.h"
#include "tgc/Transforms/Passes.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/Support/Path.h"

using namespace mlir;
using namespace tgc;
using namespace tgc::driver;

namespace {

StageResult done(bool ok) {
  return ok ? StageResult::Done : StageResult::Failed;
}

constexpr StageResult kFailed = StageResult::Failed;
constexpr StageResult kContinue = StageResult::Continue;

} // namespace

StageResult Compilation::checkOptions() {
  if (!options.header.empty() && options.emit != EmitKind::Obj &&
      options.emit != EmitKind::Shared)
    return error("--header goes with --emit=obj or --emit=shared (use "
                 "--emit=header -o FILE to write only the header)"),
           kFailed;
  cuda = options.target == "cuda";
  if (options.target != "cpu" && !cuda)
    return error("unknown --target=" + options.target +
                 " (expected cpu or cuda)"),
           kFailed;
  gpuOptions.arch = options.gpuArch;
  gpuOptions.ptxVersion = options.ptxVersion;
  gpuOptions.optLevel = options.optLevel;
  gpuOptions.fpContract = options.fpContract;
  if (cuda) {
    if (std::optional<std::string> message = gpu::checkGpuOptions(gpuOptions))
      return error(*message), kFailed;
  } else if (options.emit == EmitKind::Ptx) {
    return error("--emit=ptx needs --target=cuda"), kFailed;
  }
  std::string nameError;
  if (!deriveModelNames(options.className, stem(), names, nameError))
    return error(nameError), kFailed;
  return kContinue;
}

/// Stage 1: the graph (or a .mlir module in the tg dialect) imported.
StageResult Compilation::importStage() {
  ImportOptions importOptions;
  for (const std::string &fetch : options.fetches)
    importOptions.fetches.push_back({fetch, ""});
  // A gradient entry fetches the loss (the gradients are added to it).
  if (!options.gradientsOf.empty() &&
      !llvm::is_contained(options.fetches, options.gradientsOf))
    importOptions.fetches.push_back({options.gradientsOf, ""});
  // A training model fetches the loss too (train_step returns it); without
  // --fetch, the graph's default fetches must include it.
  if (options.train && !options.fetches.empty() &&
      !llvm::is_contained(options.fetches, options.loss))
    importOptions.fetches.push_back({options.loss, ""});
  for (const std::string &variable : options.variables)
    importOptions.variables.push_back({variable, "", false});
  importOptions.stripAsserts = options.stripAsserts;
  importOptions.checkpoint = options.checkpoint;
  importOptions.signature = options.signature;
  importOptions.freeze = options.freeze;
  for (const std::string &text : options.feeds) {
    FeedSpec spec;
    if (std::optional<std::string> message = parseFeedSpec(text, spec))
      return error(*message), kFailed;
    importOptions.feeds.push_back(spec);
  }
  if (!options.config.empty())
    if (std::optional<std::string> message =
            readTf2xlaConfig(options.config, importOptions))
      return error(*message), kFailed;
  TimingScope importTimer = rootScope.nest("import");
  if (llvm::sys::path::extension(options.input) == ".mlir") {
    // A module in the tg dialect (e.g. written by --emit=tg and edited).
    if (!options.fetches.empty() || !options.feeds.empty() ||
        !options.config.empty() || !options.variables.empty())
      return error("--fetch, --feed, --config and --variables apply to "
                   "graphs, not to .mlir input"),
             kFailed;
    module = parseSourceFile<ModuleOp>(options.input, &context);
    if (module && entryFunctions().empty())
      return error(options.input + ": no public entry function"), kFailed;
  } else {
    module = importGraphFile(context, options.input, importOptions);
  }
  importTimer.stop();
  if (!module || !dumpModule("tg-imported.mlir"))
    return kFailed;
  return kContinue;
}

/// Stage 2: tg with gradients and training entries built, shapes inferred
/// and folded.
StageResult Compilation::tgStage() {
  if (!runStage("tg", [&](OpPassManager &pm) {
        if (!options.gradientsOf.empty()) {
          tg::TgGradientsOptions gradients;
          gradients.loss = options.gradientsOf;
          gradients.wrt = options.wrt;
          pm.addPass(tg::createTgGradients(gradients));
        }
        if (options.train) {
          tg::TgOptimizerOptions training;
          training.loss = options.loss;
          training.variables = options.variables;
          training.predictFetches = options.fetches;
          training.optimizer = options.optimizer;
          training.learningRate = options.learningRate;
          training.momentum = options.momentum;
          training.beta1 = options.beta1;
          training.beta2 = options.beta2;
          training.epsilon = options.epsilon;
          pm.addPass(tg::createTgOptimizer(training));
        }
        pm.addPass(createCanonicalizerPass());
        pm.addNestedPass<func::FuncOp>(tg::createTgInferShapes());
      }) ||
      !dumpModule("tg.mlir"))
    return kFailed;
  if (options.emit == EmitKind::Tg)
    return emitModuleText();
  if (!checkStaticSignature() || !collectSignature())
    return kFailed;
  header = generateHeader(signature, names);
  return kContinue;
}

/// Stage 3: linalg on tensors.
StageResult Compilation::linalgStage() {
  if (options.emit == EmitKind::Dot)
    tgSnapshot = module->clone();
  if (!runStage("linalg", cpu::buildLowerToLinalgPipeline) ||
      !dumpModule("linalg.mlir"))
    return kFailed;
  if (options.emit == EmitKind::Linalg)
    return emitModuleText();
  if (options.emit == EmitKind::Dot) {
    std::string dot = graphToDot(*tgSnapshot, *module);
    return done(writeOutput(outputPath(nullptr), false,
                            [&](llvm::raw_pwrite_stream &os) {
                              os << dot;
                              return true;
                            }));
  }
  return kContinue;
}

/// Stages 4 and 5: buffers, then the LLVM dialect (on CUDA: kernels in PTX
/// and host code that launches them through tgrt).
StageResult Compilation::lowerStage() {
  StageResult result = cuda ? lowerCuda() : lowerCpu();
  if (result != kContinue)
    return result;
  if (options.emit == EmitKind::LLVMDialect)
    return emitModuleText();
  return kContinue;
}

namespace {

/// The ABI is recorded: drop tg's attributes, which LLVM does not know.
void dropAbiAttributes(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>()) {
    func.setAllArgAttrs(ArrayRef<DictionaryAttr>{});
    func.setAllResultAttrs(ArrayRef<DictionaryAttr>{});
    func->removeAttr(tg::kArenaBytesAttr);
    func->removeAttr(tg::kVariablesAttr);
  }
}

} // namespace

StageResult Compilation::lowerCpu() {
  if (!runStage("bufferize", cpu::buildBufferizePipeline) ||
      !dumpModule("bufferized.mlir"))
    return kFailed;
  // The header needs the variables, which binding has just ordered.
  collectVariablesAndArenas();
  header = generateHeader(signature, names);
  if (options.emit == EmitKind::Header)
    return done(writeHeader(outputPath(".h")));
  dropAbiAttributes(*module);
  if (!runStage("llvm-dialect",
                [&](OpPassManager &pm) {
                  cpu::buildLowerToLLVMPipeline(pm);
                }) ||
      !dumpModule("llvm-dialect.mlir"))
    return kFailed;
  return kContinue;
}

StageResult Compilation::lowerCuda() {
  // A failed assertion must end the run with a status; the CUDA host code
  // has no way to return one yet.
  std::string assertNode;
  module->walk([&](Operation *op) {
    if (op->getName().getStringRef() != "cf.assert")
      return WalkResult::advance();
    assertNode = "?";
    if (auto name = dyn_cast<NameLoc>(op->getLoc()))
      assertNode = name.getName().str();
    return WalkResult::interrupt();
  });
  if (!assertNode.empty())
    return error("node '" + assertNode +
                 "' (Assert): --target=cuda cannot check assertions yet; "
                 "compile with --strip-asserts to drop them"),
           kFailed;
  if (!runStage("gpu",
                [&](OpPassManager &pm) {
                  gpu::buildKernelPipeline(pm, gpuOptions);
                }) ||
      !dumpModule("gpu.mlir"))
    return kFailed;
  FailureOr<std::string> ptx = gpu::extractPtx(*module);
  if (failed(ptx))
    return kFailed;
  if (options.emit == EmitKind::Ptx) {
    std::string path = outputPath(".ptx");
    return done(writeOutput(path, false, [&](llvm::raw_pwrite_stream &os) {
      os << *ptx;
      return true;
    }));
  }
  collectVariablesAndArenas();
  header = generateHeader(signature, names);
  if (options.emit == EmitKind::Header)
    return done(writeHeader(outputPath(".h")));
  cudaModule.emplace();
  cudaModule->ptx = std::move(*ptx);
  cudaModule->constants = gpu::constantPool(*module);
  module->getOperation()->removeAttr(gpu::kConstantPoolAttr);
  dropAbiAttributes(*module);
  if (!runStage("llvm-dialect", gpu::buildHostPipeline) ||
      !dumpModule("llvm-dialect.mlir"))
    return kFailed;
  cudaModule->kernels = gpu::kernelNames(*module);
  module->getOperation()->removeAttr(gpu::kKernelsAttr);
  return kContinue;
}

/// Stage 6: LLVM IR with the model descriptor. Optimised here as one module
/// for the textual outputs (--emit=llvm-ir, --emit=asm); an object or a
/// shared library is optimised in parts by the emit stage.
StageResult Compilation::translateStage() {
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> created =
      cpu::createTargetMachine(targetOptions());
  if (!created)
    return error(llvm::toString(created.takeError())), kFailed;
  machine = std::move(*created);
  TimingScope translateTimer = rootScope.nest("translate");
  llvmModule = cpu::translateToLLVMIR(*module, llvmContext);
  if (!llvmModule)
    return error("cannot translate the module to LLVM IR"), kFailed;
  bool shared = options.emit == EmitKind::Shared;
  if (llvm::Error err = target::addModelDescriptor(
          *llvmModule, signature, names, shared,
          cudaModule ? &*cudaModule : nullptr))
    return error(llvm::toString(std::move(err))), kFailed;
  translateTimer.stop();
  // The MLIR module (and its copy of the weights) is no longer needed.
  module = OwningOpRef<ModuleOp>();
  auto printIR = [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); };
  if (!dump("llvm-ir.ll", printIR))
    return kFailed;
  if (options.emit != EmitKind::LLVMIR && options.emit != EmitKind::Asm)
    return kContinue;
  {
    TimingScope optimizeTimer = rootScope.nest("llvm-optimize");
    cpu::optimizeModule(*llvmModule, *machine, options.optLevel);
  }
  if (!dump("llvm-ir-optimized.ll", printIR))
    return kFailed;
  if (options.emit == EmitKind::LLVMIR)
    return done(writeOutput(outputPath(nullptr),
                            false, [&](llvm::raw_pwrite_stream &os) {
                              printIR(os);
                              return true;
                            }));
  return kContinue;
}

/// Stage 7: machine code, as assembly (one module), or as objects made in
/// parallel from parts of the module, linked into one object (ld -r) or a
/// shared library.
StageResult Compilation::emitStage() {
  if (options.emit == EmitKind::Asm)
    return done(writeOutput(outputPath(nullptr),
                            false, [&](llvm::raw_pwrite_stream &os) {
                              TimingScope codegenTimer =
                                  rootScope.nest("machine-code");
                              if (llvm::Error err = cpu::emitMachineCode(
                                      *llvmModule, *machine, os, true))
                                return error(llvm::toString(std::move(err)));
                              return true;
                            }));

  cpu::CodegenOptions codegen;
  codegen.target = targetOptions();
  codegen.jobs = options.jobs;
  codegen.parts = options.codegenParts;
  codegen.symbolPrefix = names.symbol;
  codegen.timing = &rootScope;
  std::vector<std::string> optimized;
  if (!options.dumpDir.empty())
    codegen.dumpOptimized = [&](unsigned part, const llvm::Module &module) {
      if (optimized.size() <= part)
        optimized.resize(part + 1);
      llvm::raw_string_ostream os(optimized[part]);
      module.print(os, nullptr);
    };
  auto objects = cpu::emitObjects(std::move(llvmModule), codegen);
  if (!objects)
    return error(llvm::toString(objects.takeError())), kFailed;
  for (size_t part = 0; part < optimized.size(); ++part)
    if (!optimized[part].empty() &&
        !dump(optimized.size() == 1
                  ? std::string("llvm-ir-optimized.ll")
                  : "llvm-ir-optimized.part" + std::to_string(part) + ".ll",
              [&](llvm::raw_ostream &os) { os << optimized[part]; }))
      return kFailed;

  std::vector<llvm::StringRef> parts;
  for (const auto &object : *objects)
    parts.push_back(llvm::StringRef(object.data(), object.size()));
  if (options.emit == EmitKind::Shared) {
    if (!linkShared(parts, outputPath(".so")))
      return kFailed;
  } else if (!writeObject(parts, outputPath(".o"))) {
    return kFailed;
  }
  if (!options.header.empty() && !writeHeader(options.header))
    return kFailed;
  return StageResult::Done;
}

//===- Driver.cpp - The tgc pipeline as a library -------------------------===//
//
//   import (frontend) -> tg with shapes -> linalg -> buffers -> LLVM dialect
//   -> LLVM IR (+ model descriptor) -> optimised IR -> asm/obj -> shared
//
// Each stage can be the last (--emit) and each is written to the dump
// directory (--dump-dir) as a numbered file.
//
//===----------------------------------------------------------------------===//

#include "tgc/Driver/Driver.h"

#include "dialects/tg/TgDialect.h"
#include "tgc/Driver/Registration.h"
#include "tgc/Frontend/Import.h"
#include "tgc/Target/CPU/Codegen.h"
#include "tgc/Target/CPU/Passes.h"
#include "tgc/Target/CPU/Pipeline.h"
#include "tgc/Target/GPU/Host.h"
#include "tgc/Target/GPU/Pipeline.h"
#include "tgc/Target/Signature.h"
#include "tgc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

#include <unistd.h>

using namespace mlir;
using namespace tgc;

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

namespace {

/// Prints diagnostics as "tgc: error: node 'x' (Op): message".
class DiagnosticPrinter {
public:
  DiagnosticPrinter(MLIRContext &context, llvm::raw_ostream &os)
      : handler(&context, [this](Diagnostic &diag) {
          print(diag);
          return success();
        }),
        os(os) {}

  bool hadError = false;

private:
  void print(Diagnostic &diag) {
    const char *severity = "note";
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error:
      severity = "error";
      hadError = true;
      break;
    case DiagnosticSeverity::Warning:
      severity = "warning";
      break;
    case DiagnosticSeverity::Remark:
      severity = "remark";
      break;
    case DiagnosticSeverity::Note:
      break;
    }
    std::string message = diag.str();
    os << "tgc: " << severity << ": " << where(diag.getLocation(), message)
       << message << "\n";
    for (Diagnostic &note : diag.getNotes())
      print(note);
  }

  /// A prefix naming the node or file, unless the message already does.
  static std::string where(Location loc, llvm::StringRef message) {
    if (auto name = dyn_cast<NameLoc>(loc)) {
      if (message.starts_with("node '"))
        return "";
      std::string text = "node '" + name.getName().str() + "'";
      if (auto op = dyn_cast<NameLoc>(name.getChildLoc()))
        text += " (" + op.getName().str() + ")";
      return text + ": ";
    }
    if (auto file = dyn_cast<FileLineColLoc>(loc)) {
      if (file.getFilename().empty())
        return "";
      std::string text = file.getFilename().str();
      if (file.getLine() != 0)
        text += ":" + std::to_string(file.getLine()) + ":" +
                std::to_string(file.getColumn());
      return text + ": ";
    }
    if (auto fused = dyn_cast<FusedLoc>(loc))
      if (!fused.getLocations().empty())
        return where(fused.getLocations().front(), message);
    return "";
  }

  ScopedDiagnosticHandler handler;
  llvm::raw_ostream &os;
};

int64_t toDtype(Type type) {
  if (type.isF32())
    return 1;
  if (type.isF16())
    return 2;
  if (type.isBF16())
    return 3;
  if (type.isF64())
    return 4;
  if (type.isInteger(1))
    return 5;
  if (type.isUnsignedInteger(8))
    return 10;
  if (type.isSignlessInteger(8))
    return 6;
  if (type.isSignlessInteger(16))
    return 7;
  if (type.isSignlessInteger(32))
    return 8;
  if (type.isSignlessInteger(64))
    return 9;
  return 0;
}

TensorSignature tensorSignature(const std::string &name, Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return {name, toDtype(tensor.getElementType()),
          std::vector<int64_t>(tensor.getShape().begin(),
                               tensor.getShape().end())};
}

class Compilation {
public:
  Compilation(const CompileOptions &options, llvm::raw_ostream &errs)
      : options(options), errs(errs) {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.printOpOnDiagnostic(false);
    timing.setEnabled(options.timing);
    rootScope = timing.getRootScope();
  }

  int run();

private:
  bool error(const llvm::Twine &message) {
    errs << "tgc: error: " << message << "\n";
    return false;
  }
  std::string stem() const {
    return llvm::sys::path::stem(options.input).str();
  }
  bool dump(const std::string &name, llvm::function_ref<void(llvm::raw_ostream &)> print);
  bool dumpModule(const std::string &name) {
    return dump(name, [&](llvm::raw_ostream &os) { module->print(os); });
  }
  bool runStage(llvm::StringRef name,
                llvm::function_ref<void(OpPassManager &)> build);
  bool writeOutput(const std::string &path, bool binary,
                   llvm::function_ref<bool(llvm::raw_pwrite_stream &)> write);
  std::vector<func::FuncOp> entryFunctions();
  bool checkStaticSignature();
  bool collectSignature();
  void collectVariablesAndArenas();
  std::string defaultOutput(const char *extension) const {
    return stem() + extension;
  }

  const CompileOptions &options;
  llvm::raw_ostream &errs;
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  ModelSignature signature;
  // Variables as imported (binding erases the tg.variable ops).
  llvm::StringMap<RankedTensorType> variableTypes;
  llvm::StringMap<ElementsAttr> variableInits;
  int dumpIndex = 0;
  DefaultTimingManager timing;
  TimingScope rootScope; // destroyed before `timing` prints its report
};

bool Compilation::dump(const std::string &name,
                       llvm::function_ref<void(llvm::raw_ostream &)> print) {
  if (options.dumpDir.empty())
    return true;
  if (std::error_code ec = llvm::sys::fs::create_directories(options.dumpDir))
    return error("cannot create --dump-dir '" + options.dumpDir +
                 "': " + ec.message());
  char prefix[8];
  snprintf(prefix, sizeof(prefix), "%02d-", ++dumpIndex);
  llvm::SmallString<256> path(options.dumpDir);
  llvm::sys::path::append(path, prefix + name);
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return error("cannot write '" + path + "': " + ec.message());
  print(os);
  return true;
}

bool Compilation::runStage(llvm::StringRef name,
                           llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return error("invalid pass manager options");
  // One timer per stage, the stage's passes nested in it.
  TimingScope stageScope = rootScope.nest(name);
  if (options.timing)
    pm.enableTiming(stageScope);
  build(pm);
  if (failed(pm.run(*module)))
    return false;
  return true;
}

bool Compilation::writeOutput(
    const std::string &path, bool binary,
    llvm::function_ref<bool(llvm::raw_pwrite_stream &)> write) {
  std::error_code ec;
  auto flags = binary ? llvm::sys::fs::OF_None : llvm::sys::fs::OF_Text;
  // A device or pipe (/dev/null, /dev/stdout) is written as it is: it must
  // never be removed, even on failure.
  llvm::sys::fs::file_status status;
  if (path != "-" && !llvm::sys::fs::status(path, status) &&
      llvm::sys::fs::exists(status) &&
      !llvm::sys::fs::is_regular_file(status)) {
    llvm::raw_fd_ostream os(path, ec, flags);
    if (ec)
      return error("cannot write '" + path + "': " + ec.message());
    if (!write(os))
      return false;
    os.flush();
    if (os.has_error())
      return error("cannot write '" + path + "'");
    return true;
  }
  // ToolOutputFile removes the file unless keep() is reached.
  llvm::ToolOutputFile file(path, ec,
                            binary ? llvm::sys::fs::OF_None
                                   : llvm::sys::fs::OF_Text);
  if (ec)
    return error("cannot write '" + path + "': " + ec.message());
  if (!write(file.os()))
    return false;
  file.os().flush();
  if (file.os().has_error())
    return error("cannot write '" + path + "'");
  file.keep();
  return true;
}

std::vector<func::FuncOp> Compilation::entryFunctions() {
  std::vector<func::FuncOp> entries;
  for (auto func : module->getOps<func::FuncOp>())
    if (!func.isExternal() && func.isPublic())
      entries.push_back(func);
  return entries;
}

bool Compilation::checkStaticSignature() {
  for (func::FuncOp func : entryFunctions()) {
    for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
      auto tensor = cast<RankedTensorType>(type);
      if (tensor.hasStaticShape())
        continue;
      auto name = func.getArgAttrOfType<StringAttr>(i, tg::kFeedAttr);
      std::string example;
      for (int64_t dim : tensor.getShape())
        example += (example.empty() ? "" : "x") +
                   std::to_string(ShapedType::isDynamic(dim) ? 1 : dim);
      std::string feed = name ? name.getValue().str() : "?";
      std::string typeText;
      llvm::raw_string_ostream typeStream(typeText);
      typeStream << tensor;
      return error("feed '" + feed + "' has unknown dimensions (" + typeText +
                   "); code generation needs static shapes: fix them with "
                   "--feed " + feed + ":" + example);
    }
    for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
      if (cast<RankedTensorType>(type).hasStaticShape())
        continue;
      auto name = func.getResultAttrOfType<StringAttr>(i, tg::kFetchAttr);
      return error("fetch '" + (name ? name.getValue().str() : "?") +
                   "' has a shape that depends on unknown feed dimensions; "
                   "fix them with --feed NODE:SHAPE");
    }
  }
  return true;
}

bool Compilation::collectSignature() {
  // Feeds and fetches of all entries, merged by name: one buffer per name,
  // so a feed given once serves every entry that reads it.
  auto same = [](const TensorSignature &a, const TensorSignature &b) {
    return a.dtype == b.dtype && a.shape == b.shape;
  };
  for (func::FuncOp func : entryFunctions()) {
    EntrySignature entry;
    entry.name = func.getSymName().str();
    entry.function = entry.name;
    for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
      auto name = func.getArgAttrOfType<StringAttr>(i, tg::kFeedAttr);
      TensorSignature feed =
          tensorSignature(name ? name.str() : "arg" + std::to_string(i), type);
      if (feed.dtype == 0)
        return error("feed '" + feed.name + "' has an unsupported dtype");
      auto it = llvm::find_if(signature.feeds, [&](auto &other) {
        return other.name == feed.name;
      });
      if (it == signature.feeds.end()) {
        entry.feeds.push_back(signature.feeds.size());
        signature.feeds.push_back(feed);
        continue;
      }
      if (!same(*it, feed))
        return error("feed '" + feed.name + "' has different types in the "
                     "entries of the model");
      entry.feeds.push_back(it - signature.feeds.begin());
    }
    size_t ownFetches = signature.fetches.size(); // earlier entries' fetches
    for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
      auto name = func.getResultAttrOfType<StringAttr>(i, tg::kFetchAttr);
      TensorSignature fetch = tensorSignature(
          name ? name.str() : "result" + std::to_string(i), type);
      auto end = signature.fetches.begin() + ownFetches;
      auto it = std::find_if(signature.fetches.begin(), end, [&](auto &other) {
        return other.name == fetch.name;
      });
      if (it != end && !llvm::is_contained(entry.fetches,
                                           it - signature.fetches.begin())) {
        if (!same(*it, fetch))
          return error("fetch '" + fetch.name + "' has different types in "
                       "the entries of the model");
        entry.fetches.push_back(it - signature.fetches.begin());
        continue;
      }
      entry.fetches.push_back(signature.fetches.size());
      signature.fetches.push_back(fetch);
    }
    signature.entries.push_back(std::move(entry));
  }
  for (auto variable : module->getOps<tg::VariableOp>()) {
    variableTypes[variable.getSymName()] =
        cast<RankedTensorType>(variable.getType());
    if (std::optional<ElementsAttr> init = variable.getInitialValue())
      variableInits[variable.getSymName()] = *init;
  }
  return true;
}

/// After bufferization: the arena of each entry and the variables its
/// function takes, merged into the model's variables.
void Compilation::collectVariablesAndArenas() {
  llvm::StringMap<int64_t> indices;
  for (EntrySignature &entry : signature.entries) {
    auto func = module->lookupSymbol<func::FuncOp>(entry.function);
    if (auto attr = func->getAttrOfType<IntegerAttr>(tg::kArenaBytesAttr))
      entry.arenaBytes = attr.getInt();
    auto variables = func->getAttrOfType<ArrayAttr>(tg::kVariablesAttr);
    if (!variables)
      continue;
    for (Attribute attr : variables) {
      StringRef name = cast<FlatSymbolRefAttr>(attr).getValue();
      auto [it, inserted] = indices.insert({name, signature.variables.size()});
      entry.variables.push_back(it->second);
      if (!inserted)
        continue;
      VariableSignature variable;
      variable.name = name.str();
      RankedTensorType type = variableTypes.lookup(name);
      variable.dtype = toDtype(type.getElementType());
      variable.shape.assign(type.getShape().begin(), type.getShape().end());
      // No initial value: the descriptor zero-initialises the variable.
      if (ElementsAttr init = variableInits.lookup(name))
        variable.initialValue = gpu::elementsBytes(init);
      signature.variables.push_back(std::move(variable));
    }
  }
}

int Compilation::run() {
  DiagnosticPrinter printer(context, errs);
  auto fail = [&]() { return 1; };
  if (!options.header.empty() && options.emit != EmitKind::Obj &&
      options.emit != EmitKind::Shared)
    return error("--header goes with --emit=obj or --emit=shared (use "
                 "--emit=header -o FILE to write only the header)"),
           fail();
  bool cuda = options.target == "cuda";
  if (options.target != "cpu" && !cuda)
    return error("unknown --target=" + options.target +
                 " (expected cpu or cuda)"),
           fail();
  gpu::GpuOptions gpuOptions;
  gpuOptions.arch = options.gpuArch;
  gpuOptions.ptxVersion = options.ptxVersion;
  gpuOptions.optLevel = options.optLevel;
  gpuOptions.fpContract = options.fpContract;
  if (cuda) {
    if (std::optional<std::string> message = gpu::checkGpuOptions(gpuOptions))
      return error(*message), fail();
  } else if (options.emit == EmitKind::Ptx) {
    return error("--emit=ptx needs --target=cuda"), fail();
  }
  ModelNames names;
  std::string nameError;
  if (!deriveModelNames(options.className, stem(), names, nameError))
    return error(nameError), fail();

  // Stage 1: import.
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
  for (const std::string &text : options.feeds) {
    FeedSpec spec;
    if (std::optional<std::string> message = parseFeedSpec(text, spec))
      return error(*message), fail();
    importOptions.feeds.push_back(spec);
  }
  if (!options.config.empty())
    if (std::optional<std::string> message =
            readTf2xlaConfig(options.config, importOptions))
      return error(*message), fail();
  TimingScope importTimer = rootScope.nest("import");
  if (llvm::sys::path::extension(options.input) == ".mlir") {
    // A module in the tg dialect (e.g. written by --emit=tg and edited).
    if (!options.fetches.empty() || !options.feeds.empty() ||
        !options.config.empty() || !options.variables.empty())
      return error("--fetch, --feed, --config and --variables apply to "
                   "graphs, not to .mlir input"),
             fail();
    module = parseSourceFile<ModuleOp>(options.input, &context);
    if (module && entryFunctions().empty()) {
      error(options.input + ": no public entry function");
      return fail();
    }
  } else {
    module = importGraphFile(context, options.input, importOptions);
  }
  importTimer.stop();
  if (!module)
    return fail();
  if (!dumpModule("tg-imported.mlir"))
    return fail();

  // Stage 2: tg with shapes inferred and folded.
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
          training.learningRate =
              options.learningRate >= 0 ? options.learningRate
              : options.optimizer == "adam" ? 0.001
                                            : 0.01;
          training.momentum = options.momentum;
          training.beta1 = options.beta1;
          training.beta2 = options.beta2;
          training.epsilon = options.epsilon;
          pm.addPass(tg::createTgOptimizer(training));
        }
        pm.addPass(createCanonicalizerPass());
        pm.addNestedPass<func::FuncOp>(tg::createTgInferShapes());
      }))
    return fail();
  if (!dumpModule("tg.mlir"))
    return fail();
  auto emitText = [&](const char *extension) {
    std::string path =
        options.output.empty() ? std::string("-") : options.output;
    (void)extension;
    return writeOutput(path, false, [&](llvm::raw_pwrite_stream &os) {
      module->print(os);
      return true;
    });
  };
  if (options.emit == EmitKind::Tg)
    return emitText(".mlir") ? 0 : 1;

  if (!checkStaticSignature() || !collectSignature())
    return fail();
  std::string header = generateHeader(signature, names);
  auto writeHeader = [&](const std::string &path) {
    return writeOutput(path, false, [&](llvm::raw_pwrite_stream &os) {
      os << header;
      return true;
    });
  };
  // Stage 3: linalg on tensors.
  if (!runStage("linalg", cpu::buildLowerToLinalgPipeline) ||
      !dumpModule("linalg.mlir"))
    return fail();
  if (options.emit == EmitKind::Linalg)
    return emitText(".mlir") ? 0 : 1;

  // The ABI is recorded: drop tg's attributes, which LLVM does not know.
  auto dropAbiAttributes = [&] {
    for (auto func : module->getOps<func::FuncOp>()) {
      func.setAllArgAttrs(ArrayRef<DictionaryAttr>{});
      func.setAllResultAttrs(ArrayRef<DictionaryAttr>{});
      func->removeAttr(tg::kArenaBytesAttr);
      func->removeAttr(tg::kVariablesAttr);
    }
  };
  auto emitHeaderOnly = [&] {
    return writeHeader(options.output.empty() ? defaultOutput(".h")
                                              : options.output)
               ? 0
               : 1;
  };

  std::optional<cpu::CudaModule> cudaModule;
  if (cuda) {
    // Stage 4 (CUDA): buffers, kernels, PTX.
    if (!runStage("gpu", [&](OpPassManager &pm) {
          gpu::buildKernelPipeline(pm, gpuOptions);
        }) ||
        !dumpModule("gpu.mlir"))
      return fail();
    FailureOr<std::string> ptx = gpu::extractPtx(*module);
    if (failed(ptx))
      return fail();
    if (options.emit == EmitKind::Ptx) {
      std::string path =
          options.output.empty() ? defaultOutput(".ptx") : options.output;
      return writeOutput(path, false,
                         [&](llvm::raw_pwrite_stream &os) {
                           os << *ptx;
                           return true;
                         })
                 ? 0
                 : 1;
    }
    collectVariablesAndArenas();
    header = generateHeader(signature, names);
    if (options.emit == EmitKind::Header)
      return emitHeaderOnly();
    cudaModule.emplace();
    cudaModule->ptx = std::move(*ptx);
    cudaModule->constants = gpu::constantPool(*module);
    module->getOperation()->removeAttr(gpu::kConstantPoolAttr);
    dropAbiAttributes();
    // Stage 5 (CUDA): the host functions, launching through tgrt.
    if (!runStage("llvm-dialect", gpu::buildHostPipeline) ||
        !dumpModule("llvm-dialect.mlir"))
      return fail();
    cudaModule->kernels = gpu::kernelNames(*module);
    module->getOperation()->removeAttr(gpu::kKernelsAttr);
  } else {
    // Stage 4: buffers with a static memory plan.
    if (!runStage("bufferize", cpu::buildBufferizePipeline) ||
        !dumpModule("bufferized.mlir"))
      return fail();
    collectVariablesAndArenas();
    header = generateHeader(signature, names);
    // The header needs the variables, which binding has just ordered.
    if (options.emit == EmitKind::Header)
      return emitHeaderOnly();
    dropAbiAttributes();
    // Stage 5: the LLVM dialect.
    if (!runStage("llvm-dialect", cpu::buildLowerToLLVMPipeline) ||
        !dumpModule("llvm-dialect.mlir"))
      return fail();
  }
  if (options.emit == EmitKind::LLVMDialect)
    return emitText(".mlir") ? 0 : 1;

  // Stage 6: LLVM IR with the model descriptor, optimised.
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      cpu::createTargetMachine({options.targetTriple, options.cpu,
                                options.features, options.optLevel,
                                options.fpContract});
  if (!machine)
    return error(llvm::toString(machine.takeError())), fail();
  TimingScope translateTimer = rootScope.nest("translate");
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      cpu::translateToLLVMIR(*module, llvmContext);
  if (!llvmModule)
    return error("cannot translate the module to LLVM IR"), fail();
  bool shared = options.emit == EmitKind::Shared;
  if (llvm::Error err = cpu::addModelDescriptor(
          *llvmModule, signature, names, shared,
          cudaModule ? &*cudaModule : nullptr))
    return error(llvm::toString(std::move(err))), fail();
  translateTimer.stop();
  if (!dump("llvm-ir.ll", [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); }))
    return fail();
  {
    TimingScope optimizeTimer = rootScope.nest("llvm-optimize");
    cpu::optimizeModule(*llvmModule, **machine, options.optLevel);
  }
  if (!dump("llvm-ir-optimized.ll",
            [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); }))
    return fail();
  if (options.emit == EmitKind::LLVMIR) {
    std::string path = options.output.empty() ? "-" : options.output;
    return writeOutput(path, false,
                       [&](llvm::raw_pwrite_stream &os) {
                         llvmModule->print(os, nullptr);
                         return true;
                       })
               ? 0
               : 1;
  }

  // Stage 7: machine code.
  auto emitCode = [&](llvm::raw_pwrite_stream &os, bool assembly) {
    TimingScope codegenTimer = rootScope.nest("machine-code");
    if (llvm::Error err =
            cpu::emitMachineCode(*llvmModule, **machine, os, assembly))
      return error(llvm::toString(std::move(err)));
    return true;
  };
  if (options.emit == EmitKind::Asm) {
    std::string path = options.output.empty() ? "-" : options.output;
    return writeOutput(path, false,
                       [&](llvm::raw_pwrite_stream &os) {
                         return emitCode(os, true);
                       })
               ? 0
               : 1;
  }

  // The object is made in memory: object writers seek, pipes don't.
  llvm::SmallVector<char, 0> object;
  {
    llvm::raw_svector_ostream os(object);
    if (!emitCode(os, false))
      return fail();
  }
  auto writeBytes = [&](llvm::StringRef bytes) {
    return [bytes](llvm::raw_pwrite_stream &os) {
      os << bytes;
      return true;
    };
  };
  if (!shared) {
    std::string path =
        options.output.empty() ? defaultOutput(".o") : options.output;
    if (!writeOutput(path, true,
                     writeBytes(llvm::StringRef(object.data(), object.size()))))
      return fail();
  } else {
    // Link in a temporary directory, then copy the library to the output.
    llvm::SmallString<128> tempObject, tempLibrary;
    int fd;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("tgc", "o", fd, tempObject))
      return error("cannot create a temporary file: " + ec.message()), fail();
    llvm::FileRemover removeObject(tempObject);
    {
      llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
      os.write(object.data(), object.size());
      if (os.has_error())
        return error("cannot write '" + tempObject + "'"), fail();
    }
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
            "tgc", "so", tempLibrary))
      return error("cannot create a temporary file: " + ec.message()), fail();
    llvm::FileRemover removeLibrary(tempLibrary);

    std::string linkerName = options.linker.empty() ? "cc" : options.linker;
    llvm::ErrorOr<std::string> linker =
        llvm::sys::findProgramByName(linkerName);
    if (!linker)
      return error("cannot find the linker driver '" + linkerName +
                   "' (set it with --linker)"),
             fail();
    llvm::SmallVector<llvm::StringRef> args = {
        *linker, "-shared", "-o", tempLibrary, tempObject, "-lm"};
    std::string message;
    TimingScope linkTimer = rootScope.nest("link");
    int status = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0,
                                           0, &message);
    std::string path =
        options.output.empty() ? defaultOutput(".so") : options.output;
    if (status != 0)
      return error("linking '" + path + "' with " + *linker + " failed" +
                   (message.empty() ? "" : ": " + message)),
             fail();
    auto library = llvm::MemoryBuffer::getFile(tempLibrary, /*IsText=*/false);
    if (!library)
      return error("cannot read the linked library: " +
                   library.getError().message()),
             fail();
    if (!writeOutput(path, true, writeBytes((*library)->getBuffer())))
      return fail();
  }
  if (!options.header.empty() && !writeHeader(options.header))
    return fail();
  return 0;
}

} // namespace

int tgc::compile(const CompileOptions &options, llvm::raw_ostream &errs) {
  Compilation compilation(options, errs);
  int code = compilation.run();
  return code;
}

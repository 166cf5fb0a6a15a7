//===- ParallelCodegen.cpp - One module, several objects, all cores -------===//
//
// cpu::emitObjects. The model's LLVM module is split into a data part (every
// global variable: weights, the descriptor) and code parts (the entry
// functions and kernels, balanced by size). Each code part travels as
// bitcode into an LLVMContext of its own, where a worker thread optimises
// it and generates its machine code; the data part is generated from the
// original context at the same time. How many parts there are depends on
// the module only, never on the number of threads, so the objects are the
// same bytes whatever -j is.
//
// Weights are turned into byte arrays first ([N x i8]): the asm printer
// writes such an array as one block, where an array of floats costs a
// constant per element (and a nested array one per row).
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/CPU/Codegen.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <algorithm>
#include <mutex>

using namespace llvm;
using namespace tgc;
using namespace tgc::cpu;

namespace {

/// Appends the bytes `c` occupies in memory; false for a constant that is
/// not plain data (a pointer, an expression, a struct with padding).
bool appendBytes(const Constant *c, const DataLayout &layout,
                 std::string &out) {
  if (auto *data = dyn_cast<ConstantDataSequential>(c)) {
    if (layout.getTypeAllocSize(data->getElementType()) !=
        data->getElementByteSize())
      return false;
    StringRef raw = data->getRawDataValues();
    out.append(raw.begin(), raw.end());
    return true;
  }
  if (isa<ConstantAggregateZero>(c)) {
    out.append(layout.getTypeAllocSize(c->getType()), '\0');
    return true;
  }
  if (auto *array = dyn_cast<ConstantArray>(c)) {
    for (const Use &element : array->operands())
      if (!appendBytes(cast<Constant>(element.get()), layout, out))
        return false;
    return true;
  }
  return false;
}

void weightsAsBytes(Module &module) {
  const DataLayout &layout = module.getDataLayout();
  // Raw data is in the host's byte order.
  if (layout.isLittleEndian() != sys::IsLittleEndianHost)
    return;
  Type *byte = Type::getInt8Ty(module.getContext());
  SmallVector<GlobalVariable *> globals;
  for (GlobalVariable &global : module.globals())
    if (global.hasInitializer() && isa<ArrayType>(global.getValueType()))
      globals.push_back(&global);
  for (GlobalVariable *global : globals) {
    Constant *init = global->getInitializer();
    auto *array = cast<ArrayType>(global->getValueType());
    if (array->getElementType() == byte || init->isNullValue())
      continue; // already bytes; zeros go to .bss as they are
    std::string bytes;
    bytes.reserve(layout.getTypeAllocSize(array));
    if (!appendBytes(init, layout, bytes) ||
        bytes.size() != layout.getTypeAllocSize(array))
      continue;
    Constant *raw = ConstantDataArray::getRaw(
        bytes, bytes.size(), byte);
    auto *replacement = new GlobalVariable(
        module, raw->getType(), global->isConstant(), global->getLinkage(),
        raw, "", global, global->getThreadLocalMode(),
        global->getAddressSpace());
    replacement->copyAttributesFrom(global);
    replacement->setAlignment(std::max(global->getAlign().valueOrOne(),
                                       layout.getPreferredAlign(global)));
    global->replaceAllUsesWith(replacement);
    replacement->takeName(global);
    global->eraseFromParent();
  }
}

/// Symbols that parts share must be global: local ones become hidden
/// (never exported from a shared library) and take the model's prefix
/// unless they have it, so that two models linked into one program keep
/// apart.
void externalize(Module &module, StringRef prefix) {
  unsigned anonymous = 0;
  for (GlobalValue &value : module.global_values()) {
    if (value.isDeclaration() || !value.hasLocalLinkage())
      continue;
    if (!value.hasName())
      value.setName(prefix + ".anon." + Twine(anonymous++));
    else if (!value.getName().starts_with(prefix))
      value.setName(prefix + "." + value.getName());
    value.setLinkage(GlobalValue::ExternalLinkage);
    value.setVisibility(GlobalValue::HiddenVisibility);
    value.setDSOLocal(true);
  }
}

/// Can the module be split? Not with the constructs whose meaning depends
/// on seeing the whole module (comdats, llvm.used and other appending
/// arrays, ifuncs), nor with an alias of a function. An alias of a global
/// variable (`tgc_model`, the descriptor's exported name in a shared
/// library) stays with its variable in the data part.
bool splittable(const Module &module) {
  if (!module.ifunc_empty() || !module.getComdatSymbolTable().empty())
    return false;
  for (const GlobalAlias &alias : module.aliases())
    if (!isa<GlobalVariable>(alias.getAliaseeObject()))
      return false;
  for (const GlobalVariable &global : module.globals())
    if (global.hasAppendingLinkage())
      return false;
  return true;
}

constexpr unsigned kFunctionCost = 50;    // instructions' worth of overhead
constexpr unsigned kMinPartCost = 1000;   // below: not worth a part
constexpr unsigned kMaxParts = 64;

} // namespace

unsigned tgc::cpu::codePartsFor(const Module &module) {
  uint64_t total = 0;
  for (const Function &function : module)
    if (!function.isDeclaration())
      total += kFunctionCost + function.getInstructionCount();
  uint64_t perPart = std::max<uint64_t>(kMinPartCost, total / kMaxParts);
  return static_cast<unsigned>(
      std::clamp<uint64_t>((total + perPart - 1) / perPart, 1, kMaxParts));
}

Expected<std::vector<SmallVector<char, 0>>>
tgc::cpu::emitObjects(std::unique_ptr<Module> module,
                      const CodegenOptions &options) {
  std::vector<SmallVector<char, 0>> objects;
  mlir::TimingScope untimed;
  mlir::TimingScope &timing = options.timing ? *options.timing : untimed;
  auto machineOr = createTargetMachine(options.target);
  if (!machineOr)
    return machineOr.takeError();
  std::unique_ptr<TargetMachine> machine = std::move(*machineOr);
  module->setDataLayout(machine->createDataLayout());
  module->setTargetTriple(machine->getTargetTriple().str());
  weightsAsBytes(*module);
  // Local symbols become hidden globals in every case, one part or many:
  // parts must share them, and LLVM must not specialise a kernel for the
  // weights its only caller passes (it would fold every weight into an
  // immediate and unroll the loop over it: large code, slow to generate).
  externalize(*module, options.symbolPrefix);

  unsigned parts = options.parts ? options.parts : codePartsFor(*module);
  if (parts <= 1 || !splittable(*module)) {
    // One object, as one module.
    mlir::TimingScope scope = timing.nest("llvm-optimize");
    optimizeModule(*module, *machine, options.target.optLevel);
    scope.stop();
    if (options.dumpOptimized)
      options.dumpOptimized(0, *module);
    mlir::TimingScope codegen = timing.nest("machine-code");
    objects.emplace_back();
    raw_svector_ostream os(objects.back());
    if (Error err = emitMachineCode(*module, *machine, os, false))
      return std::move(err);
    return objects;
  }

  // Functions to parts: largest first, each to the lightest part so far.
  mlir::TimingScope splitScope = timing.nest("llvm-split");
  std::vector<std::pair<uint64_t, const Function *>> functions;
  for (const Function &function : *module)
    if (!function.isDeclaration())
      functions.push_back(
          {kFunctionCost + function.getInstructionCount(), &function});
  std::stable_sort(functions.begin(), functions.end(),
                   [](const auto &a, const auto &b) { return a.first > b.first; });
  DenseMap<const GlobalValue *, unsigned> partOf;
  std::vector<uint64_t> load(parts, 0);
  for (auto [cost, function] : functions) {
    unsigned lightest =
        std::min_element(load.begin(), load.end()) - load.begin();
    load[lightest] += cost;
    partOf[function] = lightest;
  }
  std::vector<SmallVector<char, 0>> bitcode(parts);
  for (unsigned part = 0; part < parts; ++part) {
    ValueToValueMapTy map;
    std::unique_ptr<Module> clone =
        CloneModule(*module, map, [&](const GlobalValue *value) {
          auto it = partOf.find(value);
          return it != partOf.end() && it->second == part;
        });
    raw_svector_ostream os(bitcode[part]);
    WriteBitcodeToFile(*clone, os);
  }
  // What stays is the data part.
  for (Function &function : *module)
    if (!function.isDeclaration())
      function.deleteBody();
  splitScope.stop();

  // Object 0 is the data part, objects 1..parts the code parts.
  objects.resize(parts + 1);
  std::mutex mutex;
  std::string firstError;
  auto fail = [&](const Twine &message) {
    std::lock_guard<std::mutex> lock(mutex);
    if (firstError.empty())
      firstError = message.str();
  };
  mlir::TimingScope parallelScope = timing.nest(
      "llvm-parallel (" + std::to_string(parts) + " code parts)");
  {
    unsigned jobs = options.jobs ? options.jobs
                                 : llvm::hardware_concurrency().compute_thread_count();
    StdThreadPool pool(llvm::hardware_concurrency(jobs));
    pool.async([&] {
      mlir::TimingScope scope = parallelScope.nest("machine-code (data)");
      raw_svector_ostream os(objects[0]);
      if (Error err = emitMachineCode(*module, *machine, os, false))
        fail(toString(std::move(err)));
    });
    for (unsigned part = 0; part < parts; ++part) {
      pool.async([&, part] {
        LLVMContext context;
        std::unique_ptr<MemoryBuffer> buffer = MemoryBuffer::getMemBuffer(
            StringRef(bitcode[part].data(), bitcode[part].size()), "part",
            false);
        Expected<std::unique_ptr<Module>> parsed =
            parseBitcodeFile(*buffer, context);
        if (!parsed)
          return fail(toString(parsed.takeError()));
        auto partMachine = createTargetMachine(options.target);
        if (!partMachine)
          return fail(toString(partMachine.takeError()));
        {
          mlir::TimingScope scope = parallelScope.nest("llvm-optimize");
          optimizeModule(**parsed, **partMachine, options.target.optLevel);
        }
        if (options.dumpOptimized) {
          std::lock_guard<std::mutex> lock(mutex);
          options.dumpOptimized(part + 1, **parsed);
        }
        mlir::TimingScope scope = parallelScope.nest("machine-code");
        raw_svector_ostream os(objects[part + 1]);
        if (Error err = emitMachineCode(**parsed, **partMachine, os, false))
          fail(toString(std::move(err)));
      });
    }
    pool.wait();
  }
  if (!firstError.empty())
    return createStringError(inconvertibleErrorCode(), firstError);
  return objects;
}

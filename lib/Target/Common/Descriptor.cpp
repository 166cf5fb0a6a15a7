//===- Descriptor.cpp - The model descriptor in LLVM IR -------------------===//
//
// Emits the tgrt_model_def (tgrt/model_abi.h) of a model, CPU or CUDA, as
// flat constant LLVM structs, and the entry wrappers the runtime calls.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/Common/Descriptor.h"
#include "tgrt/model_abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace tgc;
using namespace tgc::target;

namespace {

/// Builds the constant globals of one descriptor.
class DescriptorBuilder {
public:
  explicit DescriptorBuilder(llvm::Module &module)
      : module(module), context(module.getContext()),
        ptr(llvm::PointerType::getUnqual(context)),
        i64(llvm::Type::getInt64Ty(context)) {}

  llvm::Constant *string(const std::string &text, const std::string &name) {
    auto *init = llvm::ConstantDataArray::getString(context, text);
    auto *global = new llvm::GlobalVariable(
        module, init->getType(), /*isConstant=*/true,
        llvm::GlobalValue::PrivateLinkage, init, name);
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return global;
  }

  llvm::Constant *dims(const std::vector<int64_t> &shape,
                       const std::string &name) {
    if (shape.empty())
      return llvm::ConstantPointerNull::get(ptr);
    auto *init = llvm::ConstantDataArray::get(context, shape);
    return new llvm::GlobalVariable(module, init->getType(), true,
                                    llvm::GlobalValue::PrivateLinkage, init,
                                    name);
  }

  llvm::Constant *bytes(const std::vector<char> &data, int64_t size,
                        const std::string &name) {
    llvm::Constant *init;
    auto *type = llvm::ArrayType::get(llvm::Type::getInt8Ty(context), size);
    if (data.empty())
      init = llvm::ConstantAggregateZero::get(type);
    else
      init = llvm::ConstantDataArray::get(
          context, llvm::ArrayRef<uint8_t>(
                       reinterpret_cast<const uint8_t *>(data.data()),
                       data.size()));
    auto *global = new llvm::GlobalVariable(
        module, init->getType(), true, llvm::GlobalValue::PrivateLinkage,
        init, name);
    global->setAlignment(llvm::Align(64));
    return global;
  }

  llvm::Constant *integer(int64_t value) {
    return llvm::ConstantInt::get(i64, value);
  }

  llvm::Constant *array(llvm::StructType *elementType,
                        std::vector<llvm::Constant *> elements,
                        const std::string &name) {
    if (elements.empty())
      return llvm::ConstantPointerNull::get(ptr);
    auto *type = llvm::ArrayType::get(elementType, elements.size());
    auto *init = llvm::ConstantArray::get(type, elements);
    return new llvm::GlobalVariable(module, type, true,
                                    llvm::GlobalValue::PrivateLinkage, init,
                                    name);
  }

  llvm::Module &module;
  llvm::LLVMContext &context;
  llvm::PointerType *ptr;
  llvm::IntegerType *i64;
};

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

} // namespace

llvm::Error tgc::target::addModelDescriptor(llvm::Module &module,
                                         const ModelSignature &signature,
                                         const ModelNames &names,
                                         bool exportSharedSymbol,
                                         const CudaModule *cuda) {
  auto fail = [](const std::string &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  size_t numFeeds = signature.feeds.size();
  size_t numFetches = signature.fetches.size();
  size_t numVariables = signature.variables.size();
  if (signature.entries.empty())
    return fail("the model has no entry point");
  std::vector<llvm::Function *> functions;
  for (const EntrySignature &entry : signature.entries) {
    llvm::Function *function = module.getFunction(entry.function);
    if (!function)
      return fail("no lowered entry function '" + entry.function + "'");
    size_t expected = entry.feeds.size() + entry.fetches.size() +
                      entry.variables.size() + (cuda ? 3 : 1);
    if (function->arg_size() != expected)
      return fail("entry function '" + entry.function + "' has " +
                  std::to_string(function->arg_size()) +
                  " parameters, expected " + std::to_string(expected));
    functions.push_back(function);
  }

  // Only the descriptor is visible outside the object.
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      function.setLinkage(llvm::GlobalValue::InternalLinkage);

  DescriptorBuilder b(module);
  llvm::LLVMContext &context = module.getContext();
  const std::string prefix = names.symbol;

  // int32_t entry(void *const *buffers, void *arena, void *device):
  // buffers are the model's feeds, fetches, variables; the lowered function
  // takes the entry's feeds, variables, fetches, arena and, on CUDA, the
  // constant pool (which the runtime's execution context `device` holds)
  // and the context itself.
  auto *wrapperType = llvm::FunctionType::get(
      llvm::Type::getInt32Ty(context), {b.ptr, b.ptr, b.ptr}, false);
  llvm::FunctionCallee constantsFn;
  if (cuda)
    constantsFn = module.getOrInsertFunction(
        TGRT_SYMBOL_NAME(TGRT_FN_CUDA_EXEC_CONSTANTS),
        llvm::FunctionType::get(b.ptr, {b.ptr}, false));
  auto *entryType = llvm::StructType::get(
      context, {b.ptr, b.i64, b.ptr, b.i64, b.ptr, b.i64, b.ptr});
  std::vector<llvm::Constant *> entries;
  for (auto [index, entry] : llvm::enumerate(signature.entries)) {
    std::string base = prefix + ".entry." + entry.name;
    auto *wrapper =
        llvm::Function::Create(wrapperType, llvm::GlobalValue::InternalLinkage,
                               prefix + "_" + entry.name, module);
    llvm::IRBuilder<> builder(
        llvm::BasicBlock::Create(context, "entry", wrapper));
    llvm::Value *buffers = wrapper->getArg(0);
    auto load = [&](size_t slot) -> llvm::Value * {
      llvm::Value *address =
          builder.CreateConstInBoundsGEP1_64(b.ptr, buffers, slot);
      return builder.CreateLoad(b.ptr, address);
    };
    std::vector<llvm::Value *> args;
    for (int64_t feed : entry.feeds)
      args.push_back(load(feed));
    for (int64_t variable : entry.variables)
      args.push_back(load(numFeeds + numFetches + variable));
    for (int64_t fetch : entry.fetches)
      args.push_back(load(numFeeds + fetch));
    args.push_back(wrapper->getArg(1));
    if (cuda) {
      args.push_back(builder.CreateCall(constantsFn, {wrapper->getArg(2)}));
      args.push_back(wrapper->getArg(2));
    }
    builder.CreateCall(functions[index], args);
    builder.CreateRet(builder.getInt32(0));
    entries.push_back(llvm::ConstantStruct::get(
        entryType,
        {b.string(entry.name, base + ".name"), b.integer(entry.feeds.size()),
         b.dims(entry.feeds, base + ".feeds"),
         b.integer(entry.fetches.size()),
         b.dims(entry.fetches, base + ".fetches"),
         b.integer(entry.arenaBytes), wrapper}));
  }
  llvm::Constant *entryArray = b.array(entryType, entries, prefix + ".entries");

  auto *sigType = llvm::StructType::get(context, {b.ptr, b.i64, b.i64, b.ptr});
  auto tensorSigs = [&](const std::vector<TensorSignature> &tensors,
                        const std::string &kind) {
    std::vector<llvm::Constant *> elements;
    for (size_t i = 0; i < tensors.size(); ++i) {
      std::string base = prefix + "." + kind + std::to_string(i);
      elements.push_back(llvm::ConstantStruct::get(
          sigType, {b.string(tensors[i].name, base + ".name"),
                    b.integer(tensors[i].dtype),
                    b.integer(tensors[i].shape.size()),
                    b.dims(tensors[i].shape, base + ".dims")}));
    }
    return b.array(sigType, elements, prefix + "." + kind + "s");
  };
  llvm::Constant *feeds = tensorSigs(signature.feeds, "feed");
  llvm::Constant *fetches = tensorSigs(signature.fetches, "fetch");

  auto *varType = llvm::StructType::get(
      context, {b.ptr, b.i64, b.i64, b.ptr, b.ptr, b.i64});
  std::vector<llvm::Constant *> variables;
  for (size_t i = 0; i < numVariables; ++i) {
    const VariableSignature &variable = signature.variables[i];
    std::string base = prefix + ".var" + std::to_string(i);
    int64_t bytes = numElements(variable.shape) * tgrt_abi_dtype_size(variable.dtype);
    if (!variable.initialValue.empty() &&
        static_cast<int64_t>(variable.initialValue.size()) != bytes)
      return fail("initial value of variable '" + variable.name + "' has " +
                  std::to_string(variable.initialValue.size()) +
                  " bytes, expected " + std::to_string(bytes));
    variables.push_back(llvm::ConstantStruct::get(
        varType, {b.string(variable.name, base + ".name"),
                  b.integer(variable.dtype), b.integer(variable.shape.size()),
                  b.dims(variable.shape, base + ".dims"),
                  b.bytes(variable.initialValue, bytes, base + ".init"),
                  b.integer(bytes)}));
  }
  llvm::Constant *variableArray =
      b.array(varType, variables, prefix + ".vars");

  // The target: CPU, or CUDA with its PTX, kernels and constants.
  llvm::Constant *null = llvm::ConstantPointerNull::get(b.ptr);
  llvm::Constant *target = b.integer(TGRT_TARGET_CPU), *ptx = null, *kernelNames = null,
                 *constants = null;
  int64_t numKernels = 0, constantBytes = 0;
  if (cuda) {
    target = b.integer(TGRT_TARGET_CUDA);
    ptx = b.string(cuda->ptx, prefix + ".ptx");
    std::vector<llvm::Constant *> kernels;
    for (auto [i, kernel] : llvm::enumerate(cuda->kernels))
      kernels.push_back(
          b.string(kernel, prefix + ".kernel" + std::to_string(i)));
    numKernels = static_cast<int64_t>(kernels.size());
    if (!kernels.empty()) {
      auto *type = llvm::ArrayType::get(b.ptr, kernels.size());
      kernelNames = new llvm::GlobalVariable(
          module, type, true, llvm::GlobalValue::PrivateLinkage,
          llvm::ConstantArray::get(type, kernels), prefix + ".kernels");
    }
    constantBytes = static_cast<int64_t>(cuda->constants.size());
    if (constantBytes > 0)
      constants = b.bytes(cuda->constants, constantBytes, prefix + ".constants");
  }

  auto *modelType = llvm::StructType::get(
      context, {b.i64, b.ptr, b.i64, b.ptr, b.i64, b.ptr, b.i64, b.ptr, b.i64,
                b.ptr, b.i64, b.ptr, b.i64, b.ptr, b.ptr, b.i64});
  llvm::Constant *model = llvm::ConstantStruct::get(
      modelType,
      {b.integer(TGRT_ABI_VERSION),
       b.string(names.className, prefix + ".modelname"),
       b.integer(numFeeds), feeds, b.integer(numFetches), fetches,
       b.integer(numVariables), variableArray,
       b.integer(signature.entries.size()), entryArray, target, ptx,
       b.integer(numKernels), kernelNames, constants,
       b.integer(constantBytes)});
  auto *descriptor = new llvm::GlobalVariable(
      module, modelType, /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage, model, prefix);
  descriptor->setAlignment(llvm::Align(8));
  if (exportSharedSymbol && prefix != TGRT_SHARED_MODEL_SYMBOL)
    llvm::GlobalAlias::create(llvm::GlobalValue::ExternalLinkage,
                              TGRT_SHARED_MODEL_SYMBOL,
                              descriptor);
  return llvm::Error::success();
}

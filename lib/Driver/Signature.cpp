//===- Signature.cpp - Feeds, fetches, variables and arenas of a model ----===//
//
// The model's signature as the descriptor and the generated header record
// it, read off the entry functions' types and tg.feed/tg.fetch attributes.
//
//===----------------------------------------------------------------------===//

#include "Compilation.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "tgc/Target/CPU/Passes.h"
#include "tgc/Target/GPU/Host.h"
#include "tgrt/model_abi.h"

using namespace mlir;
using namespace tgc;
using namespace tgc::driver;

namespace {

/// The model ABI's code of an element type; TGRT_DTYPE_INVALID for others.
int64_t toDtype(Type type) {
  if (type.isF32())
    return TGRT_DTYPE_F32;
  if (type.isF16())
    return TGRT_DTYPE_F16;
  if (type.isBF16())
    return TGRT_DTYPE_BF16;
  if (type.isF64())
    return TGRT_DTYPE_F64;
  if (type.isInteger(1))
    return TGRT_DTYPE_BOOL;
  if (type.isUnsignedInteger(8))
    return TGRT_DTYPE_U8;
  if (type.isSignlessInteger(8))
    return TGRT_DTYPE_I8;
  if (type.isSignlessInteger(16))
    return TGRT_DTYPE_I16;
  if (type.isSignlessInteger(32))
    return TGRT_DTYPE_I32;
  if (type.isSignlessInteger(64))
    return TGRT_DTYPE_I64;
  return TGRT_DTYPE_INVALID;
}

TensorSignature tensorSignature(const std::string &name, Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return {name, toDtype(tensor.getElementType()),
          std::vector<int64_t>(tensor.getShape().begin(),
                               tensor.getShape().end())};
}

} // namespace

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
      if (feed.dtype == TGRT_DTYPE_INVALID)
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

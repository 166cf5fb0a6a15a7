//===- BindVariables.cpp - Variables become buffer arguments --------------===//

#include "tgc/Target/CPU/Passes.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGBINDVARIABLES
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;
using namespace tgc::tg;

namespace {

LogicalResult bindFunction(func::FuncOp func, SymbolTable &symbols) {
  if (!func.getBody().hasOneBlock())
    return func.emitError("tg-bind-variables needs a single-block function");
  Block &block = func.getBody().front();
  MLIRContext *context = func.getContext();

  // One buffer argument per variable, in order of first use.
  llvm::MapVector<StringAttr, Value> arguments;
  SmallVector<Attribute> names;
  auto argumentFor = [&](FlatSymbolRefAttr symbol) -> Value {
    StringAttr name = symbol.getAttr();
    auto it = arguments.find(name);
    if (it != arguments.end())
      return it->second;
    auto variable = symbols.lookup<VariableOp>(name);
    auto tensorType = cast<RankedTensorType>(variable.getType());
    auto memrefType =
        MemRefType::get(tensorType.getShape(), tensorType.getElementType());
    unsigned index = func.getNumArguments();
    func.insertArgument(index, memrefType, DictionaryAttr::get(context),
                              variable.getLoc());
    Value argument = func.getArgument(index);
    arguments.insert({name, argument});
    names.push_back(symbol);
    return argument;
  };

  // Reads observe the latest assignment of the same run, or the buffer's
  // value at entry; assignments are written back at the end.
  llvm::MapVector<StringAttr, Value> assigned;
  DenseMap<StringAttr, Value> entryValues;
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (auto read = dyn_cast<ReadOp>(op)) {
      StringAttr name = read.getVariableAttr().getAttr();
      Value buffer = argumentFor(read.getVariableAttr());
      Value value = assigned.lookup(name);
      if (!value) {
        value = entryValues.lookup(name);
        if (!value) {
          OpBuilder builder = OpBuilder::atBlockBegin(&block);
          value = builder.create<bufferization::ToTensorOp>(
              read.getLoc(), read.getType(), buffer, /*restrict=*/true,
              /*writable=*/false);
          entryValues[name] = value;
        }
      }
      read.replaceAllUsesWith(value);
      read.erase();
      continue;
    }
    if (auto assign = dyn_cast<AssignOp>(op)) {
      (void)argumentFor(assign.getVariableAttr());
      assigned[assign.getVariableAttr().getAttr()] = assign.getValue();
      assign.erase();
    }
  }
  OpBuilder builder(block.getTerminator());
  for (auto [name, value] : assigned) {
    builder.create<bufferization::MaterializeInDestinationOp>(
        func.getLoc(), TypeRange{}, value, arguments.lookup(name),
        /*restrict=*/true, /*writable=*/true);
  }
  if (!names.empty())
    func->setAttr(kVariablesAttr, ArrayAttr::get(context, names));
  return success();
}

struct TgBindVariablesPass : tgc::tg::impl::TgBindVariablesBase<TgBindVariablesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (failed(bindFunction(func, symbols)))
        return signalPassFailure();
    }
    for (auto variable :
         llvm::make_early_inc_range(module.getOps<VariableOp>()))
      variable.erase();
  }
};

} // namespace

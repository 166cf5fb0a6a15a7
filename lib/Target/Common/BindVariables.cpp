//===- BindVariables.cpp - Variables become buffer arguments --------------===//

#include "tgc/Target/Common/Passes.h"
#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGBINDVARIABLES
#include "tgc/Target/Common/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;
using namespace tgc::tg;

namespace {

LogicalResult bindFunction(func::FuncOp func, SymbolTable &symbols) {
  if (!func.getBody().hasOneBlock())
    return func.emitError("tg-bind-variables needs a single-block function");
  Block &block = func.getBody().front();
  MLIRContext *context = func.getContext();

  // Feeds belong to the caller: bufferization must never write into them.
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                    BoolAttr::get(context, false));

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
  auto currentValue = [&](ReadOp read) -> Value {
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
    return value;
  };
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (auto read = dyn_cast<ReadOp>(op)) {
      Value value = currentValue(read);
      read.replaceAllUsesWith(value);
      read.erase();
      continue;
    }
    if (op.getNumRegions() > 0) {
      // Reads inside a branch or loop body (an RNN's weights) see the value
      // before the op: the regions do not assign variables.
      SmallVector<ReadOp> reads;
      bool assigns = false;
      op.walk([&](Operation *nested) {
        if (auto read = dyn_cast<ReadOp>(nested))
          reads.push_back(read);
        assigns |= isa<AssignOp>(nested);
      });
      if (assigns) {
        op.emitOpError("assigns a variable inside its regions, which tgc "
                       "does not support yet");
        return failure();
      }
      for (ReadOp read : reads) {
        Value value = currentValue(read);
        read.replaceAllUsesWith(value);
        read.erase();
      }
      continue;
    }
    if (auto assign = dyn_cast<AssignOp>(op)) {
      (void)argumentFor(assign.getVariableAttr());
      assigned[assign.getVariableAttr().getAttr()] = assign.getValue();
      assign.erase();
    }
  }
  // Every fetch gets a buffer of its own that the function writes: a fetch
  // that is a feed, a constant, a variable's value or another fetch is
  // copied into a fresh tensor (bufferization turns it into the caller's
  // output buffer).
  Operation *terminator = block.getTerminator();
  OpBuilder builder(terminator);
  llvm::SmallPtrSet<Value, 8> returned;
  for (OpOperand &operand : terminator->getOpOperands()) {
    Value value = operand.get();
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type)
      continue;
    Operation *producer = value.getDefiningOp();
    bool needsCopy = !producer || !returned.insert(value).second ||
                     producer->hasTrait<OpTrait::ConstantLike>() ||
                     isa<bufferization::ToTensorOp>(producer);
    if (!needsCopy)
      continue;
    Value empty = builder.create<tensor::EmptyOp>(
        value.getLoc(), type.getShape(), type.getElementType());
    Value copy =
        builder.create<linalg::CopyOp>(value.getLoc(), value, empty)
            .getResult(0);
    operand.set(copy);
  }

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

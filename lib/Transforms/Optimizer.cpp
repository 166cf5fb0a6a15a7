//===- Optimizer.cpp - predict and train_step entries from one graph ------===//
//
// tg-optimizer makes a compiled training step of an inference graph with a
// loss: the entry that fetches the loss is cloned into @train_step, whose
// body gains the gradients of the loss (appendGradients, the core of
// tg-gradients) and one optimizer update per trained variable, written with
// tg.assign; the original becomes @predict with the user's fetches. Both
// read the same variables, which live in the session, so a train_step run
// changes what the next predict computes.
//
//===----------------------------------------------------------------------===//

#include "tgc/Transforms/Passes.h"
#include "tgc/Transforms/Gradients.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/BitVector.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGOPTIMIZER
#include "tgc/Transforms/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;
using namespace tgc::tg;

namespace {

/// Keeps the results of `func` at `keep` (in that order).
void keepResults(func::FuncOp func, ArrayRef<unsigned> keep) {
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  SmallVector<Value> operands;
  SmallVector<DictionaryAttr> attrs;
  for (unsigned i : keep) {
    operands.push_back(ret.getOperand(i));
    attrs.push_back(func.getResultAttrDict(i));
  }
  OpBuilder builder(ret);
  builder.create<func::ReturnOp>(ret.getLoc(), operands);
  ret.erase();
  SmallVector<Type> types;
  for (Value v : operands)
    types.push_back(v.getType());
  func.setType(
      FunctionType::get(func.getContext(), func.getArgumentTypes(), types));
  func.setAllResultAttrs(attrs);
}

/// Erases dead ops (no uses, no writes) and then the feeds nothing reads.
void prune(func::FuncOp func) {
  Block &block = func.getBody().front();
  SmallVector<Operation *> ops;
  for (Operation &op : block.without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops))
    if (isOpTriviallyDead(op))
      op->erase();
  llvm::BitVector unused(func.getNumArguments());
  for (BlockArgument arg : func.getArguments())
    if (arg.use_empty())
      unused.set(arg.getArgNumber());
  (void)func.eraseArguments(unused);
}

std::optional<unsigned> findFetch(func::FuncOp func, StringRef name) {
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    if (auto fetch = func.getResultAttrOfType<StringAttr>(i, kFetchAttr))
      if (fetch.getValue() == name)
        return i;
  return std::nullopt;
}

struct TgOptimizerPass : tgc::tg::impl::TgOptimizerBase<TgOptimizerPass> {
  using TgOptimizerBase::TgOptimizerBase;

  void runOnOperation() override {
    if (failed(run()))
      signalPassFailure();
  }

  LogicalResult run() {
    ModuleOp module = getOperation();
    if (loss.empty())
      return module.emitError("tg-optimizer needs a loss (loss=NAME)");
    if (optimizer != "sgd" && optimizer != "momentum" && optimizer != "adam")
      return module.emitError("unknown optimizer '")
             << optimizer << "'; expected sgd, momentum or adam";
    // A learning rate left at its default is the optimizer's own.
    if (learningRate == kOptimizerDefaultLearningRate)
      learningRate = defaultLearningRate(optimizer.getValue());
    if (!(learningRate > 0))
      return module.emitError("the learning rate must be positive, got ")
             << learningRate;
    if (!(momentum >= 0 && momentum < 1) || !(beta1 >= 0 && beta1 < 1) ||
        !(beta2 >= 0 && beta2 < 1) || !(epsilon >= 0))
      return module.emitError("momentum, beta1 and beta2 must lie in "
                              "[0, 1) and epsilon must be >= 0");
    if (variables.empty())
      return module.emitError("tg-optimizer needs the variables to train "
                              "(variables=A,B)");
    SymbolTable symbols(module);
    for (const std::string &name : variables) {
      auto variable = symbols.lookup<VariableOp>(name);
      if (!variable)
        return module.emitError("'")
               << name
               << "' is not a variable of the graph; name the Const nodes "
                  "to train with --variables";
      auto type = cast<RankedTensorType>(variable.getType());
      if (!isa<FloatType>(type.getElementType()) || !type.hasStaticShape())
        return variable.emitError("variable '")
               << name << "' has type " << type
               << "; only statically shaped floating-point variables can be "
                  "trained";
    }
    for (StringRef taken : {"predict", "train_step"})
      if (symbols.lookup(taken))
        return module.emitError("the module already has a symbol @")
               << taken;

    func::FuncOp entry;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && findFetch(func, loss))
        entry = func;
    if (!entry)
      return module.emitError("the loss '")
             << loss << "' is not a fetch of the graph";

    // @train_step: a clone fetching only the loss.
    func::FuncOp train = entry.clone();
    symbols.insert(train, std::next(Block::iterator(entry)));
    symbols.setSymbolName(train, "train_step");
    symbols.setSymbolName(entry, "predict");
    func::FuncOp predict = entry;

    // @predict: the chosen fetches.
    SmallVector<unsigned> keep;
    if (predictFetches.empty()) {
      for (unsigned i = 0; i < predict.getNumResults(); ++i) {
        auto name = predict.getResultAttrOfType<StringAttr>(i, kFetchAttr);
        if (!name || name.getValue() != loss)
          keep.push_back(i);
      }
    } else {
      for (const std::string &name : predictFetches) {
        std::optional<unsigned> index = findFetch(predict, name);
        if (!index)
          return predict.emitError("the predict fetch '")
                 << name << "' is not a fetch of the graph";
        keep.push_back(*index);
      }
    }
    if (keep.empty())
      return predict.emitError("predict would fetch nothing: name its "
                               "fetches with --fetch");
    keepResults(predict, keep);
    prune(predict);

    unsigned lossIndex = *findFetch(train, loss);
    keepResults(train, {lossIndex});
    SmallVector<Value> gradients;
    if (failed(appendGradients(train, 0, loss, variables, gradients)))
      return failure();
    if (failed(buildUpdates(module, symbols, train, gradients)))
      return failure();
    prune(train);
    return success();
  }

  /// Appends the optimizer's updates of every variable (and its slots) at
  /// the end of @train_step.
  LogicalResult buildUpdates(ModuleOp module, SymbolTable &symbols,
                             func::FuncOp train, ArrayRef<Value> gradients) {
    Operation *ret = train.getBody().front().getTerminator();
    OpBuilder builder(ret);
    MLIRContext *context = module.getContext();

    // A zero-initialised slot variable, placed after the variable it
    // belongs to (`owner`; the module's start when empty).
    auto addSlot = [&](StringRef name, RankedTensorType type, Location loc,
                       StringRef owner) -> FailureOr<VariableOp> {
      if (symbols.lookup(name))
        return emitError(loc, "cannot create the optimizer slot '")
               << name << "': the graph already has a symbol of that name";
      OpBuilder moduleBuilder(context);
      auto zero = DenseElementsAttr::get(
          type, moduleBuilder.getFloatAttr(type.getElementType(), 0.0));
      auto slot = moduleBuilder.create<VariableOp>(
          loc, moduleBuilder.getStringAttr(name), TypeAttr::get(type), zero);
      Block::iterator where = module.getBody()->begin();
      if (Operation *ownerOp = owner.empty() ? nullptr : symbols.lookup(owner))
        where = std::next(Block::iterator(ownerOp));
      symbols.insert(slot, where);
      return slot;
    };
    auto scalar = [&](Location loc, Type elementType, double value) -> Value {
      auto type = RankedTensorType::get({}, elementType);
      return builder.create<ConstantOp>(
          loc, DenseElementsAttr::get(
                   type, builder.getFloatAttr(elementType, value)));
    };
    auto read = [&](Location loc, StringRef name, Type type) -> Value {
      return builder.create<ReadOp>(loc, type,
                                    FlatSymbolRefAttr::get(context, name));
    };
    auto assign = [&](Location loc, StringRef name, Value value) {
      builder.create<AssignOp>(loc, FlatSymbolRefAttr::get(context, name),
                               value);
    };

    // Adam's bias corrections use one step counter for all variables (the
    // element type of the first variable; a mixed-precision model gets one
    // counter per element type).
    DenseMap<Type, Value> adamAlpha;
    auto alphaFor = [&](Type elementType) -> FailureOr<Value> {
      if (Value alpha = adamAlpha.lookup(elementType))
        return alpha;
      std::string name = "adam/step";
      if (!adamAlpha.empty())
        name += "_" + std::to_string(adamAlpha.size());
      Location loc = NameLoc::get(StringAttr::get(context, name));
      auto type = RankedTensorType::get({}, elementType);
      if (failed(addSlot(name, type, loc, "")))
        return failure();
      Value step = builder.create<AddOp>(loc, read(loc, name, type),
                                         scalar(loc, elementType, 1.0));
      assign(loc, name, step);
      Value one = scalar(loc, elementType, 1.0);
      Value beta1Power =
          builder.create<PowOp>(loc, scalar(loc, elementType, beta1), step);
      Value beta2Power =
          builder.create<PowOp>(loc, scalar(loc, elementType, beta2), step);
      Value alpha = builder.create<DivOp>(
          loc,
          builder.create<MulOp>(
              loc, scalar(loc, elementType, learningRate),
              builder.create<SqrtOp>(
                  loc, builder.create<SubOp>(loc, one, beta2Power))),
          builder.create<SubOp>(loc, one, beta1Power));
      adamAlpha[elementType] = alpha;
      return alpha;
    };

    for (auto [name, g] : llvm::zip(variables, gradients)) {
      auto type = cast<RankedTensorType>(g.getType());
      Type elementType = type.getElementType();
      Location loc =
          NameLoc::get(StringAttr::get(context, name + "/" + optimizer.getValue()));
      Value value = read(loc, name, type);
      Value lr = scalar(loc, elementType, learningRate);
      Value updated;
      if (optimizer == "sgd") {
        updated = builder.create<SubOp>(loc, value,
                                        builder.create<MulOp>(loc, lr, g));
      } else if (optimizer == "momentum") {
        std::string slot = name + "/momentum";
        if (failed(addSlot(slot, type, loc, name)))
          return failure();
        Value accumulator = builder.create<AddOp>(
            loc,
            builder.create<MulOp>(loc, scalar(loc, elementType, momentum),
                                  read(loc, slot, type)),
            g);
        assign(loc, slot, accumulator);
        updated = builder.create<SubOp>(
            loc, value, builder.create<MulOp>(loc, lr, accumulator));
      } else {
        FailureOr<Value> alpha = alphaFor(elementType);
        if (failed(alpha))
          return failure();
        std::string mName = name + "/adam_m", vName = name + "/adam_v";
        if (failed(addSlot(vName, type, loc, name)) ||
            failed(addSlot(mName, type, loc, name)))
          return failure();
        Value m = read(loc, mName, type);
        Value v = read(loc, vName, type);
        Value m1 = builder.create<AddOp>(
            loc, m,
            builder.create<MulOp>(loc, builder.create<SubOp>(loc, g, m),
                                  scalar(loc, elementType, 1.0 - beta1)));
        Value v1 = builder.create<AddOp>(
            loc, v,
            builder.create<MulOp>(
                loc,
                builder.create<SubOp>(loc, builder.create<SquareOp>(loc, g),
                                      v),
                scalar(loc, elementType, 1.0 - beta2)));
        assign(loc, mName, m1);
        assign(loc, vName, v1);
        Value step = builder.create<DivOp>(
            loc, builder.create<MulOp>(loc, m1, *alpha),
            builder.create<AddOp>(loc, builder.create<SqrtOp>(loc, v1),
                                  scalar(loc, elementType, epsilon)));
        updated = builder.create<SubOp>(loc, value, step);
      }
      assign(loc, name, updated);
    }
    return success();
  }
};

} // namespace

//===- Gradients.cpp - Reverse-mode differentiation on the tg dialect -----===//
//
// tg-gradients turns an entry function into one that returns a scalar loss
// and d(loss)/d(x) for each chosen x: a feed (by its tg.feed name), a
// variable (its tg.read ops, by symbol) or a Const (a tg.constant located
// at the Const's node). The function body is a single block in
// topological order; the pass
//
//   1. marks the values that depend on an x through floating-point results
//      (the "active" values; integer and boolean results stop gradients),
//   2. walks the ops backwards from the loss, asking each op whose results
//      have a gradient and whose operands are active for its operands'
//      gradients (GradientOpInterface), and sums the gradients of a value
//      used several times (fan-out) with tg.add,
//   3. returns (loss, grad_x...) with tg.fetch names "LOSS" and
//      "grad_<x>" ('/' and ':' replaced by '_').
//
// The gradient ops are appended at the end of the block, so they may use
// every forward value. An active op without a gradient rule is an error at
// its node.
//
//===----------------------------------------------------------------------===//

#include "tgc/Transforms/Passes.h"
#include "tgc/Transforms/Gradients.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGGRADIENTS
#include "tgc/Transforms/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;
using namespace tgc::tg;

namespace {

/// The TF node name of a location (a NameLoc, possibly inside a FusedLoc).
std::optional<std::string> nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto name = nodeName(inner))
        return name;
  return std::nullopt;
}

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

std::string gradientName(llvm::StringRef name) {
  std::string result = "grad_" + name.str();
  for (char &c : result)
    if (c == '/' || c == ':')
      c = '_';
  return result;
}

} // namespace

LogicalResult tgc::tg::appendGradients(func::FuncOp func, unsigned lossIndex,
                                     StringRef loss,
                                     ArrayRef<std::string> wrt,
                                     SmallVectorImpl<Value> &results) {
  if (!func.getBody().hasOneBlock())
    return func.emitError("tg-gradients needs a single-block function");
  Block &block = func.getBody().front();
  auto ret = cast<func::ReturnOp>(block.getTerminator());
  Value lossValue = ret.getOperand(lossIndex);
  auto lossType = dyn_cast<RankedTensorType>(lossValue.getType());
  if (!lossType || !isa<FloatType>(lossType.getElementType()) ||
      !lossType.hasStaticShape() || lossType.getNumElements() != 1)
    return emitError(lossValue.getLoc())
           << "the loss '" << loss
           << "' must be a floating-point scalar, got " << lossValue.getType();

  // The values to differentiate with respect to, each possibly several
  // SSA values (every read of a variable).
  SmallVector<std::pair<std::string, SmallVector<Value>>> targets;
  for (const std::string &name : wrt) {
    SmallVector<Value> values;
    for (BlockArgument arg : func.getArguments())
      if (auto feed = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                        kFeedAttr))
        if (feed.getValue() == name)
          values.push_back(arg);
    func.walk([&](ReadOp read) {
      if (read.getVariable() == name)
        values.push_back(read.getOutput());
    });
    if (values.empty())
      func.walk([&](ConstantOp constant) {
        if (nodeName(constant.getLoc()) == name)
          values.push_back(constant.getOutput());
      });
    if (values.empty())
      return func.emitError("--wrt '")
             << name
             << "' is not a feed, a variable or a Const that the graph "
                "uses at run time";
    for (Value v : values)
      if (!isFloatTensor(v.getType()) ||
          !cast<RankedTensorType>(v.getType()).hasStaticShape())
        return func.emitError("--wrt '")
               << name << "' has type " << v.getType()
               << "; gradients need statically shaped floating-point "
                  "tensors";
    targets.push_back({name, values});
  }

  // 2. Backwards from the loss (seeded with 1).
  SmallVector<Value> all;
  for (auto &[name, values] : targets)
    all.append(values.begin(), values.end());
  OpBuilder builder(ret);
  Value one = builder.create<ConstantOp>(
      lossValue.getLoc(),
      DenseElementsAttr::get(
          lossType, builder.getFloatAttr(lossType.getElementType(), 1.0)));
  DenseMap<Value, Value> gradients;
  if (failed(differentiateBlock(block, {{lossValue, one}}, all, gradients)))
    return failure();

  // 3. One gradient per target: the sum over its values.
  builder.setInsertionPoint(ret);
  for (auto &[name, values] : targets) {
    Value sum;
    for (Value v : values)
      if (Value g = gradients.lookup(v))
        sum = sum ? Value(builder.create<AddOp>(g.getLoc(), sum, g)) : g;
    if (!sum) {
      // No path from x to the loss: the gradient is zero (TF returns
      // None; a compiled entry needs a value).
      auto type = cast<RankedTensorType>(values.front().getType());
      sum = builder.create<ConstantOp>(
          func.getLoc(),
          DenseElementsAttr::get(
              type, builder.getFloatAttr(type.getElementType(), 0.0)));
    }
    results.push_back(sum);
  }
  return success();
}

namespace {

struct TgGradientsPass : tgc::tg::impl::TgGradientsBase<TgGradientsPass> {
  using TgGradientsBase::TgGradientsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (loss.empty()) {
      module.emitError("tg-gradients needs a loss (loss=NAME)");
      return signalPassFailure();
    }
    // The entry function that fetches the loss.
    func::FuncOp entry;
    unsigned lossIndex = 0;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      for (unsigned i = 0; i < func.getNumResults(); ++i)
        if (auto name = func.getResultAttrOfType<StringAttr>(i, kFetchAttr))
          if (name.getValue() == loss) {
            entry = func;
            lossIndex = i;
          }
    }
    if (!entry) {
      module.emitError("the loss '") << loss << "' is not a fetch of the graph";
      return signalPassFailure();
    }
    if (failed(differentiate(entry, lossIndex)))
      signalPassFailure();
  }

  LogicalResult differentiate(func::FuncOp func, unsigned lossIndex) {
    SmallVector<Value> gradients;
    if (failed(appendGradients(func, lossIndex, loss, wrt, gradients)))
      return failure();
    // Return (loss, gradients...).
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    OpBuilder builder(ret);
    SmallVector<Value> results = {ret.getOperand(lossIndex)};
    results.append(gradients.begin(), gradients.end());
    SmallVector<std::string> names = {loss};
    for (const std::string &name : wrt)
      names.push_back(gradientName(name));
    builder.create<func::ReturnOp>(ret.getLoc(), results);
    ret.erase();
    SmallVector<Type> resultTypes;
    for (Value v : results)
      resultTypes.push_back(v.getType());
    func.setType(FunctionType::get(func.getContext(),
                                   func.getArgumentTypes(), resultTypes));
    SmallVector<DictionaryAttr> resultAttrs;
    for (const std::string &name : names)
      resultAttrs.push_back(DictionaryAttr::get(
          func.getContext(),
          {NamedAttribute(StringAttr::get(func.getContext(), kFetchAttr),
                          StringAttr::get(func.getContext(), name))}));
    func.setAllResultAttrs(resultAttrs);
    return success();
  }
};

} // namespace

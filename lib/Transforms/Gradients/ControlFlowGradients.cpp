//===- ControlFlowGradients.cpp - Rules of tg.if and tg.while ---------===//

#include "Rules.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::grad;

namespace {

/// Clones the ops of `block` at the builder with its arguments mapped to
/// `args`; returns its terminator's operands, mapped.
SmallVector<Value> cloneBlockBody(OpBuilder &b, Block &block, ValueRange args) {
  IRMapping map;
  for (auto [from, to] : llvm::zip(block.getArguments(), args))
    map.map(from, to);
  for (Operation &nested : block.without_terminator())
    b.clone(nested, map);
  SmallVector<Value> out;
  for (Value v : block.getTerminator()->getOperands())
    out.push_back(map.lookupOrDefault(v));
  return out;
}

/// A tg.while carrying `carried`, with empty condition and body blocks whose
/// arguments have the carried types; the builder's insertion point stays.
WhileOp createWhile(OpBuilder &b, Location loc, ValueRange carried,
                    Block *&cond, Block *&body) {
  SmallVector<Type> types;
  for (Value v : carried)
    types.push_back(v.getType());
  SmallVector<Location> locs(types.size(), loc);
  auto loop = b.create<WhileOp>(loc, types, carried);
  OpBuilder::InsertionGuard guard(b);
  cond = b.createBlock(&loop.getCondRegion(), {}, types, locs);
  body = b.createBlock(&loop.getBodyRegion(), {}, types, locs);
  return loop;
}

/// A float value that `region` uses from outside (not a block argument and
/// not a constant) could carry a gradient the region cannot return: an
/// error at the use. `what` names the region, `instead` what it should use.
LogicalResult checkCaptures(Region &region, StringRef what,
                            StringRef instead) {
  WalkResult captured = region.walk([&](Operation *inner) {
    for (Value v : inner->getOperands())
      if (!region.isAncestor(v.getParentRegion()) &&
          isFloatTensorType(v.getType()) && !v.getDefiningOp<ConstantOp>()) {
        inner->emitError("gradients of a ")
            << what << " uses a value from outside that is not " << instead
            << " are not supported";
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  return failure(captured.wasInterrupted());
}

/// tg.if: the gradient is another tg.if on the same condition whose
/// branches recompute the original branch from the inputs and differentiate
/// it (differentiateBlock), seeded with the results' gradients, which are
/// passed as extra inputs. Inputs without a path get zeros. A float value a
/// branch uses from outside (rather than as an input) could carry a
/// gradient the branches cannot return: an error unless it is a constant.
struct IfGradient : GradientOpInterface::ExternalModel<IfGradient, IfOp> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGradients,
                               SmallVectorImpl<Value> &operandGradients) const {
    auto ifOp = cast<IfOp>(op);
    Location loc = op->getLoc();
    operandGradients.assign(op->getNumOperands(), Value());
    if (failed(checkCaptures(ifOp.getThenRegion(), "tg.if whose branch",
                             "an input")) ||
        failed(checkCaptures(ifOp.getElseRegion(), "tg.if whose branch",
                             "an input")))
      return failure();
    // Inputs: the original ones, then one gradient per float result.
    SmallVector<Value> inputs(ifOp.getInputs());
    SmallVector<unsigned> floatResults;
    for (auto [i, result] : llvm::enumerate(ifOp.getResults())) {
      if (!isFloatTensorType(result.getType()))
        continue;
      floatResults.push_back(i);
      Value g = resultGradients[i];
      inputs.push_back(g ? g : zerosOf(b, loc, result.getType()));
    }
    SmallVector<unsigned> floatInputs;
    SmallVector<Type> types;
    for (auto [i, input] : llvm::enumerate(ifOp.getInputs()))
      if (isFloatTensorType(input.getType())) {
        floatInputs.push_back(i);
        types.push_back(input.getType());
      }
    if (floatInputs.empty())
      return success();
    auto grad = b.create<IfOp>(loc, types, ifOp.getCondition(), inputs);
    SmallVector<Type> inputTypes;
    for (Value v : inputs)
      inputTypes.push_back(v.getType());
    SmallVector<Location> locs(inputs.size(), loc);
    for (auto [from, to] :
         llvm::zip(ifOp->getRegions(), grad->getRegions())) {
      OpBuilder::InsertionGuard guard(b);
      Block *block = b.createBlock(&to, {}, inputTypes, locs);
      auto yield = b.create<YieldOp>(loc, ValueRange{});
      b.setInsertionPoint(yield);
      SmallVector<Value> out = cloneBlockBody(b, from.front(),
                                              block->getArguments());
      SmallVector<std::pair<Value, Value>> seeds;
      for (auto [k, i] : llvm::enumerate(floatResults))
        seeds.push_back(
            {out[i], block->getArgument(ifOp.getInputs().size() + k)});
      SmallVector<Value> targets;
      for (unsigned i : floatInputs)
        targets.push_back(block->getArgument(i));
      DenseMap<Value, Value> gradients;
      if (failed(differentiateBlock(*block, seeds, targets, gradients)))
        return failure();
      b.setInsertionPoint(yield);
      SmallVector<Value> results;
      for (Value target : targets) {
        Value g = gradients.lookup(target);
        results.push_back(g ? g : zerosOf(b, loc, target.getType()));
      }
      yield->setOperands(results);
    }
    for (auto [k, i] : llvm::enumerate(floatInputs))
      operandGradients[1 + i] = grad.getResult(k);
    return success();
  }
};

/// tg.while, by recomputation (no tape: every buffer is planned
/// statically): a copy of the loop counts the iterations n; then a loop
/// over k = n ... 1 replays the body k - 1 times from the inputs to get the
/// state of iteration k - 1, and differentiates one body step there, seeded
/// with the gradients of the state after it. O(n²) body evaluations.
struct WhileGradient
    : GradientOpInterface::ExternalModel<WhileGradient, WhileOp> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGradients,
                               SmallVectorImpl<Value> &operandGradients) const {
    auto loop = cast<WhileOp>(op);
    Location loc = op->getLoc();
    operandGradients.assign(op->getNumOperands(), Value());
    Region &bodyRegion = loop.getBodyRegion();
    if (failed(checkCaptures(bodyRegion, "tg.while whose body", "carried")))
      return failure();
    SmallVector<Value> inputs(loop.getInputs());
    SmallVector<unsigned> floats;
    for (auto [i, input] : llvm::enumerate(inputs))
      if (isFloatTensorType(input.getType()))
        floats.push_back(i);
    if (floats.empty())
      return success();

    auto counterType = RankedTensorType::get({}, b.getI32Type());
    auto counter = [&](OpBuilder &builder, int32_t value) -> Value {
      return builder.create<ConstantOp>(
          loc, DenseElementsAttr::get(counterType, APInt(32, value)));
    };
    Block &condBlock = loop.getCondRegion().front();
    Block &bodyBlock = bodyRegion.front();
    // A copy of the loop from `state` that also carries a counter from 0;
    // `more` builds its condition.
    auto replay = [&](OpBuilder &builder, ValueRange state,
                      function_ref<Value(OpBuilder &, ValueRange, Value)> more)
        -> WhileOp {
      SmallVector<Value> carried(state);
      carried.push_back(counter(builder, 0));
      Block *cond, *body;
      WhileOp copy = createWhile(builder, loc, carried, cond, body);
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToEnd(cond);
      Value go = more(builder, cond->getArguments().drop_back(),
                      cond->getArguments().back());
      builder.create<ConditionOp>(loc, go);
      builder.setInsertionPointToEnd(body);
      SmallVector<Value> next =
          cloneBlockBody(builder, bodyBlock, body->getArguments().drop_back());
      next.push_back(builder.create<AddOp>(loc, body->getArguments().back(),
                                           counter(builder, 1)));
      builder.create<YieldOp>(loc, next);
      return copy;
    };

    // 1. The number of iterations.
    WhileOp counting = replay(b, inputs, [&](OpBuilder &builder,
                                             ValueRange state, Value) {
      return cloneBlockBody(builder, condBlock, state).front();
    });
    Value trips = counting.getResults().back();

    // 2. Backwards over the iterations, carrying (k, gradients of the
    //    float state after iteration k).
    SmallVector<Value> carried = {trips};
    for (unsigned i : floats) {
      Value g = resultGradients[i];
      carried.push_back(g ? g : zerosOf(b, loc, inputs[i].getType()));
    }
    Block *cond, *body;
    WhileOp backward = createWhile(b, loc, carried, cond, body);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToEnd(cond);
      b.create<ConditionOp>(loc, b.create<GreaterOp>(loc, cond->getArgument(0),
                                                     counter(b, 0)));
      b.setInsertionPointToEnd(body);
      auto yield = b.create<YieldOp>(loc, ValueRange{});
      b.setInsertionPoint(yield);
      Value step = b.create<SubOp>(loc, body->getArgument(0), counter(b, 1));
      WhileOp before = replay(b, inputs, [&](OpBuilder &builder, ValueRange,
                                             Value j) {
        return builder.create<LessOp>(loc, j, step).getResult();
      });
      ValueRange state = before.getResults().drop_back();
      SmallVector<Value> after = cloneBlockBody(b, bodyBlock, state);
      SmallVector<std::pair<Value, Value>> seeds;
      SmallVector<Value> targets;
      for (auto [k, i] : llvm::enumerate(floats)) {
        seeds.push_back({after[i], body->getArgument(1 + k)});
        targets.push_back(state[i]);
      }
      DenseMap<Value, Value> gradients;
      if (failed(differentiateBlock(*body, seeds, targets, gradients)))
        return failure();
      b.setInsertionPoint(yield);
      SmallVector<Value> results = {step};
      for (Value target : targets) {
        Value g = gradients.lookup(target);
        results.push_back(g ? g : zerosOf(b, loc, target.getType()));
      }
      yield->setOperands(results);
    }
    b.setInsertionPointAfter(backward);
    for (auto [k, i] : llvm::enumerate(floats))
      operandGradients[i] = backward.getResult(1 + k);
    return success();
  }
};

} // namespace

void tgc::tg::grad::attachControlFlowGradients(MLIRContext *context) {
  IfOp::attachInterface<IfGradient>(*context);
  WhileOp::attachInterface<WhileGradient>(*context);
}

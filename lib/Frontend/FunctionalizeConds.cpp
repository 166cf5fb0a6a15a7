//===- FunctionalizeConds.cpp - TF1 conditionals -> If + functions --------===//
//
// TF1's tf.cond (and a tf.cond that convert_variables_to_constants_v2
// lowers) is a set of Switches on one predicate p, each sending an input to
// the true branch (output 1) or the false one (output 0), the branches'
// nodes, and Merges that take one value from each branch. Before import
// (and before the loops, FunctionalizeLoops.cpp, so a cond inside a loop
// body is an If there), each such conditional is rewritten into an `If`
// node: its inputs are the Switches' inputs (and outer values a branch reads
// directly), `then_branch` and `else_branch` name two functions added to the
// library, made of each branch's nodes, and each Merge becomes an Identity
// of the If's output.
//
// Which branch a node runs in follows from its inputs: a node that depends
// on output k of a Switch on p is in branch (p, k); a Merge leaves the
// innermost branch its inputs disagree on. The innermost conditionals are
// rewritten first, so a nested tf.cond is an If inside its parent's branch.
// Switches on a loop's LoopCond belong to the loop and are left alone.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <map>
#include <set>

using namespace tgc;
using namespace tgc::frontend;

namespace {

struct Input {
  std::string node;
  int index = 0;
  bool control = false;
  std::string key() const { return node + ":" + std::to_string(index); }
};

/// A branch: the predicate tensor ("node:k") and the Switch output taken.
using Branch = std::pair<std::string, int>;
/// The branches a node runs in, outermost first.
using BranchState = std::vector<Branch>;

int attrType(const tfp::NodeDef &node, const char *name) {
  auto it = node.attr().find(name);
  return it == node.attr().end() ? tfp::DT_INVALID : it->second.type();
}

class CondFunctionalizer {
public:
  CondFunctionalizer(tfp::GraphDef &graph,
                     std::map<std::string, std::string> *errors)
      : graph(graph), errors(errors) {}

  bool run(std::string &error);

private:
  bool index(std::string &error);
  bool isLoopSwitch(const std::string &name);
  bool isLoopMerge(const std::string &name);
  bool isCondSwitch(const std::string &name) {
    return nodes[name].op() == "Switch" && !isLoopSwitch(name);
  }
  bool isCondMerge(const std::string &name) {
    return nodes[name].op() == "Merge" && !isLoopMerge(name);
  }
  /// Computes every node's branch state; a node that mixes the two
  /// branches of one predicate gets an entry in `stateErrors`.
  void computeStates();
  /// Rewrites the conditional that `merge` closes.
  bool rewrite(const std::string &merge, std::string &error);
  std::string uniqueName(const std::string &base);
  /// The predicate of a Switch, through Identity nodes (TF1's tf.cond
  /// switches its inputs on an Identity of the predicate, its pivots on the
  /// predicate itself).
  std::string predOf(const std::string &switchNode) {
    Input ref = inputs[switchNode][1];
    for (int steps = 0; steps < 1000 && nodes[ref.node].op() == "Identity" &&
                        !inputs[ref.node].empty() &&
                        !inputs[ref.node][0].control;
         ++steps)
      ref = inputs[ref.node][0];
    return ref.key();
  }

  tfp::GraphDef &graph;
  std::map<std::string, std::string> *errors;
  llvm::StringMap<tfp::NodeDef> nodes;
  std::vector<std::string> order;
  llvm::StringMap<std::vector<Input>> inputs;
  llvm::StringMap<BranchState> state;
  llvm::StringSet<> names;
  llvm::StringSet<> failedMerges;
  /// Nodes that mix the branches of one predicate (invalid graphs).
  std::map<std::string, std::string> stateErrors;
};

bool CondFunctionalizer::index(std::string &error) {
  for (const tfp::NodeDef &node : graph.node()) {
    nodes[node.name()] = node;
    order.push_back(node.name());
    names.insert(node.name());
    std::vector<Input> refs;
    for (const std::string &text : node.input()) {
      std::optional<TensorRef> ref = parseTensorRef(text);
      if (!ref) {
        error = "node '" + node.name() + "' (" + node.op() +
                "): malformed input '" + text + "'";
        return false;
      }
      refs.push_back({ref->node, ref->index, ref->control});
    }
    inputs[node.name()] = std::move(refs);
  }
  for (const tfp::FunctionDef &function : graph.library().function())
    names.insert(function.signature().name());
  for (auto &[name, refs] : inputs)
    for (const Input &ref : refs)
      if (!nodes.count(ref.node)) {
        error = "node '" + name.str() + "': input '" + ref.node +
                "' names no node in the graph";
        return false;
      }
  return true;
}

bool CondFunctionalizer::isLoopMerge(const std::string &name) {
  for (const Input &ref : inputs[name])
    if (!ref.control && nodes[ref.node].op() == "NextIteration")
      return true;
  return false;
}

bool CondFunctionalizer::isLoopSwitch(const std::string &name) {
  const std::vector<Input> &refs = inputs[name];
  return refs.size() >= 2 && nodes[refs[1].node].op() == "LoopCond";
}

std::string CondFunctionalizer::uniqueName(const std::string &base) {
  std::string name = base;
  for (int i = 1; names.count(name); ++i)
    name = base + "_" + std::to_string(i);
  names.insert(name);
  return name;
}

void CondFunctionalizer::computeStates() {
  state.clear();
  llvm::StringMap<int> pending;
  llvm::StringMap<std::vector<std::string>> users;
  auto isBackEdge = [&](const Input &ref) {
    return nodes[ref.node].op() == "NextIteration";
  };
  for (const std::string &name : order) {
    int count = 0;
    for (const Input &ref : inputs[name]) {
      if (isBackEdge(ref))
        continue;
      users[ref.node].push_back(name);
      ++count;
    }
    pending[name] = count;
  }
  std::deque<std::string> ready;
  for (const std::string &name : order)
    if (pending[name] == 0)
      ready.push_back(name);
  while (!ready.empty()) {
    std::string name = ready.front();
    ready.pop_front();
    // The state an input brings: a cond Switch adds its branch.
    auto stateOf = [&](const Input &ref) {
      BranchState s = state[ref.node];
      // (A control edge from a Switch waits for either output.)
      if (!ref.control && isCondSwitch(ref.node)) {
        s.push_back({predOf(ref.node), ref.index});
      }
      return s;
    };
    BranchState result;
    bool first = true;
    std::vector<BranchState> incoming;
    for (const Input &ref : inputs[name]) {
      if (isBackEdge(ref))
        continue;
      incoming.push_back(stateOf(ref));
    }
    if (isCondMerge(name) && incoming.size() >= 2) {
      // Outside the branches it joins: the longest common prefix of its
      // inputs' states (rewrite() checks that they are the two branches of
      // one predicate).
      result = incoming[0];
      for (const BranchState &s : incoming) {
        size_t common = 0;
        while (common < result.size() && common < s.size() &&
               result[common] == s[common])
          ++common;
        result.resize(common);
      }
    } else {
      for (BranchState &s : incoming) {
        if (first) {
          result = s;
          first = false;
          continue;
        }
        // Inputs in nested branches: the deeper state, which must extend
        // the other; opposite branches of one predicate cannot meet here.
        const BranchState &shorter = s.size() < result.size() ? s : result;
        const BranchState &longer = s.size() < result.size() ? result : s;
        for (size_t i = 0; i < shorter.size(); ++i)
          if (shorter[i] != longer[i]) {
            bool samePred = false;
            for (const Branch &b : longer)
              if (b.first == shorter[i].first && b.second != shorter[i].second)
                samePred = true;
            if (samePred && !stateErrors.count(name))
              stateErrors[name] =
                  "node '" + name + "' (" + nodes[name].op() +
                  ") takes values from both branches of the conditional "
                  "on '" + shorter[i].first + "' without a Merge";
          }
        // Different predicates side by side (a node using values of two
        // unrelated conditionals' branches): keep the union in order.
        BranchState merged = longer;
        for (const Branch &b : shorter)
          if (std::find(merged.begin(), merged.end(), b) == merged.end())
            merged.push_back(b);
        result = merged;
      }
    }
    state[name] = result;
    for (const std::string &user : users[name])
      if (--pending[user] == 0)
        ready.push_back(user);
  }
}

bool CondFunctionalizer::rewrite(const std::string &merge, std::string &error) {
  // The conditional: the predicate the Merge's inputs split on, and the
  // state outside it.
  std::vector<Input> merged;
  for (const Input &ref : inputs[merge])
    if (!ref.control)
      merged.push_back(ref);
  if (merged.size() != 2) {
    error = "node '" + merge + "' (Merge): a conditional's Merge needs 2 "
            "inputs, got " + std::to_string(merged.size());
    return false;
  }
  auto inputState = [&](const Input &ref) {
    BranchState s = state[ref.node];
    if (isCondSwitch(ref.node))
      s.push_back({predOf(ref.node), ref.index});
    return s;
  };
  const BranchState outer = state[merge];
  BranchState a = inputState(merged[0]), b = inputState(merged[1]);
  if (a.size() != outer.size() + 1 || b.size() != outer.size() + 1 ||
      a[outer.size()].first != b[outer.size()].first ||
      a[outer.size()].second == b[outer.size()].second) {
    error = "node '" + merge + "' (Merge) does not join the two branches of "
            "one conditional";
    return false;
  }
  const std::string pred = a[outer.size()].first;
  BranchState thenState = outer, elseState = outer;
  thenState.push_back({pred, 1});
  elseState.push_back({pred, 0});

  // Every Merge that closes this conditional (same predicate and outer
  // state), in graph order; their then/else inputs.
  std::vector<std::string> merges;
  std::vector<Input> thenRets, elseRets;
  // Effects a Merge waits for (control inputs from a branch, e.g. the
  // Assert of a lowered AssertGuard) run in their branch before it yields.
  std::vector<Input> thenControls, elseControls;
  for (const std::string &name : order) {
    if (!isCondMerge(name) || state[name] != outer)
      continue;
    std::vector<Input> refs;
    for (const Input &ref : inputs[name])
      if (!ref.control)
        refs.push_back(ref);
    if (refs.size() != 2)
      continue;
    BranchState x = inputState(refs[0]), y = inputState(refs[1]);
    if (x == thenState && y == elseState) {
      thenRets.push_back(refs[0]);
      elseRets.push_back(refs[1]);
    } else if (x == elseState && y == thenState) {
      thenRets.push_back(refs[1]);
      elseRets.push_back(refs[0]);
    } else {
      continue;
    }
    merges.push_back(name);
    for (const Input &ref : inputs[name]) {
      if (!ref.control)
        continue;
      if (state[ref.node] == thenState)
        thenControls.push_back(ref);
      else if (state[ref.node] == elseState)
        elseControls.push_back(ref);
    }
  }

  // The If's inputs: the Switches on the predicate in the outer state,
  // then outer values a branch reads directly.
  std::vector<std::string> switches;
  for (const std::string &name : order)
    if (isCondSwitch(name) && predOf(name) == pred &&
        state[name] == outer)
      switches.push_back(name);
  std::string base = uniqueName(merge + "/functional_if");
  std::vector<std::string> argNames;
  std::vector<int> argTypes;
  std::vector<std::string> ifInputs;
  std::map<std::pair<std::string, int>, std::string> thenArgs, elseArgs;
  for (const std::string &sw : switches) {
    std::string arg = uniqueName(base + "/arg" + std::to_string(argNames.size()));
    argNames.push_back(arg);
    argTypes.push_back(attrType(nodes[sw], "T"));
    ifInputs.push_back(inputs[sw][0].key());
    thenArgs[{sw, 1}] = arg;
    elseArgs[{sw, 0}] = arg;
  }

  // Each branch: the nodes its results (and the effects they wait for)
  // need, all of the branch's state.
  llvm::StringSet<> removed;
  auto collect = [&](const std::vector<Input> &rets, const BranchState &branch,
                     std::map<std::pair<std::string, int>, std::string> &args,
                     std::vector<std::string> &body) -> bool {
    llvm::StringSet<> seen;
    std::vector<Input> stack(rets.begin(), rets.end());
    const std::vector<Input> &controls =
        &branch == &thenState ? thenControls : elseControls;
    stack.insert(stack.end(), controls.begin(), controls.end());
    while (!stack.empty()) {
      Input ref = stack.back();
      stack.pop_back();
      if (args.count({ref.node, ref.index}) && !ref.control)
        continue;
      if (isCondSwitch(ref.node) && predOf(ref.node) == pred &&
          state[ref.node] == outer) {
        if (ref.control)
          continue; // waits for the Switch: the argument is there already
        error = "node '" + ref.node + "' (Switch): the " +
                (ref.index == 1 ? "true" : "false") +
                " output is read in the other branch of the conditional on '" +
                pred + "'";
        return false;
      }
      if (state[ref.node] != branch) {
        // An outer value read directly: an extra input of the If.
        bool isOuter = state[ref.node].size() <= outer.size() &&
                       std::equal(state[ref.node].begin(),
                                  state[ref.node].end(), outer.begin());
        if (!isOuter) {
          error = "node '" + ref.node + "' (" + nodes[ref.node].op() +
                  ") is read by the conditional on '" + pred +
                  "' but runs in another branch";
          return false;
        }
        if (ref.control)
          continue; // it ran before the If
        std::string arg =
            uniqueName(base + "/arg" + std::to_string(argNames.size()));
        argNames.push_back(arg);
        const tfp::NodeDef &source = nodes[ref.node];
        int type = attrType(source, "T");
        if (type == tfp::DT_INVALID)
          type = attrType(source, "dtype");
        if (type == tfp::DT_INVALID) {
          error = "node '" + ref.node + "' (" + source.op() +
                  "), read inside the conditional on '" + pred +
                  "', has no type attribute ('T' or 'dtype')";
          return false;
        }
        argTypes.push_back(type);
        ifInputs.push_back(ref.key());
        thenArgs[{ref.node, ref.index}] = arg;
        elseArgs[{ref.node, ref.index}] = arg;
        continue;
      }
      if (!seen.insert(ref.node).second)
        continue;
      llvm::StringRef op = nodes[ref.node].op();
      if (op == "Switch" || op == "Merge" || op == "Enter" || op == "Exit" ||
          op == "NextIteration" || op == "LoopCond") {
        error = "node '" + ref.node + "' (" + op.str() +
                ") inside the conditional on '" + pred +
                "' is not supported there";
        return false;
      }
      for (const Input &in : inputs[ref.node])
        stack.push_back(in);
    }
    for (const std::string &name : order)
      if (seen.count(name))
        body.push_back(name);
    return true;
  };
  std::vector<std::string> thenBody, elseBody;
  if (!collect(thenRets, thenState, thenArgs, thenBody) ||
      !collect(elseRets, elseState, elseArgs, elseBody))
    return false;
  // Nodes of the branches that no result and no awaited effect needs (an
  // unused pivot, a constant nothing reads) are dead and leave with the
  // branches; one with an effect, or one read from outside, is an error
  // rather than dropped or left dangling.
  llvm::StringSet<> inBodies, dead;
  for (const std::string &name : thenBody)
    inBodies.insert(name);
  for (const std::string &name : elseBody)
    inBodies.insert(name);
  auto inThisCond = [&](const std::string &name) {
    const BranchState &s = state[name];
    return s.size() == outer.size() + 1 &&
           std::equal(outer.begin(), outer.end(), s.begin()) &&
           s.back().first == pred && !isCondSwitch(name);
  };
  for (const std::string &name : order)
    if (inThisCond(name) && !inBodies.count(name))
      dead.insert(name);
  for (const std::string &name : order) {
    if (!dead.count(name))
      continue;
    llvm::StringRef op = nodes[name].op();
    if (isAssignment(op) || op == "Assert" || op.starts_with("Print")) {
      error = "node '" + name + "' (" + op.str() + ") of the conditional on '" +
              pred + "' has an effect that no result of the conditional waits for";
      return false;
    }
    for (const std::string &user : order)
      for (const Input &ref : inputs[user])
        if (ref.node == name && !inBodies.count(user) && !dead.count(user) &&
            llvm::find(merges, user) == merges.end()) {
          error = "node '" + name + "' (" + op.str() +
                  ") of the conditional on '" + pred +
                  "' is used outside it other than through a Merge";
          return false;
        }
  }

  auto writeFunction = [&](const std::string &name,
                           const std::map<std::pair<std::string, int>,
                                          std::string> &args,
                           const std::vector<std::string> &body,
                           const std::vector<Input> &rets,
                           const std::vector<Input> &controls,
                           tfp::FunctionDef &function) {
    tfp::OpDef *signature = function.mutable_signature();
    signature->set_name(name);
    for (auto [i, arg] : llvm::enumerate(argNames)) {
      tfp::OpDef::ArgDef *def = signature->add_input_arg();
      def->set_name(arg);
      def->set_type(static_cast<tfp::DataType>(argTypes[i]));
    }
    auto rename = [&](const Input &ref) -> std::string {
      if (ref.control) {
        for (const auto &[key, arg] : args)
          if (key.first == ref.node)
            return "^" + arg;
        return "^" + ref.node;
      }
      auto arg = args.find({ref.node, ref.index});
      return arg != args.end() ? arg->second : ref.key();
    };
    for (const std::string &member : body) {
      tfp::NodeDef *copy = function.add_node_def();
      *copy = nodes[member];
      copy->clear_input();
      for (const Input &ref : inputs[member]) {
        // Control edges to the Switches of this conditional are implied.
        if (ref.control && isCondSwitch(ref.node) &&
            predOf(ref.node) == pred)
          continue;
        copy->add_input(rename(ref));
      }
    }
    for (auto [i, ret] : llvm::enumerate(rets)) {
      std::string out = "out" + std::to_string(i);
      tfp::OpDef::ArgDef *def = signature->add_output_arg();
      def->set_name(out);
      int type = attrType(nodes[merges[i]], "T");
      def->set_type(static_cast<tfp::DataType>(type));
      std::string value = rename(ret);
      if (i == 0 && !controls.empty()) {
        // The first result waits for the branch's effects.
        tfp::NodeDef *wait = function.add_node_def();
        wait->set_name(uniqueName(base + "/" + out + "_after_effects"));
        wait->set_op("Identity");
        (*wait->mutable_attr())["T"].set_type(
            static_cast<tfp::DataType>(type));
        wait->add_input(value);
        for (const Input &control : controls)
          wait->add_input(rename(control));
        value = wait->name() + ":0";
      }
      (*function.mutable_ret())[out] = value;
    }
  };
  tfp::FunctionDef thenFunction, elseFunction;
  writeFunction(uniqueName(base + "_then"), thenArgs, thenBody, thenRets,
                thenControls, thenFunction);
  writeFunction(uniqueName(base + "_else"), elseArgs, elseBody, elseRets,
                elseControls, elseFunction);

  tfp::NodeDef ifNode;
  ifNode.set_name(base);
  ifNode.set_op("If");
  ifNode.add_input(pred);
  for (const std::string &input : ifInputs)
    ifNode.add_input(input);
  auto &attrs = *ifNode.mutable_attr();
  attrs["Tcond"].set_type(tfp::DT_BOOL);
  for (int type : argTypes)
    attrs["Tin"].mutable_list()->add_type(static_cast<tfp::DataType>(type));
  attrs["Tin"].mutable_list();
  for (const std::string &m : merges)
    attrs["Tout"].mutable_list()->add_type(
        static_cast<tfp::DataType>(attrType(nodes[m], "T")));
  attrs["then_branch"].mutable_func()->set_name(
      thenFunction.signature().name());
  attrs["else_branch"].mutable_func()->set_name(
      elseFunction.signature().name());

  // The branches' nodes and the Switches leave; the If takes the place of
  // the first of them; each Merge becomes an Identity of an If output.
  for (const std::string &name : thenBody)
    removed.insert(name);
  for (const std::string &name : elseBody)
    removed.insert(name);
  for (const auto &name : dead)
    removed.insert(name.getKey());
  for (const std::string &sw : switches) {
    bool usedOutside = false;
    for (const std::string &user : order)
      if (!removed.count(user) && user != sw &&
          llvm::find(merges, user) == merges.end())
        for (const Input &ref : inputs[user])
          if (ref.node == sw && !ref.control)
            usedOutside = true;
    if (!usedOutside)
      removed.insert(sw);
  }
  std::vector<std::string> newOrder;
  bool placed = false;
  for (const std::string &name : order) {
    bool isMerge = llvm::find(merges, name) != merges.end();
    if (removed.count(name) || isMerge) {
      if (!placed) {
        newOrder.push_back(base);
        placed = true;
      }
      if (isMerge)
        newOrder.push_back(name);
      continue;
    }
    newOrder.push_back(name);
  }
  // Nothing outside may read what leaves (checked before anything
  // changes, so that a failure leaves the graph as it was).
  for (const std::string &name : newOrder) {
    if (name == base || llvm::find(merges, name) != merges.end())
      continue;
    for (const Input &ref : inputs[name])
      if (removed.count(ref.node) && !ref.control) {
        error = "node '" + name + "' (" + nodes[name].op() + ") reads '" +
                ref.node + "' of the conditional on '" + pred +
                "' from outside it";
        return false;
      }
  }
  *graph.mutable_library()->add_function() = thenFunction;
  *graph.mutable_library()->add_function() = elseFunction;
  nodes[base] = ifNode;
  state[base] = outer; // other conditionals of this depth read it so
  std::vector<Input> ifRefs;
  for (const std::string &text : ifNode.input()) {
    std::optional<TensorRef> ref = parseTensorRef(text);
    ifRefs.push_back({ref->node, ref->index, false});
  }
  inputs[base] = ifRefs;
  for (auto [i, m] : llvm::enumerate(merges)) {
    tfp::NodeDef identity;
    identity.set_name(m);
    identity.set_op("Identity");
    (*identity.mutable_attr())["T"].set_type(
        static_cast<tfp::DataType>(attrType(nodes[m], "T")));
    identity.add_input(base + ":" + std::to_string(i));
    nodes[m] = identity;
    inputs[m] = {{base, static_cast<int>(i), false}};
  }
  // Control edges from outside to removed nodes now wait for the If.
  for (const std::string &name : newOrder)
    for (Input &ref : inputs[name])
      if (removed.count(ref.node))
        ref.node = base;
  for (const std::string &name : newOrder) {
    tfp::NodeDef &node = nodes[name];
    node.clear_input();
    for (const Input &ref : inputs[name])
      node.add_input(ref.control ? "^" + ref.node : ref.key());
  }
  order = std::move(newOrder);
  return true;
}

bool CondFunctionalizer::run(std::string &error) {
  if (!index(error))
    return false;
  // Innermost first: the conditionals whose Merges are deepest are
  // rewritten together, then the states are computed again (as many times
  // as conditionals nest, not once per conditional). Rewriting one leaves
  // the states of the others at its depth valid: it only removes its own
  // branches and puts an If where its outer state was.
  for (int level = 0; level < 100000; ++level) {
    computeStates();
    if (!stateErrors.empty()) {
      if (!errors) {
        error = stateErrors.begin()->second;
        return false;
      }
      for (const auto &[name, message] : stateErrors)
        errors->emplace(name, message);
    }
    auto depthOf = [&](const std::string &merge) {
      size_t d = state[merge].size() + 1;
      for (const Input &ref : inputs[merge])
        if (!ref.control)
          d = std::max(d, state[ref.node].size());
      return d;
    };
    size_t depth = 0;
    std::vector<std::string> atDepth;
    for (const std::string &name : order) {
      if (!isCondMerge(name) || failedMerges.count(name))
        continue;
      size_t d = depthOf(name);
      if (d > depth) {
        depth = d;
        atDepth.clear();
      }
      if (d == depth)
        atDepth.push_back(name);
    }
    if (atDepth.empty())
      break;
    for (const std::string &next : atDepth) {
      // Rewritten already, with an earlier Merge of its conditional.
      if (!isCondMerge(next))
        continue;
      // A failed rewrite changes nothing (it checks everything before it
      // edits), so the graph stays as it was; no copy of it is needed.
      std::string condError;
      if (rewrite(next, condError))
        continue;
      if (!errors) {
        error = condError;
        return false;
      }
      failedMerges.insert(next);
      errors->emplace(next, condError);
      // The conditional's Switches report it too (the walk may meet them
      // first).
      std::string pred;
      for (const Input &ref : inputs[next]) {
        if (ref.control)
          continue;
        BranchState s = state[ref.node];
        if (isCondSwitch(ref.node))
          s.push_back({predOf(ref.node), ref.index});
        if (!s.empty())
          pred = s.back().first;
        break;
      }
      for (const std::string &name : order)
        if (!pred.empty() && isCondSwitch(name) && predOf(name) == pred)
          errors->emplace(name, condError);
    }
  }
  google::protobuf::RepeatedPtrField<tfp::NodeDef> rebuilt;
  for (const std::string &name : order)
    *rebuilt.Add() = nodes[name];
  graph.mutable_node()->Swap(&rebuilt);
  return true;
}

} // namespace

bool tgc::frontend::functionalizeConds(
    tfp::GraphDef &graph, std::string &error,
    std::map<std::string, std::string> *errors) {
  bool hasMerge = llvm::any_of(graph.node(), [](const tfp::NodeDef &node) {
    return node.op() == "Merge";
  });
  if (!hasMerge)
    return true;
  return CondFunctionalizer(graph, errors).run(error);
}

//===- FunctionalizeLoops.cpp - TF1 while frames -> While + functions -----===//
//
// TF1 graphs (and TF2 graphs frozen by convert_variables_to_constants_v2,
// which lowers functional While to them) spell a loop as a frame:
//
//   Enter(init) -> Merge(Enter, NextIteration) -> Switch(Merge, LoopCond)
//     Switch:0 -> Exit            (the value after the loop)
//     Switch:1 -> ... body ... -> NextIteration -> back into the Merge
//   LoopCond(pred), pred computed from the Merges
//   Enter(x, is_constant) for loop invariants
//
// Before import, each frame is rewritten into the functional form the
// importer already handles (ControlFlowImporters.cpp): a `While` node whose
// `cond` and `body` attributes name two functions added to the library,
// made of the frame's nodes (the Merges and Switch:1 outputs become the
// functions' arguments, the invariants extra arguments that the body passes
// through), and each Exit an Identity of the While's output. Frames nest:
// the innermost are rewritten first, so an inner loop is one While node
// inside its parent's body. A frame that cannot be rewritten stays, and its
// error is reported only when the fetches need it (the importer's
// callErrors).
//
// Conditionals outside the loop structure (a Switch/Merge pair of tf.cond)
// are not rewritten yet: such a graph is an error naming the Switch.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <deque>

using namespace tgc;
using namespace tgc::frontend;

namespace {

struct Input {
  std::string node;
  int index = 0;
  bool control = false;
};

std::string attrString(const tfp::NodeDef &node, const char *name) {
  auto it = node.attr().find(name);
  return it == node.attr().end() ? "" : it->second.s();
}

int attrType(const tfp::NodeDef &node, const char *name) {
  auto it = node.attr().find(name);
  return it == node.attr().end() ? tfp::DT_INVALID : it->second.type();
}

class LoopFunctionalizer {
public:
  LoopFunctionalizer(tfp::GraphDef &graph,
                     std::map<std::string, std::string> *errors)
      : graph(graph), errors(errors) {}

  bool run(std::string &error);

private:
  struct Frame {
    std::string id;     // parent id + "/" + frame_name
    std::string parent; // "" for the root
    int depth = 0;
    std::vector<std::string> members;
  };

  bool index(std::string &error);
  bool assignFrames(std::string &error);
  /// Rewrites one frame; false with `error` when it cannot.
  bool rewrite(const Frame &frame, std::string &error);
  /// The nodes of `frame` that `roots` need, walking data and control inputs
  /// back to the nodes `args` maps to an argument; in graph order.
  bool closure(const Frame &frame, const std::vector<Input> &roots,
               const std::map<std::pair<std::string, int>, std::string> &args,
               const llvm::StringSet<> &argNodes,
               std::vector<std::string> &nodes, std::string &error);
  std::string uniqueName(const std::string &base);

  tfp::GraphDef &graph;
  std::map<std::string, std::string> *errors;
  llvm::StringMap<tfp::NodeDef> nodes; // by name
  std::vector<std::string> order;      // graph order
  llvm::StringMap<std::vector<Input>> inputs;
  llvm::StringMap<std::string> frameOf;
  std::map<std::string, Frame> frames;
  llvm::StringSet<> names; // node and function names in use
};

bool LoopFunctionalizer::index(std::string &error) {
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

bool LoopFunctionalizer::assignFrames(std::string &error) {
  // Kahn's algorithm over the edges, the NextIteration -> Merge back edges
  // left out; a node's frame follows from its first input.
  llvm::StringMap<int> pending;
  llvm::StringMap<std::vector<std::string>> users;
  for (const std::string &name : order) {
    int count = 0;
    for (const Input &ref : inputs[name]) {
      if (nodes[ref.node].op() == "NextIteration")
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
  size_t visited = 0;
  while (!ready.empty()) {
    std::string name = ready.front();
    ready.pop_front();
    ++visited;
    const tfp::NodeDef &node = nodes[name];
    std::string frame;
    for (const Input &ref : inputs[name]) {
      if (nodes[ref.node].op() == "NextIteration")
        continue;
      frame = frameOf[ref.node];
      if (nodes[ref.node].op() == "Exit")
        frame = frames[frame].parent;
      break;
    }
    if (node.op() == "Enter") {
      std::string child = frame + "/" + attrString(node, "frame_name");
      Frame &f = frames[child];
      if (f.id.empty()) {
        f.id = child;
        f.parent = frame;
        f.depth = frame.empty() ? 1 : frames[frame].depth + 1;
      }
      frame = child;
    }
    frameOf[name] = frame;
    if (!frame.empty())
      frames[frame].members.push_back(name);
    for (const std::string &user : users[name])
      if (--pending[user] == 0)
        ready.push_back(user);
  }
  if (visited != order.size()) {
    for (const std::string &name : order)
      if (pending[name] > 0) {
        error = "node '" + name + "' (" + nodes[name].op() +
                "): the graph has a cycle through this node that is not a "
                "TF1 while loop (Merge of an Enter and a NextIteration)";
        return false;
      }
  }
  // Members in graph order (the walk's order is topological, not stable
  // against the file).
  llvm::StringMap<size_t> position;
  for (auto [i, name] : llvm::enumerate(order))
    position[name] = i;
  for (auto &[id, frame] : frames)
    llvm::sort(frame.members, [&](const std::string &a, const std::string &b) {
      return position[a] < position[b];
    });
  return true;
}

std::string LoopFunctionalizer::uniqueName(const std::string &base) {
  std::string name = base;
  for (int i = 1; names.count(name); ++i)
    name = base + "_" + std::to_string(i);
  names.insert(name);
  return name;
}

bool LoopFunctionalizer::closure(
    const Frame &frame, const std::vector<Input> &roots,
    const std::map<std::pair<std::string, int>, std::string> &args,
    const llvm::StringSet<> &argNodes, std::vector<std::string> &result,
    std::string &error) {
  llvm::StringSet<> seen;
  std::vector<std::string> stack;
  auto visit = [&](const Input &ref) -> bool {
    if (args.count({ref.node, ref.index}) && !ref.control)
      return true;
    if (ref.control && argNodes.count(ref.node))
      return true;
    if (frameOf[ref.node] != frame.id) {
      error = "node '" + ref.node + "' (" + nodes[ref.node].op() +
              ") is used inside loop '" + frame.id.substr(1) +
              "' but belongs to another frame";
      return false;
    }
    if (seen.insert(ref.node).second)
      stack.push_back(ref.node);
    return true;
  };
  for (const Input &root : roots)
    if (!visit(root))
      return false;
  while (!stack.empty()) {
    std::string name = stack.back();
    stack.pop_back();
    llvm::StringRef op = nodes[name].op();
    if (op == "Merge" || op == "Switch" || op == "NextIteration" ||
        op == "Exit" || op == "Enter" || op == "LoopCond") {
      error = "node '" + name + "' (" + op.str() + ") of loop '" +
              frame.id.substr(1) +
              "' is not part of its loop structure (a tf.cond inside a TF1 "
              "loop is not supported yet)";
      return false;
    }
    for (const Input &ref : inputs[name])
      if (!visit(ref))
        return false;
  }
  for (const std::string &name : frame.members)
    if (seen.count(name))
      result.push_back(name);
  return true;
}

bool LoopFunctionalizer::rewrite(const Frame &frame, std::string &error) {
  std::string where = "loop '" + frame.id.substr(1) + "'";
  // The loop structure.
  const tfp::NodeDef *loopCond = nullptr;
  std::vector<std::string> merges, invariants;
  llvm::StringSet<> enterOfMerge;
  for (const std::string &name : frame.members) {
    const tfp::NodeDef &node = nodes[name];
    if (node.op() == "LoopCond") {
      if (loopCond) {
        error = where + " has two LoopCond nodes, '" + loopCond->name() +
                "' and '" + name + "'";
        return false;
      }
      loopCond = &node;
    } else if (node.op() == "Merge") {
      const std::vector<Input> &refs = inputs[name];
      int data = 0;
      for (const Input &ref : refs)
        data += !ref.control;
      if (data != 2) {
        error = "node '" + name + "' (Merge): a loop's Merge needs 2 inputs "
                "(its Enter and its NextIteration), got " +
                std::to_string(data);
        return false;
      }
      merges.push_back(name);
    }
  }
  if (!loopCond) {
    error = where + " has no LoopCond";
    return false;
  }
  struct Var {
    std::string enter, merge, next, switchNode, exit;
    int type = tfp::DT_INVALID;
  };
  std::vector<Var> vars;
  for (const std::string &merge : merges) {
    Var var;
    var.merge = merge;
    for (const Input &ref : inputs[merge]) {
      if (ref.control)
        continue;
      llvm::StringRef op = nodes[ref.node].op();
      if (op == "Enter")
        var.enter = ref.node;
      else if (op == "NextIteration")
        var.next = ref.node;
    }
    if (var.enter.empty() || var.next.empty()) {
      error = "node '" + merge + "' (Merge) of " + where +
              " does not merge an Enter and a NextIteration (a tf.cond "
              "inside a TF1 loop is not supported yet)";
      return false;
    }
    enterOfMerge.insert(var.enter);
    var.type = attrType(nodes[var.enter], "T");
    vars.push_back(var);
  }
  // Switch(merge, loopCond) and its Exit; invariants that something reads
  // (an Enter nothing reads, such as a TensorArray handle whose uses were
  // rewritten, is dead).
  llvm::StringSet<> read;
  for (const std::string &name : frame.members)
    for (const Input &ref : inputs[name])
      read.insert(ref.node);
  for (const std::string &name : frame.members) {
    const tfp::NodeDef &node = nodes[name];
    if (node.op() == "Switch") {
      const std::vector<Input> &refs = inputs[name];
      if (refs.size() < 2 || refs[1].node != loopCond->name()) {
        error = "node '" + name + "' (Switch) of " + where +
                " does not switch on its LoopCond (a tf.cond inside a TF1 "
                "loop is not supported yet)";
        return false;
      }
      bool found = false;
      for (Var &var : vars)
        if (var.merge == refs[0].node) {
          var.switchNode = name;
          found = true;
        }
      if (!found) {
        error = "node '" + name + "' (Switch) of " + where +
                " switches no Merge of the loop";
        return false;
      }
    } else if (node.op() == "Exit") {
      const std::vector<Input> &refs = inputs[name];
      bool found = false;
      for (Var &var : vars)
        if (!refs.empty() && var.switchNode.size() &&
            refs[0].node == var.switchNode && refs[0].index == 0) {
          if (!var.exit.empty()) {
            error = "node '" + name + "' (Exit): loop value '" + var.merge +
                    "' has two Exits";
            return false;
          }
          var.exit = name;
          found = true;
        }
      if (!found) {
        error = "node '" + name + "' (Exit) has no matching Enter in " +
                where + " (its input is not output 0 of a loop Switch)";
        return false;
      }
    } else if (node.op() == "Enter" && !enterOfMerge.count(name) &&
               read.count(name)) {
      invariants.push_back(name);
    }
  }
  for (const Var &var : vars)
    if (var.switchNode.empty()) {
      error = "node '" + var.merge + "' (Merge) of " + where +
              " has no Switch on the LoopCond";
      return false;
    }

  // Arguments: the loop values, then the invariants.
  std::string base = uniqueName(frame.id.substr(frame.id.rfind('/') + 1) +
                                "/functional_while");
  std::vector<std::string> argNames;
  std::vector<int> argTypes;
  for (size_t i = 0; i < vars.size(); ++i) {
    argNames.push_back(uniqueName(base + "/arg" + std::to_string(i)));
    argTypes.push_back(vars[i].type);
  }
  for (size_t i = 0; i < invariants.size(); ++i) {
    argNames.push_back(uniqueName(base + "/invariant" + std::to_string(i)));
    argTypes.push_back(attrType(nodes[invariants[i]], "T"));
  }
  for (auto [i, type] : llvm::enumerate(argTypes))
    if (type == tfp::DT_INVALID) {
      error = where + ": the Enter of value " + std::to_string(i) +
              " has no type attribute 'T'";
      return false;
    }

  auto makeFunction = [&](const std::string &name,
                          const std::map<std::pair<std::string, int>,
                                         std::string> &args,
                          const llvm::StringSet<> &argNodes,
                          const std::vector<std::pair<std::string, Input>> &rets,
                          const std::vector<int> &retTypes,
                          tfp::FunctionDef &function) -> bool {
    std::vector<Input> roots;
    for (const auto &ret : rets)
      roots.push_back(ret.second);
    std::vector<std::string> body;
    if (!closure(frame, roots, args, argNodes, body, error))
      return false;
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
      if (arg != args.end())
        return arg->second;
      return ref.node + ":" + std::to_string(ref.index);
    };
    for (const std::string &member : body) {
      tfp::NodeDef *copy = function.add_node_def();
      *copy = nodes[member];
      copy->clear_input();
      for (const Input &ref : inputs[member])
        copy->add_input(rename(ref));
    }
    for (auto [i, ret] : llvm::enumerate(rets)) {
      tfp::OpDef::ArgDef *def = signature->add_output_arg();
      def->set_name(ret.first);
      def->set_type(static_cast<tfp::DataType>(retTypes[i]));
      (*function.mutable_ret())[ret.first] = rename(ret.second);
    }
    return true;
  };

  // cond: the Merges and the invariants are the arguments.
  std::map<std::pair<std::string, int>, std::string> condArgs, bodyArgs;
  llvm::StringSet<> condArgNodes, bodyArgNodes;
  for (auto [i, var] : llvm::enumerate(vars)) {
    condArgs[{var.merge, 0}] = argNames[i];
    condArgNodes.insert(var.merge);
    bodyArgs[{var.switchNode, 1}] = argNames[i];
    bodyArgNodes.insert(var.switchNode);
  }
  for (auto [i, invariant] : llvm::enumerate(invariants)) {
    condArgs[{invariant, 0}] = argNames[vars.size() + i];
    bodyArgs[{invariant, 0}] = argNames[vars.size() + i];
    condArgNodes.insert(invariant);
    bodyArgNodes.insert(invariant);
  }
  const std::vector<Input> &predRefs = inputs[loopCond->name()];
  if (predRefs.empty() || predRefs[0].control) {
    error = "node '" + loopCond->name() + "' (LoopCond) has no input";
    return false;
  }
  tfp::FunctionDef cond;
  if (!makeFunction(uniqueName(base + "_cond"), condArgs, condArgNodes,
                    {{"cond", predRefs[0]}}, {tfp::DT_BOOL}, cond))
    return false;

  // body: each NextIteration's input (its control inputs kept through an
  // Identity), then the invariants unchanged.
  std::vector<std::pair<std::string, Input>> bodyRets;
  std::vector<int> bodyTypes;
  // The Identities added below are the only change before the checks pass;
  // a failure takes them back, so the graph stays as it was.
  std::vector<std::string> addedRets;
  auto fail = [&]() {
    for (const std::string &name : addedRets) {
      nodes.erase(name);
      frameOf.erase(name);
      inputs.erase(name);
      llvm::erase(frames[frame.id].members, name);
    }
    return false;
  };
  for (auto [i, var] : llvm::enumerate(vars)) {
    const std::vector<Input> &refs = inputs[var.next];
    if (refs.empty() || refs[0].control) {
      error = "node '" + var.next + "' (NextIteration) has no input";
      return fail();
    }
    Input value = refs[0];
    if (refs.size() > 1) {
      // Effects the next iteration waits for run before the value is
      // yielded.
      tfp::NodeDef ret;
      ret.set_name(uniqueName(var.next + "/value"));
      ret.set_op("Identity");
      (*ret.mutable_attr())["T"].set_type(
          static_cast<tfp::DataType>(var.type));
      ret.add_input(value.node + ":" + std::to_string(value.index));
      for (size_t k = 1; k < refs.size(); ++k)
        ret.add_input("^" + refs[k].node);
      nodes[ret.name()] = ret;
      frameOf[ret.name()] = frame.id;
      inputs[ret.name()] = refs;
      frames[frame.id].members.push_back(ret.name()); // `frame` itself
      addedRets.push_back(ret.name());
      value = {ret.name(), 0, false};
    }
    bodyRets.push_back({"out" + std::to_string(i), value});
    bodyTypes.push_back(var.type);
  }
  for (auto [i, invariant] : llvm::enumerate(invariants)) {
    bodyRets.push_back({"invariant" + std::to_string(i), {invariant, 0, false}});
    bodyTypes.push_back(argTypes[vars.size() + i]);
  }
  tfp::FunctionDef body;
  if (!makeFunction(uniqueName(base + "_body"), bodyArgs, bodyArgNodes,
                    bodyRets, bodyTypes, body))
    return fail();

  // Nothing outside the loop may use its nodes but its Exits.
  {
    llvm::StringSet<> inside, exitNames;
    for (const std::string &member : frames[frame.id].members)
      inside.insert(member);
    for (const Var &var : vars)
      if (!var.exit.empty())
        exitNames.insert(var.exit);
    for (const std::string &name : order) {
      if (inside.count(name))
        continue;
      for (const Input &ref : inputs[name])
        if (inside.count(ref.node) && !exitNames.count(ref.node)) {
          error = "node '" + name + "' (" + nodes[name].op() + ") uses '" +
                  ref.node + "' of " + where + " from outside the loop";
          return fail();
        }
    }
  }

  // The While node, in the parent frame, and the Exits as its outputs.
  tfp::NodeDef loop;
  loop.set_name(base);
  loop.set_op("While");
  for (const Var &var : vars) {
    const Input &init = inputs[var.enter][0];
    loop.add_input(init.node + ":" + std::to_string(init.index));
  }
  for (const std::string &invariant : invariants) {
    const Input &value = inputs[invariant][0];
    loop.add_input(value.node + ":" + std::to_string(value.index));
  }
  auto &attrs = *loop.mutable_attr();
  for (int type : argTypes)
    attrs["T"].mutable_list()->add_type(static_cast<tfp::DataType>(type));
  attrs["cond"].mutable_func()->set_name(cond.signature().name());
  attrs["body"].mutable_func()->set_name(body.signature().name());
  *graph.mutable_library()->add_function() = cond;
  *graph.mutable_library()->add_function() = body;

  llvm::StringSet<> removed;
  for (const std::string &member : frames[frame.id].members)
    removed.insert(member);
  std::vector<tfp::NodeDef> exits;
  for (auto [i, var] : llvm::enumerate(vars)) {
    if (var.exit.empty())
      continue;
    tfp::NodeDef exit;
    exit.set_name(var.exit);
    exit.set_op("Identity");
    (*exit.mutable_attr())["T"].set_type(static_cast<tfp::DataType>(var.type));
    exit.add_input(base + ":" + std::to_string(i));
    exits.push_back(exit);
  }
  // Rebuild the node list: the frame's nodes leave, the While takes the
  // place of the first of them, the Exits keep their places.
  std::vector<std::string> newOrder;
  bool placed = false;
  for (const std::string &name : order) {
    if (!removed.count(name)) {
      newOrder.push_back(name);
      continue;
    }
    if (!placed) {
      newOrder.push_back(base);
      placed = true;
    }
    for (const tfp::NodeDef &exit : exits)
      if (exit.name() == name)
        newOrder.push_back(name);
  }
  nodes[base] = loop;
  frameOf[base] = frame.parent;
  std::vector<Input> loopInputs;
  for (const std::string &text : loop.input()) {
    std::optional<TensorRef> ref = parseTensorRef(text);
    loopInputs.push_back({ref->node, ref->index, false});
  }
  inputs[base] = loopInputs;
  for (const tfp::NodeDef &exit : exits) {
    nodes[exit.name()] = exit;
    frameOf[exit.name()] = frame.parent;
    inputs[exit.name()] = {{base, 0, false}};
    inputs[exit.name()][0].index =
        std::stoi(exit.input(0).substr(exit.input(0).rfind(':') + 1));
  }
  if (!frame.parent.empty()) {
    Frame &parent = frames[frame.parent];
    std::vector<std::string> members;
    for (const std::string &name : parent.members)
      members.push_back(name);
    members.push_back(base);
    for (const tfp::NodeDef &exit : exits)
      members.push_back(exit.name());
    parent.members = members;
  }
  order = std::move(newOrder);
  return true;
}

bool LoopFunctionalizer::run(std::string &error) {
  if (!index(error) || !assignFrames(error))
    return false;
  // Innermost first; by id, since a failed rewrite restores `frames`.
  std::vector<std::pair<int, std::string>> byDepth;
  for (auto &[id, frame] : frames)
    byDepth.push_back({-frame.depth, id});
  llvm::sort(byDepth);
  std::map<std::string, std::string> failed; // frame id -> its error
  for (const auto &[negDepth, id] : byDepth) {
    // A loop around one that could not be rewritten cannot be either; its
    // nodes report the inner loop's error.
    std::string innerError;
    for (const auto &[inner, message] : failed)
      if (llvm::StringRef(inner).starts_with(id + "/"))
        innerError = message;
    if (!innerError.empty()) {
      failed[id] = innerError;
      if (errors)
        for (const std::string &member : frames[id].members)
          errors->emplace(member, innerError);
      continue;
    }
    // A failed rewrite leaves the graph as it was (it checks everything
    // before it edits, and takes back the few nodes it added), so no copy
    // of the graph is needed.
    std::string frameError;
    if (rewrite(frames[id], frameError))
      continue;
    if (!errors) {
      error = frameError;
      return false;
    }
    failed[id] = frameError;
    for (const std::string &member : frames[id].members)
      errors->emplace(member, frameError);
  }
  // TF1 control-flow nodes that no rewritten loop took.
  for (const std::string &name : order) {
    llvm::StringRef op = nodes[name].op();
    std::string message;
    if ((op == "Exit" || op == "NextIteration" || op == "LoopCond") &&
        frameOf[name].empty())
      message = "node '" + name + "' (" + op.str() +
                ") belongs to no while loop (no Enter leads to it)";
    else if ((op == "Switch" || op == "Merge") && frameOf[name].empty())
      message = "node '" + name + "' (" + op.str() +
                "): a TF1 conditional (Switch/Merge, a lowered tf.cond) is "
                "not supported yet";
    if (message.empty())
      continue;
    if (!errors) {
      error = message;
      return false;
    }
    errors->emplace(name, message);
  }
  google::protobuf::RepeatedPtrField<tfp::NodeDef> rebuilt;
  for (const std::string &name : order)
    *rebuilt.Add() = nodes[name];
  graph.mutable_node()->Swap(&rebuilt);
  return true;
}

} // namespace

bool tgc::frontend::functionalizeLoops(
    tfp::GraphDef &graph, std::string &error,
    std::map<std::string, std::string> *errors) {
  bool hasLoop = llvm::any_of(graph.node(), [](const tfp::NodeDef &node) {
    llvm::StringRef op = node.op();
    return op == "Enter" || op == "Exit" || op == "Switch" || op == "Merge" ||
           op == "NextIteration" || op == "LoopCond";
  });
  if (!hasLoop)
    return true;
  return LoopFunctionalizer(graph, errors).run(error);
}

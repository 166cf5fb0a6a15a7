//===- Functions.cpp - Inlining of TF2 function calls ---------------------===//
//
// A GraphDef exported from a TF2 tf.function keeps parts of the program in
// its function library and calls them with PartitionedCall or
// StatefulPartitionedCall. Before import, every such call is inlined into
// the graph: the callee's nodes are copied under the call node's name
// ("call/inner"), their inputs rewritten from the function's naming
// ("arg", "node:out_arg:k") to the graph's ("node:flat_index"), and the call
// node becomes an IdentityN of the function's results, so consumers of
// "call:k" see the k-th result.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <map>

using namespace tgc::frontend;

namespace {

/// Output arguments of the multi-output TF ops, in order, each holding one
/// tensor unless listed in kListOutputs. An op not listed here has a single
/// output argument.
const llvm::StringMap<std::vector<std::string>> &outputArgs() {
  static const llvm::StringMap<std::vector<std::string>> table = {
      {"TopKV2", {"values", "indices"}},
      {"Unique", {"y", "idx"}},
      {"FusedBatchNorm",
       {"y", "batch_mean", "batch_variance", "reserve_space_1",
        "reserve_space_2"}},
      {"FusedBatchNormV2",
       {"y", "batch_mean", "batch_variance", "reserve_space_1",
        "reserve_space_2"}},
      {"FusedBatchNormV3",
       {"y", "batch_mean", "batch_variance", "reserve_space_1",
        "reserve_space_2", "reserve_space_3"}},
      {"NonMaxSuppressionV5",
       {"selected_indices", "selected_scores", "valid_outputs"}},
  };
  return table;
}

class Inliner {
public:
  Inliner(tfp::GraphDef &graph, std::string &error,
          std::map<std::string, std::string> *callErrors = nullptr)
      : graph(graph), error(error), callErrors(callErrors) {
    for (const tfp::FunctionDef &function : graph.library().function())
      functions[function.signature().name()] = &function;
  }

  bool run();

private:
  bool fail(const std::string &message) {
    error = message;
    return false;
  }
  /// Flat output index of "out_arg:k" of node `inner` of `function`.
  std::optional<int> flatIndex(const tfp::FunctionDef &function,
                               const tfp::NodeDef &inner,
                               llvm::StringRef outArg, int k);
  bool inlineCall(const tfp::NodeDef &call, const tfp::FunctionDef &function,
                  std::vector<tfp::NodeDef> &out);

public:
  std::optional<std::string>
  renameRef(const tfp::FunctionDef &function,
            const llvm::StringMap<const tfp::NodeDef *> &inner,
            const llvm::StringMap<std::string> &argInput,
            const std::string &prefix, llvm::StringRef ref);
  /// The function as a graph of its own (see functionToGraph).
  bool toGraph(const tfp::FunctionDef &function, tfp::GraphDef &out,
               std::vector<std::string> &results);

  tfp::GraphDef &graph;
  std::string &error;
  std::map<std::string, std::string> *callErrors;
  llvm::StringMap<const tfp::FunctionDef *> functions;
};

std::optional<int> Inliner::flatIndex(const tfp::FunctionDef &function,
                                      const tfp::NodeDef &inner,
                                      llvm::StringRef outArg, int k) {
  // A call of another library function: its output arguments in order.
  const tfp::FunctionDef *callee = nullptr;
  if (auto f = inner.attr().find("f"); f != inner.attr().end())
    callee = functions.lookup(f->second.func().name());
  if (auto it = functions.find(inner.op()); it != functions.end())
    callee = it->second;
  if (callee) {
    const auto &args = callee->signature().output_arg();
    for (int i = 0; i < args.size(); ++i)
      if (args[i].name() == outArg)
        return i + k;
    return std::nullopt;
  }
  auto known = outputArgs().find(inner.op());
  if (known == outputArgs().end())
    return k; // a single output argument, possibly a list
  const std::vector<std::string> &args = known->second;
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i] == outArg)
      return static_cast<int>(i) + k;
  return std::nullopt;
}

/// "arg" | "node:out_arg:k" | "node:k" | "^node" inside `function` -> the
/// graph's name of the tensor, with `prefix` before the function's nodes and
/// arguments bound to the tensors of `argInput`.
std::optional<std::string>
Inliner::renameRef(const tfp::FunctionDef &function,
                   const llvm::StringMap<const tfp::NodeDef *> &inner,
                   const llvm::StringMap<std::string> &argInput,
                   const std::string &prefix, llvm::StringRef ref) {
    if (ref.consume_front("^")) {
      if (inner.count(ref))
        return "^" + prefix + ref.str();
      auto arg = argInput.find(ref);
      if (arg == argInput.end())
        return std::nullopt;
      llvm::StringRef bound = arg->second;
      return "^" + bound.split(':').first.str();
    }
    llvm::SmallVector<llvm::StringRef, 3> parts;
    ref.split(parts, ':');
    if (parts.size() == 1) {
      auto arg = argInput.find(parts[0]);
      if (arg != argInput.end())
        return arg->second;
      if (inner.count(parts[0]))
        return prefix + parts[0].str();
      return std::nullopt;
    }
    auto node = inner.find(parts[0]);
    if (node == inner.end())
      return std::nullopt;
    int k = 0;
    if (parts.size() == 3 && parts[2].getAsInteger(10, k))
      return std::nullopt;
    if (parts.size() == 2) // "node:k" inside a function
      return parts[1].getAsInteger(10, k)
                 ? std::nullopt
                 : std::optional(prefix + parts[0].str() + ":" +
                                 std::to_string(k));
    std::optional<int> index =
        flatIndex(function, *node->second, parts[1], k);
    if (!index)
      return std::nullopt;
    return prefix + parts[0].str() + ":" + std::to_string(*index);
  }

bool Inliner::inlineCall(const tfp::NodeDef &call,
                         const tfp::FunctionDef &function,
                         std::vector<tfp::NodeDef> &out) {
  const std::string prefix = call.name() + "/";
  const auto &inputArgs = function.signature().input_arg();
  // The call's data inputs bind the function's arguments, in order.
  std::vector<std::string> dataInputs, controlInputs;
  for (const std::string &input : call.input())
    (llvm::StringRef(input).starts_with("^") ? controlInputs : dataInputs)
        .push_back(input);
  if (static_cast<int>(dataInputs.size()) != inputArgs.size())
    return fail("node '" + call.name() + "' (" + call.op() + ") passes " +
                std::to_string(dataInputs.size()) + " inputs to function '" +
                function.signature().name() + "', which takes " +
                std::to_string(inputArgs.size()));
  llvm::StringMap<std::string> argInput;
  for (int i = 0; i < inputArgs.size(); ++i)
    argInput[inputArgs[i].name()] = dataInputs[i];
  llvm::StringMap<const tfp::NodeDef *> inner;
  for (const tfp::NodeDef &node : function.node_def())
    inner[node.name()] = &node;

  auto rename = [&](llvm::StringRef ref) {
    return renameRef(function, inner, argInput, prefix, ref);
  };

  for (const tfp::NodeDef &node : function.node_def()) {
    tfp::NodeDef copy = node;
    copy.set_name(prefix + node.name());
    copy.clear_input();
    for (const std::string &input : node.input()) {
      std::optional<std::string> renamed = rename(input);
      if (!renamed)
        return fail("node '" + node.name() + "' of function '" +
                    function.signature().name() + "' has input '" + input +
                    "', which names nothing in the function");
      copy.add_input(*renamed);
    }
    // Nodes without data inputs run after the call's control inputs.
    if (node.input_size() == 0)
      for (const std::string &control : controlInputs)
        copy.add_input(control);
    out.push_back(std::move(copy));
  }

  // The call becomes an IdentityN of the results, in output_arg order.
  tfp::NodeDef results;
  results.set_name(call.name());
  results.set_op("IdentityN");
  for (const auto &arg : function.signature().output_arg()) {
    auto ret = function.ret().find(arg.name());
    if (ret == function.ret().end())
      return fail("function '" + function.signature().name() +
                  "' has no value for its output '" + arg.name() + "'");
    std::optional<std::string> renamed = rename(ret->second);
    if (!renamed)
      return fail("function '" + function.signature().name() +
                  "' returns '" + ret->second +
                  "', which names nothing in the function");
    results.add_input(*renamed);
  }
  out.push_back(std::move(results));
  return true;
}

bool Inliner::run() {
  // Inline level by level; a call chain deeper than this is recursion.
  for (int depth = 0; depth < 64; ++depth) {
    std::vector<tfp::NodeDef> rewritten;
    bool changed = false;
    for (const tfp::NodeDef &node : graph.node()) {
      const tfp::FunctionDef *function = nullptr;
      std::string callError;
      if (node.op() == "PartitionedCall" ||
          node.op() == "StatefulPartitionedCall") {
        auto f = node.attr().find("f");
        if (f == node.attr().end() ||
            f->second.value_case() != tfp::AttrValue::kFunc)
          callError = "node '" + node.name() + "' (" + node.op() +
                      ") has no function attribute 'f'";
        else if (!(function = functions.lookup(f->second.func().name())))
          callError = "node '" + node.name() + "' calls function '" +
                      f->second.func().name() +
                      "', which the graph's library does not define";
      } else {
        function = functions.lookup(node.op());
      }
      if (function) {
        size_t before = rewritten.size();
        if (inlineCall(node, *function, rewritten)) {
          changed = true;
          continue;
        }
        rewritten.resize(before);
        callError = error;
      }
      if (!callError.empty()) {
        // Reported only if the fetches need the call (see the importer).
        if (!callErrors)
          return fail(callError);
        (*callErrors)[node.name()] = callError;
      }
      rewritten.push_back(node);
    }
    if (!changed)
      return true;
    google::protobuf::RepeatedPtrField<tfp::NodeDef> nodes;
    for (tfp::NodeDef &node : rewritten)
      *nodes.Add() = std::move(node);
    graph.mutable_node()->Swap(&nodes);
  }
  return fail("function calls nest more than 64 levels deep (recursion?)");
}

bool Inliner::toGraph(const tfp::FunctionDef &function, tfp::GraphDef &out,
                      std::vector<std::string> &results) {
  const std::string &name = function.signature().name();
  llvm::StringMap<std::string> argInput;
  llvm::StringMap<const tfp::NodeDef *> inner;
  for (const tfp::NodeDef &node : function.node_def())
    inner[node.name()] = &node;
  for (const auto &arg : function.signature().input_arg()) {
    if (arg.type() == tfp::DT_INVALID)
      return fail("function '" + name + "' has the polymorphic argument '" +
                  arg.name() + "', which tgc cannot import yet");
    if (inner.count(arg.name()))
      return fail("function '" + name + "' has a node and an argument "
                  "both named '" + arg.name() + "'");
    tfp::NodeDef *placeholder = out.add_node();
    placeholder->set_name(arg.name());
    placeholder->set_op("Placeholder");
    (*placeholder->mutable_attr())["dtype"].set_type(arg.type());
    argInput[arg.name()] = arg.name();
  }
  for (const tfp::NodeDef &node : function.node_def()) {
    tfp::NodeDef *copy = out.add_node();
    *copy = node;
    copy->clear_input();
    for (const std::string &input : node.input()) {
      std::optional<std::string> renamed =
          renameRef(function, inner, argInput, "", input);
      if (!renamed)
        return fail("node '" + node.name() + "' of function '" + name +
                    "' has input '" + input +
                    "', which names nothing in the function");
      copy->add_input(*renamed);
    }
  }
  for (const auto &arg : function.signature().output_arg()) {
    auto ret = function.ret().find(arg.name());
    std::optional<std::string> renamed =
        ret == function.ret().end()
            ? std::nullopt
            : renameRef(function, inner, argInput, "", ret->second);
    if (!renamed)
      return fail("function '" + name + "' has no value for its output '" +
                  arg.name() + "'");
    results.push_back(*renamed);
  }
  *out.mutable_library() = graph.library();
  return true;
}

} // namespace

bool tgc::frontend::functionToGraph(const tfp::GraphDef &graph,
                                    llvm::StringRef name, tfp::GraphDef &out,
                                    std::vector<std::string> &results,
                                    std::string &error) {
  tfp::GraphDef copy;
  *copy.mutable_library() = graph.library();
  Inliner inliner(copy, error);
  for (const tfp::FunctionDef &function : graph.library().function())
    if (function.signature().name() == name)
      return inliner.toGraph(function, out, results) &&
             inlineFunctionCalls(out, error);
  error = "function '" + name.str() + "' is not in the graph's library";
  return false;
}

bool tgc::frontend::inlineFunctionCalls(
    tfp::GraphDef &graph, std::string &error,
    std::map<std::string, std::string> *callErrors) {
  return Inliner(graph, error, callErrors).run();
}

//===- ControlFlowImporters.cpp - TF function calls, If, While -> tg ------===//
//
// The ControlFlow family (TensorLists, which only appear in loops, are in
// ControlFlowTensorListImporters.cpp).
//
// Function calls. A GraphDef exported from a TF2 tf.function keeps parts of
// the program in its function library and calls them with PartitionedCall or
// StatefulPartitionedCall. Before import, every such call is inlined into
// the graph: the callee's nodes are copied under the call node's name
// ("call/inner"), their inputs rewritten from the function's naming
// ("arg", "node:out_arg:k") to the graph's ("node:flat_index"), and the call
// node becomes an IdentityN of the function's results, so consumers of
// "call:k" see the k-th result.
//
// Assert becomes tg.assert of its condition, its message made of the node's
// name and its `data` inputs, which are not imported: the strings of string
// Consts, the names of other tensors. With --strip-asserts it is dropped.
//
// If/StatelessIf and While/StatelessWhile become tg.if and tg.while: each
// branch, cond or body function is turned into a graph of its own
// (functionToGraph) and imported into the op's region by a nested
// GraphImporter whose feeds are the region's arguments.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <map>

using namespace mlir;
using namespace tgc;
using namespace tgc::frontend;

//===----------------------------------------------------------------------===//
// Function calls
//===----------------------------------------------------------------------===//

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
  // (Stateful)PartitionedCall has one list output argument, "output".
  if ((inner.op() == "PartitionedCall" ||
       inner.op() == "StatefulPartitionedCall") &&
      outArg == "output")
    return k;
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

//===----------------------------------------------------------------------===//
// If and While
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importFunctionRegion(
    const tfp::NodeDef &node, llvm::StringRef attr, Region &region,
    ArrayRef<Value> args, ArrayRef<std::string> handles,
    SmallVectorImpl<Value> &results) {
  auto it = node.attr().find(attr.str());
  if (it == node.attr().end() ||
      it->second.value_case() != tfp::AttrValue::kFunc)
    return nodeError(node) << "missing function attribute '" << attr << "'";
  const std::string &name = it->second.func().name();
  tfp::GraphDef body;
  std::vector<std::string> rets;
  std::string error;
  if (!functionToGraph(graph, name, body, rets, error))
    return nodeError(node) << error;
  ImportOptions sub;
  sub.stripAsserts = options.stripAsserts;
  for (const std::string &ret : rets)
    sub.fetches.push_back({ret, ""});
  if (static_cast<int>(args.size()) > body.node_size())
    return nodeError(node) << "function '" << name << "' takes fewer "
                           << "arguments than the node passes";
  // A variable handle passed in (a resource loop value, e.g. an RNN's
  // weights) is that variable inside: its argument is no block argument.
  std::vector<std::pair<std::string, Variable>> inheritedHere;
  for (auto [i, arg] : llvm::enumerate(args)) {
    if (arg)
      continue;
    if (handles[i].empty() || !variables.count(handles[i]))
      return nodeError(node) << "input " << i
                             << " is a handle that tgc cannot trace to a "
                                "variable";
    const Variable &outer = variables.find(handles[i])->second;
    Variable copy = outer;
    copy.created = true;
    variableSymbol(handles[i]); // the symbol exists before the region uses it
    inheritedHere.push_back({body.node(i).name(), copy});
  }
  for (auto [i, arg] : llvm::enumerate(args)) {
    if (!arg)
      continue;
    auto tensor = cast<RankedTensorType>(arg.getType());
    FeedSpec spec;
    spec.name = body.node(i).name(); // the argument's placeholder
    // A TensorList argument (DT_VARIANT) is the stacked tensor it was
    // imported as: the placeholder takes that tensor's element type.
    auto dtype = body.node(i).attr().find("dtype");
    if (dtype != body.node(i).attr().end() &&
        dtype->second.type() == tfp::DT_VARIANT) {
      std::optional<int> elementType = dataTypeOf(tensor.getElementType());
      if (!elementType)
        return nodeError(node) << "loop-carried list of " << tensor
                               << " has no TensorFlow dtype";
      (*body.mutable_node(i)->mutable_attr())["dtype"].set_type(
          static_cast<tfp::DataType>(*elementType));
    }
    spec.shape = std::vector<int64_t>(tensor.getShape().begin(),
                                      tensor.getShape().end());
    sub.feeds.push_back(spec);
  }
  Block *block = new Block();
  region.push_back(block);
  for (Value arg : args)
    if (arg)
      block->addArgument(arg.getType(), nodeLoc(node));
  // A branch that reaches itself again would recurse without end.
  static thread_local int depth = 0;
  if (depth >= 32)
    return nodeError(node) << "functions nest more than 32 levels deep "
                              "(recursion through '"
                           << name << "'?)";
  ++depth;
  GraphImporter nested(context, body, sourceName + ":" + name, sub);
  for (auto &[placeholder, variable] : inheritedHere)
    nested.inherited.push_back({placeholder, variable});
  FailureOr<SmallVector<Value>> values = nested.importRegion(module, block);
  --depth;
  if (failed(values))
    return failure(); // the body's error names its node
  results.assign(values->begin(), values->end());
  return success();
}

LogicalResult GraphImporter::importAssert(const tfp::NodeDef &node,
                                          SmallVector<Value> &inputValues) {
  values[node.name()] = {};
  if (options.stripAsserts)
    return success();
  if (inputValues.size() != 1)
    return nodeError(node) << "needs a condition input";
  Value condition = inputValues.front();
  auto type = cast<RankedTensorType>(condition.getType());
  if (!type.getElementType().isInteger(1) || !type.hasStaticShape() ||
      type.getNumElements() != 1)
    return nodeError(node) << "condition of type " << type
                           << " is not a one-element bool tensor";
  // TF's layout, "assertion failed: [text] [text] [tensor]", after the node.
  std::string message = "assertion failed at node '" + node.name() + "':";
  const SmallVector<TensorRef> &refs = inputs[node.name()];
  for (size_t i = 1; i < refs.size(); ++i) {
    if (refs[i].control)
      continue;
    const tfp::NodeDef *source = nodes[refs[i].node];
    for (int steps = 0; source->op() == "Identity" &&
                        source->input_size() >= 1 && steps < 64;
         ++steps)
      source = nodes[inputs[source->name()][0].node];
    auto value = source->attr().find("value");
    if (source->op() == "Const" && value != source->attr().end() &&
        value->second.value_case() == tfp::AttrValue::kTensor &&
        value->second.tensor().dtype() == tfp::DT_STRING) {
      for (const std::string &text : value->second.tensor().string_val())
        message += " [" + text + "]";
      continue;
    }
    // tgc does not print tensors: name the one TF would print.
    message += " [value of " + refs[i].key() + "]";
  }
  builder.create<tg::AssertOp>(nodeLoc(node), condition,
                               builder.getStringAttr(message));
  return success();
}

LogicalResult GraphImporter::importControlFlow(const tfp::NodeDef &node,
                                               ValueRange inputValues) {
  Location loc = nodeLoc(node);
  OpBuilder::InsertionGuard guard(builder);
  if (isIf(node.op())) {
    if (inputValues.empty())
      return nodeError(node) << "needs a condition";
    Value condition = inputValues.front();
    auto condType = cast<RankedTensorType>(condition.getType());
    if (!condType.getElementType().isInteger(1) || condType.getRank() != 0)
      return nodeError(node) << "condition of type " << condType
                             << " is not supported (only boolean scalars)";
    SmallVector<Value> all(inputValues.drop_front());
    std::vector<std::string> handles = handlesOf(node, all, 1);
    SmallVector<Value> args = nonNull(all);
    auto op = builder.create<tg::IfOp>(loc, TypeRange{}, condition, args);
    SmallVector<Value> thenValues, elseValues;
    if (failed(importFunctionRegion(node, "then_branch", op.getThenRegion(),
                                    all, handles, thenValues)) ||
        failed(importFunctionRegion(node, "else_branch", op.getElseRegion(),
                                    all, handles, elseValues)))
      return op.erase(), failure();
    // A branch that returns a handle returns the variable, not a value.
    if (thenValues.size() != elseValues.size())
      return op.erase(), nodeError(node) << "the branches return "
                                         << thenValues.size() << " and "
                                         << elseValues.size() << " values";
    SmallVector<bool> isHandle;
    for (auto [t, e] : llvm::zip(thenValues, elseValues)) {
      if (!t != !e)
        return op.erase(), nodeError(node)
                               << "one branch returns a variable handle "
                                  "where the other returns a value";
      isHandle.push_back(!t);
    }
    thenValues = nonNull(thenValues);
    elseValues = nonNull(elseValues);
    if (ValueRange(thenValues).getTypes() != ValueRange(elseValues).getTypes()) {
      op.erase();
      return nodeError(node) << "the branches return different types: "
                             << ValueRange(thenValues).getTypes() << " and "
                             << ValueRange(elseValues).getTypes();
    }
    builder.setInsertionPointToEnd(&op.getThenRegion().front());
    builder.create<tg::YieldOp>(loc, thenValues);
    builder.setInsertionPointToEnd(&op.getElseRegion().front());
    builder.create<tg::YieldOp>(loc, elseValues);
    // Results take the branches' types: rebuild the op with them.
    builder.setInsertionPoint(op);
    auto result = builder.create<tg::IfOp>(
        loc, ValueRange(thenValues).getTypes(), condition, args);
    result.getThenRegion().takeBody(op.getThenRegion());
    result.getElseRegion().takeBody(op.getElseRegion());
    op.erase();
    SmallVector<Value> outputs;
    auto next = result.getResults().begin();
    for (bool handle : isHandle)
      outputs.push_back(handle ? Value() : *next++);
    values[node.name()] = outputs;
    return success();
  }

  // While: cond and body over the loop-carried values; variable handles
  // (loop-invariant resources) are the variables inside, not values.
  SmallVector<Value> all(inputValues.begin(), inputValues.end());
  std::vector<std::string> handles = handlesOf(node, all, 0);
  SmallVector<Value> carried = nonNull(all);
  auto op = builder.create<tg::WhileOp>(loc, ValueRange(carried).getTypes(),
                                        carried);
  SmallVector<Value> condValues, bodyValues;
  if (failed(importFunctionRegion(node, "cond", op.getCondRegion(), all,
                                  handles, condValues)) ||
      failed(importFunctionRegion(node, "body", op.getBodyRegion(), all,
                                  handles, bodyValues)))
    return op.erase(), failure();
  if (bodyValues.size() != all.size())
    return op.erase(), nodeError(node) << "the body returns "
                                       << bodyValues.size() << " values for "
                                       << all.size() << " loop values";
  for (auto [i, pair] : llvm::enumerate(llvm::zip(all, bodyValues)))
    if (!std::get<0>(pair) != !std::get<1>(pair))
      return op.erase(), nodeError(node)
                             << "loop value " << i
                             << " is a variable handle on one side of the "
                                "body and a value on the other";
  bodyValues = nonNull(bodyValues);
  SmallVector<Value> inputValuesStorage = carried;
  ValueRange loopInputs(inputValuesStorage);
  if (condValues.size() != 1)
    return op.erase(), nodeError(node) << "the cond function returns "
                                       << condValues.size() << " values";
  auto condType = cast<RankedTensorType>(condValues[0].getType());
  if (!condType.getElementType().isInteger(1) || condType.getRank() != 0)
    return op.erase(), nodeError(node) << "the cond function returns "
                                       << condType
                                       << ", not a boolean scalar";
  for (auto [i, pair] :
       llvm::enumerate(llvm::zip(loopInputs.getTypes(), bodyValues))) {
    Type in = std::get<0>(pair), out = std::get<1>(pair).getType();
    if (in != out)
      return op.erase(), nodeError(node)
                             << "loop-carried value " << i
                             << " changes type from " << in << " to " << out
                             << " in the body; tgc needs a fixed type";
  }
  builder.setInsertionPointToEnd(&op.getCondRegion().front());
  builder.create<tg::ConditionOp>(loc, condValues[0]);
  builder.setInsertionPointToEnd(&op.getBodyRegion().front());
  builder.create<tg::YieldOp>(loc, bodyValues);
  SmallVector<Value> outputs;
  auto next = op.getResults().begin();
  for (Value input : all)
    outputs.push_back(input ? *next++ : Value());
  values[node.name()] = outputs;
  return success();
}

std::vector<std::string>
GraphImporter::handlesOf(const tfp::NodeDef &node, ArrayRef<Value> values,
                         size_t firstData) {
  // The variable behind each null value (a handle), by the data input.
  std::vector<std::string> handles(values.size());
  size_t data = 0;
  for (const TensorRef &ref : inputs[node.name()]) {
    if (ref.control)
      continue;
    if (data >= firstData && data - firstData < values.size() &&
        !values[data - firstData]) {
      auto resource = resourceOf.find(ref.node);
      if (resource != resourceOf.end())
        handles[data - firstData] = resource->second;
    }
    ++data;
  }
  return handles;
}

SmallVector<Value> GraphImporter::nonNull(ArrayRef<Value> values) {
  SmallVector<Value> result;
  for (Value value : values)
    if (value)
      result.push_back(value);
  return result;
}

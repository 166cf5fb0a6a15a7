//===- Importer.cpp - GraphDef -> tg dialect -------------------------------===//
//
// The import of a graph:
//   1. index the nodes (duplicate names are an error) and parse inputs;
//   2. find the variables (VariableV2, VarHandleOp, and Consts named by
//      --variables) with their constant initialisers (VariablesImporters.cpp);
//   3. resolve feeds ("node" or "node:k") and fetches (FeedsFetches.cpp);
//   4. collect what the fetches need, walking data and control inputs back
//      to feeds (control edges carry the order of side effects, which run
//      as TensorFlow runs them); the rest is pruned; a cycle is an error
//      naming a node on it;
//   5. reject, in one diagnostic, every op type tgc cannot import;
//   6. build one entry function in topological order: feeds are arguments
//      (tg.feed), fetches results (tg.fetch), each node a few tg ops located
//      at the node's name, made by its importer in the op table or, for the
//      ops the importer handles itself, by VariablesImporters.cpp and
//      ControlFlowImporters.cpp (If, While).
//
// This file holds steps 1 and 4 to 6, the op classes the importer handles
// itself, and the entry points importGraphBuffer and importGraphFile. The
// GraphImporter class is declared in ImporterInternal.h.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "tgc/Frontend/Import.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace tgc;
using namespace tgc::frontend;

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

std::optional<TensorRef> tgc::frontend::parseTensorRef(llvm::StringRef text) {
  TensorRef ref;
  if (text.consume_front("^"))
    ref.control = true;
  size_t colon = text.rfind(':');
  if (colon != llvm::StringRef::npos && !ref.control) {
    llvm::StringRef index = text.substr(colon + 1);
    if (index.empty() || index.getAsInteger(10, ref.index) || ref.index < 0)
      return std::nullopt;
    text = text.take_front(colon);
  }
  if (text.empty())
    return std::nullopt;
  ref.node = text.str();
  return ref;
}

//===----------------------------------------------------------------------===//
// Op classes the importer handles itself
//===----------------------------------------------------------------------===//

namespace tgc::frontend {

bool isVariableNode(llvm::StringRef op) {
  return op == "VariableV2" || op == "Variable" || op == "VarHandleOp";
}

/// The kind of a scatter into a variable ("add" for ScatterAdd and
/// ResourceScatterAdd), or "" for other ops.
llvm::StringRef scatterKind(llvm::StringRef op) {
  if (!op.consume_front("ResourceScatter") && !op.consume_front("Scatter"))
    return "";
  return llvm::StringSwitch<llvm::StringRef>(op)
      .Case("Add", "add")
      .Case("Sub", "sub")
      .Case("Mul", "mul")
      .Case("Div", "div")
      .Case("Min", "min")
      .Case("Max", "max")
      .Case("Update", "update")
      .Default("");
}

/// The resource-variable updates, which have no outputs.
bool isResourceAssignment(llvm::StringRef op) {
  return op == "AssignVariableOp" || op == "AssignAddVariableOp" ||
         op == "AssignSubVariableOp" ||
         (op.starts_with("ResourceScatter") && !scatterKind(op).empty());
}

/// Ops that update a variable: the resource forms and TF1's reference forms
/// (Assign, AssignAdd, AssignSub, Scatter*), which return the new value.
bool isAssignment(llvm::StringRef op) {
  return op == "Assign" || op == "AssignAdd" || op == "AssignSub" ||
         isResourceAssignment(op) || !scatterKind(op).empty();
}

/// Ops whose first input is a variable (a resource handle or a TF1
/// reference): the reads and the assignments.
bool takesVariable(llvm::StringRef op) {
  return op == "ReadVariableOp" || op == "ResourceGather" ||
         op == "VarIsInitializedOp" || op == "IsVariableInitialized" ||
         isAssignment(op);
}

bool isIf(llvm::StringRef op) { return op == "If" || op == "StatelessIf"; }
bool isWhile(llvm::StringRef op) {
  return op == "While" || op == "StatelessWhile";
}

/// Ops with special handling here rather than an entry in the op table.
bool isStructural(llvm::StringRef op) {
  return op == "Placeholder" || op == "IdentityN" || isVariableNode(op) ||
         takesVariable(op) || isIf(op) || isWhile(op) || op == "Assert";
}

/// Whether data input `index` of `node` is not a value the import needs:
/// an Assert's `data` inputs only make its message (often strings, which tgc
/// has no dtype for), and a stripped Assert needs no input at all.
bool isUnimportedInput(const tfp::NodeDef &node, size_t index,
                       bool stripAsserts) {
  return node.op() == "Assert" && (index > 0 || stripAsserts);
}

/// Number of entries of a list attribute (types), or -1.
static int listSize(const tfp::NodeDef &node, const char *name) {
  auto it = node.attr().find(name);
  if (it == node.attr().end() ||
      it->second.value_case() != tfp::AttrValue::kList)
    return -1;
  return it->second.list().type_size();
}

/// Number of outputs of a structural op, or -1 when it is not one.
int structuralOutputs(const tfp::NodeDef &node) {
  llvm::StringRef op = node.op();
  if (isResourceAssignment(op) || op == "Assert")
    return 0;
  if (op == "IdentityN")
    return node.input_size();
  if (isIf(op)) {
    int n = listSize(node, "Tout");
    return n >= 0 ? n : 0;
  }
  if (isWhile(op)) {
    int n = listSize(node, "T");
    return n >= 0 ? n : node.input_size();
  }
  if (isStructural(op))
    return 1;
  return -1;
}

} // namespace tgc::frontend

//===----------------------------------------------------------------------===//
// The walk: indexing, pruning, the supported-op check
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::indexNodes() {
  for (const tfp::NodeDef &node : graph.node()) {
    if (node.name().empty())
      return emitError(fileLoc()) << "a node of op '" << node.op()
                                  << "' has an empty name";
    if (!nodes.try_emplace(node.name(), &node).second)
      return emitError(nodeLoc(node))
             << "duplicate node name '" << node.name() << "'";
  }
  for (const tfp::NodeDef &node : graph.node()) {
    SmallVector<TensorRef> refs;
    for (const std::string &input : node.input()) {
      std::optional<TensorRef> ref = parseTensorRef(input);
      if (!ref)
        return nodeError(node) << "malformed input '" << input << "'";
      if (!nodes.count(ref->node))
        return nodeError(node) << "input '" << input
                               << "' names no node in the graph";
      refs.push_back(*ref);
    }
    inputs[node.name()] = std::move(refs);
  }
  return success();
}

LogicalResult GraphImporter::collectNeeded() {
  // Iterative depth-first search from the fetches over data and control
  // edges, as TensorFlow runs a fetch: everything it depends on executes,
  // side effects (assignments, assertions) reached only through control
  // edges included, and nothing on such a path is dropped (an op tgc cannot
  // import is an error, see checkSupported). A fed tensor cuts its edge; a
  // control edge to a fed node is satisfied by the feed. Post-order is a
  // topological order, so effects run in the order the edges give.
  enum class State { Unvisited, Active, Done };
  llvm::StringMap<State> state;
  SmallVector<std::pair<const tfp::NodeDef *, size_t>> stack;
  auto follows = [&](const TensorRef &ref) {
    if (ref.control)
      return !feedByTensor.count(TensorRef{ref.node, 0, false}.key());
    return !feedByTensor.count(ref.key());
  };
  auto cycleError = [&](const std::string &name) -> LogicalResult {
    // A loop that could not be rewritten into a While says why.
    if (callErrors)
      if (auto it = callErrors->find(name); it != callErrors->end())
        return emitError(fileLoc()) << it->second;
    // A TF1 loop is a cycle through NextIteration.
    bool loop = nodes[name]->op() == "NextIteration";
    for (auto &[node, next] : llvm::reverse(stack)) {
      loop |= node->op() == "NextIteration";
      if (node->name() == name)
        break;
    }
    if (loop)
      return nodeError(*nodes[name])
             << "is part of a TF1 while loop (Enter/Merge/Switch/"
                "NextIteration/Exit), which tgc cannot import yet";
    return nodeError(*nodes[name]) << "the graph has a cycle through this node";
  };

  for (const Fetch &fetch : fetches) {
    if (!fetch.target && feedByTensor.count(fetch.ref.key()))
      continue;
    if (state.lookup(fetch.ref.node) == State::Done)
      continue;
    stack.push_back({nodes[fetch.ref.node], 0});
    state[fetch.ref.node] = State::Active;
    while (!stack.empty()) {
      auto &[node, next] = stack.back();
      const SmallVector<TensorRef> &refs = inputs[node->name()];
      if (next < refs.size()) {
        const TensorRef &input = refs[next++];
        if ((!input.control &&
             isUnimportedInput(*node, next - 1, options.stripAsserts)) ||
            !follows(input))
          continue;
        State inputState = state.lookup(input.node);
        if (inputState == State::Active)
          return cycleError(input.node);
        if (inputState == State::Unvisited) {
          state[input.node] = State::Active;
          stack.push_back({nodes[input.node], 0});
        }
        continue;
      }
      state[node->name()] = State::Done;
      order.push_back(node);
      stack.pop_back();
    }
  }
  return success();
}

LogicalResult GraphImporter::checkSupported() {
  // The needed node nearest the fetches that could not be rewritten says
  // why (an invalid node inside a conditional before its Switch's).
  if (callErrors)
    for (const tfp::NodeDef *node : llvm::reverse(order))
      if (auto it = callErrors->find(node->name()); it != callErrors->end())
        return emitError(fileLoc()) << it->second;
  llvm::MapVector<llvm::StringRef, SmallVector<llvm::StringRef>> unsupported;
  for (const tfp::NodeDef *node : order) {
    if (isStructural(node->op()) || variables.count(node->name()))
      continue;
    if (!lookupOpImporter(node->op()))
      unsupported[node->op()].push_back(node->name());
  }
  if (unsupported.empty())
    return success();
  InFlightDiagnostic diag = emitError(fileLoc());
  diag << "the graph uses " << unsupported.size()
       << " unsupported TensorFlow op"
       << (unsupported.size() == 1 ? "" : "s") << ": ";
  bool first = true;
  for (auto &[op, names] : unsupported) {
    diag << (first ? "" : "; ") << op << " (node"
         << (names.size() == 1 ? "" : "s") << " ";
    for (size_t i = 0; i < names.size(); ++i) {
      if (i == 8) {
        diag << ", and " << names.size() - 8 << " more";
        break;
      }
      diag << (i ? ", " : "") << "'" << names[i] << "'";
    }
    diag << ")";
    first = false;
  }
  // Without --fetch, the fetches are every node that nothing consumes,
  // which often includes a branch the user does not need (a bucketizer, a
  // debug summary). Name the default fetches that compile.
  if (options.fetches.empty() && !inRegion) {
    llvm::StringSet<> bad;
    for (auto &[op, names] : unsupported)
      for (llvm::StringRef name : names)
        bad.insert(name);
    SmallVector<llvm::StringRef> fine;
    for (const Fetch &fetch : fetches)
      if (!reaches(fetch.ref.node, bad))
        fine.push_back(fetch.ref.node);
    diag << "; without --fetch, tgc computes every node that nothing "
            "consumes (" << fetches.size() << ")";
    if (!fine.empty()) {
      diag << "; of these, --fetch";
      for (size_t i = 0; i < fine.size() && i < 8; ++i)
        diag << " " << fine[i];
      diag << (fine.size() > 8 ? " ..." : "")
           << " compile" << (fine.size() == 1 ? "s" : "");
    } else {
      diag << "; name the outputs you need with --fetch";
    }
  }
  return failure();
}


//===----------------------------------------------------------------------===//
// The entry function, node by node
//===----------------------------------------------------------------------===//

LogicalResult
GraphImporter::importStructural(const tfp::NodeDef &node,
                                SmallVector<Value> &inputValues) {
  llvm::StringRef op = node.op();
  if (op == "Placeholder" && !variables.count(node.name()))
    return nodeError(node) << "placeholder is not fed";
  if (variables.count(node.name())) {
    // A variable node produces a reference (VariableV2, a Const made a
    // variable) or a handle (VarHandleOp); consumers read it where they run.
    values[node.name()] = {Value()};
    return success();
  }
  if (op == "VarHandleOp") {
    values[node.name()] = {Value()};
    return success();
  }
  if (op == "IdentityN") {
    values[node.name()] = inputValues;
    return success();
  }
  if (isIf(op) || isWhile(op))
    return importControlFlow(node, inputValues);
  if (op == "Assert")
    return importAssert(node, inputValues);
  return importVariableAccess(node, inputValues);
}

LogicalResult GraphImporter::importNode(const tfp::NodeDef &node) {
  SmallVector<Value> inputValues;
  for (auto [index, ref] : llvm::enumerate(inputs[node.name()])) {
    if (ref.control || isUnimportedInput(node, index, options.stripAsserts))
      continue;
    auto fed = feedByTensor.find(ref.key());
    if (fed != feedByTensor.end()) {
      inputValues.push_back(feedValues[fed->second]);
      continue;
    }
    int available = numOutputs(*nodes[ref.node]);
    if (ref.index >= available)
      return nodeError(node) << "input '" << ref.key()
                             << "' does not exist: node '" << ref.node
                             << "' has " << available << " output"
                             << (available == 1 ? "" : "s");
    // A TF1 reference variable is read by its consumer, after the
    // consumer's control inputs (assignments) have run; the ops that take
    // the reference itself get it.
    bool takesReference = takesVariable(node.op()) && inputValues.empty();
    auto variable = variables.find(ref.node);
    if (variable != variables.end() &&
        nodes[ref.node]->op() != "VarHandleOp" && !takesReference) {
      inputValues.push_back(builder.create<tg::ReadOp>(
          nodeLoc(node), variable->second.type, variableSymbol(ref.node)));
      continue;
    }
    const SmallVector<Value> &outputs = values[ref.node];
    if (ref.index >= static_cast<int>(outputs.size()))
      return nodeError(node) << "input '" << ref.key()
                             << "' does not exist: node '" << ref.node
                             << "' has " << outputs.size() << " output"
                             << (outputs.size() == 1 ? "" : "s");
    inputValues.push_back(outputs[ref.index]);
  }
  bool takesResource = takesVariable(node.op());
  if (node.op() == "Identity" && !inputs[node.name()].empty() &&
      resourceOf.count(inputs[node.name()].front().node)) {
    // An Identity of a variable handle is the same handle.
    resourceOf[node.name()] = resourceOf[inputs[node.name()].front().node];
    values[node.name()] = {Value()};
    return success();
  }
  bool passesHandles = isIf(node.op()) || isWhile(node.op()) ||
                       node.op() == "IdentityN";
  for (auto [i, value] : llvm::enumerate(inputValues))
    if (!value && !(takesResource && i == 0) && !passesHandles)
      return nodeError(node) << "input " << i
                             << " is a variable handle; only variable reads "
                                "and assignments take one";

  if (isStructural(node.op()) || variables.count(node.name()))
    return importStructural(node, inputValues);

  const OpImporter *importer = lookupOpImporter(node.op());
  NodeContext ctx{builder, nodeLoc(node), node, std::move(inputValues)};
  if (importer->numInputs >= 0 &&
      static_cast<int>(ctx.inputs.size()) != importer->numInputs)
    return nodeError(node) << "has " << ctx.inputs.size() << " input"
                           << (ctx.inputs.size() == 1 ? "" : "s")
                           << ", expected " << importer->numInputs;
  FailureOr<SmallVector<Value>> outputs = importer->import(ctx);
  if (failed(outputs))
    return failure();
  values[node.name()] = std::move(*outputs);
  return success();
}

LogicalResult GraphImporter::prepare() {
  context.loadDialect<tg::TgDialect, func::FuncDialect>();
  if (failed(indexNodes()) || failed(findVariables()) ||
      failed(resolveFeeds()) || failed(resolveFetches()) ||
      failed(collectNeeded()) ||
      (!options.checkpoint.empty() && failed(restoreCheckpoint())))
    return failure();
  // Placeholders that the fetches need become feeds too, in graph order.
  llvm::DenseSet<const tfp::NodeDef *> needed(order.begin(), order.end());
  for (const tfp::NodeDef &node : graph.node()) {
    if (node.op() != "Placeholder" || !needed.count(&node) ||
        variables.count(node.name()))
      continue;
    TensorRef ref{node.name(), 0, false};
    if (feedByTensor.count(ref.key()))
      continue;
    FailureOr<RankedTensorType> type = feedType(node, 0, nullptr);
    if (failed(type))
      return failure();
    for (const Feed &other : feeds)
      if (other.name == node.name())
        return emitError(nodeLoc(node))
               << "two feeds are named '" << node.name()
               << "': the placeholder and a renamed feed";
    feedByTensor[ref.key()] = feeds.size();
    feeds.push_back({node.name(), ref, *type});
  }
  return checkSupported();
}

FailureOr<SmallVector<Value>> GraphImporter::emitBody() {
  for (const tfp::NodeDef *node : order) {
    // A fed node whose every needed output is fed is not imported.
    if (node->op() == "Placeholder" &&
        feedByTensor.count(TensorRef{node->name(), 0, false}.key()))
      continue;
    if (failed(importNode(*node)))
      return failure();
  }
  SmallVector<Value> results;
  for (const Fetch &fetch : fetches) {
    if (fetch.target)
      continue;
    auto fed = feedByTensor.find(fetch.ref.key());
    if (fed != feedByTensor.end()) {
      results.push_back(feedValues[fed->second]);
      continue;
    }
    const SmallVector<Value> &outputs = values[fetch.ref.node];
    if (inRegion && resourceOf.count(fetch.ref.node)) {
      results.push_back(Value()); // a handle, returned as it came in
      continue;
    }
    if (fetch.ref.index >= static_cast<int>(outputs.size()) ||
        !outputs[fetch.ref.index])
      return emitError(nodeLoc(*nodes[fetch.ref.node]))
             << "fetch '" << fetch.name << "': node '" << fetch.ref.node
             << "' has no such output";
    results.push_back(outputs[fetch.ref.index]);
  }
  return results;
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  if (failed(prepare()))
    return nullptr;
  ownedModule = ModuleOp::create(fileLoc());
  module = *ownedModule;
  builder.setInsertionPointToEnd(module.getBody());
  SmallVector<Type> argTypes;
  for (const Feed &feed : feeds)
    argTypes.push_back(feed.type);
  auto func = builder.create<func::FuncOp>(
      fileLoc(), options.entryName, builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  for (auto [i, feed] : llvm::enumerate(feeds))
    func.setArgAttr(i, tg::kFeedAttr, builder.getStringAttr(feed.name));
  feedValues.assign(body->getArguments().begin(), body->getArguments().end());

  FailureOr<SmallVector<Value>> results = emitBody();
  if (failed(results))
    return nullptr;
  builder.create<func::ReturnOp>(fileLoc(), *results);
  func.setType(
      builder.getFunctionType(argTypes, ValueRange(*results).getTypes()));
  int index = 0;
  for (const Fetch &fetch : fetches)
    if (!fetch.target)
      func.setResultAttr(index++, tg::kFetchAttr,
                         builder.getStringAttr(fetch.name));

  if (options.freeze && failed(freezeVariables()))
    return nullptr;
  if (failed(mlir::verify(module)))
    return nullptr;
  return std::move(ownedModule);
}

LogicalResult GraphImporter::freezeVariables() {
  // Every read becomes a constant of the variable's initial value (zeros
  // without one); the variables then go.
  SymbolTable symbols(module);
  SmallVector<tg::ReadOp> reads;
  WalkResult walk = module.walk([&](Operation *op) {
    if (auto read = dyn_cast<tg::ReadOp>(op)) {
      reads.push_back(read);
      return WalkResult::advance();
    }
    if (auto assign = dyn_cast<tg::AssignOp>(op)) {
      emitError(assign.getLoc())
          << "--freeze: the graph assigns variable '"
          << assign.getVariable() << "', which a frozen graph cannot";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  for (tg::ReadOp read : reads) {
    auto variable = symbols.lookup<tg::VariableOp>(read.getVariable());
    auto type = cast<RankedTensorType>(read.getType());
    ElementsAttr value = variable.getInitialValueAttr();
    if (!value)
      value = DenseElementsAttr::get(
          type, builder.getZeroAttr(type.getElementType()));
    OpBuilder at(read);
    read.replaceAllUsesWith(
        at.create<tg::ConstantOp>(read.getLoc(), value).getResult());
    read.erase();
  }
  for (auto variable :
       llvm::make_early_inc_range(module.getOps<tg::VariableOp>()))
    variable.erase();
  return success();
}

FailureOr<SmallVector<Value>>
GraphImporter::importRegion(ModuleOp parent, Block *block) {
  module = parent;
  inRegion = true;
  if (failed(prepare()))
    return failure();
  if (feeds.size() != block->getNumArguments())
    return emitError(fileLoc()) << "the function takes "
                                << block->getNumArguments()
                                << " arguments but imports " << feeds.size();
  builder.setInsertionPointToEnd(block);
  feedValues.assign(block->getArguments().begin(),
                    block->getArguments().end());
  return emitBody();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

bool tgc::frontend::prepareGraph(
    tfp::GraphDef &graph, std::string &error,
    std::map<std::string, std::string> &callErrors) {
  if (!inlineFunctionCalls(graph, error, &callErrors))
    return false;
  rewriteTensorArrays(graph);
  if (!functionalizeConds(graph, error, &callErrors) ||
      !functionalizeLoops(graph, error, &callErrors))
    return false;
  inferListElementShapes(graph);
  return true;
}

OwningOpRef<ModuleOp> tgc::importGraphBuffer(MLIRContext &context,
                                             llvm::StringRef buffer,
                                             llvm::StringRef format,
                                             const std::string &sourceName,
                                             const ImportOptions &options) {
  tfp::GraphDef graph;
  std::string error;
  if (!parseGraphDef(buffer, format, sourceName, graph, error)) {
    emitError(UnknownLoc::get(&context)) << error;
    return nullptr;
  }
  std::map<std::string, std::string> callErrors;
  if (!prepareGraph(graph, error, callErrors)) {
    emitError(FileLineColLoc::get(&context, sourceName, 0, 0)) << error;
    return nullptr;
  }
  return GraphImporter(context, graph, sourceName, options, &callErrors).run();
}

OwningOpRef<ModuleOp> tgc::importGraphFile(MLIRContext &context,
                                           const std::string &path,
                                           const ImportOptions &options) {
  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (isSavedModelDirectory(path))
    return importSavedModel(context, path, options);
  if (extension == ".json") {
    TfjsModel model;
    std::string error;
    if (!readTfjsModel(path, model, error)) {
      emitError(UnknownLoc::get(&context)) << error;
      return nullptr;
    }
    std::map<std::string, std::string> callErrors;
    if (!prepareGraph(model.graph, error, callErrors)) {
      emitError(FileLineColLoc::get(&context, path, 0, 0)) << error;
      return nullptr;
    }
    // The signature gives the feeds and fetches the user did not: its
    // inputs (with their shapes) unless fed explicitly, and its outputs
    // unless --fetch names others.
    ImportOptions withSignature = options;
    llvm::StringSet<> placeholders;
    for (const tfp::NodeDef &node : model.graph.node())
      if (node.op() == "Placeholder")
        placeholders.insert(node.name());
    for (auto &input : model.inputs) {
      const std::string &name = input.first;
      const std::optional<std::vector<int64_t>> &shape = input.second;
      if (llvm::any_of(options.feeds,
                       [&](const FeedSpec &f) { return f.name == name; }))
        continue;
      // A placeholder gets the signature's shape when the fetches need it;
      // another node is fed (the graph is cut there).
      if (placeholders.count(name)) {
        if (shape) {
          // TF.js runs a model on one example at a time: an unknown batch
          // dimension defaults to 1 (--feed NAME:SHAPE overrides it).
          std::vector<int64_t> hint = *shape;
          if (!hint.empty() && hint[0] < 0)
            hint[0] = 1;
          withSignature.shapeHints[name] = hint;
        }
        continue;
      }
      FeedSpec spec;
      spec.name = name;
      spec.shape = shape;
      if (spec.shape)
        for (int64_t &dim : *spec.shape)
          if (dim < 0)
            dim = ShapedType::kDynamic;
      withSignature.feeds.push_back(spec);
    }
    // Placeholders the signature does not describe get the same default.
    for (const tfp::NodeDef &node : model.graph.node()) {
      if (node.op() != "Placeholder" || withSignature.shapeHints.count(node.name()))
        continue;
      auto shape = node.attr().find("shape");
      if (shape == node.attr().end() ||
          shape->second.value_case() != tfp::AttrValue::kShape ||
          shape->second.shape().unknown_rank() ||
          shape->second.shape().dim_size() == 0 ||
          shape->second.shape().dim(0).size() != -1)
        continue;
      std::vector<int64_t> hint;
      for (const auto &dim : shape->second.shape().dim())
        hint.push_back(dim.size());
      hint[0] = 1;
      withSignature.shapeHints[node.name()] = hint;
    }
    if (withSignature.fetches.empty())
      for (const std::string &name : model.outputs)
        withSignature.fetches.push_back({name, ""});
    return GraphImporter(context, model.graph, path, withSignature,
                         &callErrors)
        .run();
  }
  if (std::optional<std::string> hint = unsupportedInputHint(path)) {
    emitError(UnknownLoc::get(&context)) << *hint;
    return nullptr;
  }
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    emitError(UnknownLoc::get(&context))
        << "cannot read '" << path << "': " << file.getError().message();
    return nullptr;
  }
  llvm::StringRef format =
      (extension == ".pbtxt" || extension == ".txt" || extension == ".pbtext")
          ? "text"
          : "binary";
  return importGraphBuffer(context, (*file)->getBuffer(), format, path,
                           options);
}

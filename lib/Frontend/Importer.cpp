//===- Importer.cpp - GraphDef -> tg dialect -------------------------------===//
//
// The import of a graph:
//   1. index the nodes (duplicate names are an error) and parse inputs;
//   2. find the variables (VariableV2, VarHandleOp, and Consts named by
//      --variables) with their constant initialisers;
//   3. resolve feeds ("node" or "node:k") and fetches;
//   4. collect what the fetches need, walking data inputs back to feeds,
//      and control inputs only to nodes with side effects (assignments);
//      the rest is pruned; a cycle is an error naming a node on it;
//   5. reject, in one diagnostic, every op type tgc cannot import;
//   6. build one entry function in topological order: feeds are arguments
//      (tg.feed), fetches results (tg.fetch), each node a few tg ops located
//      at the node's name.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "dialects/tg/TgDialect.h"
#include "tgc/Frontend/Import.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
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

static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "," : "") + (ShapedType::isDynamic(shape[i])
                                  ? std::string("?")
                                  : std::to_string(shape[i]));
  return text + "]";
}

std::optional<std::string> tgc::parseFeedSpec(const std::string &text,
                                              FeedSpec &spec) {
  llvm::StringRef ref(text);
  size_t colon = ref.rfind(':');
  if (colon == llvm::StringRef::npos) {
    spec.name = text;
    spec.shape.reset();
    return text.empty() ? std::optional<std::string>("empty --feed")
                        : std::nullopt;
  }
  spec.name = ref.take_front(colon).str();
  llvm::StringRef shapeText = ref.substr(colon + 1);
  if (spec.name.empty())
    return "--feed '" + text + "' has no node name";
  std::vector<int64_t> shape;
  if (!shapeText.empty() && shapeText != "scalar") {
    SmallVector<llvm::StringRef> dims;
    shapeText.split(dims, 'x');
    for (llvm::StringRef dim : dims) {
      int64_t size;
      if (dim == "?" || dim == "-1") {
        shape.push_back(ShapedType::kDynamic);
      } else if (dim.getAsInteger(10, size) || size < 0) {
        return "--feed '" + text + "': invalid dimension '" + dim.str() +
               "' (expected a shape like 1x784, ?x3 or 'scalar')";
      } else if (size > (int64_t(1) << 40)) {
        return "--feed '" + text + "': dimension " + dim.str() +
               " is absurdly large";
      } else {
        shape.push_back(size);
      }
    }
  }
  spec.shape = std::move(shape);
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Op classes the importer handles itself
//===----------------------------------------------------------------------===//

namespace {

bool isVariableNode(llvm::StringRef op) {
  return op == "VariableV2" || op == "Variable" || op == "VarHandleOp";
}

/// Ops that update a variable: control edges to them are kept.
bool isAssignment(llvm::StringRef op) {
  return op == "Assign" || op == "AssignAdd" || op == "AssignVariableOp" ||
         op == "AssignAddVariableOp";
}

bool isIf(llvm::StringRef op) { return op == "If" || op == "StatelessIf"; }
bool isWhile(llvm::StringRef op) {
  return op == "While" || op == "StatelessWhile";
}

/// Ops with special handling here rather than an entry in the op table.
bool isStructural(llvm::StringRef op) {
  return op == "Placeholder" || op == "IdentityN" || op == "ReadVariableOp" ||
         isVariableNode(op) || isAssignment(op) || isIf(op) || isWhile(op);
}

/// Number of entries of a list attribute (types), or -1.
int listSize(const tfp::NodeDef &node, const char *name) {
  auto it = node.attr().find(name);
  if (it == node.attr().end() ||
      it->second.value_case() != tfp::AttrValue::kList)
    return -1;
  return it->second.list().type_size();
}

/// Number of outputs of a structural op, or -1 when it is not one.
int structuralOutputs(const tfp::NodeDef &node) {
  llvm::StringRef op = node.op();
  if (op == "AssignVariableOp" || op == "AssignAddVariableOp")
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

//===----------------------------------------------------------------------===//
// The importer
//===----------------------------------------------------------------------===//

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, const tfp::GraphDef &graph,
                const std::string &sourceName, const ImportOptions &options,
                const std::map<std::string, std::string> *callErrors = nullptr)
      : context(context), graph(graph), sourceName(sourceName),
        options(options), builder(&context), callErrors(callErrors) {}

  /// Imports the graph as the module's entry function.
  OwningOpRef<ModuleOp> run();

  /// Imports the graph (a function's body, see functionToGraph) into
  /// `block`, whose arguments are the feeds in order; returns the fetches.
  FailureOr<SmallVector<Value>> importRegion(ModuleOp parent, Block *block);

private:
  struct Feed {
    std::string name; // in the signature
    TensorRef ref;
    RankedTensorType type;
  };
  struct Fetch {
    std::string name; // in the signature
    TensorRef ref;
    bool target = false; // a node without outputs, run for its effects
  };
  struct Variable {
    std::string symbol;
    RankedTensorType type;
    ElementsAttr initialValue; // null: zeros
    bool readonly = false;
    bool created = false;
  };

  Location fileLoc() {
    return FileLineColLoc::get(&context, sourceName, 0, 0);
  }
  Location nodeLoc(const tfp::NodeDef &node) {
    return NameLoc::get(StringAttr::get(&context, node.name()),
                        NameLoc::get(StringAttr::get(&context, node.op())));
  }
  InFlightDiagnostic nodeError(const tfp::NodeDef &node) {
    return emitError(nodeLoc(node))
           << "node '" << node.name() << "' (" << node.op() << "): ";
  }
  int numOutputs(const tfp::NodeDef &node) {
    int structural = structuralOutputs(node);
    if (structural >= 0)
      return structural;
    const OpImporter *importer = lookupOpImporter(node.op());
    if (!importer)
      return 1;
    if (importer->numOutputs >= 0)
      return importer->numOutputs;
    for (const char *name : {"num", "num_split"}) {
      auto it = node.attr().find(name);
      if (it != node.attr().end() &&
          it->second.value_case() == tfp::AttrValue::kI)
        return static_cast<int>(std::clamp<int64_t>(it->second.i(), 0, 1 << 20));
    }
    return 1;
  }

  LogicalResult prepare();
  FailureOr<SmallVector<Value>> emitBody();
  LogicalResult importControlFlow(const tfp::NodeDef &node,
                                  ValueRange inputValues);
  LogicalResult importFunctionRegion(const tfp::NodeDef &node,
                                     llvm::StringRef attr, Region &region,
                                     TypeRange argTypes,
                                     SmallVectorImpl<Value> &results);
  LogicalResult indexNodes();
  LogicalResult findVariables();
  FailureOr<ElementsAttr> findInitializer(const tfp::NodeDef &variable,
                                          RankedTensorType type);
  LogicalResult resolveFeeds();
  LogicalResult resolveFetches();
  bool hasSideEffects(const std::string &node);
  bool isInitializer(const tfp::NodeDef &node);
  LogicalResult collectNeeded();
  LogicalResult checkSupported();
  FailureOr<RankedTensorType> feedType(const tfp::NodeDef &node, int index,
                                       const FeedSpec *spec);
  FlatSymbolRefAttr variableSymbol(const std::string &node);
  LogicalResult importNode(const tfp::NodeDef &node);
  LogicalResult importStructural(const tfp::NodeDef &node,
                                 SmallVector<Value> &inputValues);

  MLIRContext &context;
  const tfp::GraphDef &graph;
  std::string sourceName;
  const ImportOptions &options;
  OpBuilder builder;
  OwningOpRef<ModuleOp> ownedModule;
  ModuleOp module;            // where variables go
  SmallVector<Value> feedValues; // the feeds' values, by feed index
  bool inRegion = false;         // importing a function body (importRegion)
  // Calls the inliner could not inline, by node name.
  const std::map<std::string, std::string> *callErrors;

  llvm::StringMap<const tfp::NodeDef *> nodes;
  llvm::StringMap<SmallVector<TensorRef>> inputs; // data and control
  std::vector<Feed> feeds;
  llvm::StringMap<size_t> feedByTensor; // "node:k" -> feed index
  std::vector<Fetch> fetches;
  std::vector<const tfp::NodeDef *> order; // topological, needed only
  llvm::StringMap<SmallVector<Value>> values; // node -> outputs
  llvm::MapVector<StringRef, Variable> variables; // by node name
  // Nodes whose output is a variable (VarHandleOp and Identity of one).
  llvm::StringMap<std::string> resourceOf;
  llvm::StringMap<int> sideEffects; // memo: 0 no, 1 yes, 2 visiting
};

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

FailureOr<ElementsAttr>
GraphImporter::findInitializer(const tfp::NodeDef &variable,
                               RankedTensorType type) {
  // TF1: Assign(var, init); resource variables: AssignVariableOp(handle,
  // init). The initialiser is a Const, possibly behind Identity nodes.
  for (const tfp::NodeDef &node : graph.node()) {
    bool assigns = (node.op() == "Assign" || node.op() == "AssignVariableOp") &&
                   node.input_size() >= 2 &&
                   inputs[node.name()][0].node == variable.name();
    if (!assigns)
      continue;
    const tfp::NodeDef *source = nodes[inputs[node.name()][1].node];
    // Follow Identity nodes (at most once each: a cycle ends the walk).
    for (int steps = 0; source->op() == "Identity" && source->input_size() >= 1 &&
                        steps < graph.node_size();
         ++steps)
      source = nodes[inputs[source->name()][0].node];
    if (source->op() != "Const")
      continue;
    auto value = source->attr().find("value");
    if (value == source->attr().end() ||
        value->second.value_case() != tfp::AttrValue::kTensor)
      return nodeError(*source) << "missing tensor attribute 'value'";
    FailureOr<ElementsAttr> init =
        convertTensor(&context, value->second.tensor(), nodeLoc(*source));
    if (failed(init))
      return failure();
    if (init->getType() != type)
      return nodeError(node) << "initialises variable '" << variable.name()
                             << "' of type " << type << " with a value of type "
                             << init->getType();
    return *init;
  }
  return ElementsAttr();
}

LogicalResult GraphImporter::findVariables() {
  llvm::StringMap<const VariableSpec *> specs;
  for (const VariableSpec &spec : options.variables) {
    auto it = nodes.find(spec.node);
    if (it == nodes.end())
      return emitError(fileLoc()) << "variable '" << spec.node
                                  << "' names no node in the graph";
    llvm::StringRef op = it->second->op();
    if (!isVariableNode(op) && op != "Const")
      return nodeError(*it->second)
             << "cannot be a variable: only VariableV2, VarHandleOp and "
                "Const nodes can";
    specs[spec.node] = &spec;
  }

  for (const tfp::NodeDef &node : graph.node()) {
    const VariableSpec *spec = specs.lookup(node.name());
    if (!isVariableNode(node.op()) && !spec)
      continue;
    Variable variable;
    variable.symbol = spec && !spec->alias.empty() ? spec->alias : node.name();
    variable.readonly = spec && spec->readonly;
    if (node.op() == "Const") {
      auto value = node.attr().find("value");
      if (value == node.attr().end() ||
          value->second.value_case() != tfp::AttrValue::kTensor)
        return nodeError(node) << "missing tensor attribute 'value'";
      FailureOr<ElementsAttr> init =
          convertTensor(&context, value->second.tensor(), nodeLoc(node));
      if (failed(init))
        return failure();
      variable.type = cast<RankedTensorType>(init->getType());
      variable.initialValue = *init;
    } else {
      FailureOr<RankedTensorType> type = feedType(node, 0, nullptr);
      if (failed(type))
        return failure();
      if (!type->hasStaticShape())
        return nodeError(node) << "variable shape " << *type
                               << " must be static";
      variable.type = *type;
      FailureOr<ElementsAttr> init = findInitializer(node, *type);
      if (failed(init))
        return failure();
      variable.initialValue = *init;
    }
    if (node.op() == "VarHandleOp")
      resourceOf[node.name()] = node.name();
    variables.insert({node.name(), variable});
  }
  return success();
}

FailureOr<RankedTensorType> GraphImporter::feedType(const tfp::NodeDef &node,
                                                    int index,
                                                    const FeedSpec *spec) {
  // The dtype: the feed's own (--config), else the node's "dtype", "T" or
  // (for a multi-output node) "out_type"/"Tout" attribute.
  std::optional<int> dtype;
  for (const char *name : {"dtype", "T", "out_type"}) {
    auto it = node.attr().find(name);
    if (it != node.attr().end() &&
        it->second.value_case() == tfp::AttrValue::kType) {
      dtype = it->second.type();
      break;
    }
  }
  if (spec && spec->dtype) {
    int nodeType = dtype ? (*dtype > 100 ? *dtype - 100 : *dtype) : 0;
    if (dtype && nodeType != *spec->dtype)
      return nodeError(node) << "the feed's type " << dataTypeName(*spec->dtype)
                             << " (--config) differs from the node's "
                             << dataTypeName(nodeType);
    dtype = spec->dtype;
  }
  if (!dtype)
    return nodeError(node) << "cannot feed output " << index
                           << ": the node has no 'dtype' or 'T' attribute "
                              "(give the type in --config)";
  FailureOr<Type> elementType = convertDataType(
      &context, *dtype, nodeLoc(node), "feed '" + node.name() + "'");
  if (failed(elementType))
    return failure();

  std::optional<SmallVector<int64_t>> declared;
  auto shapeAttr = node.attr().find("shape");
  if ((node.op() == "Placeholder" || isVariableNode(node.op())) &&
      shapeAttr != node.attr().end()) {
    if (shapeAttr->second.value_case() != tfp::AttrValue::kShape)
      return nodeError(node) << "attribute 'shape' must be a shape";
    auto converted = convertShape(
        shapeAttr->second.shape(), nodeLoc(node),
        (node.op() == "Placeholder" ? "placeholder '" : "variable '") +
            node.name() + "'");
    if (failed(converted))
      return failure();
    declared = *converted;
  }
  std::optional<SmallVector<int64_t>> given;
  if (spec && spec->shape) {
    given = SmallVector<int64_t>(spec->shape->begin(), spec->shape->end());
  } else if (auto hint = options.shapeHints.find(node.name());
             hint != options.shapeHints.end() && index == 0) {
    given.emplace();
    for (int64_t dim : hint->second)
      given->push_back(dim < 0 ? ShapedType::kDynamic : dim);
  }

  SmallVector<int64_t> shape;
  if (given && declared) {
    if (given->size() != declared->size())
      return nodeError(node) << "--feed shape " << formatShape(*given)
                             << " has rank " << given->size()
                             << " but the placeholder's shape "
                             << formatShape(*declared) << " has rank "
                             << declared->size();
    for (auto [g, d] : llvm::zip(*given, *declared)) {
      if (!ShapedType::isDynamic(d) && !ShapedType::isDynamic(g) && g != d)
        return nodeError(node) << "--feed shape " << formatShape(*given)
                               << " conflicts with the placeholder's shape "
                               << formatShape(*declared);
      shape.push_back(ShapedType::isDynamic(g) ? d : g);
    }
  } else if (given) {
    shape = *given;
  } else if (declared) {
    shape = *declared;
  } else {
    return nodeError(node) << "feed '" << node.name()
                           << "' has unknown rank; give its shape with "
                              "--feed "
                           << node.name() << ":SHAPE";
  }
  int64_t elements = 1;
  constexpr int64_t kMaxElements = int64_t(1) << 34;
  for (int64_t dim : shape) {
    if (ShapedType::isDynamic(dim) || dim == 0)
      continue;
    if (elements > kMaxElements / dim)
      return nodeError(node) << "feed shape " << formatShape(shape)
                             << " is absurdly large (more than "
                             << kMaxElements << " elements)";
    elements *= dim;
  }
  return RankedTensorType::get(shape, *elementType);
}

LogicalResult GraphImporter::resolveFeeds() {
  for (const FeedSpec &spec : options.feeds) {
    std::optional<TensorRef> ref = parseTensorRef(spec.name);
    if (!ref || ref->control)
      return emitError(fileLoc()) << "malformed feed name '" << spec.name
                                  << "'";
    auto it = nodes.find(ref->node);
    if (it == nodes.end())
      return emitError(fileLoc()) << "feed '" << spec.name
                                  << "' names no node in the graph";
    int outputs = numOutputs(*it->second);
    if (ref->index >= outputs)
      return nodeError(*it->second)
             << "cannot feed output " << ref->index << ": the node has "
             << outputs << " output" << (outputs == 1 ? "" : "s");
    if (variables.count(ref->node) || resourceOf.count(ref->node))
      return nodeError(*it->second) << "a variable cannot be fed";
    if (feedByTensor.count(ref->key()))
      return emitError(fileLoc()) << "tensor '" << ref->key()
                                  << "' is fed twice";
    FailureOr<RankedTensorType> type = feedType(*it->second, ref->index, &spec);
    if (failed(type))
      return failure();
    std::string name = spec.alias.empty() ? spec.name : spec.alias;
    for (const Feed &other : feeds)
      if (other.name == name)
        return emitError(fileLoc()) << "two feeds are named '" << name << "'";
    feedByTensor[ref->key()] = feeds.size();
    feeds.push_back({name, *ref, *type});
  }
  return success();
}

LogicalResult GraphImporter::resolveFetches() {
  std::vector<FetchSpec> specs = options.fetches;
  if (specs.empty() && !inRegion) {
    // Default: every node with outputs whose outputs no node reads (a
    // control edge does not read an output).
    llvm::StringSet<> consumed;
    for (const tfp::NodeDef &node : graph.node())
      for (const TensorRef &ref : inputs[node.name()])
        if (!ref.control)
          consumed.insert(ref.node);
    for (const tfp::NodeDef &node : graph.node()) {
      if (numOutputs(node) == 0 || isVariableNode(node.op()) ||
          isInitializer(node))
        continue;
      if (!consumed.count(node.name()))
        specs.push_back({node.name(), ""});
    }
    if (specs.empty())
      return emitError(fileLoc())
             << "the graph has no node to fetch; name one with --fetch";
  }
  for (const FetchSpec &spec : specs) {
    std::optional<TensorRef> ref = parseTensorRef(spec.name);
    if (!ref || ref->control)
      return emitError(fileLoc()) << "malformed fetch name '" << spec.name
                                  << "'";
    auto it = nodes.find(ref->node);
    if (it == nodes.end())
      return emitError(fileLoc()) << "fetch '" << spec.name
                                  << "' names no node in the graph";
    int outputs = numOutputs(*it->second);
    bool target = outputs == 0;
    if (!target && ref->index >= outputs)
      return nodeError(*it->second)
             << "fetch '" << spec.name << "': the node has " << outputs
             << " output" << (outputs == 1 ? "" : "s");
    if (resourceOf.count(ref->node))
      return nodeError(*it->second)
             << "fetch '" << spec.name
             << "' is a variable handle; fetch a ReadVariableOp of it";
    fetches.push_back(
        {spec.alias.empty() ? spec.name : spec.alias, *ref, target});
  }
  return success();
}

bool GraphImporter::isInitializer(const tfp::NodeDef &node) {
  // Assign(var, Const): TF1's initialiser, run once by `init`, not a result.
  if (!isAssignment(node.op()) || node.input_size() < 2)
    return false;
  const tfp::NodeDef *source = nodes[inputs[node.name()][1].node];
  for (int steps = 0; source->op() == "Identity" && source->input_size() >= 1 &&
                      steps < graph.node_size();
       ++steps)
    source = nodes[inputs[source->name()][0].node];
  return source->op() == "Const";
}

bool GraphImporter::hasSideEffects(const std::string &name) {
  auto it = sideEffects.find(name);
  if (it != sideEffects.end())
    return it->second == 1;
  sideEffects[name] = 2; // visiting: a cycle adds nothing
  const tfp::NodeDef *node = nodes[name];
  bool result = isAssignment(node->op());
  if (!result && (node->op() == "NoOp" || node->op() == "Identity"))
    for (const TensorRef &ref : inputs[name])
      if (hasSideEffects(ref.node)) {
        result = true;
        break;
      }
  sideEffects[name] = result ? 1 : 0;
  return result;
}

LogicalResult GraphImporter::collectNeeded() {
  // Iterative depth-first search from the fetches. A fed tensor cuts its
  // edge; control edges are followed only to nodes with side effects.
  // Post-order is a topological order.
  enum class State { Unvisited, Active, Done };
  llvm::StringMap<State> state;
  SmallVector<std::pair<const tfp::NodeDef *, size_t>> stack;
  auto follows = [&](const TensorRef &ref) {
    if (ref.control)
      return hasSideEffects(ref.node);
    return !feedByTensor.count(ref.key());
  };
  auto cycleError = [&](const std::string &name) -> LogicalResult {
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
        if (!follows(input))
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
  if (callErrors)
    for (const tfp::NodeDef *node : order)
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
  return failure();
}

FlatSymbolRefAttr GraphImporter::variableSymbol(const std::string &node) {
  Variable &variable = variables.find(node)->second;
  if (!variable.created) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(module.getBody(), module.getBody()->begin());
    builder.create<tg::VariableOp>(
        nodeLoc(*nodes[node]), builder.getStringAttr(variable.symbol),
        TypeAttr::get(variable.type), variable.initialValue);
    variable.created = true;
  }
  return FlatSymbolRefAttr::get(&context, variable.symbol);
}

LogicalResult
GraphImporter::importStructural(const tfp::NodeDef &node,
                                SmallVector<Value> &inputValues) {
  Location loc = nodeLoc(node);
  llvm::StringRef op = node.op();
  auto variableInput = [&](const char *what) -> FailureOr<std::string> {
    const TensorRef &ref = inputs[node.name()].front();
    if (!variables.count(ref.node) && !resourceOf.count(ref.node))
      return nodeError(node) << "its " << what
                             << " input must be a variable, got node '"
                             << ref.node << "'";
    auto resource = resourceOf.find(ref.node);
    return resource != resourceOf.end() ? resource->second : ref.node;
  };
  auto checkWritable = [&](const std::string &variable) -> LogicalResult {
    if (variables.find(variable)->second.readonly)
      return nodeError(node) << "assigns variable '" << variable
                             << "', which --config declares read-only";
    return success();
  };

  if (op == "Placeholder")
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
  if (inputValues.empty())
    return nodeError(node) << "has no inputs";
  FailureOr<std::string> variable = variableInput("first");
  if (failed(variable))
    return failure();
  FlatSymbolRefAttr symbol = variableSymbol(*variable);
  RankedTensorType type = variables.find(*variable)->second.type;
  if (op == "ReadVariableOp") {
    values[node.name()] = {
        builder.create<tg::ReadOp>(loc, type, symbol).getResult()};
    return success();
  }
  // Assignments: (variable, value).
  if (inputValues.size() != 2)
    return nodeError(node) << "has " << inputValues.size()
                           << " inputs, expected 2";
  if (failed(checkWritable(*variable)))
    return failure();
  Value value = inputValues[1];
  if (value.getType() != type)
    return nodeError(node) << "assigns a value of type " << value.getType()
                           << " to variable '" << *variable << "' of type "
                           << type;
  if (op == "AssignAdd" || op == "AssignAddVariableOp") {
    Value current = builder.create<tg::ReadOp>(loc, type, symbol);
    value = builder.create<tg::AddOp>(loc, type, current, value);
  }
  builder.create<tg::AssignOp>(loc, symbol, value);
  values[node.name()] = (op == "Assign" || op == "AssignAdd")
                            ? SmallVector<Value>{value}
                            : SmallVector<Value>{};
  return success();
}

LogicalResult GraphImporter::importFunctionRegion(
    const tfp::NodeDef &node, llvm::StringRef attr, Region &region,
    TypeRange argTypes, SmallVectorImpl<Value> &results) {
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
  for (const std::string &ret : rets)
    sub.fetches.push_back({ret, ""});
  if (static_cast<int>(argTypes.size()) > body.node_size())
    return nodeError(node) << "function '" << name << "' takes fewer "
                           << "arguments than the node passes";
  for (auto [i, type] : llvm::enumerate(argTypes)) {
    auto tensor = cast<RankedTensorType>(type);
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
  for (Type type : argTypes)
    block->addArgument(type, nodeLoc(node));
  // A branch that reaches itself again would recurse without end.
  static thread_local int depth = 0;
  if (depth >= 32)
    return nodeError(node) << "functions nest more than 32 levels deep "
                              "(recursion through '"
                           << name << "'?)";
  ++depth;
  GraphImporter nested(context, body, sourceName + ":" + name, sub);
  FailureOr<SmallVector<Value>> values = nested.importRegion(module, block);
  --depth;
  if (failed(values))
    return failure(); // the body's error names its node
  results.assign(values->begin(), values->end());
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
    ValueRange args = inputValues.drop_front();
    auto op = builder.create<tg::IfOp>(loc, TypeRange{}, condition, args);
    SmallVector<Value> thenValues, elseValues;
    if (failed(importFunctionRegion(node, "then_branch", op.getThenRegion(),
                                    args.getTypes(), thenValues)) ||
        failed(importFunctionRegion(node, "else_branch", op.getElseRegion(),
                                    args.getTypes(), elseValues)))
      return op.erase(), failure();
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
    values[node.name()] = SmallVector<Value>(result.getResults());
    return success();
  }

  // While: cond and body over the loop-carried values.
  auto op = builder.create<tg::WhileOp>(loc, inputValues.getTypes(),
                                        inputValues);
  SmallVector<Value> condValues, bodyValues;
  if (failed(importFunctionRegion(node, "cond", op.getCondRegion(),
                                  inputValues.getTypes(), condValues)) ||
      failed(importFunctionRegion(node, "body", op.getBodyRegion(),
                                  inputValues.getTypes(), bodyValues)))
    return op.erase(), failure();
  if (condValues.size() != 1)
    return op.erase(), nodeError(node) << "the cond function returns "
                                       << condValues.size() << " values";
  auto condType = cast<RankedTensorType>(condValues[0].getType());
  if (!condType.getElementType().isInteger(1) || condType.getRank() != 0)
    return op.erase(), nodeError(node) << "the cond function returns "
                                       << condType
                                       << ", not a boolean scalar";
  for (auto [i, pair] :
       llvm::enumerate(llvm::zip(inputValues.getTypes(), bodyValues))) {
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
  values[node.name()] = SmallVector<Value>(op.getResults());
  return success();
}

LogicalResult GraphImporter::importNode(const tfp::NodeDef &node) {
  SmallVector<Value> inputValues;
  for (const TensorRef &ref : inputs[node.name()]) {
    if (ref.control)
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
    // consumer's control inputs (assignments) have run.
    bool takesReference = (node.op() == "Assign" || node.op() == "AssignAdd") &&
                          inputValues.empty();
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
  bool takesResource = node.op() == "ReadVariableOp" ||
                       node.op() == "AssignVariableOp" ||
                       node.op() == "AssignAddVariableOp" ||
                       node.op() == "Assign" || node.op() == "AssignAdd";
  if (node.op() == "Identity" && !inputs[node.name()].empty() &&
      resourceOf.count(inputs[node.name()].front().node)) {
    // An Identity of a variable handle is the same handle.
    resourceOf[node.name()] = resourceOf[inputs[node.name()].front().node];
    values[node.name()] = {Value()};
    return success();
  }
  for (auto [i, value] : llvm::enumerate(inputValues))
    if (!value && !(takesResource && i == 0))
      return nodeError(node) << "input " << i
                             << " is a variable handle; only ReadVariableOp "
                                "and AssignVariableOp take one";

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
      failed(collectNeeded()))
    return failure();
  // Placeholders that the fetches need become feeds too, in graph order.
  llvm::DenseSet<const tfp::NodeDef *> needed(order.begin(), order.end());
  for (const tfp::NodeDef &node : graph.node()) {
    if (node.op() != "Placeholder" || !needed.count(&node))
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

  if (failed(mlir::verify(module)))
    return nullptr;
  return std::move(ownedModule);
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

} // namespace

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
  if (!inlineFunctionCalls(graph, error, &callErrors)) {
    emitError(FileLineColLoc::get(&context, sourceName, 0, 0)) << error;
    return nullptr;
  }
  return GraphImporter(context, graph, sourceName, options, &callErrors).run();
}

OwningOpRef<ModuleOp> tgc::importGraphFile(MLIRContext &context,
                                           const std::string &path,
                                           const ImportOptions &options) {
  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (extension == ".json") {
    TfjsModel model;
    std::string error;
    if (!readTfjsModel(path, model, error)) {
      emitError(UnknownLoc::get(&context)) << error;
      return nullptr;
    }
    std::map<std::string, std::string> callErrors;
    if (!inlineFunctionCalls(model.graph, error, &callErrors)) {
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

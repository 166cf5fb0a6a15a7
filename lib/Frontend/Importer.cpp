//===- Importer.cpp - GraphDef -> tg dialect -------------------------------===//
//
// The import of a graph:
//   1. index the nodes (duplicate names are an error) and parse inputs;
//   2. resolve feeds and fetches;
//   3. collect what the fetches need, walking data inputs back to feeds
//      (pruning the rest; a cycle is an error naming a node on it);
//   4. reject, in one diagnostic, every op type tgc cannot import;
//   5. build one entry function in topological order: feeds are arguments
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

namespace {

/// A tensor reference "node", "node:k" or a control input "^node".
struct TensorRef {
  std::string node;
  int index = 0;
  bool control = false;
};

std::optional<TensorRef> parseTensorRef(llvm::StringRef text) {
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

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "," : "") + (ShapedType::isDynamic(shape[i])
                                  ? std::string("?")
                                  : std::to_string(shape[i]));
  return text + "]";
}

} // namespace

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
// The importer
//===----------------------------------------------------------------------===//

namespace {

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, const tfp::GraphDef &graph,
                const std::string &sourceName, const ImportOptions &options)
      : context(context), graph(graph), sourceName(sourceName),
        options(options), builder(&context) {}

  OwningOpRef<ModuleOp> run();

private:
  struct Feed {
    std::string name; // as given: "node" or "node:k"
    TensorRef ref;
    RankedTensorType type;
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

  LogicalResult indexNodes();
  LogicalResult resolveFeeds();
  LogicalResult resolveFetches();
  LogicalResult collectNeeded();
  LogicalResult checkSupported();
  FailureOr<RankedTensorType> feedType(const tfp::NodeDef &node,
                                       const FeedSpec *spec);
  LogicalResult importNode(const tfp::NodeDef &node);

  MLIRContext &context;
  const tfp::GraphDef &graph;
  std::string sourceName;
  const ImportOptions &options;
  OpBuilder builder;

  llvm::StringMap<const tfp::NodeDef *> nodes;
  llvm::StringMap<SmallVector<TensorRef>> inputs; // data and control
  std::vector<Feed> feeds;
  llvm::StringMap<size_t> feedByNode;              // node -> feed index
  std::vector<std::pair<std::string, TensorRef>> fetches;
  std::vector<const tfp::NodeDef *> order;        // topological, needed only
  llvm::StringMap<SmallVector<Value>> values;     // node -> outputs
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

FailureOr<RankedTensorType>
GraphImporter::feedType(const tfp::NodeDef &node, const FeedSpec *spec) {
  // The dtype: a Placeholder's "dtype", else the node's "T" or "dtype".
  const char *typeAttrs[] = {"dtype", "T"};
  std::optional<int> dtype;
  for (const char *name : typeAttrs) {
    auto it = node.attr().find(name);
    if (it != node.attr().end() &&
        it->second.value_case() == tfp::AttrValue::kType) {
      dtype = it->second.type();
      break;
    }
  }
  if (!dtype)
    return nodeError(node) << "cannot feed this node: it has no 'dtype' or "
                              "'T' attribute";
  FailureOr<Type> elementType =
      convertDataType(&context, *dtype, nodeLoc(node),
                      "feed '" + node.name() + "'");
  if (failed(elementType))
    return failure();

  std::optional<SmallVector<int64_t>> declared;
  auto shapeAttr = node.attr().find("shape");
  if (node.op() == "Placeholder" && shapeAttr != node.attr().end()) {
    if (shapeAttr->second.value_case() != tfp::AttrValue::kShape)
      return nodeError(node) << "attribute 'shape' must be a shape";
    auto converted = convertShape(shapeAttr->second.shape(), nodeLoc(node),
                                  "placeholder '" + node.name() + "'");
    if (failed(converted))
      return failure();
    declared = *converted;
  }
  std::optional<SmallVector<int64_t>> given;
  if (spec && spec->shape)
    given = SmallVector<int64_t>(spec->shape->begin(), spec->shape->end());

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
    if (ref->index != 0)
      return nodeError(*it->second) << "feeding output " << ref->index
                                    << " is not supported: the node has one "
                                       "output";
    if (feedByNode.count(ref->node))
      return emitError(fileLoc()) << "node '" << ref->node
                                  << "' is fed twice";
    FailureOr<RankedTensorType> type = feedType(*it->second, &spec);
    if (failed(type))
      return failure();
    feedByNode[ref->node] = feeds.size();
    feeds.push_back({spec.name, *ref, *type});
  }
  return success();
}

LogicalResult GraphImporter::resolveFetches() {
  std::vector<std::string> names = options.fetches;
  if (names.empty()) {
    // Default: every node with outputs whose outputs no node reads (a
    // control edge does not read an output).
    llvm::StringSet<> consumed;
    for (const tfp::NodeDef &node : graph.node())
      for (const TensorRef &ref : inputs[node.name()])
        if (!ref.control)
          consumed.insert(ref.node);
    for (const tfp::NodeDef &node : graph.node()) {
      const OpImporter *importer = lookupOpImporter(node.op());
      if (importer && importer->numOutputs == 0)
        continue;
      if (!consumed.count(node.name()))
        names.push_back(node.name());
    }
    if (names.empty())
      return emitError(fileLoc())
             << "the graph has no node to fetch; name one with --fetch";
  }
  for (const std::string &name : names) {
    std::optional<TensorRef> ref = parseTensorRef(name);
    if (!ref || ref->control)
      return emitError(fileLoc()) << "malformed fetch name '" << name << "'";
    auto it = nodes.find(ref->node);
    if (it == nodes.end())
      return emitError(fileLoc()) << "fetch '" << name
                                  << "' names no node in the graph";
    fetches.emplace_back(name, *ref);
  }
  return success();
}

LogicalResult GraphImporter::collectNeeded() {
  // Iterative depth-first search from the fetches over data inputs; feeds
  // cut the graph. Post-order is a topological order.
  enum class State { Unvisited, Active, Done };
  llvm::StringMap<State> state;
  for (auto &[name, ref] : fetches) {
    if (state.lookup(ref.node) == State::Done)
      continue;
    SmallVector<std::pair<const tfp::NodeDef *, size_t>> stack;
    stack.push_back({nodes[ref.node], 0});
    state[ref.node] = State::Active;
    while (!stack.empty()) {
      auto &[node, next] = stack.back();
      const SmallVector<TensorRef> &refs = inputs[node->name()];
      bool isFeed = feedByNode.count(node->name());
      if (!isFeed && next < refs.size()) {
        const TensorRef &input = refs[next++];
        if (input.control)
          continue; // Side-effect ordering is not modelled yet.
        State inputState = state.lookup(input.node);
        if (inputState == State::Active)
          return nodeError(*nodes[input.node])
                 << "the graph has a cycle through this node";
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
  llvm::MapVector<llvm::StringRef, SmallVector<llvm::StringRef>> unsupported;
  for (const tfp::NodeDef *node : order) {
    if (feedByNode.count(node->name()) || node->op() == "Placeholder")
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
    diag << (first ? "" : "; ") << op << " (node" << (names.size() == 1 ? "" : "s")
         << " ";
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

LogicalResult GraphImporter::importNode(const tfp::NodeDef &node) {
  const OpImporter *importer = lookupOpImporter(node.op());
  NodeContext ctx{builder, nodeLoc(node), node, {}};
  for (const TensorRef &ref : inputs[node.name()]) {
    if (ref.control)
      continue;
    const SmallVector<Value> &outputs = values[ref.node];
    if (ref.index >= static_cast<int>(outputs.size()))
      return nodeError(node) << "input '" << ref.node << ":" << ref.index
                             << "' does not exist: node '" << ref.node
                             << "' has " << outputs.size() << " output"
                             << (outputs.size() == 1 ? "" : "s");
    ctx.inputs.push_back(outputs[ref.index]);
  }
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

OwningOpRef<ModuleOp> GraphImporter::run() {
  context.loadDialect<tg::TgDialect, func::FuncDialect>();
  if (failed(indexNodes()) || failed(resolveFeeds()) ||
      failed(resolveFetches()))
    return nullptr;
  // Placeholders that the fetches need become feeds too, in graph order.
  if (failed(collectNeeded()))
    return nullptr;
  for (const tfp::NodeDef &node : graph.node()) {
    if (node.op() != "Placeholder" || feedByNode.count(node.name()))
      continue;
    if (!llvm::is_contained(order, &node))
      continue;
    FailureOr<RankedTensorType> type = feedType(node, nullptr);
    if (failed(type))
      return nullptr;
    feedByNode[node.name()] = feeds.size();
    feeds.push_back({node.name(), TensorRef{node.name(), 0, false}, *type});
  }
  if (failed(checkSupported()))
    return nullptr;

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc());
  builder.setInsertionPointToEnd(module->getBody());
  SmallVector<Type> argTypes;
  for (const Feed &feed : feeds)
    argTypes.push_back(feed.type);
  auto func = builder.create<func::FuncOp>(
      fileLoc(), options.entryName, builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  for (auto [i, feed] : llvm::enumerate(feeds)) {
    func.setArgAttr(i, tg::kFeedAttr, builder.getStringAttr(feed.name));
    values[feed.ref.node] = {body->getArgument(i)};
  }

  for (const tfp::NodeDef *node : order) {
    if (feedByNode.count(node->name()))
      continue;
    if (failed(importNode(*node)))
      return nullptr;
  }

  SmallVector<Value> results;
  for (auto &[name, ref] : fetches) {
    const SmallVector<Value> &outputs = values[ref.node];
    if (ref.index >= static_cast<int>(outputs.size())) {
      emitError(nodeLoc(*nodes[ref.node]))
          << "fetch '" << name << "': node '" << ref.node << "' has "
          << outputs.size() << " output" << (outputs.size() == 1 ? "" : "s");
      return nullptr;
    }
    results.push_back(outputs[ref.index]);
  }
  builder.create<func::ReturnOp>(fileLoc(), results);
  func.setType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, fetch] : llvm::enumerate(fetches))
    func.setResultAttr(i, tg::kFetchAttr, builder.getStringAttr(fetch.first));

  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
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
  return GraphImporter(context, graph, sourceName, options).run();
}

OwningOpRef<ModuleOp> tgc::importGraphFile(MLIRContext &context,
                                           const std::string &path,
                                           const ImportOptions &options) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    emitError(UnknownLoc::get(&context))
        << "cannot read '" << path << "': " << file.getError().message();
    return nullptr;
  }
  llvm::StringRef extension = llvm::sys::path::extension(path);
  llvm::StringRef format =
      (extension == ".pbtxt" || extension == ".txt" || extension == ".pbtext")
          ? "text"
          : "binary";
  return importGraphBuffer(context, (*file)->getBuffer(), format, path,
                           options);
}

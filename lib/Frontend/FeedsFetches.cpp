//===- FeedsFetches.cpp - The feeds and fetches of an import --------------===//
//
// The feeds are the arguments of the entry function and the fetches its
// results. This file parses --feed specs, resolves an import's feeds and
// fetches against the graph's nodes (every unconsumed node is a fetch when
// none is named), and gives each feed its type: the dtype of its node or of
// --config, the shape given (--feed, --config, a TF.js signature) checked
// against and completed by a placeholder's declared shape.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Frontend/Import.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace tgc;
using namespace tgc::frontend;

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

std::string GraphImporter::suggestNodes(llvm::StringRef name) {
  // The nearest names by edit distance, as a user mistypes them (case
  // differences are cheap: "Probs" for "probs").
  std::vector<std::pair<unsigned, llvm::StringRef>> near;
  unsigned limit = std::max<unsigned>(2, name.size() / 3);
  for (const tfp::NodeDef &node : graph.node()) {
    llvm::StringRef candidate = node.name();
    unsigned distance = name.lower() == candidate.lower()
                            ? 0
                            : name.edit_distance(candidate, true, limit + 1);
    // A name that ends like the request ("dense/probs" for "probs").
    if (distance > limit && candidate.ends_with("/" + name.str()))
      distance = limit;
    if (distance <= limit)
      near.push_back({distance, candidate});
  }
  if (near.empty())
    return "";
  std::stable_sort(near.begin(), near.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  std::string text = "; did you mean ";
  for (size_t i = 0; i < near.size() && i < 3; ++i)
    text += (i ? (i + 1 == std::min<size_t>(near.size(), 3) ? " or " : ", ")
               : "") +
            ("'" + near[i].second + "'").str();
  return text + "?";
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
                                  << "' names no node in the graph"
                                  << suggestNodes(ref->node);
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
                                  << "' names no node in the graph"
                                  << suggestNodes(ref->node);
    int outputs = numOutputs(*it->second);
    bool target = outputs == 0;
    if (!target && ref->index >= outputs)
      return nodeError(*it->second)
             << "fetch '" << spec.name << "': the node has " << outputs
             << " output" << (outputs == 1 ? "" : "s");
    // A region (a branch or loop body) may return a handle it was passed:
    // the caller knows the variable.
    if (resourceOf.count(ref->node) && !inRegion)
      return nodeError(*it->second)
             << "fetch '" << spec.name
             << "' is a variable handle; fetch a ReadVariableOp of it";
    fetches.push_back(
        {spec.alias.empty() ? spec.name : spec.alias, *ref, target});
  }
  return success();
}

bool GraphImporter::reaches(llvm::StringRef from,
                            const llvm::StringSet<> &targets) {
  llvm::StringSet<> seen;
  SmallVector<llvm::StringRef> stack = {from};
  while (!stack.empty()) {
    llvm::StringRef name = stack.pop_back_val();
    if (!seen.insert(name).second)
      continue;
    if (targets.count(name))
      return true;
    for (const TensorRef &ref : inputs[name])
      if (!feedByTensor.count(
              (ref.control ? TensorRef{ref.node, 0, false} : ref).key()))
        stack.push_back(ref.node);
  }
  return false;
}

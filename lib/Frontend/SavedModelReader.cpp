//===- SavedModelReader.cpp - SavedModel directories ----------------------===//
//
// A SavedModel directory holds saved_model.pb (a SavedModel: meta graphs,
// each a GraphDef with its function library, named SignatureDefs and the
// object graph of the saved program) and variables/ (a V2 checkpoint,
// CheckpointReader.cpp). tgc imports the meta graph tagged "serve" (or the
// only one): the signature's inputs are the feeds and its outputs the
// fetches, both named by the signature's keys; each output is a call of a
// signature function whose trailing inputs are the captured variables,
// whose objects the concrete function's bound_inputs name; a variable's
// checkpoint key is its object's path from the root object,
// "child/child/.ATTRIBUTES/VARIABLE_VALUE". importSavedModel then imports
// the meta graph with those feeds, fetches and checkpoint.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "saved_model.pb.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <deque>

using namespace mlir;
using namespace tgc;
using namespace tgc::frontend;

namespace {

std::string nodeOf(const std::string &tensor) {
  std::optional<TensorRef> ref = parseTensorRef(tensor);
  return ref ? ref->node : tensor;
}

std::optional<std::vector<int64_t>> shapeOf(const tfp::TensorInfo &info) {
  if (!info.has_tensor_shape() || info.tensor_shape().unknown_rank())
    return std::nullopt;
  std::vector<int64_t> dims;
  for (const auto &dim : info.tensor_shape().dim())
    dims.push_back(dim.size());
  return dims;
}

} // namespace

bool tgc::frontend::isSavedModelDirectory(const std::string &path) {
  llvm::SmallString<256> file(path);
  llvm::sys::path::append(file, "saved_model.pb");
  return llvm::sys::fs::is_directory(path) && llvm::sys::fs::exists(file);
}

bool tgc::frontend::readSavedModel(const std::string &dir,
                                   const std::string &signatureName,
                                   SavedModelGraph &out, std::string &error) {
  llvm::SmallString<256> file(dir);
  llvm::sys::path::append(file, "saved_model.pb");
  auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = "cannot read '" + file.str().str() +
            "': " + buffer.getError().message();
    return false;
  }
  tfp::SavedModel model;
  if ((*buffer)->getBufferSize() > INT32_MAX ||
      !model.ParseFromArray((*buffer)->getBufferStart(),
                            static_cast<int>((*buffer)->getBufferSize()))) {
    error = file.str().str() + ": not a valid SavedModel (corrupt protobuf)";
    return false;
  }
  const tfp::MetaGraphDef *meta = nullptr;
  for (const tfp::MetaGraphDef &candidate : model.meta_graphs())
    if (llvm::is_contained(candidate.meta_info_def().tags(), "serve"))
      meta = &candidate;
  if (!meta && model.meta_graphs_size() == 1)
    meta = &model.meta_graphs(0);
  if (!meta) {
    error = file.str().str() + ": the SavedModel has " +
            std::to_string(model.meta_graphs_size()) +
            " meta graphs and none is tagged 'serve'";
    return false;
  }
  auto signature = meta->signature_def().find(signatureName);
  if (signature == meta->signature_def().end()) {
    std::vector<std::string> names;
    for (const auto &[name, def] : meta->signature_def())
      if (name != "__saved_model_init_op")
        names.push_back(name);
    llvm::sort(names);
    error = dir + ": signature '" + signatureName +
            "' does not exist; the SavedModel has: " + llvm::join(names, ", ");
    return false;
  }
  out.graph = meta->graph_def();
  // Inputs and outputs in key order (the maps' order is unspecified).
  std::vector<std::string> inputKeys, outputKeys;
  for (const auto &[key, info] : signature->second.inputs())
    inputKeys.push_back(key);
  for (const auto &[key, info] : signature->second.outputs())
    outputKeys.push_back(key);
  llvm::sort(inputKeys);
  llvm::sort(outputKeys);
  for (const std::string &key : inputKeys) {
    const tfp::TensorInfo &info = signature->second.inputs().at(key);
    if (info.name().empty()) {
      error = dir + ": input '" + key + "' of signature '" + signatureName +
              "' is not a dense tensor (sparse and composite inputs are not "
              "supported)";
      return false;
    }
    FeedSpec feed;
    feed.name = info.name();
    feed.alias = key;
    feed.shape = shapeOf(info);
    out.feeds.push_back(feed);
  }
  for (const std::string &key : outputKeys) {
    const tfp::TensorInfo &info = signature->second.outputs().at(key);
    if (info.name().empty()) {
      error = dir + ": output '" + key + "' of signature '" + signatureName +
              "' is not a dense tensor";
      return false;
    }
    out.fetches.push_back({info.name(), key});
  }

  // Object paths from the root, breadth first (the first path to a node,
  // as TensorFlow names checkpoint keys).
  const tfp::SavedObjectGraph &objects = meta->object_graph_def();
  std::vector<std::string> paths(objects.nodes_size());
  std::vector<bool> seen(objects.nodes_size(), false);
  std::deque<int> queue;
  if (objects.nodes_size() > 0) {
    seen[0] = true;
    queue.push_back(0);
  }
  while (!queue.empty()) {
    int id = queue.front();
    queue.pop_front();
    for (const tfp::ObjectReference &child : objects.nodes(id).children()) {
      int next = child.node_id();
      if (next < 0 || next >= objects.nodes_size() || seen[next])
        continue;
      seen[next] = true;
      paths[next] = paths[id].empty() ? child.local_name()
                                       : paths[id] + "/" + child.local_name();
      queue.push_back(next);
    }
  }
  // The variables each output's signature call captures.
  llvm::StringMap<const tfp::NodeDef *> nodes;
  for (const tfp::NodeDef &node : out.graph.node())
    nodes[node.name()] = &node;
  for (const FetchSpec &fetch : out.fetches) {
    const tfp::NodeDef *call = nodes.lookup(nodeOf(fetch.name));
    if (!call || (call->op() != "StatefulPartitionedCall" &&
                  call->op() != "PartitionedCall"))
      continue;
    auto f = call->attr().find("f");
    if (f == call->attr().end())
      continue;
    auto function = objects.concrete_functions().find(f->second.func().name());
    if (function == objects.concrete_functions().end())
      continue;
    std::vector<std::string> data;
    for (const std::string &input : call->input())
      if (!llvm::StringRef(input).starts_with("^"))
        data.push_back(nodeOf(input));
    const auto &bound = function->second.bound_inputs();
    if (bound.size() > static_cast<int>(data.size())) {
      error = dir + ": signature function '" + f->second.func().name() +
              "' captures " + std::to_string(bound.size()) +
              " objects but its call passes " + std::to_string(data.size()) +
              " inputs";
      return false;
    }
    size_t first = data.size() - bound.size();
    for (int i = 0; i < bound.size(); ++i) {
      int id = bound[i];
      if (id < 0 || id >= objects.nodes_size() || !seen[id])
        continue;
      if (!objects.nodes(id).has_variable())
        continue;
      out.checkpointKeys[data[first + i]] =
          paths[id] + "/.ATTRIBUTES/VARIABLE_VALUE";
    }
  }
  llvm::SmallString<256> prefix(dir);
  llvm::sys::path::append(prefix, "variables", "variables");
  out.checkpointPrefix = prefix.str().str();
  return true;
}

OwningOpRef<ModuleOp>
tgc::frontend::importSavedModel(MLIRContext &context, const std::string &path,
                                const ImportOptions &options) {
  SavedModelGraph saved;
  std::string error;
  if (!readSavedModel(path, options.signature, saved, error)) {
    emitError(UnknownLoc::get(&context)) << error;
    return nullptr;
  }
  std::map<std::string, std::string> callErrors;
  if (!prepareGraph(saved.graph, error, callErrors)) {
    emitError(FileLineColLoc::get(&context, path, 0, 0)) << error;
    return nullptr;
  }
  // The signature's inputs are the feeds, named by their keys; --feed
  // KEY:SHAPE (or the tensor's name) fixes a shape, and an unknown batch
  // dimension defaults to 1 as for TF.js models.
  ImportOptions withSignature = options;
  withSignature.feeds.clear();
  std::vector<bool> used(options.feeds.size(), false);
  for (FeedSpec feed : saved.feeds) {
    for (auto [i, user] : llvm::enumerate(options.feeds))
      if (user.name == feed.alias || user.name == feed.name) {
        if (user.shape)
          feed.shape = user.shape;
        used[i] = true;
      }
    if (feed.shape) {
      if (!feed.shape->empty() && (*feed.shape)[0] < 0 &&
          !llvm::any_of(options.feeds, [&](const FeedSpec &user) {
            return user.name == feed.alias && user.shape;
          }))
        (*feed.shape)[0] = 1;
      for (int64_t &dim : *feed.shape)
        if (dim < 0)
          dim = ShapedType::kDynamic;
    }
    withSignature.feeds.push_back(feed);
  }
  for (auto [i, user] : llvm::enumerate(options.feeds)) {
    if (used[i])
      continue;
    // A feed that is no input of the signature must be a node (cutting
    // the graph there); a misspelt key says what the keys are.
    std::optional<TensorRef> ref = parseTensorRef(user.name);
    bool isNode = ref && llvm::any_of(saved.graph.node(),
                                      [&](const tfp::NodeDef &node) {
                                        return node.name() == ref->node;
                                      });
    if (!isNode) {
      std::string keys;
      for (const FeedSpec &feed : saved.feeds)
        keys += (keys.empty() ? "" : ", ") + feed.alias;
      emitError(UnknownLoc::get(&context))
          << path << ": feed '" << user.name
          << "' is not an input of signature '" << options.signature
          << "' (its inputs: " << keys << ") nor a node of the graph";
      return nullptr;
    }
    withSignature.feeds.push_back(user);
  }
  // Its outputs are the fetches unless --fetch names others (by key or
  // by node).
  if (options.fetches.empty()) {
    withSignature.fetches = saved.fetches;
  } else {
    withSignature.fetches.clear();
    for (const FetchSpec &user : options.fetches) {
      auto it = llvm::find_if(saved.fetches, [&](const FetchSpec &f) {
        return f.alias == user.name;
      });
      withSignature.fetches.push_back(it != saved.fetches.end() ? *it
                                                                : user);
    }
  }
  if (withSignature.checkpoint.empty()) {
    withSignature.checkpoint = saved.checkpointPrefix;
    withSignature.checkpointKeys = saved.checkpointKeys;
  }
  return GraphImporter(context, saved.graph, path, withSignature,
                       &callErrors)
      .run();
}

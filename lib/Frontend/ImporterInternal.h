//===- ImporterInternal.h - Shared pieces of the GraphDef importer -*- C++ -*-===//
//
// Private to lib/Frontend.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_FRONTEND_IMPORTERINTERNAL_H
#define TGC_LIB_FRONTEND_IMPORTERINTERNAL_H

#include "graph.pb.h"

#include "tgc/Frontend/Import.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string>

namespace tgc::frontend {

namespace tfp = ::tgc::tfproto;

/// A tensor reference "node", "node:k" or a control input "^node".
struct TensorRef {
  std::string node;
  int index = 0;
  bool control = false;

  /// "node:k", the key of a tensor.
  std::string key() const { return node + ":" + std::to_string(index); }
};

/// Parses a reference; std::nullopt when malformed.
std::optional<TensorRef> parseTensorRef(llvm::StringRef text);

/// A TF.js graph model: its topology as a GraphDef, whose weight Consts
/// carry the values of the weight shards, and its signature.
struct TfjsModel {
  tfp::GraphDef graph;
  /// Signature inputs ("x" or "x:1") with their shapes (-1: unknown), and
  /// outputs.
  std::vector<std::pair<std::string, std::optional<std::vector<int64_t>>>>
      inputs;
  std::vector<std::string> outputs;
};

/// Reads `model.json` and the weight shards its manifest names (relative to
/// the file's directory). On failure returns false with a message naming
/// the file, the shard or the weight.
bool readTfjsModel(const std::string &path, TfjsModel &model,
                   std::string &error);

/// The same from the JSON text; shards are read from `directory`.
bool parseTfjsModel(llvm::StringRef json, const std::string &directory,
                    const std::string &sourceName, TfjsModel &model,
                    std::string &error);

/// Inlines every PartitionedCall/StatefulPartitionedCall (and direct call of
/// a library function) into the graph. Returns false with a message on a
/// malformed call or function.
/// With `callErrors`, a call that cannot be inlined stays in the graph and
/// its error is recorded by node name (the importer reports it only when the
/// fetches need the node).
bool inlineFunctionCalls(
    tfp::GraphDef &graph, std::string &error,
    std::map<std::string, std::string> *callErrors = nullptr);

/// Rewrites the TF1 while loops of `graph` (frames of Enter, Merge, Switch,
/// LoopCond, NextIteration, Exit) into While nodes whose cond and body
/// functions it adds to the library (FunctionalizeLoops.cpp). With `errors`,
/// a frame that cannot be rewritten stays and its error is recorded for each
/// of its nodes (reported only when the fetches need them); without, it is
/// returned in `error`.
bool functionalizeLoops(tfp::GraphDef &graph, std::string &error,
                        std::map<std::string, std::string> *errors = nullptr);

/// Rewrites the TF1 conditionals of `graph` (Switches on a predicate, the
/// branches' nodes, Merges) into If nodes whose branch functions it adds to
/// the library (FunctionalizeConds.cpp); runs before functionalizeLoops.
/// Errors as there.
bool functionalizeConds(tfp::GraphDef &graph, std::string &error,
                        std::map<std::string, std::string> *errors = nullptr);

/// A tensor of a checkpoint: its dtype, shape and raw bytes (little-endian).
struct CheckpointTensor {
  int dtype = 0;
  tfp::TensorShapeProto shape;
  std::string bytes;
};

/// Reads every tensor of TensorFlow's V2 checkpoint `prefix` (PREFIX.index
/// and its data shards), verifying every checksum (CheckpointReader.cpp).
/// On failure returns false with a message naming the file and entry.
bool readCheckpoint(const std::string &prefix,
                    std::map<std::string, CheckpointTensor> &tensors,
                    std::string &error);

/// A SavedModel's meta graph prepared for import (SavedModelReader.cpp):
/// its GraphDef, the signature's feeds and fetches named by the signature's
/// keys, the checkpoint key of each captured variable (by VarHandleOp node)
/// and the prefix of the variables' checkpoint.
struct SavedModelGraph {
  tfp::GraphDef graph;
  std::vector<FeedSpec> feeds;
  std::vector<FetchSpec> fetches;
  std::map<std::string, std::string> checkpointKeys;
  std::string checkpointPrefix;
};

/// Whether `path` is a directory holding saved_model.pb.
bool isSavedModelDirectory(const std::string &path);

/// Reads the SavedModel in `dir` for signature `signature`.
bool readSavedModel(const std::string &dir, const std::string &signature,
                    SavedModelGraph &out, std::string &error);

/// Imports the SavedModel directory `path`: the signature's inputs and
/// outputs are the feeds and fetches (named by its keys; --feed KEY:SHAPE
/// and --fetch KEY select), the variables take the checkpoint's values.
mlir::OwningOpRef<mlir::ModuleOp>
importSavedModel(mlir::MLIRContext &context, const std::string &path,
                 const ImportOptions &options);

/// The graph-level rewrites before import: function calls inlined, TF1
/// TensorArrays as TensorLists, TF1 conditionals and loops as If and While
/// nodes, list element shapes from their readers. What cannot be rewritten
/// is recorded in `callErrors` and reported if the fetches need it.
bool prepareGraph(tfp::GraphDef &graph, std::string &error,
                  std::map<std::string, std::string> &callErrors);

/// Rewrites TF1's TensorArrayV3 family into TensorList ops
/// (ControlFlowTensorArrays.cpp); runs before the control-flow rewrites.
void rewriteTensorArrays(tfp::GraphDef &graph);

/// Gives each TensorListReserve of unknown element shape the shape that a
/// reader of the list (TensorListStack, Gather or GetItem) states, following
/// the list through While values, Identity and TensorListSetItem
/// (ControlFlowTensorListImporters.cpp).
void inferListElementShapes(tfp::GraphDef &graph);

/// The body of library function `name` of `graph` as a graph of its own:
/// a Placeholder per argument (named after it), the function's nodes, and
/// in `results` the tensors it returns, in order. The library is copied
/// along, and calls inside are inlined.
bool functionToGraph(const tfp::GraphDef &graph, llvm::StringRef name,
                     tfp::GraphDef &out, std::vector<std::string> &results,
                     std::string &error);

/// For inputs tgc does not read but users hand it anyway (a SavedModel
/// directory, a Keras file, a TF Lite or ONNX model, a directory): what the
/// file is and what to do instead; nullopt for anything else.
std::optional<std::string> unsupportedInputHint(const std::string &path);

/// Parses a GraphDef from bytes; `format` is "binary" or "text". On failure
/// returns false with a message that names `sourceName`.
bool parseGraphDef(llvm::StringRef buffer, llvm::StringRef format,
                   const std::string &sourceName, tfp::GraphDef &graph,
                   std::string &error);

/// The tg element type of a TF dtype, or failure with a diagnostic at `loc`
/// naming `what` (e.g. "attribute 'T'").
mlir::FailureOr<mlir::Type> convertDataType(mlir::MLIRContext *context,
                                            int dtype, mlir::Location loc,
                                            llvm::StringRef what);

/// TF's name of a dtype ("DT_FLOAT").
std::string dataTypeName(int dtype);

/// The TF DataType number of a tg element type; none for other types.
std::optional<int> dataTypeOf(mlir::Type type);

/// The value of a TensorProto as a dense attribute.
mlir::FailureOr<mlir::ElementsAttr> convertTensor(mlir::MLIRContext *context,
                                                  const tfp::TensorProto &tensor,
                                                  mlir::Location loc);

/// Validates and converts a TensorShapeProto: unknown dims become
/// ShapedType::kDynamic; std::nullopt for unknown rank.
mlir::FailureOr<std::optional<llvm::SmallVector<int64_t>>>
convertShape(const tfp::TensorShapeProto &shape, mlir::Location loc,
             llvm::StringRef what);

/// What an op importer gets: the node, its data inputs and a builder at
/// the insertion point.
struct NodeContext {
  mlir::OpBuilder &builder;
  mlir::Location loc;
  const tfp::NodeDef &node;
  llvm::SmallVector<mlir::Value> inputs;

  mlir::InFlightDiagnostic emitError() const {
    return mlir::emitError(loc) << "node '" << node.name() << "' ("
                                << node.op() << "): ";
  }
  /// A bool attribute, `defaultValue` when absent; failure when it has
  /// another type.
  mlir::FailureOr<bool> boolAttr(llvm::StringRef name,
                                 bool defaultValue) const;
  /// A string attribute, `defaultValue` when absent.
  mlir::FailureOr<std::string> stringAttr(llvm::StringRef name,
                                          llvm::StringRef defaultValue) const;
  /// A required type attribute converted to a tg element type.
  mlir::FailureOr<mlir::Type> typeAttr(llvm::StringRef name) const;
};

/// Imports one node: returns its outputs in order.
using OpImporterFn =
    mlir::FailureOr<llvm::SmallVector<mlir::Value>> (*)(NodeContext &);

struct OpImporter {
  OpImporterFn import;
  /// Number of data inputs the op takes; -1 for variadic.
  int numInputs;
  /// Number of outputs; -1: given by the node's "num"/"num_split"
  /// attribute.
  int numOutputs;
};

/// The importer of a TF op type, or null when tgc cannot import it.
const OpImporter *lookupOpImporter(llvm::StringRef opType);

/// Every TF op type with an importer, sorted (for docs and tests).
std::vector<std::string> importableOpTypes();

/// Creates the tg op `opName` at the node: result types come from the op's
/// shape inference unless `resultTypes` is given; the op is verified, and
/// folded when its operands are constants (shape computations disappear at
/// import). Failures are reported at the node. Returns the results.
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
createOp(NodeContext &ctx, llvm::StringRef opName, mlir::ValueRange operands,
         llvm::ArrayRef<mlir::NamedAttribute> attrs = {},
         std::optional<mlir::TypeRange> resultTypes = std::nullopt);

/// Fails, at the node, unless its `data_format` attribute is NHWC (the
/// default when absent): the tg ops are NHWC only.
mlir::LogicalResult checkNHWC(NodeContext &ctx);

/// Families of op importers, each in the files named after it
/// (CoreImporters.cpp holds the table and Const, NoOp).
using OpImporterTable = llvm::StringMap<OpImporter>;
void addElementwiseImporters(OpImporterTable &table);
void addShapeImporters(OpImporterTable &table);
void addShapeSliceImporters(OpImporterTable &table);
void addShapeIndexingImporters(OpImporterTable &table);
void addReductionImporters(OpImporterTable &table);
void addNNImporters(OpImporterTable &table);
void addNNEinsumImporters(OpImporterTable &table);
void addNNLossImporters(OpImporterTable &table);
void addControlFlowTensorListImporters(OpImporterTable &table);

/// An integer attribute of `node`, `defaultValue` when absent.
int64_t intAttr(const tfp::NodeDef &node, llvm::StringRef name,
                int64_t defaultValue);

/// tg.broadcast_to of `value` to `shape` (TF's broadcasting rules).
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
broadcastTo(NodeContext &ctx, mlir::Value value, llvm::ArrayRef<int64_t> shape);

/// The integer constant at input `index` (shapes, axes, paddings), or an
/// error naming `what` when it is not a constant.
mlir::FailureOr<llvm::SmallVector<int64_t>>
constantInts(NodeContext &ctx, unsigned index, llvm::StringRef what);

/// The ranked tensor type of a value.
mlir::RankedTensorType typeOf(mlir::Value value);

/// `value` reshaped to `shape` (itself when the shape is already that).
mlir::FailureOr<mlir::Value> reshapeTo(NodeContext &ctx, mlir::Value value,
                                       llvm::ArrayRef<int64_t> shape);

/// Batch normalisation in inference mode:
/// (x - mean) * scale / sqrt(variance + epsilon) + offset.
mlir::FailureOr<mlir::Value> batchNorm(NodeContext &ctx, mlir::Value x,
                                       mlir::Value scale, mlir::Value offset,
                                       mlir::Value mean, mlir::Value variance,
                                       float epsilon);

/// `axis` in [0, rank), negative axes counting from the end.
mlir::FailureOr<int64_t> normalizeAxis(NodeContext &ctx, int64_t axis,
                                       int64_t rank);

/// A slice of every dimension of `value` (a tg.strided_slice), then a
/// reshape to `finalShape` when given (ShapeSliceImporters.cpp).
mlir::FailureOr<mlir::Value>
slice(NodeContext &ctx, mlir::Value value, llvm::ArrayRef<int64_t> begin,
      llvm::ArrayRef<int64_t> limit, llvm::ArrayRef<int64_t> strides,
      std::optional<llvm::ArrayRef<int64_t>> finalShape = {});

//===----------------------------------------------------------------------===//
// The graph importer
//===----------------------------------------------------------------------===//

/// Op classes the importer handles itself (Importer.cpp).
bool isVariableNode(llvm::StringRef op);
/// Ops that update a variable: the resource forms (no outputs) and TF1's
/// reference forms (which return the new value).
bool isAssignment(llvm::StringRef op);
/// The resource-variable updates (AssignVariableOp, ResourceScatterAdd...).
bool isResourceAssignment(llvm::StringRef op);
/// The tg.scatter kind of a Scatter*/ResourceScatter* op, or "".
llvm::StringRef scatterKind(llvm::StringRef op);
/// Ops whose first input is a variable handle or reference.
bool takesVariable(llvm::StringRef op);
bool isIf(llvm::StringRef op);
bool isWhile(llvm::StringRef op);
/// Ops with special handling in the importer rather than an entry in the op
/// table.
bool isStructural(llvm::StringRef op);
/// Number of outputs of a structural op, or -1 when it is not one.
int structuralOutputs(const tfp::NodeDef &node);
/// Whether data input `index` of `node` is left out of the import (an
/// Assert's message inputs; every input of a stripped Assert).
bool isUnimportedInput(const tfp::NodeDef &node, size_t index,
                       bool stripAsserts);

/// The import of one graph (the whole model, or a function's body) into tg.
/// Its jobs live in one file each: the walk, pruning and the entry function
/// in Importer.cpp; feeds and fetches in FeedsFetches.cpp; variables in
/// VariablesImporters.cpp; If and While in ControlFlowImporters.cpp.
class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext &context, const tfp::GraphDef &graph,
                const std::string &sourceName, const ImportOptions &options,
                const std::map<std::string, std::string> *callErrors = nullptr)
      : context(context), graph(graph), sourceName(sourceName),
        options(options), builder(&context), callErrors(callErrors) {}

  /// Imports the graph as the module's entry function.
  mlir::OwningOpRef<mlir::ModuleOp> run();

  /// Imports the graph (a function's body, see functionToGraph) into
  /// `block`, whose arguments are the feeds in order; returns the fetches.
  mlir::FailureOr<llvm::SmallVector<mlir::Value>>
  importRegion(mlir::ModuleOp parent, mlir::Block *block);

private:
  struct Feed {
    std::string name; // in the signature
    TensorRef ref;
    mlir::RankedTensorType type;
  };
  struct Fetch {
    std::string name; // in the signature
    TensorRef ref;
    bool target = false; // a node without outputs, run for its effects
  };
  struct Variable {
    std::string symbol;
    mlir::RankedTensorType type;
    mlir::ElementsAttr initialValue; // null: zeros
    bool readonly = false;
    bool created = false;
  };

  mlir::Location fileLoc() {
    return mlir::FileLineColLoc::get(&context, sourceName, 0, 0);
  }
  mlir::Location nodeLoc(const tfp::NodeDef &node) {
    return mlir::NameLoc::get(
        mlir::StringAttr::get(&context, node.name()),
        mlir::NameLoc::get(mlir::StringAttr::get(&context, node.op())));
  }
  mlir::InFlightDiagnostic nodeError(const tfp::NodeDef &node) {
    return mlir::emitError(nodeLoc(node))
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

  // Importer.cpp: the walk, pruning and the entry function.
  mlir::LogicalResult prepare();
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> emitBody();
  mlir::LogicalResult indexNodes();
  mlir::LogicalResult collectNeeded();
  mlir::LogicalResult checkSupported();
  /// Whether a node of `targets` is among the data or control inputs of
  /// `from`, transitively (fed tensors cut their edge).
  bool reaches(llvm::StringRef from, const llvm::StringSet<> &targets);
  /// "; did you mean 'a', 'b' or 'c'?" for the node names nearest to
  /// `name`, or "" when none is near.
  std::string suggestNodes(llvm::StringRef name);
  mlir::LogicalResult importNode(const tfp::NodeDef &node);
  mlir::LogicalResult
  importStructural(const tfp::NodeDef &node,
                   llvm::SmallVector<mlir::Value> &inputValues);

  // FeedsFetches.cpp.
  mlir::LogicalResult resolveFeeds();
  mlir::LogicalResult resolveFetches();
  mlir::FailureOr<mlir::RankedTensorType>
  feedType(const tfp::NodeDef &node, int index, const FeedSpec *spec);

  // VariablesImporters.cpp.
  mlir::LogicalResult findVariables();
  /// --freeze: reads become constants, the variables go.
  mlir::LogicalResult freezeVariables();
  /// Initial values from --checkpoint, by node name (or shared_name).
  mlir::LogicalResult restoreCheckpoint();
  mlir::FailureOr<mlir::ElementsAttr>
  findInitializer(const tfp::NodeDef &variable, mlir::RankedTensorType type);
  bool isInitializer(const tfp::NodeDef &node);
  mlir::FlatSymbolRefAttr variableSymbol(const std::string &node);
  mlir::LogicalResult
  importVariableAccess(const tfp::NodeDef &node,
                       llvm::SmallVector<mlir::Value> &inputValues);

  // ControlFlowImporters.cpp.
  mlir::LogicalResult importAssert(const tfp::NodeDef &node,
                                   llvm::SmallVector<mlir::Value> &inputs);
  mlir::LogicalResult importControlFlow(const tfp::NodeDef &node,
                                        mlir::ValueRange inputValues);
  mlir::LogicalResult
  importFunctionRegion(const tfp::NodeDef &node, llvm::StringRef attr,
                       mlir::Region &region, llvm::ArrayRef<mlir::Value> args,
                       llvm::ArrayRef<std::string> handles,
                       llvm::SmallVectorImpl<mlir::Value> &results);
  /// For each null value (a variable handle) among the node's data inputs
  /// from `firstData` on, the variable it is; "" for the others.
  std::vector<std::string> handlesOf(const tfp::NodeDef &node,
                                     llvm::ArrayRef<mlir::Value> values,
                                     size_t firstData);
  static llvm::SmallVector<mlir::Value>
  nonNull(llvm::ArrayRef<mlir::Value> values);

  mlir::MLIRContext &context;
  const tfp::GraphDef &graph;
  std::string sourceName;
  const ImportOptions &options;
  mlir::OpBuilder builder;
  mlir::OwningOpRef<mlir::ModuleOp> ownedModule;
  mlir::ModuleOp module; // where variables go
  llvm::SmallVector<mlir::Value> feedValues; // the feeds' values, by index
  bool inRegion = false; // importing a function body (importRegion)
  // Calls the inliner could not inline, by node name.
  const std::map<std::string, std::string> *callErrors;

  llvm::StringMap<const tfp::NodeDef *> nodes;
  llvm::StringMap<llvm::SmallVector<TensorRef>> inputs; // data and control
  std::vector<Feed> feeds;
  llvm::StringMap<size_t> feedByTensor; // "node:k" -> feed index
  std::vector<Fetch> fetches;
  std::vector<const tfp::NodeDef *> order; // topological, needed only
  llvm::StringMap<llvm::SmallVector<mlir::Value>> values; // node -> outputs
  llvm::MapVector<llvm::StringRef, Variable> variables; // by node name
  // Nodes whose output is a variable (VarHandleOp and Identity of one).
  llvm::StringMap<std::string> resourceOf;

public:
  /// Variables of the enclosing graph that a region's argument placeholders
  /// stand for (handles passed into If and While), set before importRegion.
  std::vector<std::pair<std::string, Variable>> inherited;

private:
  /// TF1 reference assignments (Assign, ScatterAdd...) -> the variable whose
  /// reference they output: a chained update takes it.
  llvm::StringMap<std::string> referenceOf;
};

} // namespace tgc::frontend

#endif

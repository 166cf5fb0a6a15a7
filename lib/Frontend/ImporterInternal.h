//===- ImporterInternal.h - Shared pieces of the GraphDef importer -*- C++ -*-===//
//
// Private to lib/Frontend.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_FRONTEND_IMPORTERINTERNAL_H
#define TGC_LIB_FRONTEND_IMPORTERINTERNAL_H

#include "graph.pb.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

#include "llvm/ADT/StringMap.h"

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

/// The body of library function `name` of `graph` as a graph of its own:
/// a Placeholder per argument (named after it), the function's nodes, and
/// in `results` the tensors it returns, in order. The library is copied
/// along, and calls inside are inlined.
bool functionToGraph(const tfp::GraphDef &graph, llvm::StringRef name,
                     tfp::GraphDef &out, std::vector<std::string> &results,
                     std::string &error);

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

/// Families of op importers, each in its own file.
using OpImporterTable = llvm::StringMap<OpImporter>;
void addElementwiseImporters(OpImporterTable &table);
void addShapeImporters(OpImporterTable &table);
void addNNImporters(OpImporterTable &table);
void addEinsumImporters(OpImporterTable &table);
void addTensorListImporters(OpImporterTable &table);
void addReductionImporters(OpImporterTable &table);
void addIndexingImporters(OpImporterTable &table);
void addLossImporters(OpImporterTable &table);

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

} // namespace tgc::frontend

#endif

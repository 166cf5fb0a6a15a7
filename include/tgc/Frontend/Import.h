//===- Import.h - TensorFlow graphs into the tg dialect ---------*- C++ -*-===//

#ifndef TGC_FRONTEND_IMPORT_H
#define TGC_FRONTEND_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tgc {

/// A `--feed` request: a node (optionally `node:k`) that becomes an argument
/// of the entry function, with a shape that overrides or completes the
/// node's declared one. Dimensions of -1 stay unknown.
struct FeedSpec {
  std::string name;
  std::optional<std::vector<int64_t>> shape;
  /// TF DataType number, for a node that has no type attribute (--config).
  std::optional<int> dtype;
  /// Name in the signature and the generated code; empty: `name`.
  std::string alias;
};

/// A fetched tensor ("node" or "node:k"). A node without outputs (a NoOp
/// grouping assignments) is a target: it runs but returns nothing.
struct FetchSpec {
  std::string name;
  /// Name in the signature and the generated code; empty: `name`.
  std::string alias;
};

/// A variable requested by --config: a VarHandleOp/VariableV2 node (or a
/// Const, which becomes updatable), with an optional name and a flag that
/// forbids assignments.
struct VariableSpec {
  std::string node;
  std::string alias;
  bool readonly = false;
};

/// Parses "NODE", "NODE:SHAPE" or "NODE:K:SHAPE" where SHAPE is dims
/// separated by 'x' ("1x784", "?x3", "" for a scalar). Returns an error
/// message on failure.
std::optional<std::string> parseFeedSpec(const std::string &text,
                                         FeedSpec &spec);

struct ImportOptions {
  /// Fetched tensors. Empty: the model's signature (TF.js), else every node
  /// whose outputs nothing consumes.
  std::vector<FetchSpec> fetches;
  /// Fed tensors. Placeholders the fetches need are fed in any case.
  std::vector<FeedSpec> feeds;
  /// Const nodes that become updatable variables (--variables), and
  /// variables named by --config.
  std::vector<VariableSpec> variables;
  /// Shapes for placeholders that no --feed shapes (a TF.js signature's);
  /// -1 dims are unknown.
  std::map<std::string, std::vector<int64_t>> shapeHints;
  /// Name of the entry function.
  std::string entryName = "main";
  /// A TensorFlow V2 checkpoint prefix (--checkpoint): every variable takes
  /// its initial value from the tensor of its node's name there (or of the
  /// key `checkpointKeys` gives the node).
  std::string checkpoint;
  std::map<std::string, std::string> checkpointKeys;
  /// The signature of a SavedModel input (--signature).
  std::string signature = "serving_default";
  /// Variables become constants of their initial values (a SavedModel's:
  /// the checkpoint's), as convert_variables_to_constants_v2 would make
  /// them (--freeze); an assignment is then an error.
  bool freeze = false;
  /// Drop Assert nodes (and the condition they alone need) instead of
  /// compiling them into run-time checks (--strip-asserts).
  bool stripAsserts = false;
};

/// Adds the feeds, fetches and variables of a tfcompile configuration (a
/// tf2xla.Config text proto) to `options`. Returns an error message naming
/// the file on failure.
std::optional<std::string> readTf2xlaConfig(const std::string &path,
                                            ImportOptions &options);

/// The TensorFlow op types the importer handles (besides Placeholder and the
/// variable ops), sorted.
std::vector<std::string> importableOpTypes();

/// Reads a graph and imports the part of it that the fetches need into a
/// module with one entry function. Formats: a GraphDef (binary `.pb`, text
/// `.pbtxt`/`.txt`) or a TF.js graph model (`model.json` with its weight
/// shards beside it). Errors are reported as diagnostics on `context` (at
/// the node's location where there is one); returns null then.
mlir::OwningOpRef<mlir::ModuleOp> importGraphFile(mlir::MLIRContext &context,
                                                  const std::string &path,
                                                  const ImportOptions &options);

/// Imports a GraphDef held in memory; `format` is "binary" or "text".
mlir::OwningOpRef<mlir::ModuleOp>
importGraphBuffer(mlir::MLIRContext &context, llvm::StringRef buffer,
                  llvm::StringRef format, const std::string &sourceName,
                  const ImportOptions &options);

} // namespace tgc

#endif

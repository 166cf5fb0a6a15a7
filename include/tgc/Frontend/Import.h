//===- Import.h - TensorFlow graphs into the tg dialect ---------*- C++ -*-===//

#ifndef TGC_FRONTEND_IMPORT_H
#define TGC_FRONTEND_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

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
};

/// Parses "NODE", "NODE:SHAPE" or "NODE:K:SHAPE" where SHAPE is dims
/// separated by 'x' ("1x784", "?x3", "" for a scalar). Returns an error
/// message on failure.
std::optional<std::string> parseFeedSpec(const std::string &text,
                                         FeedSpec &spec);

struct ImportOptions {
  /// Fetched tensors ("node" or "node:k"). Empty: every node whose outputs
  /// nothing consumes.
  std::vector<std::string> fetches;
  std::vector<FeedSpec> feeds;
  /// Name of the entry function.
  std::string entryName = "main";
};

/// Reads a GraphDef (binary `.pb`, text `.pbtxt`/`.pbtxt`/`.txt`) and imports
/// the part of it that the fetches need into a module with one entry
/// function. Errors are reported as diagnostics on `context` (at the node's
/// location where there is one); returns null then.
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

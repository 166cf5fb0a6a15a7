//===- fuzz_tfjs.cpp - libFuzzer target: TF.js model.json reader ----------===//
//
// The input is a model.json. Its weight shards are read from the tfjs seeds
// directory (seeds/tfjs, where the seeds' shards lie). A model that parses
// is imported as `tgc` would import it (importGraphFile): its signature
// gives the feeds and fetches. There is no public entry taking a TfjsModel,
// so the graph goes through importGraphBuffer as a binary GraphDef.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "ImporterInternal.h"

#include "mlir/IR/BuiltinTypes.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string directory = tgc::fuzz::seedsDir() + "/tfjs";
  llvm::StringRef json(reinterpret_cast<const char *>(data), size);
  tgc::frontend::TfjsModel model;
  std::string error;
  if (!tgc::frontend::parseTfjsModel(json, directory, "model.json", model,
                                     error)) {
    if (tgc::fuzz::verbose())
      llvm::errs() << "parse failed: " << error << "\n";
    return 0;
  }

  // As importGraphFile does: the signature gives the feeds and fetches.
  tgc::ImportOptions options;
  for (auto &[name, shape] : model.inputs) {
    tgc::FeedSpec spec;
    spec.name = name;
    spec.shape = shape;
    if (spec.shape)
      for (int64_t &dim : *spec.shape)
        if (dim < 0)
          dim = mlir::ShapedType::kDynamic;
    options.feeds.push_back(spec);
  }
  for (const std::string &name : model.outputs)
    options.fetches.push_back({name, ""});

  std::string bytes;
  if (!model.graph.SerializeToString(&bytes))
    return 0;
  tgc::fuzz::FuzzContext fuzz;
  mlir::OwningOpRef<mlir::ModuleOp> module = tgc::importGraphBuffer(
      fuzz.context, bytes, "binary", "model.json", options);
  tgc::fuzz::report("tfjs", module);
  return 0;
}

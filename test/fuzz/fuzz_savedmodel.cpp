//===- fuzz_savedmodel.cpp - libFuzzer target: SavedModel directories ----===//
//
// The input stands for a SavedModel directory of three files (see
// splitParts in FuzzCommon.h): saved_model.pb, variables/variables.index
// and variables/variables.data-00000-of-00001. They are written to a
// per-process directory and imported as `tgc DIR` imports it
// (importGraphFile: the MetaGraphDef, its function library and signature
// `serving_default`, the variables' checkpoint, the import itself). A
// SavedModel that imports is imported a second time with --freeze.
//
// In the fuzzing build (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION) the
// checkpoint reader skips its checksums, so mutations get past them.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const tgc::fuzz::ScratchDir dir = [] {
    tgc::fuzz::ScratchDir d("savedmodel");
    d.mkdir("variables");
    return d;
  }();
  std::vector<llvm::StringRef> parts = tgc::fuzz::splitParts(data, size, 3);
  dir.write("saved_model.pb", parts[0]);
  dir.write("variables/variables.index", parts[1]);
  dir.write("variables/variables.data-00000-of-00001", parts[2]);

  tgc::ImportOptions options;
  bool imported;
  {
    tgc::fuzz::FuzzContext fuzz;
    mlir::OwningOpRef<mlir::ModuleOp> module =
        tgc::importGraphFile(fuzz.context, dir.root(), options);
    tgc::fuzz::report("savedmodel", module);
    imported = bool(module);
  }
  if (imported) {
    options.freeze = true;
    tgc::fuzz::FuzzContext fuzz;
    mlir::OwningOpRef<mlir::ModuleOp> module =
        tgc::importGraphFile(fuzz.context, dir.root(), options);
    tgc::fuzz::report("savedmodel --freeze", module);
  }
  return 0;
}

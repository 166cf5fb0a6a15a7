//===- fuzz_tfjs.cpp - libFuzzer target: TF.js model.json reader ----------===//
//
// The input is a model.json, imported exactly as `tgc model.json` imports
// it (importGraphFile: readTfjsModel, the weight shards, function
// inlining, the signature's feeds, fetches and shape hints). The input is
// written to model.json in a per-process directory (in /dev/shm where it
// can be) beside links to every file of seeds/tfjs, so the manifests of
// the inputs can name the seeds' shards. The directory goes at exit.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include <cstddef>
#include <cstdint>
#include <unistd.h>

namespace {

/// The model's directory: model.json and links to the seeds' shards.
tgc::fuzz::ScratchDir makeModelDir() {
  tgc::fuzz::ScratchDir dir("tfjs");
  std::string seeds = tgc::fuzz::seedsDir() + "/tfjs";
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(seeds, ec), end; !ec && it != end;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name == "model.json")
      continue;
    llvm::SmallString<256> target;
    llvm::sys::fs::real_path(it->path(), target);
    symlink(target.c_str(), dir.path(name).c_str());
  }
  return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const tgc::fuzz::ScratchDir dir = makeModelDir();
  dir.write("model.json",
            llvm::StringRef(reinterpret_cast<const char *>(data), size));
  tgc::fuzz::FuzzContext fuzz;
  tgc::ImportOptions options;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      tgc::importGraphFile(fuzz.context, dir.path("model.json"), options);
  tgc::fuzz::report("tfjs", module);
  return 0;
}

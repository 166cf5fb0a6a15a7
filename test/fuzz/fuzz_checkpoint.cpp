//===- fuzz_checkpoint.cpp - libFuzzer target: TF V2 checkpoints ---------===//
//
// The input stands for a checkpoint of one shard (see splitParts in
// FuzzCommon.h): PREFIX.index (the table of BundleEntryProtos) and
// PREFIX.data-00000-of-00001. They are written to a per-process directory
// and read as `tgc GRAPH --checkpoint PREFIX` reads them: the import of a
// fixed graph, seeds/graphdef/checkpoint_vars.pbtxt (a reference variable
// y_saved of 2 floats and a resource variable k_saved of 2x2 int32s, the
// graph of test/Frontend/config/checkpoint.test), whose variables take
// their values from the checkpoint (readCheckpoint, then the dtype, shape
// and size of each tensor checked against its variable).
//
// In the fuzzing build (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION) the
// reader skips its checksums, so mutations get past them.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const tgc::fuzz::ScratchDir dir("checkpoint");
  static const std::string graph =
      tgc::fuzz::readSeedFile("graphdef/checkpoint_vars.pbtxt");

  std::vector<llvm::StringRef> parts = tgc::fuzz::splitParts(data, size, 2);
  dir.write("ckpt.index", parts[0]);
  dir.write("ckpt.data-00000-of-00001", parts[1]);

  tgc::ImportOptions options;
  options.checkpoint = dir.path("ckpt");
  options.fetches = {{"x_y_sum", ""}, {"k_read", ""}};
  tgc::fuzz::FuzzContext fuzz;
  mlir::OwningOpRef<mlir::ModuleOp> module = tgc::importGraphBuffer(
      fuzz.context, graph, "text", "checkpoint_vars.pbtxt", options);
  tgc::fuzz::report("checkpoint", module);
  return 0;
}

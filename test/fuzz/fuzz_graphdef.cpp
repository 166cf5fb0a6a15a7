//===- fuzz_graphdef.cpp - libFuzzer target: GraphDef reader + importer ---===//
//
// Each input is imported twice with default options: as a text GraphDef
// and as a binary one (the text parser rejects binary quickly, and the
// other way round), so one corpus serves both formats.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef buffer(reinterpret_cast<const char *>(data), size);
  for (const char *format : {"text", "binary"}) {
    tgc::fuzz::FuzzContext fuzz;
    tgc::ImportOptions options;
    mlir::OwningOpRef<mlir::ModuleOp> module = tgc::importGraphBuffer(
        fuzz.context, buffer, format, "fuzz-input", options);
    tgc::fuzz::report(format, module);
  }
  return 0;
}

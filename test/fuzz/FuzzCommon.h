//===- FuzzCommon.h - Shared pieces of tgc's libFuzzer harnesses -*- C++ -*-===//
//
// Every input gets a fresh MLIRContext (no threads, no state carried from
// one input to the next, so a reproducer replays alone). Diagnostics are
// swallowed; with TGC_FUZZ_VERBOSE=1 in the environment they are printed
// with the outcome and the imported module, to check seeds by hand:
//
//   TGC_FUZZ_VERBOSE=1 tgc-fuzz-graphdef test/fuzz/seeds/graphdef/mlp.pb
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TEST_FUZZ_FUZZCOMMON_H
#define TGC_TEST_FUZZ_FUZZCOMMON_H

#include "tgc/Frontend/Import.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <google/protobuf/stubs/logging.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace tgc::fuzz {

inline bool verbose() {
  static const bool value = [] {
    const char *env = std::getenv("TGC_FUZZ_VERBOSE");
    return env && *env && std::string(env) != "0";
  }();
  return value;
}

/// protobuf logs an ERROR line to stderr for each string field with invalid
/// UTF-8 (and the like): keep only its fatal messages (CHECK failures,
/// which abort and are findings) unless in verbose mode.
inline void protobufLog(google::protobuf::LogLevel level, const char *file,
                        int line, const std::string &message) {
  if (level == google::protobuf::LOGLEVEL_FATAL || verbose())
    llvm::errs() << "[libprotobuf " << file << ":" << line << "] " << message
                 << "\n";
}
inline const bool protobufLogInstalled =
    (google::protobuf::SetLogHandler(protobufLog), true);

/// A context for one input, with a handler that swallows diagnostics (or
/// prints them in verbose mode).
class FuzzContext {
public:
  FuzzContext()
      : context(mlir::MLIRContext::Threading::DISABLED),
        handler(&context, [](mlir::Diagnostic &diag) {
          if (verbose())
            llvm::errs() << "diagnostic: " << diag << "\n";
          return mlir::success();
        }) {}

  mlir::MLIRContext context;

private:
  mlir::ScopedDiagnosticHandler handler;
};

/// In verbose mode, says how an import went (and prints the module).
inline void report(llvm::StringRef what,
                   const mlir::OwningOpRef<mlir::ModuleOp> &module) {
  if (!verbose())
    return;
  llvm::errs() << what << ": " << (module ? "imported" : "import failed")
               << "\n";
  if (mlir::ModuleOp op = module.get())
    op.print(llvm::errs());
}

/// The directory of the seeds (set at compile time; TGC_FUZZ_SEEDS_DIR in
/// the environment overrides it).
inline std::string seedsDir() {
  if (const char *env = std::getenv("TGC_FUZZ_SEEDS_DIR"); env && *env)
    return env;
  return TGC_FUZZ_DEFAULT_SEEDS_DIR;
}

} // namespace tgc::fuzz

#endif

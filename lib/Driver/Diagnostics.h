//===- Diagnostics.h - tgc's diagnostic printer -----------------*- C++ -*-===//
//
// Private to lib/Driver: every diagnostic of a compilation is printed as
// "tgc: error: node 'x' (Op): message".
//
//===----------------------------------------------------------------------===//

#ifndef TGC_LIB_DRIVER_DIAGNOSTICS_H
#define TGC_LIB_DRIVER_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <string>

namespace tgc::driver {

/// Prints the diagnostics of `context` to `os` while it lives.
class DiagnosticPrinter {
public:
  DiagnosticPrinter(mlir::MLIRContext &context, llvm::raw_ostream &os);

  bool hadError = false;

private:
  void print(mlir::Diagnostic &diag);

  /// A prefix naming the node or file, unless the message already does.
  static std::string where(mlir::Location loc, llvm::StringRef message);

  mlir::ScopedDiagnosticHandler handler;
  llvm::raw_ostream &os;
};

} // namespace tgc::driver

#endif

//===- Registration.h - Dialects and passes tgc uses ------------*- C++ -*-===//

#ifndef TGC_DRIVER_REGISTRATION_H
#define TGC_DRIVER_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace tgc {

/// Every dialect, external interface model and LLVM IR translation that the
/// pipeline creates or reads.
void registerAllDialects(mlir::DialectRegistry &registry);

/// tgc's passes and pipelines, and the MLIR passes its pipelines use, for
/// command-line use (tgc-opt).
void registerAllPasses();

} // namespace tgc

#endif

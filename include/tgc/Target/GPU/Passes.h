//===- Passes.h - Passes of the CUDA code generator -------------*- C++ -*-===//
//
// Declared in Passes.td; the pipelines that run them are in Pipeline.h.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TARGET_GPU_PASSES_H
#define TGC_TARGET_GPU_PASSES_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace tgc::gpu {

#define GEN_PASS_DECL
#include "tgc/Target/GPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tgc/Target/GPU/Passes.h.inc"

} // namespace tgc::gpu

#endif // TGC_TARGET_GPU_PASSES_H

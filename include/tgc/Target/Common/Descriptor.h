//===- Descriptor.h - The model descriptor in LLVM IR -----------*- C++ -*-===//
//
// Both targets end in an LLVM module for the host; this adds what the
// runtime reads: the model's tgrt_model_def.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TARGET_COMMON_DESCRIPTOR_H
#define TGC_TARGET_COMMON_DESCRIPTOR_H

#include "tgc/Target/Common/Signature.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace tgc::target {

/// What a CUDA model's descriptor adds: the PTX of its kernels, their
/// names in the order of the launches' kernel indices, and the constant
/// pool the runtime uploads once per session.
struct CudaModule {
  std::string ptx;
  std::vector<std::string> kernels;
  std::vector<char> constants;
};

/// Adds the tgrt_model_def of the model (model_abi.h) and, per entry of
/// `signature`, a wrapper around its lowered function, whose parameters are
/// (the entry's feeds..., its variables..., its fetches..., arena) and, for
/// a CUDA model (`cuda` not null), also the constant pool and the
/// runtime's execution context. With `exportSharedSymbol` the descriptor is
/// also exported as "tgc_model". Every other function of the module becomes
/// internal.
llvm::Error addModelDescriptor(llvm::Module &module,
                               const ModelSignature &signature,
                               const ModelNames &names,
                               bool exportSharedSymbol,
                               const CudaModule *cuda = nullptr);

} // namespace tgc::target

#endif // TGC_TARGET_COMMON_DESCRIPTOR_H

//===- kernels_isa.h - The kernels, once per instruction set -----*- C++ -*-===//
//
// gemm.cpp and gemm_ordered.cpp are compiled several times, each time for
// one instruction set, with TGRT_ISA naming it (runtime/CMakeLists.txt):
// on x86-64 "avx512" (AVX-512 F/BW/DQ/VL with FMA), "avx2" (AVX2 with FMA)
// and "sse2" (the x86-64 baseline); elsewhere, or with TGRT_NATIVE, one
// copy named "native" or "generic". Each copy defines its entry points as
// tgrtisa_<isa>_<kernel>; kernels.cpp defines the public tgrt_* kernels and
// calls the copy that the running CPU supports, chosen once per process.
//
// On x86-64 every copy is linked into one relocatable object whose symbols
// are made local except the tgrtisa_ entry points, so that the inline
// functions the copies share (Eigen's, the standard library's) cannot be
// merged across instruction sets by the linker: an AVX-512 body must never
// be what the SSE2 copy calls.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_SRC_KERNELS_ISA_H
#define TGRT_SRC_KERNELS_ISA_H

#include "tgrt/kernels.h"

#include <stdint.h>

#define TGRT_ISA_CAT3(a, b, c) a##b##c
#define TGRT_ISA_NAME(isa, name) TGRT_ISA_CAT3(tgrtisa_, isa, _##name)

#ifdef TGRT_ISA
/// The entry point `name` of the copy being compiled.
#define TGRT_ISA_FN(name) TGRT_ISA_NAME(TGRT_ISA, name)
#endif

/// Declares the entry points of one copy.
#define TGRT_DECLARE_ISA_KERNELS(isa)                                         \
  extern "C" {                                                                \
  void TGRT_ISA_NAME(isa, gemm_f32)(const float *, const float *, float *,   \
                                    int64_t, int64_t, int64_t, int64_t,       \
                                    int64_t, int64_t, int32_t, int32_t,       \
                                    int32_t);                                 \
  void TGRT_ISA_NAME(isa, gemm_f64)(const double *, const double *,          \
                                    double *, int64_t, int64_t, int64_t,      \
                                    int64_t, int64_t, int64_t, int32_t,       \
                                    int32_t, int32_t);                        \
  void TGRT_ISA_NAME(isa, gemm_ordered_f32)(const float *, const float *,    \
                                            float *, int64_t, int64_t,        \
                                            int64_t, int64_t, int64_t,        \
                                            int64_t, int32_t);                \
  void TGRT_ISA_NAME(isa, gemm_ordered_packed_f32)(                           \
      const float *, const float *, float *, int64_t, int64_t, int64_t,       \
      int64_t, int64_t, int32_t);                                             \
  void TGRT_ISA_NAME(isa, conv_ordered_packed_f32)(                           \
      const float *, const tgrt_conv_patches *, const float *, float *,       \
      int64_t, int64_t, int32_t);                                             \
  int TGRT_ISA_NAME(isa, max_threads)(void);                                  \
  }

#endif // TGRT_SRC_KERNELS_ISA_H

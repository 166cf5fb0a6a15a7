//===- test_model_lib.cpp - The "linear" test model as a shared library ---===//
//
// Built as libtgrt-test-model.so; exports the model under the symbol
// TGRT_SHARED_MODEL_SYMBOL like `tgc --emit=shared` output does.
//
//===----------------------------------------------------------------------===//

#include "test_models.h"

extern "C" __attribute__((visibility("default")))
const tgrt_model_def tgc_model = tgrt_test::kLinearModel;

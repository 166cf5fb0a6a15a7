//===- TgBase.td - The tg dialect and its types --------------*- tablegen -*-===//
//
// The tg dialect models TensorFlow graphs: one op per concept with
// TensorFlow's semantics (broadcasting, NHWC, TF's rounding rules), on
// builtin ranked tensors.
//
//===----------------------------------------------------------------------===//

#ifndef TG_BASE_TD
#define TG_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Tg_Dialect : Dialect {
  let name = "tg";
  let summary = "TensorFlow graphs, one op per concept";
  let description = [{
    The tg dialect is tgc's import target for TensorFlow GraphDefs and TF.js
    graph models. Placeholders become arguments of an entry `func.func`
    (with a `tg.feed` attribute), fetches its results (`tg.fetch`), and
    variables module-level `tg.variable` symbols. Ops carry TensorFlow's
    semantics; several TF spellings of one concept (`Add`, `AddV2`,
    `BiasAdd`) import as one tg op.
  }];
  let cppNamespace = "::tgc::tg";
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
  let useDefaultTypePrinterParser = 0;
}

class Tg_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tg_Dialect, mnemonic, traits>;

// The element types a tg tensor may have: TensorFlow's numeric dtypes that
// tgc supports. Signless integers stand for TF's signed integers.
def Tg_ElementType : AnyTypeOf<[F32, F16, BF16, F64, I1, I8, I16, I32, I64, UI8]>;
def Tg_FloatElementType : AnyTypeOf<[F32, F16, BF16, F64]>;

def Tg_Tensor : RankedTensorOf<[F32, F16, BF16, F64, I1, I8, I16, I32, I64, UI8]>;
def Tg_FloatTensor : RankedTensorOf<[F32, F16, BF16, F64]>;
def Tg_NumericTensor : RankedTensorOf<[F32, F16, BF16, F64, I8, I16, I32, I64, UI8]>;

#endif // TG_BASE_TD

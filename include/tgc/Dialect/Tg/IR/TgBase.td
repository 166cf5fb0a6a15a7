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
  // The generated page prints the summary and the description's first
  // paragraph as one paragraph, hence the period.
  let summary = "TensorFlow graphs, one op per concept.";
  let description = [{
    `tg` is the dialect that tgc imports TensorFlow GraphDefs and TF.js graph
    models into. Its ops have TensorFlow's semantics (broadcasting, NHWC
    layout, TF's rounding rules) and work on builtin ranked tensors.
    Several TF spellings of one concept import as one op (`Add`, `AddV2` and
    `BiasAdd` are all `tg.add`), and the arguments that TF passes as tensors
    but that code generation must know (shapes, axes, permutations,
    paddings) are attributes, which the importer takes from constants after
    folding. The C++ namespace is `tgc::tg`.

    ## Types

    Every operand and result is a builtin **ranked** tensor
    (`tensor<2x3xf32>`, with `?` for a size not known yet). The element types
    are the TensorFlow dtypes that tgc supports:

    | tg | TensorFlow |
    |----|------------|
    | `f32`, `f16`, `bf16`, `f64` | `DT_FLOAT`, `DT_HALF`, `DT_BFLOAT16`, `DT_DOUBLE` |
    | `i1` | `DT_BOOL` |
    | `i8`, `i16`, `i32`, `i64` (signless, read as signed) | `DT_INT8` ... `DT_INT64` |
    | `ui8` | `DT_UINT8` |

    An op accepts *any* of them, the *numeric* ones (all but `i1`), the
    *float* ones or *bool* (`i1`), as its operand table says. Code generation
    needs static shapes, and its lowerings reject `ui8` so far.

    Conventions shared by the ops:

    * **Broadcasting** (the binary elementwise ops, `tg.select`, the batch
      dimensions of `tg.batch_matmul`), as in NumPy and TensorFlow: shapes are
      aligned at their last dimension, missing leading dimensions count as 1,
      and in each dimension the sizes are equal or one of them is 1, which
      stretches. An unknown size takes the other operand's size unless that
      is 1.
    * **Layout**: images are NHWC; filters are HWIO (`tg.conv2d`) or HWCM
      (`tg.depthwise_conv2d`, channel multiplier M). Padding is explicit,
      `pad = [top, bottom, left, right]`: the importer resolves TF's `SAME`,
      `VALID` and `EXPLICIT`.
    * **Axes** are non-negative: the importer normalises TF's negative ones.

    ## The entry function

    A graph imports as a module with one `func.func @main`. Its arguments are
    the feeds and its results the fetches, named by `tg.feed` and `tg.fetch`
    attributes with the TF tensor names that the compiled model, `tgc-run`
    and the generated header use. Variables are module-level `tg.variable`
    symbols, read with `tg.read` and set with `tg.assign`; their values
    outlive one run of the function.

    ```mlir
    module {
      tg.variable @w : tensor<4x2xf32> = dense<0.5> : tensor<4x2xf32>
      func.func @main(%x: tensor<1x4xf32> {tg.feed = "x"}) -> (tensor<1x2xf32> {tg.fetch = "probs"}) {
        %w = tg.read @w : tensor<4x2xf32>
        %0 = tg.matmul %x, %w : (tensor<1x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
        %1 = tg.softmax %0 : tensor<1x2xf32>
        return %1 : tensor<1x2xf32>
      }
    }
    ```

    The code generator adds two attributes to `@main`: `tg.variables = [@w,
    ...]`, the variables bound to trailing buffer arguments
    (`tg-bind-variables`), and `tg.arena_bytes`, the size of the scratch
    arena (`tg-plan-memory`). Every op the importer creates has the location
    `loc("NODE"("Op"))`, the TF node's name and op type, and tgc's
    diagnostics name that node.

    ## Shape inference

    Most ops infer their result types from their operands and attributes
    (`InferTypeOpInterface`), and the verifier checks the written result type
    against the inferred one. For the matrix products, the broadcasting ops,
    `tg.select`, the convolutions and the pools the two must be compatible:
    the same element type and equal sizes where both are known (a written
    `?` matches any size). For the other inferring ops they must be equal.
    The importer creates ops with the inferred types, and `tg-infer-shapes`
    recomputes them, in order, after the arguments were refined.

    A few ops take their result type as written, because it carries
    information the operands do not: `tg.reshape` and `tg.broadcast_to` (the
    new shape), `tg.cast` (the new element type), `tg.resize` (the new size),
    `tg.conv2d_transpose` (TF's `input_sizes`), `tg.argmax` and `tg.argmin`
    (`i32` or `i64`), `tg.top_k`, `tg.read`, `tg.if`, `tg.while` and the
    gradient ops. Their verifiers check the result against the operands.

    ## Folding

    Folders evaluate ops on constant operands and forward an operand that an
    op leaves unchanged (`x + (-0.0)`, `x * 1`, an identity `tg.transpose`).
    They run in the canonicalizer and already in the importer, which folds
    every op it creates: that is how the shape computations of real graphs
    (`Shape` → `StridedSlice` → `Pack` → `Reshape`) disappear at import. A
    folded value becomes a `tg.constant` of the op's result type.

    Folders work element by element, so they give up on inputs or results of
    more than 65536 elements and on results without a static shape. Float
    functions are computed in double precision and rounded to the element
    type; reductions accumulate in double or `int64`. A fold that TensorFlow
    would report as an error at run time (an integer division by zero, a
    negative integer exponent, a gather index out of range) is not done.

    ## Gradients

    Differentiable ops implement `GradientOpInterface` (`TgInterfaces.td`):
    `buildGradients` builds, from d(loss)/d(result), the gradient of each
    operand out of tg ops, summed back to the operand's shape where the op
    broadcast it, or null where no gradient flows (comparisons, logic,
    rounding, integer values, indices, `tg.stop_gradient`). The dialect
    library only declares the interface. The rules live in
    `lib/Transforms/Gradients`, one file per op family, and the driver
    registers them as external models (`registerGradientInterfaceModels`),
    which attach when the dialect loads. `tg-gradients` applies them
    backwards from a loss (`differentiateBlock`, `Engine.cpp`, which also
    differentiates the regions of `tg.if` and `tg.while`), and `tg-optimizer`
    builds a training step on them. Some gradients are ops of their own,
    built by `tg-gradients`: `tg.conv2d_filter_grad`,
    `tg.depthwise_conv2d_grad`, `tg.pool_grad`, `tg.resize_grad` and
    `tg.gather_grad`; the input gradient of `tg.conv2d` is
    `tg.conv2d_transpose`.

    ## Op families

    Every op belongs to one family, and every layer of tgc keeps a family's
    code under the family's name. `TgBase.td` defines the dialect and its
    type constraints, `TgInterfaces.td` the gradient interface, and
    `TgOps.td` includes the families and defines `tg.constant`
    (`lib/Dialect/Tg/IR/TgOps.cpp`, lowered by `TgToLinalg.cpp`).

    | Family | Ops | ODS and C++ | Importers | Lowering | Gradients |
    |--------|-----|-------------|-----------|----------|-----------|
    | Elementwise | binary and unary math, comparisons, logic, `add`, `relu`, `identity`, `stop_gradient`, `cast`, `select`, `add_n` | `TgElementwise.td`, `TgElementwise.cpp` | `ElementwiseImporters.cpp` | `Elementwise*.cpp` | `ElementwiseGradients.cpp` |
    | Shape | `reshape`, `transpose`, `concat`, `strided_slice`, `pad`, `tile`, `broadcast_to`, `gather`, `gather_nd`, `depth_to_space`, `gather_grad` | `TgShape.td`, `TgShape.cpp` | `ShapeImporters.cpp` | `Shape*.cpp` | `ShapeGradients.cpp` |
    | Reduction | `reduce_*`, `argmax`, `argmin`, `top_k` | `TgReduction.td`, `TgReduction.cpp` | `ReductionImporters.cpp` | `Reduction*.cpp` | `ReductionGradients.cpp` |
    | NN | matrix products, convolutions, pooling, resizing, `softmax`, their gradient ops | `TgNN.td`, `TgNN.cpp` | `NNImporters.cpp` | `NN*.cpp` | `NNGradients.cpp` |
    | ControlFlow | `if`, `while`, `yield`, `condition` | `TgControlFlow.td`, `TgControlFlow.cpp` | `ControlFlowImporters.cpp` | `ControlFlow.cpp` | `ControlFlowGradients.cpp` |
    | Variables | `variable`, `read`, `assign` | `TgVariables.td`, `TgVariables.cpp` | `VariablesImporters.cpp` | bound to buffers by the target (`lib/Target/Common/BindVariables.cpp`) | – |

    The ODS files are in `include/tgc/Dialect/Tg/IR`, their C++ in
    `lib/Dialect/Tg/IR`, the importers in `lib/Frontend`, the lowerings to
    linalg in `lib/Conversion/TgToLinalg` and the gradient rules in
    `lib/Transforms/Gradients`.
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

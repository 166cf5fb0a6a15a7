//===- GemmToRuntime.cpp - Call tgrt's tuned GEMM for matmuls -------------===//
//
// Matrix products dominate MLPs and transformers. Generated loops reach a
// fraction of the machine's FMA peak, while a packed, register-blocked GEMM
// (Eigen's, in tgrt) is within a few percent of it (bench/gemm measures
// both), so f32/f64 products on buffers become calls:
//
//   void tgrt_gemm_f32(const float *a, const float *b, float *c,
//                      int64_t m, int64_t n, int64_t k,
//                      int64_t lda, int64_t ldb, int64_t ldc,
//                      int32_t trans_a, int32_t trans_b, int32_t accumulate);
//
// A product marked `tg.ordered_sum` (a convolution lowered to a matmul)
// calls tgrt_gemm_ordered_f32 instead, which sums each dot product in
// order with fused multiply-adds, as TF's reference convolutions do.
//
//===----------------------------------------------------------------------===//

#include "tgc/Conversion/Passes.h"
#include "tgrt/model_abi.h"
#include "tgc/Target/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGGEMMTORUNTIME
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;
using namespace tgc::tg;

namespace {

/// A row-major matrix operand: base pointer (with offset applied) and
/// leading dimension, or failure when the layout is not unit-stride rows.
struct MatrixOperand {
  Value pointer;
  Value leadingDim;
};

FailureOr<MatrixOperand> getMatrixOperand(OpBuilder &builder, Location loc,
                                          Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (type.getRank() != 2 ||
      failed(getStridesAndOffset(type, strides, offset)) || strides[1] != 1)
    return failure();
  auto metadata =
      builder.create<memref::ExtractStridedMetadataOp>(loc, memref);
  Value base = builder.create<memref::ExtractAlignedPointerAsIndexOp>(
      loc, memref);
  // base + offset * sizeof(element), as an integer, then as a pointer.
  int64_t elementBytes = type.getElementTypeBitWidth() / 8;
  Value elementSize =
      builder.create<arith::ConstantIndexOp>(loc, elementBytes);
  Value byteOffset = builder.create<arith::MulIOp>(
      loc, metadata.getOffset(), elementSize);
  Value address = builder.create<arith::AddIOp>(loc, base, byteOffset);
  Value address64 = builder.create<arith::IndexCastOp>(
      loc, builder.getI64Type(), address);
  Value pointer = builder.create<LLVM::IntToPtrOp>(
      loc, LLVM::LLVMPointerType::get(builder.getContext()), address64);
  Value leadingDim = builder.create<arith::IndexCastOp>(
      loc, builder.getI64Type(), metadata.getStrides()[0]);
  return MatrixOperand{pointer, leadingDim};
}

/// Declares (once) the runtime function `name` taking `argTypes` (the
/// pointers, sizes and flags of the call being built).
func::FuncOp getOrCreateDecl(ModuleOp module, StringRef name,
                             TypeRange argTypes) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto func = builder.create<func::FuncOp>(
      module.getLoc(), name, builder.getFunctionType(argTypes, {}));
  func.setPrivate();
  return func;
}

/// Whether `op` is a linalg.fill of zero into exactly `buffer`.
bool isZeroFillOf(Operation *op, Value buffer) {
  auto fill = dyn_cast_or_null<linalg::FillOp>(op);
  if (!fill || fill.getOutputs().front() != buffer)
    return false;
  Value value = fill.getInputs().front();
  return matchPattern(value, m_AnyZeroFloat());
}

LogicalResult rewriteMatmul(linalg::LinalgOp op, bool transposeA,
                            bool transposeB) {
  if (!op.hasPureBufferSemantics())
    return failure();
  Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
  Value c = op.getDpsInits()[0];
  auto cType = cast<MemRefType>(c.getType());
  Type elementType = cType.getElementType();
  if (!elementType.isF32() && !elementType.isF64())
    return failure();
  for (Value operand : {a, b, c})
    if (cast<MemRefType>(operand.getType()).getElementType() != elementType)
      return failure();

  // C = A*B when the output was just zero-filled, else C += A*B.
  Operation *previous = op->getPrevNode();
  bool overwrite = isZeroFillOf(previous, c);

  OpBuilder builder(op);
  Location loc = op.getLoc();
  FailureOr<MatrixOperand> ma = getMatrixOperand(builder, loc, a);
  FailureOr<MatrixOperand> mb = getMatrixOperand(builder, loc, b);
  FailureOr<MatrixOperand> mc = getMatrixOperand(builder, loc, c);
  if (failed(ma) || failed(mb) || failed(mc))
    return failure();

  auto dimAsI64 = [&](Value memref, int64_t dim) -> Value {
    Value size = builder.create<memref::DimOp>(loc, memref, dim);
    return builder.create<arith::IndexCastOp>(loc, builder.getI64Type(),
                                              size);
  };
  Value m = dimAsI64(c, 0), n = dimAsI64(c, 1);
  Value k = dimAsI64(a, transposeA ? 0 : 1);

  auto i32Const = [&](bool value) -> Value {
    return builder.create<arith::ConstantIntOp>(loc, value ? 1 : 0, 32);
  };
  auto module = op->getParentOfType<ModuleOp>();
  SmallVector<Value> args = {ma->pointer,    mb->pointer,    mc->pointer,
                             m,              n,              k,
                             ma->leadingDim, mb->leadingDim, mc->leadingDim};
  StringRef name = elementType.isF32() ? TGRT_SYMBOL_NAME(TGRT_FN_GEMM_F32)
                                        : TGRT_SYMBOL_NAME(TGRT_FN_GEMM_F64);
  if (op->hasAttr(kOrderedSumAttr) && elementType.isF32() && !transposeA &&
      !transposeB) {
    name = TGRT_SYMBOL_NAME(TGRT_FN_GEMM_ORDERED_F32);
  } else {
    args.append({i32Const(transposeA), i32Const(transposeB)});
  }
  args.push_back(i32Const(!overwrite));
  builder.create<func::CallOp>(
      loc, getOrCreateDecl(module, name, ValueRange(args).getTypes()), args);
  if (overwrite)
    previous->erase();
  op->erase();
  return success();
}

struct TgGemmToRuntimePass : tgc::tg::impl::TgGemmToRuntimeBase<TgGemmToRuntimePass> {
  void runOnOperation() override {
    // A product the runtime cannot take (other dtypes, strided rows) stays
    // a linalg op and is lowered to loops.
    for (const MatmulOp &matmul : matmulsIn(getOperation()))
      (void)rewriteMatmul(matmul.op, matmul.transposeA, matmul.transposeB);
  }
};

} // namespace

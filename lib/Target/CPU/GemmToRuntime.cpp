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
// order with fused multiply-adds, as TF's reference convolutions do. When
// its B operand is a constant (a convolution's filter), the filter is
// stored in the kernel's panel layout at compile time, in a new global, and
// the product calls tgrt_gemm_ordered_packed_f32: no packing at run time.
//
//===----------------------------------------------------------------------===//

#include "tgc/Conversion/Passes.h"
#include "tgrt/model_abi.h"
#include "tgc/Target/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"

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

/// The constant global that `memref` views whole, in row-major order
/// (through reshapes), with its f32 values; failure otherwise.
FailureOr<std::pair<memref::GlobalOp, std::vector<float>>>
constantMatrix(Value memref, SymbolTableCollection &symbols) {
  auto type = cast<MemRefType>(memref.getType());
  if (!type.getLayout().isIdentity() || !type.hasStaticShape())
    return failure();
  Value value = memref;
  while (Operation *def = value.getDefiningOp()) {
    if (!isa<memref::CollapseShapeOp, memref::ExpandShapeOp, memref::CastOp>(
            def))
      break;
    value = def->getOperand(0);
  }
  auto get = value.getDefiningOp<memref::GetGlobalOp>();
  if (!get)
    return failure();
  auto global = symbols.lookupNearestSymbolFrom<memref::GlobalOp>(
      get, get.getNameAttr());
  if (!global || !global.getConstant() || !global.getInitialValue())
    return failure();
  auto globalType = global.getType();
  if (!globalType.getLayout().isIdentity() ||
      globalType.getNumElements() != type.getNumElements() ||
      !globalType.getElementType().isF32())
    return failure();
  std::vector<float> values;
  Attribute init = *global.getInitialValue();
  if (auto dense = dyn_cast<DenseElementsAttr>(init)) {
    auto range = dense.getValues<float>();
    values.assign(range.begin(), range.end());
  } else if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(init)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data)
      return failure();
    values.assign(data->begin(), data->end());
  } else {
    return failure();
  }
  if (static_cast<int64_t>(values.size()) != type.getNumElements())
    return failure();
  return std::make_pair(global, std::move(values));
}

/// B (k x n, row-major) in the layout tgrt_gemm_ordered_packed_f32 reads
/// (tgrt/kernels.h).
std::vector<float> packForOrderedGemm(const std::vector<float> &b, int64_t k,
                                      int64_t n) {
  const int64_t W = TGRT_GEMM_PACKED_PANEL, KB = TGRT_GEMM_PACKED_KBLOCK;
  std::vector<float> out(b.size());
  const int64_t full = n / W * W, tail = n - full;
  for (int64_t pc = 0; pc < k; pc += KB) {
    const int64_t kc = std::min(KB, k - pc);
    float *block = out.data() + pc * n;
    for (int64_t p = 0; p < kc; ++p)
      for (int64_t j = 0; j < n; ++j) {
        const float v = b[(pc + p) * n + j];
        if (j < full)
          block[(j / W) * kc * W + p * W + j % W] = v;
        else
          block[full * kc + p * tail + (j - full)] = v;
      }
  }
  return out;
}

/// Packed copies of constant filters, made once per global.
struct PackedFilters {
  SymbolTableCollection symbols;
  llvm::DenseMap<Operation *, memref::GlobalOp> packed;
  llvm::SmallPtrSet<Operation *, 8> originals;

  /// A view of B's filter in the packed layout, or null when B is not a
  /// constant global viewed whole.
  Value get(OpBuilder &builder, Location loc, Value b) {
    auto constant = constantMatrix(b, symbols);
    if (failed(constant))
      return nullptr;
    auto &[global, values] = *constant;
    auto type = cast<MemRefType>(b.getType());
    memref::GlobalOp &slot = packed[global];
    if (!slot) {
      auto module = global->getParentOfType<ModuleOp>();
      std::vector<float> data = packForOrderedGemm(
          values, type.getDimSize(0), type.getDimSize(1));
      auto tensorType =
          RankedTensorType::get(type.getShape(), builder.getF32Type());
      OpBuilder globalBuilder(global);
      globalBuilder.setInsertionPointAfter(global);
      slot = globalBuilder.create<memref::GlobalOp>(
          global.getLoc(), (global.getSymName() + "_packed").str(),
          globalBuilder.getStringAttr("private"), type,
          DenseElementsAttr::get(tensorType, ArrayRef<float>(data)),
          /*constant=*/true, global.getAlignmentAttr());
      symbols.getSymbolTable(module).insert(slot);
      originals.insert(global);
    }
    return builder.create<memref::GetGlobalOp>(loc, type, slot.getSymName());
  }

  /// Erases the original globals nothing uses any more.
  void eraseUnused(ModuleOp module) {
    for (Operation *global : originals) {
      // The views that fed the products are dead now.
      if (SymbolTable::symbolKnownUseEmpty(global, module))
        global->erase();
    }
  }
};

/// Erases `value`'s defining op and then its operands' when nothing uses
/// them (the views of a filter that is now read packed).
void eraseDeadChain(Value value) {
  Operation *def = value.getDefiningOp();
  while (def && def->use_empty() && isMemoryEffectFree(def)) {
    Value source = def->getNumOperands() ? def->getOperand(0) : Value();
    def->erase();
    def = source ? source.getDefiningOp() : nullptr;
  }
}

LogicalResult rewriteMatmul(linalg::LinalgOp op, bool transposeA,
                            bool transposeB, PackedFilters &filters) {
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
  bool ordered = op->hasAttr(kOrderedSumAttr) && elementType.isF32() &&
                 !transposeA && !transposeB;
  // A constant filter is read from its packed copy (B itself is then not
  // read at all).
  FailureOr<MatrixOperand> ma = getMatrixOperand(builder, loc, a);
  FailureOr<MatrixOperand> mc = getMatrixOperand(builder, loc, c);
  if (failed(ma) || failed(mc))
    return failure();
  Value packedB = ordered ? filters.get(builder, loc, b) : Value();
  FailureOr<MatrixOperand> mb =
      getMatrixOperand(builder, loc, packedB ? packedB : b);
  if (failed(mb))
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
  if (packedB) {
    // (a, b_packed, c, m, n, k, lda, ldc): no ldb.
    name = TGRT_SYMBOL_NAME(TGRT_FN_GEMM_ORDERED_PACKED_F32);
    args = {ma->pointer, mb->pointer, mc->pointer, m, n, k, ma->leadingDim,
            mc->leadingDim};
  } else if (ordered) {
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
  if (packedB)
    eraseDeadChain(b);
  return success();
}

struct TgGemmToRuntimePass : tgc::tg::impl::TgGemmToRuntimeBase<TgGemmToRuntimePass> {
  void runOnOperation() override {
    // A product the runtime cannot take (other dtypes, strided rows) stays
    // a linalg op and is lowered to loops.
    PackedFilters filters;
    for (const MatmulOp &matmul : matmulsIn(getOperation()))
      (void)rewriteMatmul(matmul.op, matmul.transposeA, matmul.transposeB,
                          filters);
    filters.eraseUnused(getOperation());
  }
};

} // namespace

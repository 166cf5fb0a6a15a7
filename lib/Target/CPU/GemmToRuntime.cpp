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
// When such a product's A operand is the patch matrix of a convolution (the
// im2col gather of the lowering, a generic reading the padded input at
// oh*sh + kh*dh, ow*sw + kw*dw), the call is
// tgrt_conv_ordered_packed_f32 on the input itself with the window's
// geometry (a constant descriptor in the object): the runtime gathers the
// patches block by block into cache-resident scratch, and the patch matrix
// is neither computed nor allocated.
//
//===----------------------------------------------------------------------===//

#include "tgc/Conversion/Passes.h"
#include "tgrt/kernels.h"
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

/// The address of `memref`'s first element (its aligned pointer plus its
/// offset) as an !llvm.ptr, and its strided metadata.
std::pair<Value, memref::ExtractStridedMetadataOp>
getElementPointer(OpBuilder &builder, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
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
  return {pointer, metadata};
}

FailureOr<MatrixOperand> getMatrixOperand(OpBuilder &builder, Location loc,
                                          Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (type.getRank() != 2 ||
      failed(getStridesAndOffset(type, strides, offset)) || strides[1] != 1)
    return failure();
  auto [pointer, metadata] = getElementPointer(builder, loc, memref);
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

/// The constant f32 global that `memref` views whole, in row-major order
/// (through reshapes); failure otherwise.
FailureOr<memref::GlobalOp> constantGlobal(Value memref,
                                           SymbolTableCollection &symbols) {
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
  return global;
}

/// The constant global that `memref` views whole, in row-major order
/// (through reshapes), with its f32 values; failure otherwise.
FailureOr<std::pair<memref::GlobalOp, std::vector<float>>>
constantMatrix(Value memref, SymbolTableCollection &symbols) {
  FailureOr<memref::GlobalOp> found = constantGlobal(memref, symbols);
  if (failed(found))
    return failure();
  memref::GlobalOp global = *found;
  auto type = cast<MemRefType>(memref.getType());
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
  std::vector<float> out(b.size());
  tgrt_pack_ordered_b_f32(b.data(), k, n, n, out.data());
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

/// The memref a chain of views (subviews, reshapes, casts) starts from.
Value viewRoot(Value memref) {
  while (auto view = memref.getDefiningOp<ViewLikeOpInterface>())
    memref = view.getViewSource();
  return memref;
}

/// A product's A operand that is the patch matrix of a convolution: the
/// 6-D buffer [N, OH, OW, KH, KW, C] that the lowering's im2col gather
/// writes from the padded NHWC input, collapsed to [N*OH*OW, KH*KW*C].
struct Im2col {
  linalg::GenericOp gather;
  memref::CollapseShapeOp collapse;
  Value patches;                         // the buffer the gather writes
  Value input;                           // [N, H, W, C], channels contiguous
  SmallVector<int64_t, 4> inputStrides;  // of N, H, W
  int64_t steps[2], dilations[2];
};

/// Whether `a`, read by `product`, is such a patch matrix that the product
/// may read from the input instead: nothing writes the input between the
/// gather and the product.
FailureOr<Im2col> im2colOf(Value a, Operation *product) {
  auto collapse = a.getDefiningOp<memref::CollapseShapeOp>();
  if (!collapse)
    return failure();
  SmallVector<ReassociationIndices> groups =
      collapse.getReassociationIndices();
  if (groups.size() != 2 || groups[0] != ReassociationIndices{0, 1, 2} ||
      groups[1] != ReassociationIndices{3, 4, 5})
    return failure();
  Value patches = collapse.getSrc();
  auto patchType = cast<MemRefType>(patches.getType());
  if (patchType.getRank() != 6 || !patchType.hasStaticShape() ||
      !patchType.getLayout().isIdentity())
    return failure();
  linalg::GenericOp gather;
  for (Operation *user : patches.getUsers()) {
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (generic && generic.getNumDpsInits() == 1 &&
        generic.getDpsInits()[0] == patches) {
      if (gather)
        return failure(); // written twice
      gather = generic;
    }
  }
  if (!gather || gather.getNumDpsInputs() != 1 ||
      gather.getNumParallelLoops() != 6 || gather.getNumLoops() != 6 ||
      !gather.hasPureBufferSemantics())
    return failure();
  Block &body = gather.getRegion().front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (body.getOperations().size() != 1 || !yield ||
      yield.getNumOperands() != 1 || yield.getOperand(0) != body.getArgument(0))
    return failure();
  Value input = gather.getDpsInputs()[0];
  auto inputType = dyn_cast<MemRefType>(input.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!inputType || inputType.getRank() != 4 ||
      !inputType.getElementType().isF32() || !inputType.hasStaticShape() ||
      failed(getStridesAndOffset(inputType, strides, offset)) ||
      strides[3] != 1 || llvm::any_of(strides, ShapedType::isDynamic))
    return failure();
  // The maps: identity on the patches, and
  // (n, oh, ow, kh, kw, c) -> (n, oh*sh + kh*dh, ow*sw + kw*dw, c) on the
  // input, the coefficients read off by evaluating the map.
  SmallVector<AffineMap> maps = gather.getIndexingMapsArray();
  if (!maps[1].isIdentity() || maps[0].getNumSymbols() != 0 ||
      maps[0].getNumResults() != 4)
    return failure();
  auto at = [&](ArrayRef<int64_t> point) { return maps[0].compose(point); };
  auto unit = [](unsigned d) {
    SmallVector<int64_t> point(6, 0);
    point[d] = 1;
    return point;
  };
  if (llvm::any_of(at(SmallVector<int64_t>(6, 0)), [](int64_t v) {
        return v != 0;
      }))
    return failure();
  Im2col result;
  result.steps[0] = at(unit(1))[1];
  result.steps[1] = at(unit(2))[2];
  result.dilations[0] = at(unit(3))[1];
  result.dilations[1] = at(unit(4))[2];
  MLIRContext *ctx = a.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap expected = AffineMap::get(
      6, 0,
      {d(0), d(1) * result.steps[0] + d(3) * result.dilations[0],
       d(2) * result.steps[1] + d(4) * result.dilations[1], d(5)},
      ctx);
  if (simplifyAffineMap(maps[0]) != simplifyAffineMap(expected) ||
      result.steps[0] <= 0 || result.steps[1] <= 0 ||
      result.dilations[0] <= 0 || result.dilations[1] <= 0)
    return failure();
  if (inputType.getDimSize(0) != patchType.getDimSize(0) ||
      inputType.getDimSize(3) != patchType.getDimSize(5))
    return failure();
  // The product reads the input where the gather did: nothing between them
  // may write into the input's buffer.
  if (gather->getBlock() != product->getBlock() ||
      !gather->isBeforeInBlock(product))
    return failure();
  Value root = viewRoot(input);
  for (Operation *op = gather->getNextNode(); op != product;
       op = op->getNextNode()) {
    if (isMemoryEffectFree(op))
      continue;
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (!effects)
      return failure();
    SmallVector<MemoryEffects::EffectInstance> list;
    effects.getEffects(list);
    for (const MemoryEffects::EffectInstance &effect : list)
      if (isa<MemoryEffects::Write>(effect.getEffect()) &&
          (!effect.getValue() || viewRoot(effect.getValue()) == root))
        return failure();
  }
  result.gather = gather;
  result.collapse = collapse;
  result.patches = patches;
  result.input = input;
  result.inputStrides.assign(strides.begin(), strides.begin() + 3);
  return result;
}

/// A private constant global holding `values` (i64), for descriptors the
/// runtime reads.
memref::GlobalOp createI64Global(ModuleOp module, StringRef name,
                                 ArrayRef<int64_t> values,
                                 SymbolTableCollection &symbols) {
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto type = MemRefType::get({static_cast<int64_t>(values.size())},
                              builder.getI64Type());
  auto tensorType = RankedTensorType::get(type.getShape(), builder.getI64Type());
  auto global = builder.create<memref::GlobalOp>(
      module.getLoc(), name, builder.getStringAttr("private"), type,
      DenseElementsAttr::get(tensorType, values), /*constant=*/true,
      builder.getI64IntegerAttr(8));
  symbols.getSymbolTable(module).insert(global); // renamed if taken
  return global;
}

/// The convolution `op` (C = patches(input) * B, B constant) as a call of
/// tgrt_conv_ordered_packed_f32; erases the gather and the patch buffer
/// when nothing else reads them.
LogicalResult rewriteConvolution(linalg::LinalgOp op, const Im2col &conv,
                                 PackedFilters &filters) {
  Value b = op.getDpsInputs()[1], c = op.getDpsInits()[0];
  Operation *previous = op->getPrevNode();
  bool overwrite = isZeroFillOf(previous, c);
  OpBuilder builder(op);
  Location loc = op.getLoc();
  FailureOr<MatrixOperand> mc = getMatrixOperand(builder, loc, c);
  if (failed(mc))
    return failure();
  Value packedB = filters.get(builder, loc, b);
  if (!packedB)
    return failure();
  FailureOr<MatrixOperand> mb = getMatrixOperand(builder, loc, packedB);
  if (failed(mb))
    return failure();
  auto inputType = cast<MemRefType>(conv.input.getType());
  auto patchType = cast<MemRefType>(conv.patches.getType());
  // The fields of tgrt_conv_patches, in order (tgrt/kernels.h).
  SmallVector<int64_t, TGRT_CONV_PATCHES_FIELDS> fields = {
      inputType.getDimSize(0), inputType.getDimSize(1),
      inputType.getDimSize(2), inputType.getDimSize(3),
      conv.inputStrides[0],    conv.inputStrides[1],
      conv.inputStrides[2],    patchType.getDimSize(3),
      patchType.getDimSize(4), conv.steps[0],
      conv.steps[1],           conv.dilations[0],
      conv.dilations[1],       patchType.getDimSize(1),
      patchType.getDimSize(2)};
  auto module = op->getParentOfType<ModuleOp>();
  memref::GlobalOp descriptor =
      createI64Global(module, "__tgc_conv_patches", fields, filters.symbols);
  Value descriptorRef = builder.create<memref::GetGlobalOp>(
      loc, descriptor.getType(), descriptor.getSymName());
  Value input = getElementPointer(builder, loc, conv.input).first;
  Value geometry = getElementPointer(builder, loc, descriptorRef).first;
  auto cType = cast<MemRefType>(c.getType());
  Value n = builder.create<arith::ConstantIntOp>(loc, cType.getDimSize(1), 64);
  Value accumulate =
      builder.create<arith::ConstantIntOp>(loc, overwrite ? 0 : 1, 32);
  SmallVector<Value> args = {input, geometry,       mb->pointer, mc->pointer,
                             n,     mc->leadingDim, accumulate};
  StringRef name = TGRT_SYMBOL_NAME(TGRT_FN_CONV_ORDERED_PACKED_F32);
  builder.create<func::CallOp>(
      loc, getOrCreateDecl(module, name, ValueRange(args).getTypes()), args);
  if (overwrite)
    previous->erase();
  op->erase();
  eraseDeadChain(b);
  // The patch matrix, unless another product still reads it.
  Value patches = conv.patches;
  if (conv.collapse->use_empty())
    conv.collapse->erase();
  if (llvm::all_of(patches.getUsers(), [&](Operation *user) {
        return user == conv.gather || isa<memref::DeallocOp>(user);
      })) {
    for (Operation *user : llvm::make_early_inc_range(patches.getUsers()))
      user->erase();
    if (Operation *alloc = patches.getDefiningOp();
        alloc && isa<memref::AllocOp, memref::AllocaOp>(alloc))
      alloc->erase();
  }
  return success();
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

  bool ordered = op->hasAttr(kOrderedSumAttr) && elementType.isF32() &&
                 !transposeA && !transposeB;
  // A convolution with a constant filter reads its input's patches in
  // place.
  if (ordered && succeeded(constantGlobal(b, filters.symbols)))
    if (FailureOr<Im2col> conv = im2colOf(a, op); succeeded(conv))
      if (succeeded(rewriteConvolution(op, *conv, filters)))
        return success();

  OpBuilder builder(op);
  Location loc = op.getLoc();
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

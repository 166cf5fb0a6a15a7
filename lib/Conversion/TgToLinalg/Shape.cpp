//===- Shape.cpp - Lowering of tg's shape ops -----------------------------===//
//
// Reshape, transpose, slices, padding, tiling, broadcasting, concatenation,
// depth_to_space and the gathers (with the params' gradient of a gather).
// The reductions are in Reduction.cpp.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

using tgc::tg::detail::checkTypes;
using tgc::tg::detail::emptyLike;

/// A parallel generic over `resultType` reading `input` through `map`.
Value gatherGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                    Value input, AffineMap map) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps = {map, b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{resultType}, ValueRange{input},
          ValueRange{emptyLike(b, loc, resultType)}, maps, iterators,
          [](OpBuilder &nb, Location nl, ValueRange args) {
            nb.create<linalg::YieldOp>(nl, args[0]);
          })
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// Reshape, transpose, slices, padding, tiling, broadcasting
//===----------------------------------------------------------------------===//

struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    SmallVector<int64_t> shape(type.getShape());
    auto shapeType =
        RankedTensorType::get({type.getRank()}, rewriter.getI64Type());
    Value shapeValue = rewriter.create<arith::ConstantOp>(
        loc, DenseIntElementsAttr::get(shapeType, shape));
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, type, adaptor.getInput(),
                                                   shapeValue);
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    Value empty = emptyLike(rewriter, op.getLoc(), type);
    rewriter.replaceOp(op, rewriter
                               .create<linalg::TransposeOp>(
                                   op.getLoc(), adaptor.getInput(), empty,
                                   op.getPerm())
                               ->getResult(0));
    return success();
  }
};

struct StridedSliceLowering : OpConversionPattern<StridedSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(StridedSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> begins = op.getBegin(), strides = op.getStrides();
    if (llvm::all_of(strides, [](int64_t s) { return s > 0; })) {
      SmallVector<OpFoldResult> offsets, sizes, steps;
      for (auto [begin, size, stride] :
           llvm::zip(begins, type.getShape(), strides)) {
        offsets.push_back(rewriter.getIndexAttr(begin));
        sizes.push_back(rewriter.getIndexAttr(size));
        steps.push_back(rewriter.getIndexAttr(stride));
      }
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, type, adaptor.getInput(), offsets, sizes, steps);
      return success();
    }
    // A negative stride: output[d] reads input[begin + d * stride], through
    // tensor.extract at computed indices.
    int64_t rank = type.getRank();
    Value source = adaptor.getInput();
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{},
        ValueRange{emptyLike(rewriter, loc, type)},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < rank; ++d) {
            Value i = b.create<linalg::IndexOp>(l, d);
            Value scaled = b.create<arith::MulIOp>(
                l, i, b.create<arith::ConstantIndexOp>(l, strides[d]));
            coords.push_back(b.create<arith::AddIOp>(
                l, scaled, b.create<arith::ConstantIndexOp>(l, begins[d])));
          }
          b.create<linalg::YieldOp>(
              l, Value(b.create<tensor::ExtractOp>(l, source, coords)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// MirrorPad: each output index i of a dimension of size n reads the input
/// at i - low, mirrored at the edges: reflect mirrors about the edge
/// element (-1 reads 1, n reads n - 2), symmetric repeats it (-1 reads 0,
/// n reads n - 1). TF requires the padding to be below n (reflect) or at
/// most n (symmetric), so one mirror suffices.
Value mirrorPad(OpBuilder &b, Location loc, Value input, RankedTensorType type,
                ArrayRef<int64_t> low, bool symmetric) {
  auto inType = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{}, ValueRange{emptyLike(b, loc, type)},
          ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)}, iterators,
          [&](OpBuilder &nb, Location nl, ValueRange) {
            SmallVector<Value> indices;
            for (int64_t d = 0; d < rank; ++d) {
              auto cst = [&](int64_t v) -> Value {
                return nb.create<arith::ConstantIndexOp>(nl, v);
              };
              int64_t n = inType.getDimSize(d);
              Value i = nb.create<arith::SubIOp>(
                  nl, nb.create<linalg::IndexOp>(nl, d), cst(low[d]));
              // Below 0: -i (reflect) or -i - 1 (symmetric).
              Value below = nb.create<arith::SubIOp>(nl, cst(symmetric ? -1 : 0), i);
              // At n and above: 2(n-1) - i (reflect) or 2n - 1 - i.
              Value above = nb.create<arith::SubIOp>(
                  nl, cst(symmetric ? 2 * n - 1 : 2 * (n - 1)), i);
              Value isBelow = nb.create<arith::CmpIOp>(
                  nl, arith::CmpIPredicate::slt, i, cst(0));
              Value isAbove = nb.create<arith::CmpIOp>(
                  nl, arith::CmpIPredicate::sge, i, cst(n));
              Value index = nb.create<arith::SelectOp>(
                  nl, isBelow, below,
                  nb.create<arith::SelectOp>(nl, isAbove, above, i));
              indices.push_back(index);
            }
            nb.create<linalg::YieldOp>(
                nl, ValueRange{nb.create<tensor::ExtractOp>(nl, input, indices)});
          })
      .getResult(0);
}

struct PadLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    if (op.getMode() == "reflect" || op.getMode() == "symmetric") {
      rewriter.replaceOp(op, mirrorPad(rewriter, loc, adaptor.getInput(), type,
                                       op.getLow(),
                                       op.getMode() == "symmetric"));
      return success();
    }
    if (op.getMode() != "constant")
      return op.emitError("cannot lower ") << op.getMode() << " padding";
    Type element = type.getElementType();
    TypedAttr value = op.getValue() ? *op.getValue()
                                    : cast<TypedAttr>(rewriter.getZeroAttr(element));
    Value padValue = rewriter.create<arith::ConstantOp>(loc, value);
    SmallVector<OpFoldResult> low, high;
    for (int64_t v : op.getLow())
      low.push_back(rewriter.getIndexAttr(v));
    for (int64_t v : op.getHigh())
      high.push_back(rewriter.getIndexAttr(v));
    rewriter.replaceOpWithNewOp<tensor::PadOp>(op, type, adaptor.getInput(),
                                               low, high, padValue);
    return success();
  }
};

struct TileLowering : OpConversionPattern<TileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    MLIRContext *context = op.getContext();
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < inType.getRank(); ++d)
      exprs.push_back(getAffineDimExpr(d, context) % inType.getDimSize(d));
    auto type = cast<RankedTensorType>(op.getType());
    AffineMap map = AffineMap::get(type.getRank(), 0, exprs, context);
    rewriter.replaceOp(op, gatherGeneric(rewriter, op.getLoc(), type,
                                         adaptor.getInput(), map));
    return success();
  }
};

struct BroadcastToLowering : OpConversionPattern<BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    rewriter.replaceOp(
        op, tgc::tg::detail::buildElementwise(
                rewriter, op.getLoc(), op.getType(), adaptor.getInput(),
                [](OpBuilder &, Location, ValueRange args) { return args[0]; }));
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis();
    Value result = emptyLike(rewriter, loc, type);
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inType = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes, strides(type.getRank(),
                                               rewriter.getIndexAttr(1));
      for (int64_t size : inType.getShape())
        sizes.push_back(rewriter.getIndexAttr(size));
      result = rewriter.create<tensor::InsertSliceOp>(loc, input, result,
                                                      offsets, sizes, strides);
      offset += inType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct DepthToSpaceLowering : OpConversionPattern<DepthToSpaceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DepthToSpaceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    // out[n, h, w, c] = in[n, h / b, w / b, ((h % b) * b + w % b) * C + c]
    MLIRContext *context = op.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t b = op.getBlockSize(), channels = type.getDimSize(3);
    AffineExpr n = getAffineDimExpr(0, context), h = getAffineDimExpr(1, context),
               w = getAffineDimExpr(2, context), c = getAffineDimExpr(3, context);
    AffineMap map = AffineMap::get(
        4, 0,
        {n, h.floorDiv(b), w.floorDiv(b),
         ((h % b) * b + w % b) * channels + c},
        context);
    rewriter.replaceOp(op, gatherGeneric(rewriter, op.getLoc(), type,
                                         adaptor.getInput(), map));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Gather
//===----------------------------------------------------------------------===//

struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    // out[p..., i..., q...] = params[p..., clamp(indices[b..., i...]), q...]
    // where the batch dimensions b (batch_dims of them) are the first of p.
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    auto params = cast<RankedTensorType>(op.getParams().getType());
    auto indices = cast<RankedTensorType>(op.getIndices().getType());
    int64_t axis = op.getAxis(), batch = op.getBatchDims();
    int64_t iRank = indices.getRank() - batch; // the gathered index dims
    int64_t rank = type.getRank();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t d = 0; d < batch; ++d)
      indexExprs.push_back(getAffineDimExpr(d, context));
    for (int64_t d = 0; d < iRank; ++d)
      indexExprs.push_back(getAffineDimExpr(axis + d, context));
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank, 0, indexExprs, context),
        rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value source = adaptor.getParams();
    int64_t limit = params.getDimSize(axis) - 1;
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{emptyLike(rewriter, loc, type)}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value index =
              b.create<arith::IndexCastOp>(l, b.getIndexType(), args[0]);
          // Out-of-range indices are an error in TF; clamp them here.
          Value zero = b.create<arith::ConstantIndexOp>(l, 0);
          Value high = b.create<arith::ConstantIndexOp>(l, limit);
          index = b.create<arith::MaxSIOp>(l, index, zero);
          index = b.create<arith::MinSIOp>(l, index, high);
          SmallVector<Value> coords;
          for (int64_t d = 0; d < axis; ++d)
            coords.push_back(b.create<linalg::IndexOp>(l, d));
          coords.push_back(index);
          for (int64_t d = axis + 1; d < params.getRank(); ++d)
            coords.push_back(b.create<linalg::IndexOp>(l, d - 1 + iRank));
          Value element = b.create<tensor::ExtractOp>(l, source, coords);
          b.create<linalg::YieldOp>(l, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GatherNdLowering : OpConversionPattern<GatherNdOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherNdOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    // out[i..., j...] = params[idx[i..., 0], ..., idx[i..., k-1], j...]
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto params = cast<RankedTensorType>(op.getParams().getType());
    auto indices = cast<RankedTensorType>(op.getIndices().getType());
    int64_t batch = indices.getRank() - 1;
    int64_t depth = indices.getDimSize(batch);
    int64_t rank = type.getRank();
    Value source = adaptor.getParams(), index = adaptor.getIndices();
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{},
        ValueRange{emptyLike(rewriter, loc, type)},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> prefix;
          for (int64_t d = 0; d < batch; ++d)
            prefix.push_back(b.create<linalg::IndexOp>(l, d));
          SmallVector<Value> coords;
          for (int64_t k = 0; k < depth; ++k) {
            SmallVector<Value> at = prefix;
            at.push_back(b.create<arith::ConstantIndexOp>(l, k));
            Value raw = b.create<tensor::ExtractOp>(l, index, at);
            Value i = b.create<arith::IndexCastOp>(l, b.getIndexType(), raw);
            // Out-of-range indices are an error in TF; clamp them here.
            i = b.create<arith::MaxSIOp>(l, i,
                                         b.create<arith::ConstantIndexOp>(l, 0));
            i = b.create<arith::MinSIOp>(
                l, i,
                b.create<arith::ConstantIndexOp>(l, params.getDimSize(k) - 1));
            coords.push_back(i);
          }
          for (int64_t d = depth; d < params.getRank(); ++d)
            coords.push_back(b.create<linalg::IndexOp>(l, batch + d - depth));
          b.create<linalg::YieldOp>(
              l, Value(b.create<tensor::ExtractOp>(l, source, coords)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// An scf loop nest over base.shape[:axis] + indices.shape +
/// base.shape[axis+1:] that, starting from `base`, combines each element of
/// `updates` (the one at the loop's position, or its only element when it
/// is a scalar) into `base` at the position whose `axis` coordinate is the
/// index there, clamped like gather's, in row-major order. `combine` is
/// given the old and the new element; null replaces.
Value scatterLoopNest(
    OpBuilder &builder, Location loc, Value base, Value indices,
    Value updates, int64_t axis,
    function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto type = cast<RankedTensorType>(base.getType());
  auto indicesType = cast<RankedTensorType>(indices.getType());
  bool scalar = cast<RankedTensorType>(updates.getType()).getRank() == 0;
  int64_t ri = indicesType.getRank();
  auto idx = [&](OpBuilder &b, int64_t v) -> Value {
    return b.create<arith::ConstantIndexOp>(loc, v);
  };
  SmallVector<int64_t> extent(type.getShape().take_front(axis));
  extent.append(indicesType.getShape().begin(), indicesType.getShape().end());
  extent.append(type.getShape().begin() + axis + 1, type.getShape().end());
  SmallVector<Value> lbs(extent.size(), idx(builder, 0)),
      steps(extent.size(), idx(builder, 1)), ubs;
  for (int64_t d : extent)
    ubs.push_back(idx(builder, d));
  int64_t rows = type.getDimSize(axis);
  scf::LoopNest nest = scf::buildLoopNest(
      builder, loc, lbs, ubs, steps, ValueRange{base},
      [&](OpBuilder &b, Location l, ValueRange ivs,
          ValueRange args) -> scf::ValueVector {
        Value index =
            b.create<tensor::ExtractOp>(l, indices, ivs.slice(axis, ri));
        index = b.create<arith::IndexCastOp>(l, b.getIndexType(), index);
        index = b.create<arith::MaxSIOp>(l, index, idx(b, 0));
        index = b.create<arith::MinSIOp>(l, index, idx(b, rows - 1));
        SmallVector<Value> at(ivs.take_front(axis));
        at.push_back(index);
        at.append(ivs.begin() + axis + ri, ivs.end());
        Value update =
            scalar ? Value(b.create<tensor::ExtractOp>(l, updates))
                   : Value(b.create<tensor::ExtractOp>(l, updates, ivs));
        if (combine) {
          Value old = b.create<tensor::ExtractOp>(l, args[0], at);
          update = combine(b, l, old, update);
        }
        return {b.create<tensor::InsertOp>(l, update, args[0], at)};
      });
  return nest.results[0];
}

/// The params' gradient of a gather: a scatter-add of the output gradient
/// into zeros.
struct GatherGradLowering : OpConversionPattern<GatherGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value zero = rewriter.create<arith::ConstantOp>(
        loc, rewriter.getZeroAttr(type.getElementType()));
    Value init =
        rewriter.create<linalg::FillOp>(loc, zero, emptyLike(rewriter, loc, type))
            .getResult(0);
    rewriter.replaceOp(
        op, scatterLoopNest(rewriter, loc, init, adaptor.getIndices(),
                            adaptor.getOutGrad(), op.getAxis(),
                            [](OpBuilder &b, Location l, Value old, Value add) {
                              return b.create<arith::AddFOp>(l, old, add)
                                  .getResult();
                            }));
    return success();
  }
};

/// A scatter into a variable's value: the loop nest along dimension 0,
/// combining each update into the row its index names, in order.
struct ScatterLowering : OpConversionPattern<ScatterOp> {
  using OpConversionPattern::OpConversionPattern;

  static Value combine(OpBuilder &b, Location loc, StringRef kind, Value old,
                       Value update) {
    Type type = old.getType();
    bool isFloat = isa<FloatType>(type);
    bool isUnsigned = !isFloat && cast<IntegerType>(type).isUnsigned();
    if (kind == "add")
      return isFloat ? Value(b.create<arith::AddFOp>(loc, old, update))
                     : Value(b.create<arith::AddIOp>(loc, old, update));
    if (kind == "sub")
      return isFloat ? Value(b.create<arith::SubFOp>(loc, old, update))
                     : Value(b.create<arith::SubIOp>(loc, old, update));
    if (kind == "mul")
      return isFloat ? Value(b.create<arith::MulFOp>(loc, old, update))
                     : Value(b.create<arith::MulIOp>(loc, old, update));
    if (kind == "div") {
      if (isFloat)
        return b.create<arith::DivFOp>(loc, old, update);
      // Integer division by zero is an error in TF; keep the old value
      // rather than trap.
      Value zero = b.create<arith::ConstantOp>(loc, b.getZeroAttr(type));
      Value one = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, 1));
      Value isZero = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                             update, zero);
      Value divisor = b.create<arith::SelectOp>(loc, isZero, one, update);
      Value quotient =
          isUnsigned ? Value(b.create<arith::DivUIOp>(loc, old, divisor))
                     : Value(b.create<arith::DivSIOp>(loc, old, divisor));
      return b.create<arith::SelectOp>(loc, isZero, old, quotient);
    }
    if (kind == "min")
      return isFloat      ? Value(b.create<arith::MinimumFOp>(loc, old, update))
             : isUnsigned ? Value(b.create<arith::MinUIOp>(loc, old, update))
                          : Value(b.create<arith::MinSIOp>(loc, old, update));
    if (kind == "max")
      return isFloat      ? Value(b.create<arith::MaximumFOp>(loc, old, update))
             : isUnsigned ? Value(b.create<arith::MaxUIOp>(loc, old, update))
                          : Value(b.create<arith::MaxSIOp>(loc, old, update));
    return update; // "update"
  }

  LogicalResult
  matchAndRewrite(ScatterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    StringRef kind = op.getKind();
    function_ref<Value(OpBuilder &, Location, Value, Value)> none = nullptr;
    auto combineKind = [&](OpBuilder &b, Location l, Value old, Value update) {
      return combine(b, l, kind, old, update);
    };
    rewriter.replaceOp(
        op, scatterLoopNest(rewriter, op.getLoc(), adaptor.getBase(),
                            adaptor.getIndices(), adaptor.getUpdates(), 0,
                            kind == "update" ? none : combineKind));
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateShapePatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ReshapeLowering, TransposeLowering, StridedSliceLowering,
               PadLowering, TileLowering, BroadcastToLowering, ConcatLowering,
               DepthToSpaceLowering, GatherLowering, GatherNdLowering,
               GatherGradLowering, ScatterLowering>(context);
  target.addIllegalOp<ReshapeOp, TransposeOp, StridedSliceOp, PadOp, TileOp,
                      BroadcastToOp, ConcatOp, DepthToSpaceOp, GatherOp,
                      GatherNdOp, GatherGradOp, ScatterOp>();
}

//===- Reduction.cpp - Lowering of reductions, argmax/argmin, top_k -------===//
//
// tg.reduce_* become a linalg.generic with reduction iterators over the
// reduced axes (reduce_mean divides the sum afterwards; keep_dims reshapes
// the size-1 dimensions back); tg.argmax and tg.argmin carry the best value
// and its index through one reduction.
//
// TopKV2 keeps, per row of the last dimension, the k largest values sorted
// in descending order; equal values keep the smaller index first (TF's
// sorted=true contract). There is no linalg op for selection, so the
// lowering is an scf loop nest on tensors: one pass over the row keeps a
// sorted window of the best k seen so far and inserts a new element by
// shifting the smaller ones down. A row of N random values costs about
// N + k·ln(N/k)·k/2 steps, against N·k for k selection passes.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "tgc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

using tgc::tg::detail::checkTypes;
using tgc::tg::detail::emptyLike;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

enum class Kind { Sum, Mean, Max, Min, Prod, Any, All };

TypedAttr initialValue(Builder &b, Type element, Kind kind) {
  if (auto f = dyn_cast<FloatType>(element)) {
    const llvm::fltSemantics &s = f.getFloatSemantics();
    switch (kind) {
    case Kind::Max:
      return b.getFloatAttr(f, APFloat::getInf(s, /*Negative=*/true));
    case Kind::Min:
      return b.getFloatAttr(f, APFloat::getInf(s, /*Negative=*/false));
    case Kind::Prod:
      return b.getFloatAttr(f, 1.0);
    default:
      return b.getFloatAttr(f, 0.0);
    }
  }
  unsigned width = element.getIntOrFloatBitWidth();
  switch (kind) {
  case Kind::Max:
    return b.getIntegerAttr(element, APInt::getSignedMinValue(width));
  case Kind::Min:
    return b.getIntegerAttr(element, APInt::getSignedMaxValue(width));
  case Kind::Prod:
  case Kind::All:
    return b.getIntegerAttr(element, 1);
  default:
    return b.getIntegerAttr(element, 0);
  }
}

Value combine(OpBuilder &b, Location loc, Kind kind, Value x, Value acc) {
  bool isFloat = isa<FloatType>(x.getType());
  switch (kind) {
  case Kind::Sum:
  case Kind::Mean:
    return isFloat ? Value(b.create<arith::AddFOp>(loc, x, acc))
                   : Value(b.create<arith::AddIOp>(loc, x, acc));
  case Kind::Max:
    return isFloat ? Value(b.create<arith::MaximumFOp>(loc, x, acc))
                   : Value(b.create<arith::MaxSIOp>(loc, x, acc));
  case Kind::Min:
    return isFloat ? Value(b.create<arith::MinimumFOp>(loc, x, acc))
                   : Value(b.create<arith::MinSIOp>(loc, x, acc));
  case Kind::Prod:
    return isFloat ? Value(b.create<arith::MulFOp>(loc, x, acc))
                   : Value(b.create<arith::MulIOp>(loc, x, acc));
  case Kind::Any:
    return b.create<arith::OrIOp>(loc, x, acc);
  case Kind::All:
    return b.create<arith::AndIOp>(loc, x, acc);
  }
  llvm_unreachable("unknown reduction");
}

template <typename OpTy, Kind kind>
struct ReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    Type element = inType.getElementType();
    ArrayRef<int64_t> axes = op.getAxes();
    int64_t rank = inType.getRank();
    SmallVector<int64_t> reducedShape;
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    int64_t count = 1;
    for (int64_t d = 0; d < rank; ++d) {
      if (llvm::is_contained(axes, d)) {
        iterators.push_back(utils::IteratorType::reduction);
        count *= inType.getDimSize(d);
        continue;
      }
      iterators.push_back(utils::IteratorType::parallel);
      reducedShape.push_back(inType.getDimSize(d));
      outExprs.push_back(getAffineDimExpr(d, context));
    }
    auto reducedType = RankedTensorType::get(reducedShape, element);
    Value init = rewriter.create<arith::ConstantOp>(
        loc, initialValue(rewriter, element, kind));
    Value filled =
        rewriter
            .create<linalg::FillOp>(loc, init, emptyLike(rewriter, loc, reducedType))
            .getResult(0);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   AffineMap::get(rank, 0, outExprs, context)};
    Value result =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{reducedType}, ValueRange{adaptor.getInput()},
                ValueRange{filled}, maps, iterators,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  b.create<linalg::YieldOp>(
                      l, combine(b, l, kind, args[0], args[1]));
                })
            .getResult(0);
    if (kind == Kind::Mean) {
      Value divisor =
          isa<FloatType>(element)
              ? Value(rewriter.create<arith::ConstantOp>(
                    loc, rewriter.getFloatAttr(element, double(count))))
              : Value(rewriter.create<arith::ConstantOp>(
                    loc, rewriter.getIntegerAttr(element, count)));
      result = tgc::tg::detail::buildElementwise(
          rewriter, loc, reducedType, result,
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            if (isa<FloatType>(element))
              return b.create<arith::DivFOp>(l, args[0], divisor);
            return b.create<arith::DivSIOp>(l, args[0], divisor);
          });
    }
    auto type = cast<RankedTensorType>(op.getType());
    if (type != reducedType) { // keep_dims: add the size-1 dimensions back
      auto shapeType =
          RankedTensorType::get({type.getRank()}, rewriter.getI64Type());
      Value shape = rewriter.create<arith::ConstantOp>(
          loc, DenseIntElementsAttr::get(shapeType, type.getShape()));
      result = rewriter.create<tensor::ReshapeOp>(loc, type, result, shape);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ArgMax/ArgMin: a reduction carrying the best value and its index; ties
/// keep the first index, NaN wins (as in TF's CPU kernels).
template <typename OpTy, bool isMax>
struct ArgLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto type = cast<RankedTensorType>(op.getType());
    Type element = inType.getElementType();
    int64_t axis = op.getAxis(), rank = inType.getRank();
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      iterators.push_back(d == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
      if (d != axis)
        outExprs.push_back(getAffineDimExpr(d, context));
    }
    auto valueType = RankedTensorType::get(type.getShape(), element);
    Value best = rewriter.create<arith::ConstantOp>(
        loc, initialValue(rewriter, element, isMax ? Kind::Max : Kind::Min));
    Value zero = rewriter.create<arith::ConstantOp>(
        loc, rewriter.getIntegerAttr(type.getElementType(), 0));
    Value values =
        rewriter.create<linalg::FillOp>(loc, best, emptyLike(rewriter, loc, valueType))
            .getResult(0);
    Value indices =
        rewriter.create<linalg::FillOp>(loc, zero, emptyLike(rewriter, loc, type))
            .getResult(0);
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, context);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank), outMap,
                                   outMap};
    bool isFloat = isa<FloatType>(element);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{valueType, type}, ValueRange{adaptor.getInput()},
        ValueRange{values, indices}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], acc = args[1], accIndex = args[2];
          Value better;
          if (isFloat) {
            Value strictly = b.create<arith::CmpFOp>(
                l, isMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT,
                x, acc);
            // A NaN wins over numbers, the first NaN over later ones.
            Value xNan =
                b.create<arith::CmpFOp>(l, arith::CmpFPredicate::UNO, x, x);
            Value accNan =
                b.create<arith::CmpFOp>(l, arith::CmpFPredicate::UNO, acc, acc);
            Value newNan = b.create<arith::AndIOp>(
                l, xNan,
                b.create<arith::XOrIOp>(
                    l, accNan,
                    b.create<arith::ConstantIntOp>(l, 1, 1)));
            better = b.create<arith::OrIOp>(l, strictly, newNan);
          } else {
            better = b.create<arith::CmpIOp>(
                l, isMax ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt,
                x, acc);
          }
          Value index = b.create<arith::IndexCastOp>(
              l, accIndex.getType(), b.create<linalg::IndexOp>(l, axis));
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, better, x, acc),
                            b.create<arith::SelectOp>(l, better, index,
                                                      accIndex)});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};


//===----------------------------------------------------------------------===//
// top_k
//===----------------------------------------------------------------------===//

/// `a < b` on floats (ordered) or signed integers.
Value lessThan(OpBuilder &b, Location loc, Value a, Value c) {
  if (isa<FloatType>(a.getType()))
    return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, a, c);
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, a, c);
}

/// Reshapes a tensor of rank >= 1 to [rows, last] and back: collapses the
/// leading dimensions, or for rank 1 expands to [1, n].
SmallVector<ReassociationIndices> rowsAndLast(int64_t rank) {
  if (rank == 1)
    return {{0, 1}};
  return tgc::tg::detail::rowsAndLast(rank);
}

struct TopKLowering : OpConversionPattern<TopKOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTypes(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto valuesType = cast<RankedTensorType>(op.getValues().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    Type element = inType.getElementType();
    Type indexElement = indicesType.getElementType();
    int64_t rank = inType.getRank();
    int64_t n = inType.getDimSize(rank - 1);
    int64_t k = op.getK();
    int64_t rows = inType.getNumElements() / std::max<int64_t>(n, 1);
    if (n == 0)
      rows = 1;
    for (int64_t d = 0; d + 1 < rank; ++d)
      if (inType.getDimSize(d) == 0)
        rows = 0;

    auto empty = [&](RankedTensorType type) -> Value {
      return rewriter.create<tensor::EmptyOp>(loc, type.getShape(),
                                              type.getElementType());
    };
    if (k == 0 || rows == 0) {
      rewriter.replaceOp(op, {empty(valuesType), empty(indicesType)});
      return success();
    }

    auto reassociation = rowsAndLast(rank);
    auto inFlat = RankedTensorType::get({rows, n}, element);
    auto valFlat = RankedTensorType::get({rows, k}, element);
    auto idxFlat = RankedTensorType::get({rows, k}, indexElement);
    Value input = adaptor.getInput();
    if (rank == 1)
      input = rewriter.create<tensor::ExpandShapeOp>(loc, inFlat, input,
                                                     reassociation);
    else
      input = rewriter.create<tensor::CollapseShapeOp>(loc, inFlat, input,
                                                       reassociation);

    auto cst = [&](OpBuilder &b, int64_t v) -> Value {
      return b.create<arith::ConstantIndexOp>(loc, v);
    };
    Value c0 = cst(rewriter, 0), c1 = cst(rewriter, 1);
    Value cK = cst(rewriter, k), cKm1 = cst(rewriter, k - 1);
    Value vals0 = rewriter.create<tensor::EmptyOp>(loc, valFlat.getShape(),
                                                   element);
    Value idxs0 = rewriter.create<tensor::EmptyOp>(loc, idxFlat.getShape(),
                                                   indexElement);

    auto rowLoop = rewriter.create<scf::ForOp>(
        loc, c0, cst(rewriter, rows), c1, ValueRange{vals0, idxs0},
        [&](OpBuilder &b, Location l, Value r, ValueRange rowIter) {
          auto colLoop = b.create<scf::ForOp>(
              l, c0, cst(b, n), c1,
              ValueRange{rowIter[0], rowIter[1], c0},
              [&](OpBuilder &b, Location l, Value j, ValueRange it) {
                Value vals = it[0], idxs = it[1], count = it[2];
                Value v = b.create<tensor::ExtractOp>(l, input,
                                                      ValueRange{r, j});
                // Accept while the window is not full, or when v beats
                // the smallest kept value (strictly: ties keep the
                // earlier index).
                Value notFull = b.create<arith::CmpIOp>(
                    l, arith::CmpIPredicate::ult, count, cK);
                auto accept = b.create<scf::IfOp>(
                    l, notFull,
                    [&](OpBuilder &b, Location l) {
                      b.create<scf::YieldOp>(
                          l, ValueRange{b.create<arith::ConstantIntOp>(l, 1, 1)});
                    },
                    [&](OpBuilder &b, Location l) {
                      Value last = b.create<tensor::ExtractOp>(
                          l, vals, ValueRange{r, cKm1});
                      b.create<scf::YieldOp>(l, lessThan(b, l, last, v));
                    });
                auto insert = b.create<scf::IfOp>(
                    l, accept.getResult(0),
                    [&](OpBuilder &b, Location l) {
                      // Shift smaller kept values down from slot
                      // min(count, k-1), then write v into the hole.
                      Value start = b.create<arith::MinUIOp>(l, count, cKm1);
                      auto shift = b.create<scf::WhileOp>(
                          l, TypeRange{vals.getType(), idxs.getType(),
                                       b.getIndexType()},
                          ValueRange{vals, idxs, start},
                          [&](OpBuilder &b, Location l, ValueRange w) {
                            Value q = w[2];
                            Value positive = b.create<arith::CmpIOp>(
                                l, arith::CmpIPredicate::ugt, q, c0);
                            auto cond = b.create<scf::IfOp>(
                                l, positive,
                                [&](OpBuilder &b, Location l) {
                                  Value prev = b.create<tensor::ExtractOp>(
                                      l, w[0],
                                      ValueRange{
                                          r, b.create<arith::SubIOp>(l, q, c1)});
                                  b.create<scf::YieldOp>(
                                      l, lessThan(b, l, prev, v));
                                },
                                [&](OpBuilder &b, Location l) {
                                  b.create<scf::YieldOp>(
                                      l, ValueRange{b.create<arith::ConstantIntOp>(
                                             l, 0, 1)});
                                });
                            b.create<scf::ConditionOp>(l, cond.getResult(0), w);
                          },
                          [&](OpBuilder &b, Location l, ValueRange w) {
                            Value q = w[2];
                            Value qm1 = b.create<arith::SubIOp>(l, q, c1);
                            Value pv = b.create<tensor::ExtractOp>(
                                l, w[0], ValueRange{r, qm1});
                            Value pi = b.create<tensor::ExtractOp>(
                                l, w[1], ValueRange{r, qm1});
                            Value nv = b.create<tensor::InsertOp>(
                                l, pv, w[0], ValueRange{r, q});
                            Value ni = b.create<tensor::InsertOp>(
                                l, pi, w[1], ValueRange{r, q});
                            b.create<scf::YieldOp>(l, ValueRange{nv, ni, qm1});
                          });
                      Value q = shift.getResult(2);
                      Value nv = b.create<tensor::InsertOp>(
                          l, v, shift.getResult(0), ValueRange{r, q});
                      Value jIndex =
                          b.create<arith::IndexCastOp>(l, indexElement, j);
                      Value ni = b.create<tensor::InsertOp>(
                          l, jIndex, shift.getResult(1), ValueRange{r, q});
                      Value next = b.create<arith::AddIOp>(l, count, c1);
                      b.create<scf::YieldOp>(l, ValueRange{nv, ni, next});
                    },
                    [&](OpBuilder &b, Location l) {
                      b.create<scf::YieldOp>(l, ValueRange{vals, idxs, count});
                    });
                b.create<scf::YieldOp>(l, insert.getResults());
              });
          b.create<scf::YieldOp>(
              l, ValueRange{colLoop.getResult(0), colLoop.getResult(1)});
        });

    Value values = rowLoop.getResult(0), indices = rowLoop.getResult(1);
    if (rank == 1) {
      values = rewriter.create<tensor::CollapseShapeOp>(loc, valuesType, values,
                                                        reassociation);
      indices = rewriter.create<tensor::CollapseShapeOp>(loc, indicesType,
                                                         indices, reassociation);
    } else {
      values = rewriter.create<tensor::ExpandShapeOp>(loc, valuesType, values,
                                                      reassociation);
      indices = rewriter.create<tensor::ExpandShapeOp>(loc, indicesType,
                                                       indices, reassociation);
    }
    rewriter.replaceOp(op, {values, indices});
    return success();
  }
};

} // namespace

void tgc::tg::detail::populateReductionPatternsAndLegality(
    RewritePatternSet &patterns, ConversionTarget &target) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ReduceLowering<ReduceSumOp, Kind::Sum>,
               ReduceLowering<ReduceMeanOp, Kind::Mean>,
               ReduceLowering<ReduceMaxOp, Kind::Max>,
               ReduceLowering<ReduceMinOp, Kind::Min>,
               ReduceLowering<ReduceProdOp, Kind::Prod>,
               ReduceLowering<ReduceAnyOp, Kind::Any>,
               ReduceLowering<ReduceAllOp, Kind::All>,
               ArgLowering<ArgMaxOp, true>, ArgLowering<ArgMinOp, false>>(
      context);
  patterns.add<TopKLowering>(context);
  target.addIllegalOp<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp,
                      ReduceProdOp, ReduceAnyOp, ReduceAllOp, ArgMaxOp,
                      ArgMinOp, TopKOp>();
}

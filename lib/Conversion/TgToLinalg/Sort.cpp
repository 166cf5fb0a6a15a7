//===- Sort.cpp - Lowering of tg.top_k ------------------------------------===//
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

using namespace mlir;
using namespace tgc::tg;

namespace {

using tgc::tg::detail::checkTypes;

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

void tgc::tg::detail::populateSortPatterns(RewritePatternSet &patterns) {
  patterns.add<TopKLowering>(patterns.getContext());
}

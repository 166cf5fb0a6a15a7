//===- ShapeGradients.cpp - Rules of the shape ops --------------------===//

#include "Rules.h"

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::grad;

Value tgc::tg::grad::scatterRows(OpBuilder &b, Location loc, RankedTensorType params,
                  int64_t lead, Value indices, Value g) {
  RankedTensorType indexTensor = typeOf(indices);
  int64_t n = params.getDimSize(lead), rows = 1;
  for (int64_t d = 0; d < lead; ++d)
    rows *= params.getDimSize(d);
  int64_t perRow = rows == 0 ? 0 : indexTensor.getNumElements() / rows;
  auto indexType = cast<IntegerType>(indexTensor.getElementType());
  SmallVector<APInt> offsets;
  offsets.reserve(indexTensor.getNumElements());
  for (int64_t row = 0; row < rows; ++row)
    offsets.append(perRow, APInt(indexType.getWidth(), row * n));
  Value base = b.create<ConstantOp>(
      loc, DenseElementsAttr::get(indexTensor, offsets));
  Value linear = binary<AddOp>(b, loc, indices, base);
  SmallVector<int64_t> flat = {rows * n};
  flat.append(params.getShape().begin() + lead + 1, params.getShape().end());
  Value scattered = b.create<GatherGradOp>(
      loc, RankedTensorType::get(flat, params.getElementType()), linear, g,
      b.getI64IntegerAttr(0));
  return b.create<ReshapeOp>(loc, params, scattered);
}

namespace {

struct ReshapeRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ReshapeOp op,
                                Value g) const {
    return {b.create<ReshapeOp>(loc, typeOf(op.getInput()), g)};
  }
};

struct TransposeRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, TransposeOp op,
                                Value g) const {
    ArrayRef<int64_t> perm = op.getPerm();
    SmallVector<int64_t> inverse(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      inverse[p] = i;
    return {b.create<TransposeOp>(loc, g, b.getDenseI64ArrayAttr(inverse))};
  }
};

struct BroadcastToRule {
  SmallVector<Value> operator()(OpBuilder &, Location, BroadcastToOp,
                                Value g) const {
    return {g}; // summed back to the input's shape by Rule
  }
};

/// Concat: each input gets its slice of g along the axis.
struct ConcatRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ConcatOp op,
                                Value g) const {
    SmallVector<Value> grads;
    int64_t axis = op.getAxis(), offset = 0;
    RankedTensorType out = typeOf(g);
    for (Value input : op.getInputs()) {
      RankedTensorType type = typeOf(input);
      SmallVector<int64_t> begin(out.getRank(), 0), limit(out.getShape()),
          strides(out.getRank(), 1);
      begin[axis] = offset;
      limit[axis] = offset + type.getDimSize(axis);
      offset = limit[axis];
      grads.push_back(b.create<StridedSliceOp>(
          loc, g, b.getDenseI64ArrayAttr(begin), b.getDenseI64ArrayAttr(limit),
          b.getDenseI64ArrayAttr(strides)));
    }
    return grads;
  }
};

/// Spreads g along `dim` for a slice with positive stride s: each element
/// followed by s - 1 zeros, the trailing zeros dropped ([k] -> [k, 1] ->
/// padded [k, s] -> [k*s] -> the first (k-1)*s + 1).
Value spreadByStride(OpBuilder &b, Location loc, Value g, int64_t dim,
                     int64_t stride) {
  RankedTensorType type = typeOf(g);
  int64_t k = type.getDimSize(dim), rank = type.getRank();
  if (stride == 1 || k == 0)
    return g;
  SmallVector<int64_t> withUnit(type.getShape());
  withUnit.insert(withUnit.begin() + dim + 1, 1);
  Value v = b.create<ReshapeOp>(
      loc, RankedTensorType::get(withUnit, type.getElementType()), g);
  SmallVector<int64_t> low(rank + 1, 0), high(rank + 1, 0);
  high[dim + 1] = stride - 1;
  SmallVector<int64_t> padded = withUnit;
  padded[dim + 1] = stride;
  v = b.create<PadOp>(loc, RankedTensorType::get(padded, type.getElementType()),
                      v, b.getDenseI64ArrayAttr(low),
                      b.getDenseI64ArrayAttr(high), b.getStringAttr("constant"),
                      TypedAttr());
  SmallVector<int64_t> flat(type.getShape());
  flat[dim] = k * stride;
  v = b.create<ReshapeOp>(loc, RankedTensorType::get(flat, type.getElementType()),
                          v);
  SmallVector<int64_t> begin(rank, 0), limit(flat), strides(rank, 1);
  limit[dim] = (k - 1) * stride + 1;
  return b.create<StridedSliceOp>(loc, v, b.getDenseI64ArrayAttr(begin),
                                  b.getDenseI64ArrayAttr(limit),
                                  b.getDenseI64ArrayAttr(strides));
}

/// v[begin:limit:stride] along dimension `dim`, everything along the others.
Value sliceDim(OpBuilder &b, Location loc, Value v, int64_t dim, int64_t begin,
               int64_t limit, int64_t stride) {
  RankedTensorType type = typeOf(v);
  SmallVector<int64_t> begins(type.getRank(), 0), limits(type.getShape()),
      strides(type.getRank(), 1);
  begins[dim] = begin;
  limits[dim] = limit;
  strides[dim] = stride;
  return b.create<StridedSliceOp>(loc, v, b.getDenseI64ArrayAttr(begins),
                                  b.getDenseI64ArrayAttr(limits),
                                  b.getDenseI64ArrayAttr(strides));
}

/// v padded with zeros to `size` along `dim`, starting at `offset`.
Value zeroPadDim(OpBuilder &b, Location loc, Value v, int64_t dim,
                 int64_t offset, int64_t size) {
  RankedTensorType type = typeOf(v);
  SmallVector<int64_t> low(type.getRank(), 0), high(type.getRank(), 0),
      shape(type.getShape());
  low[dim] = offset;
  high[dim] = size - offset - type.getDimSize(dim);
  shape[dim] = size;
  return b.create<PadOp>(loc, RankedTensorType::get(shape, type.getElementType()),
                         v, b.getDenseI64ArrayAttr(low),
                         b.getDenseI64ArrayAttr(high),
                         b.getStringAttr("constant"), TypedAttr());
}

/// A strided slice: along a dimension with a negative stride, g is reversed
/// and the slice seen as the same elements picked upwards from the last
/// one; then g is spread by the strides and padded with zeros back to the
/// input's shape.
struct StridedSliceRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, StridedSliceOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    SmallVector<int64_t> low, high;
    for (int64_t d = 0; d < in.getRank(); ++d) {
      int64_t begin = op.getBegin()[d], stride = op.getStrides()[d];
      int64_t count = typeOf(g).getDimSize(d);
      if (stride < 0) {
        if (count > 0) {
          g = sliceDim(b, loc, g, d, count - 1, -1, -1);
          begin += stride * (count - 1);
        }
        stride = -stride;
      }
      if (count == 0)
        begin = 0;
      g = spreadByStride(b, loc, g, d, stride);
      low.push_back(begin);
      high.push_back(in.getDimSize(d) - begin - typeOf(g).getDimSize(d));
    }
    return {b.create<PadOp>(loc, in, g, b.getDenseI64ArrayAttr(low),
                            b.getDenseI64ArrayAttr(high),
                            b.getStringAttr("constant"), TypedAttr())};
  }
};

/// Padding. Constant: the gradient is the unpadded window of g (none flows
/// to the padding value). Reflect and symmetric, one dimension at a time:
/// the window plus each mirrored border of g, reversed and added back
/// onto the elements it copied (reflect leaves out the edge element,
/// symmetric includes it).
struct PadRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, PadOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    if (op.getMode() == "constant") {
      SmallVector<int64_t> begin(op.getLow()), limit,
          strides(in.getRank(), 1);
      for (int64_t d = 0; d < in.getRank(); ++d)
        limit.push_back(begin[d] + in.getDimSize(d));
      return {b.create<StridedSliceOp>(loc, g, b.getDenseI64ArrayAttr(begin),
                                       b.getDenseI64ArrayAttr(limit),
                                       b.getDenseI64ArrayAttr(strides))};
    }
    bool reflect = op.getMode() == "reflect";
    for (int64_t d = 0; d < in.getRank(); ++d) {
      int64_t lo = op.getLow()[d], hi = op.getHigh()[d];
      int64_t n = in.getDimSize(d);
      if (lo == 0 && hi == 0)
        continue;
      Value sum = sliceDim(b, loc, g, d, lo, lo + n, 1);
      if (lo > 0) {
        // g[lo-1], ..., g[0] were copies of x[skip], ..., x[skip+lo-1].
        Value border = sliceDim(b, loc, g, d, lo - 1, -1, -1);
        sum = b.create<AddOp>(
            loc, sum, zeroPadDim(b, loc, border, d, reflect ? 1 : 0, n));
      }
      if (hi > 0) {
        // g[lo+n+hi-1], ..., g[lo+n] were copies of x[n-skip-hi], ...,
        // x[n-skip-1].
        Value border = sliceDim(b, loc, g, d, lo + n + hi - 1, lo + n - 1, -1);
        sum = b.create<AddOp>(
            loc, sum,
            zeroPadDim(b, loc, border, d, n - (reflect ? 1 : 0) - hi, n));
      }
      g = sum;
    }
    return {g};
  }
};

/// depth_to_space: out[n, h b + i, w b + j, c] = in[n, h, w, (i b + j) C + c],
/// so g seen as [N, H, b, W, b, C], with the two b's moved after W, is the
/// input's gradient.
struct DepthToSpaceRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, DepthToSpaceOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    int64_t block = op.getBlockSize();
    int64_t n = in.getDimSize(0), h = in.getDimSize(1), w = in.getDimSize(2);
    int64_t c = in.getDimSize(3) / (block * block);
    Type element = in.getElementType();
    Value split = b.create<ReshapeOp>(
        loc, RankedTensorType::get({n, h, block, w, block, c}, element), g);
    Value moved = b.create<TransposeOp>(
        loc, split, b.getDenseI64ArrayAttr({0, 1, 3, 2, 4, 5}));
    return {b.create<ReshapeOp>(loc, in, moved)};
  }
};

/// Tile: the sum over the copies, g seen as [m0, d0, m1, d1, ...].
struct TileRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, TileOp op,
                                Value g) const {
    RankedTensorType in = typeOf(op.getInput());
    SmallVector<int64_t> split, axes;
    for (int64_t d = 0; d < in.getRank(); ++d) {
      split.push_back(op.getMultiples()[d]);
      split.push_back(in.getDimSize(d));
      axes.push_back(2 * d);
    }
    Value reshaped = b.create<ReshapeOp>(
        loc, RankedTensorType::get(split, in.getElementType()), g);
    return {b.create<ReduceSumOp>(loc, reshaped, b.getDenseI64ArrayAttr(axes),
                                  b.getBoolAttr(false))};
  }
};

/// Gather: the params' gradient scatters g back (tg.gather_grad); none for
/// the indices.
struct GatherRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, GatherOp op,
                                Value g) const {
    int64_t batch = op.getBatchDims();
    if (batch == 0)
      return {b.create<GatherGradOp>(loc, typeOf(op.getParams()),
                                     op.getIndices(), g, op.getAxisAttr()),
              Value()};
    // With batch dimensions B and the axis right after them, each batch
    // position is a row of params [B..., N, R...].
    if (static_cast<int64_t>(op.getAxis()) != batch) {
      op.emitError("no gradient rule for a gather with batch_dims whose "
                   "axis is not the first dimension after them yet");
      return {};
    }
    return {scatterRows(b, loc, typeOf(op.getParams()), batch,
                        op.getIndices(), g),
            Value()};
  }
};

/// GatherNd: the first k dimensions of params (k = the indices' last size)
/// are seen as one of their product's size, addressed by the linear index
/// sum_j index_j * stride_j, which makes it a gather along axis 0: its
/// gradient is gather_grad's, reshaped back to the params' shape.
struct GatherNdRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, GatherNdOp op,
                                Value g) const {
    RankedTensorType params = typeOf(op.getParams());
    RankedTensorType indices = typeOf(op.getIndices());
    int64_t k = indices.getDimSize(indices.getRank() - 1);
    auto indexType = cast<IntegerType>(indices.getElementType());
    SmallVector<APInt> strides(k, APInt(indexType.getWidth(), 0));
    int64_t flat = 1;
    for (int64_t d = k - 1; d >= 0; --d) {
      strides[d] = APInt(indexType.getWidth(), flat);
      flat *= params.getDimSize(d);
    }
    Value scale = b.create<ConstantOp>(
        loc, DenseElementsAttr::get(RankedTensorType::get({k}, indexType),
                                    strides));
    Value linear = b.create<ReduceSumOp>(
        loc, b.create<MulOp>(loc, op.getIndices(), scale),
        b.getDenseI64ArrayAttr({indices.getRank() - 1}), b.getBoolAttr(false));
    SmallVector<int64_t> flatShape = {flat};
    flatShape.append(params.getShape().begin() + k, params.getShape().end());
    Value scattered = b.create<GatherGradOp>(
        loc, RankedTensorType::get(flatShape, params.getElementType()), linear,
        g, b.getI64IntegerAttr(0));
    return {b.create<ReshapeOp>(loc, params, scattered), Value()};
  }
};

} // namespace

void tgc::tg::grad::attachShapeGradients(MLIRContext *context) {
  attach<ReshapeOp, ReshapeRule>(context);
  attach<ConcatOp, ConcatRule>(context);
  attach<StridedSliceOp, StridedSliceRule>(context);
  attach<PadOp, PadRule>(context);
  attach<TileOp, TileRule>(context);
  attach<TransposeOp, TransposeRule>(context);
  attach<BroadcastToOp, BroadcastToRule>(context);
  attach<GatherOp, GatherRule>(context);
  attach<GatherNdOp, GatherNdRule>(context);
  attach<DepthToSpaceOp, DepthToSpaceRule>(context);
}

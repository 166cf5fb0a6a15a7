//===- NNGradients.cpp - Rules of matrix products, convolutions, pooling ---===//

#include "Rules.h"

using namespace mlir;
using namespace tgc::tg;
using namespace tgc::tg::grad;

namespace {

/// softmax: dx = y * (g - sum(g * y, last))
struct SoftmaxRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, SoftmaxOp op,
                                Value g) const {
    Value y = op.getOutput();
    int64_t last = typeOf(y).getRank() - 1;
    Value dot = b.create<ReduceSumOp>(loc, mul(b, loc, g, y),
                                      b.getDenseI64ArrayAttr({last}),
                                      b.getBoolAttr(true));
    return {mul(b, loc, y, binary<SubOp>(b, loc, g, dot))};
  }
};

/// C = op(A) op(B), for tg.matmul and tg.batch_matmul (its adjoints are
/// transposes for real types): dA and dB with the transposes folded into
/// the products; Rule sums batch broadcasting back.
std::pair<bool, bool> transposes(MatMulOp op) {
  return {op.getTransposeA(), op.getTransposeB()};
}
std::pair<bool, bool> transposes(BatchMatMulOp op) {
  return {op.getAdjA(), op.getAdjB()};
}

template <typename OpTy>
struct ProductRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, OpTy op,
                                Value g) const {
    Value a = op->getOperand(0), bb = op->getOperand(1);
    auto [ta, tb] = transposes(op);
    auto mm = [&](Value x, Value y, bool tx, bool ty) -> Value {
      return b.create<OpTy>(loc, x, y, b.getBoolAttr(tx), b.getBoolAttr(ty));
    };
    if (!ta && !tb)
      return {mm(g, bb, false, true), mm(a, g, true, false)};
    if (!ta && tb)
      return {mm(g, bb, false, false), mm(g, a, true, false)};
    if (ta && !tb)
      return {mm(bb, g, false, true), mm(a, g, false, false)};
    return {mm(bb, g, true, true), mm(g, a, true, true)};
  }
};

/// Convolution: the input gradient is the transposed convolution of g
/// with the filter; the filter gradient correlates the input with g.
struct Conv2DRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, Conv2DOp op,
                                Value g) const {
    Value input = op.getInput(), filter = op.getFilter();
    Value dInput = b.create<Conv2DTransposeOp>(
        loc, typeOf(input), g, filter, op.getStridesAttr(),
        op.getDilationsAttr(), op.getPadAttr());
    Value dFilter = b.create<Conv2DFilterGradOp>(
        loc, typeOf(filter), input, g, op.getStridesAttr(),
        op.getDilationsAttr(), op.getPadAttr());
    return {dInput, dFilter};
  }
};

/// Depthwise convolution: both gradients by tg.depthwise_conv2d_grad.
struct DepthwiseRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc,
                                DepthwiseConv2DOp op, Value g) const {
    auto grad = [&](Value operand, RankedTensorType type, StringRef wrt) {
      return b.create<DepthwiseGradOp>(
          loc, type, operand, g, b.getStringAttr(wrt), op.getStridesAttr(),
          op.getDilationsAttr(), op.getPadAttr());
    };
    return {grad(op.getFilter(), typeOf(op.getInput()), "input"),
            grad(op.getInput(), typeOf(op.getFilter()), "filter")};
  }
};

/// Resize: the image gradient adds g back where the resize read it
/// (tg.resize_grad).
struct ResizeRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, ResizeOp op,
                                Value g) const {
    return {b.create<ResizeGradOp>(loc, typeOf(op.getInput()), g,
                                   op.getModeAttr(), op.getAlignCornersAttr(),
                                   op.getHalfPixelCentersAttr())};
  }
};

/// Pooling: the gradient goes back through the window (tg.pool_grad).
template <typename OpTy, bool isMax>
struct PoolRule {
  SmallVector<Value> operator()(OpBuilder &b, Location loc, OpTy op,
                                Value g) const {
    return {b.create<PoolGradOp>(loc, typeOf(op.getInput()), op.getInput(), g,
                                 b.getStringAttr(isMax ? "max" : "avg"),
                                 op.getWindowAttr(), op.getStridesAttr(),
                                 op.getPadAttr())};
  }
};

} // namespace

void tgc::tg::grad::attachNNGradients(MLIRContext *context) {
  attach<SoftmaxOp, SoftmaxRule>(context);
  attach<MatMulOp, ProductRule<MatMulOp>>(context);
  attach<Conv2DOp, Conv2DRule>(context);
  attach<DepthwiseConv2DOp, DepthwiseRule>(context);
  attach<ResizeOp, ResizeRule>(context);
  attach<MaxPoolOp, PoolRule<MaxPoolOp, true>>(context);
  attach<AvgPoolOp, PoolRule<AvgPoolOp, false>>(context);
  attach<BatchMatMulOp, ProductRule<BatchMatMulOp>>(context);
}

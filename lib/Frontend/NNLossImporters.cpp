//===- NNLossImporters.cpp - TF log-softmax and cross-entropy ops -> tg ---===//
//
// LogSoftmax, SoftmaxCrossEntropyWithLogits and
// SparseSoftmaxCrossEntropyWithLogits have no tg op of their own: they are
// built from the ops tgc lowers, in the numerically stable form
//
//   logp = (x - m) - log(sum(exp(x - m)))   with m = stop_gradient(max(x))
//
// so their gradients follow from the rules of those ops (the maximum only
// shifts the logits, and no gradient flows through it).
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace tgc::frontend;
namespace tg = tgc::tg;

namespace {

Builder &b(NodeContext &ctx) { return ctx.builder; }

FailureOr<Value> single(FailureOr<SmallVector<Value>> values) {
  if (failed(values))
    return failure();
  return values->front();
}

FailureOr<Value> op(NodeContext &ctx, llvm::StringRef name, ValueRange operands,
                    ArrayRef<NamedAttribute> attrs = {},
                    std::optional<TypeRange> types = std::nullopt) {
  return single(createOp(ctx, name, operands, attrs, types));
}

FailureOr<Value> reduceLast(NodeContext &ctx, llvm::StringRef name, Value x,
                            bool keepDims) {
  int64_t last = typeOf(x).getRank() - 1;
  return op(ctx, name, x,
            {b(ctx).getNamedAttr("axes", b(ctx).getDenseI64ArrayAttr({last})),
             b(ctx).getNamedAttr("keep_dims", b(ctx).getBoolAttr(keepDims))});
}

/// log(softmax(x)) over the last dimension.
FailureOr<Value> logSoftmax(NodeContext &ctx, Value x) {
  RankedTensorType type = typeOf(x);
  if (type.getRank() < 1 || !isa<FloatType>(type.getElementType()))
    return ctx.emitError() << "needs floating-point logits of rank at least "
                              "1, got "
                           << type;
  FailureOr<Value> max =
      reduceLast(ctx, tg::ReduceMaxOp::getOperationName(), x, true);
  if (failed(max))
    return failure();
  FailureOr<Value> m = op(ctx, tg::StopGradientOp::getOperationName(), *max);
  if (failed(m))
    return failure();
  FailureOr<Value> shifted = op(ctx, tg::SubOp::getOperationName(), {x, *m});
  if (failed(shifted))
    return failure();
  FailureOr<Value> e = op(ctx, tg::ExpOp::getOperationName(), *shifted);
  if (failed(e))
    return failure();
  FailureOr<Value> sum =
      reduceLast(ctx, tg::ReduceSumOp::getOperationName(), *e, true);
  if (failed(sum))
    return failure();
  FailureOr<Value> lse = op(ctx, tg::LogOp::getOperationName(), *sum);
  if (failed(lse))
    return failure();
  return op(ctx, tg::SubOp::getOperationName(), {*shifted, *lse});
}

FailureOr<SmallVector<Value>> importLogSoftmax(NodeContext &ctx) {
  FailureOr<Value> result = logSoftmax(ctx, ctx.inputs[0]);
  if (failed(result))
    return failure();
  return SmallVector<Value>{*result};
}

/// (loss, backprop) from log-probabilities and dense labels of the same
/// shape: loss = -sum(labels * logp, last), backprop = exp(logp) - labels.
FailureOr<SmallVector<Value>> crossEntropy(NodeContext &ctx, Value logp,
                                           Value labels) {
  FailureOr<Value> product =
      op(ctx, tg::MulOp::getOperationName(), {labels, logp});
  if (failed(product))
    return failure();
  FailureOr<Value> sum =
      reduceLast(ctx, tg::ReduceSumOp::getOperationName(), *product, false);
  if (failed(sum))
    return failure();
  FailureOr<Value> loss = op(ctx, tg::NegOp::getOperationName(), *sum);
  FailureOr<Value> p = op(ctx, tg::ExpOp::getOperationName(), logp);
  if (failed(loss) || failed(p))
    return failure();
  FailureOr<Value> backprop =
      op(ctx, tg::SubOp::getOperationName(), {*p, labels});
  if (failed(backprop))
    return failure();
  return SmallVector<Value>{*loss, *backprop};
}

FailureOr<SmallVector<Value>> importSoftmaxCrossEntropy(NodeContext &ctx) {
  RankedTensorType logits = typeOf(ctx.inputs[0]);
  if (logits.getRank() != 2 || typeOf(ctx.inputs[1]) != logits)
    return ctx.emitError() << "needs [batch, classes] logits and labels of "
                              "the same type, got "
                           << logits << " and " << typeOf(ctx.inputs[1]);
  FailureOr<Value> logp = logSoftmax(ctx, ctx.inputs[0]);
  if (failed(logp))
    return failure();
  return crossEntropy(ctx, *logp, ctx.inputs[1]);
}

FailureOr<SmallVector<Value>>
importSparseSoftmaxCrossEntropy(NodeContext &ctx) {
  RankedTensorType logits = typeOf(ctx.inputs[0]);
  RankedTensorType labels = typeOf(ctx.inputs[1]);
  if (logits.getRank() != 2 || labels.getRank() != 1 ||
      !labels.getElementType().isSignlessInteger() ||
      logits.isDynamicDim(1) || labels.getDimSize(0) != logits.getDimSize(0))
    return ctx.emitError() << "needs [batch, classes] logits and [batch] "
                              "integer labels, got "
                           << logits << " and " << labels;
  int64_t classes = logits.getDimSize(1);
  // onehot[i, c] = (labels[i] == c); a label outside [0, classes) gives a
  // row of zeros (TF reports an error there).
  SmallVector<APInt> iota;
  unsigned width = labels.getElementType().getIntOrFloatBitWidth();
  for (int64_t c = 0; c < classes; ++c)
    iota.push_back(APInt(width, c, /*isSigned=*/true));
  Value classIds = ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(
                   RankedTensorType::get({1, classes}, labels.getElementType()),
                   iota));
  FailureOr<Value> column = reshapeTo(ctx, ctx.inputs[1],
                                      {labels.getDimSize(0), 1});
  if (failed(column))
    return failure();
  FailureOr<Value> hit =
      op(ctx, tg::EqualOp::getOperationName(), {*column, classIds});
  if (failed(hit))
    return failure();
  FailureOr<Value> onehot = op(ctx, tg::CastOp::getOperationName(), *hit, {},
                               TypeRange{logits});
  FailureOr<Value> logp = logSoftmax(ctx, ctx.inputs[0]);
  if (failed(onehot) || failed(logp))
    return failure();
  return crossEntropy(ctx, *logp, *onehot);
}

} // namespace

void tgc::frontend::addNNLossImporters(OpImporterTable &table) {
  table["LogSoftmax"] = {importLogSoftmax, 1, 1};
  table["SoftmaxCrossEntropyWithLogits"] = {importSoftmaxCrossEntropy, 2, 2};
  table["SparseSoftmaxCrossEntropyWithLogits"] = {
      importSparseSoftmaxCrossEntropy, 2, 2};
}

//===- NNImporters.cpp - TF matmuls, convolutions, pooling, softmax -> tg -===//
//
// MatMul, BatchMatMul, convolutions, pooling, resizing, Softmax and batch
// normalisation. Grappler's and the TF.js converter's fused ops (_FusedConv2D,
// FusedDepthwiseConv2dNative, _FusedMatMul) import as their main op
// followed by the epilogue ops their `fused_ops` name; FusedBatchNorm in
// inference mode becomes a multiply-add whose factors fold to constants.
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

/// A list(int) attribute with `count` entries, or `defaultValue`.
FailureOr<SmallVector<int64_t>> intList(NodeContext &ctx, llvm::StringRef name,
                                        size_t count,
                                        ArrayRef<int64_t> defaultValue) {
  auto it = ctx.node.attr().find(std::string(name));
  if (it == ctx.node.attr().end()) {
    if (defaultValue.empty())
      return ctx.emitError() << "missing attribute '" << name << "'";
    return SmallVector<int64_t>(defaultValue);
  }
  if (it->second.value_case() != tfp::AttrValue::kList)
    return ctx.emitError() << "attribute '" << name << "' must be a list";
  SmallVector<int64_t> values(it->second.list().i().begin(),
                              it->second.list().i().end());
  if (values.empty() && !defaultValue.empty())
    return SmallVector<int64_t>(defaultValue);
  if (values.size() != count)
    return ctx.emitError() << "attribute '" << name << "' needs " << count
                           << " entries, got " << values.size();
  return values;
}

/// Strides and dilations of H and W from TF's NHWC 4-vectors.
struct Window {
  SmallVector<int64_t> strides, dilations, pad;
};

/// Resolves TF's padding ("SAME", "VALID", "EXPLICIT") of a window of size
/// kh x kw sliding over an NHWC input of spatial size h x w.
FailureOr<Window> window(NodeContext &ctx, int64_t h, int64_t w, int64_t kh,
                         int64_t kw, bool hasDilations) {
  FailureOr<SmallVector<int64_t>> strides = intList(ctx, "strides", 4, {});
  FailureOr<SmallVector<int64_t>> dilations =
      hasDilations ? intList(ctx, "dilations", 4, {1, 1, 1, 1})
                   : FailureOr<SmallVector<int64_t>>(
                         SmallVector<int64_t>{1, 1, 1, 1});
  FailureOr<std::string> padding = ctx.stringAttr("padding", "");
  if (failed(strides) || failed(dilations) || failed(padding))
    return failure();
  if ((*strides)[0] != 1 || (*strides)[3] != 1 || (*dilations)[0] != 1 ||
      (*dilations)[3] != 1)
    return ctx.emitError() << "strides and dilations over the batch or "
                              "channel dimension are not supported";
  Window result;
  result.strides = {(*strides)[1], (*strides)[2]};
  result.dilations = {(*dilations)[1], (*dilations)[2]};
  for (int64_t v : llvm::concat<int64_t>(result.strides, result.dilations))
    if (v < 1)
      return ctx.emitError() << "strides and dilations must be positive, got "
                             << v;
  if (*padding == "VALID") {
    result.pad = {0, 0, 0, 0};
  } else if (*padding == "EXPLICIT") {
    FailureOr<SmallVector<int64_t>> explicitPads =
        intList(ctx, "explicit_paddings", 8, {});
    if (failed(explicitPads))
      return failure();
    result.pad = {(*explicitPads)[2], (*explicitPads)[3], (*explicitPads)[4],
                  (*explicitPads)[5]};
  } else if (*padding == "SAME") {
    auto same = [](int64_t in, int64_t k, int64_t s, int64_t d)
        -> std::pair<int64_t, int64_t> {
      if (ShapedType::isDynamic(in))
        return {0, 0};
      int64_t out = (in + s - 1) / s;
      int64_t total = std::max<int64_t>((out - 1) * s + (k - 1) * d + 1 - in, 0);
      return {total / 2, total - total / 2};
    };
    if (ShapedType::isDynamic(h) || ShapedType::isDynamic(w))
      return ctx.emitError() << "SAME padding needs static spatial sizes";
    auto [top, bottom] = same(h, kh, result.strides[0], result.dilations[0]);
    auto [left, right] = same(w, kw, result.strides[1], result.dilations[1]);
    result.pad = {top, bottom, left, right};
  } else {
    return ctx.emitError() << "unknown padding '" << *padding << "'";
  }
  return result;
}

SmallVector<NamedAttribute> windowAttrs(NodeContext &ctx, const Window &w) {
  return {b(ctx).getNamedAttr("strides", b(ctx).getDenseI64ArrayAttr(w.strides)),
          b(ctx).getNamedAttr("dilations",
                              b(ctx).getDenseI64ArrayAttr(w.dilations)),
          b(ctx).getNamedAttr("pad", b(ctx).getDenseI64ArrayAttr(w.pad))};
}

FailureOr<Value> one(FailureOr<SmallVector<Value>> values) {
  if (failed(values))
    return failure();
  return values->front();
}

/// conv2d or depthwise_conv2d of inputs 0 and 1.
FailureOr<Value> convolution(NodeContext &ctx, bool depthwise) {
  if (failed(checkNHWC(ctx)))
    return failure();
  RankedTensorType input = typeOf(ctx.inputs[0]);
  RankedTensorType filter = typeOf(ctx.inputs[1]);
  if (input.getRank() != 4 || filter.getRank() != 4)
    return ctx.emitError() << "needs a rank-4 input and filter, got "
                           << input << " and " << filter;
  FailureOr<Window> w = window(ctx, input.getDimSize(1), input.getDimSize(2),
                               filter.getDimSize(0), filter.getDimSize(1),
                               /*hasDilations=*/true);
  if (failed(w))
    return failure();
  llvm::StringRef name = depthwise ? tg::DepthwiseConv2DOp::getOperationName()
                                   : tg::Conv2DOp::getOperationName();
  return one(createOp(ctx, name, {ctx.inputs[0], ctx.inputs[1]},
                      windowAttrs(ctx, *w)));
}

/// Applies the `fused_ops` epilogue of a fused node to `value`; `args` are
/// the node's extra inputs, in order.
FailureOr<Value> epilogue(NodeContext &ctx, Value value, ValueRange args) {
  auto it = ctx.node.attr().find("fused_ops");
  if (it == ctx.node.attr().end())
    return value;
  float epsilon = 0.0001f, alpha = 0.2f;
  if (auto e = ctx.node.attr().find("epsilon"); e != ctx.node.attr().end())
    epsilon = e->second.f();
  if (auto a = ctx.node.attr().find("leakyrelu_alpha");
      a != ctx.node.attr().end())
    alpha = a->second.f();
  size_t next = 0;
  auto arg = [&](const char *what) -> FailureOr<Value> {
    if (next >= args.size())
      return ctx.emitError() << "fused op " << what << " needs an argument "
                             << "the node does not have";
    return args[next++];
  };
  auto unary = [&](llvm::StringRef name, ArrayRef<NamedAttribute> attrs = {}) {
    return one(createOp(ctx, name, value, attrs));
  };
  auto binary = [&](llvm::StringRef name, Value lhs, Value rhs) {
    return one(createOp(ctx, name, {lhs, rhs}));
  };
  for (const std::string &fused : it->second.list().s()) {
    FailureOr<Value> result;
    if (fused == "BiasAdd" || fused == "Add" || fused == "AddV2") {
      FailureOr<Value> bias = arg(fused.c_str());
      if (failed(bias))
        return failure();
      result = binary(tg::AddOp::getOperationName(), value, *bias);
    } else if (fused == "Relu") {
      result = unary(tg::ReluOp::getOperationName());
    } else if (fused == "Relu6") {
      result = unary(tg::Relu6Op::getOperationName());
    } else if (fused == "Elu") {
      result = unary(tg::EluOp::getOperationName());
    } else if (fused == "Sigmoid") {
      result = unary(tg::SigmoidOp::getOperationName());
    } else if (fused == "Tanh") {
      result = unary(tg::TanhOp::getOperationName());
    } else if (fused == "LeakyRelu") {
      result = unary(tg::LeakyReluOp::getOperationName(),
                     {b(ctx).getNamedAttr("alpha", b(ctx).getF32FloatAttr(alpha))});
    } else if (fused == "Prelu") {
      FailureOr<Value> slope = arg("Prelu");
      if (failed(slope))
        return failure();
      result = binary(tg::PreluOp::getOperationName(), value, *slope);
    } else if (fused == "FusedBatchNorm") {
      SmallVector<Value> p;
      for (const char *what : {"scale", "offset", "mean", "variance"}) {
        FailureOr<Value> v = arg(what);
        if (failed(v))
          return failure();
        p.push_back(*v);
      }
      result = batchNorm(ctx, value, p[0], p[1], p[2], p[3], epsilon);
    } else {
      return ctx.emitError() << "fused op '" << fused
                             << "' is not supported";
    }
    if (failed(result))
      return failure();
    value = *result;
  }
  if (next != args.size())
    return ctx.emitError() << "has " << args.size()
                           << " fused arguments but its fused_ops use "
                           << next;
  return value;
}

FailureOr<SmallVector<Value>> importConv(NodeContext &ctx) {
  bool depthwise = ctx.node.op() == "DepthwiseConv2dNative" ||
                   ctx.node.op() == "FusedDepthwiseConv2dNative";
  if (ctx.inputs.size() < 2)
    return ctx.emitError() << "needs an input and a filter";
  FailureOr<Value> conv = convolution(ctx, depthwise);
  if (failed(conv))
    return failure();
  FailureOr<Value> result =
      epilogue(ctx, *conv, ValueRange(ctx.inputs).drop_front(2));
  if (failed(result))
    return failure();
  return SmallVector<Value>{*result};
}

FailureOr<SmallVector<Value>> importConvTranspose(NodeContext &ctx) {
  if (failed(checkNHWC(ctx)))
    return failure();
  FailureOr<SmallVector<int64_t>> sizes = constantInts(ctx, 0, "input_sizes");
  if (failed(sizes))
    return failure();
  if (sizes->size() != 4)
    return ctx.emitError() << "input_sizes needs 4 entries";
  RankedTensorType filter = typeOf(ctx.inputs[1]);
  RankedTensorType grad = typeOf(ctx.inputs[2]);
  if (filter.getRank() != 4)
    return ctx.emitError() << "needs a rank-4 filter, got " << filter;
  FailureOr<Window> w = window(ctx, (*sizes)[1], (*sizes)[2],
                               filter.getDimSize(0), filter.getDimSize(1),
                               /*hasDilations=*/true);
  if (failed(w))
    return failure();
  auto result = RankedTensorType::get(*sizes, grad.getElementType());
  return createOp(ctx, tg::Conv2DTransposeOp::getOperationName(),
                  {ctx.inputs[2], ctx.inputs[1]}, windowAttrs(ctx, *w),
                  TypeRange{result});
}

FailureOr<SmallVector<Value>> importPool(NodeContext &ctx) {
  if (failed(checkNHWC(ctx)))
    return failure();
  FailureOr<SmallVector<int64_t>> ksize = intList(ctx, "ksize", 4, {});
  if (failed(ksize))
    return failure();
  if ((*ksize)[0] != 1 || (*ksize)[3] != 1)
    return ctx.emitError() << "pooling over the batch or channel dimension "
                              "is not supported";
  RankedTensorType input = typeOf(ctx.inputs[0]);
  if (input.getRank() != 4)
    return ctx.emitError() << "needs a rank-4 NHWC input, got " << input;
  FailureOr<Window> w = window(ctx, input.getDimSize(1), input.getDimSize(2),
                               (*ksize)[1], (*ksize)[2], false);
  if (failed(w))
    return failure();
  llvm::StringRef name = ctx.node.op() == "MaxPool"
                             ? tg::MaxPoolOp::getOperationName()
                             : tg::AvgPoolOp::getOperationName();
  return createOp(
      ctx, name, ctx.inputs[0],
      {b(ctx).getNamedAttr("window",
                           b(ctx).getDenseI64ArrayAttr({(*ksize)[1], (*ksize)[2]})),
       b(ctx).getNamedAttr("strides", b(ctx).getDenseI64ArrayAttr(w->strides)),
       b(ctx).getNamedAttr("pad", b(ctx).getDenseI64ArrayAttr(w->pad))});
}

FailureOr<SmallVector<Value>> importResize(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> size = constantInts(ctx, 1, "size");
  FailureOr<bool> alignCorners = ctx.boolAttr("align_corners", false);
  FailureOr<bool> halfPixel = ctx.boolAttr("half_pixel_centers", false);
  if (failed(size) || failed(alignCorners) || failed(halfPixel))
    return failure();
  RankedTensorType input = typeOf(ctx.inputs[0]);
  if (input.getRank() != 4 || size->size() != 2)
    return ctx.emitError() << "needs an NHWC image and a size of 2, got "
                           << input;
  // TF's bilinear resize computes in float32 whatever the input type.
  bool bilinear = ctx.node.op() == "ResizeBilinear";
  Type element = bilinear ? Type(b(ctx).getF32Type()) : input.getElementType();
  Value image = ctx.inputs[0];
  if (bilinear && input.getElementType() != element) {
    FailureOr<Value> cast = one(createOp(
        ctx, tg::CastOp::getOperationName(), image, {},
        TypeRange{RankedTensorType::get(input.getShape(), element)}));
    if (failed(cast))
      return failure();
    image = *cast;
  }
  auto result = RankedTensorType::get(
      {input.getDimSize(0), (*size)[0], (*size)[1], input.getDimSize(3)},
      element);
  return createOp(
      ctx, tg::ResizeOp::getOperationName(), image,
      {b(ctx).getNamedAttr("mode", b(ctx).getStringAttr(bilinear ? "bilinear"
                                                                 : "nearest")),
       b(ctx).getNamedAttr("align_corners", b(ctx).getBoolAttr(*alignCorners)),
       b(ctx).getNamedAttr("half_pixel_centers", b(ctx).getBoolAttr(*halfPixel))},
      TypeRange{result});
}

FailureOr<SmallVector<Value>> importMatMul(NodeContext &ctx) {
  FailureOr<bool> transposeA = ctx.boolAttr("transpose_a", false);
  FailureOr<bool> transposeB = ctx.boolAttr("transpose_b", false);
  if (failed(transposeA) || failed(transposeB))
    return failure();
  Builder &b = ctx.builder;
  return createOp(
      ctx, tg::MatMulOp::getOperationName(), ctx.inputs,
      {b.getNamedAttr("transpose_a", b.getBoolAttr(*transposeA)),
       b.getNamedAttr("transpose_b", b.getBoolAttr(*transposeB))});
}

FailureOr<SmallVector<Value>> importSoftmax(NodeContext &ctx) {
  auto type = cast<RankedTensorType>(ctx.inputs[0].getType());
  if (type.getRank() < 1)
    return ctx.emitError() << "needs an input of rank at least 1, got "
                           << type;
  return createOp(ctx, tg::SoftmaxOp::getOperationName(), ctx.inputs);
}

FailureOr<SmallVector<Value>> importBatchMatMul(NodeContext &ctx) {
  FailureOr<bool> adjX = ctx.boolAttr("adj_x", false);
  FailureOr<bool> adjY = ctx.boolAttr("adj_y", false);
  if (failed(adjX) || failed(adjY))
    return failure();
  return createOp(ctx, tg::BatchMatMulOp::getOperationName(),
                  {ctx.inputs[0], ctx.inputs[1]},
                  {b(ctx).getNamedAttr("adj_a", b(ctx).getBoolAttr(*adjX)),
                   b(ctx).getNamedAttr("adj_b", b(ctx).getBoolAttr(*adjY))});
}

FailureOr<SmallVector<Value>> importFusedMatMul(NodeContext &ctx) {
  if (ctx.inputs.size() < 2)
    return ctx.emitError() << "needs two matrices";
  FailureOr<bool> ta = ctx.boolAttr("transpose_a", false);
  FailureOr<bool> tb = ctx.boolAttr("transpose_b", false);
  if (failed(ta) || failed(tb))
    return failure();
  FailureOr<Value> product = one(createOp(
      ctx, tg::MatMulOp::getOperationName(), {ctx.inputs[0], ctx.inputs[1]},
      {b(ctx).getNamedAttr("transpose_a", b(ctx).getBoolAttr(*ta)),
       b(ctx).getNamedAttr("transpose_b", b(ctx).getBoolAttr(*tb))}));
  if (failed(product))
    return failure();
  FailureOr<Value> result =
      epilogue(ctx, *product, ValueRange(ctx.inputs).drop_front(2));
  if (failed(result))
    return failure();
  return SmallVector<Value>{*result};
}

/// Batch normalisation with the batch's statistics (is_training = true),
/// built from reductions so that its gradient follows from their rules:
/// mean and (biased) variance over N, H, W normalise x; the outputs are y,
/// the batch mean and the batch variance with Bessel's correction (what TF
/// hands to the running averages; with an exponential_avg_factor f != 1
/// they are mixed into the given running statistics), and the biased
/// statistics as the reserve spaces.
FailureOr<SmallVector<Value>> importTrainingBatchNorm(NodeContext &ctx,
                                                      float epsilon) {
  Value x = ctx.inputs[0];
  RankedTensorType type = typeOf(x);
  if (type.getRank() != 4 || !type.hasStaticShape())
    return ctx.emitError() << "needs a statically shaped NHWC input, got "
                           << type;
  Builder &b = ctx.builder;
  auto reduceNHW = [&](llvm::StringRef name, Value v) {
    return one(createOp(
        ctx, name, v,
        {b.getNamedAttr("axes", b.getDenseI64ArrayAttr({0, 1, 2})),
         b.getNamedAttr("keep_dims", b.getBoolAttr(false))}));
  };
  auto binary = [&](llvm::StringRef name, Value lhs, Value rhs) {
    return one(createOp(ctx, name, {lhs, rhs}));
  };
  auto scalar = [&](double v) -> Value {
    return ctx.builder.create<tg::ConstantOp>(
        ctx.loc, DenseElementsAttr::get(
                     RankedTensorType::get({}, type.getElementType()),
                     FloatAttr::get(type.getElementType(), v)));
  };
  FailureOr<Value> mean = reduceNHW(tg::ReduceMeanOp::getOperationName(), x);
  if (failed(mean))
    return failure();
  FailureOr<Value> centered = binary(tg::SubOp::getOperationName(), x, *mean);
  if (failed(centered))
    return failure();
  FailureOr<Value> squared =
      one(createOp(ctx, tg::SquareOp::getOperationName(), *centered));
  if (failed(squared))
    return failure();
  FailureOr<Value> variance =
      reduceNHW(tg::ReduceMeanOp::getOperationName(), *squared);
  if (failed(variance))
    return failure();
  FailureOr<Value> y = batchNorm(ctx, x, ctx.inputs[1], ctx.inputs[2], *mean,
                                 *variance, epsilon);
  if (failed(y))
    return failure();
  int64_t count = type.getDimSize(0) * type.getDimSize(1) * type.getDimSize(2);
  FailureOr<Value> unbiased = binary(
      tg::MulOp::getOperationName(), *variance,
      scalar(count > 1 ? double(count) / double(count - 1) : 1.0));
  if (failed(unbiased))
    return failure();
  Value outMean = *mean, outVariance = *unbiased;
  float factor = 1.0f;
  if (auto f = ctx.node.attr().find("exponential_avg_factor");
      f != ctx.node.attr().end())
    factor = f->second.f();
  if (factor != 1.0f) {
    // running = (1 - f) * running + f * batch
    auto mix = [&](Value running, Value batch) -> FailureOr<Value> {
      FailureOr<Value> old =
          binary(tg::MulOp::getOperationName(), running, scalar(1.0 - factor));
      FailureOr<Value> now =
          binary(tg::MulOp::getOperationName(), batch, scalar(factor));
      if (failed(old) || failed(now))
        return failure();
      return binary(tg::AddOp::getOperationName(), *old, *now);
    };
    FailureOr<Value> m = mix(ctx.inputs[3], *mean);
    FailureOr<Value> v = mix(ctx.inputs[4], *unbiased);
    if (failed(m) || failed(v))
      return failure();
    outMean = *m;
    outVariance = *v;
  }
  SmallVector<Value> outputs = {*y, outMean, outVariance, *mean, *variance};
  if (ctx.node.op() == "FusedBatchNormV3")
    outputs.push_back(*variance);
  return outputs;
}

FailureOr<SmallVector<Value>> importFusedBatchNorm(NodeContext &ctx) {
  FailureOr<bool> training = ctx.boolAttr("is_training", true);
  if (failed(training) || failed(checkNHWC(ctx)))
    return failure();
  float epsilon = 0.0001f;
  if (auto e = ctx.node.attr().find("epsilon"); e != ctx.node.attr().end())
    epsilon = e->second.f();
  if (*training)
    return importTrainingBatchNorm(ctx, epsilon);
  FailureOr<Value> y = batchNorm(ctx, ctx.inputs[0], ctx.inputs[1],
                                 ctx.inputs[2], ctx.inputs[3], ctx.inputs[4],
                                 epsilon);
  if (failed(y))
    return failure();
  // Outputs 1.. (batch mean and variance, reserve spaces) are the running
  // statistics in inference mode.
  SmallVector<Value> outputs = {*y, ctx.inputs[3], ctx.inputs[4],
                                ctx.inputs[3], ctx.inputs[4]};
  if (ctx.node.op() == "FusedBatchNormV3")
    outputs.push_back(ctx.inputs[4]);
  return outputs;
}

} // namespace

FailureOr<Value> tgc::frontend::batchNorm(NodeContext &ctx, Value x,
                                          Value scale, Value offset,
                                          Value mean, Value variance,
                                          float epsilon) {
  // y = x * m + (offset - mean * m) with m = scale / sqrt(variance + eps);
  // with constant parameters m and the shift fold to constants.
  RankedTensorType type = typeOf(variance);
  Value eps = ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(
                   RankedTensorType::get({}, type.getElementType()),
                   FloatAttr::get(type.getElementType(), epsilon)));
  auto binary = [&](llvm::StringRef name, Value lhs, Value rhs) {
    return one(createOp(ctx, name, {lhs, rhs}));
  };
  FailureOr<Value> shifted =
      binary(tg::AddOp::getOperationName(), variance, eps);
  if (failed(shifted))
    return failure();
  FailureOr<Value> inv =
      one(createOp(ctx, tg::RsqrtOp::getOperationName(), *shifted));
  if (failed(inv))
    return failure();
  FailureOr<Value> m = binary(tg::MulOp::getOperationName(), scale, *inv);
  if (failed(m))
    return failure();
  FailureOr<Value> meanM = binary(tg::MulOp::getOperationName(), mean, *m);
  if (failed(meanM))
    return failure();
  FailureOr<Value> shift = binary(tg::SubOp::getOperationName(), offset, *meanM);
  if (failed(shift))
    return failure();
  // Mixed precision (T = half, U = float): the factors are computed in U
  // and applied in T.
  Type xElement = typeOf(x).getElementType();
  auto toX = [&](Value v) -> FailureOr<Value> {
    RankedTensorType t = typeOf(v);
    if (t.getElementType() == xElement)
      return v;
    return one(createOp(ctx, tg::CastOp::getOperationName(), v, {},
                        TypeRange{RankedTensorType::get(t.getShape(), xElement)}));
  };
  FailureOr<Value> mx = toX(*m), shiftx = toX(*shift);
  if (failed(mx) || failed(shiftx))
    return failure();
  FailureOr<Value> scaled = binary(tg::MulOp::getOperationName(), x, *mx);
  if (failed(scaled))
    return failure();
  return binary(tg::AddOp::getOperationName(), *scaled, *shiftx);
}

void tgc::frontend::addNNImporters(OpImporterTable &table) {
  table["Conv2D"] = {importConv, 2, 1};
  table["DepthwiseConv2dNative"] = {importConv, 2, 1};
  table["_FusedConv2D"] = {importConv, -1, 1};
  table["FusedDepthwiseConv2dNative"] = {importConv, -1, 1};
  table["Conv2DBackpropInput"] = {importConvTranspose, 3, 1};
  table["MaxPool"] = {importPool, 1, 1};
  table["AvgPool"] = {importPool, 1, 1};
  table["ResizeBilinear"] = {importResize, 2, 1};
  table["ResizeNearestNeighbor"] = {importResize, 2, 1};
  table["Softmax"] = {importSoftmax, 1, 1};
  table["MatMul"] = {importMatMul, 2, 1};
  table["BatchMatMul"] = {importBatchMatMul, 2, 1};
  table["BatchMatMulV2"] = {importBatchMatMul, 2, 1};
  table["BatchMatMulV3"] = {importBatchMatMul, 2, 1};
  table["_FusedMatMul"] = {importFusedMatMul, -1, 1};
  table["FusedBatchNorm"] = {importFusedBatchNorm, 5, 5};
  table["FusedBatchNormV2"] = {importFusedBatchNorm, 5, 5};
  table["FusedBatchNormV3"] = {importFusedBatchNorm, 5, 6};
}

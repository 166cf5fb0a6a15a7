//===- ShapeImporters.cpp - TF shape ops -> tg ----------------------------===//
//
// TF passes shapes, axes, begins and paddings as tensors. tgc generates code
// for static shapes, so these operands must be constants once the import
// has folded the shape computations; they become attributes of the tg ops.
//
// Reshaping, concatenation, padding, tiling, broadcasting, filling, shape
// queries and block rearrangements; slicing and splitting are in
// ShapeSliceImporters.cpp, gathers in ShapeIndexingImporters.cpp.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace tgc::frontend;
namespace tg = tgc::tg;

FailureOr<SmallVector<int64_t>>
tgc::frontend::constantInts(NodeContext &ctx, unsigned index,
                            llvm::StringRef what) {
  if (index >= ctx.inputs.size())
    return ctx.emitError() << "missing input " << index << " (" << what
                           << ")";
  DenseElementsAttr values;
  if (!matchPattern(ctx.inputs[index], m_Constant(&values)) ||
      !isa<IntegerType>(values.getElementType()))
    return ctx.emitError() << "input " << index << " (" << what
                           << ") must be an integer constant; it is "
                              "computed at run time, and tgc needs static "
                              "shapes";
  SmallVector<int64_t> result;
  for (const APInt &value : values.getValues<APInt>())
    result.push_back(value.getSExtValue());
  return result;
}

RankedTensorType tgc::frontend::typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

FailureOr<Value> tgc::frontend::reshapeTo(NodeContext &ctx, Value value,
                                          ArrayRef<int64_t> shape) {
  RankedTensorType type = typeOf(value);
  if (type.getShape() == shape)
    return value;
  auto result = RankedTensorType::get(shape, type.getElementType());
  FailureOr<SmallVector<Value>> reshaped = createOp(
      ctx, tg::ReshapeOp::getOperationName(), value, {}, TypeRange{result});
  if (failed(reshaped))
    return failure();
  return reshaped->front();
}

/// Normalises an axis of a tensor of rank `rank` (negative counts from the
/// end).
FailureOr<int64_t> tgc::frontend::normalizeAxis(NodeContext &ctx, int64_t axis,
                                                int64_t rank) {
  if (axis < -rank || axis >= rank)
    return ctx.emitError() << "axis " << axis << " is out of range for rank "
                           << rank;
  return axis < 0 ? axis + rank : axis;
}

namespace {

Builder &b(NodeContext &ctx) { return ctx.builder; }

//===----------------------------------------------------------------------===//
// Reshaping
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<Value>> importReshape(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> shape = constantInts(ctx, 1, "shape");
  if (failed(shape))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  int64_t known = 1, unknownAt = -1;
  for (auto [i, dim] : llvm::enumerate(*shape)) {
    if (dim == -1) {
      if (unknownAt >= 0)
        return ctx.emitError() << "shape has more than one -1";
      unknownAt = i;
    } else if (dim < 0) {
      return ctx.emitError() << "shape has a negative dimension " << dim;
    } else {
      known *= dim;
    }
  }
  SmallVector<int64_t> result(*shape);
  if (unknownAt >= 0) {
    if (!type.hasStaticShape())
      result[unknownAt] = ShapedType::kDynamic;
    else if (known == 0 || type.getNumElements() % known != 0)
      return ctx.emitError() << "cannot reshape " << type << " to ["
                             << llvm::make_range(shape->begin(), shape->end())
                             << "]";
    else
      result[unknownAt] = type.getNumElements() / known;
  }
  FailureOr<Value> value = reshapeTo(ctx, ctx.inputs[0], result);
  if (failed(value))
    return failure();
  return SmallVector<Value>{*value};
}

FailureOr<SmallVector<Value>> importSqueeze(NodeContext &ctx) {
  RankedTensorType type = typeOf(ctx.inputs[0]);
  SmallVector<int64_t> dims;
  auto it = ctx.node.attr().find("squeeze_dims");
  if (it == ctx.node.attr().end())
    it = ctx.node.attr().find("axis");
  if (it != ctx.node.attr().end()) {
    for (int64_t dim : it->second.list().i()) {
      FailureOr<int64_t> axis = normalizeAxis(ctx, dim, type.getRank());
      if (failed(axis))
        return failure();
      dims.push_back(*axis);
    }
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t size = type.getDimSize(d);
    bool listed = llvm::is_contained(dims, d);
    if (listed && size != 1 && !ShapedType::isDynamic(size))
      return ctx.emitError() << "cannot squeeze dimension " << d << " of "
                             << type << ": its size is not 1";
    if (listed || (dims.empty() && size == 1))
      continue;
    shape.push_back(size);
  }
  FailureOr<Value> value = reshapeTo(ctx, ctx.inputs[0], shape);
  if (failed(value))
    return failure();
  return SmallVector<Value>{*value};
}

FailureOr<SmallVector<Value>> importExpandDims(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> dim = constantInts(ctx, 1, "dim");
  if (failed(dim))
    return failure();
  if (dim->size() != 1)
    return ctx.emitError() << "dim must be a single value";
  RankedTensorType type = typeOf(ctx.inputs[0]);
  FailureOr<int64_t> axis = normalizeAxis(ctx, dim->front(), type.getRank() + 1);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin() + *axis, 1);
  FailureOr<Value> value = reshapeTo(ctx, ctx.inputs[0], shape);
  if (failed(value))
    return failure();
  return SmallVector<Value>{*value};
}

FailureOr<SmallVector<Value>> importTranspose(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> perm = constantInts(ctx, 1, "perm");
  if (failed(perm))
    return failure();
  return createOp(ctx, tg::TransposeOp::getOperationName(), ctx.inputs[0],
                  {b(ctx).getNamedAttr("perm", b(ctx).getDenseI64ArrayAttr(*perm))});
}

FailureOr<SmallVector<Value>> concat(NodeContext &ctx, ValueRange values,
                                     int64_t axis) {
  if (values.empty())
    return ctx.emitError() << "needs at least one input to join";
  FailureOr<int64_t> normalized =
      normalizeAxis(ctx, axis, typeOf(values.front()).getRank());
  if (failed(normalized))
    return failure();
  return createOp(ctx, tg::ConcatOp::getOperationName(), values,
                  {b(ctx).getNamedAttr("axis", b(ctx).getI64IntegerAttr(*normalized))});
}

FailureOr<SmallVector<Value>> importConcatV2(NodeContext &ctx) {
  if (ctx.inputs.size() < 2)
    return ctx.emitError() << "needs the values and an axis";
  FailureOr<SmallVector<int64_t>> axis =
      constantInts(ctx, ctx.inputs.size() - 1, "axis");
  if (failed(axis))
    return failure();
  return concat(ctx, ValueRange(ctx.inputs).drop_back(), axis->front());
}

FailureOr<SmallVector<Value>> importConcat(NodeContext &ctx) {
  if (ctx.inputs.size() < 2)
    return ctx.emitError() << "needs an axis and the values";
  FailureOr<SmallVector<int64_t>> axis = constantInts(ctx, 0, "concat_dim");
  if (failed(axis))
    return failure();
  return concat(ctx, ValueRange(ctx.inputs).drop_front(), axis->front());
}

} // namespace

int64_t tgc::frontend::intAttr(const tfp::NodeDef &node, llvm::StringRef name,
                               int64_t defaultValue) {
  auto it = node.attr().find(std::string(name));
  if (it == node.attr().end() || it->second.value_case() != tfp::AttrValue::kI)
    return defaultValue;
  return it->second.i();
}

namespace {

FailureOr<SmallVector<Value>> importPack(NodeContext &ctx) {
  if (ctx.inputs.empty())
    return ctx.emitError() << "needs at least one value";
  RankedTensorType type = typeOf(ctx.inputs[0]);
  FailureOr<int64_t> axis =
      normalizeAxis(ctx, intAttr(ctx.node, "axis", 0), type.getRank() + 1);
  if (failed(axis))
    return failure();
  SmallVector<Value> expanded;
  for (Value value : ctx.inputs) {
    SmallVector<int64_t> shape(typeOf(value).getShape());
    shape.insert(shape.begin() + *axis, 1);
    FailureOr<Value> reshaped = reshapeTo(ctx, value, shape);
    if (failed(reshaped))
      return failure();
    expanded.push_back(*reshaped);
  }
  return concat(ctx, expanded, *axis);
}

//===----------------------------------------------------------------------===//
// Padding, tiling, broadcasting, filling
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<Value>> importPad(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> paddings = constantInts(ctx, 1, "paddings");
  if (failed(paddings))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  if (static_cast<int64_t>(paddings->size()) != 2 * type.getRank())
    return ctx.emitError() << "paddings must be [" << type.getRank()
                           << ", 2]";
  SmallVector<int64_t> low, high;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    low.push_back((*paddings)[2 * d]);
    high.push_back((*paddings)[2 * d + 1]);
  }
  std::string mode = "constant";
  if (ctx.node.op() == "MirrorPad") {
    FailureOr<std::string> m = ctx.stringAttr("mode", "REFLECT");
    if (failed(m))
      return failure();
    if (*m != "REFLECT" && *m != "SYMMETRIC")
      return ctx.emitError() << "unknown mode '" << *m << "'";
    mode = *m == "REFLECT" ? "reflect" : "symmetric";
  }
  SmallVector<NamedAttribute> attrs = {
      b(ctx).getNamedAttr("low", b(ctx).getDenseI64ArrayAttr(low)),
      b(ctx).getNamedAttr("high", b(ctx).getDenseI64ArrayAttr(high)),
      b(ctx).getNamedAttr("mode", b(ctx).getStringAttr(mode))};
  if (ctx.node.op() == "PadV2") {
    DenseElementsAttr value;
    if (ctx.inputs.size() < 3 ||
        !matchPattern(ctx.inputs[2], m_Constant(&value)) ||
        value.getNumElements() != 1)
      return ctx.emitError() << "constant_values must be a scalar constant";
    attrs.push_back(b(ctx).getNamedAttr(
        "value", cast<TypedAttr>(*value.getValues<Attribute>().begin())));
  }
  return createOp(ctx, tg::PadOp::getOperationName(), ctx.inputs[0], attrs);
}

FailureOr<SmallVector<Value>> importTile(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> multiples = constantInts(ctx, 1, "multiples");
  if (failed(multiples))
    return failure();
  return createOp(ctx, tg::TileOp::getOperationName(), ctx.inputs[0],
                  {b(ctx).getNamedAttr("multiples",
                                       b(ctx).getDenseI64ArrayAttr(*multiples))});
}

} // namespace

FailureOr<SmallVector<Value>>
tgc::frontend::broadcastTo(NodeContext &ctx, Value value,
                           ArrayRef<int64_t> shape) {
  RankedTensorType type = typeOf(value);
  FailureOr<SmallVector<int64_t>> result =
      tg::broadcastShapes(type.getShape(), shape);
  if (failed(result) || result->size() != shape.size())
    return ctx.emitError() << "cannot broadcast " << type << " to ["
                           << llvm::make_range(shape.begin(), shape.end())
                           << "]";
  return createOp(ctx, tg::BroadcastToOp::getOperationName(), value, {},
                  TypeRange{RankedTensorType::get(*result, type.getElementType())});
}

namespace {

FailureOr<SmallVector<Value>> importBroadcastTo(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> shape = constantInts(ctx, 1, "shape");
  if (failed(shape))
    return failure();
  return broadcastTo(ctx, ctx.inputs[0], *shape);
}

FailureOr<SmallVector<Value>> importFill(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> dims = constantInts(ctx, 0, "dims");
  if (failed(dims))
    return failure();
  if (typeOf(ctx.inputs[1]).getRank() != 0)
    return ctx.emitError() << "value must be a scalar";
  return broadcastTo(ctx, ctx.inputs[1], *dims);
}

/// A constant holding `values` with element type `elementType`.
Value intConstant(NodeContext &ctx, ArrayRef<int64_t> values,
                  ArrayRef<int64_t> shape, Type elementType) {
  SmallVector<APInt> data;
  for (int64_t v : values)
    data.push_back(APInt(elementType.getIntOrFloatBitWidth(), v, true));
  auto type = RankedTensorType::get(shape, elementType);
  return ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(type, data));
}

FailureOr<Type> outType(NodeContext &ctx) {
  auto it = ctx.node.attr().find("out_type");
  if (it == ctx.node.attr().end())
    return Type(ctx.builder.getI32Type());
  return ctx.typeAttr("out_type");
}

FailureOr<SmallVector<Value>> importShape(NodeContext &ctx) {
  RankedTensorType type = typeOf(ctx.inputs[0]);
  if (!type.hasStaticShape())
    return ctx.emitError() << "the shape of " << type
                           << " is only known at run time; tgc needs static "
                              "shapes (fix the feeds' shapes with --feed)";
  FailureOr<Type> element = outType(ctx);
  if (failed(element))
    return failure();
  return SmallVector<Value>{intConstant(ctx, type.getShape(),
                                        {type.getRank()}, *element)};
}

FailureOr<SmallVector<Value>> importSize(NodeContext &ctx) {
  RankedTensorType type = typeOf(ctx.inputs[0]);
  if (!type.hasStaticShape())
    return ctx.emitError() << "the size of " << type
                           << " is only known at run time";
  FailureOr<Type> element = outType(ctx);
  if (failed(element))
    return failure();
  return SmallVector<Value>{
      intConstant(ctx, {type.getNumElements()}, {}, *element)};
}

FailureOr<SmallVector<Value>> importRank(NodeContext &ctx) {
  return SmallVector<Value>{intConstant(
      ctx, {typeOf(ctx.inputs[0]).getRank()}, {}, ctx.builder.getI32Type())};
}

FailureOr<SmallVector<Value>> importRange(NodeContext &ctx) {
  SmallVector<DenseElementsAttr> args(3);
  for (int i = 0; i < 3; ++i)
    if (!matchPattern(ctx.inputs[i], m_Constant(&args[i])) ||
        args[i].getNumElements() != 1)
      return ctx.emitError() << "start, limit and delta must be scalar "
                                "constants";
  Type element = args[0].getElementType();
  auto scalar = [](DenseElementsAttr attr) -> double {
    Attribute value = *attr.getValues<Attribute>().begin();
    if (auto f = dyn_cast<FloatAttr>(value))
      return f.getValueAsDouble();
    return double(cast<IntegerAttr>(value).getValue().getSExtValue());
  };
  double start = scalar(args[0]), limit = scalar(args[1]),
         delta = scalar(args[2]);
  if (delta == 0)
    return ctx.emitError() << "delta is zero";
  double count = std::ceil((limit - start) / delta);
  if (count < 0)
    count = 0;
  if (count > (1 << 24))
    return ctx.emitError() << "range of " << count << " elements is too large";
  int64_t n = int64_t(count);
  auto type = RankedTensorType::get({n}, element);
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < n; ++i) {
    double v = start + i * delta;
    if (isa<FloatType>(element))
      values.push_back(FloatAttr::get(element, v));
    else
      values.push_back(IntegerAttr::get(element, int64_t(v)));
  }
  return SmallVector<Value>{ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(type, values))};
}

FailureOr<SmallVector<Value>> importZerosOnesLike(NodeContext &ctx) {
  RankedTensorType type = typeOf(ctx.inputs[0]);
  if (!type.hasStaticShape())
    return ctx.emitError() << "needs a static shape, got " << type;
  Type element = type.getElementType();
  bool one = ctx.node.op() == "OnesLike";
  Attribute value =
      isa<FloatType>(element)
          ? Attribute(FloatAttr::get(element, one ? 1.0 : 0.0))
          : Attribute(IntegerAttr::get(element, one ? 1 : 0));
  return SmallVector<Value>{ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(type, value))};
}

//===----------------------------------------------------------------------===//
// Rearranging
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<Value>> importDepthToSpace(NodeContext &ctx) {
  if (failed(checkNHWC(ctx)))
    return failure();
  return createOp(ctx, tg::DepthToSpaceOp::getOperationName(), ctx.inputs,
                  {b(ctx).getNamedAttr(
                      "block_size",
                      b(ctx).getI64IntegerAttr(intAttr(ctx.node, "block_size", 0)))});
}

/// SpaceToBatchND and BatchToSpaceND for NHWC images, as TF defines them:
/// pad, reshape, transpose, reshape (and a crop for BatchToSpace).
FailureOr<SmallVector<Value>> importSpaceBatch(NodeContext &ctx) {
  bool toBatch = ctx.node.op() == "SpaceToBatchND";
  FailureOr<SmallVector<int64_t>> block = constantInts(ctx, 1, "block_shape");
  FailureOr<SmallVector<int64_t>> pads =
      constantInts(ctx, 2, toBatch ? "paddings" : "crops");
  if (failed(block) || failed(pads))
    return failure();
  RankedTensorType type = typeOf(ctx.inputs[0]);
  if (type.getRank() != 4 || block->size() != 2 || pads->size() != 4 ||
      !type.hasStaticShape())
    return ctx.emitError() << "supported for static rank-4 NHWC inputs with "
                              "2-D blocks only, got "
                           << type;
  int64_t b0 = (*block)[0], b1 = (*block)[1];
  int64_t n = type.getDimSize(0), h = type.getDimSize(1),
          w = type.getDimSize(2), c = type.getDimSize(3);
  auto transpose = [&](Value v, ArrayRef<int64_t> perm) -> FailureOr<Value> {
    FailureOr<SmallVector<Value>> r = createOp(
        ctx, tg::TransposeOp::getOperationName(), v,
        {b(ctx).getNamedAttr("perm", b(ctx).getDenseI64ArrayAttr(perm))});
    if (failed(r))
      return failure();
    return r->front();
  };
  if (toBatch) {
    FailureOr<SmallVector<Value>> padded = createOp(
        ctx, tg::PadOp::getOperationName(), ctx.inputs[0],
        {b(ctx).getNamedAttr("low", b(ctx).getDenseI64ArrayAttr(
                                        {0, (*pads)[0], (*pads)[2], 0})),
         b(ctx).getNamedAttr("high", b(ctx).getDenseI64ArrayAttr(
                                         {0, (*pads)[1], (*pads)[3], 0})),
         b(ctx).getNamedAttr("mode", b(ctx).getStringAttr("constant"))});
    if (failed(padded))
      return failure();
    int64_t ph = h + (*pads)[0] + (*pads)[1], pw = w + (*pads)[2] + (*pads)[3];
    if (ph % b0 || pw % b1)
      return ctx.emitError() << "padded size " << ph << "x" << pw
                             << " is not divisible by the block";
    FailureOr<Value> r = reshapeTo(ctx, padded->front(),
                                   {n, ph / b0, b0, pw / b1, b1, c});
    if (failed(r))
      return failure();
    FailureOr<Value> t = transpose(*r, {2, 4, 0, 1, 3, 5});
    if (failed(t))
      return failure();
    FailureOr<Value> out = reshapeTo(ctx, *t, {n * b0 * b1, ph / b0, pw / b1, c});
    if (failed(out))
      return failure();
    return SmallVector<Value>{*out};
  }
  if (n % (b0 * b1))
    return ctx.emitError() << "batch " << n << " is not divisible by the block";
  FailureOr<Value> r = reshapeTo(ctx, ctx.inputs[0], {b0, b1, n / (b0 * b1), h, w, c});
  if (failed(r))
    return failure();
  FailureOr<Value> t = transpose(*r, {2, 3, 0, 4, 1, 5});
  if (failed(t))
    return failure();
  FailureOr<Value> merged = reshapeTo(ctx, *t, {n / (b0 * b1), h * b0, w * b1, c});
  if (failed(merged))
    return failure();
  FailureOr<Value> cropped =
      slice(ctx, *merged, {0, (*pads)[0], (*pads)[2], 0},
            {n / (b0 * b1), h * b0 - (*pads)[1], w * b1 - (*pads)[3], c},
            {1, 1, 1, 1});
  if (failed(cropped))
    return failure();
  return SmallVector<Value>{*cropped};
}

} // namespace

void tgc::frontend::addShapeImporters(OpImporterTable &table) {
  table["Reshape"] = {importReshape, 2, 1};
  table["Squeeze"] = {importSqueeze, 1, 1};
  table["ExpandDims"] = {importExpandDims, 2, 1};
  table["Transpose"] = {importTranspose, 2, 1};
  table["ConcatV2"] = {importConcatV2, -1, 1};
  table["Concat"] = {importConcat, -1, 1};
  table["Pack"] = {importPack, -1, 1};
  table["Pad"] = {importPad, 2, 1};
  table["PadV2"] = {importPad, 3, 1};
  table["MirrorPad"] = {importPad, 2, 1};
  table["Tile"] = {importTile, 2, 1};
  table["BroadcastTo"] = {importBroadcastTo, 2, 1};
  table["Fill"] = {importFill, 2, 1};
  table["Shape"] = {importShape, 1, 1};
  table["Size"] = {importSize, 1, 1};
  table["Rank"] = {importRank, 1, 1};
  table["Range"] = {importRange, 3, 1};
  table["ZerosLike"] = {importZerosOnesLike, 1, 1};
  table["OnesLike"] = {importZerosOnesLike, 1, 1};
  table["DepthToSpace"] = {importDepthToSpace, 1, 1};
  table["SpaceToBatchND"] = {importSpaceBatch, 3, 1};
  table["BatchToSpaceND"] = {importSpaceBatch, 3, 1};
}

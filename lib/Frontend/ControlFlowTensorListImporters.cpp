//===- ControlFlowTensorListImporters.cpp - TF TensorList ops -> tg -------===//
//
// TF2 loops (Keras RNNs, tf.TensorArray) carry TensorLists: variant-typed
// handles to a list of equally shaped tensors. tgc needs static shapes, so
// a list whose length and element shape are known at compile time is
// imported as the tensor of its stacked elements, [length, element...]:
//
//   TensorListReserve(shape, n)      zeros [n, shape...]
//   TensorListFromTensor(t, shape)   t
//   TensorListGetItem(l, i, shape)   tg.gather(l, i) along dimension 0
//   TensorListSetItem(l, i, x)       tg.scatter(l, [i], [x]) {kind = "update"}
//   TensorListStack(l, shape)        l
//   TensorListLength(l)              n
//   TensorListGather(l, idx, shape)  tg.gather(l, idx) along dimension 0
//   TensorListScatterIntoExistingList(l, t, idx)  tg.scatter(l, idx, t)
//   TensorListConcatV2(l, shape, _)  l [n, e0, rest...] reshaped to
//                                    [n * e0, rest...], and the lengths
//                                    (n times e0)
//   TensorListSplit(t, shape, len)   t [n * e0, rest...] reshaped to
//                                    [n, e0, rest...]: the lengths must be
//                                    constant and equal (elements of one
//                                    shape)
//
// TF1's TensorArrayV3 family is rewritten into these before import
// (ControlFlowTensorArrays.cpp).
//
// Inside a While body the list is a loop-carried argument; the importer
// gives it the tensor type of the value the loop starts from.
//
// A TensorListReserve of unknown element shape (tf.map_fn's and
// tf.TensorArray's result lists) gets the shape that a reader of the list
// states: before import, inferListElementShapes follows the list forward
// (through While loop values, Identity, IdentityN and TensorListSetItem) to
// a TensorListStack, TensorListGather, TensorListGetItem or
// TensorListConcatV2 whose constant element_shape is fully known, and gives
// the Reserve that shape.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>

using namespace mlir;
using namespace tgc::frontend;
namespace tg = tgc::tg;

namespace {

OpBuilder &b(NodeContext &ctx) { return ctx.builder; }

/// The element shape operand (input `index`), which may hold -1 for unknown
/// dimensions; checked against `known` where both are known.
LogicalResult checkElementShape(NodeContext &ctx, unsigned index,
                                ArrayRef<int64_t> known) {
  FailureOr<SmallVector<int64_t>> shape = constantInts(ctx, index,
                                                       "element_shape");
  if (failed(shape))
    return failure();
  // A scalar -1 means "unknown rank".
  if (shape->size() == 1 && typeOf(ctx.inputs[index]).getRank() == 0 &&
      shape->front() == -1)
    return success();
  if (shape->size() != known.size())
    return ctx.emitError() << "element_shape has rank " << shape->size()
                           << " but the list's elements have rank "
                           << known.size();
  for (auto [s, k] : llvm::zip(*shape, known))
    if (s >= 0 && s != k)
      return ctx.emitError() << "element_shape dimension " << s
                             << " differs from the elements' " << k;
  return success();
}

FailureOr<RankedTensorType> listType(NodeContext &ctx, Value list) {
  RankedTensorType type = typeOf(list);
  if (type.getRank() < 1 || !type.hasStaticShape())
    return ctx.emitError() << "the list must be a statically shaped stack "
                              "of its elements, got "
                           << type;
  return type;
}

FailureOr<SmallVector<Value>> importReserve(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> shape = constantInts(ctx, 0, "element_shape");
  FailureOr<SmallVector<int64_t>> count = constantInts(ctx, 1, "num_elements");
  FailureOr<Type> element = ctx.typeAttr("element_dtype");
  if (failed(shape) || failed(count) || failed(element))
    return failure();
  if (count->size() != 1 || count->front() < 0)
    return ctx.emitError() << "num_elements must be a non-negative scalar "
                              "constant; a list that grows at run time is "
                              "not supported";
  if (typeOf(ctx.inputs[0]).getRank() == 0)
    return ctx.emitError() << "element_shape of unknown rank is not "
                              "supported: tgc needs the elements' shape";
  SmallVector<int64_t> dims = {count->front()};
  for (int64_t d : *shape) {
    if (d < 0)
      return ctx.emitError() << "element_shape has an unknown dimension; "
                                "tgc needs the elements' shape";
    dims.push_back(d);
  }
  auto type = RankedTensorType::get(dims, *element);
  return SmallVector<Value>{ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(type, b(ctx).getZeroAttr(*element)))};
}

FailureOr<SmallVector<Value>> importFromTensor(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type) ||
      failed(checkElementShape(ctx, 1, type->getShape().drop_front())))
    return failure();
  return SmallVector<Value>{ctx.inputs[0]};
}

FailureOr<SmallVector<Value>> importStack(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type) ||
      failed(checkElementShape(ctx, 1, type->getShape().drop_front())))
    return failure();
  auto n = ctx.node.attr().find("num_elements");
  if (n != ctx.node.attr().end() && n->second.i() >= 0 &&
      n->second.i() != type->getDimSize(0))
    return ctx.emitError() << "num_elements = " << n->second.i()
                           << " but the list holds " << type->getDimSize(0);
  return SmallVector<Value>{ctx.inputs[0]};
}

/// The rows of list input 0 that input 1 names (a scalar index: one row),
/// after checking the element_shape operand (input 2).
FailureOr<SmallVector<Value>> gatherRows(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type) ||
      failed(checkElementShape(ctx, 2, type->getShape().drop_front())))
    return failure();
  return createOp(ctx, tg::GatherOp::getOperationName(),
                  {ctx.inputs[0], ctx.inputs[1]},
                  {b(ctx).getNamedAttr("axis", b(ctx).getI64IntegerAttr(0)),
                   b(ctx).getNamedAttr("batch_dims", b(ctx).getI64IntegerAttr(0))});
}

FailureOr<SmallVector<Value>> importGetItem(NodeContext &ctx) {
  if (typeOf(ctx.inputs[1]).getRank() != 0)
    return ctx.emitError() << "index must be a scalar";
  return gatherRows(ctx);
}

FailureOr<SmallVector<Value>> importSetItem(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type))
    return failure();
  RankedTensorType index = typeOf(ctx.inputs[1]);
  RankedTensorType item = typeOf(ctx.inputs[2]);
  if (index.getRank() != 0)
    return ctx.emitError() << "index must be a scalar";
  if (item.getShape() != type->getShape().drop_front() ||
      item.getElementType() != type->getElementType())
    return ctx.emitError() << "item of type " << item
                           << " does not fit a list of " << *type;
  // The item replaces row `index`: a scatter of one row, which updates the
  // list in place where nothing reads the old one.
  FailureOr<Value> indices = reshapeTo(ctx, ctx.inputs[1], {1});
  SmallVector<int64_t> rowShape = {1};
  rowShape.append(item.getShape().begin(), item.getShape().end());
  FailureOr<Value> row = reshapeTo(ctx, ctx.inputs[2], rowShape);
  if (failed(indices) || failed(row))
    return failure();
  SmallVector<Type, 1> resultTypes{*type};
  return createOp(ctx, tg::ScatterOp::getOperationName(),
                  {ctx.inputs[0], *indices, *row},
                  {b(ctx).getNamedAttr("kind", b(ctx).getStringAttr("update"))},
                  TypeRange(resultTypes));
}

/// TensorListScatterIntoExistingList(l, tensor, indices): row k of `tensor`
/// replaces the row indices[k].
FailureOr<SmallVector<Value>> importScatterInto(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type))
    return failure();
  SmallVector<Type, 1> resultTypes{*type};
  return createOp(ctx, tg::ScatterOp::getOperationName(),
                  {ctx.inputs[0], ctx.inputs[2], ctx.inputs[1]},
                  {b(ctx).getNamedAttr("kind", b(ctx).getStringAttr("update"))},
                  TypeRange(resultTypes));
}

FailureOr<SmallVector<Value>> importLength(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type))
    return failure();
  auto i32 = RankedTensorType::get({}, b(ctx).getI32Type());
  int32_t length = static_cast<int32_t>(type->getDimSize(0));
  return SmallVector<Value>{ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(i32, llvm::ArrayRef<int32_t>(length)))};
}

/// TensorListConcatV2(list, element_shape, leading_dims): the elements
/// concatenated along their first dimension, and each element's length.
FailureOr<SmallVector<Value>> importConcat(NodeContext &ctx) {
  FailureOr<RankedTensorType> type = listType(ctx, ctx.inputs[0]);
  if (failed(type))
    return failure();
  if (type->getRank() < 2)
    return ctx.emitError() << "concatenating a list of scalars (elements "
                              "need a first dimension)";
  ArrayRef<int64_t> element = type->getShape().drop_front();
  if (failed(checkElementShape(ctx, 1, element)))
    return failure();
  int64_t count = type->getDimSize(0), length = element.front();
  SmallVector<int64_t> shape = {count * length};
  shape.append(element.begin() + 1, element.end());
  FailureOr<Value> value = reshapeTo(ctx, ctx.inputs[0], shape);
  if (failed(value))
    return failure();
  auto lengthsType = RankedTensorType::get({count}, b(ctx).getI64Type());
  Value lengths = ctx.builder.create<tg::ConstantOp>(
      ctx.loc, DenseElementsAttr::get(lengthsType,
                                      b(ctx).getI64IntegerAttr(length)));
  return SmallVector<Value>{*value, lengths};
}

/// TensorListSplit(tensor, element_shape, lengths): the list of the
/// consecutive slices of `tensor` along dimension 0 of the given lengths.
/// A list of this importer is a stacked tensor, so the lengths must be
/// known and equal.
FailureOr<SmallVector<Value>> importSplit(NodeContext &ctx) {
  RankedTensorType type = typeOf(ctx.inputs[0]);
  if (type.getRank() < 1 || !type.hasStaticShape())
    return ctx.emitError() << "the tensor to split must have a static shape "
                              "of rank 1 or more, got "
                           << type;
  FailureOr<SmallVector<int64_t>> lengths = constantInts(ctx, 2, "lengths");
  if (failed(lengths))
    return failure();
  if (lengths->empty())
    return ctx.emitError() << "lengths is empty";
  int64_t length = lengths->front(), total = 0;
  for (int64_t l : *lengths) {
    if (l != length)
      return ctx.emitError()
             << "lengths must be equal (elements of one shape): tgc stores a "
                "list as the stack of its elements, got lengths "
             << l << " and " << length;
    if (l < 0)
      return ctx.emitError() << "negative length " << l;
    total += l;
  }
  if (total != type.getDimSize(0))
    return ctx.emitError() << "the lengths add up to " << total
                           << " but the tensor's first dimension is "
                           << type.getDimSize(0);
  SmallVector<int64_t> shape = {static_cast<int64_t>(lengths->size()), length};
  shape.append(type.getShape().begin() + 1, type.getShape().end());
  if (failed(checkElementShape(ctx, 1, ArrayRef<int64_t>(shape).drop_front())))
    return failure();
  FailureOr<Value> list = reshapeTo(ctx, ctx.inputs[0], shape);
  if (failed(list))
    return failure();
  return SmallVector<Value>{*list};
}

} // namespace

namespace {

/// The fully known shape in a constant int32/int64 tensor node, or none.
std::optional<std::vector<int64_t>> knownShape(const tfp::NodeDef &node) {
  if (node.op() != "Const")
    return std::nullopt;
  auto value = node.attr().find("value");
  if (value == node.attr().end() ||
      value->second.value_case() != tfp::AttrValue::kTensor)
    return std::nullopt;
  const tfp::TensorProto &tensor = value->second.tensor();
  if (tensor.tensor_shape().dim_size() > 1 ||
      (tensor.tensor_shape().dim_size() == 0 &&
       tensor.int_val_size() + tensor.int64_val_size() > 0))
    return std::nullopt; // a scalar is "unknown rank" (-1)
  std::vector<int64_t> dims;
  int64_t count = tensor.tensor_shape().dim_size()
                      ? tensor.tensor_shape().dim(0).size()
                      : 0;
  if (!tensor.tensor_content().empty()) {
    size_t width = tensor.dtype() == tfp::DT_INT64 ? 8 : 4;
    if (tensor.tensor_content().size() != static_cast<size_t>(count) * width)
      return std::nullopt;
    for (int64_t i = 0; i < count; ++i) {
      int64_t d = 0;
      if (width == 8) {
        std::memcpy(&d, tensor.tensor_content().data() + 8 * i, 8);
      } else {
        int32_t v;
        std::memcpy(&v, tensor.tensor_content().data() + 4 * i, 4);
        d = v;
      }
      dims.push_back(d);
    }
  } else if (tensor.int_val_size() == count) {
    dims.assign(tensor.int_val().begin(), tensor.int_val().end());
  } else if (tensor.int64_val_size() == count) {
    dims.assign(tensor.int64_val().begin(), tensor.int64_val().end());
  } else if (count != 0) {
    return std::nullopt;
  }
  for (int64_t d : dims)
    if (d < 0)
      return std::nullopt;
  return dims;
}

} // namespace

void tgc::frontend::inferListElementShapes(tfp::GraphDef &graph) {
  llvm::StringMap<tfp::NodeDef *> byName;
  llvm::StringMap<std::vector<std::pair<tfp::NodeDef *, int>>> users;
  for (tfp::NodeDef &node : *graph.mutable_node())
    byName[node.name()] = &node;
  for (tfp::NodeDef &node : *graph.mutable_node())
    for (auto [i, text] : llvm::enumerate(node.input())) {
      std::optional<TensorRef> ref = parseTensorRef(text);
      if (ref && !ref->control)
        users[ref->key()].push_back({&node, static_cast<int>(i)});
    }
  auto shapeInput = [&](const tfp::NodeDef &node,
                        int index) -> const tfp::NodeDef * {
    if (index >= node.input_size())
      return nullptr;
    std::optional<TensorRef> ref = parseTensorRef(node.input(index));
    return ref ? byName.lookup(ref->node) : nullptr;
  };
  std::vector<tfp::NodeDef> shapes; // added after the walk over the nodes
  for (tfp::NodeDef &reserve : *graph.mutable_node()) {
    if (reserve.op() != "TensorListReserve")
      continue;
    const tfp::NodeDef *declared = shapeInput(reserve, 0);
    if (!declared || knownShape(*declared))
      continue;
    // Forward over the tensors that carry this list.
    std::optional<std::vector<int64_t>> found;
    std::vector<std::string> work = {reserve.name() + ":0"};
    llvm::StringSet<> seen;
    while (!work.empty() && !found) {
      std::string tensor = work.back();
      work.pop_back();
      if (!seen.insert(tensor).second)
        continue;
      for (auto [user, index] : users[tensor]) {
        llvm::StringRef op = user->op();
        if (op == "TensorListStack" && index == 0) {
          if (const tfp::NodeDef *s = shapeInput(*user, 1))
            found = knownShape(*s);
        } else if (op == "TensorListConcatV2" && index == 0) {
          if (const tfp::NodeDef *s = shapeInput(*user, 1))
            found = knownShape(*s);
        } else if ((op == "TensorListGetItem" || op == "TensorListGather") &&
                   index == 0) {
          if (const tfp::NodeDef *s = shapeInput(*user, 2))
            found = knownShape(*s);
        } else if (op == "While" || op == "StatelessWhile" ||
                   op == "IdentityN") {
          work.push_back(user->name() + ":" + std::to_string(index));
        } else if ((op == "Identity" || op == "TensorListSetItem") &&
                   index == 0) {
          work.push_back(user->name() + ":0");
        }
        if (found)
          break;
      }
    }
    if (!found)
      continue;
    tfp::NodeDef shape;
    std::string name = reserve.name() + "/inferred_element_shape";
    while (byName.count(name))
      name += "_";
    shape.set_name(name);
    shape.set_op("Const");
    (*shape.mutable_attr())["dtype"].set_type(tfp::DT_INT32);
    tfp::TensorProto *value =
        (*shape.mutable_attr())["value"].mutable_tensor();
    value->set_dtype(tfp::DT_INT32);
    value->mutable_tensor_shape()->add_dim()->set_size(found->size());
    for (int64_t d : *found)
      value->add_int_val(static_cast<int32_t>(d));
    reserve.set_input(0, name);
    byName[name] = nullptr; // the name is taken
    shapes.push_back(std::move(shape));
  }
  for (tfp::NodeDef &shape : shapes)
    *graph.add_node() = std::move(shape);
}

void tgc::frontend::addControlFlowTensorListImporters(OpImporterTable &table) {
  table["TensorListReserve"] = {importReserve, 2, 1};
  table["TensorListFromTensor"] = {importFromTensor, 2, 1};
  table["TensorListStack"] = {importStack, 2, 1};
  table["TensorListGetItem"] = {importGetItem, 3, 1};
  table["TensorListSetItem"] = {importSetItem, 3, 1};
  table["TensorListLength"] = {importLength, 1, 1};
  table["TensorListGather"] = {gatherRows, 3, 1};
  table["TensorListScatterIntoExistingList"] = {importScatterInto, 3, 1};
  table["TensorListConcatV2"] = {importConcat, 3, 2};
  table["TensorListSplit"] = {importSplit, 3, 1};
}

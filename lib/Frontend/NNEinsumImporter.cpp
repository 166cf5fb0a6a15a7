//===- NNEinsumImporter.cpp - TF Einsum -> tg -----------------------------===//
//
// Einsum has no tg op of its own: an equation of one or two operands is
// rewritten into the ops tgc already lowers and fuses. Per operand, labels
// that appear nowhere else are summed first (tg.reduce_sum); the two
// operands are then transposed to [batch, free, contracted] and
// [batch, contracted, free], reshaped to rank 3 and multiplied with
// tg.batch_matmul; the product is reshaped back to its labels and
// transposed to the output's order. Keras's MultiHeadAttention projections
// ("abc,cde->abde") and attention ("aecd,abcd->acbe") take this path.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace tgc::frontend;
namespace tg = tgc::tg;

namespace {

OpBuilder &b(NodeContext &ctx) { return ctx.builder; }

/// An operand being rewritten: its value and the label of each dimension.
struct Labeled {
  Value value;
  std::string labels;
};

FailureOr<Value> single(FailureOr<SmallVector<Value>> values) {
  if (failed(values))
    return failure();
  return values->front();
}

/// Sums the dimensions whose labels are not in `keep`.
FailureOr<Labeled> sumOthers(NodeContext &ctx, Labeled in,
                             llvm::StringRef keep) {
  SmallVector<int64_t> axes;
  std::string rest;
  for (auto [i, label] : llvm::enumerate(in.labels)) {
    if (keep.contains(label))
      rest.push_back(label);
    else
      axes.push_back(i);
  }
  if (axes.empty())
    return in;
  FailureOr<Value> summed =
      single(createOp(ctx, tg::ReduceSumOp::getOperationName(), in.value,
                      {b(ctx).getNamedAttr("axes",
                                           b(ctx).getDenseI64ArrayAttr(axes))}));
  if (failed(summed))
    return failure();
  return Labeled{*summed, rest};
}

/// Transposes `in` so that its labels read `order` (a permutation of them).
FailureOr<Value> permute(NodeContext &ctx, const Labeled &in,
                         llvm::StringRef order) {
  if (in.labels == order)
    return in.value;
  SmallVector<int64_t> perm;
  for (char label : order)
    perm.push_back(in.labels.find(label));
  return single(createOp(ctx, tg::TransposeOp::getOperationName(), in.value,
                         {b(ctx).getNamedAttr(
                             "perm", b(ctx).getDenseI64ArrayAttr(perm))}));
}

int64_t product(RankedTensorType type, const std::string &labels,
                llvm::StringRef which) {
  int64_t n = 1;
  for (auto [i, label] : llvm::enumerate(labels))
    if (which.contains(label))
      n *= type.getDimSize(i);
  return n;
}

FailureOr<SmallVector<Value>> importEinsum(NodeContext &ctx) {
  auto it = ctx.node.attr().find("equation");
  if (it == ctx.node.attr().end())
    return ctx.emitError() << "missing attribute 'equation'";
  std::string equation = it->second.s();
  equation.erase(llvm::remove_if(equation, [](char c) { return c == ' '; }),
                 equation.end());
  size_t arrow = equation.find("->");
  if (arrow == std::string::npos)
    return ctx.emitError() << "equation '" << equation
                           << "' has no '->' (implicit output is not "
                              "supported)";
  if (equation.find("...") != std::string::npos)
    return ctx.emitError() << "equation '" << equation
                           << "': ellipsis ('...') is not supported";
  SmallVector<StringRef> inputs;
  StringRef(equation).take_front(arrow).split(inputs, ',');
  std::string output = equation.substr(arrow + 2);
  if (inputs.size() != ctx.inputs.size() || inputs.empty() ||
      inputs.size() > 2)
    return ctx.emitError() << "equation '" << equation << "' names "
                           << inputs.size() << " operands; the node has "
                           << ctx.inputs.size() << " (tgc supports 1 or 2)";

  SmallVector<Labeled> operands;
  for (auto [spec, value] : llvm::zip(inputs, ctx.inputs)) {
    RankedTensorType type = typeOf(value);
    if (!type.hasStaticShape())
      return ctx.emitError() << "operand " << type << " must have a static shape";
    if ((int64_t)spec.size() != type.getRank())
      return ctx.emitError() << "'" << spec << "' labels " << spec.size()
                             << " dimensions of an operand of rank "
                             << type.getRank();
    for (char label : spec)
      if (!llvm::isAlpha(label) || spec.count(label) != 1)
        return ctx.emitError() << "'" << spec << "': labels must be distinct "
                                  "letters (no diagonals)";
    operands.push_back({value, spec.str()});
  }
  for (char label : output)
    if (!llvm::isAlpha(label) || llvm::count(output, label) != 1 ||
        llvm::none_of(inputs, [&](StringRef s) { return s.contains(label); }))
      return ctx.emitError() << "output '" << output << "': label '" << label
                             << "' is repeated or in no operand";
  // Sizes of a label must agree between the operands.
  for (char label : output + inputs[0].str()) {
    if (operands.size() < 2)
      break;
    size_t i = operands[0].labels.find(label), j = operands[1].labels.find(label);
    if (i != std::string::npos && j != std::string::npos &&
        typeOf(operands[0].value).getDimSize(i) !=
            typeOf(operands[1].value).getDimSize(j))
      return ctx.emitError() << "label '" << label << "' has sizes "
                             << typeOf(operands[0].value).getDimSize(i)
                             << " and "
                             << typeOf(operands[1].value).getDimSize(j);
  }

  if (operands.size() == 1) {
    FailureOr<Labeled> summed = sumOthers(ctx, operands[0], output);
    if (failed(summed))
      return failure();
    FailureOr<Value> result = permute(ctx, *summed, output);
    if (failed(result))
      return failure();
    return SmallVector<Value>{*result};
  }

  // Labels a single operand holds and the output lacks are summed first.
  for (int k = 0; k < 2; ++k) {
    std::string keep = output + operands[1 - k].labels;
    FailureOr<Labeled> summed = sumOthers(ctx, operands[k], keep);
    if (failed(summed))
      return failure();
    operands[k] = *summed;
  }
  std::string batch, lhsFree, rhsFree, contracted;
  for (char label : operands[0].labels) {
    bool inRhs = operands[1].labels.find(label) != std::string::npos;
    bool inOut = output.find(label) != std::string::npos;
    (inRhs ? (inOut ? batch : contracted) : lhsFree).push_back(label);
  }
  for (char label : operands[1].labels)
    if (operands[0].labels.find(label) == std::string::npos)
      rhsFree.push_back(label);

  RankedTensorType lhsType = typeOf(operands[0].value);
  RankedTensorType rhsType = typeOf(operands[1].value);
  Type element = lhsType.getElementType();
  int64_t nb = product(lhsType, operands[0].labels, batch);
  int64_t m = product(lhsType, operands[0].labels, lhsFree);
  int64_t k = product(lhsType, operands[0].labels, contracted);
  int64_t n = product(rhsType, operands[1].labels, rhsFree);

  FailureOr<Value> lhs = permute(ctx, operands[0], batch + lhsFree + contracted);
  FailureOr<Value> rhs = permute(ctx, operands[1], batch + contracted + rhsFree);
  if (failed(lhs) || failed(rhs))
    return failure();
  lhs = reshapeTo(ctx, *lhs, {nb, m, k});
  rhs = reshapeTo(ctx, *rhs, {nb, k, n});
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> prod = single(createOp(
      ctx, tg::BatchMatMulOp::getOperationName(), {*lhs, *rhs}, {},
      TypeRange{RankedTensorType::get({nb, m, n}, element)}));
  if (failed(prod))
    return failure();

  std::string labels = batch + lhsFree + rhsFree;
  SmallVector<int64_t> shape;
  for (char label : labels) {
    size_t i = operands[0].labels.find(label);
    shape.push_back(i != std::string::npos
                        ? lhsType.getDimSize(i)
                        : rhsType.getDimSize(operands[1].labels.find(label)));
  }
  FailureOr<Value> unflat = reshapeTo(ctx, *prod, shape);
  if (failed(unflat))
    return failure();
  FailureOr<Value> result = permute(ctx, {*unflat, labels}, output);
  if (failed(result))
    return failure();
  return SmallVector<Value>{*result};
}

} // namespace

void tgc::frontend::addNNEinsumImporters(OpImporterTable &table) {
  table["Einsum"] = {importEinsum, -1, 1};
}

//===- LoopOrder.cpp - Contiguous parallel loops innermost in reductions --===//
//
// tg-contiguous-inner-loop (see Passes.td): a linalg.generic on buffers
// with a reduction innermost gets the output's contiguous dimension as its
// innermost loop instead, when the inputs read along that dimension
// contiguously or not at all. The order in which each output element
// accumulates is unchanged, so results are bit-identical; LLVM vectorises
// the new inner loop across outputs.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGCONTIGUOUSINNERLOOP
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;

namespace {

/// The loop dimension that `map`'s last result is, if it is a plain one.
std::optional<unsigned> lastDim(AffineMap map) {
  if (map.getNumResults() == 0)
    return std::nullopt;
  if (auto dim = dyn_cast<AffineDimExpr>(map.getResults().back()))
    return dim.getPosition();
  return std::nullopt;
}

/// True if `type` is a buffer whose last dimension has unit stride.
bool contiguousLast(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || memref.getRank() == 0)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(getStridesAndOffset(memref, strides, offset)))
    return false;
  return strides.back() == 1;
}

/// The permutation that moves the contiguous output dimension innermost,
/// or nothing when the op does not qualify.
std::optional<SmallVector<unsigned>> innerPermutation(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1)
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned loops = iterators.size();
  if (loops < 2 || iterators.back() != utils::IteratorType::reduction)
    return std::nullopt;
  OpOperand *init = op.getDpsInitOperand(0);
  std::optional<unsigned> inner = lastDim(op.getMatchingIndexingMap(init));
  if (!inner || iterators[*inner] != utils::IteratorType::parallel ||
      !contiguousLast(init->get().getType()))
    return std::nullopt;
  // A dimension of one (or unknown size) is not worth a loop of its own.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges[*inner] == ShapedType::kDynamic || ranges[*inner] < 2)
    return std::nullopt;
  // Every input reads along the dimension contiguously, or not at all.
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    bool uses = map.isFunctionOfDim(*inner);
    if (!uses)
      continue;
    if (lastDim(map) != inner || !contiguousLast(input->get().getType()))
      return std::nullopt;
    // ... and only in its last index.
    for (AffineExpr expr : map.getResults().drop_back())
      if (expr.isFunctionOfDim(*inner))
        return std::nullopt;
  }
  SmallVector<unsigned> permutation;
  for (unsigned d = 0; d < loops; ++d)
    if (d != *inner)
      permutation.push_back(d);
  permutation.push_back(*inner);
  return permutation;
}

struct TgContiguousInnerLoopPass
    : tgc::tg::impl::TgContiguousInnerLoopBase<TgContiguousInnerLoopPass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, SmallVector<unsigned>>> todo;
    getOperation().walk([&](linalg::GenericOp op) {
      if (std::optional<SmallVector<unsigned>> p = innerPermutation(op))
        todo.push_back({op, *p});
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, permutation] : todo) {
      rewriter.setInsertionPoint(op);
      if (failed(linalg::interchangeGenericOp(rewriter, op, permutation)))
        return signalPassFailure();
    }
  }
};

} // namespace

//===- PlanMemory.cpp - Static memory plan of an entry function -----------===//
//
// After bufferization every temporary is a statically shaped memref.alloc
// in the entry function's body. This pass packs them into one arena: each
// buffer is live from its allocation to the last use of it or of any view
// of it (positions are counted among the ops of the function's top-level
// block, so uses inside loops extend to the enclosing loop; a buffer of an
// scf.if region lives across the whole scf.if and, when yielded, as long as
// its result). Buffers are
// placed largest first at the lowest 64-byte-aligned offset that does not
// overlap a buffer live at the same time. The runtime allocates the arena
// once per session, so running a model performs no heap allocation.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/Common/Passes.h"
#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGPLANMEMORY
#include "tgc/Target/Common/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;
using namespace tgc::tg;

namespace {

constexpr int64_t kAlignment = 64;

/// The memref.view `memref` comes from through ops that keep its aligned
/// pointer, or null.
memref::ViewOp viewOf(Value memref) {
  Value root = memref;
  while (Operation *def = root.getDefiningOp()) {
    if (!isa<memref::ReshapeOp, memref::CollapseShapeOp, memref::ExpandShapeOp,
             memref::CastOp, memref::SubViewOp, memref::ReinterpretCastOp>(def))
      break;
    root = def->getOperand(0);
  }
  return root.getDefiningOp<memref::ViewOp>();
}

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  int64_t begin = 0, end = 0; // live range, inclusive, in block positions
  int64_t offset = -1;
};

int64_t alignTo(int64_t value) {
  return (value + kAlignment - 1) / kAlignment * kAlignment;
}

/// The position of the top-level op of `block` that contains `op`.
int64_t positionIn(Block &block, Operation *op,
                   const DenseMap<Operation *, int64_t> &positions) {
  Operation *ancestor = block.findAncestorOpInBlock(*op);
  return ancestor ? positions.lookup(ancestor) : 0;
}

/// The last position at which `value` or anything derived from it is used.
int64_t lastUse(Block &block, Value value,
                const DenseMap<Operation *, int64_t> &positions) {
  int64_t last = 0;
  SmallVector<Value> worklist = {value};
  llvm::SmallPtrSet<Value, 16> seen = {value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (OpOperand &use : current.getUses()) {
      Operation *user = use.getOwner();
      last = std::max(last, positionIn(block, user, positions));
      // Anything derived from the buffer may read it later: views, casts,
      // reshapes, and the pointers handed to runtime calls. Following every
      // result is conservative (a loaded scalar extends the range too) but
      // never frees a buffer that is still read.
      for (Value result : user->getResults())
        if (seen.insert(result).second)
          worklist.push_back(result);
      // A buffer yielded by a region (scf.if) lives on as the parent's
      // result.
      if (user->hasTrait<OpTrait::IsTerminator>() &&
          user->getParentOp() != block.getParentOp())
        for (Value result : user->getParentOp()->getResults())
          if (seen.insert(result).second)
            worklist.push_back(result);
    }
  }
  return last;
}

/// The terminator of a loop body that yields `value` (or a view of it) to
/// the next iteration, if any.
Operation *loopCarrier(Value value) {
  SmallVector<Value> worklist = {value};
  llvm::SmallPtrSet<Value, 16> seen = {value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (Operation *user : current.getUsers()) {
      if (isa<scf::YieldOp, scf::ConditionOp>(user) &&
          isa<scf::WhileOp, scf::ForOp>(user->getParentOp()))
        return user;
      if (isa<ViewLikeOpInterface>(user) ||
          isa<memref::CastOp, memref::ReshapeOp, memref::CollapseShapeOp,
              memref::ExpandShapeOp, memref::ReinterpretCastOp>(user))
        for (Value result : user->getResults())
          if (seen.insert(result).second)
            worklist.push_back(result);
    }
  }
  return nullptr;
}

bool overlaps(const Buffer &a, const Buffer &b) {
  return a.begin <= b.end && b.begin <= a.end;
}

LogicalResult planFunction(func::FuncOp func) {
  Block &block = func.getBody().front();
  DenseMap<Operation *, int64_t> positions;
  int64_t position = 0;
  for (Operation &op : block)
    positions[&op] = position++;

  SmallVector<Buffer> buffers;
  WalkResult walk = func.walk([&](memref::AllocOp alloc) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity()) {
      alloc.emitError("cannot plan a buffer of type ")
          << type << ": the static memory plan needs static shapes";
      return WalkResult::interrupt();
    }
    // A buffer of a region (a conditional's branch, a loop body) is
    // planned for the whole top-level op around it. In a loop body it gets
    // one place for all iterations, which is right unless the body hands
    // the buffer to the next iteration.
    for (Operation *parent = alloc->getParentOp(); parent != func;
         parent = parent->getParentOp()) {
      if (!isa<scf::IfOp, scf::WhileOp, scf::ForOp>(parent)) {
        alloc.emitError("cannot plan a buffer allocated inside '")
            << parent->getName() << "'";
        return WalkResult::interrupt();
      }
    }
    if (Operation *carrier = loopCarrier(alloc)) {
      alloc.emitError("cannot plan a buffer that '")
          << carrier->getParentOp()->getName()
          << "' carries into its next iteration: it would need a place per "
             "live iteration";
      return WalkResult::interrupt();
    }
    Buffer buffer;
    buffer.alloc = alloc;
    int64_t bits = type.getElementTypeBitWidth();
    buffer.bytes = alignTo(type.getNumElements() * std::max<int64_t>(bits / 8, 1));
    buffer.begin = positionIn(block, alloc, positions);
    buffer.end = std::max(buffer.begin, lastUse(block, alloc, positions));
    buffers.push_back(buffer);
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();

  // Largest first, then first fit among the buffers already placed.
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  llvm::sort(order, [](const Buffer *a, const Buffer *b) {
    return a->bytes != b->bytes ? a->bytes > b->bytes : a->begin < b->begin;
  });
  SmallVector<Buffer *> placed;
  int64_t arenaBytes = 0;
  for (Buffer *buffer : order) {
    SmallVector<std::pair<int64_t, int64_t>> busy;
    for (Buffer *other : placed)
      if (overlaps(*buffer, *other))
        busy.emplace_back(other->offset, other->offset + other->bytes);
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [begin, end] : busy) {
      if (offset + buffer->bytes <= begin)
        break;
      offset = std::max(offset, end);
    }
    buffer->offset = offset;
    arenaBytes = std::max(arenaBytes, offset + buffer->bytes);
    placed.push_back(buffer);
  }

  // The arena is a new trailing argument; allocations become views of it.
  MLIRContext *context = func.getContext();
  auto arenaType =
      MemRefType::get({std::max<int64_t>(arenaBytes, kAlignment)},
                      IntegerType::get(context, 8));
  func.insertArgument(func.getNumArguments(), arenaType,
                      DictionaryAttr::get(context), func.getLoc());
  Value arena = func.getArguments().back();
  for (Buffer &buffer : buffers) {
    OpBuilder builder(buffer.alloc);
    Value offset =
        builder.create<arith::ConstantIndexOp>(buffer.alloc.getLoc(),
                                               buffer.offset);
    Value view = builder.create<memref::ViewOp>(
        buffer.alloc.getLoc(), buffer.alloc.getType(), arena, offset,
        ValueRange{});
    // Deallocations of planned buffers disappear with the plan.
    for (Operation *user : llvm::make_early_inc_range(buffer.alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    buffer.alloc.replaceAllUsesWith(view);
    buffer.alloc.erase();
  }
  // The pointer of a planned buffer is the arena's plus the view's shift
  // (see alignedPointerWithShift); rewritten here for the pointers that
  // earlier passes handed to runtime calls.
  SmallVector<memref::ExtractAlignedPointerAsIndexOp> extracts;
  func.walk([&](memref::ExtractAlignedPointerAsIndexOp extract) {
    if (viewOf(extract.getSource()))
      extracts.push_back(extract);
  });
  for (memref::ExtractAlignedPointerAsIndexOp extract : extracts) {
    OpBuilder builder(extract);
    Value address = tgc::tg::alignedPointerWithShift(builder, extract.getLoc(),
                                                     extract.getSource());
    extract.replaceAllUsesWith(address);
    extract.erase();
  }
  func->setAttr(kArenaBytesAttr,
                IntegerAttr::get(IntegerType::get(context, 64), arenaBytes));
  return success();
}

} // namespace

Value tgc::tg::alignedPointerWithShift(OpBuilder &builder, Location loc,
                                       Value memref) {
  memref::ViewOp view = viewOf(memref);
  if (!view)
    return builder.create<memref::ExtractAlignedPointerAsIndexOp>(loc, memref);
  Value base = alignedPointerWithShift(builder, loc, view.getSource());
  return builder.create<arith::AddIOp>(loc, base, view.getByteShift());
}

namespace {

struct TgPlanMemoryPass : tgc::tg::impl::TgPlanMemoryBase<TgPlanMemoryPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() || func.isPrivate())
        continue;
      if (failed(planFunction(func)))
        return signalPassFailure();
    }
  }
};

} // namespace

//===- ParallelKernels.cpp - Kernels split across the runtime's threads ---===//
//
// tg-parallel-kernels: a kernel (tg-outline-kernels) whose linalg op is
// large enough is tiled by one along its outer parallel loop, and the loop's
// bounds become two new arguments, so that any range of it can run on its
// own. tg-parallel-kernel-calls, on the LLVM dialect, then calls such
// kernels through the runtime's tgrt_parallel_for, which hands the ranges to
// the kernel thread pool (the one the GEMMs use).
//
// The cost estimate (iterations times the body's operations and the
// operands) is made here, where the loop nest is known; the runtime turns it
// into a thread count, so a kernel too small to pay for a fork runs inline.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/CPU/Passes.h"

#include "tgrt/model_abi.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGPARALLELKERNELS
#define GEN_PASS_DEF_TGPARALLELKERNELCALLS
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kKernelAttr = "tg.kernel";
constexpr llvm::StringLiteral kExtentAttr = "tg.parallel_extent";
constexpr llvm::StringLiteral kCostAttr = "tg.parallel_cost";

/// The one linalg op of a kernel, or null when it holds anything else with
/// an effect.
linalg::LinalgOp soleLinalgOp(func::FuncOp kernel) {
  if (!kernel.getBody().hasOneBlock())
    return nullptr;
  linalg::LinalgOp found;
  for (Operation &op : kernel.getBody().front()) {
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
      if (found)
        return nullptr;
      found = linalgOp;
      continue;
    }
    if (isa<func::ReturnOp>(op) || op.hasTrait<OpTrait::ConstantLike>())
      continue;
    return nullptr;
  }
  return found;
}

/// Whether `expr` is a sum of loop dimensions times positive constants (no
/// constant term, no division or modulo): the indexing linalg's tiling
/// cuts correctly. It takes a slice at map(offsets) and keeps the map for
/// the slice, so a constant term would be counted twice, and a negative
/// coefficient (a reversed filter, -d0 + 1) would read outside the slice.
bool isPositiveSumOfDims(AffineExpr expr) {
  if (isa<AffineDimExpr>(expr))
    return true;
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return false;
  if (binary.getKind() == AffineExprKind::Add)
    return isPositiveSumOfDims(binary.getLHS()) &&
           isPositiveSumOfDims(binary.getRHS());
  if (binary.getKind() == AffineExprKind::Mul) {
    auto constant = dyn_cast<AffineConstantExpr>(binary.getRHS());
    return constant && constant.getValue() > 0 &&
           isPositiveSumOfDims(binary.getLHS());
  }
  return false;
}

/// The loop to split: the first of extent above 1, when it is parallel and
/// every loop before it has extent 1 (so the loop nest is one range of it),
/// when it indexes every output as a dimension of its own (so distinct
/// iterations write distinct elements), and when every operand reads it in
/// a way tiling handles (isPositiveSumOfDims).
std::optional<unsigned> splitLoop(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d < ranges.size(); ++d) {
    if (ShapedType::isDynamic(ranges[d]))
      return std::nullopt;
    if (ranges[d] == 1)
      continue;
    if (iterators[d] != utils::IteratorType::parallel)
      return std::nullopt;
    for (OpOperand &init : op.getDpsInitsMutable()) {
      AffineMap map = op.getMatchingIndexingMap(&init);
      bool indexed = llvm::any_of(map.getResults(), [&](AffineExpr e) {
        auto dim = dyn_cast<AffineDimExpr>(e);
        return dim && dim.getPosition() == d;
      });
      if (!indexed)
        return std::nullopt;
    }
    for (AffineMap map : op.getIndexingMapsArray())
      for (AffineExpr e : map.getResults())
        if (e.isFunctionOfDim(d) && !isPositiveSumOfDims(e))
          return std::nullopt;
    return d;
  }
  return std::nullopt;
}

/// Iterations times (operations of the body + operands read or written).
int64_t estimateCost(linalg::LinalgOp op) {
  uint64_t iterations = 1;
  for (int64_t range : op.getStaticLoopRanges())
    iterations = llvm::SaturatingMultiply<uint64_t>(
        iterations, static_cast<uint64_t>(std::max<int64_t>(range, 0)));
  uint64_t perIteration = op->getNumOperands();
  if (Block *body = op.getBlock())
    perIteration += body->getOperations().size();
  uint64_t cost = llvm::SaturatingMultiply(iterations, perIteration);
  return static_cast<int64_t>(
      std::min<uint64_t>(cost, std::numeric_limits<int64_t>::max()));
}

struct ParallelKernels
    : tgc::tg::impl::TgParallelKernelsBase<ParallelKernels> {
  using TgParallelKernelsBase::TgParallelKernelsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::DenseMap<StringAttr, int64_t> split; // kernel -> extent
    for (auto kernel : module.getOps<func::FuncOp>()) {
      if (!kernel->hasAttr(kKernelAttr) || kernel.isExternal())
        continue;
      linalg::LinalgOp op = soleLinalgOp(kernel);
      if (!op || !op.hasPureBufferSemantics())
        continue;
      int64_t cost = estimateCost(op);
      std::optional<unsigned> loop = splitLoop(op);
      if (cost < minCost || !loop)
        continue;
      int64_t extent = op.getStaticLoopRanges()[*loop];
      if (failed(splitKernel(kernel, op, *loop)))
        continue;
      Builder builder(kernel.getContext());
      kernel->setAttr(kExtentAttr, builder.getI64IntegerAttr(extent));
      kernel->setAttr(kCostAttr, builder.getI64IntegerAttr(cost));
      split[kernel.getSymNameAttr()] = extent;
    }
    if (split.empty())
      return;
    // Calls pass the whole range.
    module.walk([&](func::CallOp call) {
      auto it = split.find(call.getCalleeAttr().getAttr());
      if (it == split.end())
        return;
      OpBuilder builder(call);
      SmallVector<Value> operands(call.getOperands());
      operands.push_back(
          builder.create<arith::ConstantIndexOp>(call.getLoc(), 0));
      operands.push_back(
          builder.create<arith::ConstantIndexOp>(call.getLoc(), it->second));
      call->setOperands(operands);
    });
  }

  LogicalResult splitKernel(func::FuncOp kernel, linalg::LinalgOp op,
                            unsigned loop) {
    IRRewriter rewriter(kernel.getContext());
    rewriter.setInsertionPoint(op);
    SmallVector<int64_t> tileSizes(op.getNumLoops(), 0);
    tileSizes[loop] = 1;
    linalg::LinalgTilingOptions options;
    options.setTileSizes(tileSizes).setLoopType(
        linalg::LinalgTilingLoopType::Loops);
    FailureOr<linalg::TiledLinalgOp> tiled =
        linalg::tileLinalgOp(rewriter, op, options);
    if (failed(tiled))
      return failure();
    auto forOp = tiled->loops.size() == 1
                     ? dyn_cast<scf::ForOp>(tiled->loops.front())
                     : scf::ForOp();
    if (!forOp) {
      // Not the one loop asked for: undo (the outermost loop holds the
      // rest), the op stays whole.
      if (!tiled->loops.empty())
        rewriter.eraseOp(tiled->loops.front());
      return failure();
    }
    rewriter.eraseOp(op);

    // The range [begin, end) becomes two arguments.
    Block &entry = kernel.getBody().front();
    Type index = rewriter.getIndexType();
    unsigned first = kernel.getNumArguments();
    kernel.insertArguments({first, first}, {index, index},
                           {DictionaryAttr(), DictionaryAttr()},
                           {kernel.getLoc(), kernel.getLoc()});
    forOp.getLowerBoundMutable().assign(entry.getArgument(first));
    forOp.getUpperBoundMutable().assign(entry.getArgument(first + 1));
    return success();
  }
};

/// The task of a split kernel: task(ctx, begin, end) loads the kernel's
/// other arguments from the struct at ctx and calls it on [begin, end).
LLVM::LLVMFuncOp getOrCreateTask(ModuleOp module, LLVM::LLVMFuncOp kernel,
                                 LLVM::LLVMStructType context) {
  std::string name = (kernel.getName() + "_task").str();
  if (auto existing = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
    return existing;
  MLIRContext *ctx = module.getContext();
  OpBuilder builder(kernel);
  builder.setInsertionPointAfter(kernel);
  Location loc = kernel.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i64 = builder.getI64Type();
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                          {ptr, i64, i64});
  auto task = builder.create<LLVM::LLVMFuncOp>(loc, name, type,
                                               LLVM::Linkage::Internal);
  Block *body = task.addEntryBlock(builder);
  builder.setInsertionPointToStart(body);
  SmallVector<Value> args;
  for (auto [i, field] : llvm::enumerate(context.getBody())) {
    Value slot = builder.create<LLVM::GEPOp>(
        loc, ptr, context, body->getArgument(0),
        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
    args.push_back(builder.create<LLVM::LoadOp>(loc, field, slot));
  }
  // The range arguments have the kernel's index type.
  Type indexType = kernel.getFunctionType().getParams().back();
  for (unsigned i = 1; i <= 2; ++i) {
    Value bound = body->getArgument(i);
    if (indexType != i64)
      bound = builder.create<LLVM::TruncOp>(loc, indexType, bound);
    args.push_back(bound);
  }
  builder.create<LLVM::CallOp>(loc, kernel, args);
  builder.create<LLVM::ReturnOp>(loc, ValueRange());
  return task;
}

struct ParallelKernelCalls
    : tgc::tg::impl::TgParallelKernelCallsBase<ParallelKernelCalls> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    llvm::DenseMap<StringAttr, LLVM::LLVMFuncOp> kernels;
    for (auto func : module.getOps<LLVM::LLVMFuncOp>())
      if (func->hasAttr(kExtentAttr))
        kernels[func.getSymNameAttr()] = func;
    if (kernels.empty())
      return;

    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    StringRef runtimeName = TGRT_SYMBOL_NAME(TGRT_FN_PARALLEL_FOR);
    auto parallelFor = module.lookupSymbol<LLVM::LLVMFuncOp>(runtimeName);
    if (!parallelFor) {
      OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
      parallelFor = builder.create<LLVM::LLVMFuncOp>(
          module.getLoc(), runtimeName,
          LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                      {ptr, ptr, i64, i64}));
    }

    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      if (auto callee = call.getCalleeAttr())
        if (kernels.count(callee.getAttr()))
          calls.push_back(call);
    });
    for (LLVM::CallOp call : calls) {
      LLVM::LLVMFuncOp kernel = kernels[call.getCalleeAttr().getAttr()];
      Location loc = call.getLoc();
      // Everything but the range goes through the context struct.
      ValueRange operands = call.getArgOperands();
      ValueRange captured = operands.drop_back(2);
      auto contextType = LLVM::LLVMStructType::getLiteral(
          ctx, llvm::to_vector(captured.getTypes()));
      LLVM::LLVMFuncOp task = getOrCreateTask(module, kernel, contextType);

      // One stack slot per call, allocated in the entry block (a call in a
      // loop must not grow the stack).
      auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
      OpBuilder builder(ctx);
      builder.setInsertionPointToStart(&caller.getBody().front());
      Value one = builder.create<LLVM::ConstantOp>(
          loc, i64, builder.getI64IntegerAttr(1));
      Value slot = builder.create<LLVM::AllocaOp>(loc, ptr, contextType, one);

      builder.setInsertionPoint(call);
      for (auto [i, value] : llvm::enumerate(captured)) {
        Value field = builder.create<LLVM::GEPOp>(
            loc, ptr, contextType, slot,
            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
        builder.create<LLVM::StoreOp>(loc, value, field);
      }
      Value taskAddress =
          builder.create<LLVM::AddressOfOp>(loc, ptr, task.getSymName());
      int64_t extent =
          cast<IntegerAttr>(kernel->getAttr(kExtentAttr)).getInt();
      int64_t cost = cast<IntegerAttr>(kernel->getAttr(kCostAttr)).getInt();
      Value extentValue = builder.create<LLVM::ConstantOp>(
          loc, i64, builder.getI64IntegerAttr(extent));
      Value costValue = builder.create<LLVM::ConstantOp>(
          loc, i64, builder.getI64IntegerAttr(cost));
      builder.create<LLVM::CallOp>(
          loc, parallelFor,
          ValueRange{taskAddress, slot, extentValue, costValue});
      call.erase();
    }
    for (auto &[name, kernel] : kernels) {
      kernel->removeAttr(kExtentAttr);
      kernel->removeAttr(kCostAttr);
    }
  }
};

} // namespace

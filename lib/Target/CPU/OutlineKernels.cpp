//===- OutlineKernels.cpp - Every linalg op a function of its own ---------===//
//
// tg-outline-kernels: each linalg op on buffers moves into a private
// function (a kernel) that takes what it uses; identical kernels are
// emitted once. The entry function becomes a short sequence of views and
// calls, and LLVM optimises and code-generates many small functions, which
// the code generator can also hand to several threads (cpu::emitObjects).
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/CPU/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/StringMap.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGOUTLINEKERNELS
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kKernelAttr = "tg.kernel";

/// A value a kernel can take as a bare-pointer argument: anything but a
/// memref whose shape, strides or offset are not static.
bool passable(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return !isa<UnrankedMemRefType>(type);
  if (!memref.hasStaticShape())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(getStridesAndOffset(memref, strides, offset)))
    return false;
  return !ShapedType::isDynamic(offset) &&
         llvm::none_of(strides, ShapedType::isDynamic);
}

/// Where a buffer lies: `root` (an argument of the entry function, whose
/// buffers the runtime allocates apart, or a global) and the byte offset of
/// its base pointer from the root's.
struct Place {
  const void *root = nullptr;
  int64_t base = 0;
};

std::optional<Place> placeOf(Value value) {
  int64_t base = 0;
  while (true) {
    if (auto argument = dyn_cast<BlockArgument>(value)) {
      auto func = dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp());
      if (!func || argument.getOwner() != &func.getBody().front())
        return std::nullopt;
      return Place{value.getAsOpaquePointer(), base};
    }
    Operation *def = value.getDefiningOp();
    if (auto global = dyn_cast<memref::GetGlobalOp>(def))
      return Place{global.getNameAttr().getAsOpaquePointer(), base};
    if (auto view = dyn_cast<memref::ViewOp>(def)) {
      std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
      if (!shift)
        return std::nullopt;
      base += *shift;
      value = view.getSource();
      continue;
    }
    // Same base pointer; the offset, if any, is in the result's layout.
    if (isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
            memref::ReshapeOp, memref::CastOp>(def)) {
      value = def->getOperand(0);
      continue;
    }
    return std::nullopt;
  }
}

/// The bytes [begin, end) a buffer of static layout covers from its base.
std::pair<int64_t, int64_t> extentOf(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  (void)getStridesAndOffset(type, strides, offset);
  int64_t bytes = std::max<int64_t>(
      1, (type.getElementTypeBitWidth() + 7) / 8);
  if (type.getNumElements() == 0)
    return {0, 0};
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    last += (size - 1) * stride;
  return {offset * bytes, (last + 1) * bytes};
}

/// True when `a` and `b` are buffers that provably share no byte: other
/// roots, or one root and disjoint ranges. Entry arguments are distinct
/// allocations of the runtime (feeds, fetches, variables, the arena).
bool disjoint(Value a, Value b) {
  if (a == b)
    return false;
  auto typeA = cast<MemRefType>(a.getType());
  auto typeB = cast<MemRefType>(b.getType());
  std::optional<Place> placeA = placeOf(a), placeB = placeOf(b);
  if (!placeA || !placeB)
    return false;
  if (placeA->root != placeB->root)
    return true;
  auto [beginA, endA] = extentOf(typeA);
  auto [beginB, endB] = extentOf(typeB);
  beginA += placeA->base, endA += placeA->base;
  beginB += placeB->base, endB += placeB->base;
  return beginA >= endA || beginB >= endB || endA <= beginB || endB <= beginA;
}

/// Constants without operands are cloned into the kernel rather than
/// passed: the kernel then folds them, and two uses of the same op with the
/// same constants share one kernel.
bool clonable(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
         def->hasTrait<OpTrait::ConstantLike>();
}

struct OutlineKernels
    : tgc::tg::impl::TgOutlineKernelsBase<OutlineKernels> {
  using TgOutlineKernelsBase::TgOutlineKernelsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || func->hasAttr(kKernelAttr))
        continue;
      func.walk([&](linalg::LinalgOp op) {
        if (op.hasPureBufferSemantics() && op->getNumResults() == 0)
          ops.push_back(op);
      });
    }
    SymbolTable symbols(module);
    for (Operation *op : ops)
      outline(op, symbols);
  }

  void outline(Operation *op, SymbolTable &symbols) {
    // What the op uses: its operands, then what its body reads from above.
    llvm::SetVector<Value> used(op->operand_begin(), op->operand_end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    SmallVector<Value> arguments, constants;
    for (Value value : used) {
      if (clonable(value)) {
        constants.push_back(value);
        continue;
      }
      if (!passable(value.getType()))
        return; // stays inline
      arguments.push_back(value);
    }

    MLIRContext *context = op->getContext();
    OpBuilder builder(context);
    auto type = FunctionType::get(context, ValueRange(arguments).getTypes(),
                                  {});
    auto kernel = func::FuncOp::create(op->getLoc(), "kernel", type);
    Block *entry = kernel.addEntryBlock();
    IRMapping mapping;
    mapping.map(arguments, entry->getArguments());
    builder.setInsertionPointToStart(entry);
    for (Value value : constants)
      builder.clone(*value.getDefiningOp(), mapping);
    builder.clone(*op, mapping);
    builder.create<func::ReturnOp>(op->getLoc());
    // A buffer that shares no byte with the kernel's other buffers is
    // `noalias`: LLVM then vectorises without run-time overlap checks, as
    // it could when all views had one visible base. Part of the kernel's
    // identity (a kernel is shared only by calls with the same flags).
    for (unsigned index = 0; index < arguments.size(); ++index) {
      if (!isa<MemRefType>(arguments[index].getType()))
        continue;
      bool alone = true;
      for (unsigned other = 0; other < arguments.size() && alone; ++other)
        if (other != index && isa<MemRefType>(arguments[other].getType()))
          alone = disjoint(arguments[index], arguments[other]);
      if (alone)
        kernel.setArgAttr(index, LLVM::LLVMDialect::getNoAliasAttrName(),
                          UnitAttr::get(context));
    }

    // Identical kernels print identically (generic form, no locations).
    std::string key;
    {
      llvm::raw_string_ostream os(key);
      kernel->print(os, OpPrintingFlags().printGenericOpForm().useLocalScope());
    }
    auto [it, inserted] = kernels.try_emplace(key, nullptr);
    if (inserted) {
      kernel.setName(prefix + std::to_string(kernels.size() - 1));
      kernel.setPrivate();
      kernel->setAttr(kKernelAttr, UnitAttr::get(context));
      // Internal to the object (func-to-llvm does not derive a linkage
      // from the visibility).
      kernel->setAttr("llvm.linkage",
                      LLVM::LinkageAttr::get(context, LLVM::Linkage::Internal));
      kernel->setAttr("passthrough",
                      builder.getArrayAttr({builder.getStringAttr("noinline")}));
      symbols.insert(kernel); // renames on a clash with an existing symbol
      it->second = kernel;
    } else {
      kernel.erase();
    }

    builder.setInsertionPoint(op);
    builder.create<func::CallOp>(op->getLoc(), it->second, arguments);
    op->erase();
  }

  llvm::StringMap<func::FuncOp> kernels;
};

} // namespace

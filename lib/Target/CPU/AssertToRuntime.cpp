//===- AssertToRuntime.cpp - Failed assertions end the run with a status --===//
//
// tg-assert-to-runtime: each cf.assert (a lowered tg.assert) in an entry
// function becomes a conditional branch; on failure the function calls
// tgrt_assert_failed with the message, kept in a private constant string,
// and returns at once, so the effects after the assertion (variable
// updates, fetches) do not happen and the runtime turns the run into an
// error status. Upstream's lowering of cf.assert aborts the process, which
// an embedding application cannot accept.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/CPU/Passes.h"
#include "tgrt/model_abi.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace tgc::tg {
#define GEN_PASS_DEF_TGASSERTTORUNTIME
#include "tgc/Target/CPU/Passes.h.inc"
} // namespace tgc::tg

using namespace mlir;

namespace {

struct TgAssertToRuntimePass
    : tgc::tg::impl::TgAssertToRuntimeBase<TgAssertToRuntimePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<cf::AssertOp> asserts;
    module.walk([&](cf::AssertOp op) { asserts.push_back(op); });
    if (asserts.empty())
      return;
    MLIRContext *context = &getContext();
    auto pointer = LLVM::LLVMPointerType::get(context);
    StringRef name = TGRT_SYMBOL_NAME(TGRT_FN_ASSERT_FAILED);
    auto failed = module.lookupSymbol<func::FuncOp>(name);
    if (!failed) {
      OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
      failed = builder.create<func::FuncOp>(
          module.getLoc(), name, builder.getFunctionType({pointer}, {}));
      failed.setPrivate();
    }
    for (auto [index, op] : llvm::enumerate(asserts)) {
      auto function = op->getParentOfType<func::FuncOp>();
      if (!function || function.getNumResults() != 0 ||
          op->getParentRegion() != &function.getBody()) {
        op.emitOpError("must be in the body of an entry function without "
                       "results (a lowered tg.assert)");
        return signalPassFailure();
      }
      Location loc = op.getLoc();
      Block *block = op->getBlock();
      Block *rest = block->splitBlock(op);
      auto *fail = new Block();
      block->getParent()->getBlocks().insertAfter(Region::iterator(block),
                                                  fail);
      OpBuilder builder = OpBuilder::atBlockEnd(block);
      builder.create<cf::CondBranchOp>(loc, op.getArg(), rest, ValueRange{},
                                       fail, ValueRange{});
      builder.setInsertionPointToStart(fail);
      std::string text = op.getMsg().str();
      text.push_back('\0');
      Value message = LLVM::createGlobalString(
          loc, builder, ("tgc_assert_message_" + llvm::Twine(index)).str(),
          text, LLVM::Linkage::Private);
      builder.create<func::CallOp>(loc, failed, ValueRange{message});
      builder.create<func::ReturnOp>(loc);
      op.erase();
    }
  }
};

} // namespace

//===- Pipeline.cpp - The CUDA code generator -----------------------------===//
//
// From linalg on tensors to PTX with MLIR's GPU passes:
//
//   tg-bind-variables, one-shot bufferization,     (as on CPU)
//   tg-plan-memory                                 the arena
//   tg-gpu-constant-pool                           constants in one buffer
//   tg-gpu-tiled-matmul                            matmuls: tiled kernels
//                                                  with shared memory
//   convert-linalg-to-parallel-loops               one scf.parallel per op
//   tg-gpu-tile-parallel-loops                     collapse to 1-D, tile by
//                                                  the block size
//   gpu-map-parallel-loops, convert-parallel-loops-to-gpu
//   gpu-kernel-outlining, tg-gpu-merge-modules     all kernels in @kernels
//   nvvm-attach-target, convert-gpu-to-nvvm,
//   gpu-module-to-binary (format=isa)              PTX by LLVM's NVPTX
//
// and for an object file, on the host functions (buildHostPipeline):
//
//   tg-gpu-lower-launches                          launches -> tgrt calls
//   the CPU pipeline's lowering to the LLVM dialect
//
// Written here: the two small passes. Collapsing every parallel loop to one
// dimension before tiling gives each kernel full blocks whatever the rank
// of the tensor (tiling a 4-D NHWC loop by its two leading dimensions would
// leave most threads idle), and one gpu.module gives one PTX file.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/GPU/Passes.h"
#include "tgc/Target/GPU/Pipeline.h"

#include "tgc/Target/GPU/Host.h"

#include "tgc/Target/Common/Passes.h"
// The host code is CPU code: it is lowered by the CPU target's pipeline.
#include "tgc/Target/CPU/Pipeline.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/SCFToGPU/SCFToGPUPass.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace tgc::gpu {
#define GEN_PASS_DEF_TGGPUTILEPARALLELLOOPS
#define GEN_PASS_DEF_TGGPUMERGEMODULES
#define GEN_PASS_DEF_TGGPUCONTRACT
#define GEN_PASS_DEF_TGGPUAPPROXIMATEMATH
#define GEN_PASS_DEF_TGGPUKERNELSTONVVM
#include "tgc/Target/GPU/Passes.h.inc"
} // namespace tgc::gpu

namespace {

/// The architectures tgc accepts, with the lowest PTX ISA version (times
/// ten) that supports each (PTX ISA notes: sm_70 6.0, sm_72 6.1, sm_75 6.3,
/// sm_80 7.0, sm_86 7.1, sm_87 7.4, sm_89 7.8, sm_90 7.8, sm_90a 8.0).
constexpr std::pair<const char *, int> kSupportedArchs[] = {
    {"sm_70", 60}, {"sm_72", 61}, {"sm_75", 63}, {"sm_80", 70},
    {"sm_86", 71}, {"sm_87", 74}, {"sm_89", 78}, {"sm_90", 78},
    {"sm_90a", 80}};

std::optional<int> minimumPtx(llvm::StringRef arch) {
  for (auto [name, ptx] : kSupportedArchs)
    if (arch == name)
      return ptx;
  return std::nullopt;
}

/// "7.8" or "78" -> 78; nothing when malformed.
std::optional<int> parsePtxVersion(llvm::StringRef text) {
  unsigned major = 0, minor = 0;
  auto [left, right] = text.split('.');
  if (!right.empty()) {
    if (left.getAsInteger(10, major) || right.getAsInteger(10, minor) ||
        minor > 9)
      return std::nullopt;
    return static_cast<int>(major * 10 + minor);
  }
  if (text.size() < 2 || text.getAsInteger(10, major))
    return std::nullopt;
  return static_cast<int>(major);
}

/// Collapses every outermost scf.parallel to one dimension and tiles it by
/// the block size (exact tiles; the inner loop guards the remainder), so
/// that gpu-map-parallel-loops makes the outer loop the grid and the inner
/// one the threads of a block.
struct TileParallelLoops : tgc::gpu::impl::TgGpuTileParallelLoopsBase<TileParallelLoops> {
  using Base::Base;
  void runOnOperation() override {
    wrapSequentialCode();
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>())
        loops.push_back(loop);
    });
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp loop : loops) {
      if (loop.getNumLoops() > 1) {
        std::vector<unsigned> all(loop.getNumLoops());
        for (unsigned i = 0; i < all.size(); ++i)
          all[i] = i;
        rewriter.setInsertionPoint(loop);
        collapseParallelLoops(rewriter, loop, {all});
      }
    }
    // collapseParallelLoops replaces the loops: collect them again.
    loops.clear();
    getOperation().walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>())
        loops.push_back(loop);
    });
    for (scf::ParallelOp loop : loops)
      scf::tileParallelLoop(loop, {static_cast<int64_t>(blockSize)}, /*noMinMaxBounds=*/true);
  }
  /// Code that is not a parallel loop but touches buffers (a full
  /// reduction, TopK's selection, gradient scatters, control flow: scf.for,
  /// scf.if, scf.while nests and lone stores) goes into a one-iteration
  /// scf.parallel, so it becomes a kernel run by one thread instead of
  /// staying on the host.
  void wrapSequentialCode() {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    for (Operation &op :
         llvm::make_early_inc_range(func.getBody().front().without_terminator())) {
      // (Results nobody uses, such as TopK's count, may stay inside.)
      if (!op.use_empty() ||
          !isa<scf::ForOp, scf::IfOp, scf::WhileOp, memref::StoreOp>(op))
        continue;
      // A host loop around kernels (a tiled matmul) stays on the host.
      if (op.walk([](mlir::gpu::LaunchOp) { return WalkResult::interrupt(); })
              .wasInterrupted())
        continue;
      bool touchesMemory =
          op.walk([](Operation *inner) {
              return isa<memref::LoadOp, memref::StoreOp>(inner)
                         ? WalkResult::interrupt()
                         : WalkResult::advance();
            }).wasInterrupted();
      if (!touchesMemory)
        continue;
      OpBuilder b(&op);
      Location loc = op.getLoc();
      Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
      Value one = b.create<arith::ConstantIndexOp>(loc, 1);
      auto single = b.create<scf::ParallelOp>(loc, ValueRange{zero},
                                              ValueRange{one}, ValueRange{one});
      op.moveBefore(single.getBody()->getTerminator());
      pullInProducers(single);
    }
  }

  /// Moves into `single` the host ops that only feed it: loads and scalar
  /// arithmetic (a 0-d generic's load, divide, store), so that no device
  /// buffer is read on the host.
  static void pullInProducers(scf::ParallelOp single) {
    Block *body = single.getBody();
    bool changed = true;
    while (changed) {
      changed = false;
      for (Operation &inner : *body) {
        for (Value operand : inner.getOperands()) {
          Operation *producer = operand.getDefiningOp();
          if (!producer || producer->getBlock() != single->getBlock() ||
              producer->getNumRegions() != 0 ||
              !(isa<memref::LoadOp>(producer) || isPure(producer)) ||
              isa<arith::ConstantOp>(producer))
            continue;
          bool onlyHere = llvm::all_of(producer->getUsers(), [&](Operation *user) {
            return single->isAncestor(user);
          });
          if (!onlyHere)
            continue;
          producer->moveBefore(&body->front());
          changed = true;
          break;
        }
        if (changed)
          break;
      }
    }
  }

};

/// Moves the kernels of every gpu.module into one, @kernels, each kernel
/// renamed after its former module (unique), and updates the launches.
struct MergeGpuModules : tgc::gpu::impl::TgGpuMergeModulesBase<MergeGpuModules> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> modules(module.getOps<gpu::GPUModuleOp>());
    if (modules.empty())
      return;
    OpBuilder builder(modules.front());
    auto merged = builder.create<gpu::GPUModuleOp>(module.getLoc(), "kernels");
    SymbolTable mergedSymbols(merged);
    llvm::DenseMap<std::pair<StringAttr, StringAttr>, StringAttr> renamed;
    for (gpu::GPUModuleOp old : modules) {
      for (Operation &op : llvm::make_early_inc_range(
               old.getBodyRegion().front().without_terminator())) {
        auto func = dyn_cast<gpu::GPUFuncOp>(op);
        StringAttr oldName = SymbolTable::getSymbolName(&op);
        op.remove();
        // The kernel takes its module's name (unique in the host module);
        // helper symbols keep theirs unless they clash.
        if (func && func.isKernel())
          SymbolTable::setSymbolName(&op, old.getName());
        mergedSymbols.insert(&op);
        renamed[{old.getNameAttr(), oldName}] = SymbolTable::getSymbolName(&op);
      }
      old.erase();
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      SymbolRefAttr kernel = launch.getKernel();
      StringAttr newName = renamed.lookup(
          {kernel.getRootReference(), kernel.getLeafReference()});
      if (newName)
        launch.setKernelAttr(SymbolRefAttr::get(
            merged.getNameAttr(), {FlatSymbolRefAttr::get(newName)}));
    });
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    UnitAttr::get(&getContext()));
  }
};

/// arith.remf as a - b trunc(a / b) (C's fmod for the operands tg code
/// produces; NVPTX has no remainder instruction and upstream would call
/// libdevice).
struct ExpandRemF : OpRewritePattern<arith::RemFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::RemFOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = op.getLhs(), b = op.getRhs();
    Value quotient = rewriter.create<math::TruncOp>(
        loc, rewriter.create<arith::DivFOp>(loc, a, b));
    rewriter.replaceOpWithNewOp<arith::SubFOp>(
        op, a, rewriter.create<arith::MulFOp>(loc, b, quotient));
    return success();
  }
};

/// erfc (MLIR 19 has no math op for it: tg lowers it to a call of libm's
/// erfcf/erfc) as the Chebyshev fit of Press et al. (Numerical Recipes'
/// erfcc), relative error below 1.2e-7 for every x: with t = 1/(1 + |x|/2),
/// erfc(|x|) = t exp(-x^2 + P(t)) for a degree-9 polynomial P, and
/// erfc(x) = 2 - erfc(-x) for negative x. (1 - erf(x) would lose all
/// digits where erfc is small, as in GELU of negative inputs.)
struct ExpandErfc : OpRewritePattern<func::CallOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(func::CallOp op,
                                PatternRewriter &rewriter) const override {
    if ((op.getCallee() != "erfcf" && op.getCallee() != "erfc") ||
        op.getNumOperands() != 1 || op.getNumResults() != 1)
      return failure();
    Location loc = op.getLoc();
    Type type = op.getResult(0).getType();
    if (!isa<FloatType>(type))
      return failure();
    auto constant = [&](double value) -> Value {
      return rewriter.create<arith::ConstantOp>(
          loc, type, rewriter.getFloatAttr(type, value));
    };
    Value x = op.getOperand(0);
    Value z = rewriter.create<math::AbsFOp>(loc, x);
    Value t = rewriter.create<arith::DivFOp>(
        loc, constant(1.0),
        rewriter.create<math::FmaOp>(loc, z, constant(0.5), constant(1.0)));
    static const double coefficients[] = {
        -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
        0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277};
    Value poly = constant(coefficients[9]);
    for (int i = 8; i >= 0; --i)
      poly = rewriter.create<math::FmaOp>(loc, t, poly,
                                          constant(coefficients[i]));
    Value exponent = rewriter.create<arith::SubFOp>(
        loc, poly, rewriter.create<arith::MulFOp>(loc, z, z));
    Value positive = rewriter.create<arith::MulFOp>(
        loc, t, rewriter.create<math::ExpOp>(loc, exponent));
    Value negative =
        rewriter.create<arith::SubFOp>(loc, constant(2.0), positive);
    Value isNegative = rewriter.create<arith::CmpFOp>(
        loc, arith::CmpFPredicate::OLT, x, constant(0.0));
    rewriter.replaceOpWithNewOp<arith::SelectOp>(op, isNegative, negative,
                                                 positive);
    return success();
  }
};

/// a * b + c, c + a * b, a * b - c and c - a * b with a multiply used only
/// there as one math.fma (--fp-contract=fast): the kernels then round like
/// the CPU code, where LLVM contracts the same pairs. (NVPTX would fuse
/// only under unsafe-math options, which MLIR's serializer does not set.)
struct ContractMulAdd : OpRewritePattern<arith::AddFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::AddFOp op,
                                PatternRewriter &rewriter) const override {
    for (int side = 0; side < 2; ++side) {
      auto mul = op->getOperand(side).getDefiningOp<arith::MulFOp>();
      if (!mul || !mul->hasOneUse())
        continue;
      rewriter.replaceOpWithNewOp<math::FmaOp>(op, mul.getLhs(), mul.getRhs(),
                                               op->getOperand(1 - side));
      rewriter.eraseOp(mul);
      return success();
    }
    return failure();
  }
};

struct ContractMulSub : OpRewritePattern<arith::SubFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::SubFOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (auto mul = op.getLhs().getDefiningOp<arith::MulFOp>();
        mul && mul->hasOneUse()) {
      // a * b - c = fma(a, b, -c)
      Value negated = rewriter.create<arith::NegFOp>(loc, op.getRhs());
      rewriter.replaceOpWithNewOp<math::FmaOp>(op, mul.getLhs(), mul.getRhs(),
                                               negated);
      rewriter.eraseOp(mul);
      return success();
    }
    if (auto mul = op.getRhs().getDefiningOp<arith::MulFOp>();
        mul && mul->hasOneUse()) {
      // c - a * b = fma(-a, b, c)
      Value negated = rewriter.create<arith::NegFOp>(loc, mul.getLhs());
      rewriter.replaceOpWithNewOp<math::FmaOp>(op, negated, mul.getRhs(),
                                               op.getLhs());
      rewriter.eraseOp(mul);
      return success();
    }
    return failure();
  }
};

/// tg-gpu-contract: ContractMulAdd and ContractMulSub on the kernels.
struct ContractKernels : tgc::gpu::impl::TgGpuContractBase<ContractKernels> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ContractMulAdd, ContractMulSub>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};

/// Rewrites the transcendental math ops of the kernels (exp, log, tanh,
/// erf, pow, sin, ...) into polynomials of +, *, fma and bit operations
/// (MLIR's math approximations, a few ulp in f32), so that the PTX calls no
/// libdevice function and needs nothing from the CUDA toolkit.
struct ApproximateMath : tgc::gpu::impl::TgGpuApproximateMathBase<ApproximateMath> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateExpandPowFPattern(patterns);
    populateExpandFPowIPattern(patterns);
    populateExpandTanPattern(patterns);
    populateExpandSinhPattern(patterns);
    populateExpandCoshPattern(patterns);
    populateExpandAsinhPattern(patterns);
    populateExpandAcoshPattern(patterns);
    populateExpandAtanhPattern(patterns);
    populateExpandExp2FPattern(patterns);
    populateExpandRoundFPattern(patterns);
    populateExpandRoundEvenPattern(patterns);
    populateMathPolynomialApproximationPatterns(patterns);
    patterns.add<ExpandRemF, ExpandErfc>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      return signalPassFailure();
    // The libm declarations the expansions replaced.
    for (auto func : llvm::make_early_inc_range(
             getOperation().getOps<func::FuncOp>()))
      if (func.isExternal() &&
          SymbolTable::symbolKnownUseEmpty(func, getOperation()))
        func.erase();
  }
};

/// The kernels to NVVM: upstream's convert-gpu-to-nvvm patterns, except
/// that the LLVM intrinsics NVPTX implements with one instruction (floor,
/// ceil, fabs, sqrt, fma, ...; math-to-llvm made them) stay legal, where
/// upstream would want libdevice calls for them.
struct KernelsToNVVM : tgc::gpu::impl::TgGpuKernelsToNVVMBase<KernelsToNVVM> {
  void runOnOperation() override {
    mlir::gpu::GPUModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    {
      RewritePatternSet patterns(context);
      populateGpuRewritePatterns(patterns);
      if (failed(applyPatternsAndFoldGreedily(module, std::move(patterns))))
        return signalPassFailure();
    }
    LowerToLLVMOptions options(
        context, DataLayout(cast<DataLayoutOpInterface>(module.getOperation())));
    LLVMTypeConverter converter(context, options);
    populateGpuMemorySpaceAttributeConversions(
        converter, [](mlir::gpu::AddressSpace space) -> unsigned {
          switch (space) {
          case mlir::gpu::AddressSpace::Global:
            return 1;
          case mlir::gpu::AddressSpace::Workgroup:
            return 3;
          case mlir::gpu::AddressSpace::Private:
            return 0;
          }
          llvm_unreachable("unknown address space");
        });
    RewritePatternSet patterns(context);
    arith::populateArithToLLVMConversionPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    populateFuncToLLVMConversionPatterns(converter, patterns);
    populateFinalizeMemRefToLLVMConversionPatterns(converter, patterns);
    populateGpuToNVVMConversionPatterns(converter, patterns);
    LLVMConversionTarget target(*context);
    configureGpuToNVVMConversionLegality(target);
    target.addLegalOp<LLVM::FFloorOp, LLVM::FCeilOp, LLVM::FAbsOp,
                      LLVM::SqrtOp, LLVM::FMAOp, LLVM::FTruncOp,
                      LLVM::RoundEvenOp, LLVM::RoundOp, LLVM::CopySignOp,
                      LLVM::MinNumOp, LLVM::MaxNumOp, LLVM::MinimumOp,
                      LLVM::MaximumOp>();
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

std::optional<std::string>
tgc::gpu::checkGpuOptions(const GpuOptions &options) {
  std::optional<int> minimum = minimumPtx(options.arch);
  if (!minimum) {
    std::string list;
    for (auto [name, ptx] : kSupportedArchs)
      list += (list.empty() ? "" : ", ") + std::string(name);
    return "unknown --gpu-arch '" + options.arch + "' (expected one of " +
           list + ")";
  }
  if (!options.ptxVersion.empty()) {
    std::optional<int> version = parsePtxVersion(options.ptxVersion);
    if (!version)
      return "invalid --ptx-version '" + options.ptxVersion +
             "' (expected a version such as 7.8)";
    if (*version < *minimum)
      return "--ptx-version " + options.ptxVersion + " is too old for " +
             options.arch + ", which needs PTX " +
             std::to_string(*minimum / 10) + "." +
             std::to_string(*minimum % 10) + " or later";
  }
  return std::nullopt;
}

std::string tgc::gpu::ptxFeature(const GpuOptions &options) {
  int version = std::max(minimumPtx(options.arch).value_or(70), 70);
  if (!options.ptxVersion.empty())
    version = parsePtxVersion(options.ptxVersion).value_or(version);
  return "+ptx" + std::to_string(version);
}

void tgc::gpu::buildKernelPipeline(OpPassManager &pm,
                                   const GpuOptions &options) {
  // Buffers, as on CPU (without the CPU's GEMM calls), planned into one
  // arena; the constants into one pool. Both are device buffers.
  target::addBufferization(pm);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(tg::createTgPlanMemory());
  pm.addPass(createTgGpuConstantPool());
  pm.addPass(createCanonicalizerPass());

  // Matrix products -> tiled kernels; the other ops -> parallel loops ->
  // kernels.
  pm.addNestedPass<func::FuncOp>(createTgGpuTiledMatmul());
  pm.addPass(createConvertLinalgToParallelLoopsPass());
  pm.addNestedPass<func::FuncOp>(
      createTgGpuTileParallelLoops({options.blockSize}));
  pm.addNestedPass<func::FuncOp>(createGpuMapParallelLoopsPass());
  pm.addPass(createParallelLoopToGpuPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createTgGpuMergeModules());

  // Kernels -> NVVM -> PTX.
  GpuNVVMAttachTargetOptions target;
  target.chip = options.arch;
  target.features = ptxFeature(options);
  target.optLevel = static_cast<unsigned>(options.optLevel);
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &kernels = pm.nest<mlir::gpu::GPUModuleOp>();
  if (options.fpContract)
    kernels.addPass(createTgGpuContract());
  kernels.addPass(createTgGpuApproximateMath());
  kernels.addPass(createConvertMathToLLVMPass()); // fma, sqrt, fabs, ...
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createConvertSCFToCFPass());
  kernels.addPass(createTgGpuKernelsToNVVM());
  kernels.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

void tgc::gpu::buildHostPipeline(OpPassManager &pm) {
  pm.addPass(createTgGpuLowerLaunches());
  pm.addPass(createCanonicalizerPass());
  // Host code: the kernels are already in the GPU binary.
  cpu::LowerToLLVMOptions options;
  options.outlineKernels = false;
  cpu::buildLowerToLLVMPipeline(pm, options);
}

FailureOr<std::string> tgc::gpu::extractPtx(ModuleOp module) {
  std::string ptx;
  for (auto binary : module.getOps<mlir::gpu::BinaryOp>())
    for (Attribute attr : binary.getObjects()) {
      auto object = cast<mlir::gpu::ObjectAttr>(attr);
      if (object.getFormat() != mlir::gpu::CompilationTarget::Assembly)
        continue;
      // The serializer NUL-terminates the text for the driver's JIT.
      ptx += object.getObject().getValue().rtrim('\0').str();
    }
  if (ptx.empty())
    return module.emitError("the module has no kernels to write as PTX"),
           failure();
  // Every function must be defined in the PTX itself (no libdevice).
  size_t pos = ptx.find(".extern .func");
  if (pos != std::string::npos) {
    // ".extern .func  (.param .b32 func_retval0) __nv_expf"
    llvm::StringRef line =
        llvm::StringRef(ptx).substr(pos).split('\n').first.trim();
    return module.emitError("the kernels call the external function '")
               << line.rsplit(' ').second
               << "'; tgc has no device implementation of it yet",
           failure();
  }
  return ptx;
}

void tgc::gpu::registerGpuPasses() { registerTgGPUPasses(); }

void tgc::gpu::registerGpuDialects(DialectRegistry &registry) {
  registry.insert<mlir::gpu::GPUDialect, NVVM::NVVMDialect>();
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerNVVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
}

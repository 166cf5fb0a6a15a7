//===- Host.cpp - Constant pool and kernel launches of a CUDA model -------===//
//
// Two passes over the host functions of a CUDA model, written here because
// upstream's gpu-to-llvm lowers launches to MLIR's own runtime wrappers
// (mgpu*), which load the module on every launch and keep no session: tgc's
// launches go to tgrt, which loads the PTX once per session and owns the
// device buffers, and the constants travel as one pool uploaded once.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/GPU/Host.h"
#include "tgc/Target/GPU/Passes.h"

#include "tgc/Target/Common/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/ADT/MapVector.h"

using namespace mlir;

std::vector<char> tgc::gpu::elementsBytes(ElementsAttr attr) {
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return {};
  std::vector<char> bytes;
  if (dense.getElementType().isInteger(1)) {
    for (bool value : dense.getValues<bool>())
      bytes.push_back(value ? 1 : 0);
    return bytes;
  }
  ArrayRef<char> raw = dense.getRawData();
  if (dense.isSplat()) {
    for (int64_t i = 0, n = dense.getNumElements(); i < n; ++i)
      bytes.insert(bytes.end(), raw.begin(), raw.end());
    return bytes;
  }
  return std::vector<char>(raw.begin(), raw.end());
}

std::vector<char> tgc::gpu::constantPool(ModuleOp module) {
  auto pool = module->getAttrOfType<DenseElementsAttr>(kConstantPoolAttr);
  return pool ? elementsBytes(pool) : std::vector<char>{};
}

std::vector<std::string> tgc::gpu::kernelNames(ModuleOp module) {
  std::vector<std::string> names;
  if (auto kernels = module->getAttrOfType<ArrayAttr>(kKernelsAttr))
    for (Attribute name : kernels)
      names.push_back(cast<StringAttr>(name).str());
  return names;
}

namespace tgc::gpu {
#define GEN_PASS_DEF_TGGPUCONSTANTPOOL
#define GEN_PASS_DEF_TGGPULOWERLAUNCHES
#include "tgc/Target/GPU/Passes.h.inc"
} // namespace tgc::gpu

namespace {

constexpr int64_t kPoolAlignment = 64;

int64_t storageBytes(MemRefType type) {
  Type element = type.getElementType();
  int64_t width = element.isInteger(1)
                      ? 1
                      : static_cast<int64_t>(element.getIntOrFloatBitWidth()) / 8;
  return type.getNumElements() * width;
}

struct ConstantPool : tgc::gpu::impl::TgGpuConstantPoolBase<ConstantPool> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    SymbolTable symbols(module);

    // Offsets in first-use order.
    llvm::MapVector<StringAttr, int64_t> offsets;
    std::vector<char> bytes;
    SmallVector<func::FuncOp> functions;
    bool failed = false;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      functions.push_back(func);
      func.walk([&](memref::GetGlobalOp get) {
        auto global = symbols.lookup<memref::GlobalOp>(get.getName());
        if (!global || !global.getConstant() || !global.getInitialValue() ||
            !isa<DenseElementsAttr>(*global.getInitialValue())) {
          get.emitError("the CUDA target supports only dense constant "
                        "globals, not '")
              << get.getName() << "'";
          failed = true;
          return;
        }
        if (offsets.count(get.getNameAttr().getAttr()))
          return;
        std::vector<char> data =
            tgc::gpu::elementsBytes(cast<ElementsAttr>(*global.getInitialValue()));
        if (static_cast<int64_t>(data.size()) != storageBytes(get.getType())) {
          get.emitError("unexpected size of the constant '")
              << get.getName() << "'";
          failed = true;
          return;
        }
        int64_t offset = (static_cast<int64_t>(bytes.size()) +
                          kPoolAlignment - 1) /
                         kPoolAlignment * kPoolAlignment;
        bytes.resize(offset, 0);
        bytes.insert(bytes.end(), data.begin(), data.end());
        offsets.insert({get.getNameAttr().getAttr(), offset});
      });
    }
    if (failed)
      return signalPassFailure();

    auto poolType = MemRefType::get({static_cast<int64_t>(bytes.size())},
                                    IntegerType::get(context, 8));
    for (func::FuncOp func : functions) {
      func.insertArgument(func.getNumArguments(), poolType,
                          DictionaryAttr::get(context), func.getLoc());
      Value pool = func.getArguments().back();
      func.walk([&](memref::GetGlobalOp get) {
        OpBuilder b(get);
        Value shift = b.create<arith::ConstantIndexOp>(
            get.getLoc(), offsets.lookup(get.getNameAttr().getAttr()));
        Value view = b.create<memref::ViewOp>(get.getLoc(), get.getType(),
                                              pool, shift, ValueRange{});
        get.replaceAllUsesWith(view);
        get.erase();
      });
    }
    for (auto global :
         llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
      if (offsets.count(global.getSymNameAttr()))
        global.erase();
    auto tensorType = RankedTensorType::get(
        {static_cast<int64_t>(bytes.size())}, IntegerType::get(context, 8));
    module->setAttr(tgc::gpu::kConstantPoolAttr,
                    DenseElementsAttr::getFromRawBuffer(
                        tensorType, ArrayRef<char>(bytes.data(), bytes.size())));
  }
};

struct LowerLaunches : tgc::gpu::impl::TgGpuLowerLaunchesBase<LowerLaunches> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(context);
    auto i32 = IntegerType::get(context, 32);
    auto i64 = IntegerType::get(context, 64);

    // The host reaches device memory only through the runtime: single
    // elements (predicates of loops and conditionals) are copied; anything
    // else is an error.
    bool failed = false;
    for (auto func : module.getOps<func::FuncOp>())
      func.walk([&](Operation *op) {
        if (isa<memref::CopyOp>(op)) {
          op->emitError("copies device buffers on the host; the CUDA target "
                        "cannot run this op yet");
          failed = true;
        }
        if (isa<memref::LoadOp, memref::StoreOp>(op)) {
          Type element = isa<memref::LoadOp>(op)
                             ? cast<memref::LoadOp>(op).getMemRefType()
                                   .getElementType()
                             : cast<memref::StoreOp>(op).getMemRefType()
                                   .getElementType();
          if (!element.isIntOrFloat()) {
            op->emitError("reads or writes a device buffer of ")
                << element << " on the host; the CUDA target cannot run "
                << "this op yet";
            failed = true;
          }
        }
      });
    if (failed)
      return signalPassFailure();

    // The runtime's functions.
    OpBuilder top(module.getBodyRegion());
    auto declare = [&](StringRef name, FunctionType type) {
      if (!module.lookupSymbol(name))
        top.create<func::FuncOp>(module.getLoc(), name, type).setPrivate();
    };
    declare(tgc::gpu::kLaunchFunction,
            FunctionType::get(
                context, {ptr, i32, i32, i32, i32, i32, i32, i32, i32, ptr},
                {i32}));
    auto copyType = FunctionType::get(context, {ptr, ptr, ptr, i64}, {i32});
    declare(tgc::gpu::kReadFunction, copyType);
    declare(tgc::gpu::kWriteFunction, copyType);

    llvm::MapVector<StringAttr, int32_t> kernels;
    SmallVector<func::FuncOp> functions;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal())
        functions.push_back(func);
    for (func::FuncOp func : functions) {
      func.insertArgument(func.getNumArguments(), ptr,
                          DictionaryAttr::get(context), func.getLoc());
      Value exec = func.getArguments().back();
      SmallVector<mlir::gpu::LaunchFuncOp> launches;
      func.walk([&](mlir::gpu::LaunchFuncOp launch) {
        launches.push_back(launch);
      });
      SmallVector<Operation *> accesses;
      func.walk([&](Operation *op) {
        if (isa<memref::LoadOp, memref::StoreOp>(op))
          accesses.push_back(op);
      });
      for (Operation *access : accesses)
        lowerAccess(access, exec, ptr, i64);
      for (mlir::gpu::LaunchFuncOp launch : launches) {
        if (launch.hasClusterSize() || launch.getAsyncToken() ||
            !launch.getAsyncDependencies().empty()) {
          launch.emitError("clusters and asynchronous launches are not "
                           "supported");
          return signalPassFailure();
        }
        StringAttr name = launch.getKernelName();
        int32_t index =
            kernels.insert({name, static_cast<int32_t>(kernels.size())})
                .first->second;
        lower(launch, index, exec, ptr, i32, i64);
      }
    }

    for (auto binary :
         llvm::make_early_inc_range(module.getOps<mlir::gpu::BinaryOp>()))
      binary.erase();
    for (auto kernelModule :
         llvm::make_early_inc_range(module.getOps<mlir::gpu::GPUModuleOp>()))
      kernelModule.erase();
    module->removeAttr(mlir::gpu::GPUDialect::getContainerModuleAttrName());
    SmallVector<Attribute> names;
    for (auto &entry : kernels)
      names.push_back(entry.first);
    module->setAttr(tgc::gpu::kKernelsAttr, ArrayAttr::get(context, names));
  }

  /// A load or store of one element of a device buffer on the host: the
  /// element's device address, a stack slot, and a synchronous copy
  /// through the runtime.
  void lowerAccess(Operation *access, Value exec, Type ptr, IntegerType i64) {
    OpBuilder b(access);
    Location loc = access->getLoc();
    auto load = dyn_cast<memref::LoadOp>(access);
    auto store = dyn_cast<memref::StoreOp>(access);
    Value memref = load ? load.getMemRef() : store.getMemRef();
    ValueRange indices = load ? load.getIndices() : store.getIndices();
    Type element = cast<MemRefType>(memref.getType()).getElementType();
    int64_t bytes = (element.getIntOrFloatBitWidth() + 7) / 8;

    auto metadata = b.create<memref::ExtractStridedMetadataOp>(loc, memref);
    Value linear = metadata.getOffset();
    for (auto [index, stride] : llvm::zip(indices, metadata.getStrides()))
      linear = b.create<arith::AddIOp>(
          loc, linear, b.create<arith::MulIOp>(loc, index, stride));
    Value address = b.create<arith::AddIOp>(
        loc, tgc::tg::alignedPointerWithShift(b, loc, memref),
        b.create<arith::MulIOp>(
            loc, linear, b.create<arith::ConstantIndexOp>(loc, bytes)));
    Value devicePtr = b.create<LLVM::IntToPtrOp>(
        loc, ptr, b.create<arith::IndexCastOp>(loc, i64, address));

    auto func = access->getParentOfType<func::FuncOp>();
    OpBuilder entry = OpBuilder::atBlockBegin(&func.getBody().front());
    Value one =
        entry.create<LLVM::ConstantOp>(loc, i64, entry.getI64IntegerAttr(1));
    Value slot = entry.create<LLVM::AllocaOp>(loc, ptr, element, one);
    Value size =
        b.create<LLVM::ConstantOp>(loc, i64, b.getI64IntegerAttr(bytes));
    if (load) {
      b.create<func::CallOp>(loc, tgc::gpu::kReadFunction,
                             TypeRange{b.getI32Type()},
                             ValueRange{exec, slot, devicePtr, size});
      Value value = b.create<LLVM::LoadOp>(loc, element, slot);
      load.replaceAllUsesWith(value);
    } else {
      b.create<LLVM::StoreOp>(loc, store.getValueToStore(), slot);
      b.create<func::CallOp>(loc, tgc::gpu::kWriteFunction,
                             TypeRange{b.getI32Type()},
                             ValueRange{exec, devicePtr, slot, size});
    }
    access->erase();
  }

  /// The parameters as the kernel's LLVM signature has them, each stored
  /// in a stack slot; a NULL-terminated array of the slots' addresses; the
  /// call.
  void lower(mlir::gpu::LaunchFuncOp launch, int32_t index, Value exec,
             Type ptr, IntegerType i32, IntegerType i64) {
    OpBuilder b(launch);
    Location loc = launch.getLoc();
    SmallVector<Value> params;
    auto asI64 = [&](Value index) -> Value {
      return b.create<arith::IndexCastOp>(loc, i64, index);
    };
    for (Value operand : launch.getKernelOperands()) {
      Type type = operand.getType();
      if (auto memref = dyn_cast<MemRefType>(type)) {
        auto metadata =
            b.create<memref::ExtractStridedMetadataOp>(loc, operand);
        // (With a planned buffer's or a pooled constant's byte shift.)
        Value aligned = b.create<LLVM::IntToPtrOp>(
            loc, ptr,
            asI64(tgc::tg::alignedPointerWithShift(b, loc, operand)));
        // The kernels never free: the allocated pointer is the aligned one.
        params.push_back(aligned);
        params.push_back(aligned);
        params.push_back(asI64(metadata.getOffset()));
        for (Value size : metadata.getSizes())
          params.push_back(asI64(size));
        for (Value stride : metadata.getStrides())
          params.push_back(asI64(stride));
      } else if (type.isIndex()) {
        params.push_back(asI64(operand));
      } else if (type.isInteger(1)) {
        // The driver copies the parameter's declared size from the slot;
        // a widened bool has the same first byte.
        params.push_back(b.create<arith::ExtUIOp>(loc, i32, operand));
      } else {
        params.push_back(operand);
      }
    }

    // Stack slots at the function's entry, so that loops do not grow the
    // stack.
    auto func = launch->getParentOfType<func::FuncOp>();
    OpBuilder entry = OpBuilder::atBlockBegin(&func.getBody().front());
    Value one = entry.create<LLVM::ConstantOp>(loc, i64,
                                               entry.getI64IntegerAttr(1));
    // One more slot, NULL: cuLaunchKernel reads as many as the kernel
    // declares, the terminator lets a checking driver (the tests' fake)
    // verify the count.
    Value count = entry.create<LLVM::ConstantOp>(
        loc, i64, entry.getI64IntegerAttr(params.size() + 1));
    Value array = entry.create<LLVM::AllocaOp>(loc, ptr, ptr, count);
    for (auto [i, param] : llvm::enumerate(params)) {
      Value slot =
          entry.create<LLVM::AllocaOp>(loc, ptr, param.getType(), one);
      b.create<LLVM::StoreOp>(loc, param, slot);
      Value address = b.create<LLVM::GEPOp>(
          loc, ptr, ptr, array, ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
      b.create<LLVM::StoreOp>(loc, slot, address);
    }
    Value end = b.create<LLVM::GEPOp>(
        loc, ptr, ptr, array,
        ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(params.size())});
    b.create<LLVM::StoreOp>(loc, b.create<LLVM::ZeroOp>(loc, ptr), end);

    auto asI32 = [&](Value value) -> Value {
      return b.create<arith::IndexCastOp>(loc, i32, value);
    };
    Value shared = launch.getDynamicSharedMemorySize();
    if (!shared)
      shared = b.create<arith::ConstantIntOp>(loc, 0, i32);
    SmallVector<Value> args = {
        exec,
        b.create<arith::ConstantIntOp>(loc, index, i32),
        asI32(launch.getGridSizeX()),
        asI32(launch.getGridSizeY()),
        asI32(launch.getGridSizeZ()),
        asI32(launch.getBlockSizeX()),
        asI32(launch.getBlockSizeY()),
        asI32(launch.getBlockSizeZ()),
        shared,
        array};
    b.create<func::CallOp>(loc, tgc::gpu::kLaunchFunction, TypeRange{i32},
                           args);
    launch.erase();
  }
};

} // namespace


//===- Matmul.cpp - Matrix products as tiled shared-memory kernels --------===//
//
// A linalg.matmul (also with A or B transposed; convolutions reach here as
// im2col products) on f32 or f64 buffers becomes one gpu.launch:
//
//   block  16 x 16 threads, computing a 64 x 64 tile of C; thread (tx, ty)
//          owns the 4 x 4 elements C[m0 + ty + 16i][n0 + tx + 16j], so
//          neighbouring threads store neighbouring columns
//   loop   over K in steps of 16: the block stages a 64 x 16 tile of A and
//          a 16 x 64 tile of B in shared memory (each thread loads 4 + 4
//          elements, in the order that makes global reads contiguous for
//          the operand's layout; rows padded to 65 against bank
//          conflicts; zeros outside the matrices), synchronises, and each
//          thread accumulates its 16 sums from shared memory with fused
//          multiply-adds
//   grid   ceil(M / 64) x ceil(N / 64)
//
// Each sum starts from C's value and adds the products in order of k, as
// linalg's definition reads (so a product after a zero fill is the ordered
// sum the convolutions' tg.ordered_sum asks for). The loads and stores are
// memref ops, so any strided layout of the operands works.
//
// Written here rather than with upstream's transform-dialect tiling and
// promotion: that path needs a schedule per shape and does not produce the
// register tile; a fixed kernel with boundary guards covers every shape.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/GPU/Passes.h"
#include "tgc/Target/GPU/Pipeline.h"

#include "tgc/Target/Common/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace tgc::gpu {
#define GEN_PASS_DEF_TGGPUTILEDMATMUL
#include "tgc/Target/GPU/Passes.h.inc"
} // namespace tgc::gpu

namespace {

constexpr int64_t kThreads = 16; // per block dimension
constexpr int64_t kPerThread = 4; // outputs per thread and dimension
constexpr int64_t kTile = kThreads * kPerThread; // 64
constexpr int64_t kDepth = 16; // K per shared-memory stage
constexpr int64_t kPad = 1;

struct Builder {
  OpBuilder &b;
  Location loc;
  Value index(int64_t v) { return b.create<arith::ConstantIndexOp>(loc, v); }
  Value add(Value x, Value y) { return b.create<arith::AddIOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulIOp>(loc, x, y); }
  Value div(Value x, int64_t y) {
    return b.create<arith::DivUIOp>(loc, x, index(y));
  }
  Value rem(Value x, int64_t y) {
    return b.create<arith::RemUIOp>(loc, x, index(y));
  }
  Value less(Value x, Value y) {
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, x, y);
  }
  Value both(Value x, Value y) { return b.create<arith::AndIOp>(loc, x, y); }
  Value dim(Value memref, int64_t d) {
    return b.create<memref::DimOp>(loc, memref, d);
  }
  /// `memref[i][j]` when `inside`, else zero.
  Value guardedLoad(Value inside, Value memref, Value i, Value j,
                    Type element) {
    auto branch = b.create<scf::IfOp>(
        loc, inside,
        [&](OpBuilder &then, Location l) {
          Value v = then.create<memref::LoadOp>(l, memref, ValueRange{i, j});
          then.create<scf::YieldOp>(l, v);
        },
        [&](OpBuilder &otherwise, Location l) {
          Value zero = otherwise.create<arith::ConstantOp>(
              l, element, otherwise.getFloatAttr(element, 0.0));
          otherwise.create<scf::YieldOp>(l, zero);
        });
    return branch.getResult(0);
  }
};

LogicalResult rewrite(linalg::LinalgOp op, bool transposeA, bool transposeB) {
  if (!op.hasPureBufferSemantics())
    return failure();
  Value a = op.getDpsInputs()[0], bMat = op.getDpsInputs()[1];
  Value c = op.getDpsInits()[0];
  Type element = cast<MemRefType>(c.getType()).getElementType();
  if (!element.isF32() && !element.isF64())
    return failure();
  for (Value operand : {a, bMat})
    if (cast<MemRefType>(operand.getType()).getElementType() != element)
      return failure();

  OpBuilder b(op);
  Location loc = op.getLoc();
  Builder h{b, loc};
  Value m = h.dim(c, 0), n = h.dim(c, 1);
  Value k = h.dim(a, transposeA ? 0 : 1);
  auto blocks = [&](Value size) {
    return h.div(h.add(size, h.index(kTile - 1)), kTile);
  };
  Value one = h.index(1);
  // Rows on the grid's x dimension (up to 2^31 - 1 blocks; y allows only
  // 65535): an im2col product has M = batch x output pixels.
  auto launch = b.create<mlir::gpu::LaunchOp>(
      loc, blocks(m), blocks(n), one, h.index(kThreads), h.index(kThreads),
      one);
  auto shared = gpu::AddressSpaceAttr::get(b.getContext(),
                                           gpu::AddressSpace::Workgroup);
  auto tileType = MemRefType::get({kDepth, kTile + kPad}, element,
                                  MemRefLayoutAttrInterface{}, shared);
  Value tileA = launch.addWorkgroupAttribution(tileType, loc);
  Value tileB = launch.addWorkgroupAttribution(tileType, loc);

  Block &body = launch.getBody().front();
  b.setInsertionPointToStart(&body);
  Value tx = launch.getThreadIds().x, ty = launch.getThreadIds().y;
  Value m0 = h.mul(launch.getBlockIds().x, h.index(kTile));
  Value n0 = h.mul(launch.getBlockIds().y, h.index(kTile));
  Value tid = h.add(h.mul(ty, h.index(kThreads)), tx);

  // This thread's outputs: rows m0 + ty + 16i, columns n0 + tx + 16j.
  SmallVector<Value> rows, cols, rowIn, colIn;
  for (int64_t i = 0; i < kPerThread; ++i) {
    rows.push_back(h.add(m0, h.add(ty, h.index(kThreads * i))));
    rowIn.push_back(h.less(rows.back(), m));
    cols.push_back(h.add(n0, h.add(tx, h.index(kThreads * i))));
    colIn.push_back(h.less(cols.back(), n));
  }
  SmallVector<Value> initial;
  for (int64_t i = 0; i < kPerThread; ++i)
    for (int64_t j = 0; j < kPerThread; ++j)
      initial.push_back(h.guardedLoad(h.both(rowIn[i], colIn[j]), c, rows[i],
                                      cols[j], element));

  auto stages = b.create<scf::ForOp>(
      loc, h.index(0), k, h.index(kDepth), initial,
      [&](OpBuilder &fb, Location l, Value k0, ValueRange sums) {
        Builder f{fb, l};
        // Stage the tiles: element e = tid + 256r of each.
        constexpr int64_t kBlock = kThreads * kThreads;
        // Element (p, kk) of a 64 x 16 slice of an operand (p along M for
        // A, along N for B) goes to tile[kk][p]. Consecutive threads take
        // consecutive elements of the operand's rows: along k when K is
        // its column dimension (A as M x K, B stored transposed as N x K),
        // else along p.
        auto stage = [&](Value operand, Value tile, bool kInner, Value base,
                         Value extent) {
          for (int64_t r = 0; r < kTile * kDepth / kBlock; ++r) {
            Value e = f.add(tid, f.index(kBlock * r));
            Value p = kInner ? f.div(e, kDepth) : f.rem(e, kTile);
            Value kk = kInner ? f.rem(e, kDepth) : f.div(e, kTile);
            Value gp = f.add(base, p), gk = f.add(k0, kk);
            Value inside = f.both(f.less(gp, extent), f.less(gk, k));
            Value v = kInner ? f.guardedLoad(inside, operand, gp, gk, element)
                             : f.guardedLoad(inside, operand, gk, gp, element);
            fb.create<memref::StoreOp>(l, v, tile, ValueRange{kk, p});
          }
        };
        stage(a, tileA, /*kInner=*/!transposeA, m0, m);
        stage(bMat, tileB, /*kInner=*/transposeB, n0, n);
        fb.create<mlir::gpu::BarrierOp>(l);
        // Zeros past K add nothing, so every stage runs all 16 steps.
        auto inner = fb.create<scf::ForOp>(
            l, f.index(0), f.index(kDepth), f.index(1), sums,
            [&](OpBuilder &ib, Location il, Value kk, ValueRange acc) {
              Builder g{ib, il};
              SmallVector<Value> av, bv, next;
              for (int64_t i = 0; i < kPerThread; ++i) {
                av.push_back(ib.create<memref::LoadOp>(
                    il, tileA,
                    ValueRange{kk, g.add(ty, g.index(kThreads * i))}));
                bv.push_back(ib.create<memref::LoadOp>(
                    il, tileB,
                    ValueRange{kk, g.add(tx, g.index(kThreads * i))}));
              }
              for (int64_t i = 0; i < kPerThread; ++i)
                for (int64_t j = 0; j < kPerThread; ++j)
                  next.push_back(ib.create<math::FmaOp>(
                      il, av[i], bv[j], acc[i * kPerThread + j]));
              ib.create<scf::YieldOp>(il, next);
            });
        fb.create<mlir::gpu::BarrierOp>(l);
        fb.create<scf::YieldOp>(l, inner.getResults());
      });

  for (int64_t i = 0; i < kPerThread; ++i)
    for (int64_t j = 0; j < kPerThread; ++j) {
      Value inside = h.both(rowIn[i], colIn[j]);
      Value sum = stages.getResult(i * kPerThread + j);
      auto store = b.create<scf::IfOp>(loc, inside, /*withElse=*/false);
      OpBuilder then = store.getThenBodyBuilder();
      then.create<memref::StoreOp>(loc, sum, c, ValueRange{rows[i], cols[j]});
    }
  b.create<mlir::gpu::TerminatorOp>(loc);
  op->erase();
  return success();
}

struct TiledMatmul : tgc::gpu::impl::TgGpuTiledMatmulBase<TiledMatmul> {
  void runOnOperation() override {
    // Other element types stay linalg ops (one thread per output).
    for (const tgc::tg::MatmulOp &matmul : tgc::tg::matmulsIn(getOperation()))
      (void)rewrite(matmul.op, matmul.transposeA, matmul.transposeB);
  }
};

} // namespace


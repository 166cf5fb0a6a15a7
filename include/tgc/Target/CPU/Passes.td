//===- Passes.td - Passes of the CPU code generator -----------*- tablegen -*-===//

#ifndef TGC_TARGET_CPU_PASSES_TD
#define TGC_TARGET_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def TgFuseElementwise : Pass<"tg-fuse-elementwise", "mlir::ModuleOp"> {
  let summary = "fuse elementwise linalg.generic chains, keeping named ops";
  let description = [{
    linalg's elementwise fusion (producer into consumer) and reshape
    propagation by expansion, restricted to `linalg.generic` ops: a named
    op (`linalg.matmul`, a convolution, a pooling) is never rewritten into a
    generic, so that later passes still recognise it (`tg-gemm-to-runtime`
    calls the tuned GEMM for `linalg.matmul`). Upstream's
    `-linalg-fuse-elementwise-ops` expands a matmul followed by a reshape
    into a generic contraction, which then lowers to scalar loops.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::affine::AffineDialect"];
}

def TgHoistScalarInputs : Pass<"tg-hoist-scalar-inputs", "mlir::ModuleOp"> {
  let summary = "read rank-0 inputs of linalg.generic ops once, before the loop";
  let description = [{
    A rank-0 tensor input of a generic (a scalar computed at run time, such
    as Adam's step size) is extracted before it (`tensor.extract`) and used
    in its body as a value. Read inside the loop it is a load that may alias
    the loop's stores as far as LLVM can tell (all buffers are views of one
    arena), and LLVM then does not vectorize the loop. CPU only: on a GPU
    the extraction would be a host read of device memory.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def TgPadsInPlace : Pass<"tg-pads-in-place", "mlir::ModuleOp"> {
  let summary = "let producers write into the interior of the padded tensors they feed";
  let description = [{
    A `tensor.pad` with a constant value becomes a `linalg.fill` of a new
    tensor and a `tensor.insert_slice` of the padded value into its
    interior (upstream's GeneralizePadOpPattern); then upstream's
    `eliminate-empty-tensors` replaces the `tensor.empty` that the padded
    value's producer writes into by the interior slice, so that after
    bufferization the producer (the epilogue of the previous layer) writes
    directly into the padded buffer. Bufferized as it is, a pad is a new
    buffer, a fill and a copy of the whole tensor (before every padded
    convolution and pooling of a network). CPU only.

    Also gives each user of a `linalg.fill` on tensors its own fill: CSE
    merges equal fills (the zero accumulators of same-shaped matrix
    products), and one fill with several users bufferizes to a buffer
    filled once and copied for every other user -- whose product then no
    longer starts visibly from zero (`tg-gemm-to-runtime` drops a fill of
    zeros just before a product).

    ```mlir
    %y = linalg.generic ... outs(%empty : tensor<1x8x8x4xf32>)
    %p = tensor.pad %y low[0, 1, 1, 0] high[0, 1, 1, 0] { tensor.yield %zero }
    // becomes
    %f = linalg.fill ins(%zero) outs(%e2 : tensor<1x10x10x4xf32>)
    %s = tensor.extract_slice %f[0, 1, 1, 0] [1, 8, 8, 4] [1, 1, 1, 1]
    %y = linalg.generic ... outs(%s : tensor<1x8x8x4xf32>)
    %p = tensor.insert_slice %y into %f[0, 1, 1, 0] [1, 8, 8, 4] [1, 1, 1, 1]
    ```
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::bufferization::BufferizationDialect"];
}

def TgVectorizableExp : Pass<"tg-vectorizable-exp", "mlir::ModuleOp"> {
  let summary = "replace f32 math.exp by upstream's polynomial approximation, which LLVM vectorises";
  let description = [{
    `math.exp` on f32 lowers to a call of libm's `expf`, one element at a
    time: in a network with Swish or Sigmoid activations (EfficientNet) the
    calls cost more than all its convolutions. This pass rewrites each f32
    `math.exp` (scalar or vector) with upstream's polynomial approximation
    (range reduction to [-ln2/2, ln2/2], a polynomial, and a scaling by a
    power of two built from the exponent bits: within 5 ulps of the exact
    value where the result is a normal float, zero where it would be
    subnormal (x < -87.34), inf, 0 and NaN where `expf` gives them; test
    tgc/exp-accuracy.test), made of arithmetic the loop vectoriser
    handles. Other math functions are left
    alone (upstream's pattern set rewrites them all; here only `math.exp`
    is illegal for the conversion driver). CPU only.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::vector::VectorDialect"];
}

def TgAssertToRuntime : Pass<"tg-assert-to-runtime", "mlir::ModuleOp"> {
  let summary = "a failed assertion calls tgrt_assert_failed and returns from the entry";
  let description = [{
    Rewrites each `cf.assert` (a lowered `tg.assert`) in the body of a
    function without results into a conditional branch: on failure the
    function calls `tgrt_assert_failed(message)` (the message a private
    constant string) and returns, so nothing after the assertion runs and
    the runtime ends the run with an error status carrying the message.
    Upstream's lowering of `cf.assert` would abort the process. Runs after
    `scf` is lowered to `cf` (every assertion is then in the function's
    body) and before `func` and `cf` become LLVM.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect", "mlir::cf::ControlFlowDialect",
                           "mlir::func::FuncDialect"];
}

def TgGemmToRuntime : Pass<"tg-gemm-to-runtime", "mlir::ModuleOp"> {
  let summary = "call tgrt's tuned GEMM for f32/f64 matmuls on memrefs";
  let description = [{
    Replaces `linalg.matmul`, `linalg.matmul_transpose_a` and
    `linalg.matmul_transpose_b` on buffers with unit inner stride by calls
    to `tgrt_gemm_f32` / `tgrt_gemm_f64`. A zero `linalg.fill` of the output
    right before the product is folded into the call.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect", "mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect", "mlir::memref::MemRefDialect"];
}

def TgContiguousInnerLoop : Pass<"tg-contiguous-inner-loop", "mlir::ModuleOp"> {
  let summary = "in reductions on buffers, run the output's contiguous dimension innermost";
  let description = [{
    A `linalg.generic` lowers to loops in the order of its iterators, and
    a contraction lists its reduction dimensions last: the innermost loop
    is then a dot product, a chain of dependent floating-point additions
    that LLVM may not vectorise (it would reorder the sum). When the
    output's last, contiguous dimension is a parallel loop that every
    input either indexes last (contiguously) or not at all, this pass
    moves that loop innermost. Each output element still accumulates its
    reduction in the same order, so the results are bit-identical; but the
    innermost loop now runs along contiguous memory over independent
    outputs, which LLVM vectorises. Examples: a batched product
    `out[b, i, n] += x[b, i, k] * w[k, n]`, a depthwise convolution or a
    pooling window over channels-last data, a mean over H and W.
    Reductions along the contiguous dimension (a row sum) stay as they are.

    Example (iterators `[b, i, n, k]` become `[b, i, k, n]`):

    ```mlir
    linalg.generic {indexing_maps = [affine_map<(b, i, n, k) -> (b, i, k)>,
                                     affine_map<(b, i, n, k) -> (k, n)>,
                                     affine_map<(b, i, n, k) -> (b, i, n)>],
                    iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
    ```
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def TgOutlineKernels : Pass<"tg-outline-kernels", "mlir::ModuleOp"> {
  let summary = "move every linalg op on buffers into a function of its own, once per distinct body";
  let description = [{
    After the memory plan an entry function is a long sequence of linalg
    ops on views of the arena, the weights and the feeds. Lowered in place
    they become one enormous LLVM function, whose optimisation and code
    generation cost more than linearly in its size and cannot be shared
    between cores. This pass moves each linalg op on buffers into a private
    function (a kernel) that takes the buffers and scalars it uses as
    arguments, and replaces it with a call; constants the op uses are
    cloned into the kernel. Kernels whose body, types and attributes are
    identical (the repeated blocks of a network) are emitted once and
    called from every place that needs them. Kernels carry `tg.kernel` and
    are never inlined back (`passthrough = ["noinline"]`) and internal to
    the object (`llvm.linkage`).

    A buffer argument that provably shares no byte with the kernel's other
    buffers (another argument of the entry function, a global, or a view
    of one at constant offsets that do not overlap) is `llvm.noalias`, so
    that LLVM vectorises without run-time overlap checks; the flags are
    part of a kernel's identity.

    An op whose buffers have a dynamic shape, offset or stride stays where
    it is: kernels take bare pointers, which need a static layout.

    Example:

    ```mlir
    linalg.fill ins(%cst : f32) outs(%view : memref<4xf32>)
    // becomes
    call @kernel0(%view) : (memref<4xf32>) -> ()
    func.func private @kernel0(%arg0: memref<4xf32> {llvm.noalias})
        attributes {llvm.linkage = #llvm.linkage<internal>,
                    passthrough = ["noinline"], tg.kernel} {
      %cst = arith.constant 0.0 : f32
      linalg.fill ins(%cst : f32) outs(%arg0 : memref<4xf32>)
      return
    }
    ```
  }];
  let options = [
    Option<"prefix", "prefix", "std::string", /*default=*/"\"kernel\"",
           "name of the kernels: PREFIX0, PREFIX1, ...">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect"];
}

def TgParallelKernels : Pass<"tg-parallel-kernels", "mlir::ModuleOp"> {
  let summary = "split the outer parallel loop of large kernels into ranges for tgrt's thread pool";
  let description = [{
    Runs on the kernels of tg-outline-kernels (functions marked
    `tg.kernel` holding one linalg op on buffers). A kernel whose estimated
    cost (iterations times the operations of its body and its operands)
    reaches `min-cost`, and whose first loop of extent above 1 is a
    parallel one with only unit loops before it, is tiled by one along that
    loop; the kernel gains two `index` arguments, the range [begin, end) of
    that loop it computes, and is marked `tg.parallel_extent` (the loop's
    extent) and `tg.parallel_cost`. Its calls pass the whole range.
    Iterations of a parallel loop write disjoint outputs and each output is
    computed exactly as before, so results do not change.

    After conversion to the LLVM dialect, tg-parallel-kernel-calls turns
    each call of such a kernel into a call of the runtime's
    `tgrt_parallel_for(task, context, extent, cost)`, which runs the ranges
    on the kernel thread pool (or the whole range inline when one thread is
    enough for the cost). Kernels below `min-cost` stay as they are.

    Example (with `min-cost=1`):

    ```mlir
    func.func private @kernel0(%a: memref<64x8xf32>) attributes {tg.kernel} {
      linalg.fill ins(%cst : f32) outs(%a : memref<64x8xf32>)
      return
    }
    // becomes
    func.func private @kernel0(%a: memref<64x8xf32>, %begin: index,
                               %end: index)
        attributes {tg.kernel, tg.parallel_cost = 1024 : i64,
                    tg.parallel_extent = 64 : i64} {
      scf.for %i = %begin to %end step %c1 {
        %row = memref.subview %a[%i, 0] [1, 8] [1, 1] : ...
        linalg.fill ins(%cst : f32) outs(%row : ...)
      }
      return
    }
    ```
  }];
  let options = [
    Option<"minCost", "min-cost", "int64_t", /*default=*/"32768",
           "kernels estimated to cost less stay serial">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def TgParallelKernelCalls : Pass<"tg-parallel-kernel-calls", "mlir::ModuleOp"> {
  let summary = "call kernels split by tg-parallel-kernels through tgrt_parallel_for";
  let description = [{
    On the LLVM dialect: every call of a kernel marked
    `tg.parallel_extent` becomes a call of `tgrt_parallel_for(task, ctx,
    extent, cost)`. `ctx` points at a stack slot (allocated once in the
    caller's entry block) holding the call's other arguments, and `task`
    is a new internal function `KERNEL_task(ctx, begin, end)` that reads
    them back and calls the kernel on the range [begin, end).
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // TGC_TARGET_CPU_PASSES_TD

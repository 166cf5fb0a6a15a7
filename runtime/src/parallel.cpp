//===- parallel.cpp - Parallel loops of compiled kernels ------------------===//
//
// tgrt_parallel_for runs the ranges of a kernel's outer parallel loop on
// the OpenMP thread pool the GEMMs use, so one pool serves every kernel and
// tgrt_set_num_threads governs them all. Without OpenMP it runs the loop
// inline.
//
//===----------------------------------------------------------------------===//

#include "tgrt/kernels.h"

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

extern "C" void TGRT_FN_PARALLEL_FOR(tgrt_parallel_task task, void *ctx,
                                     int64_t n, int64_t cost) {
  if (n <= 0)
    return;
#ifdef _OPENMP
  // No nested teams: a loop reached from inside a parallel region (another
  // kernel's task, or the application's own OpenMP code) runs inline.
  const int team = omp_in_parallel() ? 1 : tgrt_get_num_threads();
  int64_t threads = std::min<int64_t>(team, n);
  threads = std::min<int64_t>(threads, cost / TGRT_PARALLEL_MIN_COST);
  if (threads > 1) {
    // Always a team of the configured size (libomp allocates memory when a
    // team changes size): the first `threads` threads take the ranges, the
    // others go straight to the barrier.
#pragma omp parallel num_threads(team)
    {
      // Contiguous ranges of nearly equal size, in thread order.
      const int64_t used = std::min<int64_t>(threads, omp_get_num_threads());
      const int64_t id = omp_get_thread_num();
      if (id < used) {
        const int64_t begin = n * id / used, end = n * (id + 1) / used;
        if (begin < end)
          task(ctx, begin, end);
      }
    }
    return;
  }
#endif
  (void)cost;
  task(ctx, 0, n);
}

//===- ptx_emulator.h - Runs PTX kernels on the CPU, for tests --*- C++ -*-===//
//
// An interpreter for the subset of PTX that LLVM's NVPTX backend emits for
// tgc's kernels: integer, f32 and f64 arithmetic, comparisons and
// predicates, conversions, loads and stores (global, shared, param),
// branches and bar.sync. The fake CUDA driver uses it (FAKE_CUDA_EMULATE=1)
// so that compiled CUDA models run, slowly but exactly, on machines
// without a GPU: every thread of a block runs until it reaches a barrier or
// returns, then the barrier opens. "Device" addresses are host addresses.
//
// Not a general PTX implementation: an instruction outside the subset is a
// load error naming it, so a test fails instead of computing nonsense.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_TEST_PTX_EMULATOR_H
#define TGRT_TEST_PTX_EMULATOR_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ptxemu {

struct Kernel;

/// A parsed PTX module.
class Module {
public:
  /// Parses `ptx`; on failure returns null and sets `error`.
  static std::unique_ptr<Module> parse(const std::string &ptx,
                                       std::string &error);
  ~Module();

  /// The kernel named `name`, or null.
  const Kernel *kernel(const std::string &name) const;
  /// The sizes in bytes of the kernel's parameters.
  static std::vector<unsigned> paramBytes(const Kernel *kernel);

  /// Runs the grid; `params` as cuLaunchKernel takes them. Returns an
  /// empty string or what went wrong.
  static std::string launch(const Kernel *kernel, const unsigned grid[3],
                            const unsigned block[3], void **params);

private:
  Module() = default;
  std::vector<std::unique_ptr<Kernel>> kernels;
};

} // namespace ptxemu

#endif // TGRT_TEST_PTX_EMULATOR_H

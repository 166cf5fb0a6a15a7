//===- fuzz_config.cpp - libFuzzer target: tf2xla.Config reader -----------===//
//
// The input is a tf2xla.Config text proto. readTf2xlaConfig takes a path,
// so the input is written to a memfd (a /tmp file where memfd_create is
// missing) and read through /proc/self/fd/N. A config that reads is then
// used to import a fixed graph, seeds/graphdef/mlp_vars.pbtxt (placeholders,
// an MLP, VariableV2 and VarHandleOp variables, assignments, IdentityN), so
// feeds, fetches and variables meet a real graph.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace {

/// A file that holds the current input, and its path.
struct InputFile {
  int fd = -1;
  std::string path;

  InputFile() {
#ifdef MFD_CLOEXEC
    fd = memfd_create("tgc-fuzz-config", MFD_CLOEXEC);
    if (fd >= 0)
      path = "/proc/self/fd/" + std::to_string(fd);
#endif
    if (fd < 0) {
      path = "/tmp/tgc-fuzz-config-" + std::to_string(getpid()) + ".pbtxt";
      fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0) {
        perror(path.c_str());
        abort();
      }
      unlink(path.c_str()); // gone at exit; /proc/self/fd keeps it readable
      path = "/proc/self/fd/" + std::to_string(fd);
    }
  }

  void write(const uint8_t *data, size_t size) {
    if (ftruncate(fd, 0) != 0) {
      perror("ftruncate");
      abort();
    }
    size_t done = 0;
    while (done < size) {
      ssize_t n = pwrite(fd, data + done, size - done, done);
      if (n <= 0) {
        perror("pwrite");
        abort();
      }
      done += size_t(n);
    }
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static InputFile file;
  static const std::string graph =
      tgc::fuzz::readSeedFile("graphdef/mlp_vars.pbtxt");

  file.write(data, size);
  tgc::ImportOptions options;
  if (std::optional<std::string> error =
          tgc::readTf2xlaConfig(file.path, options)) {
    if (tgc::fuzz::verbose())
      llvm::errs() << "config rejected: " << *error << "\n";
    return 0;
  }
  tgc::fuzz::FuzzContext fuzz;
  mlir::OwningOpRef<mlir::ModuleOp> module = tgc::importGraphBuffer(
      fuzz.context, graph, "text", "mlp_vars.pbtxt", options);
  tgc::fuzz::report("config", module);
  return 0;
}

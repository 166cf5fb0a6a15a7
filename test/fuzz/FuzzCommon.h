//===- FuzzCommon.h - Shared pieces of tgc's libFuzzer harnesses -*- C++ -*-===//
//
// Every input gets a fresh MLIRContext (no threads, no state carried from
// one input to the next, so a reproducer replays alone). Diagnostics are
// swallowed; with TGC_FUZZ_VERBOSE=1 in the environment they are printed
// with the outcome and the imported module, to check seeds by hand:
//
//   TGC_FUZZ_VERBOSE=1 tgc-fuzz-graphdef test/fuzz/seeds/graphdef/mlp.pb
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TEST_FUZZ_FUZZCOMMON_H
#define TGC_TEST_FUZZ_FUZZCOMMON_H

#include "tgc/Frontend/Import.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <google/protobuf/stubs/logging.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace tgc::fuzz {

inline bool verbose() {
  static const bool value = [] {
    const char *env = std::getenv("TGC_FUZZ_VERBOSE");
    return env && *env && std::string(env) != "0";
  }();
  return value;
}

/// protobuf logs an ERROR line to stderr for each string field with invalid
/// UTF-8 (and the like): keep only its fatal messages (CHECK failures,
/// which abort and are findings) unless in verbose mode.
inline void protobufLog(google::protobuf::LogLevel level, const char *file,
                        int line, const std::string &message) {
  if (level == google::protobuf::LOGLEVEL_FATAL || verbose())
    llvm::errs() << "[libprotobuf " << file << ":" << line << "] " << message
                 << "\n";
}
inline const bool protobufLogInstalled =
    (google::protobuf::SetLogHandler(protobufLog), true);

/// A context for one input, with a handler that swallows diagnostics (or
/// prints them in verbose mode).
class FuzzContext {
public:
  FuzzContext()
      : context(mlir::MLIRContext::Threading::DISABLED),
        handler(&context, [](mlir::Diagnostic &diag) {
          if (verbose())
            llvm::errs() << "diagnostic: " << diag << "\n";
          return mlir::success();
        }) {}

  mlir::MLIRContext context;

private:
  mlir::ScopedDiagnosticHandler handler;
};

/// In verbose mode, says how an import went (and prints the module).
inline void report(llvm::StringRef what,
                   const mlir::OwningOpRef<mlir::ModuleOp> &module) {
  if (!verbose())
    return;
  llvm::errs() << what << ": " << (module ? "imported" : "import failed")
               << "\n";
  if (mlir::ModuleOp op = module.get())
    op.print(llvm::errs());
}

/// The directory of the seeds (set at compile time; TGC_FUZZ_SEEDS_DIR in
/// the environment overrides it).
inline std::string seedsDir() {
  if (const char *env = std::getenv("TGC_FUZZ_SEEDS_DIR"); env && *env)
    return env;
  return TGC_FUZZ_DEFAULT_SEEDS_DIR;
}

/// The text of a file of the seeds directory (`relative` to it); aborts
/// when it cannot be read: a harness without its fixed input is broken.
inline std::string readSeedFile(llvm::StringRef relative) {
  std::string path = seedsDir() + "/" + relative.str();
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    llvm::errs() << "cannot read the fuzzer's input '" << path
                 << "': " << buffer.getError().message() << "\n";
    abort();
  }
  return (*buffer)->getBuffer().str();
}

/// A per-process scratch directory (in /dev/shm where it can be, else
/// /tmp) for the files a reader takes by path; it goes at exit.
class ScratchDir {
public:
  explicit ScratchDir(llvm::StringRef tag) {
    std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    dir = base + "/tgc-fuzz-" + tag.str() + "-" + std::to_string(getpid());
    llvm::sys::fs::remove_directories(dir); // a stale one of a reused pid
    if (std::error_code ec = llvm::sys::fs::create_directory(dir)) {
      llvm::errs() << "cannot create '" << dir << "': " << ec.message()
                   << "\n";
      abort();
    }
    static std::vector<std::string> toRemove;
    if (toRemove.empty())
      std::atexit([] {
        for (const std::string &d : toRemove)
          llvm::sys::fs::remove_directories(d);
      });
    toRemove.push_back(dir);
  }

  /// The path of `name` (which may contain '/') inside the directory.
  std::string path(llvm::StringRef name) const {
    return dir + "/" + name.str();
  }

  /// Creates the subdirectory `name`.
  void mkdir(llvm::StringRef name) const {
    if (std::error_code ec = llvm::sys::fs::create_directories(path(name))) {
      llvm::errs() << "cannot create '" << path(name) << "': " << ec.message()
                   << "\n";
      abort();
    }
  }

  /// Writes `bytes` to `name` (replacing what was there).
  void write(llvm::StringRef name, llvm::StringRef bytes) const {
    std::string file = path(name);
    int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      perror(file.c_str());
      abort();
    }
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) {
        perror("write");
        abort();
      }
      done += size_t(n);
    }
    close(fd);
  }

  const std::string &root() const { return dir; }

private:
  std::string dir;
};

/// Splits an input that stands for several files into `count` parts: each
/// part but the last is preceded by its length (4 bytes, little-endian;
/// clamped to what is left), the last part is the rest. make_seeds.py
/// writes seeds in this layout.
inline std::vector<llvm::StringRef> splitParts(const uint8_t *data,
                                               size_t size, unsigned count) {
  std::vector<llvm::StringRef> parts;
  llvm::StringRef rest(reinterpret_cast<const char *>(data), size);
  for (unsigned i = 0; i + 1 < count; ++i) {
    uint32_t length = 0;
    for (unsigned b = 0; b < 4 && b < rest.size(); ++b)
      length |= uint32_t(uint8_t(rest[b])) << (8 * b);
    rest = rest.drop_front(std::min<size_t>(4, rest.size()));
    parts.push_back(rest.take_front(length));
    rest = rest.drop_front(std::min<size_t>(length, rest.size()));
  }
  parts.push_back(rest);
  return parts;
}

} // namespace tgc::fuzz

#endif

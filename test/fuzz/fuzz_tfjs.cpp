//===- fuzz_tfjs.cpp - libFuzzer target: TF.js model.json reader ----------===//
//
// The input is a model.json, imported exactly as `tgc model.json` imports
// it (importGraphFile: readTfjsModel, the weight shards, function
// inlining, the signature's feeds, fetches and shape hints). The input is
// written to model.json in a per-process directory (in /dev/shm where it
// can be) beside links to every file of seeds/tfjs, so the manifests of
// the inputs can name the seeds' shards. The directory goes at exit.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

namespace {

/// The model's directory: model.json and links to the seeds' shards.
struct ModelDir {
  std::string dir, path;

  ModelDir() {
    std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    dir = base + "/tgc-fuzz-tfjs-" + std::to_string(getpid());
    llvm::sys::fs::remove_directories(dir); // a stale one of a reused pid
    if (std::error_code ec = llvm::sys::fs::create_directory(dir)) {
      llvm::errs() << "cannot create '" << dir << "': " << ec.message()
                   << "\n";
      abort();
    }
    std::string seeds = tgc::fuzz::seedsDir() + "/tfjs";
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(seeds, ec), end;
         !ec && it != end; it.increment(ec)) {
      llvm::StringRef name = llvm::sys::path::filename(it->path());
      if (name == "model.json")
        continue;
      llvm::SmallString<256> target;
      llvm::sys::fs::real_path(it->path(), target);
      symlink(target.c_str(), (dir + "/" + name.str()).c_str());
    }
    path = dir + "/model.json";
    static std::string toRemove = dir;
    std::atexit([] { llvm::sys::fs::remove_directories(toRemove); });
  }

  void write(const uint8_t *data, size_t size) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                  0600);
    if (fd < 0) {
      perror(path.c_str());
      abort();
    }
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::write(fd, data + done, size - done);
      if (n <= 0) {
        perror("write");
        abort();
      }
      done += size_t(n);
    }
    close(fd);
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static ModelDir model;
  model.write(data, size);
  tgc::fuzz::FuzzContext fuzz;
  tgc::ImportOptions options;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      tgc::importGraphFile(fuzz.context, model.path, options);
  tgc::fuzz::report("tfjs", module);
  return 0;
}

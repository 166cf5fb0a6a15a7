//===- Output.cpp - Files a compilation writes ----------------------------===//
//
// Dumps of every stage, outputs that are never left half-written (written
// beside the file and renamed over it), the generated header and the link
// of a shared library.
//
//===----------------------------------------------------------------------===//

#include "Compilation.h"

#include "tgc/Target/Common/Signature.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Error.h"

using namespace mlir;
using namespace tgc;
using namespace tgc::driver;

bool Compilation::error(const llvm::Twine &message) {
  errs << "tgc: error: " << message << "\n";
  return false;
}

std::string Compilation::stem() const {
  return llvm::sys::path::stem(options.input).str();
}

std::string Compilation::outputPath(const char *extension) const {
  if (!options.output.empty())
    return options.output;
  return extension ? stem() + extension : std::string("-");
}

bool Compilation::dumpModule(const std::string &name) {
  return dump(name, [&](llvm::raw_ostream &os) { module->print(os); });
}

bool Compilation::dump(const std::string &name,
                       llvm::function_ref<void(llvm::raw_ostream &)> print) {
  if (options.dumpDir.empty())
    return true;
  if (std::error_code ec = llvm::sys::fs::create_directories(options.dumpDir))
    return error("cannot create --dump-dir '" + options.dumpDir +
                 "': " + ec.message());
  char prefix[8];
  snprintf(prefix, sizeof(prefix), "%02d-", ++dumpIndex);
  llvm::SmallString<256> path(options.dumpDir);
  llvm::sys::path::append(path, prefix + name);
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return error("cannot write '" + path + "': " + ec.message());
  print(os);
  os.close();
  if (os.has_error())
    return error("cannot write '" + path + "'");
  if (options.verbose)
    written.push_back(path.str().str());
  return true;
}

bool Compilation::runStage(llvm::StringRef name,
                           llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return error("invalid pass manager options");
  // One timer per stage, the stage's passes nested in it.
  TimingScope stageScope = rootScope.nest(name);
  if (options.timing)
    pm.enableTiming(stageScope);
  build(pm);
  if (failed(pm.run(*module)))
    return false;
  return true;
}

bool Compilation::writeOutput(
    const std::string &path, bool binary,
    llvm::function_ref<bool(llvm::raw_pwrite_stream &)> write) {
  std::error_code ec;
  auto flags = binary ? llvm::sys::fs::OF_None : llvm::sys::fs::OF_Text;
  // A device or pipe (/dev/null, /dev/stdout) is written as it is: it must
  // never be removed, even on failure.
  llvm::sys::fs::file_status status;
  if (path != "-" && !llvm::sys::fs::status(path, status) &&
      llvm::sys::fs::exists(status) &&
      !llvm::sys::fs::is_regular_file(status)) {
    llvm::raw_fd_ostream os(path, ec, flags);
    if (ec)
      return error("cannot write '" + path + "': " + ec.message());
    if (!write(os))
      return false;
    os.flush();
    if (os.has_error())
      return error("cannot write '" + path + "'");
    return true;
  }
  if (path == "-") {
    llvm::raw_fd_ostream &os = llvm::outs();
    if (!write(os))
      return false;
    os.flush();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      return error("cannot write to standard output: " + message);
    }
    return true;
  }
  // A regular file is written to a temporary file beside it, which is
  // renamed over it once complete: a write that fails (a full disk) or is
  // interrupted leaves the old file as it was, never a partial one. The
  // temporary file is removed on failure and on SIGINT/SIGTERM.
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(
          path + ".tmp-%%%%%%",
          llvm::sys::fs::all_read | llvm::sys::fs::all_write,
          binary ? llvm::sys::fs::OF_None : llvm::sys::fs::OF_Text);
  if (!temp)
    return error("cannot write '" + path +
                 "': " + llvm::toString(temp.takeError()));
  bool ok;
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    ok = write(os);
    os.flush();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      ok = error("cannot write '" + path + "': " + message);
    }
  }
  if (ok) {
    // On failure keep() removes the temporary file itself.
    if (llvm::Error e = temp->keep(path))
      ok = error("cannot write '" + path + "': " + llvm::toString(std::move(e)));
  } else {
    llvm::consumeError(temp->discard());
  }
  if (!ok)
    return false;
  written.push_back(path);
  return true;
}

StageResult Compilation::emitModuleText() {
  return writeOutput(outputPath(nullptr), false,
                     [&](llvm::raw_pwrite_stream &os) {
                       module->print(os);
                       return true;
                     })
             ? StageResult::Done
             : StageResult::Failed;
}

bool Compilation::writeHeader(const std::string &path) {
  return writeOutput(path, false, [&](llvm::raw_pwrite_stream &os) {
    os << header;
    return true;
  });
}

cpu::TargetOptions Compilation::targetOptions() const {
  return {options.targetTriple, options.cpu, options.features,
          options.optLevel, options.fpContract};
}

bool Compilation::writeObject(llvm::ArrayRef<llvm::StringRef> objects,
                              const std::string &path) {
  if (objects.size() == 1)
    return writeOutput(path, true, [&](llvm::raw_pwrite_stream &os) {
      os << objects[0];
      return true;
    });
  return link(objects, {"-r", "-nostdlib"}, "o", path);
}

bool Compilation::linkShared(llvm::ArrayRef<llvm::StringRef> objects,
                             const std::string &path) {
  return link(objects, {"-shared"}, "so", path);
}

bool Compilation::link(llvm::ArrayRef<llvm::StringRef> objects,
                       llvm::ArrayRef<llvm::StringRef> flags,
                       const char *outputSuffix, const std::string &path) {
  // Link in temporary files, then copy the result to the output.
  std::vector<llvm::SmallString<128>> tempObjects(objects.size());
  std::vector<llvm::FileRemover> removers;
  removers.reserve(objects.size() + 1);
  for (size_t i = 0; i < objects.size(); ++i) {
    int fd;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("tgc", "o", fd, tempObjects[i]))
      return error("cannot create a temporary file: " + ec.message());
    removers.emplace_back(tempObjects[i]);
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os.write(objects[i].data(), objects[i].size());
    os.close();
    if (os.has_error())
      return error("cannot write '" + tempObjects[i] + "'");
  }
  llvm::SmallString<128> tempOutput;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "tgc", outputSuffix, tempOutput))
    return error("cannot create a temporary file: " + ec.message());
  removers.emplace_back(tempOutput);

  std::string linkerName = options.linker.empty() ? "cc" : options.linker;
  llvm::ErrorOr<std::string> linker = llvm::sys::findProgramByName(linkerName);
  if (!linker)
    return error("cannot find the linker driver '" + linkerName +
                 "' (set it with --linker)");
  llvm::SmallVector<llvm::StringRef> args = {*linker};
  args.append(flags.begin(), flags.end());
  args.append({"-o", tempOutput});
  for (const auto &object : tempObjects)
    args.push_back(object);
  if (llvm::StringRef(outputSuffix) == "so")
    args.push_back("-lm");
  std::string message;
  TimingScope linkTimer = rootScope.nest("link");
  int status = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0,
                                         &message);
  if (status != 0)
    return error("linking '" + path + "' with " + *linker + " failed" +
                 (message.empty() ? "" : ": " + message));
  auto linked = llvm::MemoryBuffer::getFile(tempOutput, /*IsText=*/false);
  if (!linked)
    return error("cannot read the linked file: " +
                 linked.getError().message());
  return writeOutput(path, true, [&](llvm::raw_pwrite_stream &os) {
    os << (*linked)->getBuffer();
    return true;
  });
}

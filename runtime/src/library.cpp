//===- library.cpp - Models loaded from shared libraries ------------------===//

#include "internal.h"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <sys/stat.h>

using namespace tgrt::detail;

struct tgrt_library {
  void *handle = nullptr;
  const tgrt_model_def *model = nullptr;
};

namespace {

tgrt_status *OpenImpl(const char *path_c, tgrt_library **out) {
  if (!out)
    return MakeStatus(TGRT_INVALID_ARGUMENT, "out library is NULL");
  if (!path_c)
    return MakeStatus(TGRT_INVALID_ARGUMENT, "model library path is NULL");
  std::string path = path_c;
  if (path.empty())
    return MakeStatus(TGRT_INVALID_ARGUMENT, "model library path is empty");
  // dlopen searches the library path for names without '/'; a model file
  // given on a command line is meant relative to the current directory.
  std::string load_path =
      path.find('/') == std::string::npos ? "./" + path : path;

  struct stat st;
  if (::stat(load_path.c_str(), &st) != 0)
    return MakeStatus(errno == ENOENT ? TGRT_NOT_FOUND : TGRT_IO_ERROR,
                      "cannot open model library '" + path +
                          "': " + std::strerror(errno));
  if (S_ISDIR(st.st_mode))
    return MakeStatus(TGRT_INVALID_ARGUMENT, "cannot open model library '" +
                                                 path + "': is a directory");

  dlerror();
  void *handle = ::dlopen(load_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *err = dlerror();
    return MakeStatus(TGRT_UNAVAILABLE,
                      "cannot load model library '" + path +
                          "': " + (err ? err : "unknown dlopen error"));
  }
  dlerror();
  void *sym = ::dlsym(handle, TGRT_SHARED_MODEL_SYMBOL);
  if (!sym) {
    ::dlclose(handle);
    return MakeStatus(TGRT_NOT_FOUND,
                      "model library '" + path + "' does not define symbol '" +
                          TGRT_SHARED_MODEL_SYMBOL +
                          "' (was it built with tgc --emit=shared?)");
  }
  const tgrt_model_def *model = static_cast<const tgrt_model_def *>(sym);
  if (tgrt_status *s = tgrt_model_validate(model)) {
    ::dlclose(handle);
    return PrefixStatus(s, "model library '" + path + "': ");
  }
  tgrt_library *lib = new tgrt_library;
  lib->handle = handle;
  lib->model = model;
  *out = lib;
  return nullptr;
}

} // namespace

extern "C" {

tgrt_status *tgrt_library_open(const char *path, tgrt_library **out) {
  return Guard([&] { return OpenImpl(path, out); });
}

const tgrt_model_def *tgrt_library_model(const tgrt_library *library) {
  return library ? library->model : nullptr;
}

void tgrt_library_close(tgrt_library *library) {
  if (!library)
    return;
  if (library->handle)
    ::dlclose(library->handle);
  delete library;
}

} // extern "C"

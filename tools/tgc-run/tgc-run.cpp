//===- tgc-run.cpp - Run a model compiled by tgc on .npy inputs -----------===//
//
//   tgc-run model.so --input NODE=file.npy [--input ...] [--output-dir DIR]
//                    [--entry NAME] [--steps N] [--iterations N] [--threads N]
//                    [--restore F] [--save-checkpoint F] [--variables-out DIR]
//                    [--print]
//   tgc-run model.so --signature
//   tgc-run --version
//
// Links only libtgrt and tgrt_npy. Every error is reported as
// "tgc-run: error: ..." on stderr with exit code 1.
//
//===----------------------------------------------------------------------===//

#include "npy.h"
#include "tgrt/kernels.h"
#include "tgrt/tgrt.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <string>
#include <sys/stat.h>
#include <vector>
#include <unistd.h>

namespace {

const char kUsage[] =
    "usage: tgc-run MODEL.so --input NODE=FILE.npy [--input ...]\n"
    "               [--output-dir DIR] [--entry NAME] [--steps N]\n"
    "               [--iterations N] [--threads N] [--restore FILE]\n"
    "               [--save-checkpoint FILE] [--variables-out DIR] [--print]\n"
    "       tgc-run MODEL.so --signature\n"
    "       tgc-run --version\n"
    "\n"
    "Runs a model compiled by `tgc --emit=shared` on .npy inputs.\n"
    "\n"
    "options:\n"
    "  --input NODE=FILE   feed NODE (a feed name, e.g. x or x:0) from the\n"
    "                      .npy file FILE; every feed of the entry needs one\n"
    "  --entry NAME        the entry point to run (default: the first; a\n"
    "                      model compiled with --train has 'predict' and\n"
    "                      'train_step')\n"
    "  --steps N           run the entry N times on the same feeds (default\n"
    "                      1); with N > 1, print each scalar fetch per step\n"
    "  --restore FILE      load the variables from a checkpoint first\n"
    "  --save-checkpoint FILE  write the variables to a checkpoint after the\n"
    "                      run\n"
    "  --variables-out DIR write each variable as DIR/<name>.npy after the\n"
    "                      run (names mapped as for --output-dir)\n"
    "  --output-dir DIR    write one .npy file per fetch into DIR (created\n"
    "                      if missing); the file name is the fetch name with\n"
    "                      characters outside [A-Za-z0-9._-] replaced by '_'\n"
    "  --iterations N      after the steps, run the entry N more times and\n"
    "                      print median_ms, min_ms and rss_kib (resident\n"
    "                      memory in KiB before and after them); a training\n"
    "                      entry keeps updating its variables\n"
    "  --threads N         number of kernel threads (default: all cores)\n"
    "  --print             print each fetch's values after the run, as\n"
    "                      NumPy prints arrays (long ones summarised)\n"
    "  --signature         print the model's feeds and fetches as JSON\n"
    "  --version           print tgc-run's version and model ABI version\n"
    "  -h, --help          print this help\n";

const char *const kOptions[] = {
    "--input",  "--output-dir", "--entry",         "--steps",
    "--restore", "--save-checkpoint", "--variables-out", "--iterations",
    "--threads", "--print",     "--signature",     "--version",
    "--help"};

// Thrown for user-facing errors; main() prints it and returns 1.
struct Error {
  std::string message;
};

[[noreturn]] void Fail(const std::string &message) { throw Error{message}; }

/// The process's resident memory in KiB (/proc/self/statm), or -1.
long ResidentKiB() {
  std::FILE *f = std::fopen("/proc/self/statm", "r");
  if (!f)
    return -1;
  long size = 0, resident = 0;
  int got = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  return got == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

struct Options {
  std::string model;
  std::vector<std::pair<std::string, std::string>> inputs; // node, file
  std::string output_dir;
  bool have_output_dir = false;
  long iterations = 0;
  long steps = 1;
  long threads = 0;
  std::string entry;
  std::string restore;
  std::string save_checkpoint;
  std::string variables_out;
  bool signature = false;
  bool help = false;
  bool version = false;
  bool print = false;
};

// Levenshtein distance, for "did you mean" suggestions.
size_t EditDistance(const std::string &a, const std::string &b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "; did you mean 'x'?" for the nearest candidate within a third of the
// name's length (at least 2 edits), or "".
std::string Suggest(const std::string &name,
                    const std::vector<std::string> &candidates) {
  size_t best = std::max<size_t>(2, name.size() / 3) + 1;
  std::string choice;
  for (const std::string &candidate : candidates) {
    size_t d = EditDistance(name, candidate);
    if (d < best) {
      best = d;
      choice = candidate;
    }
  }
  return choice.empty() ? "" : "; did you mean '" + choice + "'?";
}

long ParseCount(const std::string &flag, const std::string &text, long min) {
  errno = 0;
  char *end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || v < min ||
      v > 1000000000L)
    Fail(flag + " expects an integer >= " + std::to_string(min) + ", got '" +
         text + "'");
  return v;
}

Options ParseArgs(int argc, char **argv) {
  Options o;
  bool have_model = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool inline_value = false;
    if (arg.rfind("--", 0) == 0) {
      size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        inline_value = true;
      }
    }
    auto take_value = [&]() -> std::string {
      if (inline_value)
        return value;
      if (i + 1 >= argc)
        Fail(arg + " needs a value (see --help)");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      o.help = true;
    } else if (arg == "--signature") {
      if (inline_value)
        Fail("--signature takes no value");
      o.signature = true;
    } else if (arg == "--input") {
      std::string spec = take_value();
      size_t eq = spec.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
        Fail("--input expects NODE=FILE, got '" + spec + "'");
      o.inputs.emplace_back(spec.substr(0, eq), spec.substr(eq + 1));
    } else if (arg == "--output-dir") {
      o.output_dir = take_value();
      if (o.output_dir.empty())
        Fail("--output-dir needs a non-empty directory");
      o.have_output_dir = true;
    } else if (arg == "--iterations") {
      o.iterations = ParseCount("--iterations", take_value(), 1);
    } else if (arg == "--threads") {
      o.threads = ParseCount("--threads", take_value(), 0);
    } else if (arg == "--steps") {
      o.steps = ParseCount("--steps", take_value(), 1);
    } else if (arg == "--entry") {
      o.entry = take_value();
    } else if (arg == "--restore") {
      o.restore = take_value();
    } else if (arg == "--save-checkpoint") {
      o.save_checkpoint = take_value();
    } else if (arg == "--variables-out") {
      o.variables_out = take_value();
      if (o.variables_out.empty())
        Fail("--variables-out needs a non-empty directory");
    } else if (arg == "--version") {
      o.version = true;
    } else if (arg == "--print") {
      if (inline_value)
        Fail("--print takes no value");
      o.print = true;
    } else if (!arg.empty() && arg[0] == '-' && arg != "-") {
      std::string suggestion =
          Suggest(arg, std::vector<std::string>(std::begin(kOptions),
                                                std::end(kOptions)));
      Fail("unknown option '" + arg + "'" +
           (suggestion.empty() ? " (see --help)" : suggestion));
    } else if (!have_model) {
      o.model = arg;
      have_model = true;
    } else {
      Fail("unexpected argument '" + arg + "' (only one model is allowed)");
    }
  }
  if (!o.help && !o.version && !have_model)
    Fail("no model library given (see --help)");
  return o;
}

// Fetch name -> file name: characters outside [A-Za-z0-9._-] become '_'.
std::string FileNameFor(const std::string &fetch) {
  std::string out;
  for (char c : fetch) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out + ".npy";
}

void MakeDirs(const std::string &dir) {
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty())
      continue;
    struct stat st;
    if (::stat(partial.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode))
        Fail("cannot create output directory '" + dir + "': '" + partial +
             "' is not a directory");
      continue;
    }
    if (::mkdir(partial.c_str(), 0777) != 0 && errno != EEXIST)
      Fail("cannot create output directory '" + dir +
           "': " + std::strerror(errno));
  }
}

std::string ShapeText(const tgrt_tensor_sig &sig) {
  std::string s = "[";
  for (int64_t i = 0; i < sig.rank; ++i)
    s += (i ? "," : "") + std::to_string(sig.dims[i]);
  return s + "]";
}

int64_t FindFeed(const tgrt_model_def *model, const std::string &node) {
  int64_t index = -1;
  tgrt::Status st(tgrt_model_find_feed(model, node.c_str(), &index));
  if (st.ok())
    return index;
  // "x:0" names output 0 of node "x", which a signature may call "x".
  if (node.size() > 2 && node.compare(node.size() - 2, 2, ":0") == 0) {
    std::string base = node.substr(0, node.size() - 2);
    tgrt::Status st2(tgrt_model_find_feed(model, base.c_str(), &index));
    if (st2.ok())
      return index;
  }
  Fail(st.message()); // which lists the valid feeds
}

// One element as NumPy prints it (repr-like, 8 significant digits).
std::string ElementText(int32_t dtype, const void *data, int64_t i) {
  char text[64];
  switch (dtype) {
  case TGRT_DTYPE_F32:
    std::snprintf(text, sizeof text, "%.8g",
                  static_cast<const float *>(data)[i]);
    break;
  case TGRT_DTYPE_F64:
    std::snprintf(text, sizeof text, "%.8g",
                  static_cast<const double *>(data)[i]);
    break;
  case TGRT_DTYPE_BOOL:
    return static_cast<const uint8_t *>(data)[i] ? "True" : "False";
  case TGRT_DTYPE_I8:
    return std::to_string(static_cast<const int8_t *>(data)[i]);
  case TGRT_DTYPE_U8:
    return std::to_string(static_cast<const uint8_t *>(data)[i]);
  case TGRT_DTYPE_I16:
    return std::to_string(static_cast<const int16_t *>(data)[i]);
  case TGRT_DTYPE_I32:
    return std::to_string(static_cast<const int32_t *>(data)[i]);
  case TGRT_DTYPE_I64:
    return std::to_string(static_cast<const int64_t *>(data)[i]);
  default:
    return "?";
  }
  std::string out = text;
  // NumPy writes 1.0 as "1." and keeps a point on every float.
  if (out.find_first_of(".eE") == std::string::npos &&
      out.find("inf") == std::string::npos &&
      out.find("nan") == std::string::npos)
    out += ".";
  return out;
}

// Nested brackets as NumPy prints them; an array of more than 1000
// elements shows the first and last 3 entries of each dimension.
void PrintArray(const tgrt_tensor_sig &sig, const void *data) {
  int64_t size = 1;
  for (int64_t d = 0; d < sig.rank; ++d)
    size *= sig.dims[d];
  bool summarise = size > 1000;
  std::vector<int64_t> strides(static_cast<size_t>(sig.rank), 1);
  for (int64_t d = sig.rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * sig.dims[d + 1];
  std::string out;
  // Between two entries of dimension `dim`: ", " in the last dimension,
  // otherwise a comma, a blank line per dimension below, and indentation.
  auto separator = [&](int64_t dim) {
    if (dim + 1 == sig.rank)
      return std::string(", ");
    return "," + std::string(static_cast<size_t>(sig.rank - dim - 1), '\n') +
           std::string(static_cast<size_t>(dim + 1), ' ');
  };
  auto print = [&](auto &self, int64_t dim, int64_t offset) -> void {
    if (dim == sig.rank) {
      out += ElementText(sig.dtype, data, offset);
      return;
    }
    int64_t n = sig.dims[dim];
    std::vector<int64_t> shown; // -1: "..."
    for (int64_t i = 0; i < n; ++i) {
      if (summarise && n > 6 && i == 3) {
        shown.push_back(-1);
        i = n - 3;
      }
      shown.push_back(i);
    }
    out += "[";
    for (size_t k = 0; k < shown.size(); ++k) {
      if (k > 0)
        out += separator(dim);
      if (shown[k] < 0)
        out += "...";
      else
        self(self, dim + 1, offset + shown[k] * strides[dim]);
    }
    out += "]";
  };
  print(print, 0, 0);
  std::printf("%s = %s\n", sig.name, out.c_str());
}

int Run(int argc, char **argv) {
  Options o = ParseArgs(argc, argv);
  if (o.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (o.version) {
    std::printf("tgc-run %s (model ABI version %d, kernels: %s of %s)\n",
                TGC_VERSION, TGRT_ABI_VERSION, tgrt_kernel_isa(),
                tgrt_kernel_isas());
    return 0;
  }

  tgrt::Library lib;
  if (tgrt::Status st = tgrt::Library::Open(o.model, &lib); !st)
    Fail(st.message());
  const tgrt_model_def *model = lib.model();

  if (o.signature) {
    char *json = nullptr;
    if (tgrt::Status st(tgrt_model_signature_json(model, &json)); !st)
      Fail(st.message());
    std::printf("%s\n", json);
    tgrt_free(json);
    return 0;
  }

  int64_t entry_index = 0;
  if (!o.entry.empty())
    if (tgrt::Status st(tgrt_model_find_entry(model, o.entry.c_str(),
                                              &entry_index));
        !st)
      Fail(st.message());
  const tgrt_entry_def &entry = *tgrt_model_entry(model, entry_index);

  // Resolve the inputs to feeds before reading any file.
  int64_t num_feeds = tgrt_model_num_feeds(model);
  std::vector<int> source(static_cast<size_t>(num_feeds), -1);
  for (size_t i = 0; i < o.inputs.size(); ++i) {
    int64_t f = FindFeed(model, o.inputs[i].first);
    if (source[f] >= 0) {
      const auto &prev = o.inputs[source[f]];
      Fail(std::string("feed '") + model->feeds[f].name +
           "' is given twice (--input " + prev.first + "=" + prev.second +
           " and --input " + o.inputs[i].first + "=" + o.inputs[i].second +
           ")");
    }
    source[f] = static_cast<int>(i);
  }
  for (int64_t k = 0; k < entry.num_feeds; ++k)
    if (source[entry.feeds[k]] < 0)
      Fail(std::string("missing --input for feed '") +
           model->feeds[entry.feeds[k]].name + "'" +
           (model->num_entries > 1
                ? std::string(" of entry '") + entry.name + "'"
                : std::string()));

  // Check the output file names before running.
  std::vector<int64_t> fetches(entry.fetches, entry.fetches + entry.num_fetches);
  std::map<std::string, std::string> files; // file name -> fetch name
  for (int64_t f : fetches) {
    std::string name = model->fetches[f].name;
    auto [it, inserted] = files.emplace(FileNameFor(name), name);
    if (!inserted && o.have_output_dir)
      Fail("fetches '" + it->second + "' and '" + name +
           "' would both be written to '" + it->first + "'");
  }

  tgrt::SessionOptions opts;
  opts.num_threads = static_cast<int32_t>(o.threads);
  tgrt::Session session;
  if (tgrt::Status st = tgrt::Session::Create(model, opts, &session); !st)
    Fail(st.message());

  for (int64_t f = 0; f < num_feeds; ++f) {
    if (source[f] < 0)
      continue; // a feed of another entry
    const std::string &file = o.inputs[source[f]].second;
    const char *name = model->feeds[f].name;
    tgrt::npy::Array array;
    std::string error;
    if (!tgrt::npy::ReadFile(file, &array, &error))
      Fail(std::string("feed '") + name + "': cannot read '" + file +
           "': " + error);
    tgrt::Status st = session.SetFeed(name, array.dtype, array.shape,
                                      array.data.data(), array.data.size());
    if (!st)
      Fail(std::string(st.message()) + " (from " + file + ")");
  }
  if (!o.restore.empty())
    if (tgrt::Status st = session.Restore(o.restore); !st)
      Fail(st.message());

  // With several steps, print the scalar fetches (a training loss) per step.
  for (long step = 1; step <= o.steps; ++step) {
    if (tgrt::Status st = session.RunEntry(entry_index); !st)
      Fail(st.message());
    if (o.steps == 1)
      continue;
    std::string line = "step " + std::to_string(step) + ":";
    for (int64_t f : fetches) {
      const tgrt_tensor_sig &sig = model->fetches[f];
      if (sig.rank != 0)
        continue;
      char value[64];
      const void *p = session.FetchData(f);
      if (sig.dtype == TGRT_DTYPE_F32)
        std::snprintf(value, sizeof value, "%.9g",
                      *static_cast<const float *>(p));
      else if (sig.dtype == TGRT_DTYPE_F64)
        std::snprintf(value, sizeof value, "%.17g",
                      *static_cast<const double *>(p));
      else if (sig.dtype == TGRT_DTYPE_I32)
        std::snprintf(value, sizeof value, "%d",
                      *static_cast<const int32_t *>(p));
      else if (sig.dtype == TGRT_DTYPE_I64)
        std::snprintf(value, sizeof value, "%lld",
                      static_cast<long long>(*static_cast<const int64_t *>(p)));
      else
        continue;
      line += std::string(" ") + sig.name + "=" + value;
    }
    std::printf("%s\n", line.c_str());
  }
  if (o.iterations > 0) {
    // Every page of the timings is touched before the resident memory is
    // read, so that the two readings differ only by what the runs did.
    std::vector<double> ms(static_cast<size_t>(o.iterations), 0.0);
    // Read after the first run too: its code paths fault their pages in.
    long rss_before = ResidentKiB();
    for (long i = 0; i < o.iterations; ++i) {
      if (i == 1)
        rss_before = ResidentKiB();
      auto start = std::chrono::steady_clock::now();
      tgrt::Status st = session.RunEntry(entry_index);
      auto end = std::chrono::steady_clock::now();
      if (!st)
        Fail(st.message());
      ms[static_cast<size_t>(i)] =
          std::chrono::duration<double, std::milli>(end - start).count();
    }
    long rss_after = ResidentKiB();
    std::sort(ms.begin(), ms.end());
    size_t n = ms.size();
    double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    std::printf("median_ms: %.4f\nmin_ms: %.4f\n", median, ms[0]);
    std::printf("rss_kib: %ld %ld\n", rss_before, rss_after);
  }

  if (o.have_output_dir) {
    MakeDirs(o.output_dir);
    for (int64_t f : fetches) {
      const tgrt_tensor_sig &sig = model->fetches[f];
      std::string path = o.output_dir + "/" + FileNameFor(sig.name);
      std::string error;
      if (!tgrt::npy::WriteFile(
              path, sig.dtype, sig.rank, sig.dims, session.FetchData(f),
              tgrt_session_fetch_bytes(session.get(), f), &error))
        Fail(std::string("fetch '") + sig.name + "': " + error);
    }
  }
  if (o.print) {
    for (int64_t f : fetches)
      PrintArray(model->fetches[f], session.FetchData(f));
  } else if (!o.have_output_dir && o.iterations == 0 && o.steps == 1) {
    for (int64_t f : fetches) {
      const tgrt_tensor_sig &sig = model->fetches[f];
      std::printf("%s: %s %s\n", sig.name, tgrt_dtype_name(sig.dtype),
                  ShapeText(sig).c_str());
    }
  }
  if (!o.variables_out.empty()) {
    MakeDirs(o.variables_out);
    std::map<std::string, std::string> written; // file name -> variable
    for (int64_t v = 0; v < tgrt_model_num_variables(model); ++v) {
      const tgrt_variable_def &var = model->variables[v];
      std::string file = FileNameFor(var.name);
      auto [it, inserted] = written.emplace(file, var.name);
      if (!inserted)
        Fail(std::string("variables '") + it->second + "' and '" + var.name +
             "' would both be written to '" + file + "'");
      std::string error;
      if (!tgrt::npy::WriteFile(o.variables_out + "/" + file, var.dtype,
                                var.rank, var.dims, session.VariableData(v),
                                tgrt_session_variable_bytes(session.get(), v),
                                &error))
        Fail(std::string("variable '") + var.name + "': " + error);
    }
  }
  if (!o.save_checkpoint.empty())
    if (tgrt::Status st = session.Save(o.save_checkpoint); !st)
      Fail(st.message());
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  try {
    return Run(argc, argv);
  } catch (const Error &e) {
    std::fprintf(stderr, "tgc-run: error: %s\n", e.message.c_str());
  } catch (const std::bad_alloc &) {
    std::fprintf(stderr, "tgc-run: error: out of memory\n");
  } catch (const std::exception &e) {
    std::fprintf(stderr, "tgc-run: error: %s\n", e.what());
  }
  return 1;
}

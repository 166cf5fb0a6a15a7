//===- checkpoint.cpp - Checkpoint files: encoding, save, restore ---------===//
//
// A checkpoint holds the values of a model's variables (docs/runtime.md),
// all integers little-endian:
//
//   magic "TGRTCKPT" (8 bytes), version u32 = 1, count u32, then per
//   variable: name length u32, name (UTF-8, no terminator), dtype u32
//   (tgrt_dtype), rank u32, dims (rank x u64), data size u64 (elements x
//   dtype size), data.
//
// A restore checks the whole file against the model before it writes
// anything; a save writes a temporary file and renames it.
//
//===----------------------------------------------------------------------===//

#include "checkpoint.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

using namespace tgrt::detail;

namespace {

//===----------------------------------------------------------------------===//
// Checkpoint encoding (little-endian, see docs/runtime.md)
//===----------------------------------------------------------------------===//

constexpr char kMagic[8] = {'T', 'G', 'R', 'T', 'C', 'K', 'P', 'T'};
constexpr uint32_t kCheckpointVersion = 1;

void PutU32(std::string &out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void PutU64(std::string &out, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>((v >> (8 * i)) & 0xff);
}

class Reader {
public:
  Reader(const std::vector<char> &data) : data_(data) {}
  bool U32(uint32_t *v) {
    if (Remaining() < 4)
      return false;
    *v = 0;
    for (int i = 0; i < 4; ++i)
      *v |= static_cast<uint32_t>(static_cast<unsigned char>(data_[pos_++]))
            << (8 * i);
    return true;
  }
  bool U64(uint64_t *v) {
    if (Remaining() < 8)
      return false;
    *v = 0;
    for (int i = 0; i < 8; ++i)
      *v |= static_cast<uint64_t>(static_cast<unsigned char>(data_[pos_++]))
            << (8 * i);
    return true;
  }
  bool Bytes(size_t n, const char **p) {
    if (Remaining() < n)
      return false;
    *p = data_.data() + pos_;
    pos_ += n;
    return true;
  }
  size_t Remaining() const { return data_.size() - pos_; }

private:
  const std::vector<char> &data_;
  size_t pos_ = 0;
};

struct CkptVariable {
  std::string name;
  int64_t dtype;
  std::vector<int64_t> dims;
  const char *data;
  size_t bytes;
};

std::string ErrnoText() { return std::strerror(errno); }

tgrt_status *ReadWholeFile(const std::string &path, std::vector<char> *out) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return MakeStatus(TGRT_IO_ERROR, "cannot open checkpoint '" + path +
                                         "' for reading: " + ErrnoText());
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    out->insert(out->end(), buf, buf + n);
  bool failed = std::ferror(f) != 0;
  int saved = errno;
  std::fclose(f);
  if (failed) {
    errno = saved;
    return MakeStatus(TGRT_IO_ERROR,
                      "cannot read checkpoint '" + path + "': " + ErrnoText());
  }
  return nullptr;
}

} // namespace

tgrt_status *tgrt::detail::WriteCheckpoint(const tgrt_model_def *m,
                                           void *const *buffers,
                                           const size_t *sizes,
                                           const std::string &path) {
  std::string out(kMagic, sizeof kMagic);
  PutU32(out, kCheckpointVersion);
  PutU32(out, static_cast<uint32_t>(m->num_variables));
  for (int64_t i = 0; i < m->num_variables; ++i) {
    const tgrt_variable_def &v = m->variables[i];
    size_t len = std::strlen(v.name);
    PutU32(out, static_cast<uint32_t>(len));
    out.append(v.name, len);
    PutU32(out, static_cast<uint32_t>(v.dtype));
    PutU32(out, static_cast<uint32_t>(v.rank));
    for (int64_t d = 0; d < v.rank; ++d)
      PutU64(out, static_cast<uint64_t>(v.dims[d]));
    size_t bytes = sizes[i];
    PutU64(out, bytes);
    out.append(static_cast<const char *>(buffers[i]), bytes);
  }

  std::string tmp = path + ".tmp";
  std::FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    return MakeStatus(TGRT_IO_ERROR, "cannot write checkpoint '" + path +
                                         "': cannot create '" + tmp +
                                         "': " + ErrnoText());
  int err = 0;
  errno = 0;
  if (std::fwrite(out.data(), 1, out.size(), f) != out.size())
    err = errno ? errno : EIO;
  if (std::fflush(f) != 0 && !err)
    err = errno ? errno : EIO;
  if (std::fclose(f) != 0 && !err)
    err = errno ? errno : EIO;
  if (err) {
    std::remove(tmp.c_str());
    return MakeStatus(TGRT_IO_ERROR, "cannot write checkpoint '" + path +
                                         "': " + std::strerror(err));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string err = ErrnoText();
    std::remove(tmp.c_str());
    return MakeStatus(TGRT_IO_ERROR, "cannot write checkpoint '" + path +
                                         "': rename from '" + tmp +
                                         "' failed: " + err);
  }
  return nullptr;
}

tgrt_status *tgrt::detail::ReadCheckpoint(const tgrt_model_def *m,
                                          const std::string &path,
                                          CheckpointValues *out) {
  std::string label = "checkpoint '" + path + "'";
  std::vector<char> &data = out->data;
  if (tgrt_status *st = ReadWholeFile(path, &data))
    return st;

  auto corrupt = [&](const std::string &what) {
    return MakeStatus(TGRT_INVALID_ARGUMENT, label + " is corrupt: " + what);
  };
  Reader r(data);
  const char *magic;
  if (!r.Bytes(sizeof kMagic, &magic) ||
      std::memcmp(magic, kMagic, sizeof kMagic) != 0)
    return MakeStatus(TGRT_INVALID_ARGUMENT,
                      label + " is not a tgrt checkpoint (bad magic)");
  uint32_t version, count;
  if (!r.U32(&version) || !r.U32(&count))
    return corrupt("truncated header");
  if (version != kCheckpointVersion)
    return MakeStatus(TGRT_INVALID_ARGUMENT,
                      label + " has unsupported version " +
                          std::to_string(version) + " (expected " +
                          std::to_string(kCheckpointVersion) + ")");

  std::vector<CkptVariable> vars;
  std::set<std::string> names;
  for (uint32_t i = 0; i < count; ++i) {
    std::string where =
        "entry " + std::to_string(i) + " of " + std::to_string(count);
    uint32_t len, dtype, rank;
    const char *name;
    if (!r.U32(&len) || !r.Bytes(len, &name))
      return corrupt("truncated " + where);
    CkptVariable v;
    v.name.assign(name, len);
    where = "variable '" + v.name + "'";
    if (!r.U32(&dtype) || !r.U32(&rank))
      return corrupt("truncated " + where);
    v.dtype = dtype;
    if (rank > r.Remaining() / 8)
      return corrupt("truncated " + where);
    for (uint32_t d = 0; d < rank; ++d) {
      uint64_t dim = 0;
      r.U64(&dim);
      v.dims.push_back(static_cast<int64_t>(dim));
    }
    uint64_t bytes;
    if (!r.U64(&bytes))
      return corrupt("truncated " + where);
    size_t want;
    if (!TensorBytes(v.dtype, rank, v.dims.data(), &want) || want != bytes)
      return corrupt(where + " has " + std::to_string(bytes) +
                     " bytes of data, which does not match " +
                     DescribeDtype(v.dtype) + FormatShape(rank, v.dims.data()));
    if (!r.Bytes(bytes, &v.data))
      return corrupt("truncated data of " + where);
    v.bytes = bytes;
    if (!names.insert(v.name).second)
      return corrupt("duplicate " + where);
    vars.push_back(std::move(v));
  }
  if (r.Remaining() != 0)
    return corrupt(std::to_string(r.Remaining()) + " trailing bytes");

  // Check everything before changing anything.
  std::vector<int64_t> target(vars.size(), -1);
  for (size_t i = 0; i < vars.size(); ++i) {
    const CkptVariable &v = vars[i];
    for (int64_t j = 0; j < m->num_variables; ++j)
      if (v.name == m->variables[j].name)
        target[i] = j;
    if (target[i] < 0)
      return MakeStatus(
          TGRT_INVALID_ARGUMENT,
          label + " has variable '" + v.name + "' which model '" +
              (m->name ? m->name : "") + "' does not have (model variables: " +
              ListVariableNames(m->variables, m->num_variables) + ")");
    const tgrt_variable_def &mv = m->variables[target[i]];
    std::string prefix = label + ": variable '" + v.name + "': ";
    if (v.dtype != mv.dtype)
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        prefix + "expected dtype " + DescribeDtype(mv.dtype) +
                            ", got " + DescribeDtype(v.dtype));
    bool same = static_cast<int64_t>(v.dims.size()) == mv.rank;
    for (int64_t d = 0; same && d < mv.rank; ++d)
      same = v.dims[d] == mv.dims[d];
    if (!same)
      return MakeStatus(
          TGRT_INVALID_ARGUMENT,
          prefix + "expected shape " + FormatShape(mv.rank, mv.dims) +
              ", got " +
              FormatShape(static_cast<int64_t>(v.dims.size()), v.dims.data()));
  }
  for (int64_t j = 0; j < m->num_variables; ++j)
    if (!names.count(m->variables[j].name))
      return MakeStatus(TGRT_INVALID_ARGUMENT,
                        label + " has no variable '" +
                            std::string(m->variables[j].name) + "'");

  for (size_t i = 0; i < vars.size(); ++i)
    out->values.push_back({target[i], vars[i].data, vars[i].bytes});
  return nullptr;
}

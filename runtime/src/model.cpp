//===- model.cpp - Model descriptor validation and queries ----------------===//

#include "internal.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

using namespace tgrt::detail;

namespace {

std::string ModelLabel(const tgrt_model_def *model) {
  return std::string("model '") + (model->name ? model->name : "") + "'";
}

tgrt_status *Invalid(const tgrt_model_def *model, const std::string &what) {
  return MakeStatus(TGRT_INVALID_ARGUMENT,
                    "invalid " + ModelLabel(model) + ": " + what);
}

// Checks one array of signature entries (feeds or fetches).
tgrt_status *ValidateSigs(const tgrt_model_def *model, const char *kind,
                          const char *kinds, int64_t n,
                          const tgrt_tensor_sig *sigs, bool unique) {
  if (n < 0)
    return Invalid(model, std::string("negative number of ") + kinds + " (" +
                              std::to_string(n) + ")");
  if (n > 0 && !sigs)
    return Invalid(model, std::string(kinds) + " array is NULL");
  std::set<std::string> seen;
  for (int64_t i = 0; i < n; ++i) {
    const tgrt_tensor_sig &s = sigs[i];
    std::string label = std::string(kind) + " " + std::to_string(i);
    if (!s.name)
      return Invalid(model, label + " has a NULL name");
    label = std::string(kind) + " '" + s.name + "'";
    if (unique && !seen.insert(s.name).second)
      return Invalid(model, "duplicate " + label);
    if (tgrt_dtype_size(s.dtype) == 0)
      return Invalid(model, label + " has " + DescribeDtype(s.dtype));
    if (s.rank < 0)
      return Invalid(model,
                     label + " has negative rank " + std::to_string(s.rank));
    if (s.rank > 0 && !s.dims)
      return Invalid(model, label + " has NULL dims");
    for (int64_t d = 0; d < s.rank; ++d)
      if (s.dims[d] < 0)
        return Invalid(model, label + " has negative dimension " +
                                  FormatShape(s.rank, s.dims));
    size_t bytes;
    if (!TensorBytes(s.dtype, s.rank, s.dims, &bytes))
      return Invalid(model,
                     label + " is too large " + FormatShape(s.rank, s.dims));
  }
  return nullptr;
}

// Checks the entry table: at least one entry, unique non-NULL names, a
// function, a non-negative arena, and feed/fetch indices in range without
// repeats.
tgrt_status *ValidateEntries(const tgrt_model_def *model) {
  int64_t n = model->num_entries;
  if (n < 1)
    return Invalid(model, "no entry points (num_entries is " +
                              std::to_string(n) + ")");
  if (!model->entries)
    return Invalid(model, "entries array is NULL");
  std::set<std::string> names;
  for (int64_t i = 0; i < n; ++i) {
    const tgrt_entry_def &e = model->entries[i];
    if (!e.name)
      return Invalid(model, "entry " + std::to_string(i) + " has a NULL name");
    std::string label = std::string("entry '") + e.name + "'";
    if (!names.insert(e.name).second)
      return Invalid(model, "duplicate " + label);
    if (!e.fn)
      return Invalid(model, label + ": entry function is NULL");
    if (e.arena_bytes < 0)
      return Invalid(model, label + ": negative arena_bytes (" +
                                std::to_string(e.arena_bytes) + ")");
    auto checkIndices = [&](const char *kinds, int64_t count,
                            const int64_t *indices,
                            int64_t limit) -> tgrt_status * {
      if (count < 0 || (count > 0 && !indices))
        return Invalid(model, label + ": bad " + kinds + " index array");
      std::set<int64_t> seen;
      for (int64_t k = 0; k < count; ++k)
        if (indices[k] < 0 || indices[k] >= limit ||
            !seen.insert(indices[k]).second)
          return Invalid(model, label + ": " + kinds + " index " +
                                    std::to_string(indices[k]) +
                                    " is out of range or repeated");
      return nullptr;
    };
    if (tgrt_status *s =
            checkIndices("feed", e.num_feeds, e.feeds, model->num_feeds))
      return s;
    if (tgrt_status *s = checkIndices("fetch", e.num_fetches, e.fetches,
                                      model->num_fetches))
      return s;
  }
  return nullptr;
}

tgrt_status *ValidateTarget(const tgrt_model_def *model) {
  if (model->target == TGRT_TARGET_CPU)
    return nullptr;
  if (model->target != TGRT_TARGET_CUDA)
    return Invalid(model, "unknown target " + std::to_string(model->target));
  if (!model->ptx)
    return Invalid(model, "is a CUDA model without PTX");
  if (model->num_kernels < 0 || (model->num_kernels > 0 && !model->kernel_names))
    return Invalid(model, "has an invalid kernel table");
  for (int64_t i = 0; i < model->num_kernels; ++i)
    if (!model->kernel_names[i])
      return Invalid(model, "kernel " + std::to_string(i) + " has a NULL name");
  if (model->constant_bytes < 0 ||
      (model->constant_bytes > 0 && !model->constants))
    return Invalid(model, "has an invalid constant pool");
  return nullptr;
}

tgrt_status *ValidateImpl(const tgrt_model_def *model) {
  if (!model)
    return MakeStatus(TGRT_INVALID_ARGUMENT, "model is NULL");
  if (model->abi_version != TGRT_ABI_VERSION)
    return MakeStatus(TGRT_FAILED_PRECONDITION,
                      ModelLabel(model) + " has ABI version " +
                          std::to_string(model->abi_version) +
                          " but this runtime supports version " +
                          std::to_string(TGRT_ABI_VERSION) +
                          "; recompile the model with a matching tgc");
  if (tgrt_status *s = ValidateSigs(model, "feed", "feeds", model->num_feeds,
                                    model->feeds, /*unique=*/true))
    return s;
  if (tgrt_status *s =
          ValidateSigs(model, "fetch", "fetches", model->num_fetches,
                       model->fetches, /*unique=*/false))
    return s;
  int64_t nv = model->num_variables;
  if (nv < 0)
    return Invalid(model,
                   "negative number of variables (" + std::to_string(nv) + ")");
  if (nv > 0 && !model->variables)
    return Invalid(model, "variables array is NULL");
  std::set<std::string> seen;
  for (int64_t i = 0; i < nv; ++i) {
    const tgrt_variable_def &v = model->variables[i];
    if (!v.name)
      return Invalid(model,
                     "variable " + std::to_string(i) + " has a NULL name");
    std::string label = std::string("variable '") + v.name + "'";
    if (!seen.insert(v.name).second)
      return Invalid(model, "duplicate " + label);
    if (tgrt_dtype_size(v.dtype) == 0)
      return Invalid(model, label + " has " + DescribeDtype(v.dtype));
    if (v.rank < 0)
      return Invalid(model,
                     label + " has negative rank " + std::to_string(v.rank));
    if (v.rank > 0 && !v.dims)
      return Invalid(model, label + " has NULL dims");
    for (int64_t d = 0; d < v.rank; ++d)
      if (v.dims[d] < 0)
        return Invalid(model, label + " has negative dimension " +
                                  FormatShape(v.rank, v.dims));
    size_t bytes;
    if (!TensorBytes(v.dtype, v.rank, v.dims, &bytes))
      return Invalid(model,
                     label + " is too large " + FormatShape(v.rank, v.dims));
    if (v.initial_bytes < 0 ||
        static_cast<uint64_t>(v.initial_bytes) != static_cast<uint64_t>(bytes))
      return Invalid(model, label + " " + tgrt_dtype_name(v.dtype) +
                                FormatShape(v.rank, v.dims) + " needs " +
                                std::to_string(bytes) +
                                " bytes of initial value, got " +
                                std::to_string(v.initial_bytes));
    if (bytes > 0 && !v.initial_value)
      return Invalid(model, label + " has a NULL initial value");
  }
  if (tgrt_status *s = ValidateEntries(model))
    return s;
  return ValidateTarget(model);
}

template <typename T>
tgrt_status *FindImpl(const tgrt_model_def *model, const char *kind,
                      const char *kinds, const char *name, int64_t *out_index,
                      int64_t n, const T *entries,
                      std::string (*list)(const T *, int64_t)) {
  if (tgrt_status *s = ValidateImpl(model))
    return s;
  if (!name)
    return MakeStatus(TGRT_INVALID_ARGUMENT,
                      std::string(kind) + " name is NULL");
  for (int64_t i = 0; i < n; ++i) {
    if (std::strcmp(entries[i].name, name) == 0) {
      if (out_index)
        *out_index = i;
      return nullptr;
    }
  }
  std::string msg = std::string("no ") + kind + " named '" + name + "' in " +
                    ModelLabel(model);
  if (n == 0)
    msg += "; the model has no " + std::string(kinds);
  else
    msg += "; valid " + std::string(kinds) + ": " + list(entries, n);
  return MakeStatus(TGRT_NOT_FOUND, msg);
}

std::string ListEntryNames(const tgrt_entry_def *entries, int64_t n) {
  std::string out;
  for (int64_t i = 0; i < n; ++i)
    out += std::string(i ? ", '" : "'") + entries[i].name + "'";
  return out;
}

void AppendJsonString(std::string &out, const char *s) {
  out += '"';
  for (const unsigned char *p = reinterpret_cast<const unsigned char *>(s); *p;
       ++p) {
    unsigned char c = *p;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
}

void AppendSigs(std::string &out, int64_t n, const tgrt_tensor_sig *sigs) {
  out += '[';
  for (int64_t i = 0; i < n; ++i) {
    if (i)
      out += ',';
    out += "{\"name\":";
    AppendJsonString(out, sigs[i].name);
    out += ",\"dtype\":\"";
    out += tgrt_dtype_name(sigs[i].dtype);
    out += "\",\"shape\":";
    out += FormatShape(sigs[i].rank, sigs[i].dims);
    out += '}';
  }
  out += ']';
}

} // namespace

extern "C" {

tgrt_status *tgrt_model_validate(const tgrt_model_def *model) {
  return Guard([&] { return ValidateImpl(model); });
}

const char *tgrt_model_name(const tgrt_model_def *model) {
  return model ? model->name : nullptr;
}

int64_t tgrt_model_num_feeds(const tgrt_model_def *model) {
  return model ? model->num_feeds : -1;
}

int64_t tgrt_model_num_fetches(const tgrt_model_def *model) {
  return model ? model->num_fetches : -1;
}

int64_t tgrt_model_num_variables(const tgrt_model_def *model) {
  return model ? model->num_variables : -1;
}

const tgrt_tensor_sig *tgrt_model_feed(const tgrt_model_def *model,
                                       int64_t index) {
  if (!model || !model->feeds || index < 0 || index >= model->num_feeds)
    return nullptr;
  return &model->feeds[index];
}

const tgrt_tensor_sig *tgrt_model_fetch(const tgrt_model_def *model,
                                        int64_t index) {
  if (!model || !model->fetches || index < 0 || index >= model->num_fetches)
    return nullptr;
  return &model->fetches[index];
}

const tgrt_variable_def *tgrt_model_variable(const tgrt_model_def *model,
                                             int64_t index) {
  if (!model || !model->variables || index < 0 || index >= model->num_variables)
    return nullptr;
  return &model->variables[index];
}

tgrt_status *tgrt_model_find_feed(const tgrt_model_def *model, const char *name,
                                  int64_t *out_index) {
  return Guard([&] {
    return FindImpl(model, "feed", "feeds", name, out_index,
                    model ? model->num_feeds : 0,
                    model ? model->feeds : nullptr, &ListNames);
  });
}

tgrt_status *tgrt_model_find_fetch(const tgrt_model_def *model,
                                   const char *name, int64_t *out_index) {
  return Guard([&] {
    return FindImpl(model, "fetch", "fetches", name, out_index,
                    model ? model->num_fetches : 0,
                    model ? model->fetches : nullptr, &ListNames);
  });
}

tgrt_status *tgrt_model_find_variable(const tgrt_model_def *model,
                                      const char *name, int64_t *out_index) {
  return Guard([&] {
    return FindImpl(model, "variable", "variables", name, out_index,
                    model ? model->num_variables : 0,
                    model ? model->variables : nullptr, &ListVariableNames);
  });
}

int64_t tgrt_model_num_entries(const tgrt_model_def *model) {
  return model ? model->num_entries : -1;
}

const tgrt_entry_def *tgrt_model_entry(const tgrt_model_def *model,
                                       int64_t index) {
  if (!model || !model->entries || index < 0 || index >= model->num_entries)
    return nullptr;
  return &model->entries[index];
}

tgrt_status *tgrt_model_find_entry(const tgrt_model_def *model,
                                   const char *name, int64_t *out_index) {
  return Guard([&] {
    return FindImpl(model, "entry", "entries", name, out_index,
                    model ? model->num_entries : 0,
                    model ? model->entries : nullptr, &ListEntryNames);
  });
}

tgrt_status *tgrt_model_signature_json(const tgrt_model_def *model,
                                       char **out_json) {
  return Guard([&]() -> tgrt_status * {
    if (!out_json)
      return MakeStatus(TGRT_INVALID_ARGUMENT, "out_json is NULL");
    if (tgrt_status *s = ValidateImpl(model))
      return s;
    std::string json = "{\"feeds\":";
    AppendSigs(json, model->num_feeds, model->feeds);
    json += ",\"fetches\":";
    AppendSigs(json, model->num_fetches, model->fetches);
    json += ",\"entries\":[";
    for (int64_t i = 0; i < model->num_entries; ++i) {
      const tgrt_entry_def &e = model->entries[i];
      json += i ? ",{\"name\":" : "{\"name\":";
      AppendJsonString(json, e.name);
      json += ",\"feeds\":[";
      for (int64_t k = 0; k < e.num_feeds; ++k) {
        if (k)
          json += ',';
        AppendJsonString(json, model->feeds[e.feeds[k]].name);
      }
      json += "],\"fetches\":[";
      for (int64_t k = 0; k < e.num_fetches; ++k) {
        if (k)
          json += ',';
        AppendJsonString(json, model->fetches[e.fetches[k]].name);
      }
      json += "]}";
    }
    json += "]}";
    char *buf = static_cast<char *>(std::malloc(json.size() + 1));
    if (!buf)
      return OutOfMemoryStatus();
    std::memcpy(buf, json.c_str(), json.size() + 1);
    *out_json = buf;
    return nullptr;
  });
}

} // extern "C"

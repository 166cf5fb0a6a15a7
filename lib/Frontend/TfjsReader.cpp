//===- TfjsReader.cpp - TF.js graph models (model.json + weight shards) ---===//
//
// A TF.js graph model is a JSON file with
//   - "modelTopology": a GraphDef in protobuf's JSON mapping, whose weight
//     Const nodes carry no values;
//   - "weightsManifest": groups of {"paths": [shard files], "weights":
//     [{"name", "shape", "dtype", "quantization"?}]}; the weights of a group
//     lie back to back in the concatenation of its shards, in order;
//   - "signature" (optional): the model's inputs and outputs.
// The reader parses the topology with protobuf's JSON parser, decodes the
// weights (dequantizing uint8/uint16 as value * scale + min, and float16
// to float32) into the Consts' "value" tensors, and returns the signature.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <cstring>

using namespace tgc::frontend;
namespace json = llvm::json;

namespace {

/// IEEE half -> single precision.
float halfToFloat(uint16_t half) {
  uint32_t sign = uint32_t(half & 0x8000) << 16;
  uint32_t exponent = (half >> 10) & 0x1f;
  uint32_t mantissa = half & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) { // inf, nan
    bits = sign | 0x7f800000 | (mantissa << 13);
  } else if (exponent != 0) { // normal
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) { // zero
    bits = sign;
  } else { // subnormal: normalise
    exponent = 113;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      --exponent;
    }
    bits = sign | (exponent << 23) | ((mantissa & 0x3ff) << 13);
  }
  float result;
  std::memcpy(&result, &bits, sizeof(result));
  return result;
}

/// Bytes per element of a TF.js storage dtype; 0 when unknown.
int64_t storageBytes(llvm::StringRef dtype) {
  return llvm::StringSwitch<int64_t>(dtype)
      .Cases("float32", "int32", 4)
      .Case("complex64", 8)
      .Cases("uint16", "float16", "int16", 2)
      .Cases("bool", "uint8", "int8", 1)
      .Default(0);
}

std::optional<int> tfDataType(llvm::StringRef dtype) {
  return llvm::StringSwitch<std::optional<int>>(dtype)
      .Case("float32", tfp::DT_FLOAT)
      .Case("int32", tfp::DT_INT32)
      .Case("bool", tfp::DT_BOOL)
      .Case("complex64", tfp::DT_COMPLEX64)
      .Case("string", tfp::DT_STRING)
      .Default(std::nullopt);
}

class Reader {
public:
  Reader(const std::string &directory, const std::string &sourceName,
         TfjsModel &model, std::string &error)
      : directory(directory), sourceName(sourceName), model(model),
        error(error) {}

  bool read(llvm::StringRef text);

private:
  bool fail(const llvm::Twine &message) {
    error = sourceName + ": " + message.str();
    return false;
  }
  bool readWeights(const json::Array &manifest);
  bool readGroup(const json::Object &group, size_t groupIndex);
  bool decodeWeight(const json::Object &weight, llvm::StringRef data,
                    size_t &offset, const std::string &shards);
  bool readSignature(const json::Object &signature);

  std::string directory, sourceName;
  TfjsModel &model;
  std::string &error;
  llvm::StringMap<tfp::NodeDef *> consts;
};

bool Reader::read(llvm::StringRef text) {
  llvm::Expected<json::Value> parsed = json::parse(text);
  if (!parsed)
    return fail("invalid JSON: " + llvm::toString(parsed.takeError()));
  const json::Object *root = parsed->getAsObject();
  if (!root)
    return fail("not a TF.js model: the top level is not a JSON object");
  const json::Value *topology = root->get("modelTopology");
  if (!topology || !topology->getAsObject())
    return fail("not a TF.js graph model: no \"modelTopology\" object");
  if (const json::Value *format = root->get("format"))
    if (std::optional<llvm::StringRef> name = format->getAsString();
        name && *name != "graph-model")
      return fail("TF.js format '" + *name +
                  "' is not supported (only graph-model; a layers-model "
                  "needs converting with the TF.js converter)");

  std::string topologyText;
  {
    llvm::raw_string_ostream os(topologyText);
    os << *topology;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(
      topologyText, &model.graph, options);
  if (!status.ok())
    return fail("\"modelTopology\" is not a GraphDef: " +
                std::string(status.message()));

  for (tfp::NodeDef &node : *model.graph.mutable_node())
    if (node.op() == "Const")
      consts[node.name()] = &node;

  if (const json::Value *manifest = root->get("weightsManifest")) {
    const json::Array *groups = manifest->getAsArray();
    if (!groups)
      return fail("\"weightsManifest\" is not an array");
    if (!readWeights(*groups))
      return false;
  }
  const json::Value *signature = root->get("signature");
  if (!signature)
    if (const json::Object *metadata = root->getObject("userDefinedMetadata"))
      signature = metadata->get("signature");
  if (signature) {
    if (!signature->getAsObject())
      return fail("\"signature\" is not an object");
    if (!readSignature(*signature->getAsObject()))
      return false;
  }
  return true;
}

bool Reader::readWeights(const json::Array &manifest) {
  for (size_t i = 0; i < manifest.size(); ++i) {
    const json::Object *group = manifest[i].getAsObject();
    if (!group)
      return fail("weightsManifest[" + llvm::Twine(i) + "] is not an object");
    if (!readGroup(*group, i))
      return false;
  }
  return true;
}

bool Reader::readGroup(const json::Object &group, size_t groupIndex) {
  const json::Array *paths = group.getArray("paths");
  const json::Array *weights = group.getArray("weights");
  if (!paths || !weights)
    return fail("weightsManifest[" + llvm::Twine(groupIndex) +
                "] needs \"paths\" and \"weights\" arrays");
  // The shards of a group, concatenated in order.
  std::string data, shardNames;
  for (const json::Value &path : *paths) {
    std::optional<llvm::StringRef> name = path.getAsString();
    if (!name)
      return fail("a weight shard path is not a string");
    bool escapes = llvm::sys::path::is_absolute(*name) ||
                   llvm::any_of(llvm::make_range(
                                    llvm::sys::path::begin(*name),
                                    llvm::sys::path::end(*name)),
                                [](llvm::StringRef c) { return c == ".."; });
    if (escapes)
      return fail("weight shard path '" + *name +
                  "' must stay in the model's directory");
    llvm::SmallString<256> file(directory);
    llvm::sys::path::append(file, *name);
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return fail("cannot read weight shard '" + file +
                  "': " + buffer.getError().message());
    data += (*buffer)->getBuffer();
    shardNames += (shardNames.empty() ? "" : ", ") + name->str();
  }
  size_t offset = 0;
  for (const json::Value &weight : *weights) {
    const json::Object *object = weight.getAsObject();
    if (!object)
      return fail("a weight of the manifest is not an object");
    if (!decodeWeight(*object, data, offset, shardNames))
      return false;
  }
  return true;
}

bool Reader::decodeWeight(const json::Object &weight, llvm::StringRef data,
                          size_t &offset, const std::string &shards) {
  std::optional<llvm::StringRef> name = weight.getString("name");
  std::optional<llvm::StringRef> dtype = weight.getString("dtype");
  const json::Array *shape = weight.getArray("shape");
  if (!name || !dtype || !shape)
    return fail("a weight needs \"name\", \"dtype\" and \"shape\"");
  std::string where = "weight '" + name->str() + "'";

  tfp::TensorProto tensor;
  int64_t count = 1;
  constexpr int64_t kMaxElements = int64_t(1) << 34;
  for (const json::Value &dim : *shape) {
    std::optional<int64_t> size = dim.getAsInteger();
    if (!size || *size < 0)
      return fail(where + " has an invalid dimension in its shape");
    if (*size != 0 && count > kMaxElements / *size)
      return fail(where + " has an absurdly large shape");
    count *= *size;
    tensor.mutable_tensor_shape()->add_dim()->set_size(*size);
  }

  std::optional<int> tfType = tfDataType(*dtype);
  if (!tfType)
    return fail(where + " has unknown dtype '" + *dtype + "'");
  if (*tfType == tfp::DT_STRING)
    return fail(where + " is a string tensor, which tgc does not support");
  tensor.set_dtype(static_cast<tfp::DataType>(*tfType));

  // Stored as `dtype`, or quantized as uint8/uint16 (affine) or float16.
  llvm::StringRef stored = *dtype;
  double scale = 1, min = 0;
  const json::Object *quantization = weight.getObject("quantization");
  if (quantization) {
    std::optional<llvm::StringRef> qtype = quantization->getString("dtype");
    if (!qtype)
      return fail(where + ": quantization without \"dtype\"");
    stored = *qtype;
    if (stored == "uint8" || stored == "uint16") {
      std::optional<double> s = quantization->getNumber("scale");
      std::optional<double> m = quantization->getNumber("min");
      if (!s || !m)
        return fail(where + ": " + stored +
                    " quantization needs \"scale\" and \"min\"");
      scale = *s;
      min = *m;
    } else if (stored != "float16") {
      return fail(where + ": unsupported quantization dtype '" + stored + "'");
    }
    if (*tfType != tfp::DT_FLOAT && *tfType != tfp::DT_INT32)
      return fail(where + ": quantized weights must be float32 or int32");
  }
  int64_t elementBytes = storageBytes(stored);
  if (elementBytes == 0)
    return fail(where + " has unknown storage dtype '" + stored + "'");
  uint64_t bytes = uint64_t(count) * elementBytes;
  if (offset + bytes > data.size())
    return fail(where + " needs " + llvm::Twine(bytes) + " bytes at offset " +
                llvm::Twine(offset) + " but the shards (" + shards +
                ") hold only " + llvm::Twine(data.size()) +
                " bytes: a shard is missing or short");
  const char *raw = data.data() + offset;
  offset += bytes;

  std::string &content = *tensor.mutable_tensor_content();
  if (!quantization) {
    content.assign(raw, bytes);
  } else {
    // Dequantise into the weight's dtype.
    content.resize(count * 4);
    for (int64_t i = 0; i < count; ++i) {
      float value;
      if (stored == "float16") {
        uint16_t half;
        std::memcpy(&half, raw + 2 * i, 2);
        value = halfToFloat(half);
      } else if (stored == "uint8") {
        value = float(uint8_t(raw[i]) * scale + min);
      } else {
        uint16_t q;
        std::memcpy(&q, raw + 2 * i, 2);
        value = float(q * scale + min);
      }
      if (*tfType == tfp::DT_INT32) {
        int32_t integer = int32_t(std::lround(value));
        std::memcpy(&content[4 * i], &integer, 4);
      } else {
        std::memcpy(&content[4 * i], &value, 4);
      }
    }
  }

  auto node = consts.find(*name);
  if (node == consts.end())
    return fail(where + " names no Const node of the topology");
  // The converter stores int64 Consts as int32 and float64 as float32: the
  // node's dtype wins.
  auto &attrs = *node->second->mutable_attr();
  auto nodeType = attrs.find("dtype");
  if (nodeType != attrs.end() &&
      nodeType->second.value_case() == tfp::AttrValue::kType &&
      nodeType->second.type() != *tfType) {
    int target = nodeType->second.type();
    std::string widened(count * 8, '\0');
    if (target == tfp::DT_INT64 && *tfType == tfp::DT_INT32) {
      for (int64_t i = 0; i < count; ++i) {
        int32_t v;
        std::memcpy(&v, &content[4 * i], 4);
        int64_t w = v;
        std::memcpy(&widened[8 * i], &w, 8);
      }
    } else if (target == tfp::DT_DOUBLE && *tfType == tfp::DT_FLOAT) {
      for (int64_t i = 0; i < count; ++i) {
        float v;
        std::memcpy(&v, &content[4 * i], 4);
        double w = v;
        std::memcpy(&widened[8 * i], &w, 8);
      }
    } else {
      return fail(where + " is stored as " + *dtype + " but its node '" +
                  *name + "' has dtype " + dataTypeName(target));
    }
    content = std::move(widened);
    tensor.set_dtype(static_cast<tfp::DataType>(target));
  }
  *attrs["value"].mutable_tensor() = std::move(tensor);
  attrs["dtype"].set_type(attrs["value"].tensor().dtype());
  return true;
}

/// "x:0" -> "x"; other outputs keep their index.
std::string tensorName(llvm::StringRef name) {
  if (name.ends_with(":0"))
    return name.drop_back(2).str();
  return name.str();
}

bool Reader::readSignature(const json::Object &signature) {
  auto entries = [&](const char *key)
      -> std::optional<std::vector<std::pair<std::string, const json::Object *>>> {
    std::vector<std::pair<std::string, const json::Object *>> result;
    const json::Object *object = signature.getObject(key);
    if (!object)
      return result;
    for (const auto &[k, v] : *object) {
      const json::Object *entry = v.getAsObject();
      if (!entry)
        return std::nullopt;
      std::optional<llvm::StringRef> name = entry->getString("name");
      result.emplace_back(tensorName(name ? *name : llvm::StringRef(k)), entry);
    }
    // JSON objects are unordered: sort by name for a stable signature.
    llvm::sort(result, [](auto &a, auto &b) { return a.first < b.first; });
    return result;
  };
  auto inputs = entries("inputs");
  auto outputs = entries("outputs");
  if (!inputs || !outputs)
    return fail("\"signature\" entries must be objects");
  for (auto &[name, entry] : *inputs) {
    std::optional<std::vector<int64_t>> shape;
    if (const json::Object *tensorShape = entry->getObject("tensorShape")) {
      if (!tensorShape->getBoolean("unknownRank").value_or(false)) {
        shape.emplace();
        if (const json::Array *dims = tensorShape->getArray("dim")) {
          for (const json::Value &dim : *dims) {
            const json::Object *object = dim.getAsObject();
            int64_t size = 0; // a dim without "size" has size 0 in proto3
            if (object && object->get("size")) {
              const json::Value *value = object->get("size");
              std::optional<int64_t> number = value->getAsInteger();
              if (!number)
                if (std::optional<llvm::StringRef> text = value->getAsString())
                  if (int64_t parsed; !text->getAsInteger(10, parsed))
                    number = parsed;
              if (!number || *number < -1)
                return fail("signature input '" + name +
                            "' has an invalid dimension");
              size = *number;
            }
            shape->push_back(size);
          }
        }
      }
    }
    model.inputs.emplace_back(name, shape);
  }
  for (auto &[name, entry] : *outputs)
    model.outputs.push_back(name);
  return true;
}

} // namespace

bool tgc::frontend::parseTfjsModel(llvm::StringRef json,
                                   const std::string &directory,
                                   const std::string &sourceName,
                                   TfjsModel &model, std::string &error) {
  return Reader(directory, sourceName, model, error).read(json);
}

bool tgc::frontend::readTfjsModel(const std::string &path, TfjsModel &model,
                                  std::string &error) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/true,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    error = "cannot read '" + path + "': " + file.getError().message();
    return false;
  }
  std::string directory = llvm::sys::path::parent_path(path).str();
  if (directory.empty())
    directory = ".";
  return parseTfjsModel((*file)->getBuffer(), directory, path, model, error);
}

//===- GraphDefReader.cpp - GraphDef parsing and value conversion ---------===//

#include "ImporterInternal.h"

#include "tgc/Dialect/Tg/IR/TgDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

using namespace mlir;
using namespace tgc::frontend;

namespace {

/// Collects the first text-format error with its position.
class TextErrorCollector : public google::protobuf::io::ErrorCollector {
public:
  void AddError(int line, int column, const std::string &message) override {
    if (!error.empty())
      return;
    error = std::to_string(line + 1) + ":" + std::to_string(column + 1) +
            ": " + message;
  }
  void AddWarning(int, int, const std::string &) override {}
  std::string error;
};

} // namespace

/// libprotobuf logs parse problems (invalid UTF-8 in a string field, ...)
/// to stderr; tgc reports its own error instead.
static void silenceProtobufLogs() {
  static bool silenced = [] {
    google::protobuf::SetLogHandler(
        [](google::protobuf::LogLevel level, const char *, int,
           const std::string &) {
          (void)level;
        });
    return true;
  }();
  (void)silenced;
}

bool tgc::frontend::parseGraphDef(llvm::StringRef buffer,
                                  llvm::StringRef format,
                                  const std::string &sourceName,
                                  tfp::GraphDef &graph, std::string &error) {
  silenceProtobufLogs();
  if (format == "text") {
    google::protobuf::TextFormat::Parser parser;
    TextErrorCollector collector;
    parser.RecordErrorsTo(&collector);
    if (buffer.size() > static_cast<size_t>(INT32_MAX) ||
        !parser.ParseFromString(std::string(buffer), &graph)) {
      error = sourceName + ":" +
              (collector.error.empty() ? std::string(" cannot parse text GraphDef")
                                       : collector.error);
      return false;
    }
    return true;
  }
  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t *>(buffer.data()),
      static_cast<int>(std::min<size_t>(buffer.size(), INT32_MAX)));
  stream.SetTotalBytesLimit(INT32_MAX);
  if (buffer.size() > static_cast<size_t>(INT32_MAX) ||
      !graph.ParseFromCodedStream(&stream) ||
      !stream.ConsumedEntireMessage()) {
    error = sourceName +
            ": not a valid binary GraphDef (truncated or corrupt protobuf)";
    // A text GraphDef saved under a binary name parses as garbage.
    llvm::StringRef text = buffer.ltrim();
    while (text.starts_with("#")) // comment lines
      text = text.drop_until([](char c) { return c == '\n'; }).ltrim();
    if (text.starts_with("node {") || text.starts_with("node{") ||
        text.starts_with("versions {") || text.starts_with("library {"))
      error += "; it looks like a text GraphDef: name it .pbtxt";
    return false;
  }
  return true;
}

std::string tgc::frontend::dataTypeName(int dtype) {
  if (tfp::DataType_IsValid(dtype))
    return tfp::DataType_Name(static_cast<tfp::DataType>(dtype));
  return "dtype " + std::to_string(dtype);
}

std::optional<int> tgc::frontend::dataTypeOf(Type type) {
  if (type.isF32())
    return tfp::DT_FLOAT;
  if (type.isF64())
    return tfp::DT_DOUBLE;
  if (type.isF16())
    return tfp::DT_HALF;
  if (type.isBF16())
    return tfp::DT_BFLOAT16;
  if (type.isInteger(1))
    return tfp::DT_BOOL;
  if (type.isUnsignedInteger(8))
    return tfp::DT_UINT8;
  if (type.isSignlessInteger(8))
    return tfp::DT_INT8;
  if (type.isSignlessInteger(16))
    return tfp::DT_INT16;
  if (type.isSignlessInteger(32))
    return tfp::DT_INT32;
  if (type.isSignlessInteger(64))
    return tfp::DT_INT64;
  return std::nullopt;
}

FailureOr<Type> tgc::frontend::convertDataType(MLIRContext *context, int dtype,
                                               Location loc,
                                               llvm::StringRef what) {
  // Reference types (TF1 variables) behave as their value type.
  if (dtype > 100)
    dtype -= 100;
  Builder b(context);
  switch (dtype) {
  case tfp::DT_FLOAT:
    return Type(b.getF32Type());
  case tfp::DT_DOUBLE:
    return Type(b.getF64Type());
  case tfp::DT_HALF:
    return Type(b.getF16Type());
  case tfp::DT_BFLOAT16:
    return Type(b.getBF16Type());
  case tfp::DT_BOOL:
    return Type(b.getI1Type());
  case tfp::DT_INT8:
    return Type(b.getI8Type());
  case tfp::DT_INT16:
    return Type(b.getI16Type());
  case tfp::DT_INT32:
    return Type(b.getI32Type());
  case tfp::DT_INT64:
    return Type(b.getI64Type());
  case tfp::DT_UINT8:
    return Type(b.getIntegerType(8, /*isSigned=*/false));
  default:
    return emitError(loc) << what << " has unsupported dtype "
                          << dataTypeName(dtype)
                          << " (tgc supports float32, float16, bfloat16, "
                             "float64, bool, int8, int16, int32, int64, uint8)";
  }
}

FailureOr<std::optional<SmallVector<int64_t>>>
tgc::frontend::convertShape(const tfp::TensorShapeProto &shape, Location loc,
                            llvm::StringRef what) {
  if (shape.unknown_rank())
    return std::optional<SmallVector<int64_t>>();
  SmallVector<int64_t> dims;
  for (const auto &dim : shape.dim()) {
    if (dim.size() < -1)
      return emitError(loc) << what << " has a negative dimension "
                            << dim.size();
    dims.push_back(dim.size() == -1 ? ShapedType::kDynamic : dim.size());
  }
  return std::optional<SmallVector<int64_t>>(std::move(dims));
}

namespace {

/// Fills `count` elements from a repeated field, repeating the last value
/// as TensorFlow does when fewer values than elements are given.
template <typename T, typename Field>
SmallVector<T> expandValues(const Field &field, int64_t count) {
  SmallVector<T> values;
  values.reserve(count);
  for (int64_t i = 0; i < count; ++i)
    values.push_back(field.empty() ? T()
                                   : static_cast<T>(field.Get(std::min<int64_t>(
                                         i, field.size() - 1))));
  return values;
}

} // namespace

FailureOr<ElementsAttr>
tgc::frontend::convertTensor(MLIRContext *context,
                             const tfp::TensorProto &tensor, Location loc) {
  FailureOr<Type> elementType =
      convertDataType(context, tensor.dtype(), loc, "tensor value");
  if (failed(elementType))
    return failure();
  SmallVector<int64_t> shape;
  int64_t count = 1;
  // MLIR's dense attributes hold at most 2^32 - 1 elements.
  constexpr int64_t kMaxElements = (int64_t(1) << 31) - 1;
  for (const auto &dim : tensor.tensor_shape().dim()) {
    if (dim.size() < 0)
      return emitError(loc) << "tensor value has a negative dimension "
                            << dim.size();
    if (dim.size() != 0 && count > kMaxElements / dim.size())
      return emitError(loc) << "tensor value has an absurdly large shape ("
                            << "more than " << kMaxElements << " elements)";
    count *= dim.size();
    shape.push_back(dim.size());
  }
  auto type = RankedTensorType::get(shape, *elementType);
  int64_t elementBytes =
      std::max<int64_t>(1, elementType->getIntOrFloatBitWidth() / 8);

  const std::string &content = tensor.tensor_content();
  if (!content.empty()) {
    if (static_cast<int64_t>(content.size()) != count * elementBytes)
      return emitError(loc)
             << "tensor value has " << content.size()
             << " bytes of content, but its shape and dtype need "
             << count * elementBytes;
    if (elementType->isInteger(1)) {
      SmallVector<bool> values;
      for (char c : content)
        values.push_back(c != 0);
      return ElementsAttr(DenseElementsAttr::get(type, values));
    }
    return ElementsAttr(DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(content.data(), content.size())));
  }

  // Typed value fields: check the count, then expand. One value (or none)
  // is a splat, stored once however large the shape.
  auto splatOf = [&](int given) { return given <= 1 && count > 1; };
  auto tooMany = [&](int64_t given) -> FailureOr<ElementsAttr> {
    return emitError(loc) << "tensor value lists " << given
                          << " values for a shape of " << count
                          << " elements";
  };
  Type et = *elementType;
  if (et.isF32()) {
    if (tensor.float_val_size() > count)
      return tooMany(tensor.float_val_size());
    if (splatOf(tensor.float_val_size()))
      return ElementsAttr(DenseElementsAttr::get(
          type, tensor.float_val().empty() ? 0.0f : tensor.float_val(0)));
    return ElementsAttr(DenseElementsAttr::get(
        type, ArrayRef(expandValues<float>(tensor.float_val(), count))));
  }
  if (et.isF64()) {
    if (tensor.double_val_size() > count)
      return tooMany(tensor.double_val_size());
    if (splatOf(tensor.double_val_size()))
      return ElementsAttr(DenseElementsAttr::get(
          type, tensor.double_val().empty() ? 0.0 : tensor.double_val(0)));
    return ElementsAttr(DenseElementsAttr::get(
        type, ArrayRef(expandValues<double>(tensor.double_val(), count))));
  }
  if (et.isF16() || et.isBF16()) {
    if (tensor.half_val_size() > count)
      return tooMany(tensor.half_val_size());
    const llvm::fltSemantics &semantics =
        cast<FloatType>(et).getFloatSemantics();
    if (splatOf(tensor.half_val_size()))
      return ElementsAttr(DenseElementsAttr::get(
          type, APFloat(semantics,
                        APInt(16, tensor.half_val().empty()
                                      ? 0
                                      : uint16_t(tensor.half_val(0))))));
    SmallVector<APFloat> values;
    for (uint16_t bits : expandValues<uint16_t>(tensor.half_val(), count))
      values.push_back(APFloat(semantics, APInt(16, bits)));
    return ElementsAttr(DenseElementsAttr::get(type, values));
  }
  if (et.isInteger(1)) {
    if (tensor.bool_val_size() > count)
      return tooMany(tensor.bool_val_size());
    if (splatOf(tensor.bool_val_size()))
      return ElementsAttr(DenseElementsAttr::get(
          type, !tensor.bool_val().empty() && tensor.bool_val(0)));
    SmallVector<bool> values;
    for (bool v : expandValues<bool>(tensor.bool_val(), count))
      values.push_back(v);
    return ElementsAttr(DenseElementsAttr::get(type, values));
  }
  unsigned width = et.getIntOrFloatBitWidth();
  bool isSigned = !et.isUnsignedInteger();
  if (width == 64) {
    if (tensor.int64_val_size() > count)
      return tooMany(tensor.int64_val_size());
    if (splatOf(tensor.int64_val_size()))
      return ElementsAttr(DenseElementsAttr::get(
          type, APInt(64, tensor.int64_val().empty() ? 0 : tensor.int64_val(0),
                      /*isSigned=*/true)));
  } else {
    if (tensor.int_val_size() > count)
      return tooMany(tensor.int_val_size());
    if (splatOf(tensor.int_val_size()))
      return ElementsAttr(DenseElementsAttr::get(
          type, APInt(width,
                      static_cast<uint64_t>(
                          tensor.int_val().empty() ? 0 : tensor.int_val(0)),
                      isSigned)));
  }
  SmallVector<APInt> values;
  if (width == 64) {
    for (int64_t v : expandValues<int64_t>(tensor.int64_val(), count))
      values.push_back(APInt(64, v, /*isSigned=*/true));
  } else {
    for (int64_t v : expandValues<int64_t>(tensor.int_val(), count))
      values.push_back(APInt(width, static_cast<uint64_t>(v), isSigned));
  }
  return ElementsAttr(DenseElementsAttr::get(type, values));
}

std::optional<std::string>
tgc::frontend::unsupportedInputHint(const std::string &path) {
  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (llvm::sys::fs::is_directory(path))
    return "'" + path + "' is a directory without saved_model.pb; tgc reads "
                        "a SavedModel directory, a GraphDef (.pb, .pbtxt) or "
                        "a TF.js model.json";
  if (extension == ".h5" || extension == ".hdf5" || extension == ".keras")
    return "'" + path +
           "' is a Keras model file, which holds layers, not a graph: "
           "export a graph from it (keras.models.load_model, then freeze a "
           "tf.function of the model with convert_variables_to_constants_v2; "
           "see docs/getting-started.md) and compile the .pb";
  if (extension == ".tflite")
    return "'" + path +
           "' is a TensorFlow Lite model, which tgc does not read: compile "
           "the GraphDef or SavedModel it was converted from";
  if (extension == ".onnx")
    return "'" + path + "' is an ONNX model, which tgc does not read";
  return std::nullopt;
}

//===- ConfigReader.cpp - tfcompile's tf2xla.Config text proto ------------===//
//
//   feed { id { node_name: "x" output_index: 0 } shape { dim { size: 1 } }
//          name: "input" type: DT_FLOAT }
//   fetch { id { node_name: "probs" } name: "probs" }
//   variable { node_name: "w" name: "weights" readonly: true }
//
// Each entry becomes a feed, fetch or variable of the import, after those
// given on the command line.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"
#include "tf2xla_config.pb.h"

#include "tgc/Frontend/Import.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/MemoryBuffer.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

using namespace tgc;
using namespace tgc::frontend;

namespace {

class ConfigErrorCollector : public google::protobuf::io::ErrorCollector {
public:
  void AddError(int line, int column, const std::string &message) override {
    if (error.empty())
      error = std::to_string(line + 1) + ":" + std::to_string(column + 1) +
              ": " + message;
  }
  void AddWarning(int, int, const std::string &) override {}
  std::string error;
};

std::string tensorName(const tfp::TensorId &id) {
  if (id.output_index() == 0)
    return id.node_name();
  return id.node_name() + ":" + std::to_string(id.output_index());
}

} // namespace

std::optional<std::string> tgc::readTf2xlaConfig(const std::string &path,
                                                 ImportOptions &options) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    return "cannot read --config '" + path +
           "': " + file.getError().message();
  tfp::Config config;
  google::protobuf::TextFormat::Parser parser;
  ConfigErrorCollector collector;
  parser.RecordErrorsTo(&collector);
  if ((*file)->getBufferSize() > INT32_MAX ||
      !parser.ParseFromString(std::string((*file)->getBuffer()), &config))
    return path + ":" +
           (collector.error.empty() ? " not a tf2xla.Config" : collector.error);

  for (const tfp::Feed &feed : config.feed()) {
    if (feed.id().node_name().empty())
      return path + ": a feed has no id.node_name";
    if (feed.id().output_index() < 0)
      return path + ": feed '" + feed.id().node_name() +
             "' has a negative output_index";
    FeedSpec spec;
    spec.name = tensorName(feed.id());
    spec.alias = feed.name();
    if (feed.has_shape()) {
      if (feed.shape().unknown_rank())
        return path + ": feed '" + spec.name + "' has an unknown rank";
      std::vector<int64_t> shape;
      for (const auto &dim : feed.shape().dim()) {
        if (dim.size() < -1)
          return path + ": feed '" + spec.name + "' has a negative dimension";
        shape.push_back(dim.size() == -1 ? mlir::ShapedType::kDynamic
                                         : dim.size());
      }
      spec.shape = std::move(shape);
    }
    if (feed.type() != tfp::DT_INVALID)
      spec.dtype = feed.type();
    options.feeds.push_back(std::move(spec));
  }
  for (const tfp::Fetch &fetch : config.fetch()) {
    if (fetch.id().node_name().empty())
      return path + ": a fetch has no id.node_name";
    if (fetch.id().output_index() < 0)
      return path + ": fetch '" + fetch.id().node_name() +
             "' has a negative output_index";
    options.fetches.push_back({tensorName(fetch.id()), fetch.name()});
  }
  for (const tfp::Variable &variable : config.variable()) {
    if (variable.node_name().empty())
      return path + ": a variable has no node_name";
    options.variables.push_back(
        {variable.node_name(), variable.name(), variable.readonly()});
  }
  return std::nullopt;
}

//===- Header.cpp - The generated C++ header of a compiled model ----------===//
//
// The header declares the model's tgrt_model_def and a class deriving from
// tgrt::CompiledModel with typed accessors named after the feeds, fetches
// and variables, and their shapes as constexpr arrays.
//
//===----------------------------------------------------------------------===//

#include "tgc/Target/Common/Signature.h"
#include "tgrt/model_abi.h"

#include <cctype>
#include <set>
#include <sstream>

using namespace tgc;

namespace {

bool isKeyword(const std::string &text) {
  static const std::set<std::string> keywords = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor",
      "bool", "break", "case", "catch", "char", "char8_t", "char16_t",
      "char32_t", "class", "compl", "concept", "const", "consteval",
      "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do",
      "double", "dynamic_cast", "else", "enum", "explicit", "export",
      "extern", "false", "float", "for", "friend", "goto", "if", "inline",
      "int", "long", "mutable", "namespace", "new", "noexcept", "not",
      "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected",
      "public", "register", "reinterpret_cast", "requires", "return", "short",
      "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
      "switch", "template", "this", "thread_local", "throw", "true", "try",
      "typedef", "typeid", "typename", "union", "unsigned", "using",
      "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq"};
  return keywords.count(text) != 0;
}

bool isIdentifier(const std::string &text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0])) ||
      isKeyword(text))
    return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

/// Lower-case C identifier from a TF node name: "dense/BiasAdd:0" ->
/// "dense_biasadd_0".
std::string snakeIdentifier(const std::string &name) {
  std::string result;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    result += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  if (result.empty() || std::isdigit(static_cast<unsigned char>(result[0])))
    result = "_" + result;
  return result;
}

/// CamelCase identifier: "dense/bias_add" -> "DenseBiasAdd".
std::string camelIdentifier(const std::string &name) {
  std::string result;
  bool upper = true;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u)) {
      upper = true;
      continue;
    }
    result += upper ? static_cast<char>(std::toupper(u)) : c;
    upper = false;
  }
  if (result.empty() || std::isdigit(static_cast<unsigned char>(result[0])))
    result = "T" + result;
  return result;
}

/// Makes `candidate` unique within `used` by appending _2, _3, ...
std::string uniqueName(std::string candidate, std::set<std::string> &used) {
  std::string name = candidate;
  for (int i = 2; used.count(name); ++i)
    name = candidate + "_" + std::to_string(i);
  used.insert(name);
  return name;
}

std::string cppStringLiteral(const std::string &text) {
  std::string result = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      result += '\\';
    result += c;
  }
  return result + "\"";
}

} // namespace

const char *tgc::dtypeCppName(int64_t dtype) {
  switch (dtype) {
  case TGRT_DTYPE_F32:
    return "float";
  case TGRT_DTYPE_F64:
    return "double";
  case TGRT_DTYPE_F16:
  case TGRT_DTYPE_BF16:
    return "uint16_t"; // bit patterns; C++17 has no standard half type
  case TGRT_DTYPE_BOOL:
    return "bool";
  case TGRT_DTYPE_I8:
    return "int8_t";
  case TGRT_DTYPE_I16:
    return "int16_t";
  case TGRT_DTYPE_I32:
    return "int32_t";
  case TGRT_DTYPE_I64:
    return "int64_t";
  case TGRT_DTYPE_U8:
    return "uint8_t";
  default:
    return "void";
  }
}

bool tgc::deriveModelNames(const std::string &classOption,
                           const std::string &fallbackStem, ModelNames &names,
                           std::string &error) {
  std::string qualified =
      classOption.empty() ? camelIdentifier(fallbackStem) : classOption;
  // Split "a::b::C" and check every component.
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = qualified.find("::", start);
    parts.push_back(qualified.substr(start, pos - start));
    if (pos == std::string::npos)
      break;
    start = pos + 2;
  }
  for (const std::string &part : parts) {
    if (!isIdentifier(part)) {
      error = "invalid --class '" + qualified +
              "': expected a C++ name such as 'Model' or 'ns::Model'";
      return false;
    }
  }
  names.className = qualified;
  names.symbol = TGRT_SHARED_MODEL_SYMBOL;
  for (const std::string &part : parts)
    names.symbol += "_" + part;
  return true;
}

std::string tgc::generateHeader(const ModelSignature &signature,
                                const ModelNames &names) {
  std::vector<std::string> namespaces;
  std::string className = names.className;
  for (size_t pos; (pos = className.find("::")) != std::string::npos;) {
    namespaces.push_back(className.substr(0, pos));
    className = className.substr(pos + 2);
  }
  std::string guard = "TGC_GENERATED_" + names.symbol + "_H";
  for (char &c : guard)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  std::ostringstream os;
  os << "// Generated by tgc. Do not edit.\n"
     << "//\n"
     << "// Model " << names.className << ": " << signature.feeds.size()
     << " feed(s), " << signature.fetches.size() << " fetch(es), "
     << signature.variables.size() << " variable(s).\n"
     << "// Link the object file tgc emitted with it, and libtgrt.\n\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <array>\n#include <cstdint>\n\n"
     << "#include \"tgrt/tgrt.hpp\"\n\n"
     << "extern \"C\" const tgrt_model_def " << names.symbol << ";\n\n";
  for (const std::string &ns : namespaces)
    os << "namespace " << ns << " {\n";
  if (!namespaces.empty())
    os << "\n";

  os << "class " << className << " : public ::tgrt::CompiledModel {\n"
     << "public:\n"
     << "  static constexpr int64_t kNumFeeds = " << signature.feeds.size()
     << ";\n"
     << "  static constexpr int64_t kNumFetches = "
     << signature.fetches.size() << ";\n"
     << "  static constexpr int64_t kNumVariables = "
     << signature.variables.size() << ";\n\n"
     << "  explicit " << className
     << "(const ::tgrt::SessionOptions &options = {})\n"
     << "      : CompiledModel(&" << names.symbol << ", options) {}\n"
     << "  /// The descriptor compiled into the object file.\n"
     << "  static const tgrt_model_def *Definition() { return &"
     << names.symbol << "; }\n";

  // Entry points: Run() runs entry 0; a named method runs each entry of a
  // model with several (Predict(), TrainStep()).
  os << "\n  static constexpr int64_t kNumEntries = "
     << signature.entries.size() << ";\n";
  if (signature.entries.size() > 1) {
    std::set<std::string> usedMethods = {"Run", "RunEntry", "Save", "Restore",
                                         "Definition"};
    for (size_t i = 0; i < signature.entries.size(); ++i) {
      const EntrySignature &entry = signature.entries[i];
      std::string method =
          uniqueName(camelIdentifier(entry.name), usedMethods);
      os << "  // Entry " << i << " " << cppStringLiteral(entry.name)
         << ": feeds";
      for (int64_t feed : entry.feeds)
        os << " " << signature.feeds[feed].name;
      os << "; fetches";
      for (int64_t fetch : entry.fetches)
        os << " " << signature.fetches[fetch].name;
      os << ".\n  static constexpr int64_t kEntry" << method << " = " << i
         << ";\n  ::tgrt::Status " << method << "() { return RunEntry(" << i
         << "); }\n";
    }
  }

  std::set<std::string> usedAccessors, usedConstants;
  auto emitTensor = [&](const std::string &kind, const std::string &constKind,
                        const std::string &name, int64_t dtype,
                        const std::vector<int64_t> &shape, size_t index,
                        const char *getter, bool isConst) {
    std::string accessor =
        uniqueName(kind + "_" + snakeIdentifier(name), usedAccessors);
    std::string constant =
        uniqueName("k" + constKind + camelIdentifier(name), usedConstants);
    int64_t size = 1;
    for (int64_t dim : shape)
      size *= dim;
    os << "\n  // " << kind << " " << index << ": "
       << cppStringLiteral(name) << ", " << tgrt_abi_dtype_name(dtype) << "[";
    for (size_t i = 0; i < shape.size(); ++i)
      os << (i ? "," : "") << shape[i];
    os << "]\n";
    os << "  static constexpr int64_t " << constant << "Rank = "
       << shape.size() << ";\n";
    os << "  static constexpr std::array<int64_t, " << shape.size() << "> "
       << constant << "Shape{{";
    for (size_t i = 0; i < shape.size(); ++i)
      os << (i ? ", " : "") << shape[i];
    os << "}};\n";
    os << "  static constexpr int64_t " << constant << "Size = " << size
       << ";\n";
    os << "  static constexpr const char *" << constant
       << "Name = " << cppStringLiteral(name) << ";\n";
    const char *type = dtypeCppName(dtype);
    if (isConst)
      os << "  const " << type << " *" << accessor << "() const { return "
         << "static_cast<const " << type << " *>(" << getter << "(" << index
         << ")); }\n";
    else
      os << "  " << type << " *" << accessor << "() { return static_cast<"
         << type << " *>(" << getter << "(" << index << ")); }\n";
  };
  for (size_t i = 0; i < signature.feeds.size(); ++i)
    emitTensor("arg", "Arg", signature.feeds[i].name, signature.feeds[i].dtype,
               signature.feeds[i].shape, i, "feed_data", false);
  for (size_t i = 0; i < signature.fetches.size(); ++i)
    emitTensor("result", "Result", signature.fetches[i].name,
               signature.fetches[i].dtype, signature.fetches[i].shape, i,
               "fetch_data", true);
  for (size_t i = 0; i < signature.variables.size(); ++i)
    emitTensor("var", "Var", signature.variables[i].name,
               signature.variables[i].dtype, signature.variables[i].shape, i,
               "variable_data", false);
  os << "};\n";

  if (!namespaces.empty())
    os << "\n";
  for (auto it = namespaces.rbegin(); it != namespaces.rend(); ++it)
    os << "} // namespace " << *it << "\n";
  os << "\n#endif // " << guard << "\n";
  return os.str();
}

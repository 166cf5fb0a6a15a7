//===- Signature.h - A compiled model's signature ---------------*- C++ -*-===//
//
// What the code generators and the header generator know about an entry
// point: its feeds, fetches and variables. Plain C++, no MLIR, so that the
// header generator and its tests stay light.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TARGET_COMMON_SIGNATURE_H
#define TGC_TARGET_COMMON_SIGNATURE_H

#include <cstdint>
#include <string>
#include <vector>

namespace tgc {

/// A feed or a fetch. `dtype` is a tgrt_dtype (runtime/include/tgrt/model_abi.h).
struct TensorSignature {
  std::string name;
  int64_t dtype = 0;
  std::vector<int64_t> shape;
};

/// A variable with the bytes of its initial value (row-major, little-endian,
/// one byte per bool).
struct VariableSignature {
  std::string name;
  int64_t dtype = 0;
  std::vector<int64_t> shape;
  std::vector<char> initialValue;
};

/// An entry point: its lowered function and what it uses, as indices into
/// the model's feeds, fetches and variables.
struct EntrySignature {
  std::string name;     // "main", "predict", "train_step"
  std::string function; // the lowered function's symbol
  std::vector<int64_t> feeds;
  std::vector<int64_t> fetches;
  /// The model variables the lowered function takes, in its parameter order.
  std::vector<int64_t> variables;
  int64_t arenaBytes = 0;
};

/// Feeds and fetches are the union over the entries; variables are shared.
struct ModelSignature {
  std::vector<TensorSignature> feeds;
  std::vector<TensorSignature> fetches;
  std::vector<VariableSignature> variables;
  std::vector<EntrySignature> entries;
};

/// Naming of a compiled model: the C++ class of the generated header and the
/// C symbol of its tgrt_model_def.
struct ModelNames {
  /// Fully qualified class, e.g. "mnist::Mlp".
  std::string className;
  /// e.g. "tgc_model_mnist_Mlp".
  std::string symbol;
};

/// Derives the names from a `--class` value ("ns::Name"); an empty value
/// takes the CamelCase of `fallbackStem` (a file name without extension).
/// Fails, with a message in `error`, when the class is not a valid C++
/// qualified identifier.
bool deriveModelNames(const std::string &classOption,
                      const std::string &fallbackStem, ModelNames &names,
                      std::string &error);

/// The C++ element type of a tgrt dtype in generated headers ("float", ...).
const char *dtypeCppName(int64_t dtype);

/// (Names and sizes of dtypes: tgrt_abi_dtype_name, tgrt_abi_dtype_size in
/// tgrt/model_abi.h.)

/// Writes the generated C++ header of a model.
std::string generateHeader(const ModelSignature &signature,
                           const ModelNames &names);

} // namespace tgc

#endif // TGC_TARGET_COMMON_SIGNATURE_H

//===- Driver.h - The tgc pipeline as a library -----------------*- C++ -*-===//

#ifndef TGC_DRIVER_DRIVER_H
#define TGC_DRIVER_DRIVER_H

#include "tgc/Transforms/OptimizerDefaults.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace tgc {

/// What `tgc` writes. Each is a stage of the pipeline, in order.
enum class EmitKind {
  Tg,
  Dot, // a Graphviz picture of the tg graph, fused kernels as clusters
  Linalg,
  LLVMDialect,
  LLVMIR,
  Asm,
  Obj,
  Shared,
  Header,
  Ptx // --target=cuda: the kernels' PTX
};

/// Parses an --emit value; false when unknown.
bool parseEmitKind(const std::string &text, EmitKind &kind);

struct CompileOptions {
  std::string input;
  std::vector<std::string> fetches;
  /// "NODE", "NODE:SHAPE" (see tgc::parseFeedSpec).
  std::vector<std::string> feeds;
  /// A tfcompile tf2xla.Config text proto with more feeds, fetches and
  /// variables.
  std::string config;
  /// Const nodes that become updatable variables.
  std::vector<std::string> variables;
  /// A TensorFlow V2 checkpoint prefix whose tensors initialise the
  /// variables.
  std::string checkpoint;
  /// Variables become constants of their (checkpoint) values.
  bool freeze = false;
  /// The SavedModel signature to compile.
  std::string signature = "serving_default";
  /// Drop TF Assert nodes instead of checking them at run time.
  bool stripAsserts = false;
  /// A scalar loss node: the entry returns it and d(loss)/d(x) for each
  /// name in `wrt` (tg-gradients).
  std::string gradientsOf;
  std::vector<std::string> wrt;
  /// --train: entries `predict` (the fetches) and `train_step` (the loss
  /// `loss`; `variables` updated by `optimizer`), see tg-optimizer.
  bool train = false;
  std::string loss;
  std::string optimizer = "sgd";
  /// The defaults are tg-optimizer's (tgc/Transforms/OptimizerDefaults.h);
  /// the learning rate's default is the optimizer's own (0.01 for sgd and
  /// momentum, 0.001 for adam).
  double learningRate = tg::kOptimizerDefaultLearningRate;
  double momentum = tg::kDefaultMomentum;
  double beta1 = tg::kDefaultBeta1;
  double beta2 = tg::kDefaultBeta2;
  double epsilon = tg::kDefaultEpsilon;
  EmitKind emit = EmitKind::Obj;
  /// "cpu" (the host, or --target-triple) or "cuda" (PTX for --gpu-arch).
  std::string target = "cpu";
  std::string gpuArch = "sm_80";
  /// PTX ISA version override ("7.8"); empty: the arch's minimum.
  std::string ptxVersion;
  /// Output file; empty picks a default from the input's name ("-" is
  /// stdout for textual outputs).
  std::string output;
  /// Also write the generated header here (with obj/shared).
  std::string header;
  /// C++ class of the generated header, "ns::Name".
  std::string className;
  std::string targetTriple;
  std::string cpu;
  std::string features;
  int optLevel = 3;
  /// Threads that optimise and generate machine code (-j); 0: all cores.
  /// The output does not depend on it.
  unsigned jobs = 0;
  /// Code parts of an object (--codegen-parts); 0: from the model's size.
  /// One part needs no linker for --emit=obj.
  unsigned codegenParts = 0;
  /// Multiply-adds become FMAs (see cpu::TargetOptions::fpContract).
  bool fpContract = true;
  /// Write the IR after every stage as numbered files into this directory.
  std::string dumpDir;
  /// Print the time of every pass.
  bool timing = false;
  /// -v: print each stage with its time, and the files written.
  bool verbose = false;
  /// Compiler driver that links --emit=shared, and joins the code parts of
  /// --emit=obj (-r), ("cc" when empty).
  std::string linker;
};

/// The TensorFlow op types the frontend imports (tgc --list-ops).
std::vector<std::string> listImportableOps();

/// Prints the CPUs LLVM knows for `triple` (empty: the host), marking the
/// host's, to `os` (tgc --mcpu=help); returns the exit code (errors go to
/// `errs`).
int printTargetCPUs(const std::string &triple, llvm::raw_ostream &os,
                    llvm::raw_ostream &errs);

/// Registers tgc's passes and MLIR's pass-manager, context and printer
/// options, so a tool's command line can name them
/// (--mlir-print-ir-after=canonicalize, ...).
void registerCommandLineOptions();

/// Runs the pipeline. Diagnostics go to `errs` as "tgc: error: ...".
/// Returns the process exit code: 0 on success, 1 on any error. No output
/// file is left behind on failure.
int compile(const CompileOptions &options, llvm::raw_ostream &errs);

} // namespace tgc

#endif

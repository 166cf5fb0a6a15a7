//===- tgc.cpp - The tgc command line -------------------------------------===//
//
// A thin layer over lib/Driver: parse the options, run the pipeline.
//
//===----------------------------------------------------------------------===//

#include "tgc/Driver/Driver.h"

#include "tgrt/model_abi.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace cl = llvm::cl;

static cl::OptionCategory category("tgc options");

static cl::opt<bool>
    listOps("list-ops",
            cl::desc("Print the TensorFlow op types tgc imports and exit"),
            cl::cat(category));
static cl::opt<std::string> input(cl::Positional, cl::Optional,
                                  cl::desc("<graph.pb | graph.pbtxt | model.json | module.mlir>"),
                                  cl::cat(category));
static cl::list<std::string>
    fetches("fetch", cl::desc("Node (or node:k) to compute; repeatable. "
                              "Default: every node that nothing consumes"),
            cl::value_desc("NODE"), cl::cat(category));
static cl::list<std::string> feeds(
    "feed",
    cl::desc("Node to feed, with its shape (x:1x784, x:?x3, x:scalar); "
             "repeatable. Placeholders the fetches need are fed anyway"),
    cl::value_desc("NODE[:SHAPE]"), cl::cat(category));
static cl::opt<std::string>
    config("config",
           cl::desc("tfcompile tf2xla.Config text proto with feeds, fetches "
                    "and variables (added after --feed/--fetch)"),
           cl::value_desc("FILE"), cl::cat(category));
static cl::list<std::string> variables(
    "variables",
    cl::desc("Const nodes that become updatable variables (comma-separated, "
             "repeatable)"),
    cl::value_desc("NODE,..."), cl::CommaSeparated, cl::cat(category));
static cl::opt<std::string> checkpoint(
    "checkpoint",
    cl::desc("TensorFlow V2 checkpoint (PREFIX of PREFIX.index and its data "
             "shards) whose tensors initialise the variables, by node name"),
    cl::value_desc("PREFIX"), cl::cat(category));
static cl::opt<std::string> signature(
    "signature",
    cl::desc("The signature of a SavedModel directory to compile (default "
             "serving_default); its input and output keys name the feeds "
             "and fetches"),
    cl::value_desc("NAME"), cl::init("serving_default"), cl::cat(category));
static cl::opt<bool> freeze(
    "freeze",
    cl::desc("Make the variables constants of their initial values (a "
             "SavedModel's or --checkpoint's), as freezing a graph does"),
    cl::cat(category));
static cl::opt<bool> stripAsserts(
    "strip-asserts",
    cl::desc("Drop the graph's Assert nodes instead of checking them at run "
             "time (a failed check ends the run with an error status)"),
    cl::cat(category));
static cl::opt<std::string> gradientsOf(
    "gradients-of",
    cl::desc("Compile an entry returning this scalar loss node and its "
             "gradients (with --wrt), fetched as grad_<node>"),
    cl::value_desc("LOSS"), cl::cat(category));
static cl::list<std::string>
    wrt("wrt",
        cl::desc("Feeds, variables or Const nodes to differentiate the "
                 "--gradients-of loss with respect to (comma-separated, "
                 "repeatable)"),
        cl::value_desc("NODE,..."), cl::CommaSeparated, cl::cat(category));
static cl::opt<bool>
    train("train",
          cl::desc("Compile two entries: predict (the fetches) and "
                   "train_step (feeds -> --loss; the --variables updated in "
                   "place by --optimizer)"),
          cl::cat(category));
static cl::opt<std::string>
    loss("loss", cl::desc("The scalar loss node that --train minimises"),
         cl::value_desc("NODE"), cl::cat(category));
static cl::opt<std::string>
    optimizer("optimizer", cl::desc("sgd | momentum | adam (default sgd)"),
              cl::init("sgd"), cl::cat(category));
// The training defaults are tg-optimizer's (through tgc::CompileOptions);
// the help text prints them from there.
static const tgc::CompileOptions defaults;

/// A default as the help text shows it: 0.9, 0.001, 1e-7.
static std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  std::string number = buffer;
  size_t e = number.find("e-0");
  if (e != std::string::npos)
    number.erase(e + 2, 1);
  return number;
}

static std::string withDefault(const char *text, double value) {
  return std::string(text) + " (default " + formatNumber(value) + ")";
}

static const std::string learningRateHelp =
    "Learning rate (default " +
    formatNumber(tgc::tg::defaultLearningRate("sgd")) +
    " for sgd and momentum, " +
    formatNumber(tgc::tg::defaultLearningRate("adam")) + " for adam)";
static const std::string momentumHelp =
    withDefault("Momentum coefficient", defaults.momentum);
static const std::string beta1Help =
    withDefault("Adam's first-moment decay", defaults.beta1);
static const std::string beta2Help =
    withDefault("Adam's second-moment decay", defaults.beta2);
static const std::string epsilonHelp =
    withDefault("Adam's epsilon", defaults.epsilon);

static cl::opt<double> learningRate("learning-rate",
                                    cl::desc(learningRateHelp),
                                    cl::init(defaults.learningRate),
                                    cl::cat(category));
static cl::opt<double> momentum("momentum", cl::desc(momentumHelp),
                                cl::init(defaults.momentum),
                                cl::cat(category));
static cl::opt<double> beta1("beta1", cl::desc(beta1Help),
                             cl::init(defaults.beta1), cl::cat(category));
static cl::opt<double> beta2("beta2", cl::desc(beta2Help),
                             cl::init(defaults.beta2), cl::cat(category));
static cl::opt<double> epsilon("epsilon", cl::desc(epsilonHelp),
                               cl::init(defaults.epsilon), cl::cat(category));
static cl::opt<std::string>
    target("target", cl::desc("cpu (default) or cuda (PTX for --gpu-arch, launched by the host object through tgrt)"),
           cl::init("cpu"), cl::cat(category));
static cl::opt<std::string>
    gpuArch("gpu-arch",
            cl::desc("CUDA architecture for --target=cuda, sm_70 ... sm_90a "
                     "(default sm_80)"),
            cl::init("sm_80"), cl::cat(category));
static cl::opt<std::string>
    ptxVersion("ptx-version",
               cl::desc("PTX ISA version of --target=cuda output, e.g. 7.8 "
                        "(default: the lowest --gpu-arch allows, at least "
                        "7.0)"),
               cl::cat(category));
static cl::opt<std::string> emit(
    "emit",
    cl::desc("What to write: tg | dot | linalg | llvm-dialect | llvm-ir | asm | "
             "obj | shared | header | ptx (default obj)"),
    cl::init("obj"), cl::cat(category));
static cl::opt<std::string>
    output("o", cl::desc("Output file (default: derived from the input for "
                         "obj, shared and header; stdout for text)"),
           cl::value_desc("FILE"), cl::cat(category));
static cl::opt<std::string>
    header("header",
           cl::desc("Also write the generated C++ header (obj, shared)"),
           cl::value_desc("FILE"), cl::cat(category));
static cl::opt<std::string> className(
    "class",
    cl::desc("C++ class of the generated header, namespaces allowed "
             "(mnist::Mlp). Default: the input's name in CamelCase"),
    cl::value_desc("NAME"), cl::cat(category));
static cl::opt<std::string>
    targetTriple("target-triple",
                 cl::desc("LLVM target triple (default: the host)"),
                 cl::cat(category));
static cl::opt<std::string>
    mcpu("mcpu",
         cl::desc("Target CPU, or 'native' (default: the host's CPU when "
                  "compiling for the host, else 'generic'); 'help' lists "
                  "the target's CPUs"),
         cl::cat(category));
static cl::opt<std::string>
    mattr("mattr", cl::desc("Target features, e.g. +avx2,-avx512f"),
          cl::cat(category));
static cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimisation level 0-3"),
                                  cl::init(3), cl::Prefix, cl::cat(category));
static cl::opt<std::string> fpContract(
    "fp-contract",
    cl::desc("fast (default): a multiply feeding an add becomes one fused "
             "multiply-add where the CPU has FMA; off: separate roundings"),
    cl::value_desc("fast|off"), cl::init("fast"), cl::cat(category));
static cl::opt<std::string> dumpDir(
    "dump-dir", cl::desc("Write the IR after every stage as numbered files"),
    cl::value_desc("DIR"), cl::cat(category));
static cl::opt<bool> timing("timing", cl::desc("Print the time of every pass"),
                            cl::cat(category));
static cl::opt<bool> verbose(
    "v", cl::desc("Print each stage with its time, and every file written "
                  "(dumps included)"),
    cl::cat(category));
static cl::alias verboseLong("verbose", cl::desc("Alias for -v"),
                             cl::aliasopt(verbose), cl::cat(category));
static cl::opt<std::string>
    linker("linker",
           cl::desc("Compiler driver that links --emit=shared and joins the "
                    "code parts of --emit=obj (default cc)"),
           cl::cat(category));
static cl::opt<unsigned>
    jobs("j",
         cl::desc("Threads that optimise and generate machine code (default: "
                  "all cores); the output is the same bytes whatever N is"),
         cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(category));
static cl::alias jobsLong("jobs", cl::desc("Alias for -j"),
                          cl::aliasopt(jobs), cl::cat(category));
static cl::opt<unsigned> codegenParts(
    "codegen-parts",
    cl::desc("Code parts the module is split into for parallel code "
             "generation (default: from its size; 1: one part, which "
             "--emit=obj writes without the linker)"),
    cl::value_desc("N"), cl::init(0), cl::cat(category));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // InitLLVM treats SIGXFSZ (a write past the file size limit, ulimit -f)
  // as a crash; ignored, the write fails with EFBIG and tgc reports it as
  // it reports a full disk, keeping the old output.
  std::signal(SIGXFSZ, SIG_IGN);
  // An error LLVM cannot recover from (an instruction the target cannot
  // select, say) is a diagnostic and exit 1, never an abort; the partial
  // output files are removed first.
  llvm::install_fatal_error_handler(
      [](void *, const char *reason, bool) {
        llvm::errs() << "tgc: error: LLVM: " << reason << "\n";
        llvm::sys::RunInterruptHandlers();
        std::_Exit(1);
      });
  // Passes are registered so that MLIR's pass-manager flags
  // (--mlir-print-ir-after=canonicalize, ...) can name them.
  tgc::registerCommandLineOptions();
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "tgc " << TGC_VERSION << " (model ABI version " << TGRT_ABI_VERSION
       << ", LLVM/MLIR " << LLVM_VERSION_STRING << ")\n";
  });
  cl::HideUnrelatedOptions({&category});
  cl::ParseCommandLineOptions(
      argc, argv,
      "tgc: ahead-of-time compiler for TensorFlow graphs\n\n"
      "  tgc model.pb --fetch probs -o model.o --header model.h --class ns::Model\n"
      "  tgc model.pb --emit=shared -o model.so\n"
      "  tgc model.pb --emit=tg            (print the imported IR)\n");

  if (listOps) {
    for (const std::string &op : tgc::listImportableOps())
      llvm::outs() << op << "\n";
    return 0;
  }
  if (mcpu == "help")
    return tgc::printTargetCPUs(targetTriple, llvm::outs(), llvm::errs());
  if (input.empty()) {
    llvm::errs() << "tgc: error: no input graph (see tgc --help)\n";
    return 1;
  }
  tgc::CompileOptions options;
  options.input = input;
  options.fetches.assign(fetches.begin(), fetches.end());
  options.feeds.assign(feeds.begin(), feeds.end());
  options.config = config;
  options.variables.assign(variables.begin(), variables.end());
  options.stripAsserts = stripAsserts;
  options.checkpoint = checkpoint;
  options.signature = signature;
  options.freeze = freeze;
  if (gradientsOf.empty() != wrt.empty()) {
    llvm::errs() << "tgc: error: --gradients-of and --wrt go together\n";
    return 1;
  }
  options.gradientsOf = gradientsOf;
  options.wrt.assign(wrt.begin(), wrt.end());
  bool optimizerSet = optimizer.getNumOccurrences() ||
                      learningRate.getNumOccurrences() ||
                      momentum.getNumOccurrences() ||
                      beta1.getNumOccurrences() || beta2.getNumOccurrences() ||
                      epsilon.getNumOccurrences() || loss.getNumOccurrences();
  if (!train && optimizerSet) {
    llvm::errs() << "tgc: error: --loss, --optimizer, --learning-rate, "
                    "--momentum, --beta1, --beta2 and --epsilon go with "
                    "--train\n";
    return 1;
  }
  if (train && freeze) {
    llvm::errs() << "tgc: error: --freeze makes the variables constants, "
                    "which --train must update: use one or the other\n";
    return 1;
  }
  if (train) {
    if (loss.empty() || variables.empty()) {
      llvm::errs() << "tgc: error: --train needs --loss NODE and "
                      "--variables NODE,... (the weights to train)\n";
      return 1;
    }
    if (!gradientsOf.empty()) {
      llvm::errs() << "tgc: error: --train and --gradients-of are "
                      "exclusive\n";
      return 1;
    }
    if (optimizer != "sgd" && optimizer != "momentum" &&
        optimizer != "adam") {
      llvm::errs() << "tgc: error: unknown --optimizer '" << optimizer
                   << "' (expected sgd, momentum or adam)\n";
      return 1;
    }
    if (momentum.getNumOccurrences() && optimizer != "momentum") {
      llvm::errs() << "tgc: error: --momentum goes with --optimizer "
                      "momentum\n";
      return 1;
    }
    if ((beta1.getNumOccurrences() || beta2.getNumOccurrences() ||
         epsilon.getNumOccurrences()) &&
        optimizer != "adam") {
      llvm::errs() << "tgc: error: --beta1, --beta2 and --epsilon go with "
                      "--optimizer adam\n";
      return 1;
    }
    if (learningRate.getNumOccurrences() && !(learningRate > 0)) {
      llvm::errs() << "tgc: error: --learning-rate must be positive\n";
      return 1;
    }
  }
  options.train = train;
  options.loss = loss;
  options.optimizer = optimizer;
  options.learningRate = learningRate;
  options.momentum = momentum;
  options.beta1 = beta1;
  options.beta2 = beta2;
  options.epsilon = epsilon;
  if (!tgc::parseEmitKind(emit, options.emit)) {
    llvm::errs() << "tgc: error: unknown --emit=" << emit
                 << " (expected tg, dot, linalg, llvm-dialect, llvm-ir, asm, "
                    "obj, shared, header or ptx)\n";
    return 1;
  }
  if (optLevel > 3) {
    llvm::errs() << "tgc: error: -O" << optLevel << " is not 0-3\n";
    return 1;
  }
  if (fpContract != "fast" && fpContract != "off") {
    llvm::errs() << "tgc: error: --fp-contract=" << fpContract
                 << " is not 'fast' or 'off'\n";
    return 1;
  }
  options.fpContract = fpContract == "fast";
  if (target != "cuda" && (gpuArch.getNumOccurrences() ||
                           ptxVersion.getNumOccurrences())) {
    llvm::errs() << "tgc: error: --gpu-arch and --ptx-version go with "
                    "--target=cuda\n";
    return 1;
  }
  options.target = target;
  options.gpuArch = gpuArch;
  options.ptxVersion = ptxVersion;
  options.output = output;
  options.header = header;
  options.className = className;
  options.targetTriple = targetTriple;
  options.cpu = mcpu;
  options.features = mattr;
  options.optLevel = optLevel;
  options.dumpDir = dumpDir;
  options.timing = timing;
  options.verbose = verbose;
  options.linker = linker;
  options.jobs = jobs;
  options.codegenParts = codegenParts;
  return tgc::compile(options, llvm::errs());
}

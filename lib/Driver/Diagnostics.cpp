//===- Diagnostics.cpp - tgc's diagnostic printer -------------------------===//

#include "Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

using namespace mlir;
using namespace tgc::driver;

DiagnosticPrinter::DiagnosticPrinter(MLIRContext &context,
                                     llvm::raw_ostream &os)
    : handler(&context,
              [this](Diagnostic &diag) {
                print(diag);
                return success();
              }),
      os(os) {}

void DiagnosticPrinter::print(Diagnostic &diag) {
  const char *severity = "note";
  switch (diag.getSeverity()) {
  case DiagnosticSeverity::Error:
    severity = "error";
    hadError = true;
    break;
  case DiagnosticSeverity::Warning:
    severity = "warning";
    break;
  case DiagnosticSeverity::Remark:
    severity = "remark";
    break;
  case DiagnosticSeverity::Note:
    break;
  }
  std::string message = diag.str();
  os << "tgc: " << severity << ": " << where(diag.getLocation(), message)
     << message << "\n";
  for (Diagnostic &note : diag.getNotes())
    print(note);
}

std::string DiagnosticPrinter::where(Location loc,
                                     llvm::StringRef message) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (message.starts_with("node '"))
      return "";
    std::string text = "node '" + name.getName().str() + "'";
    if (auto op = dyn_cast<NameLoc>(name.getChildLoc()))
      text += " (" + op.getName().str() + ")";
    return text + ": ";
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    if (file.getFilename().empty())
      return "";
    std::string text = file.getFilename().str();
    if (file.getLine() != 0)
      text += ":" + std::to_string(file.getLine()) + ":" +
              std::to_string(file.getColumn());
    return text + ": ";
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return where(fused.getLocations().front(), message);
  return "";
}

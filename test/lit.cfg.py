# lit configuration of tgc's IR and command-line tests.
import os
import sys

import lit.formats
from lit.llvm import llvm_config

config.name = "tgc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py", "Inputs", "e2e", "unit", "gtest", "fuzz"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tgc_obj_root, "test")

llvm_config.with_system_environment(["HOME", "TMPDIR", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

config.substitutions.append(("%src_root", config.tgc_src_root))
config.substitutions.append(("%examples", os.path.join(config.tgc_src_root, "examples")))
config.substitutions.append(("%inputs", os.path.join(os.path.dirname(__file__), "Inputs")))
config.substitutions.append(("%python", sys.executable))

tool_dirs = [config.tgc_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["tgc", "tgc-opt", "tgc-run"], tool_dirs)
llvm_config.with_environment("PATH", config.tgc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

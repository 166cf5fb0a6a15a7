# lit runs tgc's GoogleTest binaries (every executable in bin/ whose name
# ends in "-tests") test by test.
import lit.formats

config.name = "tgc-gtest"
config.test_format = lit.formats.GoogleTest(".", "-tests")
config.test_source_root = config.tgc_tools_dir
config.test_exec_root = config.tgc_tools_dir

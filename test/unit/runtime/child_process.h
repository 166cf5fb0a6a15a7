//===- child_process.h - Run a test scenario in a child process -*- C++ -*-===//
//
// tgrt loads the CUDA driver once per process, so each CUDA scenario runs
// in a forked child with its own TGRT_CUDA_DRIVER and environment.
//
//===----------------------------------------------------------------------===//

#ifndef TGRT_TEST_CHILD_PROCESS_H
#define TGRT_TEST_CHILD_PROCESS_H

#include <cstdlib>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace tgrt_test {

/// Runs `scenario` in a child process whose environment has `env` added
/// (an empty value unsets the variable) and returns what the scenario
/// returned (its report), plus " [child failed]" when the child crashed.
inline std::string
InChild(const std::vector<std::pair<std::string, std::string>> &env,
        const std::function<std::string()> &scenario) {
  int fds[2];
  if (pipe(fds) != 0)
    return "pipe failed";
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    for (const auto &[name, value] : env) {
      if (value.empty())
        unsetenv(name.c_str());
      else
        setenv(name.c_str(), value.c_str(), 1);
    }
    std::string report = scenario();
    ssize_t written = write(fds[1], report.data(), report.size());
    _exit(written == static_cast<ssize_t>(report.size()) ? 0 : 1);
  }
  close(fds[1]);
  std::string out;
  char buf[512];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0)
    out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    out += " [child failed]";
  return out;
}

} // namespace tgrt_test

#endif // TGRT_TEST_CHILD_PROCESS_H

#include "strace.h"

namespace test {

bool strace_usable()
{
#ifdef COLLAB_SANITIZED
  // The sanitizers' runtime makes system calls of its own (and handles the injected kill
  // itself), so "the Nth write" is no longer collab's: these tests count syscalls of the
  // plain build, which runs them; the sanitize run is for memory and undefined behaviour.
  return false;
#endif
  static const bool usable = [] {
    const RunResult r = run({"strace", "-f", "-qq", "-o", "/dev/null", "true"}, fs::temp_directory_path());
    return r.status == 0;
  }();
  return usable;
}

RunResult run_collab_injected(const std::string& inject, const std::vector<std::string>& args, const fs::path& cwd)
{
  std::vector<std::string> argv = {"strace", "-f", "-qq", "-o", "/dev/null", "-e", "inject=" + inject, COLLAB_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, cwd);
}

} // namespace test

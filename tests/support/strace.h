#pragma once

#include "process.h"

#include <string>
#include <vector>

namespace test {

/// True when strace runs here and may trace (ptrace can be forbidden in containers).
bool strace_usable();

/// Runs the built collab under `strace -f -e inject=SPEC` (for example
/// `rename:signal=KILL:when=3` or `write:error=ENOSPC:when=5`).
RunResult run_collab_injected(const std::string& inject, const std::vector<std::string>& args, const fs::path& cwd);

} // namespace test

#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace collab::store {

/// Runs `git ARGS` in dir and returns its standard output; throws Error(3) with git's
/// message when git is missing or fails. For what libgit2 cannot do (external filter drivers).
std::string run_git(const std::vector<std::string>& args, const std::filesystem::path& dir);

/// What a git process gave back.
struct GitRun {
  int status = 0; ///< its exit status (128+N when killed by signal N)
  std::string out;
};

/// Runs `git ARGS` in dir with `input` on its standard input and `env` ("NAME=VALUE") added to
/// the environment; its exit status is returned, not thrown. Throws Error(3) when git is missing.
/// With `with_stderr`, git's standard error is in `out` too (for a reason to quote).
GitRun run_git_input(const std::vector<std::string>& args, const std::filesystem::path& dir, const std::string& input,
                     const std::vector<std::string>& env = {}, bool with_stderr = false);
/// Runs `git ARGS` in dir, whatever its exit status (`git merge-file` counts conflicts in it);
/// throws Error(3) only when git cannot be started.
GitRun run_git_status(const std::vector<std::string>& args, const std::filesystem::path& dir);

} // namespace collab::store

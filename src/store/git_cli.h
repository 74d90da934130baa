#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace collab::store {

/// Runs `git ARGS` in dir and returns its standard output; throws Error(3) with git's
/// message when git is missing or fails. For what libgit2 cannot do (external filter drivers).
std::string run_git(const std::vector<std::string>& args, const std::filesystem::path& dir);

/// What a git command gave: its exit status and standard output.
struct GitRun {
  int status = 0;
  std::string out;
};

/// Runs `git ARGS` in dir, whatever its exit status (`git merge-file` counts conflicts in it);
/// throws Error(3) only when git cannot be started.
GitRun run_git_status(const std::vector<std::string>& args, const std::filesystem::path& dir);

} // namespace collab::store

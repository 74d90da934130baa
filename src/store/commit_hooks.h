#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace collab::store {

/// The hook `name` in `dir` when git would run it (an executable file), else "".
std::filesystem::path find_hook(const std::filesystem::path& dir, std::string_view name);

/// How a hook ended.
struct HookRun {
  int status = 0;      ///< its exit status (128+N when killed by signal N)
  int spawn_error = 0; ///< errno when it could not be started
};

/// Runs a hook as git does: in the work tree's top folder, with `args` and `env` ("NAME=VALUE")
/// added, no standard input, and its standard output and error on our standard error.
HookRun run_hook(const std::filesystem::path& hook, const std::vector<std::string>& args,
             const std::filesystem::path& top, const std::vector<std::string>& env);

/// A commit message cleaned up as `git commit -m` does after the hooks (git stripspace without
/// comments): no trailing blanks, no blank lines at the ends or twice in a row, one final line
/// break; "" when nothing is left.
std::string clean_message(std::string_view message);

} // namespace collab::store

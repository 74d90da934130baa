#pragma once

#include <string>
#include <vector>

namespace collab::cli {

/// Options every command takes (SPEC §7).
struct GlobalOptions {
  std::string dir;           ///< -C DIR
  std::string as_of;         ///< --as-of DATE
  std::string format;        ///< --format (command-specific set)
  std::string color = "auto"; ///< --color auto|always|never
  int width = 0;             ///< --width N (0: COLUMNS or the terminal)
  bool quiet = false;        ///< -q
};

/// `collab init [DIR]`.
struct InitOptions {
  std::string dir;
};

/// `collab lint [PATH...]`.
struct LintOptions {
  std::vector<std::string> paths;
  bool strict = false;
};

/// Each returns the process exit status; environment failures throw collab::Error.
int run_init(const GlobalOptions& g, const InitOptions& o);
int run_lint(const GlobalOptions& g, const LintOptions& o);

} // namespace collab::cli

#pragma once

// Running a command on a pseudo-terminal, for what collab does only on a terminal (the pager,
// colour and table defaults of --color=auto).

#include "process.h"

namespace test {

/// Runs the built collab binary with stdin, stdout and stderr on a new pseudo-terminal of
/// `columns` columns; `out` holds everything the terminal showed (stdout and stderr), `err` is
/// empty. Gives up (status -1) after 30 seconds.
RunResult run_collab_on_terminal(const std::vector<std::string>& args, const fs::path& cwd,
                                 const std::map<std::string, std::optional<std::string>>& env = {},
                                 unsigned short columns = 100);

} // namespace test

#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace collab::util {

/// What a child process gets and where its output goes.
struct ProcessSpec {
  std::vector<std::string> argv;   ///< argv[0] is looked up in PATH
  std::filesystem::path cwd;       ///< "" keeps ours
  std::vector<std::string> env;    ///< "NAME=VALUE" set on top of ours
  std::optional<std::string> input; ///< its standard input; nullopt: /dev/null
  bool capture_out = true; ///< false: its standard output goes to our standard error (as git's hooks')
  bool capture_err = true; ///< false: its standard error is ours
};

/// What a child process gave back.
struct ProcessResult {
  int spawn_error = 0; ///< errno when it could not be started (then nothing else is set)
  int status = 0;      ///< its exit status, 128+N when killed by signal N
  std::string out, err;
};

/// Runs a child to its end: input written and outputs read together (no pipe deadlock), with
/// no signal blocked in it whatever the caller deferred, and SIGPIPE ignored meanwhile (a
/// child that exits without reading its input must not kill us).
ProcessResult run_process(const ProcessSpec& spec);

} // namespace collab::util

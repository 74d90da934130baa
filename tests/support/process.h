#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace test {

namespace fs = std::filesystem;

/// What a finished process left behind.
struct RunResult {
  int status = -1; ///< exit status, or 128 + signal
  std::string out;
  std::string err;
};

/// Runs argv in cwd with extra (or, with a null value, removed) environment variables.
RunResult run(const std::vector<std::string>& argv, const fs::path& cwd,
              const std::map<std::string, std::optional<std::string>>& env = {}, const std::string& input = "");

/// Runs the built collab binary.
RunResult run_collab(const std::vector<std::string>& args, const fs::path& cwd,
                 const std::map<std::string, std::optional<std::string>>& env = {});

/// Runs a shell command line (sh -c) and returns its result.
RunResult sh(const std::string& command, const fs::path& cwd);

/// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return m_path; }
  fs::path operator/(const std::string& rel) const { return m_path / rel; }

private:
  fs::path m_path;
};

/// Writes a file, creating parent folders.
void write(const fs::path& p, const std::string& content);
/// Reads a whole file.
std::string read(const fs::path& p);

/// Runs `git ARGS` (a shell line) in dir; throws with git's message when it fails.
std::string git(const std::string& args, const fs::path& dir);

/// A git repository in a temp dir, with an identity for commits.
fs::path git_init(const fs::path& dir);

/// The environment tests run commands with: a fixed git identity and no user config.
void set_test_environment();

/// Whether `text` contains `part` (a command's output, a file).
inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Writes an executable shell script (a hook, a signer, an editor) at p.
void write_script(const fs::path& p, const std::string& body);

/// Sets (or, with nullopt, unsets) an environment variable until the end of the scope.
class ScopedEnv {
public:
  ScopedEnv(const char* name, std::optional<std::string> value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

} // namespace test

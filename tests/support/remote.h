#pragma once

// Remotes for sync tests: bare repositories in temp folders, clones of them, and a `git daemon`
// on 127.0.0.1 serving them over the git protocol.

#include "process.h"

#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace test {

/// An empty bare repository at dir (branch main); returns dir.
fs::path bare_remote(const fs::path& dir);

/// `git clone url dir` (quiet); returns dir. An empty remote gives a clone on an unborn main
/// whose upstream is origin/main.
fs::path clone(const std::string& url, const fs::path& dir);

/// A file:// url of a local path.
std::string file_url(const fs::path& path);

/// A free TCP port on 127.0.0.1 (bound, read and closed: free a moment later too).
int free_port();

/// A process started in the background and killed (SIGTERM, then waited for) when destroyed.
class Background {
public:
  /// Starts argv in cwd; throws when it cannot be started.
  Background(const std::vector<std::string>& argv, const fs::path& cwd);
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  pid_t pid() const { return m_pid; }

private:
  pid_t m_pid = -1;
};

/// Waits until something accepts connections on 127.0.0.1:port; false after `seconds`.
bool wait_for_port(int port, double seconds = 10);

/// `git daemon` serving every repository below base (--export-all, push enabled) on a free port
/// of 127.0.0.1; stopped when destroyed.
class GitDaemon {
public:
  /// Whether git has its daemon (Debian's git package does): tests skip with a message if not.
  static bool available();
  explicit GitDaemon(const fs::path& base);
  /// git://127.0.0.1:PORT/NAME for a repository base/NAME.
  std::string url(const std::string& name) const;
  int port() const { return m_port; }

private:
  int m_port = 0;
  std::unique_ptr<Background> m_process;
};

} // namespace test

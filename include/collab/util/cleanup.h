#pragma once

#include <filesystem>
#include <csignal>
#include <sys/types.h>

namespace collab::util {

/// A file (temp file or lock) removed when this object dies, and also when the process is
/// killed by SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE or calls exit(): like git's
/// tempfile registry, the paths are kept where an async-signal-safe handler can unlink them.
/// SIGKILL cannot be caught; stale files of dead processes are removed by the next write.
class CleanupPath {
public:
  CleanupPath() = default;
  explicit CleanupPath(const std::filesystem::path& p);
  ~CleanupPath();
  CleanupPath(const CleanupPath&) = delete;
  CleanupPath& operator=(const CleanupPath&) = delete;

  /// Starts watching p (replacing any previous path, which is left alone).
  void watch(const std::filesystem::path& p);
  /// Stops watching without removing the file: it was renamed into place or must stay.
  void dismiss();
  /// Removes the file now and stops watching.
  void remove();

private:
  int m_slot = -1;
};

/// Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT while alive, so that a write and its commit
/// are not cut in two by Ctrl-C: the signal is delivered (and kills) once the write is done.
class DeferSignals {
public:
  DeferSignals();
  ~DeferSignals();
  DeferSignals(const DeferSignals&) = delete;
  DeferSignals& operator=(const DeferSignals&) = delete;

private:
  sigset_t m_old{};
};

/// True when a process with this id exists (a temp file with its id in the name is in use).
bool process_alive(pid_t pid);

} // namespace collab::util

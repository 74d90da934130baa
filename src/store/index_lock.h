#pragma once

#include "collab/util/cleanup.h"

#include <filesystem>
#include <string>

namespace collab::store {

/// Holds `index.lock` the way git does, so git and other collab processes wait for us.
/// While it is held, the index is replaced by rename (readers see the old or the new one),
/// and can be put back until the lock is released.
class IndexLock {
public:
  explicit IndexLock(std::filesystem::path index);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

  /// Tries to take the lock; false when another process holds it. A lock left by a collab
  /// process that no longer runs is removed first (it only guarded that process's own
  /// complete index), with a note on stderr.
  bool try_acquire();
  /// try_acquire, retried `attempts` times with sleep_backoff; throws Error(3) with
  /// busy_message() when another process keeps the lock.
  void acquire(int attempts);
  /// Makes `tmp` the index (rename; the caller flushes it to disk), keeping the old one for restore().
  void install(const std::filesystem::path& tmp);
  /// Puts back the index install() replaced; throws Error(3) when that fails.
  void restore();
  /// Gives the lock up; the index stays as it is now.
  void release();

  /// The lock file, for messages.
  const std::filesystem::path& lock_path() const { return m_lock; }
  /// What to tell the user when another process keeps the lock.
  std::string busy_message() const;

private:
  bool remove_if_stale();

  std::filesystem::path m_index;
  std::filesystem::path m_lock;
  std::filesystem::path m_backup; ///< the old index while install() can be undone
  bool m_had_index = false;
  bool m_installed = false;
  int m_fd = -1;
  util::CleanupPath m_lock_cleanup;
  util::CleanupPath m_backup_cleanup;
};

/// How often a write tries to take index.lock (or to move a branch that moved) before it gives
/// up: about two seconds with sleep_backoff.
inline constexpr int k_index_attempts = 12;

/// Sleeps before retry `attempt` (0-based): longer each time, with jitter so that
/// competing writers do not retry in step.
void sleep_backoff(int attempt);

/// The prefix of collab's own temp files in the git dir: `index.collab-PID...`.
inline constexpr std::string_view k_index_temp_infix = "index.collab-";

/// Removes `index.collab-PID*` files in git_dir whose process is gone.
void remove_stale_index_temps(const std::filesystem::path& git_dir);

} // namespace collab::store

#pragma once

#include <filesystem>

namespace collab::store {

/// Holds `index.lock` the way git does, so git and other collab processes wait for us.
class IndexLock {
public:
  explicit IndexLock(std::filesystem::path index);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

  /// Tries to take the lock; false when another process holds it.
  bool try_acquire();
  /// Installs `tmp` as the new index (via the lock file) and releases the lock.
  void commit(const std::filesystem::path& tmp);
  /// Gives the lock up without changing the index.
  void release();

  /// The lock file, for messages.
  const std::filesystem::path& lock_path() const { return m_lock; }

private:
  std::filesystem::path m_index;
  std::filesystem::path m_lock;
  int m_fd = -1;
};

/// Sleeps before retry `attempt` (0-based): longer each time, with jitter so that
/// competing writers do not retry in step.
void sleep_backoff(int attempt);

} // namespace collab::store

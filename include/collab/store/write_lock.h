#pragma once

#include "collab/store/repo.h"

namespace collab::store {

/// Serialises collab's writes to one repository (flock on `.git/collab.lock`), so that ids
/// and commits of concurrent processes never collide. Throws Error(3) after `timeout_ms`.
class WriteLock {
public:
  explicit WriteLock(const Repo& repo, int timeout_ms = 30000);
  ~WriteLock();
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

  /// True when a WriteLock of this process found that the previous holder died while holding
  /// it (killed, power cut): its temp files may still lie around.
  static bool previous_writer_died();

private:
  void note_holder();

  int m_fd = -1;
};

} // namespace collab::store

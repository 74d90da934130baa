#include "collab/store/write_lock.h"

#include "collab/util/error.h"
#include "collab/util/files.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace collab::store {

using namespace collab::util;

namespace {
bool g_previous_writer_died = false;
} // namespace

WriteLock::WriteLock(const Repo& repo, int timeout_ms)
{
  const fs::path p = repo.git_dir() / "collab.lock";
  m_fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (m_fd < 0)
    throw repo_error(fmt::format("cannot open {}: {}", p.string(), std::strerror(errno)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // flock dies with the process, so a crashed collab never leaves the repo locked.
  while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR)
      throw repo_error(fmt::format("cannot lock {}: {}", p.string(), std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline) {
      ::close(m_fd);
      m_fd = -1;
      throw repo_error(fmt::format("another collab process kept {} locked for {} s; nothing was written",
                                   p.string(), timeout_ms / 1000));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  note_holder();
}

void WriteLock::note_holder()
{
  // A pid left in the file means its writer died holding the lock (a clean exit empties it).
  char buf[32] = {};
  const ssize_t n = ::pread(m_fd, buf, sizeof buf - 1, 0);
  if (n > 0)
    g_previous_writer_died = true;
  const std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(m_fd, 0) != 0 || ::pwrite(m_fd, pid.data(), pid.size(), 0) < 0) {
    // Only a hint for the next writer; the flock is what locks.
  }
}

bool WriteLock::previous_writer_died() { return g_previous_writer_died; }

WriteLock::~WriteLock()
{
  if (m_fd >= 0) {
    if (::ftruncate(m_fd, 0) != 0) {
      // The next writer then sweeps for temp files once, for nothing.
    }
    ::close(m_fd);
  }
}

} // namespace collab::store

#include "collab/store/write_lock.h"

#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

namespace collab::store {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace {
bool g_previous_writer_died = false;

/// The process holding a flock on the file open as `fd`, from /proc/locks (Linux); 0 when
/// it cannot be told (another system, another pid namespace, the lock just released).
long lock_holder(int fd)
{
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return 0;
  // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5678 0 EOF"; waiters have "->" after the number.
  const std::string file = fmt::format("{:02x}:{:02x}:{}", major(st.st_dev), minor(st.st_dev), st.st_ino);
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    std::istringstream in(line);
    std::string num, type, mode, access, dev_ino;
    long pid = 0;
    if (in >> num >> type >> mode >> access >> pid >> dev_ino && type == "FLOCK" && dev_ino == file)
      return pid;
  }
  return 0;
}

/// The command name of a process ("" when unknown).
std::string command_of(long pid)
{
  std::ifstream comm(fmt::format("/proc/{}/comm", pid));
  std::string name;
  std::getline(comm, name);
  return name;
}

/// Why nothing was written, who holds the lock and what to do about it.
Error held_too_long(const fs::path& p, int fd, int timeout_ms)
{
  const long pid = lock_holder(fd);
  const std::string name = pid > 0 ? command_of(pid) : "";
  const std::string who = pid <= 0     ? tr("another process")
                          : name.empty() ? trf("process {}", pid)
                                         : trf("process {} ({})", pid, name);
  const std::string stop = pid > 0 ? fmt::format("`kill {}`", pid) : trf("`fuser -v {}` names it", p.string());
  return repo_error(trf(
    "{} has held {} (collab's write lock) for more than {:g} s; nothing was written. The lock dies with its "
    "process, so it is safe to wait and run the command again; if that process is stuck, end it ({}). Do not "
    "delete the file: that would let two writers in at once",
    who, p.string(), timeout_ms / 1000.0, stop));
}

} // namespace

WriteLock::WriteLock(const Repo& repo, int timeout_ms)
{
  const fs::path p = repo.git_dir() / "collab.lock";
  m_fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (m_fd < 0)
    throw repo_error(trf("cannot open {}: {}", p.string(), std::strerror(errno)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // flock dies with the process, so a crashed collab never leaves the repo locked.
  while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR)
      throw repo_error(trf("cannot lock {}: {}", p.string(), std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline) {
      const Error e = held_too_long(p, m_fd, timeout_ms);
      ::close(m_fd);
      m_fd = -1;
      throw e;
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

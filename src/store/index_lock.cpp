#include "index_lock.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <thread>
#include <unistd.h>

namespace collab::store {

using namespace collab::util;
using util::i18n::trf;

namespace fs = std::filesystem;

namespace {

/// What collab writes into the lock: git never reads a lock's content, and this tells a
/// later collab whose lock it is.
constexpr std::string_view k_owner_tag = "collab ";

void fsync_dir(const fs::path& dir)
{
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

/// The pid written in a collab lock, 0 for a lock of git (or anything else).
pid_t lock_owner(const fs::path& lock)
{
  const int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  char buf[32] = {};
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= static_cast<ssize_t>(k_owner_tag.size()) || std::string_view(buf, k_owner_tag.size()) != k_owner_tag)
    return 0;
  return static_cast<pid_t>(std::atol(buf + k_owner_tag.size()));
}

} // namespace

IndexLock::IndexLock(fs::path index)
  : m_index(std::move(index)), m_lock(m_index.string() + ".lock"),
    m_backup(m_index.parent_path() / fmt::format("{}{}.old", k_index_temp_infix, ::getpid()))
{
}

IndexLock::~IndexLock() { release(); }

bool IndexLock::remove_if_stale()
{
  const pid_t owner = lock_owner(m_lock);
  if (owner <= 0 || owner == ::getpid() || process_alive(owner))
    return false;
  if (::unlink(m_lock.c_str()) != 0)
    return false;
  fmt::print(stderr, "collab: {}\n", trf("removed {} left by collab process {}, which was killed", m_lock.string(), owner));
  return true;
}

bool IndexLock::try_acquire()
{
  for (int tries = 0; tries < 2; ++tries) {
    m_fd = ::open(m_lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (m_fd >= 0) {
      m_lock_cleanup.watch(m_lock);
      const std::string tag = fmt::format("{}{}\n", k_owner_tag, ::getpid());
      if (::write(m_fd, tag.data(), tag.size()) < 0) {
        // Only a hint for a later collab; the lock holds without it.
      }
      return true;
    }
    if (errno != EEXIST)
      throw repo_error(trf("cannot create {}: {}", m_lock.string(), std::strerror(errno)));
    if (!remove_if_stale())
      return false;
  }
  return false;
}

void IndexLock::acquire(int attempts)
{
  for (int attempt = 0; !try_acquire(); ++attempt) {
    if (attempt + 1 >= attempts)
      throw repo_error(busy_message());
    sleep_backoff(attempt);
  }
}

std::string IndexLock::busy_message() const
{
  return trf("{} exists: another git process is writing the index, or one was killed while doing so; "
             "nothing was committed. If no git process is running (check with `ps -e | grep git`), "
             "remove it with `rm {}` and run the command again",
             m_lock.string(), m_lock.string());
}

void IndexLock::install(const fs::path& tmp)
{
  std::error_code ec;
  m_had_index = fs::exists(m_index, ec);
  if (m_had_index) {
    // A second name for the old index: free in space and time, and renamed back by restore().
    ::unlink(m_backup.c_str());
    m_backup_cleanup.watch(m_backup);
    if (::link(m_index.c_str(), m_backup.c_str()) != 0) {
      fs::copy_file(m_index, m_backup, fs::copy_options::overwrite_existing, ec);
      if (ec)
        throw repo_error(trf("cannot keep a copy of {}: {}", m_index.string(), ec.message()));
    }
  }
  if (::rename(tmp.c_str(), m_index.c_str()) != 0)
    throw repo_error(trf("cannot update {}: {}", m_index.string(), std::strerror(errno)));
  m_installed = true;
  // No fsync of the folder: the caller flushes the whole write at once (sync_file_systems).
}

void IndexLock::restore()
{
  if (!m_installed)
    return;
  const int rc = m_had_index ? ::rename(m_backup.c_str(), m_index.c_str()) : ::unlink(m_index.c_str());
  if (rc != 0)
    throw repo_error(trf("cannot put back {}: {}; run `git reset -q -- .` to make it match HEAD",
                         m_index.string(), std::strerror(errno)));
  m_backup_cleanup.dismiss();
  m_installed = false;
  fsync_dir(m_index.parent_path());
}

void IndexLock::release()
{
  m_backup_cleanup.remove();
  m_installed = false;
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
    m_lock_cleanup.remove();
  }
}

void remove_stale_index_temps(const fs::path& git_dir)
{
  std::error_code ec;
  for (fs::directory_iterator it(git_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(k_index_temp_infix))
      continue;
    const pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + k_index_temp_infix.size()));
    if (pid > 0 && pid != ::getpid() && !process_alive(pid))
      ::unlink(it->path().c_str());
  }
}

void sleep_backoff(int attempt)
{
  std::this_thread::sleep_for(std::chrono::milliseconds(20 + 30 * attempt + std::rand() % 40));
}

} // namespace collab::store

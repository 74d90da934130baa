#include "index_lock.h"

#include "collab/util/error.h"

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

namespace fs = std::filesystem;

IndexLock::IndexLock(fs::path index) : m_index(std::move(index)), m_lock(m_index.string() + ".lock") {}

IndexLock::~IndexLock() { release(); }

bool IndexLock::try_acquire()
{
  m_fd = ::open(m_lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (m_fd >= 0)
    return true;
  if (errno == EEXIST)
    return false;
  throw repo_error(fmt::format("cannot create {}: {}", m_lock.string(), std::strerror(errno)));
}

void IndexLock::commit(const fs::path& tmp)
{
  if (::rename(tmp.c_str(), m_lock.c_str()) != 0 || ::rename(m_lock.c_str(), m_index.c_str()) != 0)
    throw repo_error(fmt::format("cannot update {}: {}", m_index.string(), std::strerror(errno)));
  ::close(m_fd);
  m_fd = -1;
}

void IndexLock::release()
{
  if (m_fd >= 0) {
    ::close(m_fd);
    ::unlink(m_lock.c_str());
    m_fd = -1;
  }
}

void sleep_backoff(int attempt)
{
  std::this_thread::sleep_for(std::chrono::milliseconds(20 + 30 * attempt + std::rand() % 40));
}

} // namespace collab::store

#include "collab/util/files.h"

#include "collab/util/cleanup.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace collab::util {

using i18n::trf;

namespace {

std::string errno_text() { return std::strerror(errno); }

/// Closes a file descriptor on scope exit.
struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd()
  {
    if (fd >= 0)
      ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

} // namespace

std::string read_file_prefix(const std::filesystem::path& p, size_t max, size_t& size, bool follow_links)
{
  Fd f(::open(p.c_str(), O_RDONLY | O_CLOEXEC | (follow_links ? 0 : O_NOFOLLOW)));
  if (f.fd < 0)
    throw repo_error(trf("cannot read {}: {}", p.string(), errno_text()));
  struct stat st {};
  if (::fstat(f.fd, &st) != 0)
    throw repo_error(trf("cannot read {}: {}", p.string(), errno_text()));
  size = static_cast<size_t>(st.st_size);
  std::string out;
  out.resize(std::min(size, max));
  size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(f.fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw repo_error(trf("cannot read {}: {}", p.string(), errno_text()));
    }
    if (n == 0)
      break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return out;
}

std::filesystem::path executable_dir()
{
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

std::string read_file(const std::filesystem::path& p)
{
  size_t size = 0;
  return read_file_prefix(p, SIZE_MAX, size);
}

MappedFile::MappedFile(const std::filesystem::path& p)
{
  Fd f(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (f.fd < 0 || ::fstat(f.fd, &st) != 0)
    throw repo_error(trf("cannot read {}: {}", p.string(), errno_text()));
  m_size = static_cast<size_t>(st.st_size);
  if (m_size == 0)
    return; // mmap refuses empty files
  // MAP_POPULATE maps every page in one call instead of one fault per 16 pages.
  void* data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, f.fd, 0);
  if (data == MAP_FAILED)
    throw repo_error(trf("cannot read {}: {}", p.string(), errno_text()));
  m_data = static_cast<const char*>(data);
}

MappedFile::~MappedFile()
{
  if (m_data)
    ::munmap(const_cast<char*>(m_data), m_size);
}

void write_file_atomic(const std::filesystem::path& p, std::string_view content, bool durable)
{
  const auto dir = p.parent_path().empty() ? std::filesystem::path(".") : p.parent_path();
  // The pid in the name tells a later write whether the file's owner is still alive.
  std::string tmpl = (dir / fmt::format(".{}{}{}-XXXXXX", p.filename().string(), k_temp_infix, ::getpid())).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    throw repo_error(trf("cannot write in {}: {}", dir.string(), errno_text()));
  Fd f(fd);
  CleanupPath cleanup(tmpl);
  const auto fail = [&](const std::string& what) {
    const std::string msg = trf("cannot write {}: {}: {}", p.string(), what, errno_text());
    cleanup.remove();
    throw repo_error(msg);
  };
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      fail("write");
    }
    done += static_cast<size_t>(n);
  }
  // Keep the mode of the file being replaced; new files get 0644 less the umask.
  struct stat st {};
  mode_t mode = 0644;
  if (::stat(p.c_str(), &st) == 0)
    mode = st.st_mode & 07777;
  else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode &= ~mask;
  }
  if (::fchmod(fd, mode) != 0)
    fail("chmod");
  if (durable && ::fsync(fd) != 0)
    fail("fsync");
  if (::rename(tmpl.c_str(), p.c_str()) != 0)
    fail("rename");
  cleanup.dismiss();
  if (!durable)
    return;
  Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d.fd >= 0)
    ::fsync(d.fd);
}

void sync_file_systems(const std::vector<std::filesystem::path>& dirs)
{
  std::vector<dev_t> done;
  for (const std::filesystem::path& dir : dirs) {
    Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    struct stat st {};
    if (d.fd < 0 || ::fstat(d.fd, &st) != 0)
      continue; // a folder that is gone has nothing of ours to flush
    if (std::find(done.begin(), done.end(), st.st_dev) != done.end())
      continue;
    done.push_back(st.st_dev);
    if (::syncfs(d.fd) != 0)
      throw repo_error(trf("cannot flush {} to disk: {}", dir.string(), errno_text()));
  }
}

std::optional<pid_t> temp_file_owner(std::string_view name)
{
  if (name.empty() || name[0] != '.')
    return std::nullopt;
  const size_t at = name.rfind(k_temp_infix);
  if (at == std::string_view::npos)
    return std::nullopt;
  const std::string_view rest = name.substr(at + k_temp_infix.size());
  const size_t dash = rest.find('-');
  if (dash == 0 || dash == std::string_view::npos)
    return std::nullopt;
  pid_t pid = 0;
  for (char c : rest.substr(0, dash)) {
    if (c < '0' || c > '9' || pid > 10000000)
      return std::nullopt;
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

size_t remove_stale_temp_files(const std::filesystem::path& dir)
{
  size_t removed = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto pid = temp_file_owner(it->path().filename().native());
    if (pid && !process_alive(*pid) && ::unlink(it->path().c_str()) == 0)
      ++removed;
  }
  return removed;
}

} // namespace collab::util

#include "remote.h"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace test {

fs::path bare_remote(const fs::path& dir)
{
  fs::create_directories(dir);
  const auto r = run({"git", "init", "-q", "--bare", "-b", "main", dir.string()}, dir);
  if (r.status != 0)
    throw std::runtime_error("git init --bare: " + r.err);
  return dir;
}

fs::path clone(const std::string& url, const fs::path& dir)
{
  const auto r = run({"git", "clone", "-q", url, dir.string()}, dir.parent_path());
  if (r.status != 0)
    throw std::runtime_error("git clone " + url + ": " + r.err);
  return dir;
}

std::string file_url(const fs::path& path) { return "file://" + fs::absolute(path).string(); }

int free_port()
{
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

Background::Background(const std::vector<std::string>& argv, const fs::path& cwd)
{
  std::vector<char*> cargv;
  for (const auto& a : argv)
    cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  m_pid = ::fork();
  if (m_pid < 0)
    throw std::runtime_error("fork failed");
  if (m_pid == 0) {
    if (::chdir(cwd.c_str()) != 0)
      ::_exit(127);
    ::setpgid(0, 0); // its own group: the children it forks are stopped with it
    ::execvp(cargv[0], cargv.data());
    ::_exit(127);
  }
  ::setpgid(m_pid, m_pid);
}

Background::~Background()
{
  if (m_pid <= 0)
    return;
  ::kill(-m_pid, SIGTERM);
  int status = 0;
  while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
  }
}

bool wait_for_port(int port, double seconds)
{
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (ok)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool GitDaemon::available()
{
  const auto r = run({"git", "--exec-path"}, fs::temp_directory_path());
  if (r.status != 0)
    return false;
  std::string dir = r.out;
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r'))
    dir.pop_back();
  std::error_code ec;
  return fs::exists(fs::path(dir) / "git-daemon", ec);
}

GitDaemon::GitDaemon(const fs::path& base)
{
  // A port found free may be taken before the daemon binds it: a few tries.
  for (int attempt = 0; attempt < 5; ++attempt) {
    m_port = free_port();
    m_process = std::make_unique<Background>(
      std::vector<std::string>{"git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
                               "--informative-errors", "--log-destination=none", "--listen=127.0.0.1", "--port=" + std::to_string(m_port),
                               "--base-path=" + fs::absolute(base).string(), fs::absolute(base).string()},
      base);
    if (wait_for_port(m_port, 5))
      return;
    m_process.reset();
  }
  throw std::runtime_error("git daemon did not start");
}

std::string GitDaemon::url(const std::string& name) const
{
  return "git://127.0.0.1:" + std::to_string(m_port) + "/" + name;
}

} // namespace test

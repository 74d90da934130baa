#include "pseudo_terminal.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <poll.h>
#include <pty.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace test {

RunResult run_collab_on_terminal(const std::vector<std::string>& args, const fs::path& cwd,
                                 const std::map<std::string, std::optional<std::string>>& env, unsigned short columns)
{
  winsize ws{};
  ws.ws_row = 24;
  ws.ws_col = columns;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &ws);
  if (pid < 0)
    throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0)
      _exit(126);
    for (const auto& [k, v] : env) {
      if (v)
        setenv(k.c_str(), v->c_str(), 1);
      else
        unsetenv(k.c_str());
    }
    std::vector<char*> argv{const_cast<char*>(COLLAB_BIN)};
    for (const auto& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  RunResult r;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  char buf[65536];
  // Read until the terminal's last writer is gone (EIO on Linux once the slave side closes).
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      kill(pid, SIGKILL);
      break;
    }
    pollfd p{master, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0)
      continue;
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    r.out.append(buf, static_cast<size_t>(n));
  }
  ::close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  r.status = std::chrono::steady_clock::now() >= deadline ? -1
             : WIFEXITED(status)                         ? WEXITSTATUS(status)
                                                         : 128 + WTERMSIG(status);
  return r;
}

} // namespace test

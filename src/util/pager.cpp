#include "collab/util/pager.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <iterator>
#include <string>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace collab::util {

namespace {

volatile pid_t g_pager = -1; ///< the running pager, or -1

/// The signals that end collab while the pager shows, and their actions before it started.
constexpr int k_interrupts[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
struct sigaction g_old_interrupts[std::size(k_interrupts)];
struct sigaction g_old_sigpipe;

/// Ends the output (EOF for the pager) without closing fd 1, which a later open would reuse.
void end_output()
{
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, STDOUT_FILENO);
    ::close(null);
  } else {
    ::close(STDOUT_FILENO);
  }
}

/// Ctrl-C and the like while the pager shows: collab ends, but only once the pager has, so
/// the shell's prompt does not come back under a pager still reading the terminal (as git).
/// Only async-signal-safe calls.
void on_interrupt(int sig)
{
  if (g_pager != -1) {
    end_output();
    int status;
    while (::waitpid(g_pager, &status, 0) < 0 && errno == EINTR) {
    }
  }
  for (size_t i = 0; i < std::size(k_interrupts); ++i)
    if (k_interrupts[i] == sig)
      ::sigaction(sig, &g_old_interrupts[i], nullptr);
  ::raise(sig);
}

/// Whether an executable `name` is in a folder of PATH.
bool on_path(const std::string& name)
{
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t at = 0; at <= dirs.size();) {
    const size_t end = std::min(dirs.find(':', at), dirs.size());
    const std::string dir = end > at ? dirs.substr(at, end - at) : ".";
    if (::access((dir + "/" + name).c_str(), X_OK) == 0)
      return true;
    at = end + 1;
  }
  return false;
}

} // namespace

std::string pager_command()
{
  const char* pager = std::getenv("COLLAB_PAGER");
  if (!pager)
    pager = std::getenv("PAGER");
  // The default only when it is installed: `sh -c less` without one would swallow the output.
  const std::string command = pager ? pager : on_path("less") ? "less" : "";
  return command.find_first_not_of(" \t") == std::string::npos || command == "cat" ? std::string() : command;
}

bool start_pager(const std::string& command)
{
  if (g_pager != -1 || command.empty())
    return false;
  winsize ws{};
  const bool sized = ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0;
  int fds[2];
  if (::pipe(fds) != 0)
    return false;
  // The pager's environment, made before the fork: the child only calls async-signal-safe
  // functions (collab may have a thread loading libgit2).
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    env.emplace_back(*e);
  // As git: less quits when all fits on one screen (F), passes colours (R), keeps the screen (X).
  if (!std::getenv("LESS"))
    env.emplace_back("LESS=FRX");
  if (!std::getenv("LV"))
    env.emplace_back("LV=-c");
  std::vector<char*> envp;
  for (std::string& e : env)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (pid == 0) {
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execve("/bin/sh", const_cast<char* const*>(argv), envp.data());
    ::_exit(127);
  }
  ::dup2(fds[1], STDOUT_FILENO);
  ::close(fds[0]);
  ::close(fds[1]);
  g_pager = pid;
  // Widths keep following the terminal the pager shows on (the views read COLUMNS first).
  if (sized && !std::getenv("COLUMNS"))
    ::setenv("COLUMNS", std::to_string(ws.ws_col).c_str(), 1);
  // A person quitting the pager early ends the output: writes then fail with EPIPE (see
  // pager_quit_early) instead of killing collab with SIGPIPE.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &g_old_sigpipe);
  struct sigaction interrupt {};
  interrupt.sa_handler = on_interrupt;
  sigemptyset(&interrupt.sa_mask);
  for (size_t i = 0; i < std::size(k_interrupts); ++i)
    ::sigaction(k_interrupts[i], &interrupt, &g_old_interrupts[i]);
  // However the run ends (std::exit included), the pager gets the end of the output.
  static const bool registered = [] { return std::atexit(finish_pager) == 0; }();
  (void)registered;
  return true;
}

bool pager_running() { return g_pager != -1; }

bool pager_quit_early(int error_number) { return g_pager != -1 && error_number == EPIPE; }

void finish_pager()
{
  if (g_pager == -1)
    return;
  // A flush that fails (the pager already quit) loses nothing anyone reads.
  std::fflush(stdout);
  std::clearerr(stdout);
  end_output();
  int status = 0;
  while (::waitpid(g_pager, &status, 0) < 0 && errno == EINTR) {
  }
  g_pager = -1;
  ::sigaction(SIGPIPE, &g_old_sigpipe, nullptr);
  // Back to what they were, unless something (the clean-up of temporary files) replaced them.
  for (size_t i = 0; i < std::size(k_interrupts); ++i) {
    struct sigaction now {};
    if (::sigaction(k_interrupts[i], nullptr, &now) == 0 && now.sa_handler == on_interrupt)
      ::sigaction(k_interrupts[i], &g_old_interrupts[i], nullptr);
  }
}

} // namespace collab::util

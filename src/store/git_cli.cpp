#include "git_cli.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace collab::store {

using namespace collab::util;
using util::i18n::trf;

namespace {

/// Reads fd to its end.
std::string drain(int fd)
{
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

} // namespace

std::string run_git(const std::vector<std::string>& args, const std::filesystem::path& dir)
{
  GitRun r = run_git_status(args, dir);
  if (r.status != 0)
    throw repo_error(trf("`git {}` failed (see its message above)", fmt::join(args, " ")));
  return std::move(r.out);
}

GitRun run_git_status(const std::vector<std::string>& args, const std::filesystem::path& dir)
{
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv)
    cargv.push_back(a.data());
  cargv.push_back(nullptr);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0)
    throw repo_error(trf("cannot run git: {}", std::strerror(errno)));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addchdir_np(&fa, dir.c_str());
  // git starts with no signal blocked, whatever a write of ours deferred meanwhile.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, "git", &fa, &attr, cargv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    throw repo_error(trf("cannot run git: {}; install git (`apt-get install git`)", std::strerror(rc)));
  }
  std::string text = drain(out[0]);
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0),
          std::move(text)};
}

} // namespace collab::store

#include "collab/util/process.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace collab::util {

namespace {

/// Our environment with `add` ("NAME=VALUE") set over it.
std::vector<std::string> merged_env(const std::vector<std::string>& add)
{
  const auto name = [](std::string_view v) { return v.substr(0, v.find('=') + 1); };
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    bool replaced = false;
    for (const auto& a : add)
      replaced = replaced || name(*e) == name(a);
    if (!replaced)
      out.emplace_back(*e);
  }
  out.insert(out.end(), add.begin(), add.end());
  return out;
}

/// A pipe whose ends close on exec; -1 each when it could not be made.
struct Pipe {
  std::array<int, 2> fd{-1, -1};
  bool open() { return ::pipe2(fd.data(), O_CLOEXEC) == 0; }
  void close_end(int i)
  {
    if (fd[i] >= 0)
      ::close(fd[i]);
    fd[i] = -1;
  }
  ~Pipe()
  {
    close_end(0);
    close_end(1);
  }
};

} // namespace

ProcessResult run_process(const ProcessSpec& spec)
{
  ProcessResult result;
  std::vector<std::string> argv = spec.argv;
  std::vector<char*> cargv;
  for (auto& a : argv)
    cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::vector<std::string> env = merged_env(spec.env);
  std::vector<char*> cenv;
  for (auto& e : env)
    cenv.push_back(e.data());
  cenv.push_back(nullptr);

  Pipe in, out, err;
  if ((spec.input && !in.open()) || (spec.capture_out && !out.open()) || (spec.capture_err && !err.open())) {
    result.spawn_error = errno;
    return result;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (spec.input)
    posix_spawn_file_actions_adddup2(&fa, in.fd[0], STDIN_FILENO);
  else
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (spec.capture_out)
    posix_spawn_file_actions_adddup2(&fa, out.fd[1], STDOUT_FILENO);
  else
    posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
  if (spec.capture_err)
    posix_spawn_file_actions_adddup2(&fa, err.fd[1], STDERR_FILENO);
  if (!spec.cwd.empty())
    posix_spawn_file_actions_addchdir_np(&fa, spec.cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, cargv[0], &fa, &attr, cargv.data(), cenv.data());
  if (rc == ENOEXEC) {
    // A script without `#!` (a hook written as a plain shell script): git runs it with sh, and
    // glibc's posix_spawn no longer does.
    std::vector<char*> sh_argv{const_cast<char*>("/bin/sh")};
    sh_argv.insert(sh_argv.end(), cargv.begin(), cargv.end());
    rc = ::posix_spawn(&pid, "/bin/sh", &fa, &attr, sh_argv.data(), cenv.data());
  }
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);
  if (rc != 0) {
    result.spawn_error = rc;
    return result;
  }

  // SIGPIPE blocked while we write: a child gone early gives EPIPE, and the pending signal is
  // taken back before the mask is restored.
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  size_t written = 0;
  if (spec.input && spec.input->empty())
    in.close_end(1);
  if (in.fd[1] >= 0)
    ::fcntl(in.fd[1], F_SETFL, ::fcntl(in.fd[1], F_GETFL) | O_NONBLOCK);
  char buf[8192];
  while (in.fd[1] >= 0 || out.fd[0] >= 0 || err.fd[0] >= 0) {
    std::array<pollfd, 3> fds{};
    nfds_t n = 0;
    const auto watch = [&](int fd, short events) {
      if (fd >= 0)
        fds[n++] = pollfd{fd, events, 0};
    };
    watch(in.fd[1], POLLOUT);
    watch(out.fd[0], POLLIN);
    watch(err.fd[0], POLLIN);
    if (::poll(fds.data(), n, -1) < 0) {
      if (errno == EINTR)
        continue;
      // Nobody would read its pipes any more: a child blocked writing them would never end.
      ::kill(pid, SIGKILL);
      break;
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (!fds[i].revents)
        continue;
      if (fds[i].fd == in.fd[1]) {
        const ssize_t w = ::write(in.fd[1], spec.input->data() + written, spec.input->size() - written);
        if (w > 0)
          written += static_cast<size_t>(w);
        if ((w < 0 && errno != EINTR && errno != EAGAIN) || written == spec.input->size())
          in.close_end(1);
        continue;
      }
      const bool is_out = fds[i].fd == out.fd[0];
      const ssize_t r = ::read(fds[i].fd, buf, sizeof buf);
      if (r > 0)
        (is_out ? result.out : result.err).append(buf, static_cast<size_t>(r));
      else if (r == 0 || (errno != EINTR && errno != EAGAIN))
        (is_out ? out : err).close_end(0);
    }
  }
  const struct timespec no_wait {};
  while (::sigtimedwait(&pipe_set, nullptr, &no_wait) > 0) {
  }
  ::pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  int status = 0;
  pid_t waited;
  while ((waited = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (waited < 0) {
    // Its status is lost (SIGCHLD ignored by whoever started collab reaps children): never take
    // that for success, a hook that refused would pass.
    result.status = 255;
    return result;
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return result;
}

} // namespace collab::util

#include "process.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace test {

RunResult run(const std::vector<std::string>& argv, const fs::path& cwd,
              const std::map<std::string, std::optional<std::string>>& env, const std::string& input)
{
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 || pipe2(in_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (chdir(cwd.c_str()) != 0)
      _exit(126);
    for (const auto& [k, v] : env) {
      if (v)
        setenv(k.c_str(), v->c_str(), 1);
      else
        unsetenv(k.c_str());
    }
    std::vector<char*> args;
    for (const auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(in_pipe[0]);
  if (!input.empty()) {
    [[maybe_unused]] auto n = ::write(in_pipe[1], input.data(), input.size());
  }
  close(in_pipe[1]);
  RunResult r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

RunResult run_collab(const std::vector<std::string>& args, const fs::path& cwd,
                 const std::map<std::string, std::optional<std::string>>& env)
{
  std::vector<std::string> argv{COLLAB_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, cwd, env);
}

RunResult sh(const std::string& command, const fs::path& cwd) { return run({"sh", "-c", command}, cwd); }

TempDir::TempDir()
{
  std::string tmpl = (fs::temp_directory_path() / "collab-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data()))
    throw std::runtime_error("mkdtemp failed");
  m_path = tmpl;
}

TempDir::~TempDir()
{
  std::error_code ec;
  // Restore permissions that tests may have removed, then delete.
  for (auto it = fs::recursive_directory_iterator(m_path, ec); it != fs::recursive_directory_iterator(); it.increment(ec))
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(m_path, ec);
}

void write(const fs::path& p, const std::string& content)
{
  if (p.has_parent_path())
    fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << content;
}

std::string read(const fs::path& p)
{
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string git(const std::string& args, const fs::path& dir)
{
  const auto r = sh("git " + args, dir);
  if (r.status != 0)
    throw std::runtime_error("git " + args + ": " + r.err);
  return r.out;
}

fs::path git_init(const fs::path& dir)
{
  fs::create_directories(dir);
  const auto r = run({"git", "init", "-q", "-b", "main", dir.string()}, dir);
  if (r.status != 0)
    throw std::runtime_error("git init failed: " + r.err);
  return dir;
}

void set_test_environment()
{
  // A fixed identity, and no user or system git config leaking into tests.
  setenv("GIT_AUTHOR_NAME", "Test Recorder", 1);
  setenv("GIT_AUTHOR_EMAIL", "recorder@example.com", 1);
  setenv("GIT_COMMITTER_NAME", "Test Recorder", 1);
  setenv("GIT_COMMITTER_EMAIL", "recorder@example.com", 1);
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  // One empty home per test process, removed when the process exits (forked children _exit).
  struct Home {
    std::string path;
    ~Home()
    {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Home home_dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "collab-home-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      throw std::runtime_error("mkdtemp failed");
    return Home{tmpl};
  }();
  const std::string& home = home_dir.path;
  setenv("HOME", home.c_str(), 1);
  setenv("XDG_CONFIG_HOME", (home + "/.config").c_str(), 1);
  unsetenv("NO_COLOR");
  unsetenv("CLICOLOR_FORCE");
  unsetenv("CLICOLOR");
  // No pager but the one a test asks for (it would wait for a key on a terminal).
  for (const char* var : {"COLLAB_PAGER", "PAGER", "LESS"})
    unsetenv(var);
  unsetenv("COLLAB_TODAY");
  unsetenv("EMAIL");
  // Run under GitHub Actions, every lint of the suite would append to the job's summary page.
  unsetenv("GITHUB_ACTIONS");
  unsetenv("GITHUB_STEP_SUMMARY");
  // The language comes from the repo's `lang`, else these: tests choose it explicitly.
  for (const char* var : {"LANGUAGE", "LC_ALL", "LC_MESSAGES"})
    unsetenv(var);
  setenv("LANG", "C.UTF-8", 1);
}

ScopedEnv::ScopedEnv(const char* name, std::optional<std::string> value) : m_name(name)
{
  if (const char* old = std::getenv(name))
    m_old = old;
  value ? setenv(name, value->c_str(), 1) : unsetenv(name);
}

ScopedEnv::~ScopedEnv() { m_old ? setenv(m_name, m_old->c_str(), 1) : unsetenv(m_name); }

void write_script(const fs::path& p, const std::string& body)
{
  write(p, "#!/bin/sh\n" + body);
  ::chmod(p.c_str(), 0755);
}

} // namespace test

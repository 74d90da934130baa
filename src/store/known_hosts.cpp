#include "known_hosts.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace collab::store {

namespace fs = std::filesystem;

std::string base64(std::string_view bytes)
{
  static constexpr char k_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += k_digits[v >> 18 & 63];
    out += k_digits[v >> 12 & 63];
    out += k_digits[v >> 6 & 63];
    out += k_digits[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += k_digits[v >> 18 & 63];
    out += k_digits[v >> 12 & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += k_digits[v >> 18 & 63];
    out += k_digits[v >> 12 & 63];
    out += k_digits[v >> 6 & 63];
    out += '=';
  }
  return out;
}

namespace {

/// The output of `ssh-keygen -F NAME -f FILE` ("" when it finds nothing or cannot run).
std::string find_with_ssh_keygen(const std::string& name, const fs::path& file)
{
  std::error_code ec;
  if (!fs::exists(file, ec))
    return "";
  std::vector<std::string> argv{"ssh-keygen", "-F", name, "-f", file.string()};
  std::vector<char*> cargv;
  for (auto& a : argv)
    cargv.push_back(a.data());
  cargv.push_back(nullptr);
  int out[2];
  if (::pipe(out) != 0)
    return "";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", 0, 0);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, "ssh-keygen", &fa, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  std::string text;
  if (rc == 0) {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(out[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
      if (n > 0)
        text.append(buf, static_cast<size_t>(n));
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  ::close(out[0]);
  return text;
}

} // namespace

bool known_host_key(const std::string& host, int port, std::string_view key)
{
  const std::string name = port == 22 || port <= 0 ? host : "[" + host + "]:" + std::to_string(port);
  const std::string want = base64(key);
  std::vector<fs::path> files;
  if (const char* home = std::getenv("HOME"); home && *home)
    files.push_back(fs::path(home) / ".ssh/known_hosts");
  files.emplace_back("/etc/ssh/ssh_known_hosts");
  for (const fs::path& file : files) {
    const std::string text = find_with_ssh_keygen(name, file);
    size_t at = 0;
    while (at < text.size()) {
      size_t end = text.find('\n', at);
      if (end == std::string::npos)
        end = text.size();
      const std::string_view line(text.data() + at, end - at);
      at = end + 1;
      if (line.empty() || line[0] == '#')
        continue;
      // "[@MARKER ]NAMES KEYTYPE BASE64 [COMMENT]": a revoked key is refused, a CA key is no host key.
      const bool marked = line[0] == '@';
      const bool revoked = line.substr(0, 9) == "@revoked ";
      const std::string_view marker_free = marked ? line.substr(std::min(line.size(), line.find(' ') + 1)) : line;
      if (marked && !revoked)
        continue;
      if (revoked) {
        if (marker_free.find(" " + want) != std::string_view::npos)
          return false;
        continue;
      }
      const size_t a = line.find(' ');
      const size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
      if (b == std::string_view::npos)
        continue;
      const size_t c = line.find(' ', b + 1);
      if (line.substr(b + 1, c == std::string_view::npos ? std::string_view::npos : c - b - 1) == want)
        return true;
    }
  }
  return false;
}

} // namespace collab::store

#include "commit_hooks.h"

#include "collab/util/process.h"

#include <cctype>
#include <sys/stat.h>
#include <unistd.h>

namespace collab::store {

namespace fs = std::filesystem;

fs::path find_hook(const fs::path& dir, std::string_view name)
{
  if (dir.empty())
    return {};
  fs::path hook = dir / name;
  struct stat st {};
  // As git: a file it may execute (the samples, `NAME.sample`, are not).
  if (::stat(hook.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || ::access(hook.c_str(), X_OK) != 0)
    return {};
  return hook;
}

HookRun run_hook(const fs::path& hook, const std::vector<std::string>& args, const fs::path& top,
             const std::vector<std::string>& env)
{
  util::ProcessSpec spec;
  spec.argv = {hook.string()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.cwd = top;
  spec.env = env;
  spec.capture_out = false;
  spec.capture_err = false;
  const util::ProcessResult r = util::run_process(spec);
  return {r.status, r.spawn_error};
}

std::string clean_message(std::string_view message)
{
  std::string out;
  size_t blanks = 0;
  size_t at = 0;
  while (at < message.size()) {
    size_t end = message.find('\n', at);
    if (end == std::string_view::npos)
      end = message.size();
    std::string_view line = message.substr(at, end - at);
    at = end + 1;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
      line.remove_suffix(1);
    if (line.empty()) {
      ++blanks;
      continue;
    }
    if (blanks && !out.empty())
      out += '\n';
    blanks = 0;
    out.append(line);
    out += '\n';
  }
  return out;
}

} // namespace collab::store

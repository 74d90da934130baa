#include "commands/setup_merge.h"

#include "commands/context.h"
#include "commands/record_edit.h"

#include "collab/store/transaction.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>

#include <cstdlib>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::store;

namespace {

constexpr std::string_view k_lines[] = {"*.yaml merge=collab", "*.yml merge=collab"};

/// The word as a shell reads it (git runs the driver through `sh -c`).
std::string shell_quoted(const std::string& s)
{
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") ==
                      std::string::npos)
    return s;
  std::string out = "'";
  for (const char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// The `collab` the shell finds on PATH, or nullopt.
std::optional<fs::path> collab_on_path()
{
  const char* path = std::getenv("PATH");
  if (!path)
    return std::nullopt;
  const std::string_view all(path);
  for (size_t at = 0; at <= all.size();) {
    const size_t end = std::min(all.find(':', at), all.size());
    const fs::path dir(all.substr(at, end - at).empty() ? "." : std::string(all.substr(at, end - at)));
    std::error_code ec;
    const fs::path candidate = dir / "collab";
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
    at = end + 1;
  }
  return std::nullopt;
}

} // namespace

std::string gitattributes_with_driver(std::string_view current)
{
  std::string out(current);
  for (const std::string_view line : k_lines) {
    bool present = false;
    for (size_t at = 0; at < current.size() && !present;) {
      const size_t end = std::min(current.find('\n', at), current.size());
      std::string_view l = current.substr(at, end - at);
      while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r'))
        l.remove_suffix(1);
      while (!l.empty() && (l.front() == ' ' || l.front() == '\t'))
        l.remove_prefix(1);
      present = l == line;
      at = end + 1;
    }
    if (present)
      continue;
    if (!out.empty() && out.back() != '\n')
      out += '\n';
    out += std::string(line) + "\n";
  }
  return out;
}

std::string merge_driver_command()
{
  std::error_code ec;
  const fs::path self = fs::canonical("/proc/self/exe", ec);
  std::string program = "collab";
  if (!ec) {
    const auto found = collab_on_path();
    const fs::path found_real = found ? fs::canonical(*found, ec) : fs::path();
    if (!found || ec || found_real != self)
      program = shell_quoted(self.string());
  }
  return program + " merge-driver %O %A %B %P";
}

bool configure_merge_driver(Repo& repo)
{
  const std::string name = "collab: records merged field by field";
  const std::string driver = merge_driver_command();
  bool changed = false;
  if (repo.config_value("merge.collab.name") != name) {
    repo.set_config("merge.collab.name", name);
    changed = true;
  }
  if (repo.config_value("merge.collab.driver") != driver) {
    repo.set_config("merge.collab.driver", driver);
    changed = true;
  }
  return changed;
}

int run_setup_merge(const GlobalOptions& g, const SetupMergeOptions&)
{
  const Workspace ws = load_workspace(g);
  const fs::path path = ws.root / ".gitattributes";
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  const std::string current = exists ? read_file(path) : std::string();
  const std::string wanted = gitattributes_with_driver(current);
  bool changed = false;
  if (wanted != current) {
    WriteSession session(ws);
    write_and_commit(session.repo(), {{path, wanted}},
                     "setup-merge: records merge field by field (git merge driver)\n", session.author());
    configure_merge_driver(session.repo());
    changed = true;
  } else {
    changed = configure_merge_driver(*open_repo(ws));
  }
  if (!g.quiet)
    fmt::print("{}\n", changed ? trf("Set up the merge driver: {} and git config merge.collab.driver", ws.display(path))
                               : tr("The merge driver is already set up; nothing changed"));
  return k_exit_ok;
}

} // namespace collab::commands

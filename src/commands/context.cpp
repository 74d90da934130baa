#include "commands/context.h"

#include "collab/util/i18n.h"
#include "collab/util/error.h"

#include <cstdlib>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::model;
using namespace collab::store;

const Kind& require_kind(std::string_view name)
{
  if (const Kind* k = find_kind(name))
    return *k;
  throw usage_error(trf("unknown kind `{}`; use {}", name, fmt::join(record_kinds(), ", ")));
}

Date today(const GlobalOptions& g)
{
  const Date local = local_today();
  if (!g.as_of.empty()) {
    if (auto d = parse_friendly_date(g.as_of, local))
      return *d;
    throw usage_error(trf("--as-of `{}` is not a date; use YYYY-MM-DD, today, +3d, fri...", g.as_of));
  }
  if (const char* env = std::getenv("COLLAB_TODAY"); env && *env) {
    if (auto d = parse_friendly_date(env, local))
      return *d;
    throw usage_error(trf("COLLAB_TODAY `{}` is not a date; use YYYY-MM-DD", env));
  }
  return local;
}

Workspace load_workspace(const GlobalOptions& g)
{
  std::vector<Diagnostic> errors;
  const fs::path dir = working_dir(g.dir);
  Workspace ws = open_workspace(dir, errors);
  const std::string before = util::i18n::language();
  util::i18n::set_language(ws.config.lang); // every message from here on in the repo's language
  if (!errors.empty() && util::i18n::language() != before) {
    // The config's own findings were worded before its `lang` was known: read it again.
    errors.clear();
    ws = open_workspace(dir, errors);
  }
  if (!errors.empty()) {
    std::string details;
    for (const auto& d : errors)
      details += fmt::format("{}:{}:{}: {}: {}\n", d.path, d.pos.line, d.pos.column, util::i18n::tr("error"), d.message);
    throw usage_error(util::i18n::trf("invalid configuration; fix {} and run again", k_config_name), details);
  }
  ws.config.today = today(g); // lint's date rules (unconfirmed-minutes) count from --as-of too
  return ws;
}

std::string repo_language(const GlobalOptions& g)
{
  try {
    std::vector<Diagnostic> errors;
    return open_workspace(working_dir(g.dir), errors).config.lang;
  } catch (const std::exception&) {
    return util::i18n::language_from_environment();
  }
}

std::unique_ptr<Repo> open_repo(const Workspace& ws)
{
  auto repo = Repo::discover(ws.root);
  if (!repo)
    throw repo_error(trf("{} is not inside a git work tree; run `git init` there (or `collab init`)",
                         ws.root.string()));
  return repo;
}

size_t output_width(const GlobalOptions& g)
{
  if (g.width > 0)
    return static_cast<size_t>(g.width);
  if (const char* cols = std::getenv("COLUMNS"); cols && *cols) {
    const int n = std::atoi(cols);
    if (n >= 10)
      return static_cast<size_t>(n);
  }
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 10)
    return ws.ws_col;
  return 80;
}

} // namespace collab::commands

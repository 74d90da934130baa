#include "commands/context.h"
#include "commands/options.h"
#include "collab/util/terminal.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/lint/lint_files.h"
#include "collab/lint/output_formats.h"
#include "collab/store/workspace.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <optional>
#include <set>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::lint;
using util::i18n::tr;
using util::i18n::trf;

namespace {

/// The record files named on the command line (files or folders), absolute and sorted.
std::vector<fs::path> resolve_paths(const Workspace& ws, const fs::path& cwd, const std::vector<std::string>& args)
{
  std::set<fs::path> out;
  for (const auto& a : args) {
    fs::path p = fs::path(a).is_absolute() ? fs::path(a) : cwd / a;
    std::error_code ec;
    if (!fs::exists(p, ec))
      throw usage_error(trf("{}: no such file or directory", a));
    p = fs::weakly_canonical(p, ec);
    const fs::path rel = p.lexically_relative(ws.root);
    if (rel.empty() || *rel.begin() == "..")
      throw usage_error(trf("{} is outside the records root {}", a, ws.root.string()));
    if (fs::is_directory(p, ec)) {
      for (auto& f : list_record_files(p))
        out.insert(f);
    } else {
      out.insert(p);
    }
  }
  return {out.begin(), out.end()};
}

/// The lint output format --format names (the CLI let only lint's own through).
LintFormat lint_format(Format f)
{
  switch (f) {
  case Format::Json: return LintFormat::Json;
  case Format::Github: return LintFormat::Github;
  case Format::Sarif: return LintFormat::Sarif;
  case Format::Junit: return LintFormat::Junit;
  case Format::Gitlab: return LintFormat::Gitlab;
  default: return LintFormat::Text;
  }
}

/// The workspace to lint: the root above the working directory; or, when there is none and
/// PATHs are given, the one root that holds them all. pre-commit runs its hooks from the top
/// of the repository with paths relative to it, and the records root may be a sub-folder.
Workspace lint_workspace(const GlobalOptions& g, const LintOptions& o)
{
  const fs::path cwd = fs::absolute(working_dir(g.dir));
  if (o.paths.empty() || find_root(cwd))
    return load_workspace(g);
  std::optional<fs::path> root;
  std::string first;
  for (const auto& a : o.paths) {
    const fs::path p = fs::path(a).is_absolute() ? fs::path(a) : cwd / a;
    std::error_code ec;
    if (!fs::exists(p, ec))
      throw usage_error(trf("{}: no such file or directory", a));
    const auto r = find_root(fs::is_directory(p, ec) ? p : p.parent_path());
    if (!r)
      return load_workspace(g); // says that there is no root here
    if (root && *r != *root)
      throw usage_error(trf("{} and {} are in different records roots; lint each root on its own", first, a));
    root = r;
    first = a;
  }
  GlobalOptions at_root = g;
  at_root.dir = root->string();
  Workspace ws = load_workspace(at_root);
  ws.cwd = fs::weakly_canonical(cwd); // paths are still shown relative to where lint was started
  return ws;
}

/// Under GitHub Actions, appends the Markdown summary to $GITHUB_STEP_SUMMARY (the job's page
/// shows it). Appending keeps what earlier steps wrote; a summary that cannot be written is a
/// warning: the findings are already on stdout and decide the exit status.
void write_step_summary(const std::vector<FileResult>& results, LintFormat format)
{
  const char* actions = std::getenv("GITHUB_ACTIONS");
  const char* file = std::getenv("GITHUB_STEP_SUMMARY");
  if (!actions || std::string_view(actions) != "true" || !file || !*file)
    return;
  const std::string md = format_step_summary(results, format == LintFormat::Github);
  std::FILE* f = std::fopen(file, "ab");
  bool ok = f != nullptr;
  if (f) {
    ok = std::fwrite(md.data(), 1, md.size(), f) == md.size();
    ok = std::fclose(f) == 0 && ok;
  }
  if (!ok)
    fmt::print(stderr, "collab: {}: {}\n", tr("warning"),
               trf("cannot append the lint summary to {} (GITHUB_STEP_SUMMARY): {}", file, std::strerror(errno)));
}

} // namespace

int run_lint(const GlobalOptions& g, const LintOptions& o)
{
  const LintFormat format = lint_format(g.format);
  Workspace ws = lint_workspace(g, o);
  // Annotations, code scanning and Code Quality resolve paths from the repository's top.
  if (format == LintFormat::Github || format == LintFormat::Sarif || format == LintFormat::Gitlab)
    if (auto top = find_git_top(ws.root))
      ws.cwd = *top;

  std::vector<fs::path> files;
  size_t shown = 0;
  if (o.paths.empty()) {
    files = list_record_files(ws.root);
    shown = files.size();
  } else {
    files = resolve_paths(ws, fs::absolute(working_dir(g.dir)), o.paths);
    shown = files.size();
    // duplicate-id needs the other records that could share an id: those with the same file stem.
    std::set<std::string> stems;
    for (const auto& f : files)
      stems.insert(f.stem().string());
    const std::set<fs::path> named(files.begin(), files.end());
    for (const auto& f : list_record_files(ws.root))
      if (!named.count(f) && stems.count(f.stem().string()))
        files.push_back(f);
  }

  auto results = lint_files(ws, files);
  results.resize(shown);

  const Tally t = tally(results);
  std::string out;
  switch (format) {
  case LintFormat::Text: out = format_text(results, use_color(g.color, STDOUT_FILENO)); break;
  case LintFormat::Json: out = format_json(results); break;
  case LintFormat::Github: out = format_github(results); break;
  case LintFormat::Sarif: out = format_sarif(results); break;
  case LintFormat::Junit: out = format_junit(results, o.strict); break;
  case LintFormat::Gitlab: out = format_gitlab(results); break;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  write_step_summary(results, format);
  if (format == LintFormat::Text && !g.quiet)
    fmt::print(stderr, "{}\n", summary_line(t));

  if (t.errors > 0 || (o.strict && t.warnings > 0))
    return k_exit_findings;
  return k_exit_ok;
}

} // namespace collab::commands

// `collab merge-driver BASE OURS THEIRS PATH`: what git runs (merge.collab.driver) for a record
// file changed on both sides. The merge is model::merge_record's, as `collab sync` makes it; a
// conflict leaves OURS as it is and exits 1, so git marks the path conflicted without writing
// markers into the YAML.
#include "commands/options.h"

#include "collab/model/record_diff.h"
#include "collab/model/record_merge.h"
#include "collab/store/repo.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"
#include "collab/util/text.h"
#include "collab/yaml/parse.h"
#include "store/git_cli.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace {

std::string terminal_safe(std::string_view s) { return escape_controls(s, false); }

/// Whether git's path names a record file: *.yaml / *.yml, not `.collab.yaml`, not under a hidden folder.
bool record_path(std::string_view path)
{
  if (!(path.ends_with(".yaml") || path.ends_with(".yml")))
    return false;
  for (size_t at = 0; at < path.size();) {
    const size_t end = std::min(path.find('/', at), path.size());
    const std::string_view part = path.substr(at, end - at);
    if (part.starts_with(".") && part != "." && part != "..")
      return false;
    at = end + 1;
  }
  return true;
}

/// Whether a rebase is in progress: git then passes the branch being rebased onto as OURS and
/// the commit being replayed (the local, unpushed one) as THEIRS.
bool rebasing(const fs::path& cwd)
{
  try {
    const auto repo = store::Repo::discover(cwd);
    std::error_code ec;
    return repo && (fs::exists(repo->git_dir() / "rebase-merge", ec) || fs::exists(repo->git_dir() / "rebase-apply", ec));
  } catch (const Error&) {
    return false;
  }
}

/// git's own three-way text merge; nullopt on a conflict.
std::optional<std::string> text_merge(const MergeDriverOptions& o, const fs::path& cwd)
{
  const store::GitRun r = store::run_git_status({"merge-file", "-p", "-q", o.ours, o.base, o.theirs}, cwd);
  if (r.status != 0)
    return std::nullopt;
  return r.out;
}

/// Whether two texts read as the same record values.
bool same_values(const std::string& a, const std::string& b)
{
  const yaml::ParseLimits limits{.positions = false};
  const auto pa = yaml::parse_yaml(yaml::SourceFile("", a), limits);
  const auto pb = yaml::parse_yaml(yaml::SourceFile("", b), limits);
  return !pa.error && !pb.error && pa.doc && pb.doc &&
         model::diff_records(pa.doc->root(), pb.doc->root()).empty();
}

} // namespace

int run_merge_driver(const GlobalOptions&, const MergeDriverOptions& o)
{
  const fs::path cwd = fs::current_path();
  const std::string shown = terminal_safe(o.path);
  if (!record_path(o.path)) {
    // Not a record (`.collab.yaml`, a file in a hidden folder): git's own merge, markers and all.
    const store::GitRun r = store::run_git_status({"merge-file", "-q", o.ours, o.base, o.theirs}, cwd);
    return r.status == 0 ? k_exit_ok : k_exit_findings;
  }
  const std::string base = read_file(o.base), ours = read_file(o.ours), theirs = read_file(o.theirs);
  // In a rebase the commit being replayed is the local one: its appended items go after the
  // upstream's, so it plays the part of "ours" in merge_record.
  const bool swap = rebasing(cwd);
  model::RecordMerge m = swap ? model::merge_record(base, theirs, ours) : model::merge_record(base, ours, theirs);
  if (!m.error.empty()) {
    // A side that is not a readable record: git's text merge, but never markers in the file.
    if (const auto merged = text_merge(o, cwd)) {
      write_file_atomic(o.ours, *merged);
      return k_exit_ok;
    }
    fmt::print(stderr, "collab: {}\n",
               trf("{}: cannot merge field by field ({}) and the lines conflict; the file is left as it was: "
                   "resolve it, then `git add` it",
                   shown, terminal_safe(m.error)));
    return k_exit_findings;
  }
  if (!m.text) {
    for (auto& c : m.conflicts) {
      if (swap)
        std::swap(c.ours, c.theirs);
      fmt::print(stderr, "collab: {}\n",
                 trf("{}: conflict in {}: ours \"{}\", theirs \"{}\" (base \"{}\")", shown, terminal_safe(c.field),
                     terminal_safe(c.ours), terminal_safe(c.theirs), terminal_safe(c.base)));
    }
    fmt::print(stderr, "collab: {}\n",
               trf("{}: left as this side wrote it, without conflict markers; edit those fields in the file, "
                   "then `git add` it",
                   shown));
    return k_exit_findings;
  }
  // git's line merge keeps the comments of both sides; it is taken when it reads the same.
  std::string result = std::move(*m.text);
  if (const auto merged = text_merge(o, cwd); merged && same_values(*merged, result))
    result = *merged;
  write_file_atomic(o.ours, result);
  for (const auto& [from, to] : m.moved_items)
    fmt::print(stderr, "collab: {}\n",
               trf("{}: item #{} appended on this side is now #{} (the other side's new items come first)", shown,
                   from, to));
  return k_exit_ok;
}

} // namespace collab::commands

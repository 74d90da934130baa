#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"
#include "collab/util/terminal.h"

#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/yaml/source_check.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

int run_commit(const GlobalOptions& g, const CommitOptions& o)
{
  const Workspace ws = load_workspace(g);
  // Status and files are read under the lock: a copy read before it could undo a write
  // that another collab committed meanwhile.
  WriteSession session(ws);
  std::vector<fs::path> paths;
  if (o.paths.empty()) {
    for (const auto& p : session.repo().changed_paths(ws.root))
      if (is_record_name(p))
        paths.push_back(p);
  } else {
    for (const auto& a : o.paths) {
      fs::path p = fs::absolute(fs::path(a).is_absolute() ? fs::path(a) : working_dir(g.dir) / a).lexically_normal();
      const fs::path rel = p.lexically_relative(ws.root);
      if (rel.empty() || *rel.begin() == ".." || !is_record_name(p))
        throw usage_error(trf("{} is not a record file below {}", a, ws.root.string()));
      paths.push_back(p);
    }
  }
  if (paths.empty()) {
    if (!g.quiet)
      fmt::print(stderr, "collab: {}\n", tr("no changed records to commit"));
    return k_exit_ok;
  }
  std::vector<FileChange> changes;
  std::vector<std::string> ids;
  std::error_code ec;
  std::string errors;
  for (const auto& p : paths) {
    ids.push_back(p.stem().string());
    if (!fs::exists(p, ec)) {
      changes.push_back(FileChange{p, std::nullopt});
      continue;
    }
    // Read no more than a record can hold: a larger file is refused, not loaded.
    size_t size = 0;
    std::string text = read_file_prefix(p, k_max_record_bytes + 1, size);
    errors += errors_in(ws, p, text, p.stem().string());
    changes.push_back(FileChange{p, std::move(text)});
  }
  if (!errors.empty())
    throw Error(k_exit_findings, tr("fix the errors above, then run `collab commit` again; nothing was committed"), errors);
  const std::string message =
    o.message.empty() ? fmt::format("commit {}\n", fmt::join(ids, ", ")) : fmt::format("commit {}: {}\n", fmt::join(ids, ", "), o.message);
  commit_change(g, ws, session, changes, message);
  return k_exit_ok;
}

} // namespace collab::commands

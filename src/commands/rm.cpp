#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/store/record_files.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

/// True when the file differs from HEAD: edited, staged or never committed.
bool has_uncommitted_changes(const Repo& repo, const fs::path& path)
{
  std::error_code ec;
  for (const auto& p : repo.changed_paths(path.parent_path()))
    if (p == path || fs::equivalent(p, path, ec))
      return true;
  return false;
}

/// True when HEAD has the file (false on an unborn branch).
bool in_head(const Repo& repo, const fs::path& path)
{
  try {
    return repo.read_at("HEAD", path).has_value();
  } catch (const Error&) {
    return false;
  }
}

/// Error(3) saying what rm would lose, and how to keep or drop it.
Error refuse_uncommitted(const Workspace& ws, const Repo& repo, const fs::path& path)
{
  const std::string shown = ws.display(path);
  return repo_error(in_head(repo, path)
                      ? trf("{} has changes not committed; commit them (`collab commit`) or use `collab rm --force`", shown)
                      : trf("{} was never committed; commit it (`collab commit`) or use `collab rm --force`", shown));
}

} // namespace

int run_rm(const GlobalOptions& g, const RmOptions& o)
{
  const Ref ref = require_ref(o.id, true, tr("rm removes whole records"));
  const Workspace ws = load_workspace(g);
  WriteSession session(ws); // before looking: a set waiting for the lock must not bring it back
  const auto path = find_record_file(ws, ref.id);
  if (!path)
    throw usage_error(trf("no record `{}` below {}", ref.id, ws.root.string()));
  // Like `git rm`: what was never committed would be lost for good.
  if (!o.force && has_uncommitted_changes(session.repo(), *path))
    throw refuse_uncommitted(ws, session.repo(), *path);
  // The title for the message, when the file still reads; rm removes unreadable files too.
  const std::string title = title_if_readable(ws, ref.id);
  commit_change(g, ws, session, {FileChange{*path, std::nullopt}},
                title.empty() ? fmt::format("rm {}\n", ref.id) : fmt::format("rm {}: {}\n", ref.id, title));
  return k_exit_ok;
}

} // namespace collab::commands

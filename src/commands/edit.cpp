#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"
#include "commands/editor.h"

#include "collab/store/schema_files.h"
#include "collab/store/record_files.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
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

/// The record as read under the lock, or nullopt when it is gone or no longer reads.
std::optional<LoadedRecord> reload(const Workspace& ws, const Ref& ref)
{
  try {
    return load_record(ws, ref.id);
  } catch (const Error&) {
    return std::nullopt;
  }
}

/// Under the lock: the record, when it is still the text the editor started from. Otherwise
/// another write committed meanwhile, and saving over it would undo that write: Error(3),
/// keeping `saved` as the draft that `collab edit` resumes.
LoadedRecord require_unchanged(const Workspace& ws, const Ref& ref, const LoadedRecord& before,
                               const std::string& saved, const fs::path& draft_dir)
{
  auto now = reload(ws, ref);
  if (now && now->path == before.path && now->text == before.text)
    return std::move(*now);
  // Started from before: the next edit shows what changed. A draft's modeline is relative to the draft.
  keep_draft(draft_dir, ref.id, retarget_modeline(saved, before.path.parent_path(), draft_dir), before.text);
  throw repo_error(trf("{} changed while you were editing it; nothing was written. Your text is kept at {}: "
                       "`collab edit {}` shows the other change and lets you reuse your text (--resume) or start "
                       "again from the record (--fresh)",
                       ws.display(before.path), draft_file(draft_dir, ref.id).string(), ref.id));
}

} // namespace

int run_edit(const GlobalOptions& g, const EditOptions& o)
{
  const Ref ref = require_ref(o.id, true, tr("edit opens whole records"));
  const Workspace ws = load_workspace(g);
  const LoadedRecord before = load_record(ws, ref.id);
  require_editor(trf("change fields with `collab set {} KEY=VALUE` (or `collab done`, `collab delay`), or set "
                     "EDITOR to a command",
                     ref.id));
  fs::path draft_dir;
  {
    auto repo = open_repo(ws);
    repo->identity(); // refuse before the user types anything
    repo->require_writable(); // likewise a merge or rebase in progress (checked again at the commit)
    draft_dir = repo->git_dir() / "collab-drafts";
  }
  // No lock while the editor is open: it may stay open for hours.
  const auto saved = edit_loop(ws, before.path, ref.id, before.text, draft_dir,
                               o.fresh ? DraftUse::Fresh : o.resume ? DraftUse::Resume : DraftUse::Check);
  if (!saved) {
    if (!g.quiet)
      fmt::print(stderr, "collab: {}\n", tr("edit cancelled, no changes made"));
    return k_exit_ok;
  }
  WriteSession session(ws);
  const LoadedRecord rec = require_unchanged(ws, ref, before, *saved, draft_dir);
  return write_record(g, session, ws, rec, ref, "edit", *saved);
}

} // namespace collab::commands

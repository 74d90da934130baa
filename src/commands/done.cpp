#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/sync_state.h"
#include "commands/values.h"

#include "collab/model/status.h"
#include "collab/util/text.h"
#include "collab/yaml/emit.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

int run_done(const GlobalOptions& g, const DoneOptions& o)
{
  const Ref ref = require_ref(o.ref, false);
  const Workspace ws = load_workspace(g);
  WriteSession session(ws); // before reading: see WriteSession
  const LoadedRecord rec = load_record(ws, ref.id);
  if (rec.kind && !rec.kind->has_status() && ref.index == 0)
    throw usage_error(trf("{} is a {}; its items are its {}: `collab done {}#1`", ref.id, rec.kind->name,
                          rec.kind->item_list, ref.id));
  const Date now = today(g);
  const Date completed = o.date.empty() ? now : require(read_friendly_date(o.date, now), "--date");
  if (now < completed)
    throw usage_error(trf("--date {} is in the future (today is {}); an item is done when it is done",
                          completed.str(), now.str()));
  const Node& target = ref_target(rec, ref); // the item must exist
  // Done once: a second `done` would overwrite the date it was really completed.
  // After `collab sync` reported a conflict on this item's closing, done again keeps ours.
  const bool settling = pending_conflict_on(session.repo().git_dir(), rec.kind ? rec.kind->item_list : "", ref,
                                            {"status", "completed", "evidence"});
  if (const auto s = parse_status(util::trim(target.text_of("status"))); s && *s == Status::Done && !settling)
    throw usage_error(trf("{} is already done (completed {}); to add evidence: `collab set {} evidence=...`",
                          ref.str(), util::trim(target.text_of("completed")), ref.str()));
  std::vector<std::pair<std::string, std::string>> edits = {{"status", status_for(ws, rec, ref, Status::Done)},
                                                             {"completed", completed.str()}};
  if (!o.evidence.empty())
    edits.emplace_back("evidence", emit_scalar(o.evidence));
  return write_record(g, session, ws, rec, ref, "done", apply_edits(rec, ref, edits), edits);
}

} // namespace collab::commands

#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/sync_state.h"
#include "commands/values.h"

#include "collab/model/status.h"
#include "collab/yaml/emit.h"
#include "collab/util/error.h"
#include "collab/util/text.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

int run_delay(const GlobalOptions& g, const DelayOptions& o)
{
  const Ref ref = require_ref(o.ref, false);
  if (util::trim(o.reason).empty())
    throw usage_error(tr("a delay needs its reason: --reason TEXT (the guides require it)"));
  const Workspace ws = load_workspace(g);
  WriteSession session(ws); // before reading: see WriteSession
  const LoadedRecord rec = load_record(ws, ref.id);
  if (rec.kind && !rec.kind->has_status() && ref.index == 0)
    throw usage_error(trf("{} is a {}; its items are its {}: `collab delay {}#1`", ref.id, rec.kind->name,
                          rec.kind->item_list, ref.id));
  const Date now = today(g);
  const Date to = require(read_friendly_date(o.to, now), "--to");
  const yaml::Node& target = ref_target(rec, ref);
  if (const auto s = parse_status(util::trim(target.text_of("status"))); s && is_closed(*s))
    throw usage_error(trf("{} is {}; a closed item is not delayed. To reopen it: `collab set {} status=doing`",
                          ref.str(), util::trim(target.text_of("status")), ref.str())); // in the record's words
  if (to < now)
    throw usage_error(trf("--to {} is in the past (today is {}); give the new date it will be done by",
                          to.str(), now.str()));
  // After `collab sync` reported a conflict on this delay, the same date keeps ours (with this reason).
  const bool settling = pending_conflict_on(session.repo().git_dir(), rec.kind ? rec.kind->item_list : "", ref,
                                            {"deadline", "delay_reason", "status"});
  if (const auto current = parse_iso_date(util::trim(target.text_of("deadline")));
      current && !(*current < to) && !(settling && *current == to))
    throw usage_error(trf("--to {} is not after the current deadline {}; a delay moves the deadline later",
                          to.str(), current->str()));
  std::vector<std::pair<std::string, std::string>> edits = {
    {"status", status_for(ws, rec, ref, Status::Delayed)}, {"deadline", to.str()}, {"delay_reason", emit_scalar(o.reason)}};
  // The first deadline is kept once; later delays do not overwrite it.
  const auto old = util::trim(target.text_of("deadline"));
  if (target.text_of("original_deadline").empty() && !old.empty())
    edits.emplace_back("original_deadline", std::string(old));
  return write_record(g, session, ws, rec, ref, "delay", apply_edits(rec, ref, edits), edits);
}

} // namespace collab::commands

#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/yaml/emit.h"
#include "collab/util/error.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
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
    throw usage_error(fmt::format("{} is a {}; its items are its {}: `collab done {}#1`", ref.id, rec.kind->name,
                                  rec.kind->item_list, ref.id));
  const Date now = today(g);
  const Date completed = o.date.empty() ? now : require(read_friendly_date(o.date, now), "--date");
  ref_target(rec, ref); // the item must exist
  std::vector<std::pair<std::string, std::string>> edits = {{"status", "done"}, {"completed", completed.str()}};
  if (!o.evidence.empty())
    edits.emplace_back("evidence", emit_scalar(o.evidence));
  return write_record(g, session, ws, rec, ref, "done", apply_edits(rec, ref, edits));
}

} // namespace collab::commands

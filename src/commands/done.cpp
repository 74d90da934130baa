#include "commands/common.h"

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
  const LoadedRecord rec = load_record(ws, ref.id);
  if (rec.kind == "meeting" && ref.index == 0)
    throw usage_error(fmt::format("{} is a meeting; its items are its actions: `collab done {}#1`" , ref.id, ref.id));
  const Date now = today(g);
  Date completed = now;
  if (!o.date.empty()) {
    auto d = parse_friendly_date(o.date, now);
    if (!d)
      throw usage_error(fmt::format("--date `{}` is not a date", o.date));
    completed = *d;
  }
  ref_target(rec, ref); // the item must exist
  std::vector<std::pair<std::string, std::string>> edits = {{"status", "done"}, {"completed", completed.str()}};
  if (!o.evidence.empty())
    edits.emplace_back("evidence", emit_scalar(o.evidence));
  return write_record(g, ws, rec, ref, "done", apply_edits(rec, ref, edits));
}

} // namespace collab::commands

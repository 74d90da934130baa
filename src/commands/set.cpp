#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/util/error.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

int run_set(const GlobalOptions& g, const SetOptions& o)
{
  const Ref ref = require_ref(o.ref, false);
  if (o.assignments.empty())
    throw usage_error("nothing to set; give key=value pairs");
  const Workspace ws = load_workspace(g);
  WriteSession session(ws); // before reading: see WriteSession
  const LoadedRecord rec = load_record(ws, ref.id);
  const Date now = today(g);
  std::vector<std::pair<std::string, std::string>> edits;
  for (const auto& a : o.assignments) {
    auto [key, value] = split_assignment(a);
    if (key == "id" || key == "kind")
      throw usage_error(fmt::format("`{}` cannot be set; it names the record", key));
    edits.emplace_back(key, value_for(rec.kind, ref.index > 0, key, value, now));
  }
  return write_record(g, session, ws, rec, ref, "set", apply_edits(rec, ref, edits));
}

} // namespace collab::commands

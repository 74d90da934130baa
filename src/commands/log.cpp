#include "commands/context.h"
#include "commands/follow_up.h"
#include "commands/history.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/json.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::store;

namespace {

/// The meetings that follow up record `id` when it is a meeting still in the work tree.
std::vector<RecordMention> follow_ups(const Workspace& ws, const std::string& id)
{
  if (!find_record_file(ws, id))
    return {};
  try {
    if (const LoadedRecord rec = load_record(ws, id); !rec.kind || rec.kind->name != "meeting")
      return {};
  } catch (const Error&) {
    return {};
  }
  return follow_ups_of(ws, id);
}

} // namespace

int run_log(const GlobalOptions& g, const LogOptions& o)
{
  const RecordHistory h = open_history(g, o.id);
  // The history index knows every revision: numbers are right however few are shown.
  const auto& revs = h.revisions;
  const size_t shown = o.all || o.limit == 0 ? revs.size() : std::min(o.limit, revs.size());
  const bool json = g.format == Format::Json;
  std::string out = json ? "[" : "";
  for (size_t i = 0; i < shown; ++i) {
    const HistoryEntry& r = revs[i];
    const size_t number = revs.size() - i;
    if (json)
      out += fmt::format("{}\n  {{\"revision\": {}, \"commit\": \"{}\", \"date\": \"{}\", \"author\": {}, \"email\": {}, "
                         "\"message\": {}}}",
                         i ? "," : "", number, r.commit.hex(), revision_time(r, true), json_quote(r.author),
                         json_quote(r.email), json_quote(r.subject));
    else
      out += fmt::format("{:<4} {}  {}  {}  {}\n", fmt::format("v{}", number), r.commit.hex().substr(0, 7),
                         revision_time(r), r.author, r.subject);
  }
  if (json)
    out += shown == 0 ? "]\n" : "\n]\n";
  else // after the revisions: the meetings that carry this one's open actions on
    for (const RecordMention& m : follow_ups(h.ws, h.ref.id))
      out += trf("followed up by: {} ({})", m.id, m.date) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (revs.empty() && !g.quiet)
    fmt::print(stderr, "collab: {}\n", trf("{} has no committed revision yet", h.ref.id));
  return k_exit_ok;
}

} // namespace collab::commands

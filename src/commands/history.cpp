#include "commands/history.h"

#include "commands/context.h"
#include "commands/record_edit.h"

#include "collab/model/kinds.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <ctime>
#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::model;
using namespace collab::store;

RecordHistory open_history(const GlobalOptions& g, const std::string& id)
{
  RecordHistory h{require_ref(id, true), load_workspace(g), nullptr, std::nullopt, {}, {}, {}};
  h.repo = open_repo(h.ws);
  // collab renames a record's file when sync renumbers it: its history goes on under the old name.
  const HistoryQuery follow{false, true};
  if (auto p = find_record_file(h.ws, h.ref.id)) {
    // Its own folder's history only: a fraction of the trees to compare when built cold
    // (renumbering renames within the folder).
    h.index.emplace(HistoryIndex::open(*h.repo, h.ws.root, HistoryScope::of(h.ws.root, *p)));
    h.path = *p;
    h.rel = h.index->relative(h.path);
    h.revisions = h.index->log(h.rel, follow);
    return h;
  }
  // A removed record is found in the kind folders' history.
  h.index.emplace(HistoryIndex::open(*h.repo, h.ws.root));
  for (const auto& kind : kinds()) {
    const fs::path p = h.ws.root / kind.folder / (h.ref.id + ".yaml");
    const std::string rel = h.index->relative(p);
    if (auto revs = h.index->log(rel, follow); !revs.empty()) {
      h.path = p;
      h.rel = rel;
      h.revisions = std::move(revs);
      return h;
    }
  }
  throw usage_error(trf("no record `{}` below {}, now or in its history", h.ref.id, h.ws.root.string()));
}

std::string revision_time(const HistoryEntry& r, bool iso)
{
  const std::time_t t = static_cast<std::time_t>(r.author_time + r.author_offset * 60LL);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, iso ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
  if (!iso)
    return buf;
  const int off = r.author_offset < 0 ? -r.author_offset : r.author_offset;
  return fmt::format("{}{}{:02}:{:02}", buf, r.author_offset < 0 ? '-' : '+', off / 60, off % 60);
}

} // namespace collab::commands

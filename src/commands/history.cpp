#include "commands/history.h"

#include "commands/context.h"
#include "commands/record_edit.h"

#include "collab/model/kinds.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::model;
using namespace collab::store;

RecordHistory open_history(const GlobalOptions& g, const std::string& id)
{
  RecordHistory h{require_ref(id, true), load_workspace(g), nullptr, {}};
  h.repo = open_repo(h.ws);
  if (auto p = find_record_file(h.ws, h.ref.id)) {
    h.path = *p;
    return h;
  }
  // A removed record is found in the kind folders' history.
  bool complete = false;
  for (const auto& kind : kinds()) {
    const fs::path p = h.ws.root / kind.folder / (h.ref.id + ".yaml");
    if (!h.repo->history(p, 1, complete).empty()) {
      h.path = p;
      return h;
    }
  }
  throw usage_error(trf("no record `{}` below {}, now or in its history", h.ref.id, h.ws.root.string()));
}

} // namespace collab::commands

#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"
#include "commands/editor.h"

#include "collab/util/error.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

int run_edit(const GlobalOptions& g, const EditOptions& o)
{
  const Ref ref = require_ref(o.id, true, "edit opens whole records");
  const Workspace ws = load_workspace(g);
  const LoadedRecord rec = load_record(ws, ref.id);
  auto repo = open_repo(ws);
  repo->identity(); // refuse before the user types anything
  const auto saved = edit_loop(ws, rec.path, ref.id, rec.text, repo->git_dir() / "collab-drafts");
  if (!saved) {
    if (!g.quiet)
      fmt::print(stderr, "collab: edit cancelled, no changes made\n");
    return k_exit_ok;
  }
  return write_record(g, ws, rec, ref, "edit", *saved);
}

} // namespace collab::commands

#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/store/record_files.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

int run_rm(const GlobalOptions& g, const RmOptions& o)
{
  const Ref ref = require_ref(o.id, true, "rm removes whole records");
  const Workspace ws = load_workspace(g);
  WriteSession session(ws); // before looking: a set waiting for the lock must not bring it back
  const auto path = find_record_file(ws, ref.id);
  if (!path)
    throw usage_error(fmt::format("no record `{}` below {}", ref.id, ws.root.string()));
  // The title for the message, when the file still reads; rm removes unreadable files too.
  const std::string title = title_if_readable(ws, ref.id);
  commit_change(g, session, {FileChange{*path, std::nullopt}},
                title.empty() ? fmt::format("rm {}\n", ref.id) : fmt::format("rm {}: {}\n", ref.id, title));
  return k_exit_ok;
}

} // namespace collab::commands

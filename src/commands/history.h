#pragma once

// What log and diff share: a record's file and repository, found in history when removed.

#include "commands/options.h"

#include "collab/store/repo.h"
#include "collab/model/refs.h"
#include "collab/store/record_files.h"
#include "collab/store/workspace.h"

#include <memory>
#include <string>

namespace collab::commands {

/// A record for log and diff: its ref, root, repository and file (found in history when removed).
struct RecordHistory {
  model::Ref ref;
  store::Workspace ws;
  std::unique_ptr<store::Repo> repo;
  fs::path path;
};

/// Opens a record's history; throws Error(2) for a bad id or a record that never existed.
RecordHistory open_history(const GlobalOptions& g, const std::string& id);

} // namespace collab::commands

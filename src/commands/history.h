#pragma once

// What log and diff share: a record's file, repository and history index, found in history when
// removed.

#include "commands/options.h"

#include "collab/model/refs.h"
#include "collab/store/history_index.h"
#include "collab/store/record_files.h"
#include "collab/store/repo.h"
#include "collab/store/workspace.h"

#include <memory>
#include <string>
#include <vector>

namespace collab::commands {

/// A record for log and diff: its ref, root, repository, history and file (found in history
/// when removed).
struct RecordHistory {
  model::Ref ref;
  store::Workspace ws;
  std::unique_ptr<store::Repo> repo;
  std::optional<store::HistoryIndex> index;
  fs::path path;
  std::string rel; ///< the file relative to the work tree, as the index names it
  std::vector<store::HistoryEntry> revisions; ///< newest first, across renames
};

/// Opens a record's history; throws Error(2) for a bad id or a record that never existed.
RecordHistory open_history(const GlobalOptions& g, const std::string& id);

/// The date and time of a revision in its author's time zone: "2024-06-01 10:02", or with
/// `iso` "2024-06-01T10:02:00+08:00".
std::string revision_time(const store::HistoryEntry& r, bool iso = false);

} // namespace collab::commands

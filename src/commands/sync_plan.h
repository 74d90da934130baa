#pragma once

// How `collab sync` integrates the upstream's commits with this clone's: per file, per record
// and per field (SPEC §7c). The plan is a value: nothing is written until it has no conflict.

#include "collab/store/repo.h"
#include "collab/store/transaction.h"
#include "collab/store/workspace.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace collab::commands {

/// One field of one record changed to different values on both sides.
struct SyncConflict {
  std::string id;       ///< the record id
  std::string field;    ///< `status`, `actions#2.deadline`
  std::string path;     ///< the file, relative to the work tree
  std::string ours, theirs;
};

/// The three commits of an integration.
struct SyncSides {
  std::optional<store::ObjectId> base; ///< their merge base (nullopt: unrelated or an empty side)
  store::ObjectId ours, theirs;
};

/// What integrating theirs into ours gives.
struct SyncPlan {
  std::vector<store::FileChange> changes; ///< what the work tree and HEAD's tree must become (absolute paths)
  std::vector<SyncConflict> conflicts;    ///< record fields changed on both sides
  std::vector<std::string> file_conflicts; ///< other files git's text merge could not merge, and unreadable records: "path: why"
  std::vector<std::pair<std::string, std::string>> renumbered;  ///< our new records whose id theirs took: old → new
  std::vector<std::pair<std::string, std::string>> moved_items; ///< our appended items after theirs': `ID#n` → `ID#m`
  std::vector<std::string> kept;          ///< records changed on one side and deleted on the other: kept ("id")
  size_t theirs_files = 0;                ///< files theirs changed
  bool clean() const { return conflicts.empty() && file_conflicts.empty(); }
};

/// The plan for a merge of theirs into ours (base must be set; neither side an ancestor of the
/// other). `settled` holds "ID\tFIELD" of conflicts the user settled: ours is kept there.
SyncPlan plan_merge(const store::Workspace& ws, const store::Repo& repo, const SyncSides& sides,
                    const std::set<std::string>& settled);

/// The plan of a fast-forward from ours (nullopt: an unborn branch) to theirs: their files.
SyncPlan plan_fast_forward(const store::Repo& repo, const std::optional<store::ObjectId>& ours,
                           const store::ObjectId& theirs);

/// Ids held by two record files below the root of `ws` (lint's duplicate-id), each with its
/// files (work-tree relative), for `sync --fix-ids`.
std::map<std::string, std::vector<std::string>> duplicate_ids(const store::Workspace& ws, const store::Repo& repo);

/// The next free id for `id` (a clash): one past the highest taken id of its shape under the
/// id_format of the kinds, or `id-2`, `id-3`... when it fits no format.
std::string free_id_like(const store::Workspace& ws, const std::string& id, const std::set<std::string>& taken);

} // namespace collab::commands

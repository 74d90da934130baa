#pragma once

// What `collab sync` remembers between runs in one clone: the conflicts it reported, so that a
// `set`, `done` or `delay` of a conflicting field settles it (ours is kept at the next sync). It
// lives in the git directory, as git keeps MERGE_HEAD: it belongs to this clone, not to history.

#include "collab/model/refs.h"
#include "collab/util/files.h"

#include <set>
#include <string>
#include <vector>

namespace collab::commands {

/// One conflict `sync` reported: a field of a record, and the values it saw on each side.
struct PendingConflict {
  std::string id;    ///< the record id
  std::string field; ///< as record_merge names it: `status`, `actions#2.deadline`
  std::string ours, theirs;
  bool decided = false; ///< set/done/delay wrote the field since the report
};

/// The file holding them: `.git/collab/sync-conflicts`.
fs::path pending_conflicts_path(const fs::path& git_dir);

/// The conflicts of the last `sync` that ended in conflict (none when the file is absent).
std::vector<PendingConflict> read_pending_conflicts(const fs::path& git_dir);

/// Replaces the file (removes it when `conflicts` is empty).
void write_pending_conflicts(const fs::path& git_dir, const std::vector<PendingConflict>& conflicts);

/// The field path record_merge gives to `key` of what `ref` addresses (`status`, or
/// `actions#2.deadline` for item 2 of a meeting).
std::string conflict_field(std::string_view item_list, const model::Ref& ref, std::string_view key);

/// True when `sync` reported a conflict on one of `keys` of `ref` that is not settled yet: `done`
/// and `delay` then accept the value the field already has (keeping it is the user's decision).
bool pending_conflict_on(const fs::path& git_dir, std::string_view item_list, const model::Ref& ref,
                         const std::vector<std::string>& keys);

/// Marks the pending conflicts on `keys` of `ref` as decided by this write (a set, done or
/// delay); nothing happens when there are none. Call holding the write lock.
void settle_pending_conflicts(const fs::path& git_dir, std::string_view item_list, const model::Ref& ref,
                              const std::vector<std::string>& keys);

} // namespace collab::commands

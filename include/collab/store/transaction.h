#pragma once

#include "collab/store/repo.h"
#include "collab/util/files.h"

#include <optional>
#include <string>
#include <vector>

namespace collab::store {

/// One file a write changes: new content, or nullopt to delete it.
struct FileChange {
  fs::path path;
  std::optional<std::string> content;
};

/// Writes the changes atomically and commits exactly those paths: all of it happens, or (on
/// an error, which commit_paths only raises before the branch moves) the files are put back
/// as they were. Refuses before writing what Repo::require_writable refuses. SIGINT, SIGTERM
/// and SIGHUP wait until it is done. After a writer died holding the WriteLock, stale temp
/// files of dead processes in the changed folders are removed.
/// Returns the commit id. Hold a WriteLock around it.
/// `parents` as Repo::commit_paths takes it (a merge commit, or a fast-forward). A change whose
/// path is outside a sparse checkout (skip-worktree) is not written to disk: its blob goes into
/// the index entry (which keeps skip-worktree) and the tree.
std::string write_and_commit(Repo& repo, const std::vector<FileChange>& changes, const std::string& message,
                             const Identity& author, const CommitParents& parents = {});

/// Undoes a write whose process died after changing its files and before its commit (its
/// undo log in .git): files that still hold what it wrote get their old content back, and
/// their index entries HEAD's. Call holding the WriteLock, before reading any record.
/// Returns notes for the user (empty when there was nothing to do).
std::vector<std::string> recover_interrupted_write(Repo& repo);

} // namespace collab::store

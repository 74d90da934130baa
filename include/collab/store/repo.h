#pragma once

#include "collab/store/identity.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::store {

/// A git object id (SHA-1, 20 bytes); all zero means "none".
struct ObjectId {
  std::array<unsigned char, 20> bytes{};
  friend bool operator==(const ObjectId&, const ObjectId&) = default;
  friend auto operator<=>(const ObjectId&, const ObjectId&) = default;
  bool null() const;
  /// 40 hex digits, as git prints it.
  std::string hex() const;
  /// Parses 40 hex digits; nullopt for anything else.
  static std::optional<ObjectId> from_hex(std::string_view hex);
};

/// How one path differs between a commit and one of its parents (the empty tree for a root).
struct PathChange {
  std::string path; ///< relative to the work tree, with '/'
  ObjectId blob;     ///< in the commit; null when the commit deleted the path
  ObjectId old_blob; ///< in the parent; null when the commit added the path
};

/// One commit as Repo::walk_history gives it.
struct WalkedCommit {
  ObjectId id;
  std::vector<ObjectId> parents;
  std::string author, email;
  std::string subject; ///< the first paragraph, on one line (git's %s)
  long long author_time = 0, commit_time = 0; ///< seconds since the epoch
  int author_offset = 0; ///< minutes east of UTC
  /// Per parent (one list against the empty tree for a root commit): the files below the walk's
  /// prefix whose blob or mode differ, in path order.
  std::vector<std::vector<PathChange>> changes;
};


/// A git repository (the only module that touches libgit2).
/// A commit as recovery needs it.
struct HeadCommit {
  std::string id;     ///< hex, "" on an unborn branch
  std::string parent; ///< first parent, hex, "" for a root commit
  std::string message;
};

class Repo {
public:
  ~Repo();
  Repo(const Repo&) = delete;
  Repo& operator=(const Repo&) = delete;

  /// Starts loading libgit2 on another thread (its 17 libraries take ~3 ms of CPU) while the
  /// command does its own work; the first call that needs libgit2 waits for it.
  static void preload();
  /// Waits for preload() to finish; a process must not exit while the thread is loading.
  static void wait_for_preload();
  /// The repository whose work tree contains path, or nullptr when there is none.
  static std::unique_ptr<Repo> discover(const std::filesystem::path& path);
  /// `git init` in dir (created when missing).
  static std::unique_ptr<Repo> init(const std::filesystem::path& dir);

  /// The work tree's top directory (absolute).
  std::filesystem::path workdir() const;
  /// The repository's git directory (`.git`).
  std::filesystem::path git_dir() const;

  /// The author: GIT_AUTHOR_NAME/EMAIL, then user.name/user.email of git config.
  /// Throws Error(3) with git's advice when there is none.
  Identity identity() const;
  /// The same without a repository (global and system config only).
  static Identity default_identity();
  /// The value of `key` in git's config (repository, global, system), nullopt when unset.
  std::optional<std::string> config_value(const std::string& key) const;
  /// Sets `key` in the repository's own config (.git/config), as `git config KEY VALUE`.
  /// Throws Error(3) when it cannot be written.
  void set_config(const std::string& key, const std::string& value);

  /// Throws Error(3), naming the state and what to do, when a commit now would be wrong: a
  /// merge, rebase, cherry-pick, revert or am in progress, or a detached HEAD (the commit
  /// would belong to no branch; during a bisect, the message says so). An unborn branch and
  /// a bisect with HEAD on a branch are fine.
  void require_writable() const;

  /// Commits exactly `paths` (absolute, inside the work tree; a missing file is removed)
  /// on top of HEAD, moving the branch only if nobody moved it meanwhile (retried), and
  /// updates just their index entries. Other staged or unstaged changes stay as they were.
  /// The index is written before the branch moves; if the branch cannot move, the index is put
  /// back, so a failure (Error(3)) means nothing changed, and no failure happens after the move.
  /// Files missing because of sparse checkout (skip-worktree) are left alone, and the blobs
  /// are what `git add` would store (filters, core.autocrlf). Refuses what require_writable
  /// refuses, an index with conflicts, and a sparse index (libgit2 cannot read one: the
  /// message gives git's command that makes it full).
  /// Returns the new commit id (hex), or "" when nothing changed (a file removed that the tree
  /// never had). Throws Error(3) when the repo is locked or busy.
  std::string commit_paths(const std::vector<std::filesystem::path>& paths, const std::string& message,
                           const Identity& author);

  /// HEAD's commit id, first parent and message ("" each on an unborn branch).
  HeadCommit head_commit() const;

  /// Sets the index entries of `paths` (absolute) back to HEAD's (`git reset -- PATH...`),
  /// holding index.lock; other entries stay as they are.
  void reset_index_paths(const std::vector<std::filesystem::path>& paths);

  /// Paths (absolute) of `.yaml` files below `dir` that a commit of HEAD's history deleted
  /// (`git log --diff-filter=D`), so that `new` never gives a removed record's id again.
  std::vector<std::filesystem::path> removed_paths(const std::filesystem::path& dir) const;

  /// Files below `dir` that differ from HEAD (staged, unstaged, untracked or deleted).
  /// Throws Error(3) for a sparse index, as commit_paths does.
  std::vector<std::filesystem::path> changed_paths(const std::filesystem::path& dir) const;

  /// HEAD's commit, nullopt on an unborn branch.
  std::optional<ObjectId> head_id() const;

  /// Walks the commits reachable from HEAD without going through a commit `known` says the
  /// caller has (children before their parents), calling `fn` with each one and the files below
  /// `prefix` (work-tree relative, "" for all, no trailing '/') it changed against each parent.
  /// Trees are compared top down by entry ids, read raw and merge-walked; identical subtrees are
  /// skipped and no blob is read. A parent missing from the repository (a shallow clone's edge)
  /// compares as the empty tree and is not walked, as git log shows it.
  void walk_history(const std::function<bool(const ObjectId&)>& known, const std::string& prefix,
                    const std::function<void(const WalkedCommit&)>& fn) const;

  /// A blob's content; throws Error(3) when it is missing.
  std::string read_blob(const ObjectId& id) const;

  /// The commit a revision names (any rev spec git understands), nullopt when none.
  std::optional<ObjectId> resolve_commit(const std::string& rev) const;

  /// The file's content at a commit (any rev spec git understands); nullopt when absent there.
  /// Throws Error(2) for an unknown revision.
  std::optional<std::string> read_at(const std::string& rev, const std::filesystem::path& path) const;

  struct Impl;

private:
  explicit Repo(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace collab::store

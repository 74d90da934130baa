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

/// Which part of the walked prefix walk_history compares: the files directly in it, and all or
/// some of its folders (a record's log needs its kind's folder only: a quarter of the trees).
struct WalkScope {
  bool files = true;                ///< the files directly in the prefix
  std::vector<std::string> folders; ///< folder names (sorted): the only ones compared, or with
  bool except = true;               ///< `except` every folder but these (the default: all)
};


/// The remote and branch `sync` uses, from git's config (branch.<name>.remote / .merge).
struct Upstream {
  std::string branch;   ///< the local branch, short ("main")
  std::string remote;   ///< "origin"
  std::string url;      ///< the remote's url, for messages
  std::string merge;    ///< the remote's ref ("refs/heads/main")
  std::string tracking; ///< the remote-tracking ref ("refs/remotes/origin/main")
};

/// Progress of a fetch or push, for a line on a terminal.
struct TransferProgress {
  std::string phase;
  size_t done = 0, total = 0, bytes = 0;
};
using ProgressFn = std::function<void(const TransferProgress&)>;

/// How commit_paths links the new commit (default: one parent, HEAD).
struct CommitParents {
  std::vector<ObjectId> extra;          ///< more parents after HEAD: a merge commit
  std::optional<ObjectId> fast_forward; ///< make no commit: move the branch to this commit, whose
                                        ///< tree must equal HEAD's with the paths applied (else Error(3))
  /// When set, the commit happens only if HEAD is still this commit (nullopt inside: an unborn
  /// branch); else Error(3) and nothing changed. A merge planned against HEAD must not land on a
  /// HEAD that a git command moved meanwhile (collab's own writes wait for the WriteLock).
  std::optional<std::optional<ObjectId>> expected_head;
};

/// The new content of a file outside a sparse checkout (skip-worktree): it goes into the tree and
/// the index entry (which keeps skip-worktree), never onto the disk. nullopt: deleted.
struct SparseContent {
  std::string rel; ///< relative to the work tree, with '/'
  std::optional<std::string> content;
};

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

  /// What libgit2 is loaded with: `network` for a command that may reach ssh or https remotes
  /// (sync), `local` for the others, which load it faster without ssh and Kerberos.
  enum class Libraries { local, network };
  /// Starts loading libgit2 on another thread (its 17 libraries take ~3 ms of CPU) while the
  /// command does its own work; the first call that needs libgit2 waits for it. Without a
  /// preload, libgit2 loads with everything (Libraries::network) on first use.
  static void preload(Libraries libraries);
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
  /// As `git commit` does, the commit is signed when git config says commit.gpgsign (gpg.format
  /// openpgp, x509 or ssh; Error(3) "signing the commit failed: ..." when the signer fails), and
  /// the repository's pre-commit (a merge: pre-merge-commit), prepare-commit-msg and commit-msg
  /// hooks run under the index lock, with GIT_INDEX_FILE naming a copy of the index that holds
  /// the change; a hook that refuses (non-zero) gives Error(3) and nothing has changed. The message
  /// is the one commit-msg leaves. A fast-forward runs no hook here.
  /// `parents` makes it a merge commit (HEAD first, then parents.extra) or, with
  /// parents.fast_forward, moves the branch to that commit instead of making one (same index and
  /// compare-and-swap guarantees). A path outside a sparse checkout (skip-worktree) whose file is
  /// absent takes its blob from the target commit's tree (fast-forward) or stays as in HEAD.
  std::string commit_paths(const std::vector<std::filesystem::path>& paths, const std::string& message,
                           const Identity& author, const CommitParents& parents = {});
  /// The same, with files outside the sparse checkout committed from `sparse` (not the disk).
  std::string commit_paths(const std::vector<std::filesystem::path>& paths, const std::string& message,
                           const Identity& author, const CommitParents& parents,
                           const std::vector<SparseContent>& sparse);

  /// Whether commit_paths runs the hooks that may refuse a commit (pre-commit, pre-merge-commit,
  /// commit-msg), for the whole process; false is `--no-verify`. prepare-commit-msg and the
  /// post hooks run either way, as with git.
  static void set_verify_hooks(bool verify);
  /// Runs the repository's post-commit hook (post-merge for a merge or fast-forward) after a
  /// commit_paths that made or moved to a commit, as git does; its exit status is ignored.
  void run_post_commit_hook(const CommitParents& parents) const noexcept;

  /// For each path (absolute, inside the work tree): whether its index entry is marked
  /// skip-worktree (outside a sparse checkout). All false when there is no index.
  std::vector<bool> skip_worktree(const std::vector<std::filesystem::path>& paths) const;

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

  /// Those of `paths` (absolute) that differ from HEAD (staged, unstaged or untracked), each
  /// looked at on its own: for a few files of a large tree, cheaper than changed_paths.
  std::vector<std::filesystem::path> changed_among(const std::vector<std::filesystem::path>& paths) const;

  /// HEAD's commit, nullopt on an unborn branch.
  std::optional<ObjectId> head_id() const;

  /// Walks the commits reachable from `start` without going through a commit `known` says the
  /// caller has (children before their parents), calling `fn` with each one and the files below
  /// `prefix` (work-tree relative, "" for all, no trailing '/') it changed against each parent.
  /// Trees are compared top down by entry ids, read raw and merge-walked; identical subtrees are
  /// skipped and no blob is read. A parent missing from the repository (a shallow clone's edge)
  /// compares as the empty tree and is not walked, as git log shows it.
  void walk_history(const ObjectId& start, const std::function<bool(const ObjectId&)>& known, const std::string& prefix,
                    const WalkScope& scope, const std::function<void(const WalkedCommit&)>& fn) const;

  /// A blob's content; throws Error(3) when it is missing.
  std::string read_blob(const ObjectId& id) const;

  /// The commit a revision names (any rev spec git understands), nullopt when none.
  std::optional<ObjectId> resolve_commit(const std::string& rev) const;

  /// The file's content at a commit (any rev spec git understands); nullopt when absent there.
  /// Throws Error(2) for an unknown revision.
  std::optional<std::string> read_at(const std::string& rev, const std::filesystem::path& path) const;

  // ----- Remotes (sync) -----

  /// The current branch's upstream. Throws Error(3) naming the git command that sets one when
  /// there is none (no remote, or no branch.<b>.merge), or when HEAD is detached.
  Upstream upstream() const;
  /// Fetches the upstream's branch into its tracking ref, as `git fetch` would; the fetched commit,
  /// nullopt when the remote has no such branch yet (an empty remote). Credentials as git finds
  /// them: ssh-agent, then ~/.ssh/id_ed25519 / id_ecdsa / id_rsa, then git's credential helpers
  /// for user/password (`git credential fill/approve/reject` through run_git), never prompting
  /// when stdin is not a terminal. Throws Error(3) with a one-line reason when the network or
  /// the remote refuses (unreachable host, auth failed, repository not found).
  std::optional<ObjectId> fetch(const Upstream& up, const ProgressFn& progress);
  /// Pushes the local branch to the upstream's ref (fast-forward only) and updates the tracking
  /// ref. Returns false when the remote refused because it moved meanwhile (non-fast-forward);
  /// throws Error(3) with a one-line reason for any other refusal (hook declined, no access).
  bool push(const Upstream& up, const ProgressFn& progress);
  /// The merge base of two commits, nullopt when they share no history.
  std::optional<ObjectId> merge_base(const ObjectId& a, const ObjectId& b) const;
  /// Files (work-tree relative, '/'-separated, below `prefix`, "" for all) whose blob or mode
  /// differs between commit `from` (nullopt: the empty tree) and commit `to`; old_blob is null
  /// for an added file, blob null for a deleted one (a rename is a delete and an add).
  std::vector<PathChange> diff_commits(const std::optional<ObjectId>& from, const ObjectId& to,
                                       const std::string& prefix = "") const;
  /// git's own three-way text merge (as `git merge-file`, no markers returned) of a non-record
  /// file: the merged text, nullopt on a conflict. `union_lines` keeps both sides' lines where
  /// they conflict (`--union`): only for a text that is checked afterwards.
  std::optional<std::string> merge_text(std::string_view base, std::string_view ours,
                                        std::string_view theirs, bool union_lines = false) const;
  /// The author of the newest commit reachable from `to` but not past `from` that changed
  /// `path` (work-tree relative); "" when none did. For naming who made each side of a conflict.
  std::string last_author(const ObjectId& from, const ObjectId& to, const std::string& path) const;

  struct Impl;

private:
  explicit Repo(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace collab::store

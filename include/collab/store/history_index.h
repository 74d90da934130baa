#pragma once

// The per-path history index: every commit reachable from HEAD with the record files it
// changed against each parent, kept in `.git/collab/` and brought up to date on open. log,
// diff and every history-based view (minutes versions, stale, reports) read it instead of
// walking git history themselves.

#include "collab/store/repo.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <string>
#include <unordered_map>
#include <vector>

namespace collab::store {

/// One commit in a path's history.
struct HistoryEntry {
  ObjectId commit;
  std::string author, email, subject;
  long long author_time = 0, commit_time = 0; ///< seconds since the epoch
  int author_offset = 0;                      ///< minutes east of UTC
  std::string path; ///< the path at this commit (an older name across a rename)
  ObjectId blob;    ///< the path's blob after the commit; null when it deleted the path
};

/// How a history is walked.
struct HistoryQuery {
  /// Only the first parent of merges (`git log --first-parent`): reports see a branch's own
  /// line, each merged side branch as its merge commit.
  bool first_parent = false;
  /// Follow a record across a rename of its file (a commit deleting A and adding B whose blob
  /// equals A's, or one delete and one add in the same folder: a renumbered record).
  bool follow_renames = false;
};

/// The first and the last commit that changed a path (commit times, seconds since the epoch,
/// and the author's offset in minutes east of UTC).
struct PathSpan {
  long long first_time = 0, last_time = 0;
  int first_offset = 0, last_offset = 0;
};

/// The part of a records root an index covers: the files directly in the root, and every
/// folder of it (the default) or some folders only. A record's log needs its own folder alone:
/// a quarter of the trees to compare when the index is built cold. A narrow index widens when
/// a later open() asks for more, comparing only the folders it lacks.
struct HistoryScope {
  bool all_folders = true;
  std::vector<std::string> folders; ///< first-level folder names, when not all_folders

  /// The scope that covers one file (absolute, inside `root`): its first-level folder.
  static HistoryScope of(const std::filesystem::path& root, const std::filesystem::path& file);
};

/// How the last open() brought the index up to date (for tests and benchmarks).
struct HistoryIndexUpdate {
  bool loaded = false;  ///< a valid index file was read
  bool rebuilt = false; ///< built from scratch (missing, damaged, other version, history gone)
  bool widened = false; ///< folders added to an index that lacked them
  size_t walked = 0;    ///< commits read from git
  size_t dropped = 0;   ///< commits no longer reachable from HEAD (rebase, reset, amend)
  bool written = false; ///< the file was replaced
};

/// The history of the record files (`*.yaml`, `*.yml`) below one folder of a repository.
class HistoryIndex {
public:
  /// The index of the files below `root` (a folder inside repo's work tree), brought up to date
  /// with HEAD: read from its file, extended by the commits HEAD gained, stripped of the ones it
  /// lost (walking only down to where the old and new histories meet), rebuilt when the file is
  /// missing, torn or of another format; written back atomically when it changed (a failure to
  /// write costs only speed). It covers at least `scope`; queries outside it are a logic error.
  /// Throws Error(3) when git history cannot be read.
  static HistoryIndex open(const Repo& repo, const std::filesystem::path& root, const HistoryScope& scope = {});

  /// Where open() keeps the index of `root`.
  static std::filesystem::path file_for(const Repo& repo, const std::filesystem::path& root);

  /// The commits that changed `path` (work-tree relative), newest first: exactly those, in
  /// that order, that `git log -- path` lists (history simplification at merges included).
  std::vector<HistoryEntry> log(const std::string& path, const HistoryQuery& q = {}) const;

  /// The commits that changed any of `paths`, newest first: those `git log -- PATHS` lists,
  /// kept when their commit date is in [from, to) (seconds since the epoch; git's --since stops
  /// its walk at the first older commit instead, which differs only when dates go backwards).
  /// Each entry names the first of `paths` it changed.
  std::vector<HistoryEntry> touching(const std::vector<std::string>& paths, long long from, long long to,
                                     const HistoryQuery& q = {}) const;

  /// Every path's first and last change in one pass over the index (a merge counts when it
  /// differs from every parent, as `git log -- path` shows it): `stale` and `report` ask this of
  /// ten thousand records at once, where log() per path walks the history once each.
  std::unordered_map<std::string, PathSpan> path_spans() const;
  /// Every path's history along HEAD's first-parent line, newest first, in one walk: for each
  /// path what log(path, {first_parent = true}) gives (renames not followed). The site reads
  /// 10,000 records' histories this way instead of one walk each.
  std::unordered_map<std::string, std::vector<HistoryEntry>> first_parent_logs() const;

  /// The last commit that changed `path` with an author date at or before `until`.
  std::optional<HistoryEntry> last_change(const std::string& path, long long until, const HistoryQuery& q = {}) const;

  /// The revision number (1 = the first commit of the path) of the newest revision whose
  /// content is `blob`; nullopt when no revision has it (an uncommitted edit).
  std::optional<size_t> revision_of_blob(const std::string& path, const ObjectId& blob,
                                         const HistoryQuery& q = {}) const;

  /// The file's content as of a commit; nullopt when the commit had no such file.
  static std::optional<std::string> read_at(const Repo& repo, const ObjectId& commit, const std::string& path);

  /// `path` (absolute, inside the work tree) as the index names it.
  std::string relative(const std::filesystem::path& path) const;
  /// Whether the index holds the history of `path` (work-tree relative).
  bool covers(std::string_view path) const;
  /// What the index covers.
  HistoryScope scope() const;

  /// The commit the index is up to date with (null for an unborn branch).
  ObjectId tip() const;
  /// How many commits it holds.
  size_t commit_count() const;
  /// What the last open() did.
  const HistoryIndexUpdate& update() const { return m_update; }

  struct Data;
  HistoryIndex(HistoryIndex&&) noexcept;
  HistoryIndex& operator=(HistoryIndex&&) noexcept;
  ~HistoryIndex();

  /// Serialised index (for tests: the file format with its header and checksum).
  std::string serialize() const;
  /// Reads serialised bytes; nullopt when torn, damaged, of another version or for another prefix.
  static std::optional<HistoryIndex> parse(std::string_view bytes, const std::string& prefix);
  /// The same, continued by a tail file's bytes when they continue these (else the tail is
  /// ignored: torn, damaged, or the tail of another index file).
  static std::optional<HistoryIndex> parse(std::string_view bytes, const std::string& prefix, std::string_view tail);

private:
  HistoryIndex();
  std::unique_ptr<Data> m_data;
  std::filesystem::path m_workdir;
  HistoryIndexUpdate m_update;
};

} // namespace collab::store

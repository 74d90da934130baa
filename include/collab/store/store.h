#pragma once

#include "collab/model/date.h"
#include "collab/store/repo.h"
#include "collab/store/workspace.h"

#include <optional>
#include <string>
#include <string_view>

namespace collab::store {

/// A record id, and for an item inside it a 1-based index (`M-2024-007#2`).
struct Ref {
  std::string id;
  int index = 0; ///< 0: the record itself
  std::string str() const;
};

/// Parses `ID` or `ID#n`; nullopt when malformed.
std::optional<Ref> parse_ref(std::string_view s);

/// The list holding a kind's items: actions, subtasks, solutions ("" for requests).
std::string_view item_list_key(std::string_view kind);

/// The folder `collab new` writes a kind into: meetings, tasks, issues, requests.
std::string_view kind_folder(std::string_view kind);

/// The file of record `id`: `<folder>/<id>.yaml` in the four folders without scanning,
/// else a search below the root; nullopt when there is none.
std::optional<fs::path> find_record_file(const Workspace& ws, std::string_view id);

/// The next free id for a kind from its id_format ({year} of `date`, {dept}, {seq}): one
/// past the highest number of any record file below the root. Call it under the write lock.
std::string next_id(const Workspace& ws, std::string_view kind, const model::Date& date, std::string_view dept);

/// One file a write changes: new content, or nullopt to delete it.
struct FileChange {
  fs::path path;
  std::optional<std::string> content;
};

/// Serialises collab's writes to one repository (flock on `.git/collab.lock`), so that ids
/// and commits of concurrent processes never collide. Throws Error(3) after `timeout_ms`.
class WriteLock {
public:
  explicit WriteLock(const Repo& repo, int timeout_ms = 30000);
  ~WriteLock();
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

private:
  int m_fd = -1;
};

/// Writes the changes atomically and commits exactly those paths; if the commit fails the
/// files are put back as they were. Returns the commit id. Hold a WriteLock around it.
std::string write_and_commit(Repo& repo, const std::vector<FileChange>& changes, const std::string& message,
                             const Identity& author);

} // namespace collab::store

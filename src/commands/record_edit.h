#pragma once

// How the write commands (set, done, delay, edit, rm, new, commit) read a record, address
// an item in it, check the new text and commit it.

#include "commands/options.h"

#include "collab/lint/read_record.h"
#include "collab/model/kinds.h"
#include "collab/model/refs.h"
#include "collab/model/status.h"
#include "collab/store/record_files.h"
#include "collab/store/transaction.h"
#include "collab/store/write_lock.h"
#include "collab/store/workspace.h"
#include "collab/yaml/tree.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace collab::commands {

/// Undoes a write killed before its commit (store::recover_interrupted_write), saying so on
/// stderr. Call holding the write lock, before reading records.
void undo_interrupted_write(store::Repo& repo);

/// What a write holds from before it reads the record until it has committed: the repository,
/// its author (checked before anything is written) and collab's write lock. A write that read
/// the record before taking the lock would commit its own stale copy and undo whatever another
/// writer committed in between; so every write command takes this first, then reads. A write
/// killed before its commit is undone first.
class WriteSession {
public:
  /// Opens the repo, checks the identity (Error(3) without one), waits for the lock, refuses
  /// a state no commit may be made in (Repo::require_writable), then undoes a killed write.
  explicit WriteSession(const store::Workspace& ws);

  store::Repo& repo() { return *m_repo; }
  const store::Identity& author() const { return m_author; }

private:
  std::unique_ptr<store::Repo> m_repo;
  store::Identity m_author;
  store::WriteLock m_lock;
};

/// A record file that reads as a record, for edits.
struct LoadedRecord {
  fs::path path;
  std::string text;
  std::shared_ptr<const yaml::SourceFile> src;
  std::shared_ptr<const yaml::Document> doc;
  const model::Kind* kind = nullptr; ///< null when its `kind` is missing or unknown

  /// The record's top-level mapping.
  const yaml::Node& root() const { return *doc->root(); }
};

/// Reads the record `id` the way lint does; throws Error(2) when there is none, Error(3)
/// with lint's findings when it cannot be read as a record.
LoadedRecord load_record(const store::Workspace& ws, const std::string& id);

/// The record's text, or "" when it cannot be read as a record (for messages only).
std::string title_if_readable(const store::Workspace& ws, const std::string& id);

/// The ref named on the command line; Error(2) when malformed, or when `whole` (the command
/// takes records, not items) and it has `#n`. `what` ends the message ("rm removes whole records").
model::Ref require_ref(const std::string& text, bool whole, std::string_view what = "");

/// The mapping a ref addresses: the record, or its n-th action/subtask/solution.
/// Throws Error(2) when the item does not exist.
const yaml::Node& ref_target(const LoadedRecord& rec, const model::Ref& ref);

/// `s` as the ref's record writes it (SPEC §2): in the record's vocabulary (Chinese or English
/// statuses; with none yet, the repo's lang) and the register of the ref's kind (a request's
/// 沟通中, an issue's 已闭环).
std::string status_for(const store::Workspace& ws, const LoadedRecord& rec, const model::Ref& ref, model::Status s);

/// The item's text (action or title) for messages.
std::string item_text(const yaml::Node& target, const LoadedRecord& rec, const model::Ref& ref);

/// Which warnings of a write to print (errors refuse it and are always shown).
struct Warnings {
  bool show = true;                   ///< false with -q, or when already shown
  const std::string* before = nullptr; ///< the text before the write: its warnings are not new
};

/// Lints `text` as the record file `path`. Prints its (new) warnings and returns "" when it
/// has no errors; otherwise returns the errors, formatted like lint's, and prints nothing.
std::string errors_in(const store::Workspace& ws, const fs::path& path, const std::string& text, std::string_view id,
                      const Warnings& warnings = {});

/// Throws Error(1) with the errors of `text` as `path` (see errors_in); `what` says what was
/// refused. Returns the record as read with every rule, for what the write does next.
lint::Record require_valid(const store::Workspace& ws, const fs::path& path, const std::string& text,
                           std::string_view id, const std::string& what, const Warnings& warnings = {});

/// Error(3) when a file to write, or a folder on its way from the root, is a symbolic link:
/// writing through it would change a file outside the root.
void refuse_links(const store::Workspace& ws, const std::vector<store::FileChange>& changes);

/// Writes and commits under the session's write lock; prints "verb ref: title (commit)" unless quiet.
void commit_change(const GlobalOptions& g, const store::Workspace& ws, WriteSession& session,
                   const std::vector<store::FileChange>& changes,
                   const std::string& message);

/// The record text with `edits` (key, YAML text) applied to the ref's mapping, one minimal
/// edit at a time. A ref one past the last item appends a new item. Throws Error(2) on
/// edits that cannot be made in place.
std::string apply_edits(const LoadedRecord& rec, const model::Ref& ref,
                        const std::vector<std::pair<std::string, std::string>>& edits);

/// Validates and commits one record's new text as "verb ref: title"; `rec` must have been
/// loaded while `session` held the lock. The conflicts `collab sync` reported on the keys of
/// `edits` are then settled (ours is kept at the next sync), even when nothing changed.
int write_record(const GlobalOptions& g, WriteSession& session, const store::Workspace& ws, const LoadedRecord& rec,
                 const model::Ref& ref, const std::string& verb, const std::string& new_text,
                 const std::vector<std::pair<std::string, std::string>>& edits = {});

} // namespace collab::commands

#pragma once

#include "commands/options.h"

#include "collab/model/date.h"
#include "collab/model/refs.h"
#include "collab/store/repo.h"
#include "collab/store/transaction.h"
#include "collab/store/workspace.h"
#include "collab/yaml/parse.h"

#include <memory>
#include <string>
#include <vector>

namespace collab::commands {

/// Today: --as-of, else COLLAB_TODAY, else the local date. Throws Error(2) when malformed.
model::Date today(const GlobalOptions& g);

/// The records root and its config; a bad config prints its findings and throws Error(2).
store::Workspace load_workspace(const GlobalOptions& g);

/// The git repository holding the root; throws Error(3) when there is none.
std::unique_ptr<store::Repo> open_repo(const store::Workspace& ws);

/// A parsed record file, for edits.
struct LoadedRecord {
  fs::path path;
  std::string text;
  std::unique_ptr<yaml::SourceFile> src;
  yaml::ParsedYaml parsed;
  std::string kind;

  const yaml::Node& root() const { return *parsed.doc->root(); }
};

/// Reads and parses the record `id`; throws Error(2) when there is none, Error(3) when it
/// is not a parseable record.
LoadedRecord load_record(const store::Workspace& ws, const std::string& id);

/// The ref named on the command line; Error(2) when malformed, or when `whole` (the command
/// takes records, not items) and it has `#n`. `what` ends the message ("rm removes whole records").
model::Ref require_ref(const std::string& text, bool whole, std::string_view what = "");

/// The mapping a ref addresses: the record, or its n-th action/subtask/solution.
/// Throws Error(2) when the item does not exist.
const yaml::Node& ref_target(const LoadedRecord& rec, const model::Ref& ref);

/// The item's text (action or title) for messages.
std::string item_text(const yaml::Node& target, const LoadedRecord& rec, const model::Ref& ref);

/// Lints new text for file `path`; prints the errors and returns false when it is invalid.
bool validate(const store::Workspace& ws, const fs::path& path, const std::string& text, std::string_view id);

/// Writes and commits under the repo's write lock; prints "verb ref: title (commit)" unless quiet.
void commit_change(const GlobalOptions& g, const store::Workspace& ws, const std::vector<store::FileChange>& changes,
                   const std::string& message);

/// A value given on the command line, as YAML text for `key` of a record kind
/// (dates made ISO, lists from commas, everything else quoted when YAML needs it).
std::string value_for(const std::string& kind, bool item, const std::string& key, const std::string& value,
                      const model::Date& today);

/// Splits `key=value`; throws Error(2) when there is no `=`.
std::pair<std::string, std::string> split_assignment(const std::string& s);

} // namespace collab::commands

namespace collab::commands {

/// The record text with `edits` (key, YAML text) applied to the ref's mapping, one minimal
/// edit at a time. A ref one past the last item appends a new item. Throws Error(2) on
/// edits that cannot be made in place.
std::string apply_edits(const LoadedRecord& rec, const model::Ref& ref,
                        const std::vector<std::pair<std::string, std::string>>& edits);

/// A record for log and diff: its ref, root, repository and file (found in history when removed).
struct RecordHistory {
  model::Ref ref;
  store::Workspace ws;
  std::unique_ptr<store::Repo> repo;
  fs::path path;
};

/// Opens a record's history; throws Error(2) for a bad id or a record that never existed.
RecordHistory open_history(const GlobalOptions& g, const std::string& id);

/// Validates and commits one record's new text as "verb ref: title".
int write_record(const GlobalOptions& g, const store::Workspace& ws, const LoadedRecord& rec, const model::Ref& ref,
                 const std::string& verb, const std::string& new_text);

} // namespace collab::commands

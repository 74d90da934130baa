#pragma once

// The version of a meeting's minutes (V1.0, V1.1, ...), which the guides bump on every revision
// until all attendees have confirmed. show prints it, confirm records it, mail sends it.

#include "commands/options.h"

#include "collab/store/history_index.h"
#include "collab/store/workspace.h"
#include "collab/yaml/tree.h"

#include <functional>
#include <optional>
#include <vector>

#include <string>
#include <string_view>

namespace collab::commands {

/// A version of the minutes: V1.<minor>.
struct MinutesVersion {
  int minor = 0;          ///< the n of V1.n: 0 for the record's first commit
  bool committed = true;  ///< false when the text is not committed yet (then it is the next version)
  /// "V1.3".
  std::string str() const;
};

/// True when going from `before` to `after` (record trees; null for none) changes the minutes
/// themselves: anything but `confirmed` and the follow-up fields of the actions (status,
/// progress, completed, evidence, delay_reason, original_deadline, `links` to the tasks it was
/// promoted to, and a deadline moved by a delay, which keeps `original_deadline`). Confirming
/// or closing an action is no new version.
bool changes_minutes(const yaml::Node* before, const yaml::Node* after);

/// The version of `text`, the current text of meeting `id`: the first commit of the record is
/// V1.0 and every later commit that changed the minutes (changes_minutes) adds one to n. A text
/// whose minutes differ from the last commit is the next version, not yet committed. A record
/// without history (not committed, or outside a repository) is V1.0, uncommitted.
MinutesVersion minutes_version(const GlobalOptions& g, const std::string& id, std::string_view text);

/// A revision's content, nullopt for a revision that deleted the file.
using RevisionReader = std::function<std::optional<std::string>(const store::HistoryEntry&)>;

/// The same from the record's revisions (newest first, as HistoryIndex::log gives them) and a
/// reader of their content: for callers that already hold the history (the site renders
/// thousands of minutes without opening the repository for each).
MinutesVersion minutes_version_of(const store::Workspace& ws, const std::string& id, std::string_view text,
                                  const std::vector<store::HistoryEntry>& revisions, const RevisionReader& read_rev);

} // namespace collab::commands

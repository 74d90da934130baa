#pragma once

// Three-way merge of one record's texts, field by field: what `collab sync` and the git merge
// driver (`collab merge-driver`) use to join two clones' edits of one record.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace collab::model {

/// One field changed to different values on both sides.
struct FieldConflict {
  std::string field;              ///< a path: `status`, `actions#2.deadline`, `attendees`
  std::string base, ours, theirs; ///< the values on one line (yaml::inline_text Flow), "" when absent
};

/// What merge_record gives.
struct RecordMerge {
  std::optional<std::string> text;       ///< merged text; nullopt on conflicts or an unreadable side
  std::vector<FieldConflict> conflicts;
  /// Items ours appended, renumbered after the ones theirs appended: (old, new) 1-based indexes
  /// in the record's item list (so refs `ID#old` written by ours can be rewritten to `ID#new`).
  std::vector<std::pair<int, int>> moved_items;
  std::string error; ///< why a side cannot be merged (not a YAML mapping, ...); "" otherwise
};

/// Three-way merge of one record's texts (base, ours, theirs); fields in `ours_wins` (paths as in
/// FieldConflict::field) were settled by the user: ours is kept there without a conflict.
RecordMerge merge_record(std::string_view base, std::string_view ours, std::string_view theirs,
                         const std::set<std::string>& ours_wins = {});

} // namespace collab::model

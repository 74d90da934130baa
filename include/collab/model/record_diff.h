#pragma once

#include "collab/yaml/tree.h"

#include <string>
#include <vector>

namespace collab::model {

/// One field that differs between two versions of a record.
struct FieldChange {
  std::string field; ///< `deadline`, `actions#2.status`, `attendees`
  std::string before; ///< "" when added
  std::string after;  ///< "" when removed
  bool added = false;
  bool removed = false;
};

/// The fields that differ, in the order of the newer version (removed fields last).
/// Lists of plain values compare as one field (`[a, b]`); lists of mappings item by item.
std::vector<FieldChange> diff_records(const yaml::Node* before, const yaml::Node* after);

/// The changes as `collab diff` prints them, one a line: `  field: before → after`,
/// `+ field: value`, `- field: value`; "  (no field changed)" when there are none.
std::string format_changes(const std::vector<FieldChange>& changes);

} // namespace collab::model

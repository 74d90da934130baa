#pragma once

#include "collab/date.h"
#include "collab/status.h"
#include "collab/yaml_tree.h"

#include <optional>
#include <string>
#include <vector>

namespace collab {

/// A tracked item (SPEC §3): a task, subtask, meeting action, issue solution or request.
struct Item {
  std::string ref;    ///< M-2024-007#2
  std::string record; ///< M-2024-007
  std::string kind;   ///< task, subtask, action, solution, request
  std::string title;  ///< its text (title or action)
  std::string owner;
  std::string dept;
  std::string deadline; ///< as written; ISO when valid
  Status status = Status::Todo;
  std::string path;              ///< the record file, relative to the root
  std::vector<std::string> tags; ///< the record's tags

  /// The deadline as a date, when it is a valid ISO date.
  std::optional<Date> deadline_date() const { return parse_iso_date(deadline); }
};

/// An item's state on a given day.
struct ItemState {
  bool overdue = false;  ///< deadline before today, not done or cancelled
  bool due_soon = false; ///< deadline from today to today + due_soon days, not closed
  long days_late = 0;    ///< days past the deadline when overdue
};

/// The state of an item on `today`.
ItemState state_of(const Item& item, const Date& today, int due_soon_days);

/// Appends the items of one parsed record (nothing when it is not a record).
void extract_items(const yml::Node* root, const std::string& rel_path, std::vector<Item>& out);

} // namespace collab

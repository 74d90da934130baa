#pragma once

#include "collab/items.h"
#include "collab/table.h"

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace collab {

/// Which tracker view.
enum class View { List, Overdue, Due };

/// Filters, order and grouping of `list` (and the filters of `overdue` and `due`).
struct ItemQuery {
  std::string owner, dept, kind, tag, grep;
  std::optional<Status> status;
  std::optional<Date> before, after;
  bool all = false;              ///< list: include done and cancelled items
  std::string sort = "deadline"; ///< deadline, ref, owner, dept, status, late
  std::string group_by;          ///< "", owner, dept, record
  int within_days = 2;           ///< due: the window
};

/// An item with its state on the day of the view.
struct ViewRow {
  const Item* item;
  ItemState state;
  std::string group; ///< the group-by value
  long deadline_days = std::numeric_limits<long>::max(); ///< for sorting; max when none
};

/// The items a view shows, in order: `list` by --sort, `overdue` most late first, `due` by deadline.
std::vector<ViewRow> select_items(std::span<const Item> items, const ItemQuery& q, View view, const Date& today);

/// The view as a table; headers and statuses in Chinese with lang zh.
Table items_table(const std::vector<ViewRow>& rows, View view, const std::string& lang, const Date& today);

/// One JSON array of items with the fields of SPEC §6.
std::string items_json(const std::vector<ViewRow>& rows);

/// Groups rows (already sorted by group) into tables rendered with a heading each.
std::string render_grouped(const std::vector<ViewRow>& rows, View view, const std::string& lang, const Date& today,
                           size_t width, bool color);

} // namespace collab

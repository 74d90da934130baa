#pragma once

#include "collab/model/departments.h"
#include "collab/model/items.h"
#include "collab/views/table.h"

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace collab::views {

/// Which tracker view.
enum class View { List, Overdue, Due };

/// The order of `list` (--sort).
enum class SortKey { Deadline, Ref, Owner, Dept, Status, Late };

/// What rows are grouped by (--group-by).
enum class GroupBy { None, Owner, Dept, Record };

/// The names of the sort keys, in the order of SortKey, for parsing and messages.
const std::vector<std::string_view>& sort_key_names();
/// The names of the groupings, in the order of GroupBy (None is "").
const std::vector<std::string_view>& group_by_names();

/// Filters, order and grouping of `list` (and the filters of `overdue` and `due`).
struct ItemQuery {
  std::string owner, dept, kind, tag, grep;
  std::optional<model::Status> status;
  std::optional<model::Date> before, after;
  bool all = false;              ///< list: include done and cancelled items
  SortKey sort = SortKey::Deadline; ///< list's order (overdue: always Late)
  GroupBy group_by = GroupBy::None;
  int within_days = 2;           ///< the due-soon window (due_soon, or due --within)
};

/// An item with its state on the day of the view.
struct ViewRow {
  const model::Item* item;
  model::ItemState state;
  std::string group; ///< the group-by value
  std::string_view dept; ///< the department it belongs to (DeptResolver)
  long deadline_days = std::numeric_limits<long>::max(); ///< for sorting; max when none
};

/// The items a view shows, in order: `list` by --sort, `overdue` most late first, `due` by deadline;
/// departments (--dept, grouping, output) as `depts` resolves them.
std::vector<ViewRow> select_items(std::span<const model::Item> items, const ItemQuery& q, View view, const model::Date& today,
                                  const model::DeptResolver& depts = model::DeptResolver());

/// What a table of items is for, which decides its columns.
enum class Columns {
  Screen,  ///< table and md: the tracker columns and the deliverable, which goes first when narrow
  Minutes, ///< show's item tables: the deliverable stays at any width, like the text
  Data,    ///< tsv and csv: every column, the closing fields too
};

/// The view as a table: headers and due words from the catalogue, statuses in the words of `lang`.
Table items_table(const std::vector<ViewRow>& rows, View view, const std::string& lang, const model::Date& today,
                  Columns columns = Columns::Screen);

/// The view as TSV: a header line and every column of Columns::Data (what items_table's
/// render_tsv gives, written straight from the items).
std::string items_tsv(const std::vector<ViewRow>& rows, View view, const std::string& lang, const model::Date& today);

/// The view as CSV of the dialect, with every column of Columns::Data.
std::string items_csv(const std::vector<ViewRow>& rows, View view, const std::string& lang, const model::Date& today,
                      CsvDialect dialect);

/// One JSON array of items: ref, record, kind, title, owner, dept, deadline, status, overdue, days_late, due_soon, path,
/// tags, deliverable, progress, completed, original_deadline, delay_reason, evidence.
/// A key a command adds to each item object (stale's last_commit): one value per row.
struct ExtraJson {
  std::string_view key;
  std::span<const std::string> values;
};

/// items_json with `extra` keys after the others.
std::string items_json(const std::vector<ViewRow>& rows, std::span<const ExtraJson> extra = {});

/// Groups rows (already sorted by group) into tables rendered with a heading each.
std::string render_grouped(const std::vector<ViewRow>& rows, View view, const std::string& lang, const model::Date& today,
                           size_t width, bool color);

} // namespace collab::views

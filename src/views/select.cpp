#include "collab/views/select.h"

#include "collab/model/kinds.h"
#include "collab/model/vocabulary.h"

#include "collab/util/i18n.h"
#include "collab/util/json.h"
#include "collab/util/text.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <limits>
#include <tuple>

namespace collab::views {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using util::i18n::tr;
using util::i18n::trf;

namespace {

/// Item kinds a --kind filter matches: item kinds, or the record kind that holds them.
bool kind_matches(const Item& it, const std::string& k)
{
  if (k.empty() || it.kind == k)
    return true;
  const model::Kind* holder = model::kind_of_item(it.kind);
  return holder && holder->name == k;
}

std::string group_of(const Item& it, std::string_view dept, GroupBy by)
{
  switch (by) {
  case GroupBy::Owner: return std::string(it.owner);
  case GroupBy::Dept: return std::string(dept);
  case GroupBy::Record: return std::string(it.record);
  case GroupBy::None: break;
  }
  return "";
}

/// "3d late", "today", "in 2d" in the catalogue's language (逾期3天, 今天, 2天后).
std::string due_text(const ViewRow& r, const Date& today)
{
  if (is_closed(r.item->status))
    return "";
  const auto d = r.item->deadline_date();
  if (!d)
    return "";
  const long diff = d->days() - today.days();
  if (diff < 0)
    return trf("{}d late", -diff);
  if (diff == 0)
    return tr("today");
  return trf("in {}d", diff);
}

} // namespace

const std::vector<std::string_view>& sort_key_names()
{
  static const std::vector<std::string_view> names = {"deadline", "ref", "owner", "dept", "status", "late"};
  return names;
}

const std::vector<std::string_view>& group_by_names()
{
  static const std::vector<std::string_view> names = {"", "owner", "dept", "record"};
  return names;
}

std::vector<ViewRow> select_items(std::span<const Item> items, const ItemQuery& q, View view, const Date& today,
                                  const DeptResolver& depts)
{
  std::vector<ViewRow> rows;
  const std::string grep = util::ascii_lower(q.grep);
  for (const auto& it : items) {
    // Closed items without --all never show: skip their date work.
    if (view != View::List && is_closed(it.status))
      continue;
    const auto d = it.deadline_date();
    const ItemState st = state_of(it, d, today, q.within_days);
    if (view == View::Overdue && !st.overdue)
      continue;
    if (view == View::Due && !st.due_soon)
      continue;
    if (view == View::List && !q.all && !q.status && is_closed(it.status))
      continue;
    if (!q.owner.empty() && it.owner != q.owner)
      continue;
    const std::string_view dept = depts.dept_of(it);
    if (!q.dept.empty() && dept != q.dept)
      continue;
    if (q.status && it.status != *q.status)
      continue;
    if (!kind_matches(it, q.kind))
      continue;
    if (!q.tag.empty() && !it.has_tag(q.tag))
      continue;
    if (q.before && (!d || !(*d < *q.before)))
      continue;
    if (q.after && (!d || !(*q.after < *d)))
      continue;
    if (!grep.empty()) {
      const std::string hay =
        util::ascii_lower(fmt::format("{} {} {} {}", it.ref, it.title, it.owner, dept));
      if (hay.find(grep) == std::string::npos)
        continue;
    }
    rows.push_back(
      ViewRow{&it, st, group_of(it, dept, q.group_by), dept, d ? d->days() : std::numeric_limits<long>::max()});
  }
  using Key = SortKey;
  const Key key = view == View::Overdue ? Key::Late : q.sort;
  std::stable_sort(rows.begin(), rows.end(), [&](const ViewRow& a, const ViewRow& b) {
    if (a.group != b.group)
      return a.group < b.group;
    if (key == Key::Late && a.state.days_late != b.state.days_late)
      return a.state.days_late > b.state.days_late;
    if (key == Key::Owner && a.item->owner != b.item->owner)
      return a.item->owner < b.item->owner;
    if (key == Key::Dept && a.dept != b.dept)
      return a.dept < b.dept;
    if (key == Key::Status && a.item->status != b.item->status)
      return a.item->status < b.item->status;
    if (key == Key::Ref)
      return a.item->ref < b.item->ref;
    return std::tie(a.deadline_days, a.item->ref) < std::tie(b.deadline_days, b.item->ref);
  });
  return rows;
}

namespace {

/// The columns of a table of items: the tracker's eight, and with `data` the closing fields.
/// Headers come from the catalogue (msgid: the English header).
std::vector<Table::Column> item_columns(View view, Columns columns)
{
  const bool minutes = columns == Columns::Minutes;
  // In minutes (show) the deliverable is one of the four things every action has: it stays,
  // sharing the text's room, and the text columns keep enough width to read before anything
  // shrinks them (DUE and DEPT go first). In the tracker it is extra: it shows only when the
  // other columns fit whole and it gets 16 columns, and it is the first to shrink.
  using Col = Table::Column;
  const size_t text_min = minutes ? 14 : 8;
  const Col deliverable = minutes ? Col{tr("DELIVERABLE"), 1, 0, false, text_min}
                                  : Col{tr("DELIVERABLE"), 1, 0, false, 16, true};
  const int after = minutes ? 0 : 1; // the text shrinks after the tracker's deliverable
  // The order in which columns go when the table is too narrow (0: never). What a view is
  // about stays at any width, and the text gives up its width instead: overdue keeps days
  // late and owner (who to chase), due keeps deadline and owner.
  struct Drops {
    int deadline, due, status, owner, dept;
  };
  const Drops drops = minutes                ? Drops{3, 1, 4, 5, 2}
                      : view == View::Overdue ? Drops{2, 0, 3, 0, 1}
                      : view == View::Due     ? Drops{0, 2, 3, 0, 1}
                                              : Drops{3, 2, 4, 5, 1};
  std::vector<Col> out = {
    {tr("REF"), 0, 0, false, 8},
    {tr("DEADLINE"), 0, drops.deadline, false, 10},
    {view == View::Overdue ? tr("LATE") : tr("DUE"), 0, drops.due, view == View::Overdue, 4},
    {tr("STATUS"), 0, drops.status, false, 4},
    // Where the owner must stay, the name stays whole (up to 16 columns) until the text has
    // given all it can.
    {tr("OWNER"), 2 + after, drops.owner, false, size_t(drops.owner == 0 ? 16 : 6)},
    {tr("DEPT"), 0, drops.dept, false, 4},
    {tr("TITLE"), 1 + after, 0, false, text_min},
    deliverable,
  };
  if (columns == Columns::Data)
    for (const char* header :
         {tr("PROGRESS"), tr("COMPLETED"), tr("ORIGINAL_DEADLINE"), tr("DELAY_REASON"), tr("EVIDENCE")})
      out.push_back({header});
  return out;
}

/// Calls emit(cells, row) for each row, its cells in the order of item_columns (views valid
/// during the call): the tables copy them, TSV and CSV write them straight out.
template <typename Emit>
void each_item_row(const std::vector<ViewRow>& rows, View view, bool zh, const Date& today, bool data, Emit&& emit)
{
  std::array<std::string_view, 13> cells;
  std::string due, progress;
  for (const auto& r : rows) {
    const Item& it = *r.item;
    const ItemDetails d = it.details();
    due = view == View::Overdue ? std::to_string(r.state.days_late) : due_text(r, today);
    cells = {it.ref,  it.deadline, due,      status_word(it.status, it.kind, zh ? Vocabulary::Chinese : Vocabulary::English),
             it.owner, r.dept,     it.title, d.deliverable};
    if (data) {
      const int p = whole_progress(d.progress);
      progress = p < 0 ? std::string() : std::to_string(p);
      cells[8] = progress;
      cells[9] = d.completed;
      cells[10] = d.original_deadline;
      cells[11] = d.delay_reason;
      cells[12] = d.evidence;
    }
    emit(std::span<const std::string_view>(cells.data(), data ? 13 : 8), r);
  }
}

/// The output of a delimited format: its header line and then appends each row with `line`.
template <typename Line>
std::string delimited(const std::vector<ViewRow>& rows, View view, const std::string& lang, const Date& today,
                      std::string_view start, Line&& line)
{
  const bool zh = lang == "zh";
  std::string out(start);
  // Allocated once, from the texts the rows hold (growing by doubling touched twice the memory).
  size_t bytes = 256;
  for (const auto& r : rows)
    bytes += r.item->ref.size() + r.item->title.size() + r.item->owner.size() + r.dept.size() +
             r.item->packed_details.size() + 64;
  out.reserve(bytes);
  const std::vector<Table::Column> columns = item_columns(view, Columns::Data);
  std::vector<std::string_view> headers;
  for (const auto& col : columns)
    headers.push_back(col.header);
  line(out, headers);
  each_item_row(rows, view, zh, today, true,
                [&](std::span<const std::string_view> cells, const ViewRow&) { line(out, cells); });
  return out;
}

} // namespace

Table items_table(const std::vector<ViewRow>& rows, View view, const std::string& lang, const Date& today,
                  Columns columns)
{
  const bool zh = lang == "zh";
  Table t;
  t.columns = item_columns(view, columns);
  t.rows.reserve(rows.size());
  t.styles.reserve(rows.size());
  each_item_row(rows, view, zh, today, columns == Columns::Data,
                [&](std::span<const std::string_view> cells, const ViewRow& r) {
                  t.rows.emplace_back(cells.begin(), cells.end());
                  t.styles.push_back(r.state.overdue             ? RowStyle::Overdue
                                     : r.state.due_soon          ? RowStyle::DueSoon
                                     : is_closed(r.item->status) ? RowStyle::Done
                                                                 : RowStyle::Normal);
                });
  return t;
}

std::string items_tsv(const std::vector<ViewRow>& rows, View view, const std::string& lang, const Date& today)
{
  return delimited(rows, view, lang, today, "",
                   [](std::string& out, std::span<const std::string_view> cells) { append_tsv_line(out, cells); });
}

std::string items_csv(const std::vector<ViewRow>& rows, View view, const std::string& lang, const Date& today,
                      CsvDialect dialect)
{
  return delimited(rows, view, lang, today, dialect == CsvDialect::Excel ? k_utf8_bom : "",
                   [dialect](std::string& out, std::span<const std::string_view> cells) {
                     append_csv_line(out, cells, dialect);
                   });
}

namespace {

/// Appends `, "key": ` and value as a JSON string, or null for "" (an absent field).
void append_key(std::string& out, std::string_view key, std::string_view value, bool null_when_empty = true)
{
  out += ", \"";
  out += key;
  out += "\": ";
  if (value.empty() && null_when_empty)
    out += "null";
  else
    append_json_quoted(out, value);
}

} // namespace

std::string items_json(const std::vector<ViewRow>& rows, std::span<const ExtraJson> extra)
{
  // Appended piece by piece: a large view is mostly this loop, and a format call per item
  // with a temporary string per value cost a third more.
  std::string out = "[";
  // Allocated once: the texts plus what the keys and the other values take (growing by
  // doubling touched twice the memory).
  size_t bytes = 16;
  for (const auto& r : rows)
    bytes += r.item->ref.size() * 2 + r.item->title.size() + r.item->owner.size() + r.dept.size() +
             r.item->path.size() + r.item->tags.size() + r.item->packed_details.size() + 360;
  out.reserve(bytes);
  for (size_t i = 0; i < rows.size(); ++i) {
    const ViewRow& r = rows[i];
    const Item& it = *r.item;
    const ItemDetails d = it.details();
    out += i ? ",\n  {\"ref\": " : "\n  {\"ref\": ";
    append_json_quoted(out, it.ref);
    append_key(out, "record", it.record, false);
    append_key(out, "kind", it.kind, false);
    append_key(out, "title", it.title, false);
    append_key(out, "owner", it.owner, false);
    append_key(out, "dept", r.dept, false);
    append_key(out, "deadline", it.deadline);
    append_key(out, "status", status_name(it.status), false);
    fmt::format_to(std::back_inserter(out), ", \"overdue\": {}, \"days_late\": {}, \"due_soon\": {}", r.state.overdue,
                   r.state.days_late, r.state.due_soon);
    append_key(out, "path", it.path, false);
    out += ", \"tags\": [";
    bool first = true;
    for (const auto tg : it.tag_list()) {
      out += first ? "" : ", ";
      append_json_quoted(out, tg);
      first = false;
    }
    out += "]";
    append_key(out, "deliverable", d.deliverable);
    const int progress = whole_progress(d.progress);
    out += ", \"progress\": ";
    out += progress < 0 ? std::string("null") : std::to_string(progress);
    append_key(out, "completed", d.completed);
    append_key(out, "original_deadline", d.original_deadline);
    append_key(out, "delay_reason", d.delay_reason);
    append_key(out, "evidence", d.evidence);
    for (const ExtraJson& e : extra)
      append_key(out, e.key, e.values[i], false);
    out += "}";
  }
  out += rows.empty() ? "]\n" : "\n]\n";
  return out;
}

std::string render_grouped(const std::vector<ViewRow>& rows, View view, const std::string& lang, const Date& today,
                           size_t width, bool color)
{
  std::string out;
  size_t start = 0;
  while (start < rows.size()) {
    size_t end = start;
    while (end < rows.size() && rows[end].group == rows[start].group)
      ++end;
    const std::vector<ViewRow> part(rows.begin() + static_cast<long>(start), rows.begin() + static_cast<long>(end));
    if (!out.empty())
      out += "\n";
    const std::string name = rows[start].group.empty() ? "-" : rows[start].group;
    out += color ? fmt::format("\x1b[1m{} ({})\x1b[0m\n", name, part.size()) : fmt::format("{} ({})\n", name, part.size());
    out += render_table(items_table(part, view, lang, today), width, color);
    start = end;
  }
  return out;
}

} // namespace collab::views

#include "collab/views/select.h"

#include "collab/model/kinds.h"

#include "collab/util/json.h"
#include "collab/util/text.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <tuple>

namespace collab::views {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;

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

/// "3d late", "today", "in 2d" (English) or 逾期3天, 今天, 2天后.
std::string due_text(const ViewRow& r, const Date& today, bool zh)
{
  if (is_closed(r.item->status))
    return "";
  const auto d = r.item->deadline_date();
  if (!d)
    return "";
  const long diff = d->days() - today.days();
  if (diff < 0)
    return zh ? fmt::format("逾期{}天", -diff) : fmt::format("{}d late", -diff);
  if (diff == 0)
    return zh ? "今天" : "today";
  return zh ? fmt::format("{}天后", diff) : fmt::format("in {}d", diff);
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

Table items_table(const std::vector<ViewRow>& rows, View view, const std::string& lang, const Date& today)
{
  const bool zh = lang == "zh";
  Table t;
  t.columns = {
    {zh ? "编号" : "REF", 0, 0, false, 8},
    {zh ? "截止日期" : "DEADLINE", 0, 3, false, 10},
    {view == View::Overdue ? (zh ? "逾期天数" : "LATE") : (zh ? "到期" : "DUE"), 0, 2, view == View::Overdue, 4},
    {zh ? "状态" : "STATUS", 0, 4, false, 4},
    {zh ? "负责人" : "OWNER", 2, 5, false, 6},
    {zh ? "部门" : "DEPT", 0, 1, false, 4},
    {zh ? "事项" : "TITLE", 1, 0, false, 8},
  };
  t.rows.reserve(rows.size());
  t.styles.reserve(rows.size());
  for (const auto& r : rows) {
    const Item& it = *r.item;
    const std::string due = view == View::Overdue ? std::to_string(r.state.days_late) : due_text(r, today, zh);
    t.rows.push_back({std::string(it.ref), std::string(it.deadline), due,
                      std::string(zh ? status_name_zh(it.status) : status_name(it.status)), std::string(it.owner),
                      std::string(r.dept), std::string(it.title)});
    t.styles.push_back(r.state.overdue    ? RowStyle::Overdue
                       : r.state.due_soon ? RowStyle::DueSoon
                       : is_closed(it.status) ? RowStyle::Done
                                              : RowStyle::Normal);
  }
  return t;
}

std::string items_json(const std::vector<ViewRow>& rows)
{
  std::string out = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Item& it = *rows[i].item;
    std::string tags;
    for (const auto tg : it.tag_list())
      tags += (tags.empty() ? "" : ", ") + json_quote(tg);
    out += fmt::format(
      "{}\n  {{\"ref\": {}, \"record\": {}, \"kind\": {}, \"title\": {}, \"owner\": {}, \"dept\": {}, "
      "\"deadline\": {}, \"status\": \"{}\", \"overdue\": {}, \"days_late\": {}, \"due_soon\": {}, \"path\": {}, "
      "\"tags\": [{}]}}",
      i ? "," : "", json_quote(it.ref), json_quote(it.record), json_quote(it.kind), json_quote(it.title),
      json_quote(it.owner), json_quote(rows[i].dept), it.deadline.empty() ? "null" : json_quote(it.deadline),
      status_name(it.status), rows[i].state.overdue, rows[i].state.days_late, rows[i].state.due_soon,
      json_quote(it.path), tags);
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

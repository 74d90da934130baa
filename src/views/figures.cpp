#include "collab/views/figures.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <fmt/format.h>
#include <map>
#include <set>

namespace collab::views {

using namespace collab::model;

Week week_containing(const Date& d)
{
  const Date start = d.plus_days(-d.weekday());
  return {start, start.plus_days(6)};
}

std::string Month::str() const { return fmt::format("{:04}-{:02}", first.year, first.month); }

namespace {

int days_in_month(int y, int m)
{
  for (int d = 31; d > 28; --d)
    if (is_valid_date(y, m, d))
      return d;
  return 28;
}

Month make_month(int y, int m) { return {Date{y, m, 1}, Date{y, m, days_in_month(y, m)}}; }

bool in(const Date& d, const Date& a, const Date& b) { return a <= d && d <= b; }

/// Counts sorted most frequent first, then by text (a stable order for tests and diffs).
std::vector<Count> sorted_counts(const std::map<std::string, long>& m)
{
  std::vector<Count> out;
  for (const auto& [text, n] : m)
    out.push_back({text, n});
  std::stable_sort(out.begin(), out.end(), [](const Count& a, const Count& b) { return a.count > b.count; });
  return out;
}

std::vector<GroupFigures> to_groups(std::map<std::string, Figures>& m)
{
  std::vector<GroupFigures> out;
  out.reserve(m.size());
  for (auto& [name, f] : m)
    out.push_back({name, f});
  return out;
}

} // namespace

Month month_containing(const Date& d) { return make_month(d.year, d.month); }

Month month_before(const Month& m)
{
  return m.first.month == 1 ? make_month(m.first.year - 1, 12) : make_month(m.first.year, m.first.month - 1);
}

std::optional<Month> parse_month(std::string_view s)
{
  if (s.size() != 7 || s[4] != '-')
    return std::nullopt;
  int y = 0, m = 0;
  for (size_t i = 0; i < 7; ++i)
    if (i != 4 && (s[i] < '0' || s[i] > '9'))
      return std::nullopt;
  std::from_chars(s.data(), s.data() + 4, y);
  std::from_chars(s.data() + 5, s.data() + 7, m);
  if (m < 1 || m > 12 || y < 1)
    return std::nullopt;
  return make_month(y, m);
}

std::optional<Date> original_deadline(const Item& it)
{
  const auto d = it.details();
  if (auto o = parse_iso_date(d.original_deadline))
    return o;
  return it.deadline_date();
}

std::optional<double> Figures::on_time_rate() const
{
  if (due == 0)
    return std::nullopt;
  return static_cast<double>(on_time) / static_cast<double>(due);
}

std::optional<double> Figures::avg_days_late() const
{
  if (late_count == 0)
    return std::nullopt;
  return static_cast<double>(late_sum) / static_cast<double>(late_count);
}

MonthStats month_stats(std::span<const Item> items, const Month& m, const Date& today, const DeptResolver& depts,
                       std::span<const BareIssue> bare_issues)
{
  MonthStats s;
  s.month = m;
  std::map<std::string, Figures> by_dept, by_owner;
  std::map<std::string, long> reasons, categories;
  std::set<std::string_view> issues_seen;
  const auto count_category = [&](std::string_view record, std::string_view category, std::string_view occurred) {
    if (!category.empty())
      if (auto occ = parse_iso_date(occurred); occ && in(*occ, m.first, m.last))
        if (issues_seen.insert(record).second)
          ++categories[std::string(category)];
  };
  for (const BareIssue& b : bare_issues)
    count_category(b.record, b.category, b.occurred);
  for (const Item& it : items) {
    // An issue's category counts once per record, whichever of its items carries it, and is
    // the record's: it counts even when every solution was cancelled.
    if (!it.record_facts.empty()) {
      const RecordFacts rf = it.facts();
      count_category(it.record, rf.category, rf.occurred);
    }
    if (it.status == Status::Cancelled)
      continue; // cancelled items count nowhere
    const auto orig = original_deadline(it);
    if (!orig || !in(*orig, m.first, m.last))
      continue;
    const ItemDetails d = it.details();
    Figures f;
    f.due = 1;
    long late = 0;
    bool known = true;
    if (it.status == Status::Done) {
      f.done = 1;
      if (auto c = parse_iso_date(d.completed)) {
        f.on_time = *c <= *orig ? 1 : 0;
        late = c->days() - orig->days();
      } else {
        known = false; // done without a completion date: neither on time nor late (lint flags it)
      }
    } else {
      if (auto dl = it.deadline_date(); dl && *dl < today)
        f.overdue = 1;
      late = today.days() - orig->days();
    }
    if (known && late > 0) {
      f.late_count = 1;
      f.late_sum = late;
    }
    if (!d.delay_reason.empty())
      ++reasons[std::string(d.delay_reason)];
    for (Figures* t : {&s.total, &by_dept[std::string(depts.dept_of(it))], &by_owner[std::string(it.owner)]}) {
      t->due += f.due;
      t->done += f.done;
      t->on_time += f.on_time;
      t->overdue += f.overdue;
      t->late_count += f.late_count;
      t->late_sum += f.late_sum;
    }
  }
  s.by_dept = to_groups(by_dept);
  s.by_owner = to_groups(by_owner);
  s.delay_reasons = sorted_counts(reasons);
  s.categories = sorted_counts(categories);
  return s;
}

WeeklyReport weekly_report(std::span<const Item> items, const Date& week_of, const Date& today,
                           const ReportHistory& history)
{
  WeeklyReport r;
  r.week = week_containing(week_of);
  const Date next_start = r.week.end.plus_days(1), next_end = r.week.end.plus_days(7);
  for (const Item& it : items) {
    if (it.status == Status::Cancelled)
      continue;
    const bool open = !is_closed(it.status);
    const auto dl = it.deadline_date();
    if (it.status == Status::Done) {
      if (auto c = parse_iso_date(it.details().completed); c && in(*c, r.week.start, r.week.end))
        r.done.push_back(&it);
    }
    if (state_of(it, dl, today, 0).overdue)
      r.overdue.push_back(&it);
    if (open && dl && in(*dl, next_start, next_end))
      r.due_next_week.push_back(&it);
    if (it.status == Status::Delayed)
      r.delayed.push_back(&it);
    if (open && history.stale && history.stale(it))
      r.stale.push_back(&it);
    std::optional<Date> created = parse_iso_date(it.facts().created);
    if (!created && history.first_commit)
      created = history.first_commit(it);
    if (created && in(*created, r.week.start, r.week.end))
      r.fresh.push_back(&it);
  }
  // Deadline order, then ref: each deadline parsed once (a comparator parsing it would do so
  // n log n times on a 10,000-item report).
  for (auto* l : {&r.done, &r.overdue, &r.due_next_week, &r.delayed, &r.stale, &r.fresh}) {
    std::vector<std::pair<long, const Item*>> keyed;
    keyed.reserve(l->size());
    for (const Item* it : *l) {
      const auto d = it->deadline_date();
      keyed.emplace_back(d ? d->days() : LONG_MAX, it);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second->ref < b.second->ref;
    });
    for (size_t i = 0; i < keyed.size(); ++i)
      (*l)[i] = keyed[i].second;
  }
  return r;
}

} // namespace collab::views

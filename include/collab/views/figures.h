#pragma once

// The figures of the team lead's week and month (SPEC §7b), computed from items alone so a
// unit test (and a person with the records) can recheck every number. The commands print them.

#include "collab/model/departments.h"
#include "collab/model/items.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace collab::views {

/// A Monday–Sunday week.
struct Week {
  model::Date start, end;
};

/// The Monday–Sunday week containing `d`.
Week week_containing(const model::Date& d);

/// A calendar month: its first and last day.
struct Month {
  model::Date first, last;
  /// YYYY-MM.
  std::string str() const;
};

/// The month containing `d`.
Month month_containing(const model::Date& d);
/// The month before `m`.
Month month_before(const Month& m);
/// Strict `YYYY-MM`, nullopt otherwise.
std::optional<Month> parse_month(std::string_view s);

/// An item's original deadline: `original_deadline` when it is a date, else `deadline`.
std::optional<model::Date> original_deadline(const model::Item& it);

/// The figures of one group of items due in a month (SPEC §7b).
struct Figures {
  long due = 0;     ///< original deadline in the month (cancelled items count nowhere)
  long done = 0;    ///< of those, status done
  long on_time = 0; ///< done with `completed` ≤ the original deadline
  long overdue = 0; ///< not done and `deadline` < today
  long late_count = 0; ///< items with positive days late
  long late_sum = 0;   ///< their days late summed
  /// on_time / due; nullopt when due is 0.
  std::optional<double> on_time_rate() const;
  /// late_sum / late_count; nullopt when no item is late.
  std::optional<double> avg_days_late() const;
};

/// A named group's figures (a department or an owner; "" when none is named).
struct GroupFigures {
  std::string name;
  Figures f;
};

/// A text and how often it occurs.
struct Count {
  std::string text;
  long count = 0;
};

/// One month's review.
struct MonthStats {
  Month month;
  Figures total;
  std::vector<GroupFigures> by_dept;  ///< by name
  std::vector<GroupFigures> by_owner; ///< by name
  std::vector<Count> delay_reasons;   ///< most frequent first, then by text
  std::vector<Count> categories;      ///< most frequent first, then by text
};

/// An issue record that has no items (no solutions yet): its category still counts.
struct BareIssue {
  std::string record, category, occurred;
};

/// The month's figures on `today`, departments as `depts` resolves them; `bare_issues` are the
/// issues without solutions, whose category the items cannot carry.
MonthStats month_stats(std::span<const model::Item> items, const Month& m, const model::Date& today,
                       const model::DeptResolver& depts, std::span<const BareIssue> bare_issues = {});

/// The weekly roll-up's lists (SPEC §7b), each in deadline order then ref.
struct WeeklyReport {
  Week week;
  std::vector<const model::Item*> done, overdue, due_next_week, delayed, stale, fresh;
};

/// What the report needs from history: whether an item's record is stale, and the date of the
/// first commit of a record without `created` (nullopt when unknown).
struct ReportHistory {
  std::function<bool(const model::Item&)> stale;
  std::function<std::optional<model::Date>(const model::Item&)> first_commit;
};

/// The roll-up of the week containing `week_of`, overdue as on `today`.
WeeklyReport weekly_report(std::span<const model::Item> items, const model::Date& week_of, const model::Date& today,
                           const ReportHistory& history);

} // namespace collab::views

#pragma once

// What report, stats and stale share: the items and today's date, the dates history knows of
// each record (last and first commit, through the history index), the report's sections.

#include "commands/options.h"

#include "collab/model/date.h"
#include "collab/model/departments.h"
#include "collab/store/history_index.h"
#include "collab/store/repo.h"
#include "collab/store/workspace.h"
#include "collab/views/figures.h"
#include "collab/views/item_cache.h"
#include "collab/views/table.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace collab::commands {

/// The dates of each record's first and last commit, from the history index (opened once,
/// answers kept per record file).
class RecordDates {
public:
  /// Opens the repository and its history index; throws Error(3) outside git.
  explicit RecordDates(const store::Workspace& ws);
  /// The day (in the committer's time zone) of the last commit that touched the item's record.
  std::optional<model::Date> last_change(const model::Item& it);
  /// The day of the first commit of the item's record.
  std::optional<model::Date> first_commit(const model::Item& it);

private:
  /// The item's record's span of history (null when never committed).
  const store::PathSpan* span(const model::Item& it);
  const store::Workspace& m_ws;
  std::unique_ptr<store::Repo> m_repo;
  std::optional<store::HistoryIndex> m_index;
  std::string m_prefix; ///< the root relative to the work tree, with a trailing "/" ("" at the top)
  std::optional<std::unordered_map<std::string, store::PathSpan>> m_spans; ///< read on first use
  std::string m_rel; ///< span()'s last key, reused
  std::optional<const store::PathSpan*> m_last; ///< span()'s last answer (null: no history), for m_rel
};

/// True when an open item's record was last committed `stale_after` days or more before today.
bool is_stale(const model::Item& it, RecordDates& dates, const model::Date& today, int stale_after_days);

/// What grouping the weekly report uses.
enum class ReportBy { Dept, Owner };

/// One list of the weekly report, its rows grouped.
struct ReportSection {
  std::string key;   ///< the JSON key: done, overdue, due_next_week, delayed, stale, new
  std::string title; ///< its heading, translated
  std::vector<const model::Item*> items;
  struct Group {
    std::string name; ///< a department or owner, translated "(none)" when unnamed
    views::Table table;
  };
  std::vector<Group> groups;
};

/// The weekly report ready to print: its heading and sections.
struct ReportView {
  views::Week week;
  std::string title;
  std::vector<ReportSection> sections;
};

/// Builds the report of the week containing `week_of`; `dates` null: no history (no stale list,
/// `new` from `created` only). Without `tables` only the lists are filled (JSON needs no cells).
ReportView build_report(const store::Workspace& ws, const views::ItemLoad& load, const model::Date& week_of,
                        const model::Date& today, ReportBy by, RecordDates* dates, bool tables = true);

/// The report as an HTML <section>.
std::string report_html(const ReportView& r);

/// The month and the one before.
struct StatsView {
  views::MonthStats now, previous;
  model::Date today;
};

/// The figures of the month `m` and the month before.
StatsView build_stats(const store::Workspace& ws, const views::ItemLoad& load, const views::Month& m,
                      const model::Date& today);

/// The stats' title: the month, the one in parentheses beside it, today.
std::string stats_title(const StatsView& s);

/// The stats' tables with their headings: by department, by owner (figures as "this (before)",
/// a total row last), delay reasons and issue categories (counts, the month before beside).
std::vector<std::pair<std::string, views::Table>> stats_tables(const StatsView& s);

/// The stats as an HTML <section> with the chart of on-time rate by department.
std::string stats_html(const StatsView& s);

} // namespace collab::commands

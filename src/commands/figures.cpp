#include "commands/figures.h"
#include "commands/figures_common.h"

#include "commands/context.h"

#include "collab/lint/read_record.h"
#include "collab/model/status.h"
#include "collab/util/parallel.h"
#include "collab/util/text.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/views/document.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace collab::commands {

using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;
using util::i18n::trf;

// ---- history dates -------------------------------------------------------------------------

RecordDates::RecordDates(const Workspace& ws) : m_ws(ws), m_repo(open_repo(ws))
{
  m_index.emplace(HistoryIndex::open(*m_repo, ws.root));
  // Item paths are relative to the root, the index's to the work tree: one prefix for all.
  m_prefix = m_index->relative(ws.root / "x");
  m_prefix.resize(m_prefix.size() - 1);
}

namespace {

/// A commit's day in its author's time zone (what `git log` shows beside it).
Date commit_day(long long time, int offset)
{
  const long long local = time + static_cast<long long>(offset) * 60;
  return Date::from_days(static_cast<long>(local >= 0 ? local / 86400 : (local - 86399) / 86400));
}

} // namespace

const PathSpan* RecordDates::span(const Item& it)
{
  if (!m_spans)
    m_spans = m_index->path_spans(); // one pass over history for every record
  // A record's items come one after another, and the report asks twice for each.
  if (m_last && std::string_view(m_rel).substr(m_prefix.size()) == it.path)
    return *m_last;
  m_rel.assign(m_prefix); // one buffer for every lookup: no allocation per item
  m_rel += it.path;
  const auto pos = m_spans->find(m_rel);
  m_last = pos == m_spans->end() ? nullptr : &pos->second;
  return *m_last;
}

std::optional<Date> RecordDates::last_change(const Item& it)
{
  const PathSpan* s = span(it);
  return s ? std::optional<Date>(commit_day(s->last_time, s->last_offset)) : std::nullopt;
}

std::optional<Date> RecordDates::first_commit(const Item& it)
{
  const PathSpan* s = span(it);
  return s ? std::optional<Date>(commit_day(s->first_time, s->first_offset)) : std::nullopt;
}

bool is_stale(const Item& it, RecordDates& dates, const Date& today, int stale_after_days)
{
  if (is_closed(it.status))
    return false;
  const auto last = dates.last_change(it);
  // A record never committed is new work, not forgotten work.
  return last && today.days() - last->days() >= stale_after_days;
}

// ---- the weekly report ---------------------------------------------------------------------

namespace {

std::string status_word(Status s, bool zh) { return std::string(zh ? status_name_zh(s) : status_name(s)); }

std::string none_name(ReportBy by) { return by == ReportBy::Dept ? tr("(no department)") : tr("(no owner)"); }

Table::Column col(std::string header, bool right = false, int shrink = 0)
{
  Table::Column c;
  c.header = std::move(header);
  c.right = right;
  c.shrink = shrink;
  return c;
}

/// The columns of a section: who and what, then what the section is about.
Table section_table(const std::string& key, ReportBy by)
{
  Table t;
  t.columns = {col(tr("Ref")), col(tr("Item"), false, 2),
               col(by == ReportBy::Dept ? tr("Owner") : tr("Dept")), col(tr("Deadline"))};
  if (key == "done") {
    t.columns.push_back(col(tr("Completed")));
    t.columns.push_back(col(tr("Evidence"), false, 1));
  } else if (key == "overdue") {
    t.columns.push_back(col(tr("Days late"), true));
  } else if (key == "delayed") {
    t.columns.push_back(col(tr("Original deadline")));
    t.columns.push_back(col(tr("Reason"), false, 1));
  } else if (key == "stale") {
    t.columns.push_back(col(tr("Last commit")));
  } else {
    t.columns.push_back(col(tr("Status")));
  }
  return t;
}

} // namespace

ReportView build_report(const Workspace& ws, const ItemLoad& load, const Date& week_of, const Date& today, ReportBy by,
                        RecordDates* dates, bool tables)
{
  const int stale_after = ws.config.stale_after_days;
  ReportHistory h;
  if (dates) {
    h.stale = [&](const Item& it) { return is_stale(it, *dates, today, stale_after); };
    h.first_commit = [&](const Item& it) { return dates->first_commit(it); };
  }
  const WeeklyReport wr = weekly_report(load.items, week_of, today, h);
  const DeptResolver depts(ws.config);
  const bool zh = ws.config.lang == "zh";
  ReportView r;
  r.week = wr.week;
  r.title = trf("Weekly report {} – {}", wr.week.start.str(), wr.week.end.str());
  const std::pair<const char*, const std::vector<const Item*>*> lists[] = {
      {"done", &wr.done},       {"overdue", &wr.overdue}, {"due_next_week", &wr.due_next_week},
      {"delayed", &wr.delayed}, {"stale", &wr.stale},     {"new", &wr.fresh}};
  const std::map<std::string, std::string> titles = {
      {"done", tr("Done this week")},     {"overdue", tr("Overdue")},
      {"due_next_week", tr("Due next week")}, {"delayed", tr("Delayed")},
      {"stale", trf("Stale (no commit for {} days)", stale_after)}, {"new", tr("New this week")}};
  for (const auto& [key, list] : lists) {
    ReportSection s;
    s.key = key;
    s.title = titles.at(key);
    s.items = *list;
    if (!tables) {
      r.sections.push_back(std::move(s));
      continue;
    }
    // Grouped by department (or owner), groups by name, unnamed last; rows keep their order.
    std::map<std::string, std::vector<const Item*>> groups;
    for (const Item* it : *list)
      groups[std::string(by == ReportBy::Dept ? depts.dept_of(*it) : it->owner)].push_back(it);
    std::vector<std::pair<std::string, std::vector<const Item*>>> ordered(groups.begin(), groups.end());
    std::stable_partition(ordered.begin(), ordered.end(), [](const auto& g) { return !g.first.empty(); });
    for (const auto& [name, items] : ordered) {
      ReportSection::Group g;
      g.name = name.empty() ? none_name(by) : name;
      g.table = section_table(key, by);
      for (const Item* it : items) {
        const ItemDetails d = it->details();
        std::vector<std::string> row = {std::string(it->ref), std::string(it->title),
                                        std::string(by == ReportBy::Dept ? it->owner : depts.dept_of(*it)),
                                        std::string(it->deadline)};
        const std::string k = key;
        if (k == "done") {
          row.emplace_back(d.completed);
          row.emplace_back(d.evidence);
        } else if (k == "overdue") {
          row.push_back(std::to_string(state_of(*it, today, 0).days_late));
        } else if (k == "delayed") {
          row.emplace_back(d.original_deadline);
          row.emplace_back(d.delay_reason);
        } else if (k == "stale") {
          const auto last = dates ? dates->last_change(*it) : std::nullopt;
          row.push_back(last ? last->str() : "");
        } else {
          row.push_back(status_word(it->status, zh));
        }
        g.table.rows.push_back(std::move(row));
        g.table.styles.push_back(k == "overdue" ? RowStyle::Overdue : k == "done" ? RowStyle::Done : RowStyle::Normal);
      }
      s.groups.push_back(std::move(g));
    }
    r.sections.push_back(std::move(s));
  }
  return r;
}

namespace {

/// A table of the "rows" kind (cards on a phone, as the documents' tables).
void html_table(std::string& out, const Table& t, const std::vector<std::string>& classes = {})
{
  const auto cls = [&](size_t i) {
    return i < classes.size() && !classes[i].empty() ? " class=\"" + classes[i] + "\"" : std::string();
  };
  out += "<div class=\"table-wrap\"><table class=\"rows\"><thead><tr>";
  for (size_t i = 0; i < t.columns.size(); ++i)
    out += "<th scope=\"col\"" + cls(i) + ">" + html_text(t.columns[i].header) + "</th>";
  out += "</tr></thead>\n<tbody>";
  for (const auto& row : t.rows) {
    out += "\n<tr>";
    for (size_t i = 0; i < row.size(); ++i)
      out += "<td" + cls(i) + " data-label=\"" + html_escape(i < t.columns.size() ? t.columns[i].header : "") + "\">" +
             html_text(row[i]) + "</td>";
    out += "</tr>";
  }
  out += "</tbody></table></div>\n";
}

} // namespace

std::string report_html(const ReportView& r)
{
  std::string out = "<section class=\"collab-report\">\n<h2>" + html_text(r.title) + "</h2>\n";
  for (const ReportSection& s : r.sections) {
    out += "<h3 id=\"" + s.key + "\">" + html_text(fmt::format("{} ({})", s.title, s.items.size())) + "</h3>\n";
    if (s.groups.empty())
      out += "<p>" + html_text(tr("None.")) + "</p>\n";
    for (const auto& g : s.groups) {
      out += "<h4>" + html_text(fmt::format("{} ({})", g.name, g.table.rows.size())) + "</h4>\n";
      html_table(out, g.table, {"", "action", "", "deadline", ""});
    }
  }
  return out + "</section>\n";
}

// ---- the monthly stats ---------------------------------------------------------------------

namespace {

/// The issues among the records without items (no solutions yet): the items cannot carry
/// their category. Few files, read in parallel.
std::vector<BareIssue> bare_issues(const Workspace& ws, const ItemLoad& load)
{
  std::vector<std::optional<BareIssue>> found(load.itemless.size());
  util::parallel_for(load.itemless.size(), [&](size_t i) {
    const std::string& rel = load.itemless[i];
    const lint::Record rec = lint::read_record(ws, ws.root / rel, rel, lint::ReadOptions{false, false});
    if (rec.unreadable || !rec.root() || !rec.kind || rec.kind->name != "issue")
      return;
    const yaml::Node& root = *rec.root();
    found[i] = BareIssue{std::string(util::trim(root.text_of("id"))), std::string(util::trim(root.text_of("category"))),
                         std::string(util::trim(root.text_of("occurred")))};
  });
  std::vector<BareIssue> out;
  for (auto& f : found)
    if (f)
      out.push_back(std::move(*f));
  return out;
}

} // namespace

StatsView build_stats(const Workspace& ws, const ItemLoad& load, const Month& m, const Date& today)
{
  const DeptResolver depts(ws.config);
  const std::vector<BareIssue> bare = bare_issues(ws, load);
  StatsView s;
  s.today = today;
  s.now = month_stats(load.items, m, today, depts, bare);
  s.previous = month_stats(load.items, month_before(m), today, depts, bare);
  return s;
}

namespace {

std::string percent(const std::optional<double>& r)
{
  return r ? fmt::format("{}%", static_cast<long>(std::lround(*r * 100))) : std::string("–");
}

std::string one_decimal(const std::optional<double>& v) { return v ? fmt::format("{:.1f}", *v) : std::string("–"); }

/// The chart: one bar per department, its name above it, so long (CJK) names fit a phone.
std::string rate_chart(const MonthStats& m)
{
  const int row_h = 34, w = 320;
  const int h = std::max<int>(1, static_cast<int>(m.by_dept.size())) * row_h + 8;
  std::string out = fmt::format("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"100%\" "
                                "style=\"max-width:40rem;height:auto\" xmlns=\"http://www.w3.org/2000/svg\">"
                                "<title>{}</title>\n",
                                w, h, html_escape(trf("On-time rate by department, {}", m.month.str())));
  int y = 4;
  for (const auto& g : m.by_dept) {
    const auto rate = g.f.on_time_rate();
    const int bar = rate ? static_cast<int>(std::lround(*rate * (w - 60))) : 0;
    const std::string name = g.name.empty() ? tr("(no department)") : g.name;
    out += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>", y + 11, html_escape(name));
    out += fmt::format("<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#e6e9ed\"/>", y + 15, w - 60);
    out += fmt::format("<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#2f81f7\"/>", y + 15, bar);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n", w - 54, y + 26,
                       html_escape(rate ? percent(rate) : tr("n/a")));
    y += row_h;
  }
  return out + "</svg>\n";
}

} // namespace

/// The figures of one group in this month and the month before, as table cells "this (before)".
std::vector<std::string> figure_cells(const Figures& a, const Figures* b)
{
  const auto pair = [&](const std::string& x, const std::string& y) { return b ? x + " (" + y + ")" : x; };
  const Figures z = b ? *b : Figures{};
  return {pair(std::to_string(a.due), std::to_string(z.due)),
          pair(std::to_string(a.done), std::to_string(z.done)),
          pair(std::to_string(a.on_time), std::to_string(z.on_time)),
          pair(percent(a.on_time_rate()), percent(z.on_time_rate())),
          pair(std::to_string(a.overdue), std::to_string(z.overdue)),
          pair(one_decimal(a.avg_days_late()), one_decimal(z.avg_days_late()))};
}

/// The stats' tables: by department, by owner (each with a total row), delay reasons, categories.
std::vector<std::pair<std::string, Table>> stats_tables(const StatsView& s)
{
  std::vector<std::pair<std::string, Table>> out;
  const auto figures_table = [&](const std::string& first, const std::vector<GroupFigures>& now,
                                 const std::vector<GroupFigures>& before, const std::string& none) {
    Table t;
    t.columns = {col(first, false, 1), col(tr("Due"), true), col(tr("Done"), true), col(tr("On time"), true),
                 col(tr("On-time rate"), true), col(tr("Overdue now"), true), col(tr("Avg days late"), true)};
    std::map<std::string, std::pair<const Figures*, const Figures*>> rows;
    for (const auto& g : now)
      rows[g.name].first = &g.f;
    for (const auto& g : before)
      rows[g.name].second = &g.f;
    const Figures zero;
    for (const auto& [name, f] : rows) {
      std::vector<std::string> row = {name.empty() ? none : name};
      for (auto& c : figure_cells(f.first ? *f.first : zero, f.second ? f.second : &zero))
        row.push_back(std::move(c));
      t.rows.push_back(std::move(row));
    }
    std::vector<std::string> total = {tr("Total")};
    for (auto& c : figure_cells(s.now.total, &s.previous.total))
      total.push_back(std::move(c));
    t.rows.push_back(std::move(total));
    return t;
  };
  out.emplace_back(tr("By department"), figures_table(tr("Dept"), s.now.by_dept, s.previous.by_dept,
                                                       tr("(no department)")));
  out.emplace_back(tr("By owner"), figures_table(tr("Owner"), s.now.by_owner, s.previous.by_owner, tr("(no owner)")));
  const auto counts_table = [&](const std::string& first, const std::vector<Count>& now,
                                const std::vector<Count>& before) {
    Table t;
    t.columns = {col(first, false, 1), col(tr("Count"), true)};
    std::map<std::string, long> prev;
    for (const auto& c : before)
      prev[c.text] = c.count;
    for (const auto& c : now)
      t.rows.push_back({c.text, fmt::format("{} ({})", c.count, prev.count(c.text) ? prev[c.text] : 0)});
    for (const auto& c : before)
      if (std::none_of(now.begin(), now.end(), [&](const Count& n) { return n.text == c.text; }))
        t.rows.push_back({c.text, fmt::format("0 ({})", c.count)});
    return t;
  };
  out.emplace_back(tr("Delay reasons"), counts_table(tr("Reason"), s.now.delay_reasons, s.previous.delay_reasons));
  out.emplace_back(tr("Issue categories"), counts_table(tr("Category"), s.now.categories, s.previous.categories));
  return out;
}

std::string stats_title(const StatsView& s)
{
  return trf("Monthly review {} (in parentheses: {}), as of {}", s.now.month.str(), s.previous.month.str(),
             s.today.str());
}

std::string stats_html(const StatsView& s)
{
  std::string out = "<section class=\"collab-stats\">\n<h2>" + html_text(stats_title(s)) + "</h2>\n";
  out += "<h3>" + html_text(trf("On-time rate by department, {}", s.now.month.str())) + "</h3>\n";
  out += s.now.by_dept.empty() ? "<p>" + html_text(tr("Nothing was due this month.")) + "</p>\n" : rate_chart(s.now);
  for (const auto& [title, table] : stats_tables(s)) {
    out += "<h3>" + html_text(title) + "</h3>\n";
    if (table.rows.empty())
      out += "<p>" + html_text(tr("None.")) + "</p>\n";
    else
      html_table(out, table);
  }
  return out + "</section>\n";
}

// ---- what the site calls -------------------------------------------------------------------

std::string weekly_report_html(const GlobalOptions& g, const Workspace& ws, const ItemLoad& load, const Date& week_of)
{
  std::optional<RecordDates> dates;
  try {
    dates.emplace(ws);
  } catch (const util::Error&) {
    // Outside git: no stale list, new items from `created` only.
  }
  return report_html(build_report(ws, load, week_of, today(g), ReportBy::Dept, dates ? &*dates : nullptr));
}

std::string monthly_stats_html(const GlobalOptions& g, const Workspace& ws, const ItemLoad& load, const Date& month_of)
{
  return stats_html(build_stats(ws, load, month_containing(month_of), today(g)));
}

} // namespace collab::commands

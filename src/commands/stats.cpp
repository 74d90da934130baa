#include "commands/context.h"
#include "commands/figures_common.h"
#include "commands/view_runner.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/json.h"
#include "collab/util/terminal.h"
#include "collab/views/document.h"

#include <cmath>
#include <fmt/format.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;
using util::i18n::trf;

namespace {

/// A figure that may be null, rounded (4 places for a rate, 2 for days: the JSON is for
/// scripts, which recompute nothing from it).
std::string json_number(const std::optional<double>& v, int places)
{
  if (!v)
    return "null";
  const double scale = std::pow(10.0, places);
  return fmt::format("{}", std::round(*v * scale) / scale);
}

std::string figures_json(const Figures& f)
{
  return fmt::format("\"due\": {}, \"done\": {}, \"on_time\": {}, \"on_time_rate\": {}, \"overdue\": {}, "
                     "\"avg_days_late\": {}",
                     f.due, f.done, f.on_time, json_number(f.on_time_rate(), 4), f.overdue,
                     json_number(f.avg_days_late(), 2));
}

std::string month_json(const MonthStats& m, const Date& today, const std::string& indent)
{
  std::string out = "{\"month\": \"" + m.month.str() + "\", \"as_of\": \"" + today.str() + "\", \"total\": {" +
                    figures_json(m.total) + "}";
  const auto groups = [&](const char* key, const char* name, const std::vector<GroupFigures>& gs) {
    out += ",\n" + indent + "  \"" + key + "\": [";
    for (size_t i = 0; i < gs.size(); ++i)
      out += (i ? ",\n" : "\n") + indent + "    {\"" + name + "\": " + json_quote(gs[i].name) + ", " +
             figures_json(gs[i].f) + "}";
    out += gs.empty() ? "]" : "\n" + indent + "  ]";
  };
  const auto counts = [&](const char* key, const char* name, const std::vector<Count>& cs) {
    out += ",\n" + indent + "  \"" + key + "\": [";
    for (size_t i = 0; i < cs.size(); ++i)
      out += (i ? ",\n" : "\n") + indent + "    {\"" + name + "\": " + json_quote(cs[i].text) +
             fmt::format(", \"count\": {}}}", cs[i].count);
    out += cs.empty() ? "]" : "\n" + indent + "  ]";
  };
  groups("by_dept", "dept", m.by_dept);
  groups("by_owner", "owner", m.by_owner);
  counts("delay_reasons", "reason", m.delay_reasons);
  counts("categories", "category", m.categories);
  return out;
}

/// Long form for spreadsheets: one row per month and group (pivot tables read it as is).
std::string stats_csv(const StatsView& s, CsvDialect dialect)
{
  Table t;
  for (const char* h : {"month", "group", "name", "due", "done", "on_time", "on_time_rate", "overdue", "avg_days_late",
                        "count"}) {
    Table::Column c;
    c.header = h; // column names stay English, like JSON keys: scripts read them
    t.columns.push_back(c);
  }
  const auto opt = [](const std::optional<double>& v, int places) {
    return v ? fmt::format("{:.{}f}", *v, places) : std::string();
  };
  for (const MonthStats* m : {&s.now, &s.previous}) {
    const auto fig = [&](const char* group, const std::string& name, const Figures& f) {
      t.rows.push_back({m->month.str(), group, name, std::to_string(f.due), std::to_string(f.done),
                        std::to_string(f.on_time), opt(f.on_time_rate(), 4), std::to_string(f.overdue),
                        opt(f.avg_days_late(), 2), ""});
    };
    fig("total", "", m->total);
    for (const auto& g : m->by_dept)
      fig("dept", g.name, g.f);
    for (const auto& g : m->by_owner)
      fig("owner", g.name, g.f);
    for (const auto& c : m->delay_reasons)
      t.rows.push_back({m->month.str(), "delay_reason", c.text, "", "", "", "", "", "", std::to_string(c.count)});
    for (const auto& c : m->categories)
      t.rows.push_back({m->month.str(), "category", c.text, "", "", "", "", "", "", std::to_string(c.count)});
  }
  return render_csv(t, dialect);
}

} // namespace

int run_stats(const GlobalOptions& g, const StatsOptions& o)
{
  const Format format = g.format == Format::Default ? Format::Table : g.format;
  const Workspace ws = load_workspace(g);
  const Date now = today(g);
  Month m = month_containing(now);
  if (!o.month.empty()) {
    const auto parsed = parse_month(o.month);
    if (!parsed)
      throw usage_error(trf("--month `{}` is not a month: use YYYY-MM, e.g. {}", o.month, m.str()));
    m = *parsed;
  }
  const ItemLoad load = load_items(ws, item_cache_path(ws));
  warn_unreadable(g, load.unreadable);
  const StatsView s = build_stats(ws, load, m, now);
  std::string out;
  if (format == Format::Json) {
    out = month_json(s.now, now, "");
    out += ",\n  \"previous\": " + month_json(s.previous, now, "  ") + "}\n}\n";
  } else if (format == Format::Csv || format == Format::CsvPlain) {
    out = stats_csv(s, format == Format::Csv ? CsvDialect::Excel : CsvDialect::Plain);
  } else if (format == Format::Md) {
    out = "# " + markdown_escape(stats_title(s)) + "\n";
    for (const auto& [title, table] : stats_tables(s))
      out += "\n## " + markdown_escape(title) + "\n\n" +
             (table.rows.empty() ? std::string(tr("None.")) + "\n" : render_md(table));
  } else {
    const bool color = use_color(g.color, STDOUT_FILENO);
    const auto bold = [&](const std::string& t) { return color ? "\x1b[1m" + t + "\x1b[0m" : t; };
    out = bold(stats_title(s)) + "\n";
    for (const auto& [title, table] : stats_tables(s))
      out += "\n" + bold(title) + "\n" +
             (table.rows.empty() ? "  " + std::string(tr("None.")) + "\n" : render_table(table, output_width(g), color));
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return k_exit_ok;
}

} // namespace collab::commands

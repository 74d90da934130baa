#include "commands/context.h"
#include "commands/figures_common.h"
#include "commands/values.h"
#include "commands/view_runner.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/terminal.h"
#include "collab/views/document.h"
#include "collab/views/select.h"

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

/// A section's items as `list --format json` prints them.
std::string section_json(const std::vector<const Item*>& items, const Date& today, const DeptResolver& depts,
                         int due_soon)
{
  std::vector<ViewRow> rows;
  rows.reserve(items.size());
  for (const Item* it : items)
    rows.push_back(ViewRow{it, state_of(*it, today, due_soon), "", depts.dept_of(*it)});
  return items_json(rows); // indented for the top level: still JSON, and a 10,000-item report is not copied again
}

} // namespace

int run_report(const GlobalOptions& g, const ReportOptions& o)
{
  const Format format = g.format == Format::Default ? Format::Table : g.format;
  const Workspace ws = load_workspace(g);
  const Date now = today(g);
  const Date week_of = o.week.empty() ? now : require(read_friendly_date(o.week, now), "--week");
  ReportBy by = ReportBy::Dept;
  if (o.by == "owner")
    by = ReportBy::Owner;
  else if (o.by != "dept")
    throw usage_error(trf("--by `{}`: use dept or owner", o.by));
  const ItemLoad load = load_items(ws, item_cache_path(ws));
  warn_unreadable(g, load.unreadable);
  // Outside git there is no history: the report still has every list but `stale`, and `new`
  // reads only `created` (as `git log` would have nothing to say either).
  std::optional<RecordDates> dates;
  try {
    dates.emplace(ws);
  } catch (const Error&) {
    if (!g.quiet)
      fmt::print(stderr, "collab: {}: {}\n", tr("warning"),
                 tr("not in a git repository: the report has no stale items, new items only by `created`"));
  }
  const ReportView r = build_report(ws, load, week_of, now, by, dates ? &*dates : nullptr,
                                      format != Format::Json);
  // Written a section at a time: a section's text is freed before the next is made, so the
  // next reuses its memory (a 10,000-item report is megabytes, and fresh pages cost faults).
  const auto emit = [](const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); };
  if (format == Format::Json) {
    const DeptResolver depts(ws.config);
    emit(fmt::format("{{\"week\": {{\"start\": \"{}\", \"end\": \"{}\"}}, \"as_of\": \"{}\", \"by\": \"{}\"",
                     r.week.start.str(), r.week.end.str(), now.str(), o.by));
    for (const ReportSection& s : r.sections) {
      emit(",\n  \"" + s.key + "\": ");
      emit(section_json(s.items, now, depts, ws.config.due_soon_days));
    }
    emit("\n}\n");
  } else if (format == Format::Html) {
    emit("<!DOCTYPE html>\n<html lang=\"" + html_escape(ws.config.lang == "zh" ? "zh-CN" : "en") +
         "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n<title>" +
         html_escape(r.title) + "</title>\n<style>" + std::string(document_css()) + "</style>\n</head>\n<body>\n<main>\n" +
         report_html(r) + "</main>\n</body>\n</html>\n");
  } else if (format == Format::Md) {
    emit("# " + markdown_escape(r.title) + "\n");
    for (const ReportSection& s : r.sections) {
      emit(fmt::format("\n## {} ({})\n", markdown_escape(s.title), s.items.size()));
      if (s.groups.empty())
        emit("\n" + std::string(tr("None.")) + "\n");
      for (const auto& grp : s.groups)
        emit(fmt::format("\n### {} ({})\n\n", markdown_escape(grp.name), grp.table.rows.size()) + render_md(grp.table));
    }
  } else {
    const bool color = use_color(g.color, STDOUT_FILENO);
    const auto bold = [&](const std::string& s) { return color ? "\x1b[1m" + s + "\x1b[0m" : s; };
    emit(bold(r.title) + "\n");
    for (const ReportSection& s : r.sections) {
      emit("\n" + bold(fmt::format("{} ({})", s.title, s.items.size())) + "\n");
      if (s.groups.empty())
        emit("  " + std::string(tr("None.")) + "\n");
      for (const auto& grp : s.groups) {
        emit(fmt::format("{} ({})\n", grp.name, grp.table.rows.size()));
        emit(render_table(grp.table, output_width(g), color));
      }
    }
  }
  return k_exit_ok;
}

} // namespace collab::commands

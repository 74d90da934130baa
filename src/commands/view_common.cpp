#include "commands/view_common.h"

#include "commands/common.h"
#include "collab/util/terminal.h"

#include "collab/util/error.h"
#include "collab/views/item_cache.h"
#include "collab/util/text.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;

size_t output_width(const GlobalOptions& g)
{
  if (g.width > 0)
    return static_cast<size_t>(g.width);
  if (const char* cols = std::getenv("COLUMNS"); cols && *cols) {
    const int n = std::atoi(cols);
    if (n >= 10)
      return static_cast<size_t>(n);
  }
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 10)
    return ws.ws_col;
  return 80;
}

size_t run_view(const GlobalOptions& g, const ViewOptions& o, View view)
{
  const bool tty = is_terminal(STDOUT_FILENO);
  const std::string format = g.format.empty() ? (tty ? "table" : "tsv") : g.format;
  if (format != "table" && format != "tsv" && format != "json" && format != "csv" && format != "md")
    throw usage_error(fmt::format("unknown format `{}`; use table, tsv, json, csv or md", format));
  if (!o.group_by.empty() && o.group_by != "owner" && o.group_by != "dept" && o.group_by != "record")
    throw usage_error(fmt::format("--group-by `{}`: use owner, dept or record", o.group_by));
  if (o.sort != "deadline" && o.sort != "ref" && o.sort != "owner" && o.sort != "dept" && o.sort != "status" &&
      o.sort != "late")
    throw usage_error(fmt::format("--sort `{}`: use deadline, ref, owner, dept, status or late", o.sort));

  static const std::vector<std::string> k_kinds = {"task",   "subtask", "action", "solution",
                                                   "request", "meeting", "issue"};
  if (!o.kind.empty() && std::find(k_kinds.begin(), k_kinds.end(), o.kind) == k_kinds.end())
    throw usage_error(fmt::format("--kind `{}`: use task, subtask, action, solution, request, meeting or issue", o.kind));
  const Workspace ws = load_workspace(g);
  const Date now = today(g);
  ItemQuery q;
  q.owner = o.owner;
  q.dept = o.dept;
  q.kind = o.kind;
  q.tag = o.tag;
  q.grep = o.grep;
  q.all = o.all;
  q.sort = o.sort;
  q.group_by = o.group_by;
  q.within_days = ws.config.due_soon_days;
  if (!o.status.empty()) {
    q.status = parse_status(o.status);
    if (!q.status)
      throw usage_error(fmt::format("--status `{}` is not a status; use todo, doing, delayed, done or cancelled", o.status));
  }
  const auto date = [&](const std::string& s, const char* flag) -> std::optional<Date> {
    if (s.empty())
      return std::nullopt;
    auto d = parse_friendly_date(s, now);
    if (!d)
      throw usage_error(fmt::format("{} `{}` is not a date", flag, s));
    return d;
  };
  q.before = date(o.before, "--before");
  q.after = date(o.after, "--after");
  if (!o.within.empty()) {
    auto d = parse_duration_days(o.within);
    if (!d)
      throw usage_error(fmt::format("--within `{}` is not a duration; use 2d, 1w...", o.within));
    q.within_days = *d;
  }

  const ItemLoad load = load_items(ws, item_cache_path(ws));
  // A record that cannot be read has no items here: say so, or an overdue item could hide.
  if (load.unreadable > 0 && !g.quiet)
    fmt::print(stderr, "collab: warning: {} record{} could not be read and {} left out; run `collab lint`\n",
               load.unreadable, load.unreadable == 1 ? "" : "s", load.unreadable == 1 ? "is" : "are");
  // For tests and the curious: how much came from the cache.
  if (const char* stats = std::getenv("COLLAB_CACHE_STATS"); stats && *stats)
    fmt::print(stderr, "collab: {} records, {} parsed, {} from the cache; {} of {} folders listed\n", load.records,
               load.parsed, load.records - load.parsed, load.folders_listed, load.folders);
  const auto rows = select_items(load.items, q, view, now);
  std::string out;
  const std::string& lang = ws.config.lang;
  if (format == "json")
    out = items_json(rows);
  else if (format == "tsv")
    out = render_tsv(items_table(rows, view, lang, now));
  else if (format == "csv")
    out = render_csv(items_table(rows, view, lang, now));
  else if (format == "md")
    out = render_md(items_table(rows, view, lang, now));
  else if (!q.group_by.empty())
    out = render_grouped(rows, view, lang, now, output_width(g), use_color(g.color, STDOUT_FILENO));
  else
    out = render_table(items_table(rows, view, lang, now), output_width(g), use_color(g.color, STDOUT_FILENO));
  std::fwrite(out.data(), 1, out.size(), stdout);
  return rows.size();
}

} // namespace collab::commands

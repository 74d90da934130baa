#include "commands/view_runner.h"

#include "commands/context.h"
#include "commands/values.h"

#include "collab/model/kinds.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/terminal.h"
#include "collab/views/item_cache.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;

void warn_unreadable(const GlobalOptions& g, size_t unreadable)
{
  if (unreadable > 0 && !g.quiet)
    fmt::print(stderr, "collab: {}: {}\n", tr("warning"),
               trnf("{} record could not be read and is left out; run `collab lint`",
                    "{} records could not be read and are left out; run `collab lint`", unreadable));
}

size_t run_view(const GlobalOptions& g, const ViewOptions& o, View view)
{
  const bool tty = is_terminal(STDOUT_FILENO);
  const Format format = g.format != Format::Default ? g.format : tty ? Format::Table : Format::Tsv;
  const Workspace ws = load_workspace(g); // first: the messages below speak the root's language
  const auto& kinds = item_kinds();
  if (!o.kind.empty() && std::find(kinds.begin(), kinds.end(), o.kind) == kinds.end())
    throw usage_error(trf("--kind `{}`: use {}", o.kind, fmt::join(kinds, ", ")));
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
  if (!o.status.empty())
    q.status = require(read_status(o.status), "--status");
  if (!o.before.empty())
    q.before = require(read_friendly_date(o.before, now), "--before");
  if (!o.after.empty())
    q.after = require(read_friendly_date(o.after, now), "--after");
  if (!o.within.empty())
    q.within_days = require(read_duration_days(o.within), "--within");

  const ItemLoad load = load_items(ws, item_cache_path(ws));
  warn_unreadable(g, load.unreadable); // a record that cannot be read has no items here
  // For tests and the curious: how much came from the cache (a developer's aid, not translated).
  if (const char* stats = std::getenv("COLLAB_CACHE_STATS"); stats && *stats)
    fmt::print(stderr, "collab: {} records, {} parsed, {} from the cache; {} of {} folders listed\n", load.records,
               load.parsed, load.records - load.parsed, load.folders_listed, load.folders);
  const DeptResolver depts(ws.config);
  const auto rows = select_items(load.items, q, view, now, depts);
  std::string out;
  const std::string& lang = ws.config.lang;
  if (format == Format::Json)
    out = items_json(rows);
  else if (format == Format::Tsv)
    out = items_tsv(rows, view, lang, now);
  else if (format == Format::Csv || format == Format::CsvPlain)
    out = items_csv(rows, view, lang, now, format == Format::Csv ? CsvDialect::Excel : CsvDialect::Plain);
  else if (format == Format::Md)
    out = render_md(items_table(rows, view, lang, now));
  else if (q.group_by != GroupBy::None)
    out = render_grouped(rows, view, lang, now, output_width(g), use_color(g.color, STDOUT_FILENO));
  else
    out = render_table(items_table(rows, view, lang, now), output_width(g), use_color(g.color, STDOUT_FILENO));
  std::fwrite(out.data(), 1, out.size(), stdout);
  return rows.size();
}

} // namespace collab::commands

#include "commands/context.h"
#include "commands/figures_common.h"
#include "commands/view_runner.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/terminal.h"
#include "collab/views/select.h"

#include <algorithm>
#include <fmt/format.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;

int run_stale(const GlobalOptions& g, const StaleOptions& o)
{
  const bool tty = is_terminal(STDOUT_FILENO);
  const Format format = g.format != Format::Default ? g.format : tty ? Format::Table : Format::Tsv;
  const Workspace ws = load_workspace(g);
  const Date now = today(g);
  const ItemLoad load = load_items(ws, item_cache_path(ws));
  warn_unreadable(g, load.unreadable);
  RecordDates dates(ws); // stale needs history: outside git it is an error (exit 3)
  const DeptResolver depts(ws.config);
  struct Row {
    ViewRow view;
    Date last;
  };
  std::vector<Row> found;
  for (const Item& it : load.items) {
    if (is_closed(it.status) || (!o.owner.empty() && it.owner != o.owner))
      continue;
    const std::string_view dept = depts.dept_of(it);
    if (!o.dept.empty() && dept != o.dept)
      continue;
    if (!is_stale(it, dates, now, ws.config.stale_after_days))
      continue;
    const auto d = it.deadline_date();
    found.push_back({ViewRow{&it, state_of(it, d, now, ws.config.due_soon_days), "", dept,
                             d ? d->days() : std::numeric_limits<long>::max()},
                     *dates.last_change(it)});
  }
  // Longest untouched first, then by deadline: what to chase first.
  std::stable_sort(found.begin(), found.end(), [](const Row& a, const Row& b) {
    return std::tie(a.last, a.view.deadline_days, a.view.item->ref) < std::tie(b.last, b.view.deadline_days, b.view.item->ref);
  });
  std::vector<ViewRow> rows;
  for (const Row& r : found)
    rows.push_back(r.view);
  std::string out;
  if (format == Format::Json) {
    out = items_json(rows);
  } else {
    const bool data = format == Format::Tsv || format == Format::Csv || format == Format::CsvPlain;
    Table t = items_table(rows, View::List, ws.config.lang, now, data ? Columns::Data : Columns::Screen);
    Table::Column c;
    c.header = tr("Last commit");
    t.columns.insert(t.columns.begin() + 1, c); // beside the ref: why it is here
    for (size_t i = 0; i < t.rows.size(); ++i)
      t.rows[i].insert(t.rows[i].begin() + 1, found[i].last.str());
    if (format == Format::Tsv)
      out = render_tsv(t);
    else if (format == Format::Csv || format == Format::CsvPlain)
      out = render_csv(t, format == Format::Csv ? CsvDialect::Excel : CsvDialect::Plain);
    else if (format == Format::Md)
      out = render_md(t);
    else
      out = render_table(t, output_width(g), use_color(g.color, STDOUT_FILENO));
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return k_exit_ok;
}

} // namespace collab::commands

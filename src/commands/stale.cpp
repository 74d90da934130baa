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
  const auto with_last_commit = [&](std::string text, char sep) {
    // The streaming TSV/CSV of the views, with LAST COMMIT spliced in after the ref (a ref never
    // holds a tab or a comma, so the first separator of each line ends it).
    std::string spliced;
    spliced.reserve(text.size() + (found.size() + 1) * 12);
    size_t pos = 0, row = 0;
    bool quoted = false; // inside a quoted CSV field: the line break belongs to a cell
    while (pos < text.size()) {
      const size_t end = text.find('\n', pos);
      const size_t stop = end == std::string::npos ? text.size() : end + 1;
      const size_t cut = text.find(sep, pos);
      const bool continued = quoted;
      for (size_t i = pos; i < stop; ++i)
        quoted ^= text[i] == '"';
      if (continued || cut == std::string::npos || cut >= stop) {
        spliced.append(text, pos, stop - pos);
      } else {
        spliced.append(text, pos, cut + 1 - pos);
        spliced += row == 0 ? std::string(tr("Last commit")) : found[row - 1].last.str();
        spliced += sep;
        spliced.append(text, cut + 1, stop - cut - 1);
        ++row;
      }
      pos = stop;
    }
    return spliced;
  };
  if (format == Format::Json) {
    // The day of the record's last commit, why the item is here (as the other formats show).
    std::vector<std::string> lasts;
    for (const Row& r : found)
      lasts.push_back(r.last.str());
    const ExtraJson last{"last_commit", lasts};
    out = items_json(rows, {&last, 1});
  } else if (format == Format::Tsv) {
    out = with_last_commit(items_tsv(rows, View::List, ws.config.lang, now), '\t');
  } else if (format == Format::Csv || format == Format::CsvPlain) {
    out = with_last_commit(items_csv(rows, View::List, ws.config.lang, now,
                                     format == Format::Csv ? CsvDialect::Excel : CsvDialect::Plain),
                           ',');
  } else {
    Table t = items_table(rows, View::List, ws.config.lang, now, Columns::Screen);
    Table::Column c;
    c.header = tr("Last commit");
    t.columns.insert(t.columns.begin() + 1, c); // beside the ref: why it is here
    for (size_t i = 0; i < t.rows.size(); ++i)
      t.rows[i].insert(t.rows[i].begin() + 1, found[i].last.str());
    out = format == Format::Md ? render_md(t) : render_table(t, output_width(g), use_color(g.color, STDOUT_FILENO));
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return k_exit_ok;
}

} // namespace collab::commands

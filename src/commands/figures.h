#pragma once

// The team lead's week and month (SPEC §7b): `report`, `stats` and `stale`, and the HTML
// fragments of the weekly report and the monthly stats that `site` puts on its pages.

#include "commands/options.h"

#include "collab/model/date.h"
#include "collab/store/workspace.h"
#include "collab/views/item_cache.h"

#include <string>

namespace collab::commands {

/// This week's roll-up (the week Mon–Sun containing `week_of`) as an HTML fragment: a
/// <section> of headings and tables, no <html>/<head>/<style>; `report --format html` wraps it.
std::string weekly_report_html(const GlobalOptions& g, const store::Workspace& ws,
                               const views::ItemLoad& load, const model::Date& week_of);

/// The month's review (the month containing `month_of`, beside the month before) as an HTML
/// fragment with an inline SVG bar chart of on-time rate by department; `stats --format html`
/// is not required, the site shows it.
std::string monthly_stats_html(const GlobalOptions& g, const store::Workspace& ws,
                               const views::ItemLoad& load, const model::Date& month_of);

} // namespace collab::commands

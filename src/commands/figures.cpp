#include "commands/figures.h"

namespace collab::commands {

// Stubs for now: the real sections follow.
std::string weekly_report_html(const GlobalOptions&, const store::Workspace&, const views::ItemLoad&,
                               const model::Date&)
{
  return "<section></section>";
}

std::string monthly_stats_html(const GlobalOptions&, const store::Workspace&, const views::ItemLoad&,
                               const model::Date&)
{
  return "<section></section>";
}

} // namespace collab::commands

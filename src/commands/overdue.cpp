#include "commands/view_common.h"

#include "collab/error.h"

namespace collab::cli {

int run_overdue(const GlobalOptions& g, const ViewOptions& o)
{
  const size_t n = run_view(g, o, View::Overdue);
  // --fail makes cron and CI notice.
  return o.fail && n > 0 ? k_exit_findings : k_exit_ok;
}

} // namespace collab::cli

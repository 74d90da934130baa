#include "commands/context.h"
#include "commands/view_runner.h"

#include "collab/util/error.h"

namespace collab::commands {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;

int run_overdue(const GlobalOptions& g, const ViewOptions& o)
{
  const size_t n = run_view(g, o, View::Overdue);
  // --fail makes cron and CI notice.
  return o.fail && n > 0 ? k_exit_findings : k_exit_ok;
}

} // namespace collab::commands

#include "commands/context.h"
#include "commands/view_runner.h"

#include "collab/util/error.h"

namespace collab::commands {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;

int run_due(const GlobalOptions& g, const ViewOptions& o)
{
  run_view(g, o, View::Due);
  return k_exit_ok;
}

} // namespace collab::commands

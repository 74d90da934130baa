#include "commands/view_common.h"

#include "collab/error.h"

namespace collab::cli {

int run_list(const GlobalOptions& g, const ViewOptions& o)
{
  run_view(g, o, View::List);
  return k_exit_ok;
}

} // namespace collab::cli

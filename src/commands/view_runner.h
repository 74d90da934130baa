#pragma once

// What list, overdue and due share: load the items, filter, sort and print them.

#include "commands/options.h"

#include "collab/views/select.h"

#include <cstddef>

namespace collab::commands {

/// Runs a tracker view: loads items (through the cache), filters, prints in --format.
/// Returns the number of rows shown.
size_t run_view(const GlobalOptions& g, const ViewOptions& o, views::View view);

} // namespace collab::commands

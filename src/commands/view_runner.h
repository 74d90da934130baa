#pragma once

// What list, overdue and due share: load the items, filter, sort and print them.

#include "commands/options.h"

#include "collab/views/select.h"

#include <cstddef>

namespace collab::commands {

/// Warns (unless -q) that `unreadable` records are left out of a view, pointing to `collab lint`:
/// without it an overdue item or an unconfirmed meeting could hide.
void warn_unreadable(const GlobalOptions& g, size_t unreadable);

/// Runs a tracker view: loads items (through the cache), filters, prints in --format.
/// Returns the number of rows shown.
size_t run_view(const GlobalOptions& g, const ViewOptions& o, views::View view);

} // namespace collab::commands

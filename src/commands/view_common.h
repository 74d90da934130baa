#pragma once

#include "commands/options.h"

#include "collab/views/select.h"
#include "collab/store/workspace.h"

namespace collab::commands {

/// Terminal columns for tables: --width, else COLUMNS, else the terminal's, else 80.
size_t output_width(const GlobalOptions& g);

/// Runs a tracker view: loads items (through the cache), filters, prints in --format.
/// Returns the number of rows shown.
size_t run_view(const GlobalOptions& g, const ViewOptions& o, views::View view);

} // namespace collab::commands

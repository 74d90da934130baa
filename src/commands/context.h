#pragma once

// What every command starts from: today's date, the records root, its repository and
// the terminal's width.

#include "commands/options.h"

#include "collab/model/date.h"
#include "collab/model/kinds.h"
#include "collab/store/repo.h"
#include "collab/store/workspace.h"

#include <memory>
#include <string_view>

namespace collab::commands {

/// Today: --as-of, else COLLAB_TODAY, else the local date. Throws Error(2) when malformed.
model::Date today(const GlobalOptions& g);

/// The kind named `name` (kind table); throws Error(2) naming the kinds there are.
const model::Kind& require_kind(std::string_view name);

/// The records root and its config; a bad config throws Error(2) with its findings.
store::Workspace load_workspace(const GlobalOptions& g);

/// The language of the records root that g's directory is in (its config's `lang`), else the
/// environment's: for messages before load_workspace. Never throws.
std::string repo_language(const GlobalOptions& g);

/// The git repository holding the root; throws Error(3) when there is none.
std::unique_ptr<store::Repo> open_repo(const store::Workspace& ws);

/// Terminal columns for tables: --width, else COLUMNS, else the terminal's, else 80.
size_t output_width(const GlobalOptions& g);

} // namespace collab::commands

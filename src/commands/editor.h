#pragma once

#include "collab/store/workspace.h"

#include <optional>
#include <string>

namespace collab::commands {

/// Opens $VISUAL / $EDITOR (default vi) on `initial` until the text lints without errors.
/// Returns the saved text, or nullopt when the user cancelled (saved it unchanged or empty).
/// Findings are shown as comments at the top; saving the same invalid text twice gives up
/// with Error(1) naming the draft, which is kept under `draft_dir`.
/// `intro` is a line of guidance shown (and stripped) above the text.
std::optional<std::string> edit_loop(const store::Workspace& ws, const fs::path& target, const std::string& id,
                                     const std::string& initial, const fs::path& draft_dir,
                                     const std::string& intro = "");

/// Where edit_loop keeps the draft of record `id`.
fs::path draft_file(const fs::path& draft_dir, const std::string& id);

/// True when collab may open an editor: stdin and stdout are terminals.
bool interactive();

} // namespace collab::commands

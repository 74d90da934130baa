#pragma once

#include "collab/store/workspace.h"

#include <optional>
#include <string>

namespace collab::commands {

/// What edit_loop does with a draft an earlier attempt kept (the editor failed, the text was
/// still invalid, or the record changed while it was open).
enum class DraftUse {
  Check,  ///< resume it when it started from `initial`; else Error(3) showing what changed since
  Resume, ///< resume it even when it started from another text (saying what saving it undoes)
  Fresh,  ///< drop it and start from `initial`
};

/// Opens $VISUAL / $EDITOR (default vi) on `initial` until the text lints without errors.
/// Returns the saved text, or nullopt when the user cancelled (saved it unchanged or empty).
/// Findings are shown as comments at the top, at the lines of the file the editor shows;
/// saving the same invalid text twice gives up with Error(1) and the findings, naming the
/// draft, which is kept under `draft_dir` with the text it started from (see DraftUse).
/// `intro` is a line of guidance shown (and stripped) above the text. The draft's first-line
/// `# yaml-language-server: $schema=` path is made relative to the draft (and back on saving).
std::optional<std::string> edit_loop(const store::Workspace& ws, const fs::path& target, const std::string& id,
                                     const std::string& initial, const fs::path& draft_dir, DraftUse use,
                                     const std::string& intro = "");

/// Where edit_loop keeps the draft of record `id`.
fs::path draft_file(const fs::path& draft_dir, const std::string& id);

/// Keeps `text` as the draft of record `id`, noting `base`, the record text it started from
/// (a later edit_loop compares it with the record's text then).
void keep_draft(const fs::path& draft_dir, const std::string& id, const std::string& text, const std::string& base);

/// True when collab may open an editor: stdin and stdout are terminals.
bool interactive();

/// Error(2) when no editor can run: neither a terminal (for vi) nor $VISUAL/$EDITOR (a command
/// that needs none, a script). `instead` says how to make the change without an editor.
void require_editor(const std::string& instead);

} // namespace collab::commands

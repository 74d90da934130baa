#include "commands/editor.h"

#include "collab/util/terminal.h"

#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/lint/lint_files.h"
#include "collab/lint/output_formats.h"
#include "collab/lint/read_record.h"
#include "collab/model/record_diff.h"
#include "collab/store/schema_files.h"
#include "collab/util/i18n.h"

#include <cstdlib>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::lint;

namespace {

constexpr std::string_view k_marker = "# collab: ";

/// The text without collab's comment block at the top.
std::string strip_header(const std::string& text)
{
  size_t i = 0;
  while (text.compare(i, k_marker.size(), k_marker) == 0) {
    const size_t nl = text.find('\n', i);
    i = nl == std::string::npos ? text.size() : nl + 1;
  }
  return text.substr(i);
}

/// Where keep_draft notes the record text a draft started from.
fs::path base_file(const fs::path& draft_dir, const std::string& id) { return draft_dir / (id + ".yaml.base"); }

void drop_draft(const fs::path& draft_dir, const std::string& id)
{
  std::error_code ec;
  fs::remove(draft_file(draft_dir, id), ec);
  fs::remove(base_file(draft_dir, id), ec);
}

/// $VISUAL, else $EDITOR, else "".
std::string editor_command()
{
  for (const char* name : {"VISUAL", "EDITOR"})
    if (const char* value = std::getenv(name); value && *value)
      return value;
  return "";
}

/// The fields that differ from record text `before` to `after`, as `collab diff` shows them
/// ("" when either does not read as a record).
std::string changes(const Workspace& ws, const std::string& id, const std::string& before, const std::string& after)
{
  const lint::ReadOptions tree_only{false, false};
  const Record a = read_record_text(ws, "before", before, id, tree_only);
  const Record b = read_record_text(ws, "after", after, id, tree_only);
  if (!a.root() || !b.root())
    return "";
  return format_changes(diff_records(a.root(), b.root()));
}

/// The text the editor opens: the kept draft of `id` when `use` allows it (its comment block
/// gets a line saying so), else `initial`. A draft that started from another text than the
/// record's now would undo what changed since: with DraftUse::Check it is refused, with the
/// difference, unless it holds no change of its own (then it is dropped); a new record's draft
/// (no `target` yet) undoes nothing and is resumed.
std::string starting_text(const Workspace& ws, const fs::path& target, const std::string& id,
                          const std::string& initial, const fs::path& draft_dir, DraftUse use, std::string& header)
{
  std::error_code ec;
  const fs::path draft = draft_file(draft_dir, id);
  if (!fs::exists(draft, ec))
    return initial;
  if (use == DraftUse::Fresh) {
    drop_draft(draft_dir, id);
    fmt::print(stderr, "collab: {}\n", trf("dropped your draft {}; starting from the record", draft.string()));
    return initial;
  }
  const std::string body = retarget_modeline(strip_header(read_file(draft)), draft_dir, target.parent_path());
  const fs::path base = base_file(draft_dir, id);
  const std::optional<std::string> started = fs::exists(base, ec) ? std::optional(read_file(base)) : std::nullopt;
  if (started != initial && fs::exists(target, ec)) {
    // A draft with no change of its own (the editor failed before anything was typed) loses
    // nothing when dropped, and resuming it would only undo what changed since.
    if (started && body == *started) {
      drop_draft(draft_dir, id);
      fmt::print(stderr, "collab: {}\n",
                 trf("{} changed since your draft was saved, which held no change of its own; starting from the "
                     "record",
                     id));
      return initial;
    }
    const std::string since = started ? changes(ws, id, *started, initial) : "";
    if (use == DraftUse::Check) {
      std::string details;
      if (started) {
        details = trf("changes to {} since your draft was saved:", id) + "\n" + since;
        if (const std::string own = changes(ws, id, *started, body); !own.empty())
          details += tr("your draft's changes:") + std::string("\n") + own;
      } else if (const std::string against = changes(ws, id, initial, body); !against.empty()) {
        details = trf("your draft against {} now:", id) + "\n" + against;
      }
      const std::string how = trf("The draft is kept at {}: `collab edit {} --fresh` starts from the record (dropping "
                                  "the draft), `collab edit {} --resume` reuses the draft anyway",
                                  draft.string(), id, id);
      throw repo_error(started ? trf("{} changed since your draft was saved; saving the draft would undo that, so it "
                                     "was not opened. {}",
                                     id, how)
                               : trf("collab cannot tell which version of {} your draft started from (an older "
                                     "collab kept it); saving it could undo later changes, so it was not opened. {}",
                                     id, how),
                       details);
    }
    if (started)
      fmt::print(stderr, "collab: {}: {}\n{}", tr("warning"),
                 trf("{} changed since your draft was saved; saving the draft undoes these changes:", id), since);
  }
  header += fmt::format("{}{}\n", k_marker, trf("resumed from the draft kept at {}", draft.string()));
  fmt::print(stderr, "collab: {}\n", trf("resuming your draft {}", draft.string()));
  return body;
}

bool blank(const std::string& text)
{
  size_t i = 0;
  while (i < text.size()) {
    const size_t nl = text.find('\n', i);
    const std::string line = text.substr(i, nl == std::string::npos ? std::string::npos : nl - i);
    const size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#')
      return false;
    if (nl == std::string::npos)
      break;
    i = nl + 1;
  }
  return true;
}

std::string shell_quote(const std::string& s)
{
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace

fs::path draft_file(const fs::path& draft_dir, const std::string& id) { return draft_dir / (id + ".yaml"); }

void keep_draft(const fs::path& draft_dir, const std::string& id, const std::string& text, const std::string& base)
{
  std::error_code ec;
  fs::create_directories(draft_dir, ec);
  write_file_atomic(base_file(draft_dir, id), base);
  write_file_atomic(draft_file(draft_dir, id), text);
}

bool interactive() { return is_terminal(STDIN_FILENO) && is_terminal(STDOUT_FILENO); }

void require_editor(const std::string& instead)
{
  if (interactive() || !editor_command().empty())
    return;
  throw usage_error(trf("no terminal to open an editor in, and no $VISUAL or $EDITOR set; {}", instead));
}

std::optional<std::string> edit_loop(const Workspace& ws, const fs::path& target, const std::string& id,
                                     const std::string& initial, const fs::path& draft_dir, DraftUse use,
                                     const std::string& intro)
{
  const fs::path draft = draft_file(draft_dir, id);
  const std::string editor = editor_command();
  const std::string command = editor.empty() ? "vi" : editor;

  std::string header = intro.empty() ? "" : fmt::format("{}{}\n", k_marker, intro);
  std::string body = starting_text(ws, target, id, initial, draft_dir, use, header);
  std::string last_invalid;
  while (true) {
    // The draft lives in .git: its modeline names the record's schema from there.
    keep_draft(draft_dir, id, header + retarget_modeline(body, target.parent_path(), draft_dir), initial);
    const int rc = std::system(fmt::format("{} {}", command, shell_quote(draft.string())).c_str());
    if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
      throw Error(k_exit_findings, trf("the editor ({}) failed; your draft is kept at {}", command,
                                       draft.string()));
    const std::string raw = read_file(draft);
    const std::string saved = retarget_modeline(strip_header(raw), draft_dir, target.parent_path());
    if (saved == initial || blank(saved)) {
      drop_draft(draft_dir, id);
      return std::nullopt;
    }
    FileResult r = lint_text(ws, ws.display(target), saved, id);
    std::erase_if(r.diags, [](const Diagnostic& d) { return d.severity != Severity::Error; });
    if (r.diags.empty()) {
      drop_draft(draft_dir, id);
      return saved;
    }
    if (saved == last_invalid) {
      // The findings once more, at the lines of the draft as it is kept (comments included).
      FileResult kept = lint_text(ws, draft.string(), raw, id);
      std::erase_if(kept.diags, [](const Diagnostic& d) { return d.severity != Severity::Error; });
      throw Error(k_exit_findings,
                  trf("the record is still invalid; your draft is kept at {} (the same command resumes it)",
                      draft.string()),
                  format_text({kept}, use_color(ColorMode::Auto, STDERR_FILENO)));
    }
    last_invalid = saved;
    body = saved;
    header = fmt::format("{}{}\n", k_marker, tr("fix these errors, then save and quit; save it unchanged again to give up."));
    // Lines as the editor shows the file: below this comment block of 1 + findings lines.
    const size_t above = 1 + r.diags.size();
    for (const auto& d : r.diags)
      header += fmt::format("{}{}\n", k_marker,
                            trf("line {}:{}: {} [{}]", d.pos.line + above, d.pos.column, d.message, d.rule));
  }
}

} // namespace collab::commands

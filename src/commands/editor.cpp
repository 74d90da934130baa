#include "commands/editor.h"

#include "collab/util/terminal.h"

#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/lint/lint_files.h"
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

bool interactive() { return is_terminal(STDIN_FILENO) && is_terminal(STDOUT_FILENO); }

std::optional<std::string> edit_loop(const Workspace& ws, const fs::path& target, const std::string& id,
                                     const std::string& initial, const fs::path& draft_dir, const std::string& intro)
{
  std::error_code ec;
  fs::create_directories(draft_dir, ec);
  const fs::path draft = draft_file(draft_dir, id);
  const char* visual = std::getenv("VISUAL");
  const char* editor = visual && *visual ? visual : std::getenv("EDITOR");
  const std::string command = editor && *editor ? editor : "vi";

  std::string header = intro.empty() ? "" : fmt::format("{}{}\n", k_marker, intro);
  std::string body = initial;
  // A draft kept by an earlier attempt is resumed, never overwritten.
  if (fs::exists(draft, ec)) {
    body = strip_header(read_file(draft));
    header += fmt::format("{}{}\n", k_marker, trf("resumed from the draft kept at {}", draft.string()));
    fmt::print(stderr, "collab: {}\n", trf("resuming your draft {}", draft.string()));
  }
  std::string last_invalid;
  while (true) {
    write_file_atomic(draft, header + body);
    const int rc = std::system(fmt::format("{} {}", command, shell_quote(draft.string())).c_str());
    if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
      throw Error(k_exit_findings, trf("the editor ({}) failed; your draft is kept at {}", command,
                                       draft.string()));
    const std::string saved = strip_header(read_file(draft));
    if (saved == initial || blank(saved)) {
      fs::remove(draft, ec);
      return std::nullopt;
    }
    FileResult r = lint_text(ws, ws.display(target), saved, id);
    std::erase_if(r.diags, [](const Diagnostic& d) { return d.severity != Severity::Error; });
    if (r.diags.empty()) {
      fs::remove(draft, ec);
      return saved;
    }
    if (saved == last_invalid)
      throw Error(k_exit_findings, trf("the record is still invalid; your draft is kept at {} (the same "
                                       "command resumes it)",
                                       draft.string()));
    last_invalid = saved;
    body = saved;
    header = fmt::format("{}{}\n", k_marker, tr("fix these errors, then save and quit; save it unchanged again to give up."));
    for (const auto& d : r.diags)
      header += fmt::format("{}{}\n", k_marker, trf("line {}:{}: {} [{}]", d.pos.line, d.pos.column, d.message, d.rule));
    header += fmt::format("{}{}\n", k_marker, tr("(line numbers count from the first line after these comments)"));
  }
}

} // namespace collab::commands

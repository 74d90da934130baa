#include "collab/yaml/source_check.h"

#include "collab/util/utf8.h"

#include <fmt/format.h>

namespace collab::yaml {

using namespace collab::util;

std::optional<Diagnostic> check_source(const SourceFile& src)
{
  const std::string& text = src.text();
  if (const size_t bad = util::utf8::find_invalid(text); bad != std::string::npos) {
    return Diagnostic{"encoding", Severity::Error, src.path(), src.position_at(bad),
                      fmt::format("invalid UTF-8 byte 0x{:02X}; save the file as UTF-8 (e.g. `iconv -f GBK -t UTF-8`)",
                                  static_cast<unsigned char>(text[bad]))};
  }
  if (const size_t nul = text.find('\0'); nul != std::string::npos) {
    return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(nul),
                      "NUL byte in the file; a record is plain text, remove the byte"};
  }
  // YAML allows no other C0 control character in a stream (escapes in double quotes write
  // them), and reads a lone CR as a line break: yaml-cpp and the fast parser read both in
  // different ways, so lint's verdict would depend on the parser taken.
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 || c == '\t' || c == '\n')
      continue;
    if (c != '\r')
      return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(i),
                        fmt::format("a raw control character (U+{:04X}); YAML allows none in a file: write it as an "
                                    "escape in a double-quoted string (\"\\u{:04x}\") or delete it",
                                    c, c)};
    if (i + 1 == text.size() || text[i + 1] != '\n')
      return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(i),
                        "a carriage return without a line feed; save the file with LF or CRLF line ends"};
  }
  // A directive (%YAML, %TAG) must be followed by `---` starting a document.
  int directive_line = 0;
  for (int n = 1; n <= src.line_count(); ++n) {
    const std::string_view line = src.line(n);
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t") == std::string_view::npos)
      continue;
    if (line[0] == '%') {
      directive_line = directive_line ? directive_line : n;
      continue;
    }
    if (directive_line && line.substr(0, 3) != "---")
      break; // reported below
    directive_line = 0;
    break;
  }
  if (directive_line)
    return Diagnostic{"syntax", Severity::Error, src.path(), Position{directive_line, 1},
                      "a directive must be followed by `---` and a document; a record needs no directive, remove it"};
  for (int n = 1; n <= src.line_count(); ++n) {
    const std::string_view line = src.line(n);
    size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    if (i == line.size() || line[i] == '#')
      continue; // blank or comment lines may hold tabs
    const size_t tab = line.substr(0, i).find('\t');
    if (tab != std::string_view::npos) {
      return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(src.line_offset(n) + tab),
                        "tab in indentation; YAML indents with spaces only, replace the tab with spaces"};
    }
  }
  return std::nullopt;
}

} // namespace collab::yaml

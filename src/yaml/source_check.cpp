#include "collab/yaml/source_check.h"

#include "collab/util/i18n.h"
#include "collab/util/utf8.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace collab::yaml {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace {

/// 0x80 in each byte of w that is a C0 control character other than tab, LF and CR, else 0.
uint64_t control_bytes(uint64_t w)
{
  constexpr uint64_t ones = 0x0101010101010101, high = ones * 0x80, low7 = ones * 0x7F;
  // (b & 0x7F) + 0x7F sets the high bit unless the low seven bits are 0; | w covers b >= 0x80.
  const auto zero = [&](uint64_t x) { return ~(((x & low7) + low7) | x) & high; };
  const uint64_t below_space = ~(((w & low7) + ones * 0x60) | w) & high;
  return below_space & ~zero(w ^ (ones * '\t')) & ~zero(w ^ (ones * '\n')) & ~zero(w ^ (ones * '\r'));
}

/// The offset of the first C0 control character other than tab, LF and CR, or npos.
size_t find_control(std::string_view t)
{
  // Eight bytes at a time: a byte loop cost lint 5% of its instructions, and nearly every file
  // has no such character.
  size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, t.data() + i, 8);
    if (control_bytes(w))
      break;
  }
  for (; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      return i;
  }
  return std::string_view::npos;
}

} // namespace

std::optional<Diagnostic> check_source(const SourceFile& src)
{
  const std::string& text = src.text();
  if (const size_t bad = util::utf8::find_invalid(text); bad != std::string::npos) {
    return Diagnostic{"encoding", Severity::Error, src.path(), src.position_at(bad),
                      trf("invalid UTF-8 byte 0x{:02X}; save the file as UTF-8 (e.g. `iconv -f GBK -t UTF-8`)",
                                  static_cast<unsigned char>(text[bad]))};
  }
  if (const size_t nul = text.find('\0'); nul != std::string::npos) {
    return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(nul),
                      tr("NUL byte in the file; a record is plain text, remove the byte")};
  }
  // YAML allows no other C0 control character in a stream (escapes in double quotes write
  // them), and reads a lone CR as a line break: yaml-cpp and the fast parser read both in
  // different ways, so lint's verdict would depend on the parser taken.
  if (const size_t i = find_control(text); i != std::string::npos) {
    const auto c = static_cast<unsigned char>(text[i]);
    return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(i),
                      trf("a raw control character (U+{:04X}); YAML allows none in a file: write it as an "
                                  "escape in a double-quoted string (\"\\u{:04x}\") or delete it",
                                  c, c)};
  }
  for (size_t cr = text.find('\r'); cr != std::string::npos; cr = text.find('\r', cr + 1))
    if (cr + 1 == text.size() || text[cr + 1] != '\n')
      return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(cr),
                        tr("a carriage return without a line feed; save the file with LF or CRLF line ends")};
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
                      tr("a directive must be followed by `---` and a document; a record needs no directive, remove it")};
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
                        tr("tab in indentation; YAML indents with spaces only, replace the tab with spaces")};
    }
  }
  return std::nullopt;
}

} // namespace collab::yaml

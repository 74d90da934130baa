#include "collab/views/document.h"

#include "collab/util/text.h"

#include <string>

namespace collab::views {

namespace {

/// ASCII punctuation that Markdown (CommonMark, GFM tables) gives a meaning anywhere in a line.
bool is_inline_special(char c)
{
  switch (c) {
  case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
  case '|': case '~': case '&': case '$':
    return true;
  default:
    return false;
  }
}

/// Escapes what would start a block at the beginning of a line (`- `, `+ `, `= `, `# `, `1. `, `1) `):
/// a list item's text starting with `1.` would otherwise open a nested list. Returns how many
/// characters of `line` it copied to `out`.
size_t escape_line_start(std::string_view line, std::string& out)
{
  size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9')
    ++digits;
  if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
    out.append(line.substr(0, digits));
    out += '\\';
    return digits;
  }
  if (!line.empty() && (line[0] == '-' || line[0] == '+' || line[0] == '=' || line[0] == '#'))
    out += '\\';
  return 0;
}

std::string cells_line(const std::vector<std::string>& cells)
{
  std::string out = "|";
  for (const auto& c : cells)
    out += " " + c + " |";
  return out + "\n";
}

} // namespace

std::string markdown_escape(std::string_view text)
{
  const std::string safe = util::escape_controls(text, true);
  std::string_view s = safe;
  // Trailing blanks and line breaks would end a table row or make a break of their own.
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  std::string out;
  for (size_t at = 0; at <= s.size();) {
    size_t nl = s.find('\n', at);
    if (nl == std::string_view::npos)
      nl = s.size();
    std::string_view line = s.substr(at, nl - at);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) // would indent a code block
      line.remove_prefix(1);
    if (at > 0)
      out += "<br>";
    for (char c : line.substr(escape_line_start(line, out))) {
      if (c == '\r')
        continue;
      if (c == '\t')
        c = ' ';
      if (is_inline_special(c))
        out += '\\';
      out += c;
    }
    at = nl + 1;
  }
  return out;
}

namespace {

/// A heading's text: a `#` at its end would be read as the heading's closing sequence and
/// dropped (`# 周会 #` shows 周会), so the last one is escaped.
std::string heading_escape(std::string_view text)
{
  std::string out = markdown_escape(text);
  const size_t last = out.find_last_not_of(" \t");
  if (last != std::string::npos && out[last] == '#' && !(last > 0 && out[last - 1] == '\\'))
    out.insert(last, "\\");
  return out;
}

} // namespace

std::string render_markdown(const Doc& doc)
{
  std::string out = "# " + heading_escape(doc.title) + "\n";
  for (const DocBlock& b : doc.blocks) {
    out += "\n";
    switch (b.type) {
    case DocBlock::Type::Heading:
      out += std::string(size_t(b.level), '#') + " " + heading_escape(b.text) + "\n";
      break;
    case DocBlock::Type::Paragraph:
      out += markdown_escape(b.text) + "\n";
      break;
    case DocBlock::Type::Fields:
      for (const auto& [label, value] : b.fields)
        if (!value.empty())
          // `*`, not `-`: a list of points right before stays a list of its own.
          out += "* **" + markdown_escape(label) + "**: " + markdown_escape(value) + "\n";
      break;
    case DocBlock::Type::List:
      for (const auto& item : b.items)
        out += "- " + markdown_escape(item) + "\n";
      break;
    case DocBlock::Type::Numbered:
      for (size_t i = 0; i < b.items.size(); ++i)
        out += std::to_string(i + 1) + ". " + markdown_escape(b.items[i]) + "\n";
      break;
    case DocBlock::Type::Table: {
      std::vector<std::string> cells;
      for (const auto& h : b.headers)
        cells.push_back(markdown_escape(h));
      out += cells_line(cells);
      out += cells_line(std::vector<std::string>(b.headers.size(), "---"));
      for (const auto& row : b.rows) {
        cells.clear();
        for (const auto& c : row) {
          const std::string text = markdown_escape(c.text);
          cells.push_back(c.alert && !text.empty() ? "**" + text + "**" : text);
        }
        out += cells_line(cells);
      }
      break;
    }
    }
  }
  return out;
}

} // namespace collab::views

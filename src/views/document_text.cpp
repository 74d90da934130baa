#include "collab/views/document.h"

#include "collab/util/text.h"
#include "collab/util/utf8.h"

#include <string>

namespace collab::views {

namespace {

/// Text with control characters escaped, trailing line breaks dropped and every further line
/// indented by `indent` spaces (a value that spans lines stays under its label).
std::string indented(std::string_view text, size_t indent)
{
  std::string s = util::escape_controls(text, true);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.pop_back();
  std::string out;
  for (char c : s) {
    if (c == '\r')
      continue;
    out += c;
    if (c == '\n')
      out += std::string(indent, ' ');
  }
  return out;
}

std::string underlined(const std::string& text, char line)
{
  const std::string t = indented(text, 0);
  return t + "\n" + std::string(std::max<size_t>(util::utf8::display_width(t), 3), line) + "\n";
}

} // namespace

std::string render_text(const Doc& doc)
{
  // Mail clients show text parts in proportional fonts: no aligned columns, a table row is a
  // block of `label: value` lines.
  const std::string colon = doc.lang.starts_with("zh") ? "：" : ": ";
  std::string out = underlined(doc.title, '=');
  for (const DocBlock& b : doc.blocks) {
    switch (b.type) {
    case DocBlock::Type::Heading:
      out += "\n" + (b.level >= 3 ? indented(b.text, 0) + "\n" : underlined(b.text, '-'));
      break;
    case DocBlock::Type::Paragraph:
      out += indented(b.text, 0) + "\n";
      break;
    case DocBlock::Type::Fields:
      for (const auto& [label, value] : b.fields)
        if (!value.empty())
          out += indented(label, 0) + colon + indented(value, 4) + "\n";
      break;
    case DocBlock::Type::List:
      for (const auto& item : b.items)
        out += "- " + indented(item, 2) + "\n";
      break;
    case DocBlock::Type::Numbered:
      for (size_t i = 0; i < b.items.size(); ++i)
        out += std::to_string(i + 1) + ". " + indented(b.items[i], 3) + "\n";
      break;
    case DocBlock::Type::Table:
      // A numbered table (a `#` column) numbers its blocks; others are a list of blocks.
      for (const auto& row : b.rows) {
        const bool numbered = !b.headers.empty() && b.headers[0] == "#" && !row.empty();
        const std::string lead = numbered ? row[0].text + ". " : "- ";
        const std::string pad(numbered ? util::utf8::display_width(lead) : 2, ' ');
        bool first = true;
        for (size_t i = numbered ? 1 : 0; i < row.size() && i < b.headers.size(); ++i) {
          if (row[i].text.empty())
            continue;
          out += (first ? lead : pad) + indented(b.headers[i], 0) + colon + indented(row[i].text, pad.size() + 2) + "\n";
          first = false;
        }
      }
      break;
    }
  }
  return out;
}

} // namespace collab::views

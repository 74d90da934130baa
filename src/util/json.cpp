#include "collab/util/json.h"

#include <fmt/format.h>

namespace collab::util {

void append_json_quoted(std::string& out, std::string_view s)
{
  out += '"';
  // Runs that need no escape are appended whole: most text has none.
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20)
      continue;
    out.append(s, from, i - from);
    from = i + 1;
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: out += fmt::format("\\u{:04x}", static_cast<unsigned>(c)); break;
    }
  }
  out.append(s, from, s.size() - from);
  out += '"';
}

std::string json_quote(std::string_view s)
{
  std::string out;
  out.reserve(s.size() + 2);
  append_json_quoted(out, s);
  return out;
}

std::string xml_escape(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default:
      // XML 1.0 forbids most control characters even as references.
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
        out += ' ';
      else
        out += c;
    }
  }
  return out;
}

} // namespace collab::util

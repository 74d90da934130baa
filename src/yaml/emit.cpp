#include "collab/yaml/emit.h"

#include "collab/util/text.h"

#include <array>
#include <fmt/format.h>

namespace collab::yaml {

using namespace collab::util;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Numbers in YAML 1.1 or 1.2 (ints, octal, hex, floats, sexagesimal like 14:00).
bool looks_numeric(std::string_view s)
{
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+'))
    ++i;
  if (i == s.size())
    return false;
  if (s.substr(i, 2) == "0x" || s.substr(i, 2) == "0o" || s.substr(i, 2) == "0b")
    return true;
  const std::string low = util::ascii_lower(s.substr(i));
  if (low == ".inf" || low == ".nan")
    return true;
  bool digit = false, other = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (is_digit(c))
      digit = true;
    else if (c != '.' && c != '_' && c != 'e' && c != 'E' && c != '-' && c != '+' && c != ':')
      other = true;
  }
  if (!digit || other)
    return false;
  // An ISO date stays plain: it is the format collab writes dates in.
  if (s.size() == 10 && s[4] == '-' && s[7] == '-')
    return false;
  return true;
}

} // namespace

bool needs_quotes(std::string_view s)
{
  if (s.empty() || s.front() == ' ' || s.back() == ' ')
    return true;
  static const std::string_view k_first = "-?:,[]{}#&*!|>'\"%@`";
  if (k_first.find(s.front()) != std::string_view::npos)
    return true;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F)
      return true;
    if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' '))
      return true;
    if (s[i] == '#' && i > 0 && s[i - 1] == ' ')
      return true;
  }
  static const std::array<std::string_view, 11> k_words = {"y", "yes", "n", "no", "true", "false",
                                                           "on", "off", "null", "~", "="};
  const std::string low = util::ascii_lower(s);
  for (auto w : k_words)
    if (low == w)
      return true;
  return looks_numeric(s);
}

namespace {

/// s double-quoted, with escapes.
std::string quote(std::string_view s)
{
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20)
        out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
      else
        out += c;
    }
  }
  out += '"';
  return out;
}

} // namespace

std::string emit_scalar(std::string_view s) { return needs_quotes(s) ? quote(s) : std::string(s); }

std::string emit_flow_list(const std::vector<std::string>& items)
{
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& v = items[i];
    // Inside [...] a comma or bracket would split or end the entry: quote those.
    const bool risky = v.find_first_of(",[]{}") != std::string::npos;
    out += i ? ", " : "";
    out += risky || needs_quotes(v) ? quote(v) : v;
  }
  return out + "]";
}

} // namespace collab::yaml

#include "collab/util/text.h"

#include "collab/util/utf8.h"

#include <algorithm>
#include <cctype>

namespace collab::util {

std::string_view trim(std::string_view s)
{
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

std::string ascii_lower(std::string_view s)
{
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b)
{
  std::u32string x, y;
  for (size_t i = 0; i < a.size();)
    x += util::utf8::next(a, i);
  for (size_t i = 0; i < b.size();)
    y += util::utf8::next(b, i);
  std::vector<size_t> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j)
    prev[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      const size_t sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

std::string_view nearest(std::string_view s, const std::vector<std::string_view>& candidates)
{
  std::string_view best;
  size_t best_d = SIZE_MAX;
  const std::string low = ascii_lower(s);
  for (auto c : candidates) {
    const size_t d = edit_distance(low, ascii_lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  // Close enough: at most a third of the word changed (at least one edit allowed).
  const size_t len = std::max<size_t>(util::utf8::length(s), 1);
  if (best.empty() || best_d > std::max<size_t>(1, (len + 2) / 3))
    return {};
  return best;
}

WordMatcher::WordMatcher(const std::vector<std::string>& words)
{
  for (const auto& w : words) {
    if (w.empty())
      continue;
    std::string lw = ascii_lower(w);
    const bool ascii = std::all_of(lw.begin(), lw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    m_words.push_back(Word{w, std::move(lw), ascii});
  }
}

std::string_view WordMatcher::find(std::string_view s) const
{
  // Lower the text only when it has capitals (Chinese text never does).
  std::string lowered;
  if (std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    lowered = ascii_lower(s);
    s = lowered;
  }
  const auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (const auto& w : m_words) {
    for (size_t at = s.find(w.lower); at != std::string_view::npos; at = s.find(w.lower, at + 1)) {
      if (!w.ascii)
        return w.original;
      const bool left = at == 0 || !is_word(s[at - 1]);
      const bool right = at + w.lower.size() >= s.size() || !is_word(s[at + w.lower.size()]);
      if (left && right)
        return w.original;
    }
  }
  return {};
}

std::string_view first_line(std::string_view s) { return s.substr(0, s.find('\n')); }

std::string last_line(std::string_view out, std::string_view skip)
{
  std::string_view last;
  size_t at = 0;
  while (at < out.size()) {
    size_t end = out.find_first_of("\r\n", at);
    if (end == std::string_view::npos)
      end = out.size();
    std::string_view line = out.substr(at, end - at);
    at = end + 1;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    if (!line.empty() && (skip.empty() || !line.starts_with(skip)))
      last = line;
  }
  return std::string(last);
}

namespace {

/// The length of the control character at s[i] (1 for C0 and DEL, 2 for C1 in UTF-8), or 0.
size_t control_at(std::string_view s, size_t i, bool allow_line_breaks)
{
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x20)
    return allow_line_breaks && (c == '\n' || c == '\t') ? 0 : 1;
  if (c == 0x7f)
    return 1;
  if (c == 0xc2 && i + 1 < s.size()) {
    const auto next = static_cast<unsigned char>(s[i + 1]);
    return next >= 0x80 && next <= 0x9f ? 2 : 0;
  }
  return 0;
}

/// The escape of one control character whose code point is `cp`.
void append_escape(std::string& out, unsigned cp)
{
  static constexpr char k_hex[] = "0123456789abcdef";
  switch (cp) {
  case 0x00: out += "\\0"; return;
  case 0x07: out += "\\a"; return;
  case 0x08: out += "\\b"; return;
  case 0x09: out += "\\t"; return;
  case 0x0a: out += "\\n"; return;
  case 0x0b: out += "\\v"; return;
  case 0x0c: out += "\\f"; return;
  case 0x0d: out += "\\r"; return;
  case 0x1b: out += "\\e"; return;
  default: break;
  }
  out += "\\x";
  out += k_hex[(cp >> 4) & 0xf];
  out += k_hex[cp & 0xf];
}

} // namespace

size_t find_control(std::string_view s, bool allow_line_breaks)
{
  for (size_t i = 0; i < s.size(); ++i)
    if (control_at(s, i, allow_line_breaks) > 0)
      return i;
  return std::string_view::npos;
}

std::string escape_controls(std::string_view s, bool allow_line_breaks)
{
  size_t i = find_control(s, allow_line_breaks);
  if (i == std::string_view::npos)
    return std::string(s); // the common case: nothing to escape
  std::string out(s.substr(0, i));
  while (i < s.size()) {
    const size_t n = control_at(s, i, allow_line_breaks);
    if (n == 0) {
      out += s[i++];
      continue;
    }
    append_escape(out, n == 1 ? static_cast<unsigned char>(s[i]) : static_cast<unsigned char>(s[i + 1]));
    i += n;
  }
  return out;
}

void append_tsv_field(std::string& out, std::string_view s)
{
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

std::string read_tsv_field(std::string_view field)
{
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 1 < field.size()) {
      const char e = field[++i];
      out += e == 't' ? '\t' : e == 'n' ? '\n' : e;
    } else {
      out += field[i];
    }
  }
  return out;
}

} // namespace collab::util

#include "collab/util/names.h"

#include "collab/util/text.h"
#include "collab/util/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace collab::util {

namespace {

using Parts = std::vector<std::string>;

/// Punctuation between names: always a split (the ideographic space too: no name holds one).
const std::vector<std::string_view> k_punctuation = {"、", ",", "，", "/", "／", "&", "＆", ";", "；", "\u3000"};

/// Chinese conjunctions. They also occur inside names (王和平), so they split only where both
/// sides have the two characters or more that a Chinese name has.
constexpr std::array<char32_t, 3> k_conjunctions = {U'和', U'及', U'与'};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

Parts cut_punctuation(std::string_view s)
{
  Parts out(1);
  for (size_t i = 0; i < s.size();) {
    const auto sep = std::find_if(k_punctuation.begin(), k_punctuation.end(),
                                  [&](std::string_view p) { return s.substr(i, p.size()) == p; });
    if (sep != k_punctuation.end()) {
      out.emplace_back();
      i += sep->size();
    } else {
      out.back() += s[i++];
    }
  }
  return out;
}

/// Cuts at the word "and" (any case) standing between blanks or at an end.
Parts cut_and(std::string_view s)
{
  Parts out(1);
  for (size_t i = 0; i < s.size();) {
    const bool word = i + 3 <= s.size() && ascii_lower(s.substr(i, 3)) == "and" && (i == 0 || is_blank(s[i - 1])) &&
                      (i + 3 == s.size() || is_blank(s[i + 3]));
    if (word) {
      out.emplace_back();
      i += 3;
    } else {
      out.back() += s[i++];
    }
  }
  return out;
}

/// Cuts at 和 及 与 where the text since the last cut and the text after each hold two
/// characters or more (blanks not counted): 王和平和李四 gives 王和平 and 李四.
Parts cut_conjunctions(std::string_view s)
{
  struct Char {
    char32_t cp;
    size_t at;
  };
  std::vector<Char> chars;
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    chars.push_back(Char{utf8::next(s, i), at});
  }
  const auto count = [&](size_t from, size_t to) {
    return std::count_if(chars.begin() + static_cast<long>(from), chars.begin() + static_cast<long>(to),
                         [](const Char& c) { return c.cp != U' ' && c.cp != U'\t'; });
  };
  Parts out;
  size_t start = 0; // the first character of the current part
  for (size_t k = 0; k < chars.size(); ++k) {
    const bool conj = std::find(k_conjunctions.begin(), k_conjunctions.end(), chars[k].cp) != k_conjunctions.end();
    if (!conj || count(start, k) < 2 || count(k + 1, chars.size()) < 2)
      continue;
    out.emplace_back(s.substr(chars[start].at, chars[k].at - chars[start].at));
    start = k + 1;
  }
  out.emplace_back(start < chars.size() ? s.substr(chars[start].at) : std::string_view());
  return out;
}

/// Cuts at a run of blanks between two non-ASCII characters (every byte of a multi-byte UTF-8
/// character is >= 0x80, so the bytes next to the run tell).
Parts cut_spaces(std::string_view s)
{
  Parts out(1);
  for (size_t i = 0; i < s.size();) {
    if (!is_blank(s[i])) {
      out.back() += s[i++];
      continue;
    }
    size_t end = i;
    while (end < s.size() && is_blank(s[end]))
      ++end;
    const bool between = i > 0 && end < s.size() && static_cast<unsigned char>(s[i - 1]) >= 0x80 &&
                         static_cast<unsigned char>(s[end]) >= 0x80;
    if (between)
      out.emplace_back();
    else
      out.back() += s.substr(i, end - i);
    i = end;
  }
  return out;
}

constexpr std::array<Parts (*)(std::string_view), 4> k_levels = {cut_punctuation, cut_and, cut_conjunctions,
                                                                  cut_spaces};

void split_into(std::string_view s, size_t level, const IsName& is_name, Parts& out)
{
  const std::string_view t = trim(s);
  if (t.empty())
    return;
  if (level == k_levels.size() || (is_name && is_name(t))) {
    out.emplace_back(t);
    return;
  }
  for (const std::string& part : k_levels[level](t))
    split_into(part, level + 1, is_name, out);
}

} // namespace

std::vector<std::string> split_names(std::string_view s, const IsName& is_name)
{
  Parts out;
  split_into(s, 0, is_name, out);
  return out;
}

} // namespace collab::util

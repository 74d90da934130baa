#include "collab/util/utf8.h"

// The only file that includes utf8proc: the width of a code point comes from Unicode's data.
#include <utf8proc.h>

namespace collab::util::utf8 {

namespace {

/// Length of the valid sequence starting at s[i], or 0 when it is invalid.
size_t sequence_length(std::string_view s, size_t i)
{
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80)
    return 1;
  size_t n;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size())
    return 0;
  char32_t c = b0 & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  return n;
}

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

} // namespace

size_t find_invalid(std::string_view s)
{
  size_t i = 0;
  while (i < s.size()) {
    // Fast path over ASCII.
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = sequence_length(s, i);
    if (n == 0)
      return i;
    i += n;
  }
  return std::string_view::npos;
}

char32_t next(std::string_view s, size_t& i)
{
  const size_t n = sequence_length(s, i);
  if (n == 0) {
    ++i;
    return 0xFFFD;
  }
  const auto b0 = static_cast<unsigned char>(s[i]);
  char32_t c = n == 1 ? b0 : (b0 & (0x7F >> n));
  for (size_t k = 1; k < n; ++k)
    c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return c;
}

size_t length(std::string_view s)
{
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    next(s, i);
    ++count;
  }
  return count;
}

int width(char32_t c)
{
  // Control characters take no column (as terminals draw them: not at all).
  if (c < 0x20 || in(c, 0x7F, 0x9F))
    return 0;
  if (c < 0x300)
    return 1;
  // Hangul jamo vowels and finals join the leading consonant into one syllable cell (as
  // glibc's wcwidth and terminals count them); utf8proc gives them a column of their own.
  if (in(c, 0x1160, 0x11FF) || in(c, 0xD7B0, 0xD7FF))
    return 0;
  // Unicode's East Asian Width and emoji presentation, from utf8proc (Debian's libutf8proc):
  // 0 for combining and default-ignorable marks, 2 for wide, fullwidth and emoji-presentation
  // characters, 1 for the rest (ambiguous-width ones included, as in a non-CJK terminal).
  return utf8proc_charwidth(static_cast<utf8proc_int32_t>(c));
}

size_t display_width(std::string_view s)
{
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) >= 0x20 && static_cast<unsigned char>(s[i]) < 0x7F) {
      ++w;
      ++i;
      continue;
    }
    w += static_cast<size_t>(width(next(s, i)));
  }
  return w;
}

std::string truncate(std::string_view s, size_t max_cols)
{
  if (display_width(s) <= max_cols)
    return std::string(s);
  if (max_cols == 0)
    return {};
  // Keep whole code points (and their trailing combining marks) up to max_cols - 1, then "…".
  std::string out;
  size_t used = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t c = next(s, i);
    const auto w = static_cast<size_t>(width(c));
    if (used + w > max_cols - 1)
      break;
    used += w;
    out.append(s.substr(start, i - start));
  }
  out += "\u2026";
  return out;
}

void append(std::string& out, char32_t c)
{
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

} // namespace collab::util::utf8

#include "collab/util/utf8.h"

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
  if (c == 0 || c < 0x20 || in(c, 0x7F, 0x9F))
    return 0;
  if (c < 0x300)
    return 1;
  // Combining marks, zero-width characters and variation selectors.
  if (in(c, 0x0300, 0x036F) || in(c, 0x0483, 0x0489) || in(c, 0x0591, 0x05BD) || in(c, 0x0610, 0x061A) ||
      in(c, 0x064B, 0x065F) || in(c, 0x1AB0, 0x1AFF) || in(c, 0x1DC0, 0x1DFF) || in(c, 0x200B, 0x200F) ||
      in(c, 0x2028, 0x202E) || in(c, 0x2060, 0x2064) || in(c, 0x20D0, 0x20FF) || in(c, 0xFE00, 0xFE0F) ||
      in(c, 0xFE20, 0xFE2F) || c == 0xFEFF || in(c, 0xE0100, 0xE01EF))
    return 0;
  // East Asian Wide and Fullwidth, and emoji presentation blocks.
  if (in(c, 0x1100, 0x115F) || in(c, 0x231A, 0x231B) || in(c, 0x2329, 0x232A) || in(c, 0x23E9, 0x23EC) ||
      in(c, 0x25FD, 0x25FE) || in(c, 0x2614, 0x2615) || in(c, 0x2648, 0x2653) || in(c, 0x26AA, 0x26AB) ||
      in(c, 0x26BD, 0x26BE) || in(c, 0x26C4, 0x26C5) || in(c, 0x26F2, 0x26F5) || in(c, 0x2705, 0x2705) ||
      in(c, 0x270A, 0x270B) || in(c, 0x2753, 0x2755) || in(c, 0x2795, 0x2797) || in(c, 0x2B1B, 0x2B1C) ||
      in(c, 0x2E80, 0x303E) || in(c, 0x3041, 0x33FF) || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) ||
      in(c, 0xA000, 0xA4CF) || in(c, 0xA960, 0xA97F) || in(c, 0xAC00, 0xD7A3) || in(c, 0xF900, 0xFAFF) ||
      in(c, 0xFE10, 0xFE19) || in(c, 0xFE30, 0xFE6F) || in(c, 0xFF00, 0xFF60) || in(c, 0xFFE0, 0xFFE6) ||
      in(c, 0x16FE0, 0x18AFF) || in(c, 0x1B000, 0x1B2FF) || in(c, 0x1F004, 0x1F004) ||
      in(c, 0x1F0CF, 0x1F0CF) || in(c, 0x1F18E, 0x1F18E) || in(c, 0x1F191, 0x1F19A) ||
      in(c, 0x1F200, 0x1F251) || in(c, 0x1F300, 0x1F64F) || in(c, 0x1F680, 0x1F6FF) ||
      in(c, 0x1F7E0, 0x1F7EB) || in(c, 0x1F90C, 0x1F9FF) || in(c, 0x1FA70, 0x1FAFF) ||
      in(c, 0x20000, 0x2FFFD) || in(c, 0x30000, 0x3FFFD))
    return 2;
  return 1;
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

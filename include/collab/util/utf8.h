#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace collab::util::utf8 {

/// Byte offset of the first invalid UTF-8 sequence in s, or npos when s is valid.
size_t find_invalid(std::string_view s);

/// Decodes the code point at s[i] and advances i; invalid bytes decode as U+FFFD.
char32_t next(std::string_view s, size_t& i);

/// Number of code points in s (invalid bytes count as one each).
size_t length(std::string_view s);

/// Terminal columns taken by one code point, from Unicode 15's data (libutf8proc): 0 (combining,
/// control, Hangul jamo vowels and finals), 1, or 2 (CJK, fullwidth, emoji presentation).
int width(char32_t c);

/// Terminal columns taken by s.
size_t display_width(std::string_view s);

/// s cut to at most max_cols columns, ending in "…" when cut; never splits a sequence.
std::string truncate(std::string_view s, size_t max_cols);

/// Appends the UTF-8 encoding of c to out.
void append(std::string& out, char32_t c);

} // namespace collab::util::utf8

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace collab::util {

/// s without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);

/// The text up to its first line break.
std::string_view first_line(std::string_view s);

/// The last line of a program's output that says something (lines end at LF or CR; trailing
/// spaces and tabs dropped), skipping lines that start with `skip` when it is not empty; ""
/// when there is none. What a failed git or signer said, for an error message.
std::string last_line(std::string_view out, std::string_view skip = {});

/// s with ASCII letters lowered.
std::string ascii_lower(std::string_view s);

/// Levenshtein distance counted in code points.
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to s when it is close enough to be a likely typo, else "".
std::string_view nearest(std::string_view s, const std::vector<std::string_view>& candidates);

/// Finds words of a list in text: ASCII words match whole words, case-insensitive;
/// other words (Chinese) match as substrings. Lowers the list once.
class WordMatcher {
public:
  explicit WordMatcher(const std::vector<std::string>& words);
  /// The first listed word that s contains, or "".
  std::string_view find(std::string_view s) const;
  bool empty() const { return m_words.empty(); }

private:
  struct Word {
    std::string original;
    std::string lower;
    bool ascii;
  };
  std::vector<Word> m_words;
};


/// The byte offset of the first control character in s: C0 (except newline and tab when
/// `allow_line_breaks`), DEL, or C1 (U+0080-U+009F); npos when there is none.
size_t find_control(std::string_view s, bool allow_line_breaks);

/// s with its control characters (as find_control finds them) written as the escapes of a
/// YAML double-quoted string: `\e`, `\a`, `\b`, `\f`, `\v`, `\r`, `\0`, else `\xHH` (C1 too:
/// `\x9b` is U+009B). Text printed to a terminal goes through this, so a record cannot send
/// escape sequences to it (retitle, clear, hyperlinks); the spelling is the one the value could
/// be written with in the file. Backslashes are left as they are.
std::string escape_controls(std::string_view s, bool allow_line_breaks);

/// s as one field of a tab-separated line of collab's own files (caches, sync state): `\`, tab
/// and newline written as `\\`, `\t`, `\n`, appended to out.
void append_tsv_field(std::string& out, std::string_view s);

/// A field written by append_tsv_field, its escapes read back.
std::string read_tsv_field(std::string_view field);

} // namespace collab::util

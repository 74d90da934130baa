#pragma once

// iCalendar (RFC 5545) content lines: what `collab export ics` writes for calendar apps.

#include <string>
#include <string_view>

namespace collab::util {

/// `text` as an RFC 5545 TEXT value (§3.3.11): `\` `;` `,` escaped with a backslash, a line
/// break (LF, CRLF or CR) as `\n`; other control characters but HTAB, which TEXT may not
/// hold, are dropped.
std::string ics_escape(std::string_view text);

/// One content line (`NAME;PARAM=...:value`, without its line break) folded as RFC 5545 §3.1
/// says: lines of at most 75 octets, broken only between UTF-8 characters, each continuation
/// starting with one space; every line ended by CRLF.
std::string ics_fold(std::string_view line);

/// ics_fold, appended to `out` (a calendar of thousands of lines allocates no string per line).
void ics_fold_append(std::string& out, std::string_view line);

} // namespace collab::util

#include "collab/model/id_format.h"

#include <fmt/format.h>

#include <algorithm>

namespace collab::model {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Matches `id` from `at` against `format`, filling `parts` on the way that succeeds.
bool match_from(std::string_view format, std::string_view id, size_t at, size_t min_seq, IdParts& parts)
{
  const std::string_view rest_id = id.substr(at);
  if (format.empty())
    return rest_id.empty();
  if (format.starts_with("{year}") || format.starts_with("{seq}")) {
    // A year has 4 digits; a sequence at least min_seq, more once it grew past 999.
    const bool year = format[1] == 'y';
    const std::string_view rest = format.substr(year ? 6 : 5);
    size_t digits = 0;
    while (digits < rest_id.size() && is_digit(rest_id[digits]))
      ++digits;
    const size_t least = year ? 4 : std::max<size_t>(min_seq, 1);
    if (year && digits > 4)
      digits = 4;
    for (size_t n = digits; n >= least; --n)
      if (match_from(rest, id, at + n, min_seq, parts)) {
        if (year) {
          parts.year = rest_id.substr(0, n);
        } else {
          parts.seq = rest_id.substr(0, n);
          parts.seq_at = at;
        }
        return true;
      }
    return false;
  }
  if (format.starts_with("{dept}")) {
    for (size_t n = rest_id.size(); n > 0; --n) // longest first: a department may hold a `-`
      if (match_from(format.substr(6), id, at + n, min_seq, parts)) {
        parts.dept = rest_id.substr(0, n);
        return true;
      }
    return false;
  }
  return !rest_id.empty() && rest_id.front() == format.front() &&
         match_from(format.substr(1), id, at + 1, min_seq, parts);
}

} // namespace

std::optional<IdParts> match_id_format(std::string_view format, std::string_view id, size_t min_seq_digits)
{
  IdParts parts;
  if (!match_from(format, id, 0, min_seq_digits, parts))
    return std::nullopt;
  return parts;
}

int seq_of(std::string_view id, std::string_view prefix, std::string_view suffix)
{
  if (id.size() <= prefix.size() + suffix.size() || !id.starts_with(prefix) || !id.ends_with(suffix))
    return 0;
  const std::string_view seq = id.substr(prefix.size(), id.size() - prefix.size() - suffix.size());
  // More than 8 digits is not a number collab gave (and would overflow an int).
  if (seq.size() >= 9 || !std::all_of(seq.begin(), seq.end(), is_digit))
    return 0;
  int n = 0;
  for (const char c : seq)
    n = n * 10 + (c - '0');
  return n;
}

int highest_seq(const std::vector<std::string>& ids, std::string_view prefix, std::string_view suffix)
{
  int max_seq = 0;
  for (const auto& id : ids)
    max_seq = std::max(max_seq, seq_of(id, prefix, suffix));
  return max_seq;
}

std::string format_seq(std::string_view prefix, int seq, std::string_view suffix)
{
  return fmt::format("{}{:03}{}", prefix, seq, suffix);
}

} // namespace collab::model

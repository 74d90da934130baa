#pragma once

// How ids are numbered (SPEC §5 `new`): an id_format with {year}, {dept} and {seq}, the sequence
// zero-padded to 3 digits. store::next_id (a new record) and model::next_id_like (a renumbered
// one) both count and write numbers here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::model {

/// The parts of an id that the placeholders of its id format stand for (views into the id).
struct IdParts {
  std::string_view year; ///< "" when the format has no {year}
  std::string_view dept; ///< "" when the format has no {dept}
  std::string_view seq;  ///< the digits of {seq}
  size_t seq_at = 0;     ///< where seq starts in the id
};

/// Matches `id` against `format` (the whole id): a year is 4 digits, a sequence at least
/// `min_seq_digits` (zero-padded ones have 3), a department the longest text that lets the rest
/// match (none need be there). nullopt when the id does not have that form.
std::optional<IdParts> match_id_format(std::string_view format, std::string_view id, size_t min_seq_digits = 3);

/// The number of `id` when it is `prefix`, 1 to 8 digits, `suffix`; 0 when it is not.
int seq_of(std::string_view id, std::string_view prefix, std::string_view suffix);

/// The highest number among `ids` of the form `prefix` digits `suffix`; 0 when none has it.
int highest_seq(const std::vector<std::string>& ids, std::string_view prefix, std::string_view suffix);

/// `prefix`, seq zero-padded to 3 digits, `suffix`.
std::string format_seq(std::string_view prefix, int seq, std::string_view suffix);

} // namespace collab::model

#pragma once

#include "collab/util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::model {

/// Canonical item statuses: todo, doing, delayed, done, cancelled (overdue is computed, never stored).
enum class Status { Todo, Doing, Delayed, Done, Cancelled };

/// The canonical name: todo, doing, delayed, done, cancelled.
std::string_view status_name(Status s);

/// The Chinese name shown with `lang: zh`: 未开始, 进行中, 延期, 已完成, 已取消.
std::string_view status_name_zh(Status s);

/// The status a canonical name or alias stands for (case-insensitive for ASCII), or nullopt.
std::optional<Status> parse_status(std::string_view text);

/// parse_status, or why `text` is not a status (with the nearest one).
util::Result<Status> read_status(std::string_view text);

/// True for 逾期 / overdue: a computed state that must not be stored.
bool is_overdue_word(std::string_view text);

/// The known status word nearest to text (for "did you mean"), or "" when none is close.
std::string nearest_status(std::string_view text);

/// True when the status closes an item (done or cancelled).
inline bool is_closed(Status s) { return s == Status::Done || s == Status::Cancelled; }

} // namespace collab::model

#pragma once

// The `unconfirmed` view: meetings past 24 hours whose minutes wait for attendees' confirmations.

#include "collab/views/table.h"

#include <string>
#include <vector>

namespace collab::views {

/// One meeting waiting for confirmations.
struct UnconfirmedRow {
  std::string id;
  std::string title;
  std::string date;  ///< the meeting's date (ISO)
  std::string path;  ///< the record file, relative to the root
  long days = 0;     ///< days since the meeting: how long the missing attendees have kept it waiting
  size_t attendees = 0;
  size_t confirmed = 0;              ///< attendees who confirmed (any version)
  std::vector<std::string> missing;  ///< attendees who have not, in attendees order
};

/// The rows as a table: ID, DATE, DAYS, CONFIRMED (n/m), MISSING, TITLE.
Table unconfirmed_table(const std::vector<UnconfirmedRow>& rows);

/// The rows as a JSON array: id, title, date, days, attendees, confirmed, missing (list), path.
std::string unconfirmed_json(const std::vector<UnconfirmedRow>& rows);

} // namespace collab::views

#pragma once

// The meetings of a root for `export ics`, through a cache: the item cache holds no meeting
// fields, and parsing thousands of meetings on every export was most of its time.

#include "collab/store/workspace.h"

#include <cstddef>
#include <string>
#include <vector>

namespace collab::commands {

/// The fields of a meeting record a calendar shows, trimmed, as written.
struct MeetingFields {
  std::string id, title, date, time, location, mode, host, next_meeting, follow_up;
};

/// Every meeting below the root, in path order. Files whose size, mtime, ctime and inode are
/// those of the cache (`.git/collab/meetings-<root hash>.cache`, beside the item cache) come
/// from it; the others are read through lint::read_record, and the cache is rewritten when
/// anything changed (entries changed in the two seconds before are left out of it, as git
/// treats racily clean entries). Outside git there is no cache. `unreadable` counts the files
/// that could be meetings but cannot be read.
std::vector<MeetingFields> load_meetings(const store::Workspace& ws, size_t& unreadable);

} // namespace collab::commands

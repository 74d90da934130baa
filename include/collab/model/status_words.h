#pragma once

#include "collab/model/status.h"

#include <string_view>
#include <utility>
#include <vector>

namespace collab::model {

/// Every word parse_status reads (canonical names and aliases, English and Chinese), each
/// with its status, in a stable order (the editor schema lists them). Defined in status.cpp.
const std::vector<std::pair<std::string_view, Status>>& status_words();

} // namespace collab::model

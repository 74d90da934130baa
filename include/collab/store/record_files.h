#pragma once

#include "collab/model/date.h"
#include "collab/store/workspace.h"

#include <optional>
#include <string>
#include <string_view>

namespace collab::store {

/// The file of record `id`: `<folder>/<id>.yaml` in the kinds' folders without scanning,
/// else a search below the root; nullopt when there is none.
std::optional<fs::path> find_record_file(const Workspace& ws, std::string_view id);

/// The next free id for a kind from its id_format ({year} of `date`, {dept}, {seq}): one
/// past the highest number of any record file below the root, or of `removed` (paths of
/// record files the history once had: an id is never given twice). Call it under the write
/// lock. Throws Error(2) when `dept` holds a control character, `/` or `\` (an id is a file name).
std::string next_id(const Workspace& ws, std::string_view kind, const model::Date& date, std::string_view dept,
                    const std::vector<fs::path>& removed = {});

} // namespace collab::store

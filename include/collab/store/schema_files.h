#pragma once

// Where a records root keeps the editor schemas (`.collab/schema/`, hidden: never a record) and
// the `# yaml-language-server: $schema=...` line that points a record at its kind's schema.

#include "collab/model/config.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace collab::store {

/// The schema folder of a records root, relative to it.
inline constexpr std::string_view k_schema_dir = ".collab/schema";

/// What starts the line that tells yaml-language-server a file's schema.
inline constexpr std::string_view k_modeline_prefix = "# yaml-language-server: $schema=";

/// The schema files of records root `root`: `<kind>.json` per kind and `record.json` (any
/// kind), as absolute paths with their text.
std::vector<std::pair<std::filesystem::path, std::string>> schema_files(const std::filesystem::path& root,
                                                                       const model::Config& cfg);

/// The modeline of a record of `kind` at `record_file` below `root`: the path of its kind's
/// schema relative to the record's folder (so it holds in every clone), with its newline.
std::string schema_modeline(const std::filesystem::path& root, const std::filesystem::path& record_file,
                            std::string_view kind);

/// The schema path of text's first line when it is a modeline, else nullopt.
std::optional<std::string> modeline_schema(std::string_view text);

/// The text with the relative schema path of its first-line modeline made relative to
/// `to_dir` instead of `from_dir` (both absolute): the same schema, seen from a file elsewhere
/// (an editor's draft). Text without such a line is returned as it is.
std::string retarget_modeline(std::string_view text, const std::filesystem::path& from_dir,
                              const std::filesystem::path& to_dir);

} // namespace collab::store

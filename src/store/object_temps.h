#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string_view>

namespace collab::store {

/// How libgit2 names the temp file it writes a loose object through, in the objects folder
/// itself (`objects/tmp_object_git2_` + 16 random hex digits), before linking it to its name.
inline constexpr std::string_view k_object_temp_prefix = "tmp_object_git2_";

/// How long nobody may have written to such a file before it counts as left by a dead writer.
inline constexpr std::chrono::seconds k_object_temp_max_age = std::chrono::hours(1);

/// Removes libgit2's temp files in objects_dir last modified more than max_age before now
/// (files of writers killed mid-object); returns how many. Never throws.
size_t remove_stale_object_temps(const std::filesystem::path& objects_dir,
                                 std::chrono::system_clock::time_point now = std::chrono::system_clock::now(),
                                 std::chrono::seconds max_age = k_object_temp_max_age);

} // namespace collab::store

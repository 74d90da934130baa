#pragma once

#include <filesystem>
#include <string>

namespace collab::store {

/// `path` (absolute, or relative to the current directory) relative to the work tree `top`,
/// with '/' as git spells paths; "." for `top` itself.
std::string work_tree_path(const std::filesystem::path& path, const std::filesystem::path& top);

/// The same for a path that must lie inside the work tree: throws Error(3) when it does not.
std::string path_inside_work_tree(const std::filesystem::path& path, const std::filesystem::path& top);

} // namespace collab::store

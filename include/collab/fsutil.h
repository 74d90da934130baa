#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace collab {

/// The whole file; throws Error(3) when it cannot be read.
std::string read_file(const std::filesystem::path& p);

/// The file's first `max` bytes and its full size; throws Error(3) when it cannot be read.
std::string read_file_prefix(const std::filesystem::path& p, size_t max, size_t& size);

/// Writes a file atomically: a temp file in the same folder, fsync, rename, fsync of the folder.
/// A crash leaves the old content or the new one, never a torn file. Throws Error(3).
/// `durable = false` skips the fsyncs (for caches, which are checked when read).
void write_file_atomic(const std::filesystem::path& p, std::string_view content, bool durable = true);

} // namespace collab

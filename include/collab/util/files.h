#pragma once

#include <filesystem>
#include <optional>
#include <sys/types.h>
#include <string>
#include <string_view>
#include <vector>

namespace collab {
/// Every module spells std::filesystem as fs.
namespace fs = std::filesystem;
} // namespace collab

namespace collab::util {

/// The folder of the running executable ("" when /proc/self/exe cannot be read): what it
/// ships beside itself (catalogues, libgit2's stand-ins) is found from there, wherever the
/// installation is.
std::filesystem::path executable_dir();

/// The whole file; throws Error(3) when it cannot be read.
std::string read_file(const std::filesystem::path& p);

/// The file's first `max` bytes and its full size; throws Error(3) when it cannot be read
/// (with `follow_links` false, also when `p` itself is a symbolic link).
std::string read_file_prefix(const std::filesystem::path& p, size_t max, size_t& size, bool follow_links = true);

/// A file mapped read-only into memory: its pages come straight from the page cache, with no
/// copy and no zeroed buffer (a 4 MB cache read costs ~1 ms instead of ~18 ms on a VM).
/// Later changes to the file may show through: map only files that are replaced by rename.
class MappedFile {
public:
  /// Maps the whole file; throws Error(3) when it cannot be opened or mapped.
  explicit MappedFile(const std::filesystem::path& p);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  /// The file's bytes, valid while this object lives.
  std::string_view text() const { return {m_data, m_size}; }

private:
  const char* m_data = nullptr;
  size_t m_size = 0;
};

/// Writes a file atomically: a temp file in the same folder, fsync, rename, fsync of the folder.
/// A crash leaves the old content or the new one, never a torn file. Throws Error(3).
/// `durable = false` skips the fsyncs (for caches, which are checked when read).
/// The temp file is `.NAME.tmp-PID-XXXXXX`, removed on error, exit and catchable signals.
void write_file_atomic(const std::filesystem::path& p, std::string_view content, bool durable = true);

/// Flushes every file system that holds one of `dirs` to disk (syncfs(2), once per device):
/// one flush for all files a write made, as git's `core.fsyncMethod=batch` does, instead of an
/// fsync per file. Throws Error(3) when the kernel reports a write-back error.
void sync_file_systems(const std::vector<std::filesystem::path>& dirs);

/// What marks write_file_atomic's temp files: `.NAME` + this + `PID-XXXXXX`.
inline constexpr std::string_view k_temp_infix = ".tmp-";

/// The pid in a temp file name of write_file_atomic, or nullopt for any other name.
std::optional<pid_t> temp_file_owner(std::string_view name);

/// Removes write_file_atomic's temp files in dir whose process is gone (killed by SIGKILL or
/// a power cut); returns how many.
size_t remove_stale_temp_files(const std::filesystem::path& dir);

} // namespace collab::util

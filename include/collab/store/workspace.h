#pragma once

#include "collab/util/big_alloc.h"
#include "collab/util/files.h"
#include "collab/model/config.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace collab::store {


/// The nearest directory from `start` upwards that holds `.collab.yaml`, or nullopt.
std::optional<fs::path> find_root(const fs::path& start);

/// A record file found below a root, with what identifies its version without reading it.
struct RecordFile {
  std::string rel; ///< relative to the root, '/'-separated
  long long size = 0, mtime_ns = 0, ctime_ns = 0, ino = 0, dev = 0;
};

/// A directory as a scan listed it: enough to reuse the listing while it is unchanged.
struct DirListing {
  std::string rel; ///< relative to the root, '/'-terminated; "" for the root
  long long mtime_ns = 0, ctime_ns = 0, ino = 0;
  bool nested = false;              ///< a nested records root (a folder with its own config): skipped
  std::string files;   ///< names of record files, of links with a record name and of links to folders
  std::string subdirs; ///< names of sub-folders to walk (not hidden), sorted, each followed by '/'
};

/// What a scan found.
struct RecordScan {
  util::BigVector<RecordFile> files;  ///< as scan_record_files returns them
  std::vector<DirListing> dirs; ///< every directory walked, sorted by rel
  size_t dirs_read = 0;         ///< directories read with readdir (the others were reused)
};

/// Scans like scan_record_files, with the listings of an earlier scan (`previous`, sorted by
/// rel): a directory whose mtime, ctime and inode are those of its listing, and older than
/// `stable_before_ns`, is not read again (adding, removing or renaming an entry changes a
/// directory's mtime). Every file is still stat-ed.
RecordScan scan_records(const fs::path& root, std::vector<DirListing> previous, long long stable_before_ns);

/// Record files below root: *.yaml / *.yml at any depth, except .collab.yaml, hidden
/// directories and nested roots (folders with a .collab.yaml of their own); sorted by path.
/// Symbolic links with a record name, and links to folders, are listed too but never
/// followed (their stat is the link's own): reading one reports the link.
util::BigVector<RecordFile> scan_record_files(const fs::path& root);

/// The same as absolute paths.
std::vector<fs::path> list_record_files(const fs::path& root);

/// The first symbolic link on the way from `root` down to `path` (`path` itself included), as
/// a '/'-separated path relative to `root`; nullopt when there is none or `path` is not below
/// `root`. Components that do not exist end the walk: nothing below them can be a link yet.
std::optional<std::string> symlink_below(const fs::path& root, const fs::path& path);

struct Workspace;

/// Why `file` is refused when symlink_below(ws.root, file) found `link`: the link named, a
/// file or a folder, and what to do.
std::string symlink_message(const Workspace& ws, const fs::path& file, const std::string& link);

/// True when a path names a record file by its name (not hidden, .yaml/.yml, not the config).
bool is_record_name(const fs::path& p);
/// The same for a file name without folders (no path is made: completions test thousands).
bool is_record_file_name(std::string_view name);

/// A records root with its configuration.
struct Workspace {
  fs::path root; ///< absolute, canonical
  fs::path cwd;  ///< absolute: the directory paths are shown relative to
  model::Config config;

  /// How a file is named in messages: relative to cwd.
  std::string display(const fs::path& abs) const;
};

/// The top of the git work tree holding dir (the nearest folder with a `.git`), or nullopt.
std::optional<fs::path> find_git_top(const fs::path& dir);

/// Finds the root from `start` and reads its config.
/// Throws Error(2) when there is no root; config errors are returned in `errors`.
Workspace open_workspace(const fs::path& start, std::vector<util::Diagnostic>& errors);

} // namespace collab::store

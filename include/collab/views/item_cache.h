#pragma once

#include "collab/util/big_alloc.h"
#include "collab/util/files.h"
#include "collab/model/items.h"
#include "collab/store/workspace.h"

#include <memory>
#include <optional>

namespace collab::views {

/// Every item below a root, and how it was obtained.
struct ItemLoad {
  util::BigVector<model::Item> items;
  /// What the items' views point into: arenas are kept whole (moving a deque keeps its elements
  /// in place; moving a short string would not).
  std::shared_ptr<std::deque<model::TextArena>> text = std::make_shared<std::deque<model::TextArena>>();
  std::shared_ptr<const util::MappedFile> mapped; ///< the cache file, when items came from it
  size_t records = 0; ///< record files seen
  size_t parsed = 0;  ///< files parsed this time (the rest came from the cache)
  size_t unreadable = 0; ///< files that are not records (unparseable, too large, bad UTF-8)
  /// Readable record files with no items (a meeting without actions, an issue without
  /// solutions), relative to the root: stats reads the issues among them for their category.
  std::vector<std::string> itemless;
  size_t folders = 0;    ///< folders walked
  size_t folders_listed = 0; ///< folders read with readdir (the others' listings came from the cache)
};

/// The cache file of a root: `.git/collab/items-<root hash>.cache` of the work tree holding
/// it, or nullopt outside git (or in a linked worktree, whose `.git` is a file).
std::optional<fs::path> item_cache_path(const store::Workspace& ws);

/// The owners and departments (the items' own and their records') of the cache file as last
/// written, each once, without reading or checking a record: for completions, where an answer
/// a commit old will do. Empty when there is no readable cache.
struct CachedNames {
  std::vector<std::string> owners, depts;
};
CachedNames cached_names(const store::Workspace& ws, const fs::path& cache_file);

/// Loads the items of every record; with a cache, files whose size, mtime, ctime and inode
/// are unchanged come from it (entries changed in the two seconds before the cache was
/// written are re-read, as git treats racily clean entries), and the cache is rewritten
/// when anything changed. Records are never written.
ItemLoad load_items(const store::Workspace& ws, const std::optional<fs::path>& cache_file);

} // namespace collab::views

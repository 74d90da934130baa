#include "collab/store/transaction.h"

#include "collab/util/error.h"

#include <fmt/format.h>

namespace collab::store {

using namespace collab::util;

std::string write_and_commit(Repo& repo, const std::vector<FileChange>& changes, const std::string& message,
                             const Identity& author)
{
  struct Old {
    fs::path path;
    std::optional<std::string> content;
  };
  std::vector<Old> old;
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& c : changes) {
    old.push_back(Old{c.path, fs::exists(c.path, ec) ? std::optional(read_file(c.path)) : std::nullopt});
    paths.push_back(c.path);
  }
  const auto restore = [&] {
    for (const auto& o : old) {
      try {
        if (o.content)
          write_file_atomic(o.path, *o.content);
        else
          fs::remove(o.path, ec);
      } catch (...) {
        // Best effort: the commit error is what the user needs to see.
      }
    }
  };
  try {
    for (const auto& c : changes) {
      if (c.content) {
        fs::create_directories(c.path.parent_path(), ec);
        write_file_atomic(c.path, *c.content);
      } else if (!fs::remove(c.path, ec) && ec) {
        throw repo_error(fmt::format("cannot remove {}: {}", c.path.string(), ec.message()));
      }
    }
    return repo.commit_paths(paths, message, author);
  } catch (...) {
    restore();
    throw;
  }
}

} // namespace collab::store

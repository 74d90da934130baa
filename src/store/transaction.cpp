#include "collab/store/transaction.h"

#include "collab/store/write_lock.h"
#include "collab/util/cleanup.h"
#include "collab/util/error.h"

#include <fmt/format.h>

namespace collab::store {

using namespace collab::util;

namespace {

/// A file as it was before the write, to put back when the commit fails.
struct Old {
  fs::path path;
  std::optional<std::string> content;
};

void restore(const std::vector<Old>& old)
{
  std::error_code ec;
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
}

void write_changes(const std::vector<FileChange>& changes)
{
  std::error_code ec;
  for (const auto& c : changes) {
    if (c.content) {
      fs::create_directories(c.path.parent_path(), ec);
      write_file_atomic(c.path, *c.content);
    } else if (!fs::remove(c.path, ec) && ec) {
      throw repo_error(fmt::format("cannot remove {}: {}", c.path.string(), ec.message()));
    }
  }
}

} // namespace

std::string write_and_commit(Repo& repo, const std::vector<FileChange>& changes, const std::string& message,
                             const Identity& author)
{
  repo.require_writable(); // before any file changes
  // Ctrl-C waits for the end: the write and its commit happen together or not at all.
  DeferSignals defer;
  std::vector<Old> old;
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& c : changes) {
    // Only after a crash: a folder of 45,000 records takes ~30 ms to scan.
    if (WriteLock::previous_writer_died())
      remove_stale_temp_files(c.path.parent_path());
    old.push_back(Old{c.path, fs::exists(c.path, ec) ? std::optional(read_file(c.path)) : std::nullopt});
    paths.push_back(c.path);
  }
  try {
    write_changes(changes);
    // commit_paths fails only before the branch moves, having put the index back: the old
    // files are then the whole truth again.
    return repo.commit_paths(paths, message, author);
  } catch (const Error& e) {
    restore(old);
    // Say which way it went: nothing happened (the branch never moved).
    const std::string what = e.what();
    if (what.find("nothing was") != std::string::npos)
      throw;
    throw Error(e.exit_status(), what + "; nothing was committed and the files are as they were", e.details());
  } catch (...) {
    restore(old);
    throw;
  }
}

} // namespace collab::store

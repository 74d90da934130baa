#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace collab::store {

/// What a write is about to do, kept in `.git/collab-undo` from before its files change until
/// its commit is made, so that the next write can undo it if the process was killed between
/// the two (SIGKILL, power cut): a write either completes or leaves the files as they were.
struct UndoLog {
  struct File {
    std::string rel;                ///< path inside the work tree
    std::optional<std::string> old; ///< content before the write; nullopt: it did not exist
    std::optional<std::string> now; ///< content the write puts there; nullopt: removes it
  };
  long pid = 0;
  std::string head;    ///< HEAD's commit id when the write started ("" unborn)
  std::string message; ///< the commit message the write uses
  std::vector<File> files;

  /// The log's file in git_dir.
  static std::filesystem::path path_in(const std::filesystem::path& git_dir);
  /// Writes it atomically (not fsynced: see save()); throws Error(3).
  void save(const std::filesystem::path& git_dir) const;
  /// Reads it back; nullopt when there is none or it cannot be read.
  static std::optional<UndoLog> load(const std::filesystem::path& git_dir);
  /// Removes it (done: nothing left to undo).
  static void remove(const std::filesystem::path& git_dir);
};

} // namespace collab::store

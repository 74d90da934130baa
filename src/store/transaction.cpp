#include "collab/store/transaction.h"

#include "collab/store/write_lock.h"
#include "undo_log.h"
#include "work_tree_path.h"
#include "collab/util/cleanup.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>
#include <unistd.h>

namespace collab::store {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace {

/// A file as it was before the write, to put back when the commit fails.
struct Old {
  fs::path path;
  std::optional<std::string> content;
};

/// Puts the files back; false when one could not be (the undo log then stays for the next
/// write to finish the job).
bool restore(const std::vector<Old>& old)
{
  bool all = true;
  for (const auto& o : old) {
    try {
      std::error_code ec;
      if (o.content)
        write_file_atomic(o.path, *o.content);
      else if (!fs::remove(o.path, ec) && ec)
        all = false;
    } catch (...) {
      all = false; // best effort: the commit error is what the user needs to see
    }
  }
  return all;
}

/// Whether an error already says that nothing happened ("nothing was written", "nothing was
/// committed"), in English or in the language in use.
bool says_nothing_happened(const std::string& what)
{
  for (const char* words : {"nothing was", tr("nothing was written"), tr("nothing was committed")})
    if (what.find(words) != std::string::npos)
      return true;
  return false;
}

void write_changes(const std::vector<FileChange>& changes)
{
  std::error_code ec;
  for (const auto& c : changes) {
    if (c.content) {
      fs::create_directories(c.path.parent_path(), ec);
      // Not fsynced here: commit_paths flushes the files with the objects and the index, in
      // one syncfs before the branch moves (an fsync per file cost 1-2 ms a write).
      write_file_atomic(c.path, *c.content, false);
    } else if (!fs::remove(c.path, ec) && ec) {
      throw repo_error(trf("cannot remove {}: {}", c.path.string(), ec.message()));
    }
  }
}

} // namespace

std::string write_and_commit(Repo& repo, const std::vector<FileChange>& all_changes, const std::string& message,
                             const Identity& author, const CommitParents& parents)
{
  repo.require_writable(); // before any file changes
  // A file that sparse checkout keeps out of the work tree stays out: its new content goes to the
  // commit and the index entry only (a sync bringing a change to it must not check it out).
  std::vector<FileChange> changes;
  std::vector<SparseContent> sparse;
  {
    std::vector<fs::path> all_paths;
    for (const auto& c : all_changes)
      all_paths.push_back(c.path);
    const std::vector<bool> skip = repo.skip_worktree(all_paths);
    std::error_code ec;
    for (size_t i = 0; i < all_changes.size(); ++i) {
      if (skip[i] && !fs::exists(fs::symlink_status(all_changes[i].path, ec)))
        sparse.push_back({path_inside_work_tree(all_changes[i].path, repo.workdir()), all_changes[i].content});
      else
        changes.push_back(all_changes[i]);
    }
  }
  // Ctrl-C waits for the end: the write and its commit happen together or not at all.
  DeferSignals defer;
  std::vector<Old> old;
  std::vector<fs::path> paths;
  std::error_code ec;
  // Only after a crash: a folder of 45,000 records takes ~30 ms to scan.
  if (WriteLock::previous_writer_died())
    remove_stale_temp_files(repo.git_dir()); // the undo log's
  for (const auto& c : changes) {
    if (WriteLock::previous_writer_died())
      remove_stale_temp_files(c.path.parent_path());
    old.push_back(Old{c.path, fs::exists(c.path, ec) ? std::optional(read_file(c.path)) : std::nullopt});
    paths.push_back(c.path);
  }
  // Before any file changes: what to undo if this process dies before its commit.
  UndoLog log{::getpid(), repo.head_commit().id, message, {}};
  for (size_t i = 0; i < changes.size(); ++i)
    log.files.push_back({path_inside_work_tree(changes[i].path, repo.workdir()), old[i].content, changes[i].content});
  const fs::path git_dir = repo.git_dir();
  try {
    log.save(git_dir);
  } catch (const Error& e) {
    throw Error(e.exit_status(), trf("{}; nothing was written", e.what()), e.details());
  }
  const auto undo = [&] {
    if (restore(old))
      UndoLog::remove(git_dir);
  };
  try {
    write_changes(changes);
    // commit_paths fails only before the branch moves, having put the index back: the old
    // files are then the whole truth again.
    const std::string commit = repo.commit_paths(paths, message, author, parents, sparse);
    UndoLog::remove(git_dir); // a kill before this is seen by the next write as committed
    if (!commit.empty())
      repo.run_post_commit_hook(parents); // done: the hook cannot undo it, whatever it says
    return commit;
  } catch (const Error& e) {
    undo();
    // Say which way it went: nothing happened (the branch never moved).
    const std::string what = e.what();
    if (says_nothing_happened(what))
      throw;
    throw Error(e.exit_status(), trf("{}; nothing was committed and the files are as they were", what), e.details());
  } catch (...) {
    undo();
    throw;
  }
}

std::vector<std::string> recover_interrupted_write(Repo& repo)
{
  const fs::path git_dir = repo.git_dir();
  std::error_code ec;
  if (!fs::exists(UndoLog::path_in(git_dir), ec))
    return {};
  const std::optional<UndoLog> log = UndoLog::load(git_dir);
  if (!log) { // saved atomically, so this is not one of ours
    UndoLog::remove(git_dir);
    return {};
  }
  // Under the write lock, so the writer is gone: it removes the log before unlocking.
  const HeadCommit head = repo.head_commit();
  const long pid = log->pid;
  const std::string first_line = log->message.substr(0, log->message.find('\n'));
  std::vector<std::string> notes;
  if (head.id != log->head) {
    if (head.parent != log->head || head.message != log->message)
      notes.push_back(trf("a write of collab process {} (\"{}\") was killed and the branch has moved since; its files "
                          "were left as they are (see `git status`)",
                          pid, first_line));
    UndoLog::remove(git_dir); // else it was committed: nothing to undo
    return notes;
  }
  std::vector<const UndoLog::File*> put_back;
  std::vector<fs::path> paths;
  for (const UndoLog::File& f : log->files) {
    const fs::path path = repo.workdir() / f.rel;
    const std::optional<std::string> now =
      fs::exists(fs::symlink_status(path, ec)) ? std::optional(read_file(path)) : std::nullopt;
    if (now != f.now) {
      notes.push_back(trf("a write of collab process {} (\"{}\") was killed before its commit; {} changed since and "
                          "was left as it is",
                          pid, first_line, f.rel));
      continue;
    }
    put_back.push_back(&f);
    paths.push_back(path);
  }
  if (!put_back.empty()) {
    // The index first: if that fails (a held index.lock), nothing has changed yet and the log
    // stays for the next try; every step can be done again.
    repo.reset_index_paths(paths);
    for (size_t i = 0; i < put_back.size(); ++i) {
      if (put_back[i]->old)
        write_file_atomic(paths[i], *put_back[i]->old);
      else
        fs::remove(paths[i], ec);
    }
    std::string names;
    for (const auto* f : put_back)
      names += (names.empty() ? "" : ", ") + f->rel;
    notes.push_back(trf("a write of collab process {} (\"{}\") was killed before its commit; undone: {} as it was",
                        pid, first_line, names));
  }
  UndoLog::remove(git_dir);
  return notes;
}

} // namespace collab::store

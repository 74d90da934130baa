// `collab sync`: fetch, integrate per record and per field, push (SPEC §7c).

#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/sync_plan.h"
#include "commands/sync_state.h"

#include "collab/model/renumber.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/terminal.h"

#include <algorithm>
#include <fmt/format.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;
using namespace collab::store;

namespace {

/// The branch at the remote (`main` of refs/heads/main), which need not be named as the local one.
std::string remote_branch(const Upstream& up)
{
  constexpr std::string_view heads = "refs/heads/";
  return up.merge.starts_with(heads) ? up.merge.substr(heads.size()) : up.merge;
}

/// How many times a push the remote refused because it moved is tried again (fetch, integrate, push).
constexpr int k_push_attempts = 5;

/// Progress of a long fetch or push on stderr, as git shows it, when stderr is a terminal.
ProgressFn progress_printer(const GlobalOptions& g)
{
  if (g.quiet || !is_terminal(STDERR_FILENO))
    return {};
  return [](const TransferProgress& p) {
    if (p.total == 0)
      return;
    const std::string phase = p.phase == "receiving" ? tr("Receiving objects")
                              : p.phase == "resolving" ? tr("Resolving deltas")
                              : p.phase == "sending"   ? tr("Sending objects")
                                                       : p.phase;
    fmt::print(stderr, "\r{}: {}% ({}/{}){}", phase, p.done * 100 / p.total, p.done, p.total,
               p.done == p.total ? "\n" : "");
  };
}

/// A value on one line for a conflict report: quoted, "(absent)" when the side has none.
std::string shown_value(const std::string& v)
{
  return v.empty() ? tr("(absent)") : fmt::format("\"{}\"", v);
}

/// Who last changed `path` in the commits of `to` that `from` does not have ("" when unknown).
std::string last_author(const Repo& repo, const ObjectId& from, const ObjectId& to, const std::string& path)
{
  std::string name;
  try {
    name = repo.last_author(from, to, path);
  } catch (const Error&) {
  }
  return name.empty() ? "?" : name;
}

/// Prints the conflicts, remembers them for set/done/delay, and stops with Error(1) saying how to go on.
[[noreturn]] void report_conflicts(Repo& repo, const SyncSides& sides, const SyncPlan& plan, const Upstream& up)
{
  std::vector<PendingConflict> pending;
  const auto old = read_pending_conflicts(repo.git_dir());
  for (const auto& c : plan.conflicts) {
    const ObjectId base = sides.base.value_or(ObjectId{});
    fmt::print("{}\n", trf("conflict: {} {}: ours {} ({}), theirs {} ({})", c.id, c.field, shown_value(c.ours),
                           last_author(repo, base, sides.ours, c.path), shown_value(c.theirs),
                           last_author(repo, base, sides.theirs, c.path)));
    PendingConflict p{c.id, c.field, c.ours, c.theirs, false};
    // A decision taken for the same values before stays taken.
    for (const auto& o : old)
      if (o.id == p.id && o.field == p.field && o.theirs == p.theirs && o.decided && o.ours == p.ours)
        p.decided = true;
    pending.push_back(std::move(p));
  }
  for (const auto& f : plan.file_conflicts)
    fmt::print("{}\n", trf("conflict: {}", f));
  // Decisions already taken stay until a sync succeeds: settling conflicts one at a time must
  // converge, not bring back the one settled before.
  for (const auto& o : old)
    if (o.decided && std::none_of(pending.begin(), pending.end(), [&](const PendingConflict& p) {
          return p.id == o.id && p.field == o.field;
        }))
      pending.push_back(o);
  write_pending_conflicts(repo.git_dir(), pending);
  throw Error(k_exit_findings,
              trnf("{0} conflict with {1}/{2}; nothing was written. Settle it with `collab set`, `delay` or `done` "
                   "(your value is then kept), then run `collab sync` again",
                   "{0} conflicts with {1}/{2}; nothing was written. Settle each with `collab set`, `delay` or `done` "
                   "(your value is then kept), then run `collab sync` again",
                   plan.conflicts.size() + plan.file_conflicts.size(), up.remote, remote_branch(up)));
}

/// "ID\tFIELD" of the reported conflicts the user has settled since: the field was written by
/// set/done/delay, or our value changed since the report.
std::set<std::string> settled_conflicts(const Repo& repo, const SyncPlan& plan)
{
  std::set<std::string> settled;
  const auto pending = read_pending_conflicts(repo.git_dir());
  for (const auto& c : plan.conflicts)
    for (const auto& p : pending)
      if (p.id == c.id && p.field == c.field && p.theirs == c.theirs && (p.decided || p.ours != c.ours))
        settled.insert(c.id + "\t" + c.field);
  return settled;
}

/// Refuses to overwrite a file with changes not committed (Error(3)), as `git merge` does.
void refuse_uncommitted(const Workspace& ws, const Repo& repo, const SyncPlan& plan)
{
  std::vector<fs::path> paths;
  for (const auto& c : plan.changes)
    paths.push_back(c.path);
  for (const auto& p : repo.changed_among(paths))
    throw repo_error(trf("{} has changes not committed that the sync would overwrite; commit them first "
                         "(`collab commit`) or discard them (`git checkout -- {}`)",
                         ws.display(p), ws.display(p)));
}

/// The sync commit's message: what came in and every renumbering.
std::string merge_message(const Upstream& up, const SyncPlan& plan)
{
  std::string msg = fmt::format("sync: merge {}/{}\n", up.remote, remote_branch(up));
  if (!plan.renumbered.empty() || !plan.moved_items.empty() || !plan.kept.empty())
    msg += "\n";
  for (const auto& [from, to] : plan.renumbered)
    msg += fmt::format("renumbered {} -> {} (the id was taken at {})\n", from, to, up.remote);
  for (const auto& [from, to] : plan.moved_items)
    msg += fmt::format("renumbered item {} -> {} (after the items added at {})\n", from, to, up.remote);
  for (const auto& id : plan.kept)
    msg += fmt::format("kept {}: changed on one side, deleted on the other\n", id);
  return msg;
}

/// What one round of integration did.
enum class Integrated { UpToDate, Ahead, Changed };

/// Fetched theirs → integrated into HEAD under the write lock. Throws Error(1) on conflicts.
Integrated integrate(const GlobalOptions& g, const Workspace& ws, const Upstream& up,
                     const std::optional<ObjectId>& theirs)
{
  WriteSession session(ws); // the same lock as every write: a `set` meanwhile waits, then sees the result
  Repo& repo = session.repo();
  const std::optional<ObjectId> ours = repo.head_id();
  if (!theirs)
    return ours ? Integrated::Ahead : Integrated::UpToDate;
  if (ours && *ours == *theirs)
    return Integrated::UpToDate;
  const std::optional<ObjectId> base = ours ? repo.merge_base(*ours, *theirs) : std::nullopt;
  if (ours && base && *base == *theirs)
    return Integrated::Ahead;
  if (ours && !base)
    throw repo_error(trf("{} and {}/{} share no history; collab cannot merge unrelated records repositories",
                         up.branch, up.remote, remote_branch(up)));
  SyncPlan plan;
  CommitParents parents;
  // Planned against this HEAD: a `git commit` made meanwhile (git takes no collab lock) must
  // not be overwritten by a merge that never saw it.
  parents.expected_head = ours;
  std::string message;
  if (!ours || *base == *ours) {
    plan = plan_fast_forward(repo, ours, *theirs);
    parents.fast_forward = *theirs;
    message = fmt::format("sync: fast-forward to {}/{}\n", up.remote, remote_branch(up));
  } else {
    const SyncSides sides{base, *ours, *theirs};
    plan = plan_merge(ws, repo, sides, {});
    if (!plan.conflicts.empty()) {
      if (const auto settled = settled_conflicts(repo, plan); !settled.empty())
        plan = plan_merge(ws, repo, sides, settled);
    }
    if (!plan.clean())
      report_conflicts(repo, sides, plan, up);
    parents.extra.push_back(*theirs);
    message = merge_message(up, plan);
  }
  refuse_uncommitted(ws, repo, plan);
  refuse_links(ws, plan.changes);
  const std::string commit = write_and_commit(repo, plan.changes, message, session.author(), parents);
  write_pending_conflicts(repo.git_dir(), {});
  if (!g.quiet) {
    const std::string short_id = commit.empty() ? theirs->hex().substr(0, 7) : commit.substr(0, 7);
    if (parents.fast_forward)
      fmt::print("{}\n", trnf("fast-forwarded to {1}/{2}: {0} file changed [{3}]",
                              "fast-forwarded to {1}/{2}: {0} files changed [{3}]", plan.changes.size(), up.remote,
                              remote_branch(up), short_id));
    else
      fmt::print("{}\n", trnf("merged {1}/{2}: {0} file changed [{3}]", "merged {1}/{2}: {0} files changed [{3}]",
                              plan.changes.size(), up.remote, remote_branch(up), short_id));
    for (const auto& [from, to] : plan.renumbered)
      fmt::print("{}\n", trf("renumbered {} -> {}: {}/{} has a {} of its own", from, to, up.remote, remote_branch(up), from));
    for (const auto& [from, to] : plan.moved_items)
      fmt::print("{}\n", trf("renumbered item {} -> {}: after the items added at {}/{}", from, to, up.remote, remote_branch(up)));
    for (const auto& id : plan.kept)
      fmt::print("{}\n", trf("kept {}: changed on one side and deleted on the other (`collab rm {}` deletes it)", id, id));
  }
  return parents.fast_forward ? Integrated::UpToDate : Integrated::Changed;
}

/// `sync --fix-ids`: records sharing an id (as a plain `git pull` can bring) get new ids; the one
/// the upstream has keeps its id.
int fix_ids(const GlobalOptions& g, const Workspace& ws)
{
  WriteSession session(ws);
  Repo& repo = session.repo();
  const auto dups = duplicate_ids(ws, repo);
  if (dups.empty()) {
    if (!g.quiet)
      fmt::print("{}\n", tr("no id is held by two records"));
    return k_exit_ok;
  }
  std::optional<ObjectId> upstream_commit;
  try {
    upstream_commit = repo.resolve_commit(repo.upstream().tracking);
  } catch (const Error&) {
  }
  std::set<std::string> taken;
  for (const auto& p : list_record_files(ws.root))
    taken.insert(p.stem().string());
  for (const auto& p : repo.removed_paths(ws.root))
    taken.insert(p.stem().string());
  model::RefRewrite rewrite;
  std::vector<FileChange> changes;
  std::string message = "sync --fix-ids: renumber records that share an id\n\n";
  std::vector<std::string> lines;
  for (const auto& [id, paths] : dups) {
    // The upstream's record keeps the id: others may already refer to it.
    size_t keep = 0;
    if (upstream_commit)
      for (size_t i = 0; i < paths.size(); ++i)
        if (repo.read_at(upstream_commit->hex(), repo.workdir() / paths[i])) {
          keep = i;
          break;
        }
    for (size_t i = 0; i < paths.size(); ++i) {
      if (i == keep)
        continue;
      const std::string new_id = free_id_like(ws, id, taken);
      taken.insert(new_id);
      const fs::path from = repo.workdir() / paths[i];
      const fs::path to = from.parent_path() / (new_id + from.extension().string());
      model::RefRewrite own;
      own.ids[id] = new_id;
      changes.push_back(FileChange{from, std::nullopt});
      changes.push_back(FileChange{to, model::rewrite_refs(util::read_file(from), own)});
      if (!rewrite.ids.count(id))
        rewrite.ids[id] = new_id;
      lines.push_back(fmt::format("renumbered {} -> {} ({})", id, new_id, paths[i]));
    }
  }
  // References written on this side only (what the upstream does not have) follow the renumbered record.
  if (upstream_commit)
    if (const auto head = repo.head_id())
      for (const auto& c : repo.diff_commits(*upstream_commit, *head)) {
        const fs::path p = repo.workdir() / c.path;
        if (c.blob.null() || !is_record_name(p) ||
            std::any_of(changes.begin(), changes.end(), [&](const FileChange& f) { return f.path == p; }))
          continue;
        bool is_renumbered = false;
        for (const auto& [id, paths] : dups)
          is_renumbered |= std::find(paths.begin(), paths.end(), c.path) != paths.end();
        if (is_renumbered)
          continue;
        const std::string text = util::read_file(p);
        if (std::string out = model::rewrite_refs(text, rewrite); out != text)
          changes.push_back(FileChange{p, std::move(out)});
      }
  for (const auto& l : lines)
    message += l + "\n";
  refuse_uncommitted(ws, repo, SyncPlan{changes});
  refuse_links(ws, changes);
  const std::string commit = write_and_commit(repo, changes, message, session.author());
  if (!g.quiet)
    for (const auto& l : lines)
      fmt::print("{} [{}]\n", l, commit.substr(0, 7));
  return k_exit_ok;
}

} // namespace

int run_sync(const GlobalOptions& g, const SyncOptions& o)
{
  const Workspace ws = load_workspace(g);
  if (o.fix_ids)
    return fix_ids(g, ws);
  auto repo = open_repo(ws);
  repo->require_writable();
  const Upstream up = repo->upstream();
  const ProgressFn progress = progress_printer(g);
  for (int attempt = 0; attempt < k_push_attempts; ++attempt) {
    // The fetch runs without the write lock (it changes only the remote-tracking ref), so
    // writes go on during a long download.
    const std::optional<ObjectId> theirs = repo->fetch(up, progress);
    const Integrated state = integrate(g, ws, up, theirs);
    const std::optional<ObjectId> head = repo->head_id();
    if (state == Integrated::UpToDate && (!head || (theirs && *head == *theirs))) {
      if (!g.quiet && attempt == 0 && state == Integrated::UpToDate && head && theirs && *head == *theirs)
        fmt::print("{}\n", trf("in sync with {}/{}", up.remote, remote_branch(up)));
      return k_exit_ok;
    }
    if (repo->push(up, progress)) {
      if (!g.quiet)
        fmt::print("{}\n", trf("pushed {} to {}/{}", head ? head->hex().substr(0, 7) : std::string(), up.remote, remote_branch(up)));
      return k_exit_ok;
    }
    // The remote moved after our fetch: bring its new commits in and try again.
  }
  throw repo_error(trf("{}/{} kept moving while collab pushed ({} tries); run `collab sync` again", up.remote,
                       remote_branch(up), k_push_attempts));
}

} // namespace collab::commands

#include "commands/sync_plan.h"

#include "commands/record_edit.h"

#include "collab/model/kinds.h"
#include "collab/model/record_diff.h"
#include "collab/model/record_merge.h"
#include "collab/model/renumber.h"
#include "collab/util/error.h"
#include "collab/yaml/text_edit.h"
#include "collab/util/i18n.h"
#include "collab/yaml/parse.h"

#include <algorithm>
#include <fmt/format.h>

namespace collab::commands {

using namespace collab::store;

namespace {

/// A file's content on one side; nullopt when the side does not have it.
using Version = std::optional<std::string>;

/// The records root relative to the work tree, '/'-terminated ("" when they are the same).
std::string root_prefix(const Workspace& ws, const Repo& repo)
{
  std::string rel = fs::path(ws.root).lexically_relative(repo.workdir()).generic_string();
  if (rel.empty() || rel == ".")
    return "";
  return rel + "/";
}

/// True when the work-tree relative path names a record file below the root (not in a hidden folder).
bool is_record_path(const std::string& prefix, const std::string& path)
{
  if (path.compare(0, prefix.size(), prefix) != 0)
    return false;
  const std::string below = path.substr(prefix.size());
  if (below.empty() || below[0] == '.' || below.find("/.") != std::string::npos)
    return false;
  return is_record_name(fs::path(below));
}

/// The id a record file holds: its file name without the extension (ids equal file names).
std::string id_of(const std::string& path)
{
  return fs::path(path).stem().string();
}

/// A change list by path.
std::map<std::string, PathChange> by_path(std::vector<PathChange> changes)
{
  std::map<std::string, PathChange> out;
  for (auto& c : changes)
    out.emplace(c.path, std::move(c));
  return out;
}

/// Whether `lines` reads, without a finding (a key twice), as the same record values as `merged`.
bool same_values(const std::string& lines, const std::string& merged)
{
  const yaml::ParseLimits limits{.positions = false};
  const auto pa = yaml::parse_yaml(yaml::SourceFile("", lines), limits);
  const auto pb = yaml::parse_yaml(yaml::SourceFile("", merged), limits);
  return !pa.error && !pb.error && pa.findings.empty() && pa.doc && pb.doc && pa.doc->root() && pb.doc->root() &&
         model::diff_records(pa.doc->root(), pb.doc->root()).empty();
}

/// merge_record's text, or git's line merge of the three when it reads the same: that one also
/// keeps the comments theirs wrote. Where both sides added lines at one place (a comment there,
/// a key here) the union of the lines is tried too, and taken only when it reads the same.
std::string with_their_comments(const Repo& repo, const std::string& base, const std::string& ours,
                                const std::string& theirs, std::string merged)
{
  for (const bool union_lines : {false, true})
    if (auto lines = repo.merge_text(base, ours, theirs, union_lines); lines && same_values(*lines, merged))
      return std::move(*lines);
  return merged;
}

/// The first line of lint's errors: the one a conflict line shows.
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

Version blob_text(const Repo& repo, const ObjectId& id)
{
  if (id.null())
    return std::nullopt;
  return repo.read_blob(id);
}

/// The file at `path` on each side and at the base, and the merged result.
struct Merger {
  const Workspace& ws;
  const Repo& repo;
  const std::string& prefix;
  const std::map<std::string, PathChange>& theirs;
  const std::map<std::string, Version>& base;  ///< every path either side changed
  const std::set<std::string>& settled;

  Version base_of(const std::string& path) const
  {
    const auto it = base.find(path);
    return it == base.end() ? std::nullopt : it->second;
  }

  /// Merges every path; `ours` holds our versions of the paths we changed.
  std::map<std::string, Version> run(const std::map<std::string, Version>& ours, SyncPlan& plan,
                                     std::vector<std::pair<std::string, std::string>>& moved) const
  {
    std::set<std::string> paths;
    for (const auto& [p, v] : ours)
      paths.insert(p);
    for (const auto& [p, c] : theirs)
      paths.insert(p);
    std::map<std::string, Version> out;
    for (const auto& path : paths) {
      const Version b = base_of(path);
      const auto oi = ours.find(path);
      const auto ti = theirs.find(path);
      const Version o = oi != ours.end() ? oi->second : b;
      const Version t = ti != theirs.end() ? blob_text(repo, ti->second.blob) : b;
      if (o == t || t == b) {
        out[path] = o;
      } else if (o == b) {
        out[path] = t;
      } else if (!o || !t) {
        // An edit against a delete: keeping the edit loses nothing; `collab rm` can delete it again.
        out[path] = o ? o : t;
        if (is_record_path(prefix, path))
          plan.kept.push_back(id_of(path));
        else
          plan.file_conflicts.push_back(fmt::format("{}: {}", path, o ? "deleted there, changed here" : "changed there, deleted here"));
      } else if (is_record_path(prefix, path)) {
        const std::string id = id_of(path);
        std::set<std::string> ours_wins;
        for (const auto& s : settled)
          if (s.compare(0, id.size() + 1, id + "\t") == 0)
            ours_wins.insert(s.substr(id.size() + 1));
        model::RecordMerge m = model::merge_record(b.value_or(""), *o, *t, ours_wins);
        if (m.text) {
          // merge_record writes ours' text with theirs' values, not theirs' comments.
          m.text = with_their_comments(repo, b.value_or(""), *o, *t, std::move(*m.text));
          // Two valid sides can merge into an invalid record (an action due before the
          // meeting's new date): a write never commits that, so the user decides.
          const fs::path file = repo.workdir() / path;
          const std::string errors = errors_in(ws, file, *m.text, id, Warnings{.show = false});
          if (!errors.empty() && errors_in(ws, file, *o, id, Warnings{.show = false}).empty() &&
              errors_in(ws, file, *t, id, Warnings{.show = false}).empty()) {
            plan.file_conflicts.push_back(
                util::i18n::trf("{}: the merged record would not pass lint: {}", path, first_line(errors)));
            continue;
          }
          out[path] = std::move(m.text);
          for (const auto& [from, to] : m.moved_items)
            moved.emplace_back(fmt::format("{}#{}", id, from), fmt::format("{}#{}", id, to));
        } else if (!m.error.empty()) {
          plan.file_conflicts.push_back(fmt::format("{}: {}", path, m.error));
        } else {
          for (auto& c : m.conflicts)
            plan.conflicts.push_back(SyncConflict{id, std::move(c.field), path, std::move(c.ours), std::move(c.theirs)});
        }
      } else if (auto merged = repo.merge_text(b.value_or(""), *o, *t)) {
        out[path] = std::move(merged);
      } else {
        plan.file_conflicts.push_back(fmt::format("{}: changed on both sides", path));
      }
    }
    return out;
  }
};

/// Records a side moved: deleted at one path, added under the same id (file name) at another.
std::vector<std::pair<std::string, std::string>> record_moves(const std::string& prefix,
                                                              const std::map<std::string, PathChange>& side)
{
  std::map<std::string, std::vector<std::string>> added, deleted; // id -> paths
  for (const auto& [path, c] : side) {
    if (!is_record_path(prefix, path))
      continue;
    if (c.old_blob.null() && !c.blob.null())
      added[id_of(path)].push_back(path);
    else if (!c.old_blob.null() && c.blob.null())
      deleted[id_of(path)].push_back(path);
  }
  std::vector<std::pair<std::string, std::string>> moves;
  for (const auto& [id, from] : deleted)
    if (const auto to = added.find(id); from.size() == 1 && to != added.end() && to->second.size() == 1)
      moves.emplace_back(from.front(), to->second.front());
  return moves;
}

/// Every id a record file has or had on either side, so that a renumbered record gets a new one.
std::set<std::string> taken_ids(const Workspace& ws, const Repo& repo, const std::map<std::string, PathChange>& theirs,
                                const std::string& prefix)
{
  std::set<std::string> taken;
  for (const auto& p : list_record_files(ws.root))
    taken.insert(p.stem().string());
  for (const auto& p : repo.removed_paths(ws.root))
    taken.insert(p.stem().string());
  for (const auto& [path, c] : theirs)
    if (is_record_path(prefix, path))
      taken.insert(id_of(path));
  return taken;
}

} // namespace

std::string free_id_like(const Workspace& ws, const std::string& id, const std::set<std::string>& taken)
{
  const std::vector<std::string> list(taken.begin(), taken.end());
  for (const auto& kind : model::kinds())
    if (auto next = model::next_id_like(id, ws.config.id_format_for(kind.name), list))
      if (!taken.count(*next))
        return *next;
  for (int n = 2;; ++n)
    if (const std::string candidate = fmt::format("{}-{}", id, n); !taken.count(candidate))
      return candidate;
}

SyncPlan plan_fast_forward(const Repo& repo, const std::optional<ObjectId>& ours, const ObjectId& theirs)
{
  SyncPlan plan;
  for (const auto& c : repo.diff_commits(ours, theirs))
    plan.changes.push_back(FileChange{repo.workdir() / c.path, blob_text(repo, c.blob)});
  plan.theirs_files = plan.changes.size();
  return plan;
}

SyncPlan plan_merge(const Workspace& ws, const Repo& repo, const SyncSides& sides, const std::set<std::string>& settled)
{
  SyncPlan plan;
  const std::string prefix = root_prefix(ws, repo);
  const auto ours_changes = by_path(repo.diff_commits(sides.base, sides.ours));
  auto theirs_changes = by_path(repo.diff_commits(sides.base, sides.theirs));
  plan.theirs_files = theirs_changes.size();

  std::map<std::string, Version> base, head, ours;
  for (const auto* side : {&ours_changes, static_cast<const std::map<std::string, PathChange>*>(&theirs_changes)})
    for (const auto& [path, c] : *side)
      base.emplace(path, blob_text(repo, c.old_blob));
  for (const auto& [path, c] : ours_changes)
    head[path] = ours[path] = blob_text(repo, c.blob);

  // A record one side moved (a folder of its own, same id) and the other changed: the change
  // follows it to its new place, merged against the old one's base; else both would be kept,
  // one id twice.
  for (const auto& [from, to] : record_moves(prefix, theirs_changes)) {
    const auto mine = ours_changes.find(from);
    if (mine == ours_changes.end() || mine->second.old_blob.null() || mine->second.blob.null() ||
        ours_changes.count(to))
      continue;
    ours[to] = ours[from];
    ours.erase(from);
    base[to] = base[from];
    head.emplace(to, std::nullopt);
  }
  for (const auto& [from, to] : record_moves(prefix, ours_changes)) {
    const auto there = theirs_changes.find(from);
    if (there == theirs_changes.end() || there->second.old_blob.null() || there->second.blob.null() ||
        theirs_changes.count(to))
      continue;
    theirs_changes[to] = PathChange{to, there->second.blob, there->second.old_blob};
    theirs_changes.erase(from);
    base[to] = base[from];
  }

  // Records both sides created under one id: ours, not pushed yet, takes the next free id.
  std::map<std::string, std::string> theirs_new; // id -> path
  for (const auto& [path, c] : theirs_changes)
    if (c.old_blob.null() && !c.blob.null() && is_record_path(prefix, path))
      theirs_new.emplace(id_of(path), path);
  model::RefRewrite rewrite;
  std::set<std::string> taken;
  std::vector<std::pair<std::string, std::string>> moves; // our path -> its new path
  for (const auto& [path, c] : ours_changes) {
    if (!c.old_blob.null() || c.blob.null() || !is_record_path(prefix, path))
      continue;
    const auto clash = theirs_new.find(id_of(path));
    if (clash == theirs_new.end())
      continue;
    if (clash->second == path && theirs_changes.at(path).blob == c.blob)
      continue; // the same record created on both sides: nothing to tell apart
    if (taken.empty())
      taken = taken_ids(ws, repo, theirs_changes, prefix);
    const std::string old_id = id_of(path);
    const std::string new_id = free_id_like(ws, old_id, taken);
    taken.insert(new_id);
    rewrite.ids[old_id] = new_id;
    plan.renumbered.emplace_back(old_id, new_id);
    const std::string new_path = (fs::path(path).parent_path() / (new_id + fs::path(path).extension().string())).generic_string();
    moves.emplace_back(path, new_path);
  }
  for (const auto& [from, to] : moves) {
    ours[to] = ours[from];
    ours.erase(from); // our side no longer changed `from`: it is theirs' record there, or nothing
    base.emplace(to, std::nullopt);
    head.emplace(to, std::nullopt);
    if (!head.count(from))
      head[from] = std::nullopt;
  }
  const auto rewrite_ours = [&](const model::RefRewrite& r) {
    for (auto& [path, text] : ours)
      if (text && is_record_path(prefix, path)) {
        try {
          text = model::rewrite_refs(*text, r);
        } catch (const yaml::EditError& e) {
          // A ref written in a way no exact edit can change (escapes in quotes): the user decides.
          plan.file_conflicts.push_back(fmt::format("{}: {}", path, e.what()));
        }
      }
  };
  if (!rewrite.ids.empty())
    rewrite_ours(rewrite);

  const Merger merger{ws, repo, prefix, theirs_changes, base, settled};
  std::vector<std::pair<std::string, std::string>> moved;
  SyncPlan first;
  auto merged = merger.run(ours, first, moved);
  if (!moved.empty()) {
    // Our new items were numbered after theirs: our refs to them (`ID#n`) follow them.
    model::RefRewrite items;
    for (const auto& [from, to] : moved)
      items.items[from] = to;
    rewrite_ours(items);
    moved.clear();
    merged = merger.run(ours, plan, moved);
  } else {
    plan.conflicts = std::move(first.conflicts);
    plan.file_conflicts.insert(plan.file_conflicts.end(), first.file_conflicts.begin(), first.file_conflicts.end());
    plan.kept = std::move(first.kept);
  }
  plan.moved_items = std::move(moved);
  if (!plan.clean())
    return plan;
  for (const auto& [path, result] : merged) {
    const auto h = head.find(path);
    const Version now = h != head.end() ? h->second : base[path];
    if (result != now)
      plan.changes.push_back(FileChange{repo.workdir() / path, result});
  }
  return plan;
}

std::map<std::string, std::vector<std::string>> duplicate_ids(const Workspace& ws, const Repo& repo)
{
  std::map<std::string, std::vector<std::string>> by_id;
  for (const auto& p : list_record_files(ws.root))
    by_id[p.stem().string()].push_back(p.lexically_relative(repo.workdir()).generic_string());
  std::erase_if(by_id, [](const auto& entry) { return entry.second.size() < 2; });
  return by_id;
}

} // namespace collab::commands

#include "commands/record_edit.h"
#include "commands/sync_state.h"

#include "commands/context.h"

#include "collab/lint/lint_files.h"
#include "collab/lint/output_formats.h"
#include "collab/lint/read_record.h"
#include "collab/model/vocabulary.h"
#include "collab/util/error.h"
#include "collab/util/terminal.h"
#include "collab/yaml/parse.h"
#include "collab/yaml/text_edit.h"
#include "collab/util/i18n.h"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <set>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::lint;

namespace {

/// Findings formatted as lint prints them (source line and caret), for stderr.
std::string formatted(const std::string& path, std::vector<Diagnostic> diags, std::shared_ptr<const SourceFile> src)
{
  FileResult r;
  r.path = path;
  r.diags = std::move(diags);
  r.src = std::move(src);
  return format_text({r}, use_color(ColorMode::Auto, STDERR_FILENO));
}

/// A loaded record from a reading that succeeded.
LoadedRecord loaded(fs::path path, Record&& r)
{
  LoadedRecord rec;
  rec.path = std::move(path);
  rec.text = r.src->text();
  rec.src = std::move(r.src);
  rec.doc = std::move(r.doc);
  rec.kind = r.kind;
  return rec;
}

} // namespace

LoadedRecord load_record(const Workspace& ws, const std::string& id)
{
  auto path = find_record_file(ws, id);
  if (!path)
    throw usage_error(trf("no record `{}` below {}", id, ws.root.string()));
  Record r = read_record(ws, *path, ReadOptions{false, true});
  if (r.unreadable) {
    std::vector<Diagnostic> errors;
    for (const auto& d : r.findings)
      if (d.severity == Severity::Error)
        errors.push_back(d);
    throw repo_error(trf("{} cannot be read as a record; fix it first (see `collab lint {}`)", r.path, r.path),
                     formatted(r.path, std::move(errors), r.src));
  }
  if (!r.root())
    throw repo_error(trf("{} is not a record (see `collab lint`)", r.path));
  return loaded(*path, std::move(r));
}

std::string title_if_readable(const Workspace& ws, const std::string& id)
{
  const auto path = find_record_file(ws, id);
  if (!path)
    return "";
  try {
    const Record r = read_record(ws, *path, ReadOptions{false, false});
    return r.unreadable || !r.root() ? "" : std::string(r.root()->text_of("title"));
  } catch (const Error&) {
    return "";
  }
}

Ref require_ref(const std::string& text, bool whole, std::string_view what)
{
  const auto ref = parse_ref(text);
  if (ref && (!whole || ref->index == 0))
    return *ref;
  if (!whole)
    throw usage_error(trf("`{}` is not a record id or item ref (ID or ID#n)", text));
  throw usage_error(what.empty() ? trf("`{}` is not a record id", text) : trf("`{}` is not a record id ({})", text, what));
}

const Node& ref_target(const LoadedRecord& rec, const Ref& ref)
{
  if (ref.index == 0)
    return rec.root();
  const std::string_view list_key = rec.kind ? rec.kind->item_list : std::string_view();
  const Node* list = list_key.empty() ? nullptr : rec.root().get(list_key);
  const size_t count = list && list->is_seq() ? list->items.size() : 0;
  if (static_cast<size_t>(ref.index) > count)
    throw usage_error(!list_key.empty() ? trf("{} has {} {}; there is no #{}", ref.id, count, list_key, ref.index)
                      : rec.kind        ? trf("{} is a {}, which has no numbered items; use `{}`", ref.str(),
                                              rec.kind->name, ref.id)
                                        : trf("{} is a record without numbered items; use `{}`", ref.str(), ref.id));
  const Node* item = list->items[static_cast<size_t>(ref.index) - 1];
  if (!item->is_map())
    throw repo_error(trf("{} is not a mapping in {}; fix it with `collab edit {}`", ref.str(),
                         rec.src->path(), ref.id));
  return *item;
}

std::string status_for(const Workspace& ws, const LoadedRecord& rec, const Ref& ref, Status s)
{
  const Vocabulary repo = ws.config.lang == "zh" ? Vocabulary::Chinese : Vocabulary::English;
  const std::string_view kind = !rec.kind ? "" : ref.index > 0 ? rec.kind->item_kind : rec.kind->name;
  return std::string(status_word(s, kind, vocabulary_of(rec.root(), repo)));
}

std::string item_text(const Node& target, const LoadedRecord& rec, const Ref& ref)
{
  if (ref.index == 0)
    return std::string(target.text_of("title"));
  const Schema* items = rec.kind ? rec.kind->item_schema() : nullptr;
  const auto text = target.text_of(items ? items->text_field : std::string_view("action"));
  return std::string(text.empty() ? target.text_of("title") : text);
}

namespace {

/// The findings of `after` that `before` does not have (by rule and message: positions move
/// with the edit), so a write shows the warnings it brings, not the file's old ones again.
std::vector<Diagnostic> new_findings(std::vector<Diagnostic> after, const std::vector<Diagnostic>& before)
{
  std::multiset<std::pair<std::string, std::string>> old;
  for (const auto& d : before)
    old.emplace(d.rule, d.message);
  std::vector<Diagnostic> out;
  for (auto& d : after) {
    const auto it = old.find({d.rule, d.message});
    if (it != old.end())
      old.erase(it);
    else
      out.push_back(std::move(d));
  }
  return out;
}

/// Reads `text` as the record file `path` with every rule. Its errors, formatted like lint's,
/// go to `errors` ("" when none: then its new warnings are printed, as a write goes ahead).
Record checked(const Workspace& ws, const fs::path& path, const std::string& text, std::string_view id,
               std::string& errors, const Warnings& warnings)
{
  Record r = read_record_text(ws, ws.display(path), text, id);
  if (r.has_errors()) {
    // Only the errors: they are why the write is refused.
    std::vector<Diagnostic> only_errors;
    for (const auto& d : r.findings)
      if (d.severity == Severity::Error)
        only_errors.push_back(d);
    errors = formatted(r.path, std::move(only_errors), r.src);
  } else if (warnings.show && !r.findings.empty()) {
    std::vector<Diagnostic> shown = r.findings;
    if (warnings.before)
      shown = new_findings(std::move(shown), read_record_text(ws, ws.display(path), *warnings.before, id).findings);
    const std::string out = shown.empty() ? "" : formatted(r.path, std::move(shown), r.src);
    std::fwrite(out.data(), 1, out.size(), stderr);
  }
  return r;
}

} // namespace

std::string errors_in(const Workspace& ws, const fs::path& path, const std::string& text, std::string_view id,
                      const Warnings& warnings)
{
  std::string errors;
  checked(ws, path, text, id, errors, warnings);
  return errors;
}

Record require_valid(const Workspace& ws, const fs::path& path, const std::string& text, std::string_view id,
                     const std::string& what, const Warnings& warnings)
{
  std::string errors;
  Record r = checked(ws, path, text, id, errors, warnings);
  if (!errors.empty())
    throw Error(k_exit_findings, what, std::move(errors));
  return r;
}

void refuse_links(const Workspace& ws, const std::vector<FileChange>& changes)
{
  for (const auto& c : changes) {
    const auto link = symlink_below(ws.root, c.path);
    if (!link)
      continue;
    throw repo_error(trf("{}; nothing was written", symlink_message(ws, c.path, *link)));
  }
}

void undo_interrupted_write(store::Repo& repo)
{
  for (const std::string& note : store::recover_interrupted_write(repo))
    fmt::print(stderr, "collab: {}\n", note);
}

WriteSession::WriteSession(const Workspace& ws)
    : m_repo(open_repo(ws)), m_author(m_repo->identity()), m_lock(*m_repo)
{
  // Before the record is read: in a revert or merge stopped at a conflict, the record itself
  // may hold conflict markers, and the state is what the user needs to hear about. Before
  // the undo of a killed write too: while such an operation owns the index, collab changes
  // nothing; the first write after it undoes (or, the branch having moved, reports) the kill.
  m_repo->require_writable();
  undo_interrupted_write(*m_repo);
}

void commit_change(const GlobalOptions& g, const Workspace& ws, WriteSession& session,
                   const std::vector<FileChange>& changes, const std::string& message)
{
  refuse_links(ws, changes);
  const std::string commit = write_and_commit(session.repo(), changes, message, session.author());
  if (commit.empty())
    fmt::print(stderr, "collab: {}\n", tr("nothing to commit (the files were never committed)"));
  else if (!g.quiet)
    fmt::print("{} [{}]\n", message.substr(0, message.find('\n')), commit.substr(0, 7));
}

std::string apply_edits(const LoadedRecord& rec, const Ref& ref,
                        const std::vector<std::pair<std::string, std::string>>& edits)
{
  std::string text = rec.text;
  try {
    const std::string_view list_key = rec.kind ? rec.kind->item_list : std::string_view();
    const Node* list = list_key.empty() ? nullptr : rec.root().get(list_key);
    const size_t count = list && list->is_seq() ? list->items.size() : 0;
    const bool append = ref.index > 0 && static_cast<size_t>(ref.index) == count + 1 && !list_key.empty();
    for (const auto& [key, value] : edits)
      if (append && key.find('.') != std::string::npos)
        throw usage_error(trf("`{}`: a new item takes no nested keys; add it first, then set them", key));
    if (append)
      return append_entry(text, rec.root(), list_key, edits);
    // Re-parse after each edit so every position is exact.
    const auto reparse = [&](LoadedRecord& view) {
      SourceFile src(rec.src->path(), text);
      ParsedYaml parsed = parse_yaml(src);
      if (parsed.error || !parsed.doc || !parsed.doc->root())
        throw usage_error(tr("the edit produced invalid YAML; nothing was written"));
      view.kind = rec.kind;
      view.doc = std::move(parsed.doc);
      view.src = std::make_shared<SourceFile>(src);
      view.text = text;
    };
    for (const auto& [key, value] : edits) {
      LoadedRecord view;
      reparse(view);
      const size_t dot = key.find('.');
      if (dot == std::string::npos) {
        text = set_field(text, ref_target(view, ref), key, value);
        continue;
      }
      // `parent.key`: into the parent mapping, made as `parent: {}` first when it is absent.
      const std::string parent = key.substr(0, dot);
      const Node* map = ref_target(view, ref).get(parent);
      if (map && !map->is_map() && !map->is_null())
        throw usage_error(trf("`{}` is not a mapping; fix it with `collab edit {}`", parent, ref.id));
      if (!map || map->is_null()) {
        text = set_field(text, ref_target(view, ref), parent, "{}");
        reparse(view);
        map = ref_target(view, ref).get(parent);
      }
      text = set_field(text, *map, key.substr(dot + 1), value);
    }
  } catch (const EditError& e) {
    throw usage_error(trf("cannot change {} in place ({}); use `collab edit {}`", ref.str(), e.what(), ref.id));
  }
  return text;
}

int write_record(const GlobalOptions& g, WriteSession& session, const Workspace& ws, const LoadedRecord& rec,
                 const Ref& ref, const std::string& verb, const std::string& new_text,
                 const std::vector<std::pair<std::string, std::string>>& edits)
{
  // Writing a field `sync` reported in conflict is the user's decision: ours is kept there.
  const auto settle = [&] {
    std::vector<std::string> keys;
    for (const auto& [key, value] : edits)
      keys.push_back(key);
    if (!keys.empty())
      settle_pending_conflicts(session.repo().git_dir(), rec.kind ? rec.kind->item_list : std::string_view(), ref, keys);
  };
  if (new_text == rec.text) {
    if (!g.quiet)
      fmt::print(stderr, "collab: {}\n", trf("{} is already like that; nothing to commit", ref.str()));
    settle();
    return k_exit_ok;
  }
  Record checked_text = require_valid(ws, rec.path, new_text, ref.id,
                                      trf("the change would leave {} invalid; nothing was written", rec.src->path()),
                                      Warnings{!g.quiet, &rec.text});
  if (checked_text.unreadable || !checked_text.root())
    throw usage_error(tr("the edit produced invalid YAML; nothing was written"));
  // The title after the change (a new item's text comes from the new text).
  const LoadedRecord after = loaded(rec.path, std::move(checked_text));
  const std::string title = rec.kind ? item_text(ref_target(after, ref), after, ref) : "";
  commit_change(g, ws, session, {FileChange{rec.path, new_text}},
                title.empty() ? fmt::format("{} {}\n", verb, ref.str()) : fmt::format("{} {}: {}\n", verb, ref.str(), title));
  settle();
  return k_exit_ok;
}

} // namespace collab::commands

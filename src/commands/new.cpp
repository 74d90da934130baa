#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"
#include "commands/editor.h"
#include "commands/follow_up.h"
#include "commands/minutes_template.h"

#include "collab/yaml/emit.h"
#include "collab/lint/read_record.h"
#include "collab/util/error.h"
#include "collab/model/kinds.h"
#include "collab/model/vocabulary.h"
#include "collab/store/record_files.h"
#include "collab/store/schema_files.h"
#include "collab/store/write_lock.h"
#include "collab/yaml/text_edit.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <functional>
#include <map>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

std::string placeholder(const Field* f)
{
  if (!f)
    return "";
  switch (f->type) {
  case FieldType::Date: return "# YYYY-MM-DD";
  case FieldType::Owner: return tr("# exactly one person");
  case FieldType::Person: return tr("# a person");
  case FieldType::Attendees: return tr("# [name, name, ...]");
  default: return "";
  }
}

/// The fields of a new record: what the command line gave, defaults, and what is missing.
struct Draft {
  const Kind* kind = nullptr;
  std::map<std::string, std::string> given; ///< key -> YAML text
  std::vector<std::string> extra_keys;      ///< --set keys `new` does not write by default, in order
  std::vector<std::string> missing;         ///< required keys nobody gave
  std::string modeline; ///< the first line pointing editors at the kind's schema, or ""
};

/// The values given by the flags and --set, as YAML text by key.
Draft given_values(const Kind& k, const NewOptions& o, const Date& now)
{
  Draft d;
  d.kind = &k;
  const auto put = [&](const std::string& key, const std::string& value) {
    if (!value.empty())
      d.given[key] = value_for(&k, false, key, value, now);
  };
  put("title", o.title);
  put("owner", o.owner);
  put("deadline", o.deadline);
  put("deliverable", o.deliverable);
  put("status", o.status);
  put("dept", o.dept);
  put("host", o.host);
  put("recorder", o.recorder);
  put("attendees", o.attendees);
  put(std::string(k.date_field), o.date);
  for (const auto& a : o.sets) {
    auto [key, value] = split_assignment(a);
    if (key == "id" || key == "kind")
      throw usage_error(trf("`{}` is set by collab", key));
    if (!d.given.count(key) && std::find(k.new_keys.begin(), k.new_keys.end(), key) == k.new_keys.end())
      d.extra_keys.push_back(key);
    d.given[key] = value_for(&k, false, key, value, now);
  }
  return d;
}

/// The person of the `people` registry the git identity is: by email, else by name or alias.
std::optional<std::string> registered_name(const Workspace& ws, const Identity& who)
{
  for (const auto& [name, person] : ws.config.people)
    if (!person.email.empty() && person.email == who.email)
      return name;
  for (const auto& [name, person] : ws.config.people)
    if (!who.name.empty() &&
        (name == who.name || std::find(person.aliases.begin(), person.aliases.end(), who.name) != person.aliases.end()))
      return name;
  return std::nullopt;
}

/// Defaults: the day of the record (when its date is required), an open status, and the
/// recorder from the git identity.
void add_defaults(Draft& d, const Workspace& ws, const Identity& who, const Date& now)
{
  const Kind& k = *d.kind;
  const std::string date_key(k.date_field);
  if (const Field* f = k.schema->find(date_key); f && f->required && !d.given.count(date_key))
    d.given[date_key] = now.str();
  if (k.has_status()) {
    // In the repo's vocabulary and the kind's register (a request's 待沟通), as every write.
    const auto given = d.given.find("status");
    const auto status = given == d.given.end() ? std::optional(Status::Todo) : parse_status(given->second);
    if (status)
      d.given["status"] = status_word(*status, k.name, ws.config.lang == "zh" ? Vocabulary::Chinese : Vocabulary::English);
  }
  if (k.schema->find("recorder") && !d.given.count("recorder"))
    if (const auto name = registered_name(ws, who))
      d.given["recorder"] = emit_scalar(*name);
}

/// The required keys still missing: the schema's and the config's `required`.
void find_missing(Draft& d, const Workspace& ws)
{
  for (const auto& f : d.kind->schema->fields)
    if (f.required && f.name != "id" && f.name != "kind" && !d.given.count(std::string(f.name)))
      d.missing.emplace_back(f.name);
  if (auto it = ws.config.required.find(std::string(d.kind->name)); it != ws.config.required.end())
    for (const auto& key : it->second)
      if (!d.given.count(key) && std::find(d.missing.begin(), d.missing.end(), key) == d.missing.end())
        d.missing.push_back(key);
}

/// A key `new` writes after the kind's own keys (unless it is one of them already).
void put_extra(Draft& d, const std::string& key, std::string value)
{
  const auto& own = d.kind->new_keys;
  if (std::find(own.begin(), own.end(), key) == own.end() &&
      std::find(d.extra_keys.begin(), d.extra_keys.end(), key) == d.extra_keys.end())
    d.extra_keys.push_back(key);
  d.given[key] = std::move(value);
}

/// --follow-up ID: `follow_up` and, in `previous_actions`, the refs still open (see follow_up_refs).
void add_follow_up(Draft& d, const Workspace& ws, const NewOptions& o, const Date& now)
{
  if (o.follow_up.empty())
    return;
  if (d.kind->name != "meeting")
    throw usage_error(trf("--follow-up is for a new meeting, not a {} (collab new meeting --follow-up ID)",
                          d.kind->name));
  const auto refs = follow_up_refs(ws, o.follow_up, now);
  put_extra(d, "follow_up", emit_scalar(o.follow_up));
  if (!refs.empty())
    put_extra(d, "previous_actions", emit_flow_list(refs));
}

/// The scalar texts of a list value (or of one scalar).
std::vector<std::string> list_texts(const Node* n)
{
  std::vector<std::string> out;
  if (n && n->is_scalar() && !n->value.empty())
    out.push_back(n->value);
  for (const Node* i : n ? n->items : std::vector<const Node*>{})
    if (i->is_scalar())
      out.push_back(i->value);
  return out;
}

/// Error(2) when the action `ref` of `rec` was promoted already: a task has it as `source`,
/// or the action links to an existing task.
void refuse_promoted(const Workspace& ws, const LoadedRecord& rec, const Ref& ref)
{
  std::optional<std::string> task = task_from(ws, ref.str());
  for (const auto& link : list_texts(ref_target(rec, ref).get("links"))) {
    if (task || !find_record_file(ws, link))
      continue;
    try {
      if (const LoadedRecord t = load_record(ws, link); t.kind && t.kind->name == "task")
        task = link;
    } catch (const Error&) {
      // an unreadable record is lint's business; it is no task this action was promoted to
    }
  }
  if (task)
    throw usage_error(trf("{} was promoted to task {} already; see `collab show {}`", ref.str(), *task, *task));
}

/// The action --from names, read from its meeting; Error(2) when REF is no action of a meeting
/// or was promoted already.
Ref promoted_action(const Workspace& ws, const std::string& text, LoadedRecord& rec)
{
  const Ref ref = require_ref(text, false);
  if (!find_record_file(ws, ref.id))
    throw usage_error(trf("--from {}: there is no record {}", text, ref.id));
  rec = load_record(ws, ref.id);
  if (!rec.kind || rec.kind->name != "meeting")
    throw usage_error(trf("--from {}: {} is not a meeting; only a meeting's action (M-...#n) becomes a task", text,
                          ref.id));
  if (ref.index == 0)
    throw usage_error(trf("--from {}: name one action of the meeting, like {}#1", text, ref.id));
  ref_target(rec, ref); // Error(2) when there is no such action
  refuse_promoted(ws, rec, ref);
  return ref;
}

/// --from REF: the task takes the action's text as title, its owner, deadline, deliverable
/// and dept (flags given win), and `source: REF`.
std::optional<Ref> add_from(Draft& d, const Workspace& ws, const NewOptions& o)
{
  if (o.from.empty())
    return std::nullopt;
  if (d.kind->name != "task")
    throw usage_error(trf("--from is for a new task, not a {} (collab new task --from M-...#n)", d.kind->name));
  LoadedRecord rec;
  const Ref ref = promoted_action(ws, o.from, rec);
  const Node& action = ref_target(rec, ref);
  for (const auto& [key, from] : {std::pair<std::string, std::string>{"title", "action"}, {"owner", "owner"},
                                  {"deadline", "deadline"}, {"deliverable", "deliverable"}, {"dept", "dept"}})
    if (const Node* v = action.get(from); v && v->is_scalar() && !v->value.empty() && !d.given.count(key))
      d.given[key] = emit_scalar(v->value);
  put_extra(d, "source", emit_scalar(ref.str()));
  return ref;
}

/// The change --from makes to the meeting, read under the write lock: the action links to
/// the new task `id`.
std::vector<FileChange> link_action(const Workspace& ws, const Ref& ref, const std::string& id)
{
  const LoadedRecord rec = load_record(ws, ref.id);
  if (!rec.kind || rec.kind->name != "meeting")
    throw usage_error(trf("--from {}: {} is not a meeting; only a meeting's action (M-...#n) becomes a task",
                          ref.str(), ref.id));
  refuse_promoted(ws, rec, ref);
  std::vector<std::string> links = list_texts(ref_target(rec, ref).get("links"));
  links.push_back(id);
  const std::string text = apply_edits(rec, ref, {{"links", emit_flow_list(links)}});
  require_valid(ws, rec.path, text, ref.id,
                trf("linking {} to the new task would leave {} invalid; nothing was written", ref.str(),
                    rec.src->path()),
                Warnings{false});
  return {FileChange{rec.path, text}};
}

/// The option that gives key `m` on the command line, with what it takes.
std::string flag_for(const std::string& m)
{
  if (m == "owner" || m == "host" || m == "recorder")
    return fmt::format("`--{} NAME`", m);
  if (m == "title" || m == "deliverable")
    return fmt::format("`--{} TEXT`", m);
  if (m == "deadline")
    return "`--deadline DATE`";
  if (m == "attendees")
    return "`--attendees NAME,NAME`";
  return fmt::format("`--set {}=...`", m);
}

/// Error(2) naming the flags that would fill the missing keys.
[[noreturn]] void refuse_missing(const Draft& d)
{
  std::vector<std::string> fields, flags;
  for (const auto& m : d.missing) {
    fields.push_back("`" + m + "`");
    flags.push_back(flag_for(m));
  }
  // Field names are quoted: "needs to; give" read as a broken sentence for the request's `to`.
  throw usage_error(trnf("a new {1} needs the field {2}; give {3} (or run it on a terminal to fill it in an editor)",
                         "a new {1} needs the fields {2}; give {3} (or run it on a terminal to fill them in an editor)",
                         d.missing.size(), d.kind->name, fmt::join(fields, ", "), fmt::join(flags, ", ")));
}

/// {dept} in the id: --dept (or --set dept=), else the owner's department in the registry.
std::string id_dept(const NewOptions& o, const Workspace& ws)
{
  std::string dept = o.dept;
  std::string owner = o.owner;
  for (const auto& a : o.sets) {
    const auto [key, value] = split_assignment(a);
    if (key == "dept" && dept.empty())
      dept = value;
    if (key == "owner" && owner.empty())
      owner = value;
  }
  if (dept.empty() && !owner.empty())
    if (auto it = ws.config.people.find(owner); it != ws.config.people.end())
      dept = it->second.dept;
  return dept;
}

/// The line that points editors at the kind's schema (`collab schema`), when the root has the
/// schema files (`init` writes them, `schema --write` in an older root); "" otherwise, as a
/// line naming a missing file would only show an error in the editor.
std::string modeline_for(const Workspace& ws, const Kind& k)
{
  std::error_code ec;
  const fs::path schema = ws.root / k_schema_dir / (std::string(k.name) + ".json");
  if (!fs::exists(schema, ec))
    return "";
  return schema_modeline(ws.root, ws.root / k.folder / "record.yaml", k.name);
}

/// The record's text: the modeline, id and kind, the kind's keys in order, then the extra and missing
/// ones (placeholders for the editor), and `created`.
std::string draft_text(const Draft& d, const std::string& id, bool for_editor, const Date& now)
{
  const Kind& k = *d.kind;
  if (for_editor && k.name == "meeting") // the recorder's template: the guides' whole minutes
  {
    std::vector<std::string> extra = d.extra_keys;
    for (const auto& m : d.missing) // keys the config's `required` adds (tags, ...)
      if (!minutes_template_has(m) && std::find(extra.begin(), extra.end(), m) == extra.end())
        extra.push_back(m);
    return d.modeline + minutes_template(emit_scalar(id), d.given, extra, now.str());
  }
  std::string text = d.modeline + fmt::format("id: {}\nkind: {}\n", emit_scalar(id), k.name);
  std::vector<std::string> keys(k.new_keys.begin(), k.new_keys.end());
  keys.insert(keys.end(), d.extra_keys.begin(), d.extra_keys.end());
  for (const auto& m : d.missing)
    if (std::find(keys.begin(), keys.end(), m) == keys.end())
      keys.push_back(m);
  for (const auto& key : keys) {
    if (auto it = d.given.find(key); it != d.given.end())
      text += fmt::format("{}: {}\n", key, it->second);
    else if (std::find(d.missing.begin(), d.missing.end(), key) != d.missing.end())
      text += fmt::format("{}: {}\n", key, placeholder(k.schema->find(key)));
  }
  text += fmt::format("created: {}\n", now.str());
  return text;
}

/// What `new` committed.
struct Saved {
  std::string id, title, commit;
};

/// Commits the new record under the write lock, with the id that is free then (another
/// process may have taken the one shown in the editor).
Saved save_new(Repo& repo, const Workspace& ws, const Kind& k, std::string text, const Date& id_date,
               const std::string& dept, const Identity& who, const std::optional<Ref>& from)
{
  WriteLock lock(repo);
  repo.require_writable(); // before the undo of a killed write, as in WriteSession
  undo_interrupted_write(repo);
  const std::string id = next_id(ws, k.name, id_date, dept, repo.removed_paths(ws.root));
  const lint::ReadOptions no_rules{false, true};
  if (const auto draft = lint::read_record_text(ws, "new.yaml", text, id, no_rules);
      draft.root() && draft.root()->text_of("id") != id)
    text = set_field(text, *draft.root(), "id", emit_scalar(id));
  const fs::path path = ws.root / k.folder / (id + ".yaml");
  const auto saved =
    require_valid(ws, path, text, id, trf("the new {} would be invalid; nothing was written", k.name),
                  Warnings{false}); // shown once already, before the lock
  std::vector<FileChange> changes{FileChange{path, text}};
  if (from) // the meeting too, in the same commit
    for (auto& c : link_action(ws, *from, id))
      changes.push_back(std::move(c));
  refuse_links(ws, changes);
  const std::string title = saved.root() ? std::string(saved.root()->text_of("title")) : "";
  const std::string message = from ? fmt::format("new {} from {}: {}\n\n{} links to {} now.\n", id, from->str(), title,
                                                 from->str(), id)
                                   : fmt::format("new {}: {}\n", id, title);
  return {id, title, write_and_commit(repo, changes, message, who)};
}

} // namespace

int run_new(const GlobalOptions& g, const NewOptions& o)
{
  const Kind* k = &require_kind(o.kind);
  const Workspace ws = load_workspace(g);
  auto repo = open_repo(ws);
  const Identity who = repo->identity(); // refuse before anything is written or typed
  repo->require_writable(); // likewise a merge or rebase in progress (checked again at the commit)
  const Date now = today(g);

  Draft d = given_values(*k, o, now);
  const std::optional<Ref> from = add_from(d, ws, o);
  add_follow_up(d, ws, o, now);
  add_defaults(d, ws, who, now);
  find_missing(d, ws);
  d.modeline = modeline_for(ws, *k);
  const bool use_editor = o.edit || (!d.missing.empty() && interactive());
  if (!d.missing.empty() && !use_editor)
    refuse_missing(d);
  if (use_editor)
    require_editor(tr("give the fields as options instead of --edit (--title, --owner, --deadline, --set "
                      "KEY=VALUE, ...)"));

  const std::string dept = id_dept(o, ws);
  const Date id_date = k->id_year_from_date ? parse_iso_date(d.given[std::string(k->date_field)]).value_or(now) : now;
  // The id shown in the editor skips removed records' ids too; save_new takes it again under
  // the lock (another process may have added or removed a record meanwhile).
  const std::string shown_id = next_id(ws, k->name, id_date, dept, repo->removed_paths(ws.root));
  const fs::path shown_path = ws.root / k->folder / (shown_id + ".yaml");
  std::string text = draft_text(d, shown_id, use_editor, now);
  const std::string invalid = trf("the new {} would be invalid; nothing was written", k->name);
  if (use_editor) {
    const std::string intro =
      trf("new {} {}: fill in the fields, save and quit; an unchanged or empty file cancels.", k->name, shown_id);
    // A new record's draft undoes nothing when resumed: there is no record it could be older than.
    auto edited = edit_loop(ws, shown_path, shown_id, text, repo->git_dir() / "collab-drafts", DraftUse::Resume, intro);
    if (!edited) {
      if (!g.quiet)
        fmt::print(stderr, "collab: {}\n", tr("cancelled, nothing was written"));
      return k_exit_ok;
    }
    text = *edited;
    if (k->name == "meeting") {
      // What the recorder left empty goes; should that ever break the record, their text is kept.
      Draft hints = d; // the template's comments are hints to drop; the modeline is no hint
      hints.modeline.clear();
      const std::string clean = drop_unfilled(text, draft_text(hints, shown_id, true, now));
      if (errors_in(ws, shown_path, clean, shown_id, Warnings{false}).empty())
        text = clean;
    }
  } else {
    require_valid(ws, shown_path, text, shown_id, invalid, Warnings{!g.quiet});
  }

  const Saved saved = save_new(*repo, ws, *k, text, id_date, dept, who, from);
  if (g.quiet)
    fmt::print("{}\n", saved.id); // scripts learn the id
  else
    fmt::print("new {}: {} [{}]\n{}\n", saved.id, saved.title, saved.commit.substr(0, 7),
               ws.display(ws.root / k->folder / (saved.id + ".yaml")));
  return k_exit_ok;
}

} // namespace collab::commands

#include "commands/common.h"

#include "collab/util/terminal.h"

#include "collab/yaml/emit.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/lint/lint_files.h"
#include "collab/lint/output_formats.h"
#include "collab/model/kinds.h"
#include "collab/store/record_files.h"
#include "collab/store/write_lock.h"
#include "collab/yaml/text_edit.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::lint;

Date today(const GlobalOptions& g)
{
  const Date local = local_today();
  if (!g.as_of.empty()) {
    if (auto d = parse_friendly_date(g.as_of, local))
      return *d;
    throw usage_error(fmt::format("--as-of `{}` is not a date; use YYYY-MM-DD, today, +3d, fri...", g.as_of));
  }
  if (const char* env = std::getenv("COLLAB_TODAY"); env && *env) {
    if (auto d = parse_friendly_date(env, local))
      return *d;
    throw usage_error(fmt::format("COLLAB_TODAY `{}` is not a date; use YYYY-MM-DD", env));
  }
  return local;
}

Workspace load_workspace(const GlobalOptions& g)
{
  std::vector<Diagnostic> errors;
  Workspace ws = open_workspace(working_dir(g.dir), errors);
  if (!errors.empty()) {
    for (const auto& d : errors)
      fmt::print(stderr, "{}:{}:{}: error: {}\n", d.path, d.pos.line, d.pos.column, d.message);
    throw usage_error(fmt::format("invalid configuration; fix {} and run again", k_config_name));
  }
  return ws;
}

std::unique_ptr<Repo> open_repo(const Workspace& ws)
{
  auto repo = Repo::discover(ws.root);
  if (!repo)
    throw repo_error(fmt::format("{} is not inside a git work tree; run `git init` there (or `collab init`)",
                                 ws.root.string()));
  return repo;
}

LoadedRecord load_record(const Workspace& ws, const std::string& id)
{
  auto path = find_record_file(ws, id);
  if (!path)
    throw usage_error(fmt::format("no record `{}` below {}", id, ws.root.string()));
  LoadedRecord rec;
  rec.path = *path;
  rec.text = read_file(*path);
  rec.src = std::make_unique<SourceFile>(ws.display(*path), rec.text);
  rec.parsed = parse_yaml(*rec.src);
  if (rec.parsed.error)
    throw repo_error(fmt::format("{}:{}:{}: {}; fix it first (see `collab lint`)", rec.src->path(),
                                 rec.parsed.error->pos.line, rec.parsed.error->pos.column,
                                 rec.parsed.error->message));
  if (!rec.parsed.doc || !rec.parsed.doc->root() || !rec.parsed.doc->root()->is_map())
    throw repo_error(fmt::format("{} is not a record (see `collab lint`)", rec.src->path()));
  rec.kind = std::string(rec.root().text_of("kind"));
  return rec;
}

Ref require_ref(const std::string& text, bool whole, std::string_view what)
{
  const auto ref = parse_ref(text);
  if (ref && (!whole || ref->index == 0))
    return *ref;
  if (!whole)
    throw usage_error(fmt::format("`{}` is not a record id or item ref (ID or ID#n)", text));
  throw usage_error(what.empty() ? fmt::format("`{}` is not a record id", text)
                                 : fmt::format("`{}` is not a record id ({})", text, what));
}

const yaml::Node& ref_target(const LoadedRecord& rec, const Ref& ref)
{
  if (ref.index == 0)
    return rec.root();
  const auto list_key = item_list_key(rec.kind);
  const yaml::Node* list = list_key.empty() ? nullptr : rec.root().get(list_key);
  const size_t count = list && list->is_seq() ? list->items.size() : 0;
  if (static_cast<size_t>(ref.index) > count)
    throw usage_error(list_key.empty()
                        ? fmt::format("{} is a {}, which has no numbered items; use `{}`", ref.str(), rec.kind, ref.id)
                        : fmt::format("{} has {} {}; there is no #{}", ref.id, count, list_key, ref.index));
  const yaml::Node* item = list->items[static_cast<size_t>(ref.index) - 1];
  if (!item->is_map())
    throw repo_error(fmt::format("{} is not a mapping in {}; fix it with `collab edit {}`", ref.str(),
                                 rec.src->path(), ref.id));
  return *item;
}

std::string item_text(const yaml::Node& target, const LoadedRecord& rec, const Ref& ref)
{
  if (ref.index == 0)
    return std::string(target.text_of("title"));
  const auto action = target.text_of(rec.kind == "task" ? "title" : "action");
  return std::string(action.empty() ? target.text_of("title") : action);
}

bool validate(const Workspace& ws, const fs::path& path, const std::string& text, std::string_view id)
{
  FileResult r = lint_text(ws, ws.display(path), text, id);
  const bool errors = std::any_of(r.diags.begin(), r.diags.end(),
                                  [](const Diagnostic& d) { return d.severity == Severity::Error; });
  // Warnings do not stop a write, but the user sees them (errors alone when refusing).
  if (errors)
    std::erase_if(r.diags, [](const Diagnostic& d) { return d.severity != Severity::Error; });
  const std::string out = format_text({r}, use_color("auto", STDERR_FILENO));
  std::fwrite(out.data(), 1, out.size(), stderr);
  return !errors;
}

void commit_change(const GlobalOptions& g, const Workspace& ws, const std::vector<FileChange>& changes,
                   const std::string& message)
{
  auto repo = open_repo(ws);
  const Identity who = repo->identity(); // refuse before writing
  WriteLock lock(*repo);
  const std::string commit = write_and_commit(*repo, changes, message, who);
  if (commit.empty())
    fmt::print(stderr, "collab: nothing to commit (the files were never committed)\n");
  else if (!g.quiet)
    fmt::print("{} [{}]\n", message.substr(0, message.find('\n')), commit.substr(0, 7));
}

std::string value_for(const std::string& kind, bool item, const std::string& key, const std::string& value,
                      const Date& today)
{
  const Schema* schema = record_schema(kind);
  const Field* field = nullptr;
  if (schema && !item) {
    field = schema->find(key);
  } else if (schema) {
    const auto list = item_list_key(kind);
    if (const Field* f = schema->find(list); f && f->sub)
      field = f->sub->find(key);
  }
  const FieldType type = field ? field->type : FieldType::Text;
  switch (type) {
  case FieldType::Date: {
    if (auto d = parse_friendly_date(value, today))
      return d->str();
    throw usage_error(fmt::format("`{}={}`: not a date; use YYYY-MM-DD, today, tomorrow, +3d, +2w, fri, eow, eom",
                                  key, value));
  }
  case FieldType::TextList:
  case FieldType::People:
  case FieldType::Attendees: {
    std::vector<std::string> items;
    size_t start = 0;
    while (start <= value.size()) {
      const size_t comma = value.find(',', start);
      std::string part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      while (!part.empty() && part.front() == ' ')
        part.erase(0, 1);
      while (!part.empty() && part.back() == ' ')
        part.pop_back();
      if (!part.empty())
        items.push_back(part);
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
    if (type == FieldType::People && items.size() == 1)
      return emit_scalar(items[0]);
    return emit_flow_list(items);
  }
  case FieldType::Progress:
    if (!value.empty() && value.size() <= 3 && value.find_first_not_of("0123456789") == std::string::npos)
      return value;
    return emit_scalar(value);
  default: return emit_scalar(value);
  }
}

std::pair<std::string, std::string> split_assignment(const std::string& s)
{
  const auto eq = s.find('=');
  if (eq == std::string::npos || eq == 0)
    throw usage_error(fmt::format("`{}` is not key=value", s));
  return {s.substr(0, eq), s.substr(eq + 1)};
}

} // namespace collab::commands

namespace collab::commands {

std::string apply_edits(const LoadedRecord& rec, const Ref& ref,
                        const std::vector<std::pair<std::string, std::string>>& edits)
{
  std::string text = rec.text;
  try {
    const auto list_key = item_list_key(rec.kind);
    const yaml::Node* list = list_key.empty() ? nullptr : rec.root().get(list_key);
    const size_t count = list && list->is_seq() ? list->items.size() : 0;
    if (ref.index > 0 && static_cast<size_t>(ref.index) == count + 1 && !list_key.empty())
      return append_entry(text, rec.root(), list_key, edits);
    for (const auto& [key, value] : edits) {
      // Re-parse after each edit so every position is exact.
      SourceFile src(rec.src->path(), text);
      ParsedYaml parsed = parse_yaml(src);
      if (parsed.error || !parsed.doc)
        throw usage_error("the edit produced invalid YAML; nothing was written");
      LoadedRecord view;
      view.kind = rec.kind;
      view.parsed = std::move(parsed);
      view.src = std::make_unique<SourceFile>(src);
      view.text = text;
      const yaml::Node& target = ref_target(view, ref);
      text = set_field(text, target, key, value);
    }
  } catch (const EditError& e) {
    throw usage_error(fmt::format("cannot change {} in place ({}); use `collab edit {}`", ref.str(), e.what(), ref.id));
  }
  return text;
}

RecordHistory open_history(const GlobalOptions& g, const std::string& id)
{
  RecordHistory h{require_ref(id, true), load_workspace(g), nullptr, {}};
  h.repo = open_repo(h.ws);
  if (auto p = find_record_file(h.ws, h.ref.id)) {
    h.path = *p;
    return h;
  }
  // A removed record is found in the kind folders' history.
  bool complete = false;
  for (const char* folder : {"meetings", "tasks", "issues", "requests"}) {
    const fs::path p = h.ws.root / folder / (h.ref.id + ".yaml");
    if (!h.repo->history(p, 1, complete).empty()) {
      h.path = p;
      return h;
    }
  }
  throw usage_error(fmt::format("no record `{}` below {}, now or in its history", h.ref.id, h.ws.root.string()));
}

int write_record(const GlobalOptions& g, const Workspace& ws, const LoadedRecord& rec, const Ref& ref,
                 const std::string& verb, const std::string& new_text)
{
  if (new_text == rec.text) {
    if (!g.quiet)
      fmt::print(stderr, "collab: {} is already like that; nothing to commit\n", ref.str());
    return k_exit_ok;
  }
  if (!validate(ws, rec.path, new_text, ref.id)) {
    fmt::print(stderr, "collab: error: the change would leave {} invalid; nothing was written\n", rec.src->path());
    return k_exit_findings;
  }
  // The title after the change (a new item's text comes from the new text).
  SourceFile src(rec.src->path(), new_text);
  LoadedRecord after;
  after.kind = rec.kind;
  after.parsed = parse_yaml(src);
  after.src = std::make_unique<SourceFile>(src);
  std::string title = rec.kind.empty() ? "" : item_text(ref_target(after, ref), after, ref);
  commit_change(g, ws, {FileChange{rec.path, new_text}},
                title.empty() ? fmt::format("{} {}\n", verb, ref.str()) : fmt::format("{} {}: {}\n", verb, ref.str(), title));
  return k_exit_ok;
}

} // namespace collab::commands

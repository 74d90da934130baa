#include "commands/context.h"
#include "commands/record_edit.h"
#include "commands/values.h"
#include "commands/editor.h"

#include "collab/yaml/emit.h"
#include "collab/lint/read_record.h"
#include "collab/util/error.h"
#include "collab/model/kinds.h"
#include "collab/store/record_files.h"
#include "collab/store/write_lock.h"
#include "collab/yaml/text_edit.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <map>

namespace collab::commands {

using namespace collab::util;
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
  case FieldType::Owner: return "# exactly one person";
  case FieldType::Person: return "# a person";
  case FieldType::Attendees: return "# [name, name, ...]";
  default: return "";
  }
}

} // namespace

int run_new(const GlobalOptions& g, const NewOptions& o)
{
  const std::string kind = o.kind;
  const Kind* k = find_kind(kind);
  if (!k)
    throw usage_error(fmt::format("unknown kind `{}`; use {}", kind, fmt::join(record_kinds(), ", ")));
  const Schema* schema = k->schema;
  const std::vector<std::string> key_order(k->new_keys.begin(), k->new_keys.end());
  const Workspace ws = load_workspace(g);
  auto repo = open_repo(ws);
  const Identity who = repo->identity(); // refuse before anything is written or typed
  const Date now = today(g);

  // Values given on the command line, by key.
  std::map<std::string, std::string> given;
  const auto put = [&](const std::string& key, const std::string& value) {
    if (!value.empty())
      given[key] = value_for(k, false, key, value, now);
  };
  put("title", o.title);
  put("owner", o.owner);
  put("deadline", o.deadline);
  put("deliverable", o.deliverable);
  put("status", o.status);
  put("dept", o.dept);
  put("host", o.host);
  put("recorder", o.recorder);
  if (!o.attendees.empty())
    put("attendees", o.attendees);
  if (!o.date.empty())
    put(std::string(k->date_field), o.date);
  std::vector<std::string> extra_keys;
  for (const auto& a : o.sets) {
    auto [key, value] = split_assignment(a);
    if (key == "id" || key == "kind")
      throw usage_error(fmt::format("`{}` is set by collab", key));
    if (!given.count(key) && std::find(key_order.begin(), key_order.end(), key) == key_order.end())
      extra_keys.push_back(key);
    given[key] = value_for(k, false, key, value, now);
  }
  // Defaults: the day of the record (when its date is required), an open status, and the
  // recorder from the git identity.
  if (const Field* f = schema->find(k->date_field); f && f->required && !given.count(std::string(k->date_field)))
    given[std::string(k->date_field)] = now.str();
  if (k->has_status() && !given.count("status"))
    given["status"] = "todo";
  if (schema->find("recorder") && !given.count("recorder"))
    for (const auto& [name, person] : ws.config.people)
      if (!person.email.empty() && person.email == who.email)
        given["recorder"] = emit_scalar(name);

  // Required keys still missing.
  std::vector<std::string> missing;
  for (const auto& f : schema->fields)
    if (f.required && f.name != "id" && f.name != "kind" && !given.count(std::string(f.name)))
      missing.emplace_back(f.name);
  if (auto it = ws.config.required.find(kind); it != ws.config.required.end())
    for (const auto& k : it->second)
      if (!given.count(k) && std::find(missing.begin(), missing.end(), k) == missing.end())
        missing.push_back(k);

  const bool use_editor = o.edit || (!missing.empty() && interactive());
  if (!missing.empty() && !use_editor) {
    std::vector<std::string> flags;
    for (const auto& m : missing)
      flags.push_back(m == "title" || m == "owner" || m == "deadline" || m == "deliverable" || m == "host" ||
                          m == "recorder" || m == "attendees"
                        ? "--" + m
                        : "--set " + m + "=...");
    throw usage_error(fmt::format("a new {} needs {}; give {} (or run it on a terminal to fill them in an editor)",
                                  kind, fmt::join(missing, ", "), fmt::join(flags, ", ")));
  }

  // {dept} in the id: --dept, else the owner's department in the registry.
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
  const Date id_date = k->id_year_from_date ? parse_iso_date(given[std::string(k->date_field)]).value_or(now) : now;
  const fs::path folder = ws.root / k->folder;

  std::string text;
  {
    const std::string id = next_id(ws, kind, id_date, dept);
    text = fmt::format("id: {}\nkind: {}\n", emit_scalar(id), kind);
    std::vector<std::string> keys = key_order;
    keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
    for (const auto& m : missing)
      if (std::find(keys.begin(), keys.end(), m) == keys.end())
        keys.push_back(m);
    for (const auto& key : keys) {
      if (auto it = given.find(key); it != given.end())
        text += fmt::format("{}: {}\n", key, it->second);
      else if (std::find(missing.begin(), missing.end(), key) != missing.end())
        text += fmt::format("{}: {}\n", key, placeholder(schema->find(key)));
    }
    if (use_editor && k->item_list == "actions")
      text += "actions:\n  # - action: what to do, specific and verifiable\n  #   owner: one person\n"
              "  #   deadline: YYYY-MM-DD\n  #   deliverable: what shows it is done\n";
    text += fmt::format("created: {}\n", now.str());
    if (use_editor) {
      const std::string intro =
        fmt::format("new {} {}: fill in the fields, save and quit; an unchanged or empty file cancels.", kind, id);
      auto saved = edit_loop(ws, folder / (id + ".yaml"), id, text, repo->git_dir() / "collab-drafts", intro);
      if (!saved) {
        if (!g.quiet)
          fmt::print(stderr, "collab: cancelled, nothing was written\n");
        return k_exit_ok;
      }
      text = *saved;
    } else {
      require_valid(ws, folder / (id + ".yaml"), text, id, fmt::format("the new {} would be invalid; nothing was written", kind));
    }
  }

  // Under the lock the id is final: another process may have taken the one shown.
  WriteLock lock(*repo);
  const std::string id = next_id(ws, kind, id_date, dept);
  const lint::ReadOptions no_rules{false, true};
  if (const auto draft = lint::read_record_text(ws, "new.yaml", text, id, no_rules); draft.root() && draft.root()->text_of("id") != id)
    text = set_field(text, *draft.root(), "id", emit_scalar(id));
  const fs::path path = folder / (id + ".yaml");
  require_valid(ws, path, text, id, fmt::format("the new {} would be invalid; nothing was written", kind));
  const auto saved = lint::read_record_text(ws, "new.yaml", text, id, no_rules);
  const std::string title = saved.root() ? std::string(saved.root()->text_of("title")) : "";
  const std::string message = fmt::format("new {}: {}\n", id, title);
  const std::string commit = write_and_commit(*repo, {FileChange{path, text}}, message, who);
  if (g.quiet)
    fmt::print("{}\n", id); // scripts learn the id
  else
    fmt::print("new {}: {} [{}]\n{}\n", id, title, commit.substr(0, 7), ws.display(path));
  return k_exit_ok;
}

} // namespace collab::commands

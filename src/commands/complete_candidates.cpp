#include "commands/complete_candidates.h"

#include "collab/lint/read_record.h"
#include "collab/model/items.h"
#include "collab/model/kinds.h"
#include "collab/model/status.h"
#include "collab/model/status_words.h"
#include "collab/store/record_files.h"
#include "collab/store/workspace.h"
#include "collab/views/item_cache.h"

#include <algorithm>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace collab::commands {

namespace {

/// Collects candidates that start with what is typed, each word once, in the order added.
class Out {
public:
  Out(std::string typed, std::string prefix) : m_typed(std::move(typed)), m_prefix(std::move(prefix)) {}

  /// Adds `prefix + word` when it starts with the typed text.
  void add(std::string_view word, std::string_view description = {})
  {
    std::string full = m_prefix + std::string(word);
    if (!full.starts_with(m_typed) || !m_seen.insert(full).second)
      return;
    m_list.push_back({std::move(full), std::string(description)});
  }
  std::vector<Candidate> take() { return std::move(m_list); }
  size_t size() const { return m_list.size(); }

private:
  std::string m_typed;
  std::string m_prefix;
  std::set<std::string> m_seen;
  std::vector<Candidate> m_list;
};

const CliOption* find_option(const std::vector<CliOption>& options, std::string_view name)
{
  for (const auto& o : options)
    if (!o.positional && std::find(o.names.begin(), o.names.end(), name) != o.names.end())
      return &o;
  return nullptr;
}

/// The option named `name`: the command's own, else a global one.
const CliOption* find_option(const CliSpec& spec, const CliCommand* cmd, std::string_view name)
{
  if (cmd) {
    if (const auto* o = find_option(cmd->options, name))
      return o;
    if (std::find(cmd->refused.begin(), cmd->refused.end(), name) != cmd->refused.end())
      return nullptr;
  }
  return find_option(spec.globals, name);
}

/// The record id of a ref (`M-2024-007#2` -> `M-2024-007`).
std::string_view id_of(std::string_view ref) { return ref.substr(0, ref.find('#')); }

/// The words a record field's value is completed with, by the field's key.
ValueSource field_source(std::string_view key)
{
  if (key == "status")
    return ValueSource::Status;
  if (key == "owner" || key == "host" || key == "recorder")
    return ValueSource::Person;
  if (key == "attendees" || key == "cc")
    return ValueSource::People;
  if (key == "dept" || key == "from")
    return ValueSource::Dept;
  return ValueSource::None;
}

void add_values(ValueSource source, const std::vector<std::string>& choices, const std::string& typed,
                const std::string& prefix, const RepoFacts& facts, const std::vector<std::string>& given,
                std::vector<Candidate>& result);

/// Candidates for a list of names separated by commas: the last one is completed.
void add_list(ValueSource one, const std::string& typed, const std::string& prefix, const RepoFacts& facts,
              std::vector<Candidate>& result)
{
  const size_t comma = typed.rfind(',');
  const std::string head = comma == std::string::npos ? "" : typed.substr(0, comma + 1);
  std::set<std::string> listed;
  for (size_t at = 0; at < head.size();) {
    const size_t end = head.find(',', at);
    listed.insert(head.substr(at, end - at));
    at = end + 1;
  }
  std::vector<Candidate> names;
  add_values(one, {}, typed.substr(head.size()), prefix + head, facts, {}, names);
  for (auto& c : names)
    if (!listed.count(c.word.substr(prefix.size() + head.size())))
      result.push_back(std::move(c));
}

/// Candidates for a value of `source`; `typed` is the value typed so far, `prefix` what
/// precedes it in the shell's word (`--format=`, `owner=`); `given` the command's positionals.
void add_values(ValueSource source, const std::vector<std::string>& choices, const std::string& typed,
                const std::string& prefix, const RepoFacts& facts, const std::vector<std::string>& given,
                std::vector<Candidate>& result)
{
  Out out(prefix + typed, prefix);
  switch (source) {
  case ValueSource::None:
    break;
  case ValueSource::Choices:
    for (const auto& c : choices)
      out.add(c);
    break;
  case ValueSource::Status:
    for (const auto& [word, status] : model::status_words()) {
      const auto name = model::status_name(status);
      out.add(word, name == word ? std::string_view() : name);
    }
    break;
  case ValueSource::Person:
    if (facts.people)
      for (const auto& p : facts.people())
        out.add(p);
    break;
  case ValueSource::People:
    add_list(ValueSource::Person, typed, prefix, facts, result);
    return;
  case ValueSource::Dept:
    if (facts.departments)
      for (const auto& d : facts.departments())
        out.add(d);
    break;
  case ValueSource::Id:
  case ValueSource::MeetingId:
    if (facts.ids)
      for (const auto& id : facts.ids(source == ValueSource::MeetingId, typed))
        out.add(id);
    break;
  case ValueSource::Ref: {
    if (typed.find('#') == std::string::npos && facts.ids) {
      const std::vector<std::string> matching = facts.ids(false, typed);
      for (const auto& id : matching)
        out.add(id);
      // One record left (or typed whole): its items too, so `M-2024-007#` needs no typing.
      const bool whole = std::find(matching.begin(), matching.end(), typed) != matching.end();
      if (matching.size() != 1 && !whole)
        break;
      if (facts.refs)
        for (const auto& r : facts.refs(whole ? typed : matching.front()))
          out.add(r.word, r.description);
      break;
    }
    if (facts.refs)
      for (const auto& r : facts.refs(id_of(typed)))
        out.add(r.word, r.description);
    break;
  }
  case ValueSource::Assignment: {
    const size_t eq = typed.find('=');
    if (eq != std::string::npos) {
      const std::string key = typed.substr(0, eq);
      add_values(field_source(key), {}, typed.substr(eq + 1), prefix + key + "=", facts, given, result);
      return;
    }
    if (facts.fields && !given.empty())
      for (const auto& key : facts.fields(given.front()))
        out.add(key + "=");
    break;
  }
  case ValueSource::Path:
  case ValueSource::Dir:
    for (const auto& p : path_candidates(typed, source == ValueSource::Dir))
      out.add(p);
    break;
  }
  for (auto& c : out.take())
    result.push_back(std::move(c));
}

/// The options of a command (after its name) or the global ones (before it), by name.
std::vector<Candidate> option_names(const CliSpec& spec, const CliCommand* cmd, const std::string& typed)
{
  Out out(typed, "");
  const auto add = [&](const std::vector<CliOption>& options) {
    for (const auto& o : options)
      if (!o.positional)
        for (const auto& n : o.names)
          if (!cmd || std::find(cmd->refused.begin(), cmd->refused.end(), n) == cmd->refused.end())
            out.add(n, o.help);
  };
  if (cmd)
    add(cmd->options);
  add(spec.globals);
  return out.take();
}

} // namespace

std::vector<Candidate> complete_words(const CliSpec& spec, const std::vector<std::string>& words_in,
                                      const RepoFacts& facts)
{
  const std::vector<std::string> words = words_in.empty() ? std::vector<std::string>{""} : words_in;
  const std::string& typed = words.back();
  const CliCommand* cmd = nullptr;
  std::vector<std::string> given; // the command's positionals so far
  const CliOption* pending = nullptr;
  bool only_positionals = false;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& w = words[i];
    if (pending) {
      pending = nullptr;
      continue;
    }
    if (!only_positionals && w == "--") {
      only_positionals = true;
      continue;
    }
    if (!only_positionals && w.size() > 1 && w[0] == '-') {
      // --name=value and -Cvalue hold their value; --name and -C take the next word.
      const bool is_long = w.starts_with("--");
      const std::string name = is_long ? w.substr(0, w.find('=')) : w.substr(0, 2);
      const CliOption* o = find_option(spec, cmd, name);
      const bool attached = is_long ? w.find('=') != std::string::npos : w.size() > 2;
      if (o && o->takes_value && !attached)
        pending = o;
      continue;
    }
    if (!cmd) {
      const auto it = std::find_if(spec.commands.begin(), spec.commands.end(),
                                   [&](const CliCommand& c) { return c.name == w; });
      if (it == spec.commands.end())
        return {}; // not a command: nothing sensible follows
      cmd = &*it;
      continue;
    }
    given.push_back(w);
  }

  std::vector<Candidate> result;
  if (pending) {
    add_values(pending->source, pending->choices, typed, "", facts, given, result);
    return result;
  }
  if (!only_positionals && typed.starts_with("--") && typed.find('=') != std::string::npos) {
    const size_t eq = typed.find('=');
    if (const CliOption* o = find_option(spec, cmd, typed.substr(0, eq)); o && o->takes_value)
      add_values(o->source, o->choices, typed.substr(eq + 1), typed.substr(0, eq + 1), facts, given, result);
    return result;
  }
  if (!only_positionals && typed.starts_with("-"))
    return option_names(spec, cmd, typed);
  if (!cmd) {
    Out out(typed, "");
    for (const auto& c : spec.commands)
      out.add(c.name, c.help);
    return out.take();
  }
  // The positional this word is: the n-th, or the last when it takes every remaining word.
  const CliOption* positional = nullptr;
  size_t n = 0;
  for (const auto& o : cmd->options) {
    if (!o.positional)
      continue;
    positional = &o;
    if (n++ == given.size() || o.many)
      break;
    positional = nullptr;
  }
  if (positional)
    add_values(positional->source, positional->choices, typed, "", facts, given, result);
  return result;
}

std::string directory_of(const std::vector<std::string>& words)
{
  std::string dir;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == "--")
      break;
    if (words[i] == "-C" && i + 2 < words.size())
      dir = words[++i];
    else if (words[i].starts_with("-C") && words[i].size() > 2)
      dir = words[i].substr(2);
  }
  // The shell has not expanded `~` in the words it hands over.
  const char* home = std::getenv("HOME");
  if (home && (dir == "~" || dir.starts_with("~/")))
    dir = home + dir.substr(1);
  return dir;
}

std::vector<std::string> path_candidates(std::string_view prefix, bool dirs_only)
{
  const size_t slash = prefix.rfind('/');
  const std::string folder(slash == std::string_view::npos ? "" : prefix.substr(0, slash + 1));
  const std::string_view start = slash == std::string_view::npos ? prefix : prefix.substr(slash + 1);
  std::string opened = folder.empty() ? "." : folder;
  const char* home = std::getenv("HOME");
  if (home && opened.starts_with("~/"))
    opened = home + opened.substr(1);
  std::vector<std::string> out;
  DIR* d = ::opendir(opened.c_str());
  if (!d)
    return out;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == ".." || !name.starts_with(start) || (name[0] == '.' && !start.starts_with(".")))
      continue;
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
      struct stat st {};
      is_dir = ::stat((opened + "/" + std::string(name)).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    }
    if (dirs_only && !is_dir)
      continue;
    out.push_back(folder + std::string(name) + (is_dir ? "/" : ""));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

/// A record file found by name: its id and whether it is a meeting.
struct Named {
  std::string id;
  bool meeting = false;
};

/// The records root, opened when first asked.
struct Root {
  fs::path dir;
  bool tried = false;
  std::optional<store::Workspace> ws;

  const store::Workspace* get()
  {
    if (!tried) {
      tried = true;
      try {
        std::error_code ec;
        const fs::path start = dir.empty() ? fs::current_path(ec) : fs::path(dir);
        std::vector<util::Diagnostic> errors;
        if (store::find_root(start))
          ws = store::open_workspace(start, errors); // a config with errors still names people
      } catch (...) {
      }
    }
    return ws ? &*ws : nullptr;
  }

  /// The literal start of the meetings' id format (`M-` of `M-{year}-{seq}`).
  std::string meeting_prefix() const
  {
    const std::string format = ws->config.id_format_for("meeting");
    return format.substr(0, format.find('{'));
  }

  /// Walks the folders below the root by name only (no file is stat-ed or read): hidden
  /// folders and nested roots are skipped, as the scan of every command does. `top` is the
  /// folder of the root the walk is in ("" in the root itself).
  void walk(int dirfd, const std::string& top, std::string_view start, std::vector<Named>& out)
  {
    DIR* d = ::fdopendir(dirfd);
    if (!d) {
      ::close(dirfd);
      return;
    }
    // In a kind's folder the folder tells a meeting; elsewhere the id format's start does.
    const model::Kind* meeting = model::find_kind("meeting");
    const std::string prefix = meeting_prefix();
    const bool in_kind_folder = std::any_of(model::kinds().begin(), model::kinds().end(),
                                            [&](const model::Kind& k) { return k.folder == top; });
    std::vector<std::string> subdirs;
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name = e->d_name;
      if (name.empty() || name[0] == '.')
        continue;
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN) {
        struct stat st {};
        if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
          type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      if (type == DT_DIR) {
        subdirs.emplace_back(name);
        continue;
      }
      // Only the ids typed so far: 10,000 names are listed, a handful kept.
      if (type != DT_REG || !name.starts_with(start) || !store::is_record_file_name(name))
        continue;
      const std::string id(name.substr(0, name.rfind('.')));
      const bool is_meeting = in_kind_folder ? top == meeting->folder : id.starts_with(prefix);
      out.push_back({id, is_meeting});
    }
    for (const auto& sub : subdirs) {
      const int fd = ::openat(::dirfd(d), sub.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      if (fd < 0)
        continue;
      if (::faccessat(fd, model::k_config_name, F_OK, 0) == 0) { // a nested root: its records are its own
        ::close(fd);
        continue;
      }
      walk(fd, top.empty() ? sub : top, start, out);
    }
    ::closedir(d);
  }

  /// The record files whose id starts with `start`, by id.
  std::vector<Named> records(std::string_view start)
  {
    std::vector<Named> named;
    if (get()) {
      const int fd = ::open(ws->root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd >= 0)
        walk(fd, "", start, named);
      std::sort(named.begin(), named.end(), [](const Named& a, const Named& b) { return a.id < b.id; });
    }
    return named;
  }
};

/// The record `id` read (only that file), or an unreadable one.
lint::Record read_one(const store::Workspace& ws, std::string_view id)
{
  lint::Record rec;
  rec.unreadable = true;
  try {
    if (const auto file = store::find_record_file(ws, id))
      rec = lint::read_record(ws, *file, file->filename().string(), lint::ReadOptions{false, false});
  } catch (...) {
  }
  return rec;
}

} // namespace

RepoFacts repo_facts(const fs::path& dir)
{
  auto root = std::make_shared<Root>();
  root->dir = dir;
  RepoFacts f;
  f.ids = [root](bool meetings_only, std::string_view prefix) {
    std::vector<std::string> out;
    for (auto& r : root->records(prefix))
      if (!meetings_only || r.meeting)
        out.push_back(std::move(r.id));
    return out;
  };
  f.refs = [root](std::string_view id) {
    std::vector<Candidate> out;
    const auto* ws = root->get();
    if (!ws || id.empty())
      return out;
    const lint::Record rec = read_one(*ws, id);
    if (rec.unreadable || !rec.root())
      return out;
    std::vector<model::Item> items;
    model::TextArena arena;
    model::extract_items(rec.root(), rec.path, items, arena);
    for (const auto& it : items)
      if (it.ref.find('#') != std::string_view::npos)
        out.push_back({std::string(it.ref), it.owner.empty() ? std::string(it.title)
                                                             : std::string(it.title) + " (" + std::string(it.owner) + ")"});
    return out;
  };
  const auto cached = [root]() -> views::CachedNames {
    const auto* ws = root->get();
    if (!ws)
      return {};
    const auto file = views::item_cache_path(*ws);
    if (file) {
      auto names = views::cached_names(*ws, *file);
      std::error_code ec;
      if (!names.owners.empty() || fs::exists(*file, ec))
        return names;
    }
    // No cache yet: the items once (this writes the cache, so the next completion reads it).
    views::CachedNames names;
    try {
      const auto load = views::load_items(*ws, file);
      std::set<std::string> owners, depts;
      for (const auto& it : load.items) {
        owners.emplace(it.owner);
        depts.emplace(it.dept);
        depts.emplace(it.record_dept);
      }
      names.owners.assign(owners.begin(), owners.end());
      names.depts.assign(depts.begin(), depts.end());
    } catch (...) {
    }
    return names;
  };
  f.people = [root, cached] {
    std::set<std::string> names;
    if (const auto* ws = root->get())
      for (const auto& [name, person] : ws->config.people)
        names.insert(name);
    for (auto& o : cached().owners)
      names.insert(std::move(o));
    names.erase("");
    return std::vector<std::string>(names.begin(), names.end());
  };
  f.departments = [root, cached] {
    std::set<std::string> names;
    if (const auto* ws = root->get()) {
      names.insert(ws->config.departments.begin(), ws->config.departments.end());
      for (const auto& [name, person] : ws->config.people)
        names.insert(person.dept);
    }
    for (auto& d : cached().depts)
      names.insert(std::move(d));
    names.erase("");
    return std::vector<std::string>(names.begin(), names.end());
  };
  f.fields = [root](std::string_view ref) {
    std::vector<std::string> out;
    const auto* ws = root->get();
    if (!ws)
      return out;
    const lint::Record rec = read_one(*ws, id_of(ref));
    if (!rec.kind)
      return out;
    const model::Schema* schema = ref.find('#') == std::string_view::npos ? rec.kind->schema : rec.kind->item_schema();
    if (schema)
      for (const auto& field : schema->fields)
        if (field.name != "id" && field.name != "kind")
          out.emplace_back(field.name);
    return out;
  };
  return f;
}

} // namespace collab::commands

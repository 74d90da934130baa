#include "commands/meeting_cache.h"

#include "collab/lint/read_record.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/parallel.h"
#include "collab/util/text.h"
#include "collab/util/version.h"
#include "collab/views/item_cache.h"

#include <chrono>
#include <fmt/format.h>
#include <optional>
#include <unordered_map>

namespace collab::commands {

using namespace collab::store;

namespace {

constexpr char k_field = '\x1f';  // between the fields of an entry
constexpr char k_entry = '\x1e';  // after each entry
constexpr long long k_racy_ns = 2'000'000'000;

/// What one file was: a meeting (with its fields), no meeting, or unreadable (never cached).
struct Entry {
  enum class What { Meeting, Other, Unreadable } what = What::Other;
  MeetingFields fields;
};

/// The cache file: beside the item cache, `meetings-` for `items-`.
std::optional<fs::path> cache_path(const Workspace& ws)
{
  auto items = views::item_cache_path(ws);
  if (!items)
    return std::nullopt;
  std::string name = items->filename().string();
  name.replace(0, name.find('-'), "meetings");
  return items->parent_path() / name;
}

std::string header() { return fmt::format("collab-meetings 1 {}\n", util::k_version); }

/// The version key of a file as the scan saw it.
std::string stamp_of(const RecordFile& f)
{
  return fmt::format("{}{}{}{}{}{}{}", f.size, k_field, f.mtime_ns, k_field, f.ctime_ns, k_field, f.ino);
}

/// The cached entries by path: path -> (stamp, entry). Empty when the file is absent, of
/// another version, or damaged (everything is then read again).
std::unordered_map<std::string, std::pair<std::string, Entry>> read_cache(const fs::path& path)
{
  std::unordered_map<std::string, std::pair<std::string, Entry>> out;
  std::string text;
  try {
    text = util::read_file(path);
  } catch (...) {
    return out;
  }
  const std::string head = header();
  if (!text.starts_with(head))
    return out;
  std::string_view rest = std::string_view(text).substr(head.size());
  while (!rest.empty()) {
    const size_t end = rest.find(k_entry);
    if (end == std::string_view::npos)
      return {};
    std::vector<std::string_view> f;
    for (std::string_view e = rest.substr(0, end);;) {
      const size_t at = e.find(k_field);
      f.push_back(e.substr(0, at));
      if (at == std::string_view::npos)
        break;
      e.remove_prefix(at + 1);
    }
    rest.remove_prefix(end + 1);
    // path, size, mtime, ctime, ino, kind flag, then the 9 fields of a meeting
    if (f.size() != 6 && f.size() != 15)
      return {};
    Entry e;
    e.what = f[5] == "m" ? Entry::What::Meeting : Entry::What::Other;
    if (e.what == Entry::What::Meeting) {
      if (f.size() != 15)
        return {};
      MeetingFields& m = e.fields;
      std::string* dst[] = {&m.id, &m.title, &m.date, &m.time, &m.location, &m.mode, &m.host, &m.next_meeting, &m.follow_up};
      for (size_t i = 0; i < 9; ++i)
        dst[i]->assign(f[6 + i]);
    }
    std::string stamp = fmt::format("{}{}{}{}{}{}{}", f[1], k_field, f[2], k_field, f[3], k_field, f[4]);
    out[std::string(f[0])] = {std::move(stamp), std::move(e)};
  }
  return out;
}

/// True when a text can stand in the cache (no separator in it).
bool storable(std::string_view s) { return s.find(k_field) == std::string_view::npos && s.find(k_entry) == std::string_view::npos; }

/// Reads one file: a meeting's fields, no meeting, or unreadable.
Entry read_entry(const Workspace& ws, const RecordFile& f)
{
  // Most records are no meetings, and parsing is most of the time: a file whose bytes hold
  // neither `meeting` nor a backslash (the only way a double-quoted scalar can spell a word
  // otherwise) cannot say `kind: meeting`. Anything else, a link or a file that cannot be read
  // included, goes through the one read path as it is.
  try {
    size_t size = 0;
    const std::string text = util::read_file_prefix(ws.root / f.rel, size_t(1) << 20, size, false);
    if (size <= text.size() && text.find("meeting") == std::string::npos && text.find('\\') == std::string::npos)
      return {};
  } catch (const util::Error&) {
  }
  const lint::Record rec = lint::read_record(ws, ws.root / f.rel, f.rel, lint::ReadOptions{false, false});
  if (rec.unreadable || !rec.root())
    return {Entry::What::Unreadable, {}};
  if (!rec.kind || rec.kind->name != "meeting")
    return {};
  const yaml::Node& root = *rec.root();
  const auto text = [&](const char* key) { return std::string(util::trim(root.text_of(key))); };
  return {Entry::What::Meeting,
          {text("id"), text("title"), text("date"), text("time"), text("location"), text("mode"), text("host"),
           text("next_meeting"), text("follow_up")}};
}

} // namespace

std::vector<MeetingFields> load_meetings(const Workspace& ws, size_t& unreadable)
{
  const auto files = scan_record_files(ws.root);
  const auto path = cache_path(ws);
  auto cached = path ? read_cache(*path) : decltype(read_cache({})){};
  std::vector<Entry> entries(files.size());
  std::vector<size_t> todo;
  for (size_t i = 0; i < files.size(); ++i) {
    const auto it = cached.find(files[i].rel);
    if (it != cached.end() && it->second.first == stamp_of(files[i]))
      entries[i] = std::move(it->second.second);
    else
      todo.push_back(i);
  }
  util::parallel_for(todo.size(), [&](size_t k) { entries[todo[k]] = read_entry(ws, files[todo[k]]); });

  // Rewritten when a file was read, or one the cache knew is gone.
  if (path && (!todo.empty() || cached.size() != files.size() - todo.size())) {
    const long long now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string out = header();
    for (size_t i = 0; i < files.size(); ++i) {
      const RecordFile& f = files[i];
      const Entry& e = entries[i];
      // Racily clean: a file changed within two seconds could change again within the same
      // timestamp; unreadable files are read again anyway.
      if (e.what == Entry::What::Unreadable || f.mtime_ns > now_ns - k_racy_ns || f.ctime_ns > now_ns - k_racy_ns ||
          !storable(f.rel))
        continue;
      std::string line = f.rel + k_field + stamp_of(f) + k_field + (e.what == Entry::What::Meeting ? "m" : "o");
      if (e.what == Entry::What::Meeting) {
        const MeetingFields& m = e.fields;
        for (const std::string* s : {&m.id, &m.title, &m.date, &m.time, &m.location, &m.mode, &m.host, &m.next_meeting,
                                     &m.follow_up})
          line += k_field + *s;
        bool ok = true;
        for (const std::string* s : {&m.id, &m.title, &m.date, &m.time, &m.location, &m.mode, &m.host, &m.next_meeting,
                                     &m.follow_up})
          ok = ok && storable(*s);
        if (!ok)
          continue; // read again next time rather than stored wrong
      }
      out += line;
      out += k_entry;
    }
    try {
      std::error_code ec;
      fs::create_directories(path->parent_path(), ec);
      util::write_file_atomic(*path, out, false);
    } catch (const util::Error&) {
      // A cache that cannot be written costs time, never a result.
    }
  }

  unreadable = 0;
  std::vector<MeetingFields> meetings;
  for (Entry& e : entries) {
    if (e.what == Entry::What::Unreadable)
      ++unreadable;
    else if (e.what == Entry::What::Meeting)
      meetings.push_back(std::move(e.fields));
  }
  return meetings;
}

} // namespace collab::commands

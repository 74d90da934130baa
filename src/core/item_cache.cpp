#include "collab/item_cache.h"

#include "collab/fsutil.h"
#include "collab/parallel.h"
#include "collab/source_check.h"
#include "collab/version.h"
#include "collab/yaml_io.h"

#include <charconv>
#include <ctime>
#include <stdexcept>
#include <fmt/format.h>
#include <functional>
#include <future>
#include <sys/stat.h>
#include <unordered_map>

namespace collab {

namespace {

/// What identifies one version of a file without reading it.
struct FileKey {
  long long size = 0, mtime_ns = 0, ctime_ns = 0, ino = 0, dev = 0;
  friend bool operator==(const FileKey&, const FileKey&) = default;
};

struct Entry {
  FileKey key;
  std::vector<Item> items;
  bool unreadable = false;
};

constexpr long long k_racy_ns = 2'000'000'000; // entries this close to the cache's writing are re-read

long long now_ns()
{
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<long long>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

FileKey key_of(const RecordFile& f) { return FileKey{f.size, f.mtime_ns, f.ctime_ns, f.ino, f.dev}; }

void put(std::string& out, std::string_view s)
{
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  out += '\t';
}

/// The next tab-separated field of line, unescaped (escapes are rare: copied only then).
std::string next_field(std::string_view& line)
{
  const size_t tab = line.find('\t');
  std::string_view raw = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  if (raw.find('\\') == std::string_view::npos)
    return std::string(raw);
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      const char e = raw[++i];
      out += e == 't' ? '\t' : e == 'n' ? '\n' : e;
    } else {
      out += raw[i];
    }
  }
  return out;
}

long long number(std::string_view& line)
{
  const size_t tab = line.find('\t');
  const std::string_view raw = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  long long v = 0;
  const auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || ptr != raw.data() + raw.size())
    throw std::runtime_error("bad number");
  return v;
}

std::string header(const Workspace& ws) { return fmt::format("collab-items 2 {} {}\n", k_version, ws.root.string()); }

/// The cache's entries by relative path; empty when missing or from another version.
std::unordered_map<std::string, Entry> read_cache(const Workspace& ws, const fs::path& file, long long& written)
{
  std::unordered_map<std::string, Entry> out;
  std::string text;
  try {
    text = read_file(file);
  } catch (...) {
    return out;
  }
  const std::string head = header(ws);
  if (text.compare(0, head.size(), head) != 0)
    return out;
  size_t pos = head.size();
  const auto next_line = [&](std::string_view& line) {
    if (pos >= text.size())
      return false;
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos)
      nl = text.size();
    line = std::string_view(text).substr(pos, nl - pos);
    pos = nl + 1;
    return true;
  };
  std::string_view line;
  if (!next_line(line))
    return out;
  try {
    written = number(line);
    while (next_line(line)) {
      if (line.substr(0, 2) != "F\t")
        return {}; // damaged: start over
      line.remove_prefix(2);
      std::string path = next_field(line);
      Entry e;
      e.key.size = number(line);
      e.key.mtime_ns = number(line);
      e.key.ctime_ns = number(line);
      e.key.ino = number(line);
      e.key.dev = number(line);
      e.unreadable = number(line) != 0;
      const auto n = static_cast<size_t>(number(line));
      e.items.reserve(n);
      for (size_t k = 0; k < n; ++k) {
        std::string_view il;
        if (!next_line(il))
          return {};
        Item it;
        for (auto* f : {&it.ref, &it.record, &it.kind, &it.title, &it.owner, &it.dept, &it.deadline})
          *f = next_field(il);
        const long long st = number(il);
        if (st < 0 || st > static_cast<long long>(Status::Cancelled))
          return {};
        it.status = static_cast<Status>(st);
        while (!il.empty())
          it.tags.push_back(next_field(il));
        it.path = path;
        e.items.push_back(std::move(it));
      }
      out.emplace(std::move(path), std::move(e));
    }
  } catch (const std::exception&) {
    return {}; // a damaged cache is rebuilt
  }
  return out;
}

void write_cache(const Workspace& ws, const fs::path& file, const std::vector<std::string>& paths,
                 const std::vector<Entry>& entries)
{
  std::string out = header(ws) + std::to_string(now_ns()) + "\n";
  for (size_t i = 0; i < paths.size(); ++i) {
    const Entry& e = entries[i];
    out += "F\t";
    put(out, paths[i]);
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", e.key.size, e.key.mtime_ns, e.key.ctime_ns, e.key.ino,
                       e.key.dev, e.unreadable ? 1 : 0, e.items.size());
    for (const auto& it : e.items) {
      for (const auto* s : {&it.ref, &it.record, &it.kind, &it.title, &it.owner, &it.dept, &it.deadline})
        put(out, *s);
      put(out, std::to_string(static_cast<int>(it.status)));
      for (const auto& t : it.tags)
        put(out, t);
      out.back() = '\n';
    }
  }
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  try {
    write_file_atomic(file, out, false); // a cache needs no fsync: a torn one fails to parse
  } catch (...) {
    // A cache that cannot be written only costs speed next time.
  }
}

} // namespace

std::optional<fs::path> item_cache_path(const Workspace& ws)
{
  auto top = find_git_top(ws.root);
  std::error_code ec;
  if (!top || !fs::is_directory(*top / ".git", ec))
    return std::nullopt;
  const size_t h = std::hash<std::string>{}(ws.root.string());
  return *top / ".git" / "collab" / fmt::format("items-{:016x}.cache", h);
}

ItemLoad load_items(const Workspace& ws, const std::optional<fs::path>& cache_file)
{
  ItemLoad load;
  // The scan waits on the kernel, the cache on the CPU: do both at once.
  auto scan = std::async(std::launch::async, [&] { return scan_record_files(ws.root); });
  long long written = 0;
  auto cached = cache_file ? read_cache(ws, *cache_file, written) : std::unordered_map<std::string, Entry>{};
  const auto files = scan.get();
  load.records = files.size();
  std::vector<std::string> rel(files.size());
  std::vector<Entry> entries(files.size());
  std::vector<size_t> todo;
  for (size_t i = 0; i < files.size(); ++i) {
    rel[i] = files[i].rel;
    entries[i].key = key_of(files[i]);
    const auto it = cached.find(rel[i]);
    const FileKey& key = entries[i].key;
    const bool racy = key.mtime_ns + k_racy_ns > written || key.ctime_ns + k_racy_ns > written;
    if (it != cached.end() && it->second.key == key && !racy) {
      entries[i].items = std::move(it->second.items);
      entries[i].unreadable = it->second.unreadable;
    }
    else
      todo.push_back(i);
  }
  load.parsed = todo.size();
  parallel_for(todo.size(), [&](size_t k) {
    const size_t i = todo[k];
    size_t size = 0;
    std::string text;
    entries[i].unreadable = true; // until it parses
    try {
      text = read_file_prefix(ws.root / rel[i], k_max_record_bytes + 1, size);
    } catch (...) {
      return; // lint says why
    }
    if (size > k_max_record_bytes)
      return;
    SourceFile src(rel[i], std::move(text));
    if (check_source(src))
      return;
    ParsedYaml parsed = parse_yaml(src);
    if (parsed.error || !parsed.doc)
      return;
    entries[i].unreadable = false;
    extract_items(parsed.doc->root(), rel[i], entries[i].items);
  });
  const bool changed = cache_file && (!todo.empty() || cached.size() != files.size());
  if (changed)
    write_cache(ws, *cache_file, rel, entries);
  size_t total = 0;
  for (const auto& e : entries) {
    total += e.items.size();
    load.unreadable += e.unreadable ? 1 : 0;
  }
  load.items.reserve(total);
  for (auto& e : entries)
    for (auto& it : e.items)
      load.items.push_back(std::move(it));
  return load;
}

} // namespace collab

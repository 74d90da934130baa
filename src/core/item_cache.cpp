#include "collab/item_cache.h"

#include "collab/fsutil.h"
#include "collab/parallel.h"
#include "collab/source_check.h"
#include "collab/version.h"
#include "collab/yaml_io.h"

#include <charconv>
#include <ctime>
#include <fmt/format.h>
#include <functional>
#include <future>
#include <stdexcept>
#include <unordered_map>

namespace collab {

namespace {

/// What identifies one version of a file without reading it.
struct FileKey {
  long long size = 0, mtime_ns = 0, ctime_ns = 0, ino = 0, dev = 0;
  friend bool operator==(const FileKey&, const FileKey&) = default;
};

/// One file's items in the cache: a range of `CacheData::items`.
struct Entry {
  FileKey key;
  size_t first = 0, count = 0;
  bool unreadable = false;
};

struct CacheData {
  long long written = 0;
  std::unique_ptr<MappedFile> text; ///< what the items' views point into
  BigVector<Item> items;
  BigVector<std::pair<std::string_view, Entry>> files; ///< in path order, as written
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

/// The next tab-separated field of line: a view into the cache text, or an unescaped copy
/// kept in the arena when it holds escapes (rare).
std::string_view next_field(std::string_view& line, TextArena& arena)
{
  const size_t tab = line.find('\t');
  const std::string_view raw = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  if (raw.find('\\') == std::string_view::npos)
    return raw;
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      const char e = raw[++i];
      out += e == 't' ? '\t' : e == 'n' ? '\n' : e;
    } else {
      out += raw[i];
    }
  }
  return arena.emplace_back(std::move(out));
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

std::string header(const Workspace& ws) { return fmt::format("collab-items 3 {} {}\n", k_version, ws.root.string()); }

/// Reads the cache into `data`; its texts stay in `arena`. Empty when missing, damaged or stale.
CacheData read_cache(const Workspace& ws, const fs::path& file, TextArena& arena)
{
  CacheData data;
  std::string_view text;
  try {
    data.text = std::make_unique<MappedFile>(file); // replaced by rename only: safe to map
    text = data.text->text();
  } catch (...) {
    return data;
  }
  const std::string head = header(ws);
  if (text.substr(0, head.size()) != head)
    return data;
  size_t pos = head.size();
  const auto next_line = [&](std::string_view& line) {
    if (pos >= text.size())
      return false;
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos)
      nl = text.size();
    line = text.substr(pos, nl - pos);
    pos = nl + 1;
    return true;
  };
  std::string_view line;
  try {
    if (!next_line(line))
      return data;
    data.written = number(line);
    if (!next_line(line))
      return data;
    const auto files = static_cast<size_t>(number(line));
    const auto items = static_cast<size_t>(number(line));
    data.files.reserve(files);
    data.items.reserve(items);
    while (next_line(line)) {
      if (line.substr(0, 2) != "F\t")
        return {}; // damaged: start over
      line.remove_prefix(2);
      const std::string_view path = next_field(line, arena);
      Entry e;
      e.key.size = number(line);
      e.key.mtime_ns = number(line);
      e.key.ctime_ns = number(line);
      e.key.ino = number(line);
      e.key.dev = number(line);
      e.unreadable = number(line) != 0;
      e.count = static_cast<size_t>(number(line));
      e.first = data.items.size();
      for (size_t k = 0; k < e.count; ++k) {
        std::string_view il;
        if (!next_line(il))
          return {};
        Item it;
        for (auto* f : {&it.ref, &it.record, &it.kind, &it.title, &it.owner, &it.dept, &it.deadline})
          *f = next_field(il, arena);
        const long long st = number(il);
        if (st < 0 || st > static_cast<long long>(Status::Cancelled))
          return {};
        it.status = static_cast<Status>(st);
        it.tags = next_field(il, arena);
        it.path = path;
        data.items.push_back(it);
      }
      if (!data.files.empty() && !(data.files.back().first < path))
        return {}; // not in path order: rebuild
      data.files.emplace_back(path, e);
    }
  } catch (const std::exception&) {
    return {}; // a damaged cache is rebuilt
  }
  return data;
}

struct FileItems {
  FileKey key;
  size_t first = 0, count = 0; ///< range in the loaded items
  bool unreadable = false;
};

void write_cache(const Workspace& ws, const fs::path& file, const BigVector<RecordFile>& files,
                 const std::vector<FileItems>& per_file, const BigVector<Item>& items)
{
  std::string out = header(ws) + std::to_string(now_ns()) + "\n" +
                    fmt::format("{}\t{}\n", files.size(), items.size());
  out.reserve(items.size() * 160);
  for (size_t i = 0; i < files.size(); ++i) {
    const FileItems& f = per_file[i];
    out += "F\t";
    put(out, files[i].rel);
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", f.key.size, f.key.mtime_ns, f.key.ctime_ns, f.key.ino,
                       f.key.dev, f.unreadable ? 1 : 0, f.count);
    for (size_t k = f.first; k < f.first + f.count; ++k) {
      const Item& it = items[k];
      for (auto s : {it.ref, it.record, it.kind, it.title, it.owner, it.dept, it.deadline})
        put(out, s);
      put(out, std::to_string(static_cast<int>(it.status)));
      put(out, it.tags);
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
  TextArena& arena = load.text->emplace_back();
  // The scan waits on the kernel, the cache on the CPU: do both at once.
  auto scan = std::async(std::launch::async, [&] { return scan_record_files(ws.root); });
  CacheData cached = cache_file ? read_cache(ws, *cache_file, arena) : CacheData{};
  const auto files = scan.get();
  load.records = files.size();
  load.mapped = std::move(cached.text);

  // Both lists are in path order: walk them together.
  std::vector<FileItems> per_file(files.size());
  std::vector<size_t> todo;
  size_t c = 0;
  bool same_files = cached.files.size() == files.size();
  for (size_t i = 0; i < files.size(); ++i) {
    per_file[i].key = key_of(files[i]);
    const FileKey& key = per_file[i].key;
    while (c < cached.files.size() && cached.files[c].first < files[i].rel) {
      ++c;
      same_files = false;
    }
    const bool found = c < cached.files.size() && cached.files[c].first == files[i].rel;
    const bool racy = key.mtime_ns + k_racy_ns > cached.written || key.ctime_ns + k_racy_ns > cached.written;
    if (!found || !(cached.files[c].second.key == key) || racy) {
      todo.push_back(i);
      same_files = same_files && found;
      continue;
    }
    const Entry& e = cached.files[c++].second;
    per_file[i].first = e.first;
    per_file[i].count = e.count;
    per_file[i].unreadable = e.unreadable;
  }
  load.parsed = todo.size();
  if (todo.empty() && same_files) {
    // Nothing changed: the cached items are the answer, in order.
    load.items = std::move(cached.items);
    for (const auto& f : per_file)
      load.unreadable += f.unreadable ? 1 : 0;
    return load;
  }

  // Parse what changed, each file into its own arena and item list.
  std::vector<std::vector<Item>> fresh(todo.size());
  std::vector<TextArena> fresh_text(todo.size());
  parallel_for(todo.size(), [&](size_t k) {
    const size_t i = todo[k];
    per_file[i].unreadable = true; // until it parses
    size_t size = 0;
    std::string text;
    try {
      text = read_file_prefix(ws.root / files[i].rel, k_max_record_bytes + 1, size);
    } catch (...) {
      return; // lint says why
    }
    if (size > k_max_record_bytes)
      return;
    SourceFile src(files[i].rel, std::move(text));
    if (check_source(src))
      return;
    ParseLimits limits;
    limits.positions = false; // items carry no positions
    ParsedYaml parsed = parse_yaml(src, limits);
    if (parsed.error || !parsed.doc)
      return;
    per_file[i].unreadable = false;
    extract_items(parsed.doc->root(), files[i].rel, fresh[k], fresh_text[k]);
  });
  for (auto& t : fresh_text)
    load.text->push_back(std::move(t)); // the strings stay where the views point

  // Assemble in file order: cached ranges and fresh items.
  size_t total = 0;
  for (const auto& f : per_file)
    total += f.count;
  for (const auto& f : fresh)
    total += f.size();
  load.items.reserve(total);
  size_t next_fresh = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    FileItems& f = per_file[i];
    if (next_fresh < todo.size() && todo[next_fresh] == i) {
      f.first = load.items.size();
      f.count = fresh[next_fresh].size();
      load.items.insert(load.items.end(), fresh[next_fresh].begin(), fresh[next_fresh].end());
      ++next_fresh;
    } else {
      const size_t first = load.items.size();
      load.items.insert(load.items.end(), cached.items.begin() + static_cast<long>(f.first),
                        cached.items.begin() + static_cast<long>(f.first + f.count));
      f.first = first;
    }
    load.unreadable += f.unreadable ? 1 : 0;
  }
  const bool changed = cache_file.has_value(); // something differed: the fast return above was not taken
  if (changed)
    write_cache(ws, *cache_file, files, per_file, load.items);
  return load;
}

} // namespace collab

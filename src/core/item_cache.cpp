#include "collab/item_cache.h"

#include "collab/fsutil.h"
#include "collab/parallel.h"
#include "collab/source_check.h"
#include "collab/version.h"
#include "collab/yaml_io.h"

#include <ctime>
#include <fmt/format.h>
#include <functional>
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
};

constexpr long long k_racy_ns = 2'000'000'000; // entries this close to the cache's writing are re-read

long long now_ns()
{
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<long long>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::optional<FileKey> key_of(const fs::path& p)
{
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0)
    return std::nullopt;
  return FileKey{st.st_size, st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec,
                 st.st_ctim.tv_sec * 1'000'000'000LL + st.st_ctim.tv_nsec, static_cast<long long>(st.st_ino),
                 static_cast<long long>(st.st_dev)};
}

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

/// Splits a cache line into unescaped fields.
std::vector<std::string> fields(std::string_view line)
{
  std::vector<std::string> out(1);
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\t') {
      out.emplace_back();
    } else if (c == '\\' && i + 1 < line.size()) {
      const char e = line[++i];
      out.back() += e == 't' ? '\t' : e == 'n' ? '\n' : e;
    } else {
      out.back() += c;
    }
  }
  if (!out.empty() && out.back().empty())
    out.pop_back();
  return out;
}

std::string header(const Workspace& ws) { return fmt::format("collab-items {} {}\n", k_version, ws.root.string()); }

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
  written = std::stoll(std::string(line));
  while (next_line(line)) {
    auto f = fields(line);
    if (f.size() != 8 || f[0] != "F")
      return {}; // damaged: start over
    Entry e;
    e.key = FileKey{std::stoll(f[2]), std::stoll(f[3]), std::stoll(f[4]), std::stoll(f[5]), std::stoll(f[6])};
    const size_t n = std::stoul(f[7]);
    for (size_t k = 0; k < n; ++k) {
      std::string_view il;
      if (!next_line(il))
        return {};
      auto g = fields(il);
      if (g.size() < 8) // seven texts, the status, then the tags
        return {};
      Item it;
      it.ref = g[0];
      it.record = g[1];
      it.kind = g[2];
      it.title = g[3];
      it.owner = g[4];
      it.dept = g[5];
      it.deadline = g[6];
      it.status = static_cast<Status>(std::stoi(g[7]));
      it.path = f[1];
      it.tags.assign(g.begin() + 8, g.end());
      e.items.push_back(std::move(it));
    }
    out.emplace(f[1], std::move(e));
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
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", e.key.size, e.key.mtime_ns, e.key.ctime_ns, e.key.ino, e.key.dev,
                       e.items.size());
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
    write_file_atomic(file, out);
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
  const auto files = list_record_files(ws.root);
  load.records = files.size();
  std::vector<std::string> rel(files.size());
  std::vector<Entry> entries(files.size());
  long long written = 0;
  auto cached = cache_file ? read_cache(ws, *cache_file, written) : std::unordered_map<std::string, Entry>{};
  std::vector<size_t> todo;
  for (size_t i = 0; i < files.size(); ++i) {
    rel[i] = files[i].lexically_relative(ws.root).generic_string();
    auto key = key_of(files[i]);
    if (!key)
      continue; // vanished meanwhile
    entries[i].key = *key;
    auto it = cached.find(rel[i]);
    const bool racy = key->mtime_ns + k_racy_ns > written || key->ctime_ns + k_racy_ns > written;
    if (it != cached.end() && it->second.key == *key && !racy)
      entries[i].items = std::move(it->second.items);
    else
      todo.push_back(i);
  }
  load.parsed = todo.size();
  parallel_for(todo.size(), [&](size_t k) {
    const size_t i = todo[k];
    size_t size = 0;
    std::string text;
    try {
      text = read_file_prefix(files[i], k_max_record_bytes + 1, size);
    } catch (...) {
      return; // unreadable files have no items; lint reports them
    }
    if (size > k_max_record_bytes)
      return;
    SourceFile src(rel[i], std::move(text));
    if (check_source(src))
      return;
    ParsedYaml parsed = parse_yaml(src);
    if (parsed.error || !parsed.doc)
      return;
    extract_items(parsed.doc->root(), rel[i], entries[i].items);
  });
  const bool changed = cache_file && (!todo.empty() || cached.size() != files.size());
  for (auto& e : entries)
    for (auto& it : e.items)
      load.items.push_back(it);
  if (changed)
    write_cache(ws, *cache_file, rel, entries);
  return load;
}

} // namespace collab

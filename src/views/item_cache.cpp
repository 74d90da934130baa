#include "collab/views/item_cache.h"
#include "collab/util/text.h"

#include "collab/util/files.h"
#include "collab/util/parallel.h"
#include "collab/yaml/source_check.h"
#include "collab/util/version.h"
#include "collab/lint/read_record.h"

#include <climits>
#include <ctime>
#include <fmt/format.h>
#include <functional>
#include <future>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace collab::views {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

/// What identifies one version of a file without reading it.
struct FileKey {
  long long size = 0, mtime_ns = 0, ctime_ns = 0, ino = 0, dev = 0;
  friend bool operator==(const FileKey&, const FileKey&) = default;
};

/// One file's items: a range of the cache's or the loaded items, and whether it could be read.
struct FileItems {
  FileKey key;
  size_t first = 0, count = 0;
  bool unreadable = false;
};

struct CacheData {
  long long written = 0;
  BigVector<Item> items;
  BigVector<std::pair<std::string_view, FileItems>> files; ///< in path order, as written
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
  util::append_tsv_field(out, s);
  out += '\t';
}

/// The next tab-separated field of line: a view into the cache text, or an unescaped copy
/// kept in the arena when it holds escapes (rare). `escapes` false says the line has none:
/// item lines are checked once as a whole, not field by field (a search per field cost as
/// much as the rest of reading the field).
std::string_view next_field(std::string_view& line, TextArena& arena, bool escapes = true)
{
  const size_t tab = line.find('\t');
  const std::string_view raw = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  if (!escapes || raw.find('\\') == std::string_view::npos)
    return raw;
  return arena.emplace_back(util::read_tsv_field(raw));
}

/// The next tab-separated field of line as a number. Digits are read up to the tab in one
/// pass: from_chars after a search for the tab cost twice as much, and a warm view reads
/// seven numbers per record file.
long long number(std::string_view& line)
{
  const char* p = line.data();
  const char* const end = p + line.size();
  const bool negative = p < end && *p == '-';
  p += negative ? 1 : 0;
  const char* const first = p;
  unsigned long long v = 0;
  for (unsigned d; p < end && (d = static_cast<unsigned char>(*p) - unsigned('0')) < 10; ++p)
    v = v * 10 + d;
  // At most 19 digits, so v did not wrap; then it must fit a long long.
  if (p == first || p - first > 19 || v > static_cast<unsigned long long>(LLONG_MAX) || (p < end && *p != '\t'))
    throw std::runtime_error("bad number");
  line = p < end ? line.substr(static_cast<size_t>(p - line.data()) + 1) : std::string_view();
  return negative ? -static_cast<long long>(v) : static_cast<long long>(v);
}

std::string header(const Workspace& ws) { return fmt::format("collab-items 9 {} {}\n", k_version, ws.root.string()); }

/// Splits cache text into lines.
struct LineReader {
  std::string_view text;
  size_t pos = 0;

  bool next(std::string_view& line)
  {
    if (pos >= text.size())
      return false;
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos)
      nl = text.size();
    line = text.substr(pos, nl - pos);
    pos = nl + 1;
    return true;
  }
};

/// The cache's first lines: when it was written and what follows. Layout (v9; a change of
/// what an item holds changes the number, so an older cache is rebuilt, never misread):
///   collab-items 9 VERSION ROOT
///   WRITTEN_NS
///   FILES ITEMS DIRS
///   D lines (one per directory: rel, mtime, ctime, inode, nested, file names, sub-folder names)
///   F lines (one per file: path, size, mtime, ctime, inode, device, unreadable, item count),
///   each followed by its items' lines (ref, record, kind, title, owner, dept, record dept,
///   deadline, status number, tags, packed details, record facts).
struct CacheHead {
  bool valid = false;
  long long written = 0;
  size_t files = 0, items = 0, dirs = 0;
  size_t body = 0; ///< offset of the first D line
};

CacheHead read_head(const Workspace& ws, std::string_view text)
{
  CacheHead h;
  const std::string head = header(ws);
  if (text.substr(0, head.size()) != head)
    return h;
  LineReader r{text, head.size()};
  std::string_view line;
  try {
    if (!r.next(line))
      return h;
    h.written = number(line);
    if (!r.next(line))
      return h;
    h.files = static_cast<size_t>(number(line));
    h.items = static_cast<size_t>(number(line));
    h.dirs = static_cast<size_t>(number(line));
  } catch (const std::exception&) {
    return h;
  }
  h.body = r.pos;
  h.valid = true;
  return h;
}

/// The D lines: directory listings to reuse. Empty when damaged (every directory is read).
std::vector<DirListing> read_dirs(std::string_view text, const CacheHead& h)
{
  TextArena arena; // listings own their strings: escaped fields need not outlive this
  std::vector<DirListing> dirs;
  if (!h.valid)
    return dirs;
  LineReader r{text, h.body};
  std::string_view line;
  try {
    dirs.reserve(h.dirs);
    for (size_t i = 0; i < h.dirs; ++i) {
      if (!r.next(line) || line.substr(0, 2) != "D\t")
        return {};
      line.remove_prefix(2);
      DirListing d;
      d.rel = next_field(line, arena);
      d.mtime_ns = number(line);
      d.ctime_ns = number(line);
      d.ino = number(line);
      d.nested = number(line) != 0;
      d.files = next_field(line, arena);
      d.subdirs = next_field(line, arena);
      if (!dirs.empty() && !(dirs.back().rel < d.rel))
        return {};
      dirs.push_back(std::move(d));
    }
  } catch (const std::exception&) {
    return {};
  }
  return dirs;
}

/// The F lines and their items; texts are views into `text` (or `arena` for escaped ones).
/// Empty when damaged: everything is parsed again.
CacheData read_files(std::string_view text, const CacheHead& h, TextArena& arena)
{
  CacheData data;
  if (!h.valid)
    return data;
  LineReader r{text, h.body};
  std::string_view line;
  for (size_t i = 0; i < h.dirs; ++i)
    if (!r.next(line))
      return data;
  data.written = h.written;
  try {
    data.files.reserve(h.files);
    data.items.reserve(h.items);
    while (r.next(line)) {
      if (line.substr(0, 2) != "F\t")
        return {}; // damaged: start over
      line.remove_prefix(2);
      const std::string_view path = next_field(line, arena);
      FileItems e;
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
        if (!r.next(il))
          return {};
        Item it;
        const bool escapes = il.find('\\') != std::string_view::npos;
        for (auto* f : {&it.ref, &it.record, &it.kind, &it.title, &it.owner, &it.dept, &it.record_dept, &it.deadline})
          *f = next_field(il, arena, escapes);
        const long long st = number(il);
        if (st < 0 || st > static_cast<long long>(Status::Cancelled))
          return {};
        it.status = static_cast<Status>(st);
        it.tags = next_field(il, arena, escapes);
        it.packed_details = next_field(il, arena, escapes);
        it.record_facts = next_field(il, arena, escapes);
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

void write_cache(const Workspace& ws, const fs::path& file, const RecordScan& scan,
                 const BigVector<FileItems>& per_file, const BigVector<Item>& items)
{
  const auto& files = scan.files;
  std::string out = header(ws) + std::to_string(now_ns()) + "\n" +
                    fmt::format("{}\t{}\t{}\n", files.size(), items.size(), scan.dirs.size());
  out.reserve(items.size() * 160 + files.size() * 40);
  for (const DirListing& d : scan.dirs) {
    out += "D\t";
    put(out, d.rel);
    out += fmt::format("{}\t{}\t{}\t{}\t", d.mtime_ns, d.ctime_ns, d.ino, d.nested ? 1 : 0);
    put(out, d.files);
    put(out, d.subdirs);
    out.back() = '\n';
  }
  for (size_t i = 0; i < files.size(); ++i) {
    const FileItems& f = per_file[i];
    out += "F\t";
    put(out, files[i].rel);
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", f.key.size, f.key.mtime_ns, f.key.ctime_ns, f.key.ino,
                       f.key.dev, f.unreadable ? 1 : 0, f.count);
    for (size_t k = f.first; k < f.first + f.count; ++k) {
      const Item& it = items[k];
      for (auto s : {it.ref, it.record, it.kind, it.title, it.owner, it.dept, it.record_dept, it.deadline})
        put(out, s);
      put(out, std::to_string(static_cast<int>(it.status)));
      put(out, it.tags);
      put(out, it.packed_details);
      put(out, it.record_facts);
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

CachedNames cached_names(const Workspace& ws, const fs::path& cache_file)
{
  CachedNames out;
  std::shared_ptr<MappedFile> mapped;
  try {
    mapped = std::make_shared<MappedFile>(cache_file);
  } catch (...) {
    return out;
  }
  const std::string_view text = mapped->text();
  const CacheHead h = read_head(ws, text);
  TextArena arena;
  const CacheData data = read_files(text, h, arena);
  std::set<std::string_view> owners, depts;
  for (const Item& it : data.items) {
    owners.insert(it.owner);
    depts.insert(it.dept);
    depts.insert(it.record_dept);
  }
  for (auto o : owners)
    if (!o.empty())
      out.owners.emplace_back(o);
  for (auto d : depts)
    if (!d.empty())
      out.depts.emplace_back(d);
  return out;
}

namespace {

/// The cache file mapped into memory, or null when there is none (yet) or it cannot be read.
std::shared_ptr<MappedFile> map_cache(const std::optional<fs::path>& cache_file)
{
  if (!cache_file)
    return nullptr;
  try {
    return std::make_shared<MappedFile>(*cache_file); // replaced by rename only: safe to map
  } catch (...) {
    return nullptr; // everything is parsed
  }
}

/// Which files the cache still answers for: their ranges in `per_file`, the others in `todo`.
struct Match {
  BigVector<FileItems> per_file;
  std::vector<size_t> todo; ///< indices of files to parse, ascending
  bool same_files = true;   ///< the cache lists exactly these files
};

/// Walks the scanned files and the cached ones together (both are in path order).
Match match_cached(const BigVector<RecordFile>& files, const CacheData& cached)
{
  Match m;
  m.per_file.resize(files.size());
  m.same_files = cached.files.size() == files.size();
  size_t c = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    m.per_file[i].key = key_of(files[i]);
    const FileKey& key = m.per_file[i].key;
    while (c < cached.files.size() && cached.files[c].first < files[i].rel) {
      ++c;
      m.same_files = false;
    }
    const bool found = c < cached.files.size() && cached.files[c].first == files[i].rel;
    const bool racy = key.mtime_ns + k_racy_ns > cached.written || key.ctime_ns + k_racy_ns > cached.written;
    if (!found || !(cached.files[c].second.key == key) || racy) {
      m.todo.push_back(i);
      m.same_files = m.same_files && found;
      continue;
    }
    const FileItems& e = cached.files[c++].second;
    m.per_file[i].first = e.first;
    m.per_file[i].count = e.count;
    m.per_file[i].unreadable = e.unreadable;
  }
  return m;
}

/// Reads the files in `m.todo`, each into its own item list and arena, in parallel.
std::vector<std::vector<Item>> parse_changed(const Workspace& ws, const BigVector<RecordFile>& files, Match& m,
                                             std::vector<TextArena>& arenas)
{
  std::vector<std::vector<Item>> fresh(m.todo.size());
  arenas.resize(m.todo.size());
  parallel_for(m.todo.size(), [&](size_t k) {
    const size_t i = m.todo[k];
    m.per_file[i].unreadable = true; // until it reads
    lint::Record rec;
    try {
      // The same reading as lint's, without the rules: a record lint cannot read is never
      // shown as if it were fine.
      rec = lint::read_record(ws, ws.root / files[i].rel, std::string(files[i].rel), lint::ReadOptions{false, false});
    } catch (...) {
      return; // lint says why
    }
    if (rec.unreadable)
      return;
    m.per_file[i].unreadable = false;
    extract_items(rec.root(), files[i].rel, fresh[k], arenas[k]);
  });
  return fresh;
}

/// The items in file order: cached ranges and fresh lists; `m.per_file` then indexes `out`.
void assemble(Match& m, const std::vector<std::vector<Item>>& fresh, const CacheData& cached, ItemLoad& out)
{
  size_t total = 0;
  for (const auto& f : m.per_file)
    total += f.count;
  for (const auto& f : fresh)
    total += f.size();
  out.items.reserve(total);
  size_t next_fresh = 0;
  for (size_t i = 0; i < m.per_file.size(); ++i) {
    FileItems& f = m.per_file[i];
    if (next_fresh < m.todo.size() && m.todo[next_fresh] == i) {
      f.first = out.items.size();
      f.count = fresh[next_fresh].size();
      out.items.insert(out.items.end(), fresh[next_fresh].begin(), fresh[next_fresh].end());
      ++next_fresh;
    } else {
      const size_t first = out.items.size();
      out.items.insert(out.items.end(), cached.items.begin() + static_cast<long>(f.first),
                       cached.items.begin() + static_cast<long>(f.first + f.count));
      f.first = first;
    }
  }
}

/// The unreadable files and the records without items, for load.
void count_files(const Match& m, const RecordScan& scan, ItemLoad& load)
{
  for (size_t i = 0; i < m.per_file.size(); ++i) {
    const FileItems& f = m.per_file[i];
    load.unreadable += f.unreadable ? 1 : 0;
    if (!f.unreadable && f.count == 0)
      load.itemless.push_back(scan.files[i].rel);
  }
}

} // namespace

ItemLoad load_items(const Workspace& ws, const std::optional<fs::path>& cache_file)
{
  ItemLoad load;
  TextArena& arena = load.text->emplace_back();
  std::shared_ptr<MappedFile> mapped = map_cache(cache_file);
  const std::string_view text = mapped ? mapped->text() : std::string_view();
  const CacheHead head = read_head(ws, text);
  // The scan waits on the kernel, the cache on the CPU: do both at once.
  auto scan_job = std::async(std::launch::async, [&] {
    return scan_records(ws.root, read_dirs(text, head), head.written - k_racy_ns);
  });
  CacheData cached = read_files(text, head, arena);
  const RecordScan scan = scan_job.get();
  load.records = scan.files.size();
  load.folders = scan.dirs.size();
  load.folders_listed = scan.dirs_read;
  load.mapped = std::move(mapped);

  Match m = match_cached(scan.files, cached);
  load.parsed = m.todo.size();
  if (m.todo.empty() && m.same_files && scan.dirs_read == 0) {
    // Nothing changed: the cached items are the answer, in order.
    load.items = std::move(cached.items);
    count_files(m, scan, load);
    return load;
  }
  std::vector<TextArena> arenas;
  const auto fresh = parse_changed(ws, scan.files, m, arenas);
  for (auto& t : arenas)
    load.text->push_back(std::move(t)); // the strings stay where the views point
  assemble(m, fresh, cached, load);
  count_files(m, scan, load);
  // Something differed (the fast return above was not taken): write the cache anew.
  if (cache_file)
    write_cache(ws, *cache_file, scan, m.per_file, load.items);
  return load;
}

} // namespace collab::views

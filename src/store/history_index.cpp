#include "collab/store/history_index.h"

#include "work_tree_path.h"

#include "collab/util/big_alloc.h"
#include "collab/util/error.h"
#include "collab/util/files.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <fmt/format.h>
#include <queue>
#include <stdexcept>
#include <unordered_map>

namespace collab::store {

using namespace collab::util;

namespace {

/// The file format's version: any change of the layout below changes it, and a file of
/// another version is rebuilt, never misread.
constexpr uint32_t k_format = 4;
constexpr char k_magic[8] = {'C', 'L', 'B', 'H', 'I', 'S', 'T', '\n'};
constexpr uint32_t k_endian = 0x01020304;
constexpr uint32_t k_none = UINT32_MAX; ///< a parent that is not in the index (a shallow clone's edge)

/// A string in the pool.
struct StrRef {
  uint32_t off = 0, len = 0;
};

struct CommitRec {
  ObjectId id;
  uint32_t parents_first = 0, parents_count = 0;
  uint32_t changes_first = 0, changes_count = 0; ///< sorted by (nth, path)
  int32_t author_offset = 0;
  int64_t author_time = 0, commit_time = 0;
  StrRef author, email, subject;
};
static_assert(sizeof(CommitRec) == 80 && std::is_trivially_copyable_v<CommitRec>);

/// One path that a commit changed against its `nth` parent.
struct ChangeRec {
  uint32_t commit = 0, path = 0, nth = 0;
  ObjectId blob, old_blob;
};
static_assert(sizeof(ChangeRec) == 52 && std::is_trivially_copyable_v<ChangeRec>);

/// The file's first bytes. Layout: Header, prefix, scope (the folders covered, '/' between
/// them), commits, parents (commit indexes), changes, paths, missing parents (ids), string
/// pool, then a 64-bit checksum of everything before it.
struct Header {
  char magic[8];
  uint32_t version, endian;
  uint64_t commits, parents, changes, paths, missing, pool;
  ObjectId tip;
  uint8_t has_tip, all_folders, pad[2];
  uint32_t prefix_len, scope_len;
};
static_assert(sizeof(Header) == 96 && std::is_trivially_copyable_v<Header>);

/// The tail file's first bytes. An update that only adds commits writes them to a tail file next
/// to the index, not the whole index again (15 MB at 100,000 commits). Layout: TailHeader, then
/// what each array gained (commits, parents, changes, paths), the whole list of missing parents,
/// what the pool gained, then a checksum. It continues one index file only: the one whose
/// checksum and array sizes it names.
/// The lengths of an index's arrays (the string pool in bytes).
struct Lengths {
  uint64_t commits = 0, parents = 0, changes = 0, paths = 0, pool = 0;
  bool operator==(const Lengths&) const = default;
};

struct TailHeader {
  char magic[8];
  uint32_t version, endian;
  uint64_t base_sum;
  Lengths base;  ///< the index file's, which the tail continues
  Lengths added; ///< what the tail adds to each array
  uint64_t missing;
  ObjectId tip;
  uint8_t has_tip, pad[3];
};
static_assert(sizeof(TailHeader) == 136 && std::is_trivially_copyable_v<TailHeader>);
constexpr char k_tail_magic[8] = {'C', 'L', 'B', 'H', 'T', 'A', 'I', 'L'};

/// A fast 64-bit checksum: it detects a torn or damaged file (a cache written without fsync
/// can be cut short by a power cut), not an attacker. Four lanes of 8-byte words, so that the
/// multiplications overlap: one lane's chain of them was a sixth of a warm `log` at 100,000
/// commits (10 MB checked per run).
uint64_t checksum(std::string_view s)
{
  constexpr uint64_t k_mul = 0xff51afd7ed558ccdull;
  uint64_t h[4] = {0x9E3779B97F4A7C15ull ^ s.size(), 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull, 0x27D4EB2F165667C5ull};
  size_t i = 0;
  for (; i + 32 <= s.size(); i += 32)
    for (int lane = 0; lane < 4; ++lane) {
      uint64_t w;
      std::memcpy(&w, s.data() + i + 8 * lane, 8);
      h[lane] = (h[lane] ^ w) * k_mul;
      h[lane] ^= h[lane] >> 32;
    }
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h[0] = (h[0] ^ w) * k_mul;
    h[0] ^= h[0] >> 32;
  }
  uint64_t w = 0;
  if (i < s.size()) // memcpy takes no null pointer, even for no bytes
    std::memcpy(&w, s.data() + i, s.size() - i);
  uint64_t out = (h[0] ^ w) * 0xc4ceb9fe1a85ec53ull;
  for (int lane = 1; lane < 4; ++lane)
    out = (out ^ (out >> 29) ^ h[lane]) * k_mul;
  return out ^ (out >> 29);
}

/// A record file, the only kind of path the index keeps.
bool is_record_path(std::string_view p) { return p.ends_with(".yaml") || p.ends_with(".yml"); }

struct IdHash {
  size_t operator()(const ObjectId& id) const
  {
    size_t h;
    std::memcpy(&h, id.bytes.data(), sizeof h);
    return h;
  }
};

template <typename Out, typename Vec>
void append_array(Out& out, const Vec& v)
{
  out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(typename Vec::value_type));
}

template <typename Vec>
bool read_array(std::string_view& in, Vec& v, uint64_t count)
{
  using T = typename Vec::value_type;
  if (count > in.size() / sizeof(T))
    return false;
  v.resize(count);
  if (count > 0) // an empty vector's data() may be null, which memcpy does not take
    std::memcpy(v.data(), in.data(), count * sizeof(T));
  in.remove_prefix(count * sizeof(T));
  return true;
}

} // namespace

struct HistoryIndex::Data {
  std::string prefix; ///< work-tree relative folder ("" for the whole tree)
  /// The files directly in the prefix are always covered; its folders all, or these (sorted).
  bool all_folders = true;
  std::vector<std::string> folders;
  ObjectId tip;
  bool has_tip = false;
  // Megabytes at 20,000 commits: big blocks, so that filling them faults in few pages.
  util::BigVector<CommitRec> commits;
  util::BigVector<uint32_t> parents;
  util::BigVector<ChangeRec> changes;
  util::BigVector<StrRef> paths;
  std::vector<ObjectId> missing; ///< parents not in the repository (a shallow clone's edge)
  std::string pool;
  /// What the index file holds (its checksum, size and arrays' lengths): the rest of each
  /// array is in its tail file. Not valid once the arrays change other than by appending.
  struct Base {
    bool valid = false;
    uint64_t sum = 0, bytes = 0;
    Lengths lengths;
  } base;

  Lengths lengths() const { return {commits.size(), parents.size(), changes.size(), paths.size(), pool.size()}; }

  /// Marks the arrays as they are now as the index file's, whose checksum is `sum`.
  void set_base(uint64_t sum, uint64_t bytes) { base = Base{true, sum, bytes, lengths()}; }

  std::string_view str(StrRef r) const { return std::string_view(pool).substr(r.off, r.len); }

  /// Whether the folder (a first-level name below the prefix) is covered.
  bool has_folder(std::string_view f) const
  {
    return all_folders || std::binary_search(folders.begin(), folders.end(), f);
  }

  /// The first-level folder of a work-tree relative path below the prefix ("" for a file
  /// directly in it), or nullopt for a path outside the prefix.
  std::optional<std::string_view> folder_of(std::string_view path) const
  {
    if (!prefix.empty()) {
      if (!path.starts_with(prefix) || path.size() <= prefix.size() || path[prefix.size()] != '/')
        return std::nullopt;
      path.remove_prefix(prefix.size() + 1);
    }
    const size_t slash = path.find('/');
    return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  }

  /// The walk that compares what the index covers.
  WalkScope walk_scope() const { return all_folders ? WalkScope{} : WalkScope{true, folders, false}; }

  StrRef add(std::string_view s)
  {
    StrRef r{static_cast<uint32_t>(pool.size()), static_cast<uint32_t>(s.size())};
    pool.append(s);
    return r;
  }

  /// The id of a path, or k_none.
  uint32_t find_path(std::string_view p) const
  {
    for (size_t i = 0; i < paths.size(); ++i)
      if (str(paths[i]) == p)
        return static_cast<uint32_t>(i);
    return k_none;
  }

  uint32_t tip_index() const
  {
    if (!has_tip)
      return k_none;
    for (size_t i = commits.size(); i-- > 0;)
      if (commits[i].id == tip)
        return static_cast<uint32_t>(i);
    return k_none;
  }

  /// The change of `path` in commit c against its nth parent, or null.
  const ChangeRec* change(uint32_t c, uint32_t nth, uint32_t path) const
  {
    const CommitRec& r = commits[c];
    const auto first = changes.begin() + r.changes_first, last = first + r.changes_count;
    const auto it = std::lower_bound(first, last, std::pair{nth, path}, [](const ChangeRec& x, const std::pair<uint32_t, uint32_t>& k) {
      return x.nth != k.first ? x.nth < k.first : x.path < k.second;
    });
    return it != last && it->nth == nth && it->path == path ? &*it : nullptr;
  }
};

namespace {

using Data = HistoryIndex::Data;

/// An open-addressing table of indexes into an array, for keys the caller hashes and compares
/// (`eq(i)`: entry i has the key). It holds no copy of a key and allocates once per doubling:
/// the node-based maps it replaced (20,000 commit ids, 10,000 paths) were built, and freed,
/// on every update of the index, about a fifth of an update after 100 new commits.
class IndexTable {
public:
  /// Room for n entries without growing.
  void reserve(size_t n)
  {
    size_t size = 64;
    while (size < 2 * n)
      size *= 2;
    m_slots.assign(size, k_none);
    m_count = 0;
  }

  /// The entry with hash h for which eq holds, or k_none.
  template <class Eq>
  uint32_t find(size_t h, Eq eq) const
  {
    if (m_slots.empty())
      return k_none;
    for (size_t s = h & (m_slots.size() - 1);; s = (s + 1) & (m_slots.size() - 1)) {
      const uint32_t i = m_slots[s];
      if (i == k_none || eq(i))
        return i;
    }
  }

  /// Adds entry i (not in the table) with hash h; `hash_of(j)` gives the hash of entry j when
  /// the table grows.
  template <class HashOf>
  void insert(size_t h, uint32_t i, HashOf hash_of)
  {
    if (2 * (m_count + 1) > m_slots.size()) {
      std::vector<uint32_t> old = std::move(m_slots);
      m_slots.assign(std::max<size_t>(64, 2 * old.size()), k_none);
      for (uint32_t j : old)
        if (j != k_none)
          place(hash_of(j), j);
    }
    place(h, i);
    ++m_count;
  }

private:
  void place(size_t h, uint32_t i)
  {
    size_t s = h & (m_slots.size() - 1);
    while (m_slots[s] != k_none)
      s = (s + 1) & (m_slots.size() - 1);
    m_slots[s] = i;
  }

  std::vector<uint32_t> m_slots; ///< entry indexes, k_none for empty; a power of two long
  size_t m_count = 0;
};

/// Appends commits walked from git: strings interned, parents resolved at the end.
class Appender {
public:
  explicit Appender(Data& d) : m_d(d)
  {
    m_index.reserve(d.commits.size() + 256);
    for (size_t i = 0; i < d.commits.size(); ++i)
      add_commit_id(static_cast<uint32_t>(i));
    m_paths.reserve(d.paths.size() + 256);
    for (size_t i = 0; i < d.paths.size(); ++i)
      m_paths.insert(path_hash(d.str(d.paths[i])), static_cast<uint32_t>(i), path_hash_of());
  }

  /// Whether the index has the commit (with every commit it reaches).
  bool has(const ObjectId& id) const { return find_commit(id) != k_none; }

  void add(const WalkedCommit& c)
  {
    Data& d = m_d;
    const uint32_t me = static_cast<uint32_t>(d.commits.size());
    CommitRec r;
    r.id = c.id;
    r.author_time = c.author_time;
    r.commit_time = c.commit_time;
    r.author_offset = c.author_offset;
    r.author = intern(c.author);
    r.email = intern(c.email);
    r.subject = d.add(c.subject);
    r.parents_first = static_cast<uint32_t>(d.parents.size());
    r.parents_count = static_cast<uint32_t>(c.parents.size());
    for (const ObjectId& p : c.parents) {
      m_unresolved.emplace_back(d.parents.size(), p);
      d.parents.push_back(k_none);
    }
    r.changes_first = static_cast<uint32_t>(d.changes.size());
    for (size_t nth = 0; nth < c.changes.size(); ++nth)
      for (const PathChange& ch : c.changes[nth]) {
        if (!is_record_path(ch.path))
          continue;
        d.changes.push_back(ChangeRec{me, path_id(ch.path), static_cast<uint32_t>(nth), ch.blob, ch.old_blob});
      }
    std::sort(d.changes.begin() + r.changes_first, d.changes.end(), [](const ChangeRec& a, const ChangeRec& b) {
      return a.nth != b.nth ? a.nth < b.nth : a.path < b.path;
    });
    r.changes_count = static_cast<uint32_t>(d.changes.size() - r.changes_first);
    d.commits.push_back(r);
    add_commit_id(me);
  }

  /// Points parents at their commits (k_none stays for a parent outside the history).
  void resolve()
  {
    for (const auto& [slot, id] : m_unresolved)
      if (const uint32_t c = find_commit(id); c != k_none)
        m_d.parents[slot] = c;
      else
        m_d.missing.push_back(id);
    m_unresolved.clear();
  }

  /// The index of a commit, or k_none.
  uint32_t find_commit(const ObjectId& id) const
  {
    return m_index.find(IdHash{}(id), [&](uint32_t i) { return m_d.commits[i].id == id; });
  }

  /// The id of a path, added when new.
  uint32_t path_id(const std::string& p)
  {
    const size_t h = path_hash(p);
    const uint32_t found = m_paths.find(h, [&](uint32_t i) { return m_d.str(m_d.paths[i]) == p; });
    if (found != k_none)
      return found;
    const auto id = static_cast<uint32_t>(m_d.paths.size());
    m_d.paths.push_back(m_d.add(p));
    m_paths.insert(h, id, path_hash_of());
    return id;
  }

private:
  StrRef intern(const std::string& s)
  {
    auto [it, fresh] = m_strings.try_emplace(s);
    if (fresh)
      it->second = m_d.add(s);
    return it->second;
  }

  static size_t path_hash(std::string_view p) { return std::hash<std::string_view>{}(p); }
  /// The hash of path entry i, for the table's growth.
  struct PathHashOf {
    const Data* d;
    size_t operator()(uint32_t i) const { return path_hash(d->str(d->paths[i])); }
  };
  PathHashOf path_hash_of() const { return PathHashOf{&m_d}; }
  void add_commit_id(uint32_t i)
  {
    m_index.insert(IdHash{}(m_d.commits[i].id), i, [this](uint32_t j) { return IdHash{}(m_d.commits[j].id); });
  }

  Data& m_d;
  IndexTable m_index; ///< commits by id
  IndexTable m_paths; ///< paths by name
  std::unordered_map<std::string, StrRef> m_strings;
  std::vector<std::pair<size_t, ObjectId>> m_unresolved;
};

/// Drops the commits HEAD no longer reaches (after a rebase, reset or amend); returns how many.
size_t drop_unreachable(Data& d)
{
  const uint32_t tip = d.tip_index();
  std::vector<uint8_t> keep(d.commits.size(), 0);
  std::vector<uint32_t> todo;
  if (tip != k_none) {
    keep[tip] = 1;
    todo.push_back(tip);
  }
  while (!todo.empty()) {
    const CommitRec& r = d.commits[todo.back()];
    todo.pop_back();
    for (uint32_t i = 0; i < r.parents_count; ++i) {
      const uint32_t p = d.parents[r.parents_first + i];
      if (p != k_none && !keep[p]) {
        keep[p] = 1;
        todo.push_back(p);
      }
    }
  }
  const size_t dropped = static_cast<size_t>(std::count(keep.begin(), keep.end(), 0));
  if (dropped == 0)
    return 0;
  // Copy what stays into a fresh index, which also leaves the dropped commits' strings behind.
  Data out;
  out.prefix = d.prefix;
  out.all_folders = d.all_folders;
  out.folders = d.folders;
  out.tip = d.tip;
  out.has_tip = d.has_tip;
  out.missing = d.missing;
  std::vector<uint32_t> renumber(d.commits.size(), k_none);
  for (size_t i = 0, n = 0; i < d.commits.size(); ++i)
    if (keep[i])
      renumber[i] = static_cast<uint32_t>(n++);
  for (const StrRef& p : d.paths)
    out.paths.push_back(out.add(d.str(p)));
  std::unordered_map<std::string_view, StrRef> strings;
  const auto intern = [&](StrRef s) {
    auto [it, fresh] = strings.try_emplace(d.str(s));
    if (fresh)
      it->second = out.add(d.str(s));
    return it->second;
  };
  for (size_t i = 0; i < d.commits.size(); ++i) {
    if (!keep[i])
      continue;
    CommitRec r = d.commits[i];
    r.author = intern(r.author);
    r.email = intern(r.email);
    r.subject = out.add(d.str(r.subject));
    const uint32_t pf = r.parents_first, cf = r.changes_first;
    r.parents_first = static_cast<uint32_t>(out.parents.size());
    for (uint32_t k = 0; k < r.parents_count; ++k) {
      const uint32_t p = d.parents[pf + k];
      out.parents.push_back(p == k_none ? k_none : renumber[p]);
    }
    r.changes_first = static_cast<uint32_t>(out.changes.size());
    for (uint32_t k = 0; k < r.changes_count; ++k) {
      ChangeRec ch = d.changes[cf + k];
      ch.commit = renumber[i];
      out.changes.push_back(ch);
    }
    out.commits.push_back(r);
  }
  d = std::move(out);
  return dropped;
}

/// Brings d up to `head`: the commits git has that d lacks are walked (down to the commits d
/// has: where the old and new histories meet) and the ones head no longer reaches are dropped.
void extend(const Repo& repo, Data& d, const ObjectId& head, HistoryIndexUpdate& u)
{
  Appender app(d);
  repo.walk_history(head, [&](const ObjectId& id) { return app.has(id); }, d.prefix, d.walk_scope(), [&](const WalkedCommit& c) {
    app.add(c);
    ++u.walked;
  });
  app.resolve();
  d.tip = head;
  d.has_tip = true;
  u.dropped = drop_unreachable(d);
}

/// Adds the history of `folders` (sorted names, or with `all` every folder d lacks) to d, up to
/// date with HEAD: all of history is walked again, comparing those folders only, and their
/// changes are merged into each commit's. False when the walk met a commit d does not hold
/// (HEAD moved meanwhile): then d is as it was.
bool widen(const Repo& repo, Data& d, const std::vector<std::string>& folders, bool all, HistoryIndexUpdate& u)
{
  if (!d.has_tip)
    return false;
  Appender app(d);
  const size_t paths_before = d.paths.size(), pool_before = d.pool.size();
  std::vector<ChangeRec> extra;
  bool stray = false;
  const WalkScope scope = all ? WalkScope{false, d.folders, true} : WalkScope{false, folders, false};
  // From the index's own tip (HEAD may have moved since): exactly the commits the index holds.
  size_t visited = 0;
  repo.walk_history(d.tip, [](const ObjectId&) { return false; }, d.prefix, scope, [&](const WalkedCommit& c) {
    ++visited;
    ++u.walked;
    const uint32_t me = app.find_commit(c.id);
    if (me == k_none) {
      stray = true;
      return;
    }
    for (size_t nth = 0; nth < c.changes.size(); ++nth)
      for (const PathChange& ch : c.changes[nth])
        if (is_record_path(ch.path))
          extra.push_back(ChangeRec{me, app.path_id(ch.path), static_cast<uint32_t>(nth), ch.blob, ch.old_blob});
  });
  if (stray || visited != d.commits.size()) {
    d.paths.resize(paths_before);
    d.pool.resize(pool_before);
    return false;
  }
  std::sort(extra.begin(), extra.end(), [](const ChangeRec& a, const ChangeRec& b) {
    return a.commit != b.commit ? a.commit < b.commit : a.nth != b.nth ? a.nth < b.nth : a.path < b.path;
  });
  // Each commit's changes: its own and the new ones, still sorted by (nth, path).
  util::BigVector<ChangeRec> merged;
  merged.reserve(d.changes.size() + extra.size());
  auto next = extra.begin();
  for (uint32_t c = 0; c < d.commits.size(); ++c) {
    CommitRec& r = d.commits[c];
    const size_t first = merged.size();
    const auto old_first = d.changes.begin() + r.changes_first, old_last = old_first + r.changes_count;
    auto new_last = next;
    while (new_last != extra.end() && new_last->commit == c)
      ++new_last;
    std::merge(old_first, old_last, next, new_last, std::back_inserter(merged), [](const ChangeRec& a, const ChangeRec& b) {
      return a.nth != b.nth ? a.nth < b.nth : a.path < b.path;
    });
    next = new_last;
    r.changes_first = static_cast<uint32_t>(first);
    r.changes_count = static_cast<uint32_t>(merged.size() - first);
  }
  d.changes = std::move(merged);
  d.base.valid = false; // changed in the middle: the next write is a whole file
  if (all) {
    d.all_folders = true;
    d.folders.clear();
  } else {
    std::vector<std::string> both;
    std::set_union(d.folders.begin(), d.folders.end(), folders.begin(), folders.end(), std::back_inserter(both));
    d.folders = std::move(both);
  }
  return true;
}

/// A commit and when git's walk takes it: newest commit date first, in insertion order among
/// equal dates (git's commit_list_insert_by_date).
struct Queued {
  int64_t time;
  uint64_t seq;
  uint32_t commit;
  bool operator<(const Queued& o) const { return time != o.time ? time < o.time : seq > o.seq; }
};

HistoryEntry entry(const Data& d, uint32_t c, const ChangeRec& ch)
{
  const CommitRec& r = d.commits[c];
  HistoryEntry e;
  e.commit = r.id;
  e.author = d.str(r.author);
  e.email = d.str(r.email);
  e.subject = d.str(r.subject);
  e.author_time = r.author_time;
  e.commit_time = r.commit_time;
  e.author_offset = r.author_offset;
  e.path = d.str(d.paths[ch.path]);
  e.blob = ch.blob;
  return e;
}

/// The path a commit renamed to `added` (against its first parent), or k_none.
uint32_t rename_source(const Data& d, uint32_t c, const ChangeRec& added)
{
  const CommitRec& r = d.commits[c];
  const std::string_view name = d.str(d.paths[added.path]);
  const std::string_view folder = name.substr(0, name.rfind('/') + 1);
  // Within the added file's first-level folder only: a record's log reads an index of that
  // folder alone (HistoryScope), and must answer as one of every folder does.
  const auto top_folder = d.folder_of(name);
  uint32_t same_blob = k_none, deleted_here = k_none;
  size_t deletes = 0, adds = 0;
  for (uint32_t k = 0; k < r.changes_count; ++k) {
    const ChangeRec& ch = d.changes[r.changes_first + k];
    if (ch.nth != 0)
      break;
    const std::string_view other = d.str(d.paths[ch.path]);
    if (d.folder_of(other) != top_folder)
      continue;
    const bool here = other.substr(0, other.rfind('/') + 1) == folder;
    if (ch.old_blob.null() && here)
      ++adds;
    if (!ch.blob.null())
      continue;
    if (ch.old_blob == added.blob && same_blob == k_none)
      same_blob = ch.path;
    if (here) {
      ++deletes;
      deleted_here = ch.path;
    }
  }
  if (same_blob != k_none)
    return same_blob;
  return deletes == 1 && adds == 1 ? deleted_here : k_none;
}

/// git's default walk limited to paths: commits by date, each compared with its parents; a
/// commit the same as one of its parents for every path (TREESAME) is not shown and only that
/// parent is followed, otherwise it is shown and all parents are followed.
std::vector<HistoryEntry> walk(const Data& d, std::vector<uint32_t> paths, const HistoryQuery& q, long long from,
                               long long to)
{
  std::vector<HistoryEntry> out;
  const uint32_t tip = d.tip_index();
  if (tip == k_none || paths.empty())
    return out;
  std::vector<uint8_t> seen(d.commits.size(), 0);
  std::priority_queue<Queued> queue;
  uint64_t seq = 0;
  queue.push({d.commits[tip].commit_time, seq++, tip});
  seen[tip] = 1;
  const auto changed = [&](uint32_t c, uint32_t nth) -> const ChangeRec* {
    for (uint32_t p : paths)
      if (const ChangeRec* ch = d.change(c, nth, p))
        return ch;
    return nullptr;
  };
  while (!queue.empty()) {
    const uint32_t c = queue.top().commit;
    queue.pop();
    const CommitRec& r = d.commits[c];
    const ChangeRec* shown = nullptr;
    uint32_t only = k_none; // the one parent followed, when TREESAME to it
    if (r.parents_count == 0) {
      shown = changed(c, 0);
    } else {
      for (uint32_t nth = 0; nth < r.parents_count; ++nth) {
        if (q.first_parent && nth == 1)
          break;
        const ChangeRec* ch = changed(c, nth);
        if (!ch) {
          only = nth;
          shown = nullptr;
          break;
        }
        if (!shown)
          shown = ch;
      }
    }
    if (shown) {
      if (r.commit_time >= from && r.commit_time < to)
        out.push_back(entry(d, c, *shown));
      if (q.follow_renames && paths.size() == 1 && r.parents_count <= 1 && shown->nth == 0 && shown->old_blob.null())
        if (const uint32_t src = rename_source(d, c, *shown); src != k_none)
          paths = {src};
    }
    const uint32_t first = only != k_none ? only : 0;
    const uint32_t last = only != k_none ? only + 1 : q.first_parent ? std::min(1u, r.parents_count) : r.parents_count;
    for (uint32_t nth = first; nth < last; ++nth) {
      const uint32_t p = d.parents[r.parents_first + nth];
      if (p == k_none || seen[p])
        continue;
      seen[p] = 1;
      queue.push({d.commits[p].commit_time, seq++, p});
    }
  }
  return out;
}

} // namespace

HistoryIndex::HistoryIndex() : m_data(std::make_unique<Data>()) {}
HistoryIndex::HistoryIndex(HistoryIndex&&) noexcept = default;
HistoryIndex& HistoryIndex::operator=(HistoryIndex&&) noexcept = default;
HistoryIndex::~HistoryIndex() = default;

namespace {

/// A string in big blocks (the serialised index is megabytes).
using BigString = std::basic_string<char, std::char_traits<char>, util::BigAllocator<char>>;

BigString serialized(const HistoryIndex::Data& d)
{
  Header h;
  std::memset(static_cast<void*>(&h), 0, sizeof h); // padding too: the bytes are checksummed
  std::memcpy(h.magic, k_magic, sizeof h.magic);
  h.version = k_format;
  h.endian = k_endian;
  h.commits = d.commits.size();
  h.parents = d.parents.size();
  h.changes = d.changes.size();
  h.paths = d.paths.size();
  h.missing = d.missing.size();
  h.pool = d.pool.size();
  h.tip = d.tip;
  h.has_tip = d.has_tip ? 1 : 0;
  h.prefix_len = static_cast<uint32_t>(d.prefix.size());
  h.all_folders = d.all_folders ? 1 : 0;
  std::string scope;
  for (const std::string& f : d.folders)
    scope.append(scope.empty() ? "" : "/").append(f);
  h.scope_len = static_cast<uint32_t>(scope.size());
  BigString out;
  out.reserve(sizeof h + d.prefix.size() + scope.size() + d.commits.size() * sizeof(CommitRec) + d.parents.size() * 4 +
              d.changes.size() * sizeof(ChangeRec) + d.paths.size() * sizeof(StrRef) + d.missing.size() * 20 + d.pool.size() + 8);
  out.append(reinterpret_cast<const char*>(&h), sizeof h);
  out.append(d.prefix);
  out.append(scope);
  append_array(out, d.commits);
  append_array(out, d.parents);
  append_array(out, d.changes);
  append_array(out, d.paths);
  append_array(out, d.missing);
  out.append(d.pool);
  const uint64_t sum = checksum(std::string_view(out.data(), out.size()));
  out.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  return out;
}

} // namespace

namespace {

/// Whether every index in the arrays past `from` (an index file's lengths, or zeros) points
/// inside its array: a damaged file is never followed out of bounds.
bool in_bounds(const Data& d, const Lengths& from)
{
  const auto fits = [&](uint64_t first, uint64_t count, uint64_t size) { return first <= size && count <= size - first; };
  for (size_t i = from.commits; i < d.commits.size(); ++i) {
    const CommitRec& r = d.commits[i];
    if (!fits(r.parents_first, r.parents_count, d.parents.size()) || !fits(r.changes_first, r.changes_count, d.changes.size()) ||
        !fits(r.author.off, r.author.len, d.pool.size()) || !fits(r.email.off, r.email.len, d.pool.size()) ||
        !fits(r.subject.off, r.subject.len, d.pool.size()))
      return false;
  }
  for (size_t i = from.parents; i < d.parents.size(); ++i)
    if (d.parents[i] != k_none && d.parents[i] >= d.commits.size())
      return false;
  for (size_t i = from.changes; i < d.changes.size(); ++i)
    if (d.changes[i].commit >= d.commits.size() || d.changes[i].path >= d.paths.size())
      return false;
  for (size_t i = from.paths; i < d.paths.size(); ++i)
    if (!fits(d.paths[i].off, d.paths[i].len, d.pool.size()))
      return false;
  return true;
}

/// What the arrays gained since the index file, as a tail file.
BigString serialized_tail(const Data& d)
{
  TailHeader h;
  std::memset(static_cast<void*>(&h), 0, sizeof h);
  std::memcpy(h.magic, k_tail_magic, sizeof h.magic);
  h.version = k_format;
  h.endian = k_endian;
  const Lengths& b = d.base.lengths;
  const Lengths now = d.lengths();
  h.base_sum = d.base.sum;
  h.base = b;
  h.added = {now.commits - b.commits, now.parents - b.parents, now.changes - b.changes, now.paths - b.paths, now.pool - b.pool};
  h.missing = d.missing.size();
  h.tip = d.tip;
  h.has_tip = d.has_tip ? 1 : 0;
  BigString out;
  const auto append = [&](const void* p, size_t n) { out.append(static_cast<const char*>(p), n); };
  append(&h, sizeof h);
  append(d.commits.data() + b.commits, h.added.commits * sizeof(CommitRec));
  append(d.parents.data() + b.parents, h.added.parents * sizeof(uint32_t));
  append(d.changes.data() + b.changes, h.added.changes * sizeof(ChangeRec));
  append(d.paths.data() + b.paths, h.added.paths * sizeof(StrRef));
  append(d.missing.data(), h.missing * sizeof(ObjectId));
  append(d.pool.data() + b.pool, h.added.pool);
  const uint64_t sum = checksum(std::string_view(out.data(), out.size()));
  append(&sum, sizeof sum);
  return out;
}

/// Appends a tail file to the arrays read from its index file; false (d unchanged) when the
/// tail is torn, damaged, or continues another index file.
bool apply_tail(Data& d, std::string_view bytes)
{
  TailHeader h;
  if (!d.base.valid || bytes.size() < sizeof h + 8)
    return false;
  std::memcpy(&h, bytes.data(), sizeof h);
  const Lengths& b = d.base.lengths;
  if (std::memcmp(h.magic, k_tail_magic, sizeof h.magic) != 0 || h.version != k_format || h.endian != k_endian ||
      h.base_sum != d.base.sum || !(h.base == b) || !(d.lengths() == b))
    return false;
  uint64_t sum;
  std::memcpy(&sum, bytes.data() + bytes.size() - 8, 8);
  if (checksum(bytes.substr(0, bytes.size() - 8)) != sum)
    return false;
  std::string_view in = bytes.substr(sizeof h, bytes.size() - sizeof h - 8);
  const auto take = [&](auto& v, uint64_t count) {
    using T = typename std::decay_t<decltype(v)>::value_type;
    if (count > in.size() / sizeof(T))
      return false;
    const size_t old = v.size();
    v.resize(old + count);
    if (count > 0)
      std::memcpy(v.data() + old, in.data(), count * sizeof(T));
    in.remove_prefix(count * sizeof(T));
    return true;
  };
  std::vector<ObjectId> missing;
  const Lengths& a = h.added;
  const bool read = take(d.commits, a.commits) && take(d.parents, a.parents) && take(d.changes, a.changes) &&
                    take(d.paths, a.paths) && take(missing, h.missing) && in.size() == a.pool;
  if (read)
    d.pool.append(in);
  if (!read || !in_bounds(d, b)) {
    d.commits.resize(b.commits);
    d.parents.resize(b.parents);
    d.changes.resize(b.changes);
    d.paths.resize(b.paths);
    d.pool.resize(b.pool);
    return false;
  }
  d.missing = std::move(missing);
  d.tip = h.tip;
  d.has_tip = h.has_tip != 0;
  return true;
}

/// Where the tail of an index file is kept.
fs::path tail_file(const fs::path& index_file)
{
  fs::path p = index_file;
  return p.replace_extension(".tail");
}

} // namespace

std::string HistoryIndex::serialize() const
{
  const BigString out = serialized(*m_data);
  return std::string(out.data(), out.size());
}

std::optional<HistoryIndex> HistoryIndex::parse(std::string_view bytes, const std::string& prefix)
{
  Header h;
  if (bytes.size() < sizeof h + 8)
    return std::nullopt;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, k_magic, sizeof k_magic) != 0 || h.version != k_format || h.endian != k_endian)
    return std::nullopt;
  uint64_t sum;
  std::memcpy(&sum, bytes.data() + bytes.size() - 8, 8);
  if (checksum(bytes.substr(0, bytes.size() - 8)) != sum)
    return std::nullopt; // torn or damaged
  std::string_view in = bytes.substr(sizeof h, bytes.size() - sizeof h - 8);
  if (h.prefix_len > in.size() || in.substr(0, h.prefix_len) != prefix)
    return std::nullopt;
  in.remove_prefix(h.prefix_len);
  if (h.scope_len > in.size())
    return std::nullopt;
  HistoryIndex idx;
  Data& d = *idx.m_data;
  d.prefix = prefix;
  d.all_folders = h.all_folders != 0;
  for (std::string_view scope = in.substr(0, h.scope_len); !scope.empty();) {
    const size_t slash = scope.find('/');
    d.folders.emplace_back(scope.substr(0, slash));
    scope.remove_prefix(slash == std::string_view::npos ? scope.size() : slash + 1);
  }
  in.remove_prefix(h.scope_len);
  if (!std::is_sorted(d.folders.begin(), d.folders.end()) || (d.all_folders && !d.folders.empty()))
    return std::nullopt;
  d.tip = h.tip;
  d.has_tip = h.has_tip != 0;
  if (!read_array(in, d.commits, h.commits) || !read_array(in, d.parents, h.parents) ||
      !read_array(in, d.changes, h.changes) || !read_array(in, d.paths, h.paths) || !read_array(in, d.missing, h.missing) || in.size() != h.pool)
    return std::nullopt;
  d.pool = std::string(in);
  if (!in_bounds(d, Lengths{}))
    return std::nullopt;
  d.set_base(sum, bytes.size());
  return idx;
}

std::optional<HistoryIndex> HistoryIndex::parse(std::string_view bytes, const std::string& prefix, std::string_view tail)
{
  auto idx = parse(bytes, prefix);
  if (idx && !tail.empty())
    apply_tail(*idx->m_data, tail);
  return idx;
}

fs::path HistoryIndex::file_for(const Repo& repo, const fs::path& root)
{
  const std::string prefix = work_tree_path(root, repo.workdir());
  const size_t h = std::hash<std::string>{}(prefix == "." ? std::string() : prefix);
  return repo.git_dir() / "collab" / fmt::format("history-{:016x}.idx", h);
}

HistoryScope HistoryScope::of(const fs::path& root, const fs::path& file)
{
  const std::string rel = work_tree_path(file, root);
  const size_t slash = rel.find('/');
  HistoryScope s{false, {}};
  if (slash != std::string::npos && rel.substr(0, slash) != "..")
    s.folders.push_back(rel.substr(0, slash));
  return s;
}

HistoryIndex HistoryIndex::open(const Repo& repo, const fs::path& root, const HistoryScope& scope)
{
  const fs::path top = repo.workdir();
  std::string prefix = work_tree_path(root, top);
  if (prefix == ".")
    prefix.clear();
  const fs::path file = file_for(repo, root);
  HistoryIndex idx;
  HistoryIndexUpdate u;
  try {
    const MappedFile mapped(file);
    std::optional<MappedFile> tail;
    try {
      std::error_code ec;
      if (fs::exists(tail_file(file), ec))
        tail.emplace(tail_file(file));
    } catch (const std::exception&) {
      // Gone meanwhile (another process rewrote the index): the index file alone.
    }
    // A tail that does not apply is ignored: its commits are walked again.
    if (auto loaded = parse(mapped.text(), prefix, tail ? tail->text() : std::string_view())) {
      idx = std::move(*loaded);
      u.loaded = true;
    }
  } catch (const std::exception&) {
    // Missing or unreadable: built below.
  }
  idx.m_workdir = top;
  // A parent that was missing has come (`git fetch --unshallow`): the commits it leads to were
  // compared with nothing and are wrong now.
  for (const ObjectId& m : idx.m_data->missing)
    if (repo.resolve_commit(m.hex())) {
      u.loaded = false;
      break;
    }
  std::vector<std::string> wanted = scope.all_folders ? std::vector<std::string>() : scope.folders;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (!u.loaded) {
    idx.m_data = std::make_unique<Data>();
    idx.m_data->all_folders = scope.all_folders;
    idx.m_data->folders = wanted;
  }
  idx.m_data->prefix = prefix;
  Data& d = *idx.m_data;
  // The folders asked for that the index lacks.
  std::vector<std::string> lacking;
  if (!d.all_folders)
    std::set_difference(wanted.begin(), wanted.end(), d.folders.begin(), d.folders.end(), std::back_inserter(lacking));
  const bool narrow = !d.all_folders && (scope.all_folders || !lacking.empty());
  const std::optional<ObjectId> head = repo.head_id();
  const bool current = u.loaded && (head ? d.has_tip && d.tip == *head : !d.has_tip);
  if (!current || narrow) {
    u.rebuilt = !u.loaded;
    if (!current && head)
      extend(repo, d, *head, u);
    else if (!current)
      d = Data{prefix, d.all_folders, d.folders};
    if (narrow) {
      u.widened = true;
      if (!head || !widen(repo, d, lacking, scope.all_folders, u)) {
        // No history yet, or HEAD moved meanwhile: the wider scope from scratch.
        Data wide{prefix, scope.all_folders, {}};
        if (!scope.all_folders)
          std::set_union(d.folders.begin(), d.folders.end(), lacking.begin(), lacking.end(), std::back_inserter(wide.folders));
        d = std::move(wide);
        if (head) {
          u.rebuilt = true;
          extend(repo, d, *head, u);
        }
      }
    }
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    try {
      // Temp file and rename: a reader sees the old index or the new one, and two processes
      // updating at once each install a whole file. No fsync: a torn file fails its checksum.
      // Commits added to a loaded index go to its tail file while that stays small (a quarter
      // of the index); anything else, or a tail grown large, rewrites the index file whole.
      bool tail_written = false;
      if (d.base.valid) {
        const BigString tail = serialized_tail(d);
        if (tail.size() * 4 < d.base.bytes) {
          write_file_atomic(tail_file(file), std::string_view(tail.data(), tail.size()), false);
          tail_written = true;
        }
      }
      if (!tail_written) {
        const BigString bytes = serialized(d);
        write_file_atomic(file, std::string_view(bytes.data(), bytes.size()), false);
        uint64_t sum;
        std::memcpy(&sum, bytes.data() + bytes.size() - 8, 8);
        d.set_base(sum, bytes.size());
        // A tail of the old file no longer applies (its checksum differs): removed for tidiness.
        fs::remove(tail_file(file), ec);
      }
      u.written = true;
    } catch (const std::exception&) {
      // An index that cannot be written only costs speed next time.
    }
  }
  idx.m_update = u;
  return idx;
}

namespace {

/// A query about a folder the index was not opened for would answer "no history": a bug.
void require_covered(const HistoryIndex& idx, const Data& d, std::string_view path)
{
  if (d.folder_of(path) && !idx.covers(path))
    throw std::logic_error(fmt::format("history index opened without the folder of {}", path));
}

} // namespace

std::vector<HistoryEntry> HistoryIndex::log(const std::string& path, const HistoryQuery& q) const
{
  require_covered(*this, *m_data, path);
  const uint32_t p = m_data->find_path(path);
  if (p == k_none)
    return {};
  return walk(*m_data, {p}, q, LLONG_MIN, LLONG_MAX);
}

std::unordered_map<std::string, std::vector<HistoryEntry>> HistoryIndex::first_parent_logs() const
{
  std::unordered_map<std::string, std::vector<HistoryEntry>> out;
  const Data& d = *m_data;
  if (!d.all_folders)
    throw std::logic_error("first_parent_logs of a history index opened for some folders only");
  std::vector<uint8_t> seen(d.commits.size(), 0);
  // The first-parent line from the tip: each commit's changes against its first parent (a
  // root's against the empty tree), as walk() shows them with first_parent.
  for (uint32_t c = d.tip_index(); c != k_none && !seen[c];) {
    seen[c] = 1;
    const CommitRec& r = d.commits[c];
    for (uint32_t i = 0; i < r.changes_count; ++i) {
      const ChangeRec& ch = d.changes[r.changes_first + i];
      if (ch.nth == 0)
        out[std::string(d.str(d.paths[ch.path]))].push_back(entry(d, c, ch));
    }
    c = r.parents_count > 0 ? d.parents[r.parents_first] : k_none;
  }
  return out;
}

std::vector<HistoryEntry> HistoryIndex::touching(const std::vector<std::string>& paths, long long from, long long to,
                                                 const HistoryQuery& q) const
{
  std::vector<uint32_t> ids;
  for (const auto& p : paths)
    require_covered(*this, *m_data, p);
  for (const auto& p : paths)
    if (const uint32_t id = m_data->find_path(p); id != k_none)
      ids.push_back(id);
  HistoryQuery plain = q;
  plain.follow_renames = false;
  return walk(*m_data, ids, plain, from, to);
}

std::unordered_map<std::string, PathSpan> HistoryIndex::path_spans() const
{
  const Data& d = *m_data;
  if (!d.all_folders)
    throw std::logic_error("path_spans of a history index opened for some folders only");
  std::vector<PathSpan> spans(d.paths.size());
  std::vector<uint8_t> seen(d.paths.size(), 0);
  for (uint32_t c = 0; c < d.commits.size(); ++c) {
    const CommitRec& r = d.commits[c];
    for (uint32_t k = r.changes_first; k < r.changes_first + r.changes_count; ++k) {
      const ChangeRec& ch = d.changes[k];
      if (ch.nth != 0)
        break; // sorted by parent: the changes against the first parent come first
      bool every_parent = true;
      for (uint32_t nth = 1; nth < r.parents_count && every_parent; ++nth)
        every_parent = d.change(c, nth, ch.path) != nullptr;
      if (!every_parent)
        continue; // the merge took this path from one side as it was: no change of its own
      PathSpan& s = spans[ch.path];
      if (!seen[ch.path] || r.commit_time < s.first_time) {
        s.first_time = r.commit_time;
        s.first_offset = r.author_offset;
      }
      if (!seen[ch.path] || r.commit_time >= s.last_time) {
        s.last_time = r.commit_time;
        s.last_offset = r.author_offset;
      }
      seen[ch.path] = 1;
    }
  }
  std::unordered_map<std::string, PathSpan> out;
  out.reserve(d.paths.size());
  for (uint32_t p = 0; p < d.paths.size(); ++p)
    if (seen[p])
      out.emplace(std::string(d.str(d.paths[p])), spans[p]);
  return out;
}

std::optional<HistoryEntry> HistoryIndex::last_change(const std::string& path, long long until,
                                                      const HistoryQuery& q) const
{
  for (auto& e : log(path, q))
    if (e.author_time <= until)
      return std::move(e);
  return std::nullopt;
}

std::optional<size_t> HistoryIndex::revision_of_blob(const std::string& path, const ObjectId& blob,
                                                     const HistoryQuery& q) const
{
  const auto revs = log(path, q);
  for (size_t i = 0; i < revs.size(); ++i)
    if (revs[i].blob == blob)
      return revs.size() - i;
  return std::nullopt;
}

std::optional<std::string> HistoryIndex::read_at(const Repo& repo, const ObjectId& commit, const std::string& path)
{
  return repo.read_at(commit.hex(), repo.workdir() / path);
}

std::string HistoryIndex::relative(const fs::path& path) const { return work_tree_path(path, m_workdir); }

bool HistoryIndex::covers(std::string_view path) const
{
  const auto folder = m_data->folder_of(path);
  return folder && (folder->empty() || m_data->has_folder(*folder));
}

HistoryScope HistoryIndex::scope() const { return HistoryScope{m_data->all_folders, m_data->folders}; }

ObjectId HistoryIndex::tip() const { return m_data->tip; }

size_t HistoryIndex::commit_count() const { return m_data->commits.size(); }

} // namespace collab::store

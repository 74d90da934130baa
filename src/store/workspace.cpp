#include "collab/store/workspace.h"

#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"
#include "collab/util/parallel.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fmt/format.h>
#include <fmt/std.h>

namespace collab::store {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;

std::optional<fs::path> find_root(const fs::path& start)
{
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(start), ec);
  if (ec)
    dir = fs::absolute(start);
  while (true) {
    if (fs::is_regular_file(dir / k_config_name, ec))
      return dir;
    const fs::path parent = dir.parent_path();
    if (parent == dir)
      return std::nullopt;
    dir = parent;
  }
}

std::optional<fs::path> find_git_top(const fs::path& dir)
{
  std::error_code ec;
  for (fs::path p = dir;; p = p.parent_path()) {
    if (fs::exists(p / ".git", ec))
      return p;
    if (p == p.parent_path())
      return std::nullopt;
  }
}

namespace {

bool record_name(std::string_view name)
{
  if (name == k_config_name)
    return false;
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos)
    return false;
  const auto ext = name.substr(dot);
  return ext == ".yaml" || ext == ".yml";
}

/// A file time in nanoseconds.
long long ns(const timespec& t) { return t.tv_sec * 1'000'000'000LL + t.tv_nsec; }

/// Names sorted, each followed by '/' (the one byte no file name holds).
std::string join_names(std::vector<std::string> names)
{
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names)
    out.append(n).push_back('/');
  return out;
}

/// Calls fn with each name of a list made by join_names.
template <typename Fn>
void for_each_name(std::string_view list, Fn&& fn)
{
  while (!list.empty()) {
    const size_t slash = list.find('/');
    fn(list.substr(0, slash));
    list.remove_prefix(slash == std::string_view::npos ? list.size() : slash + 1);
  }
}

/// True when the link `name` in the directory `dir_fd` leads to a folder (only its type is
/// looked at: a folder link is reported, not walked).
bool links_to_folder(int dir_fd, const char* name)
{
  struct stat st {};
  return ::fstatat(dir_fd, name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

/// Reads the directory `rel` (relative to the root's fd; "" for the root) into `out`. False
/// when it cannot be opened (vanished, unreadable, or a link: directory links are never followed).
bool read_dir(int root_fd, const std::string& rel, DirListing& out)
{
  const int fd = ::openat(root_fd, rel.empty() ? "." : rel.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!dir) {
    if (fd >= 0)
      ::close(fd);
    return false;
  }
  std::vector<std::string> files, subdirs;
  // A folder with its own config is a nested records root: not ours.
  out.nested = !rel.empty() && ::faccessat(fd, k_config_name, F_OK, 0) == 0;
  while (const dirent* e = out.nested ? nullptr : ::readdir(dir)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..")
      continue;
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue; // vanished
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
    }
    if (type == DT_DIR) {
      if (name.front() != '.') // hidden folders are not ours
        subdirs.emplace_back(name);
    } else if (record_name(name) || (type == DT_LNK && name.front() != '.' && links_to_folder(fd, e->d_name))) {
      // Links are listed with the files, never followed: reading one sees that it is a link
      // and reports it, so a link out of the root is neither read nor silently skipped.
      files.emplace_back(name);
    }
  }
  ::closedir(dir);
  out.files = join_names(std::move(files));
  out.subdirs = join_names(std::move(subdirs));
  return true;
}

struct Walk {
  int root_fd;
  std::vector<DirListing>& previous;
  long long stable_before_ns;
  RecordScan& out;
  BigVector<std::string> names;

  DirListing* find_previous(const std::string& rel)
  {
    const auto it = std::lower_bound(previous.begin(), previous.end(), rel,
                                     [](const DirListing& d, const std::string& r) { return d.rel < r; });
    return it != previous.end() && it->rel == rel ? &*it : nullptr;
  }

  /// Lists `rel` (reusing its earlier listing while the directory is unchanged), then its
  /// sub-folders. False when `rel` cannot be read (vanished since its parent was listed,
  /// replaced by a link, or unreadable).
  bool visit(const std::string& rel, int depth)
  {
    struct stat st {};
    if (::fstatat(root_fd, rel.empty() ? "." : rel.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
      return false;
    DirListing d;
    d.rel = rel;
    d.mtime_ns = ns(st.st_mtim);
    d.ctime_ns = ns(st.st_ctim);
    d.ino = static_cast<long long>(st.st_ino);
    // Adding, removing or renaming an entry changes a directory's mtime; one changed too close
    // to the last scan could change again within the same tick, so it is read again.
    DirListing* prev = find_previous(rel);
    if (prev && prev->mtime_ns == d.mtime_ns && prev->ctime_ns == d.ctime_ns && prev->ino == d.ino &&
        d.mtime_ns < stable_before_ns && d.ctime_ns < stable_before_ns) {
      d.nested = prev->nested;
      d.files = std::move(prev->files);
      d.subdirs = std::move(prev->subdirs);
    } else {
      if (!read_dir(root_fd, rel, d))
        return false;
      ++out.dirs_read;
    }
    if (!d.nested)
      for_each_name(d.files, [&](std::string_view f) {
        std::string path;
        path.reserve(rel.size() + f.size());
        names.push_back(std::move(path.append(rel).append(f)));
      });
    const std::string subdirs = d.nested || depth >= 64 ? std::string() : d.subdirs;
    out.dirs.push_back(std::move(d));
    for_each_name(subdirs, [&](std::string_view sub) { visit(rel + std::string(sub) + "/", depth + 1); });
    return true;
  }
};

} // namespace

bool is_record_name(const fs::path& p) { return record_name(p.filename().string()); }

bool is_record_file_name(std::string_view name) { return record_name(name); }

RecordScan scan_records(const fs::path& root, std::vector<DirListing> previous, long long stable_before_ns)
{
  const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw repo_error(trf("cannot read {}: {}", root.string(), std::strerror(errno)));
  RecordScan out;
  Walk walk{fd, previous, stable_before_ns, out, {}};
  if (!walk.visit("", 0)) {
    const int err = errno;
    ::close(fd);
    throw repo_error(trf("cannot read {}: {}", root.string(), std::strerror(err)));
  }
  std::sort(out.dirs.begin(), out.dirs.end(), [](const DirListing& a, const DirListing& b) { return a.rel < b.rel; });
  BigVector<std::string>& names = walk.names;
  if (!std::is_sorted(names.begin(), names.end()))
    std::sort(names.begin(), names.end());
  // One stat per file is most of a warm view's time (~4 µs each on a VM): spread them over
  // the cores in chunks. A file that vanished since it was listed keeps an empty path and is
  // left out.
  out.files.resize(names.size());
  constexpr size_t k_chunk = 512;
  parallel_for((names.size() + k_chunk - 1) / k_chunk, [&](size_t c) {
    for (size_t i = c * k_chunk; i < std::min(names.size(), (c + 1) * k_chunk); ++i) {
      struct stat st {};
      // A link is kept with its own stat, not its target's: reading it reports the link.
      if (::fstatat(fd, names[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
        continue;
      RecordFile& f = out.files[i];
      f.rel = std::move(names[i]);
      f.size = st.st_size;
      f.mtime_ns = ns(st.st_mtim);
      f.ctime_ns = ns(st.st_ctim);
      f.ino = static_cast<long long>(st.st_ino);
      f.dev = static_cast<long long>(st.st_dev);
    }
  });
  ::close(fd);
  std::erase_if(out.files, [](const RecordFile& f) { return f.rel.empty(); });
  return out;
}

BigVector<RecordFile> scan_record_files(const fs::path& root) { return scan_records(root, {}, 0).files; }

std::vector<fs::path> list_record_files(const fs::path& root)
{
  std::vector<fs::path> out;
  for (const auto& f : scan_record_files(root))
    out.push_back(root / f.rel);
  return out;
}

std::optional<std::string> symlink_below(const fs::path& root, const fs::path& path)
{
  const fs::path rel = path.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..")
    return std::nullopt;
  fs::path at = root;
  std::string shown;
  for (const auto& part : rel) {
    if (part == ".")
      continue;
    at /= part;
    shown += shown.empty() ? part.string() : "/" + part.string();
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0)
      return std::nullopt; // does not exist (yet): nothing below it is a link
    if (S_ISLNK(st.st_mode))
      return shown;
  }
  return std::nullopt;
}

std::string Workspace::display(const fs::path& abs) const
{
  const fs::path rel = abs.lexically_relative(cwd);
  if (rel.empty())
    return abs.string();
  return rel.string();
}

Workspace open_workspace(const fs::path& start, std::vector<Diagnostic>& errors)
{
  std::error_code ec;
  if (!fs::is_directory(start, ec))
    throw usage_error(ec ? trf("cannot use directory {}: {}", start.string(), ec.message())
                         : trf("cannot use directory {}: not a directory", start.string()));
  auto root = find_root(start);
  if (!root)
    throw usage_error(trf("not a collab records root (no {} in {} or any parent); run `collab init` first",
                          k_config_name, fs::absolute(start).lexically_normal().string()));
  Workspace ws;
  ws.root = *root;
  ws.cwd = fs::weakly_canonical(fs::absolute(start));
  const fs::path cfg = ws.root / k_config_name;
  SourceFile src(ws.display(cfg), read_file(cfg));
  ws.config = parse_config(src, errors);
  if (ws.config.lang.empty())
    ws.config.lang = util::i18n::language_from_environment();
  return ws;
}

std::string symlink_message(const Workspace& ws, const fs::path& file, const std::string& link)
{
  const bool is_file = file.lexically_relative(ws.root) == fs::path(link) && is_record_name(file);
  const std::string shown = ws.display(ws.root / link);
  return is_file ? trf("`{}` is a symbolic link; collab never follows links: replace it with the file itself", shown)
                 : trf("`{}` is a symbolic link; collab never follows links: replace it with the folder itself", shown);
}

} // namespace collab::store

#include "collab/workspace.h"

#include "collab/error.h"
#include "collab/fsutil.h"
#include "collab/parallel.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fmt/format.h>
#include <fmt/std.h>

namespace collab {

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

/// Reads one directory (`prefix`, relative to the root's fd) with readdir: the names of
/// record files go to `out`, relative to the root; sub-folders are read after it is closed,
/// so deep trees never hold many descriptors.
void scan_dir(int root_fd, const std::string& prefix, BigVector<std::string>& out, int depth)
{
  const int fd = ::openat(root_fd, prefix.empty() ? "." : prefix.c_str(),
                          O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!dir) {
    if (fd >= 0)
      ::close(fd);
    if (prefix.empty())
      throw repo_error(fmt::format("cannot read {}: {}", ".", std::strerror(errno)));
    return; // a sub-folder that vanished or cannot be read holds nothing we can show
  }
  std::vector<std::string> subdirs;
  while (const dirent* e = ::readdir(dir)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..")
      continue;
    bool is_dir = e->d_type == DT_DIR;
    bool is_file = e->d_type == DT_REG;
    if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
      struct stat st {};
      if (::fstatat(::dirfd(dir), e->d_name, &st, 0) != 0)
        continue; // vanished or a dangling link
      is_dir = S_ISDIR(st.st_mode) && e->d_type != DT_LNK; // never follow directory links
      is_file = S_ISREG(st.st_mode);
    }
    if (is_dir) {
      // Hidden folders and nested records roots (a folder with its own config) are not ours.
      if (name.front() == '.')
        continue;
      std::string sub(name);
      if (::faccessat(::dirfd(dir), (sub + "/" + k_config_name).c_str(), F_OK, 0) == 0)
        continue;
      subdirs.push_back(std::move(sub));
    } else if (is_file && record_name(name)) {
      out.push_back(prefix + std::string(name));
    }
  }
  ::closedir(dir);
  if (depth >= 64)
    return;
  for (const auto& sub : subdirs)
    scan_dir(root_fd, prefix + sub + "/", out, depth + 1);
}

} // namespace

bool is_record_name(const fs::path& p) { return record_name(p.filename().string()); }

BigVector<RecordFile> scan_record_files(const fs::path& root)
{
  const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw repo_error(fmt::format("cannot read {}: {}", root.string(), std::strerror(errno)));
  BigVector<std::string> names;
  try {
    scan_dir(fd, "", names, 0);
  } catch (...) {
    ::close(fd);
    throw;
  }
  std::sort(names.begin(), names.end());
  // One stat per file is most of a warm view's time (~4 µs each on a VM): spread them over
  // the cores in chunks. A file that vanished since readdir is left out.
  BigVector<RecordFile> found(names.size());
  std::vector<char> ok(names.size(), 0);
  constexpr size_t k_chunk = 512;
  parallel_for((names.size() + k_chunk - 1) / k_chunk, [&](size_t c) {
    for (size_t i = c * k_chunk; i < std::min(names.size(), (c + 1) * k_chunk); ++i) {
      struct stat st {};
      if (::fstatat(fd, names[i].c_str(), &st, 0) != 0 || !S_ISREG(st.st_mode))
        continue;
      found[i] = RecordFile{std::move(names[i]), st.st_size, st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec,
                            st.st_ctim.tv_sec * 1'000'000'000LL + st.st_ctim.tv_nsec,
                            static_cast<long long>(st.st_ino), static_cast<long long>(st.st_dev)};
      ok[i] = 1;
    }
  });
  ::close(fd);
  BigVector<RecordFile> out;
  out.reserve(found.size());
  for (size_t i = 0; i < found.size(); ++i)
    if (ok[i])
      out.push_back(std::move(found[i]));
  return out;
}

std::vector<fs::path> list_record_files(const fs::path& root)
{
  std::vector<fs::path> out;
  for (const auto& f : scan_record_files(root))
    out.push_back(root / f.rel);
  return out;
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
    throw usage_error(fmt::format("cannot use directory {}: {}", start.string(),
                                  ec ? ec.message() : "not a directory"));
  auto root = find_root(start);
  if (!root)
    throw usage_error(fmt::format("not a collab records root (no {} in {} or any parent); run `collab init` first",
                                  k_config_name, fs::absolute(start).lexically_normal().string()));
  Workspace ws;
  ws.root = *root;
  ws.cwd = fs::weakly_canonical(fs::absolute(start));
  const fs::path cfg = ws.root / k_config_name;
  SourceFile src(ws.display(cfg), read_file(cfg));
  ws.config = parse_config(src, errors);
  return ws;
}

} // namespace collab

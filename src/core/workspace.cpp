#include "collab/workspace.h"

#include "collab/error.h"
#include "collab/fsutil.h"

#include <algorithm>
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

bool is_record_name(const fs::path& p)
{
  const std::string name = p.filename().string();
  if (name == k_config_name)
    return false;
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

std::vector<fs::path> list_record_files(const fs::path& root)
{
  std::vector<fs::path> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec)
    throw repo_error(fmt::format("cannot read {}: {}", root.string(), ec.message()));
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec)
      throw repo_error(fmt::format("cannot read below {}: {}", root.string(), ec.message()));
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (it->is_directory(ec)) {
      // Hidden folders and nested records roots (a folder with its own config) are not ours.
      if ((!name.empty() && name[0] == '.') || fs::exists(p / k_config_name, ec))
        it.disable_recursion_pending();
      continue;
    }
    if (is_record_name(p) && it->is_regular_file(ec))
      out.push_back(p);
  }
  std::sort(out.begin(), out.end());
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

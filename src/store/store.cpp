#include "collab/store/store.h"

#include "collab/util/error.h"
#include "collab/util/files.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace collab::store {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;

std::string Ref::str() const { return index > 0 ? fmt::format("{}#{}", id, index) : id; }

std::optional<Ref> parse_ref(std::string_view s)
{
  Ref r;
  const auto hash = s.find('#');
  r.id = std::string(s.substr(0, hash));
  if (r.id.empty() || r.id.find('/') != std::string::npos || r.id.find('\\') != std::string::npos)
    return std::nullopt;
  if (hash != std::string_view::npos) {
    const auto n = s.substr(hash + 1);
    if (n.empty() || n.size() > 4 || n.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    r.index = std::stoi(std::string(n));
    if (r.index < 1)
      return std::nullopt;
  }
  return r;
}

std::string_view item_list_key(std::string_view kind)
{
  if (kind == "meeting")
    return "actions";
  if (kind == "task")
    return "subtasks";
  if (kind == "issue")
    return "solutions";
  return "";
}

std::string_view kind_folder(std::string_view kind)
{
  if (kind == "meeting")
    return "meetings";
  if (kind == "task")
    return "tasks";
  if (kind == "issue")
    return "issues";
  return "requests";
}

std::optional<fs::path> find_record_file(const Workspace& ws, std::string_view id)
{
  std::error_code ec;
  for (const char* folder : {"meetings", "tasks", "issues", "requests"})
    for (const char* ext : {".yaml", ".yml"}) {
      const fs::path p = ws.root / folder / (std::string(id) + ext);
      if (fs::is_regular_file(p, ec))
        return p;
    }
  // Records may live anywhere below the root; ids equal file names.
  for (const auto& p : list_record_files(ws.root))
    if (p.stem() == id)
      return p;
  return std::nullopt;
}

std::string next_id(const Workspace& ws, std::string_view kind, const Date& date, std::string_view dept)
{
  std::string fmt_str = ws.config.id_format_for(kind);
  std::string d(dept);
  // "市场部" gives "2024-市场-001", as the guides number tasks.
  if (d.size() > 3 && d.compare(d.size() - 3, 3, "部") == 0)
    d.resize(d.size() - 3);
  for (auto& c : d)
    if (c == ' ' || c == '/' || c == '\\')
      c = '-';
  const auto replace = [](std::string s, std::string_view from, std::string_view to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
    return s;
  };
  fmt_str = replace(fmt_str, "{year}", std::to_string(date.year));
  if (fmt_str.find("{dept}") != std::string::npos) {
    if (d.empty())
      throw usage_error(fmt::format("the id format of {} needs a department: give --dept", kind));
    fmt_str = replace(fmt_str, "{dept}", d);
  }
  const size_t at = fmt_str.find("{seq}");
  const std::string prefix = fmt_str.substr(0, at), suffix = fmt_str.substr(at + 5);
  int max_seq = 0;
  // Ids are unique across the root, so every record file counts, wherever it lives.
  for (const auto& p : list_record_files(ws.root)) {
    {
      const std::string stem = p.stem().string();
      if (stem.size() <= prefix.size() + suffix.size() || stem.compare(0, prefix.size(), prefix) != 0 ||
          stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string seq = stem.substr(prefix.size(), stem.size() - prefix.size() - suffix.size());
      if (!seq.empty() && seq.size() < 9 && seq.find_first_not_of("0123456789") == std::string::npos)
        max_seq = std::max(max_seq, std::stoi(seq));
    }
  }
  return fmt::format("{}{:03}{}", prefix, max_seq + 1, suffix);
}

WriteLock::WriteLock(const Repo& repo, int timeout_ms)
{
  const fs::path p = repo.git_dir() / "collab.lock";
  m_fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (m_fd < 0)
    throw repo_error(fmt::format("cannot open {}: {}", p.string(), std::strerror(errno)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // flock dies with the process, so a crashed collab never leaves the repo locked.
  while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR)
      throw repo_error(fmt::format("cannot lock {}: {}", p.string(), std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline) {
      ::close(m_fd);
      m_fd = -1;
      throw repo_error(fmt::format("another collab process kept {} locked for {} s; nothing was written",
                                   p.string(), timeout_ms / 1000));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

WriteLock::~WriteLock()
{
  if (m_fd >= 0)
    ::close(m_fd);
}

std::string write_and_commit(Repo& repo, const std::vector<FileChange>& changes, const std::string& message,
                             const Identity& author)
{
  struct Old {
    fs::path path;
    std::optional<std::string> content;
  };
  std::vector<Old> old;
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& c : changes) {
    old.push_back(Old{c.path, fs::exists(c.path, ec) ? std::optional(read_file(c.path)) : std::nullopt});
    paths.push_back(c.path);
  }
  const auto restore = [&] {
    for (const auto& o : old) {
      try {
        if (o.content)
          write_file_atomic(o.path, *o.content);
        else
          fs::remove(o.path, ec);
      } catch (...) {
        // Best effort: the commit error is what the user needs to see.
      }
    }
  };
  try {
    for (const auto& c : changes) {
      if (c.content) {
        fs::create_directories(c.path.parent_path(), ec);
        write_file_atomic(c.path, *c.content);
      } else if (!fs::remove(c.path, ec) && ec) {
        throw repo_error(fmt::format("cannot remove {}: {}", c.path.string(), ec.message()));
      }
    }
    return repo.commit_paths(paths, message, author);
  } catch (...) {
    restore();
    throw;
  }
}

} // namespace collab::store

#include "undo_log.h"

#include "collab/util/files.h"

#include <cstdlib>
#include <fmt/format.h>
#include <unistd.h>

namespace collab::store {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_magic = "collab-undo 1\n";

/// A length-prefixed field: "NAME LEN\nBYTES\n", or "NAME -\n" for nullopt.
void put(std::string& out, std::string_view name, const std::optional<std::string>& value)
{
  if (!value) {
    out += fmt::format("{} -\n", name);
    return;
  }
  out += fmt::format("{} {}\n", name, value->size());
  out += *value;
  out += '\n';
}

/// Reads what put() wrote; false when the text does not hold it.
bool get(std::string_view& in, std::string_view name, std::optional<std::string>& value)
{
  const size_t eol = in.find('\n');
  if (eol == std::string_view::npos || !in.starts_with(name) || in.size() <= name.size() || in[name.size()] != ' ')
    return false;
  const std::string_view len = in.substr(name.size() + 1, eol - name.size() - 1);
  in.remove_prefix(eol + 1);
  if (len == "-") {
    value.reset();
    return true;
  }
  char* end = nullptr;
  const unsigned long long n = std::strtoull(std::string(len).c_str(), &end, 10);
  if (len.empty() || *end != '\0' || n + 1 > in.size() || in[n] != '\n')
    return false;
  value = std::string(in.substr(0, n));
  in.remove_prefix(n + 1);
  return true;
}

} // namespace

fs::path UndoLog::path_in(const fs::path& git_dir) { return git_dir / "collab-undo"; }

void UndoLog::save(const fs::path& git_dir) const
{
  std::string out(k_magic);
  put(out, "pid", std::to_string(pid));
  put(out, "head", head);
  put(out, "message", message);
  for (const File& f : files) {
    put(out, "file", f.rel);
    put(out, "old", f.old);
    put(out, "new", f.now);
  }
  // Not fsynced: a killed process's writes are in the page cache anyway, and after a power cut
  // without the log the worst case is the file changed but not committed (what `git status`
  // then shows), never a lost commit. Two fsyncs would cost more than the rest of a write.
  util::write_file_atomic(path_in(git_dir), out, false);
}

std::optional<UndoLog> UndoLog::load(const fs::path& git_dir)
{
  std::string text; // a missing log fails to read too
  try {
    text = util::read_file(path_in(git_dir));
  } catch (...) {
    return std::nullopt;
  }
  std::string_view in(text);
  if (!in.starts_with(k_magic))
    return std::nullopt;
  in.remove_prefix(k_magic.size());
  UndoLog log;
  std::optional<std::string> pid, head, message;
  if (!get(in, "pid", pid) || !get(in, "head", head) || !get(in, "message", message) || !pid || !head || !message)
    return std::nullopt;
  log.pid = std::atol(pid->c_str());
  log.head = *head;
  log.message = *message;
  while (!in.empty()) {
    File f;
    std::optional<std::string> rel;
    if (!get(in, "file", rel) || !rel || !get(in, "old", f.old) || !get(in, "new", f.now))
      return std::nullopt;
    f.rel = *rel;
    log.files.push_back(std::move(f));
  }
  return log;
}

void UndoLog::remove(const fs::path& git_dir) { ::unlink(path_in(git_dir).c_str()); }

} // namespace collab::store

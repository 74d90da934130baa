#include "commands/sync_state.h"

#include "collab/util/error.h"
#include "collab/util/text.h"

#include <algorithm>
#include <fmt/format.h>

namespace collab::commands {


fs::path pending_conflicts_path(const fs::path& git_dir)
{
  return git_dir / "collab" / "sync-conflicts";
}

std::vector<PendingConflict> read_pending_conflicts(const fs::path& git_dir)
{
  std::vector<PendingConflict> out;
  std::error_code ec;
  const fs::path p = pending_conflicts_path(git_dir);
  if (!fs::exists(p, ec))
    return out;
  const std::string text = util::read_file(p);
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = std::string_view(text).substr(at, end - at);
    at = end + 1;
    std::vector<std::string> cols;
    size_t start = 0;
    for (size_t tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t', start)) {
      cols.push_back(util::read_tsv_field(line.substr(start, tab - start)));
      start = tab + 1;
    }
    cols.push_back(util::read_tsv_field(line.substr(start)));
    if (cols.size() != 5)
      continue; // a line of another version: forgetting it only means the conflict is reported again
    out.push_back(PendingConflict{cols[0], cols[1], cols[2], cols[3], cols[4] == "1"});
  }
  return out;
}

void write_pending_conflicts(const fs::path& git_dir, const std::vector<PendingConflict>& conflicts)
{
  const fs::path p = pending_conflicts_path(git_dir);
  std::error_code ec;
  if (conflicts.empty()) {
    fs::remove(p, ec);
    return;
  }
  fs::create_directories(p.parent_path(), ec);
  std::string text;
  for (const auto& c : conflicts) {
    for (const std::string* field : {&c.id, &c.field, &c.ours, &c.theirs}) {
      util::append_tsv_field(text, *field);
      text += '\t';
    }
    text += c.decided ? "1\n" : "0\n";
  }
  util::write_file_atomic(p, text);
}

std::string conflict_field(std::string_view item_list, const model::Ref& ref, std::string_view key)
{
  if (ref.index == 0 || item_list.empty())
    return std::string(key);
  return fmt::format("{}#{}.{}", item_list, ref.index, key);
}

bool pending_conflict_on(const fs::path& git_dir, std::string_view item_list, const model::Ref& ref,
                         const std::vector<std::string>& keys)
{
  for (const auto& c : read_pending_conflicts(git_dir))
    for (const auto& key : keys)
      if (!c.decided && c.id == ref.id && c.field == conflict_field(item_list, ref, key))
        return true;
  return false;
}

void settle_pending_conflicts(const fs::path& git_dir, std::string_view item_list, const model::Ref& ref,
                              const std::vector<std::string>& keys)
{
  auto pending = read_pending_conflicts(git_dir);
  bool changed = false;
  for (auto& c : pending)
    for (const auto& key : keys)
      if (!c.decided && c.id == ref.id && c.field == conflict_field(item_list, ref, key))
        c.decided = changed = true;
  if (changed)
    write_pending_conflicts(git_dir, pending);
}

} // namespace collab::commands

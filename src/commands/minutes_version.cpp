#include "commands/minutes_version.h"

#include "commands/history.h"

#include "collab/lint/read_record.h"
#include "collab/model/record_diff.h"
#include "collab/util/error.h"

#include <array>
#include <fmt/format.h>

namespace collab::commands {

using namespace collab::model;
using namespace collab::store;

namespace {

/// The fields of an action that follow it up after the meeting rather than record the meeting
/// (`links`: the task `new task --from` promoted it to).
constexpr std::array<std::string_view, 7> k_follow_up_fields = {
  "status", "progress", "completed", "evidence", "delay_reason", "original_deadline", "links"};

/// The action `actions#N` of a record, or nullptr.
const yaml::Node* action_at(const yaml::Node* root, std::string_view numbered)
{
  const yaml::Node* actions = root ? root->get("actions") : nullptr;
  const size_t hash = numbered.find('#');
  if (!actions || !actions->is_seq() || hash == std::string_view::npos)
    return nullptr;
  size_t n = 0;
  for (char c : numbered.substr(hash + 1)) {
    if (c < '0' || c > '9')
      return nullptr;
    n = n * 10 + size_t(c - '0');
  }
  return n >= 1 && n <= actions->items.size() ? actions->items[n - 1] : nullptr;
}

/// True when a changed field only follows the meeting up.
bool is_follow_up(const FieldChange& c, const yaml::Node* after)
{
  const std::string_view f = c.field;
  if (f == "confirmed" || f.starts_with("confirmed#") || f.starts_with("confirmed."))
    return true;
  if (!f.starts_with("actions#"))
    return false;
  const size_t dot = f.find('.');
  if (dot == std::string_view::npos)
    return false;
  const std::string_view key = f.substr(dot + 1);
  for (auto field : k_follow_up_fields)
    if (key == field)
      return true;
  // `delay` moves a deadline and keeps the first one in original_deadline.
  if (key == "deadline") {
    const yaml::Node* action = action_at(after, f.substr(0, dot));
    return action && !action->text_of("original_deadline").empty();
  }
  return false;
}

} // namespace

std::string MinutesVersion::str() const
{
  return fmt::format("V1.{}", minor);
}

bool changes_minutes(const yaml::Node* before, const yaml::Node* after)
{
  for (const FieldChange& c : diff_records(before, after))
    if (!is_follow_up(c, after))
      return true;
  return false;
}

MinutesVersion minutes_version(const GlobalOptions& g, const std::string& id, std::string_view text)
{
  std::optional<RecordHistory> h;
  try {
    h.emplace(open_history(g, id));
  } catch (const util::Error&) {
    return {0, false}; // no repository, or never committed
  }
  const Repo& repo = *h->repo;
  return minutes_version_of(h->ws, id, text, h->revisions,
                            [&](const HistoryEntry& r) { return HistoryIndex::read_at(repo, r.commit, r.path); });
}

MinutesVersion minutes_version_of(const Workspace& ws, const std::string& id, std::string_view text,
                                  const std::vector<HistoryEntry>& revisions, const RevisionReader& read_rev)
{
  if (revisions.empty())
    return {0, false};
  const lint::ReadOptions no_rules{false, false};
  auto read = [&](std::string body) { return lint::read_record_text(ws, "minutes", std::move(body), id, no_rules); };
  // Oldest first: each revision that changes the minutes is the next version.
  int minor = -1;
  std::optional<lint::Record> previous;
  for (auto r = revisions.rbegin(); r != revisions.rend(); ++r) {
    const auto body = read_rev(*r);
    if (!body) { // a deletion: the record starts again from nothing
      previous.reset();
      continue;
    }
    lint::Record rec = read(*body);
    if (!previous || changes_minutes(previous->root(), rec.root()))
      ++minor;
    previous = std::move(rec);
  }
  if (minor < 0)
    return {0, false};
  const lint::Record current = read(std::string(text));
  if (previous && changes_minutes(previous->root(), current.root()))
    return {minor + 1, false};
  return {minor, true};
}

} // namespace collab::commands

#include "commands/follow_up.h"

#include "commands/record_edit.h"

#include "collab/lint/read_record.h"
#include "collab/model/refs.h"
#include "collab/model/status.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"

#include <algorithm>
#include <map>
#include <memory>

namespace collab::commands {

using namespace collab::model;
using namespace collab::store;
using util::i18n::trf;

namespace {

/// The scalar texts of a list (or of a single scalar) value.
std::vector<std::string> texts(const yaml::Node* n)
{
  std::vector<std::string> out;
  if (!n)
    return out;
  if (n->is_scalar())
    out.push_back(n->value);
  for (const yaml::Node* i : n->items)
    if (i->is_scalar())
      out.push_back(i->value);
  return out;
}

/// Calls `f(id, root)` for each record whose text holds `key` and `needle` (a cheap filter
/// before parsing: most records name neither). Links are not followed and a file over 1 MiB
/// is no record, as lint reads them.
template <class F>
void scan_mentions(const Workspace& ws, const std::string& key, const std::string& needle, F f)
{
  const lint::ReadOptions no_rules{false, false};
  for (const RecordFile& file : scan_record_files(ws.root)) {
    std::string text;
    try {
      size_t size = 0;
      text = util::read_file_prefix(ws.root / file.rel, size_t(1) << 20, size, false);
    } catch (const util::Error&) {
      continue;
    }
    if (text.find(needle) == std::string::npos || text.find(key) == std::string::npos)
      continue;
    const lint::Record r =
      lint::read_record_text(ws, file.rel, std::move(text), fs::path(file.rel).stem().string(), no_rules);
    if (r.root() && r.root()->is_map())
      f(std::string(r.root()->text_of("id")), *r.root());
  }
}

} // namespace

bool open_on(const yaml::Node& item, const Date& day)
{
  const auto st = parse_status(item.text_of("status"));
  if (!st || !is_closed(*st))
    return true; // no status is todo; an unknown one is lint's business, not closed
  const auto completed = parse_iso_date(item.text_of("completed"));
  return *st == Status::Done && completed && day < *completed;
}

std::vector<std::string> carried_refs(const yaml::Node& meeting, const std::string& id, const Date& day,
                                      const ItemLookup& lookup)
{
  std::vector<std::string> out;
  const auto add = [&](const std::string& ref) {
    if (std::find(out.begin(), out.end(), ref) == out.end())
      out.push_back(ref);
  };
  for (const std::string& ref : texts(meeting.get("previous_actions"))) {
    const yaml::Node* item = parse_ref(ref) ? lookup(ref) : nullptr;
    if (!item || open_on(*item, day))
      add(ref);
  }
  if (const yaml::Node* actions = meeting.get("actions"); actions && actions->is_seq())
    for (size_t i = 0; i < actions->items.size(); ++i)
      if (actions->items[i]->is_map() && open_on(*actions->items[i], day))
        add(Ref{id, static_cast<int>(i + 1)}.str());
  return out;
}

std::vector<std::string> follow_up_refs(const Workspace& ws, const std::string& id, const Date& day)
{
  if (!find_record_file(ws, id))
    throw util::usage_error(trf("--follow-up {}: there is no meeting {}; give the id of the earlier meeting "
                                "(`collab list --kind meeting`)",
                                id, id));
  const LoadedRecord prev = load_record(ws, id);
  if (!prev.kind || prev.kind->name != "meeting")
    throw util::usage_error(trf("--follow-up {}: {} is a {}, not a meeting; a follow-up meeting follows a meeting",
                                id, id, prev.kind ? prev.kind->name : "record"));
  std::map<std::string, std::unique_ptr<LoadedRecord>> loaded; // the records the carried refs name
  const ItemLookup lookup = [&](const std::string& text) -> const yaml::Node* {
    const auto ref = parse_ref(text);
    if (!ref || ref->index == 0)
      return nullptr;
    auto& rec = loaded[ref->id];
    if (!rec) {
      if (!find_record_file(ws, ref->id))
        return nullptr;
      try {
        rec = std::make_unique<LoadedRecord>(load_record(ws, ref->id));
      } catch (const util::Error&) {
        return nullptr;
      }
    }
    try {
      return &ref_target(*rec, *ref);
    } catch (const util::Error&) {
      return nullptr;
    }
  };
  return carried_refs(prev.root(), id, day, lookup);
}

std::vector<RecordMention> follow_ups_of(const Workspace& ws, const std::string& id)
{
  std::vector<RecordMention> out;
  scan_mentions(ws, "follow_up", id, [&](const std::string& rid, const yaml::Node& root) {
    if (root.text_of("kind") == "meeting" && root.text_of("follow_up") == id)
      out.push_back({rid, std::string(root.text_of("title")), std::string(root.text_of("date"))});
  });
  std::sort(out.begin(), out.end(), [](const RecordMention& a, const RecordMention& b) { return a.id < b.id; });
  return out;
}

std::optional<std::string> task_from(const Workspace& ws, const std::string& ref)
{
  std::optional<std::string> found;
  scan_mentions(ws, "source", ref, [&](const std::string& rid, const yaml::Node& root) {
    if (!found && root.text_of("kind") == "task" && root.text_of("source") == ref)
      found = rid;
  });
  return found;
}

} // namespace collab::commands

#include "collab/model/record_diff.h"

#include "collab/util/i18n.h"

#include <fmt/format.h>
#include <map>
#include <unordered_set>

namespace collab::model {

using namespace collab::util;
using namespace collab::yaml;

namespace {

using Flat = std::vector<std::pair<std::string, std::string>>;

/// path -> value for every leaf, in document order; lists of mappings as `key#n.field`.
void flatten(const yaml::Node& n, const std::string& path, Flat& out, int depth = 0)
{
  if (depth > 16) {
    out.emplace_back(path, inline_text(n, InlineStyle::Flow));
    return;
  }
  if (n.is_map() && !n.flow) {
    for (const auto& [k, v] : n.entries)
      flatten(*v, path.empty() ? inline_text(*k, InlineStyle::Flow) : path + "." + inline_text(*k, InlineStyle::Flow), out, depth + 1);
    return;
  }
  if (n.is_seq()) {
    bool maps = !n.items.empty();
    for (const auto* item : n.items)
      maps = maps && item->is_map();
    if (maps) {
      for (size_t i = 0; i < n.items.size(); ++i)
        flatten(*n.items[i], fmt::format("{}#{}", path, i + 1), out, depth + 1);
      return;
    }
  }
  if (n.is_map()) {
    for (const auto& [k, v] : n.entries)
      flatten(*v, path.empty() ? inline_text(*k, InlineStyle::Flow) : path + "." + inline_text(*k, InlineStyle::Flow), out, depth + 1);
    return;
  }
  out.emplace_back(path, inline_text(n, InlineStyle::Flow));
}

} // namespace

std::vector<FieldChange> diff_records(const yaml::Node* before, const yaml::Node* after)
{
  Flat a, b;
  if (before)
    flatten(*before, "", a);
  if (after)
    flatten(*after, "", b);
  std::map<std::string, std::string> old_values(a.begin(), a.end());
  std::unordered_set<std::string> seen;
  std::vector<FieldChange> out;
  for (const auto& [path, value] : b) {
    seen.insert(path);
    auto it = old_values.find(path);
    if (it == old_values.end())
      out.push_back(FieldChange{path, "", value, true, false});
    else if (it->second != value)
      out.push_back(FieldChange{path, it->second, value, false, false});
  }
  for (const auto& [path, value] : a)
    if (!seen.count(path))
      out.push_back(FieldChange{path, value, "", false, true});
  return out;
}

std::string format_changes(const std::vector<FieldChange>& changes)
{
  std::string out;
  for (const auto& c : changes) {
    if (c.added)
      out += fmt::format("+ {}: {}\n", c.field, c.after);
    else if (c.removed)
      out += fmt::format("- {}: {}\n", c.field, c.before);
    else
      out += fmt::format("  {}: {} → {}\n", c.field, c.before, c.after);
  }
  if (changes.empty())
    out += fmt::format("  {}\n", util::i18n::tr("(no field changed)"));
  return out;
}

} // namespace collab::model

// set_field, the minimal-edit writer behind `collab set`/`done`: the input is
//   record text \x01 key \x01 value [\x01 which mapping: its length picks one]
// (missing parts get defaults). When set_field does not throw, the result parses, the key
// holds the value (value_yaml parsed on its own), the rest of the tree is as it was, and
// every line outside the edited node's lines is unchanged.
#include "fuzz_common.h"
#include "tree_diff.h"

#include "collab/lint/read_record.h"
#include "collab/util/utf8.h"
#include "collab/yaml/emit.h"
#include "collab/yaml/node_text.h"
#include "collab/yaml/parse.h"
#include "collab/yaml/text_edit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>

using namespace collab;

namespace {

/// A mapping of the tree and how to find it again: indices of items / entry values from the root.
struct MapAt {
  const yaml::Node* node;
  std::vector<size_t> path;
};

void collect_maps(const yaml::Node* n, std::vector<size_t>& path, std::vector<MapAt>& out)
{
  if (!n)
    return;
  if (n->is_map())
    out.push_back({n, path});
  for (size_t i = 0; i < n->items.size(); ++i) {
    path.push_back(i);
    collect_maps(n->items[i], path, out);
    path.pop_back();
  }
  for (size_t i = 0; i < n->entries.size(); ++i) {
    path.push_back(i);
    collect_maps(n->entries[i].second, path, out);
    path.pop_back();
  }
}

const yaml::Node* follow(const yaml::Node* n, const std::vector<size_t>& path)
{
  for (size_t i : path) {
    if (!n)
      return nullptr;
    if (n->is_seq())
      n = i < n->items.size() ? n->items[i] : nullptr;
    else if (n->is_map())
      n = i < n->entries.size() ? n->entries[i].second : nullptr;
    else
      return nullptr;
  }
  return n;
}

bool plain_key(std::string_view k)
{
  if (k.empty() || k.size() > 64 || !(std::isalpha(static_cast<unsigned char>(k[0])) || k[0] == '_'))
    return false;
  for (char c : k)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      return false;
  return true;
}

std::vector<std::string_view> split_parts(std::string_view s)
{
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < s.size() && out.size() < 3; ++i)
    if (s[i] == '\x01') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  out.push_back(s.substr(start));
  return out;
}

/// 1-based line of a byte offset.
int line_of(std::string_view t, size_t offset)
{
  int line = 1;
  for (size_t i = 0; i < offset && i < t.size(); ++i)
    line += t[i] == '\n';
  return line;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  const auto parts = split_parts(input);
  const std::string text(parts[0]);
  const std::string key(parts.size() > 1 ? parts[1] : "status");
  const std::string raw(parts.size() > 2 ? parts[2] : "done");
  const size_t pick = parts.size() > 3 ? parts[3].size() : 0;
  if (!plain_key(key))
    return 0; // callers pass record keys
  // Values are text: invalid UTF-8 (from argv) writes an unreadable record, which the commands
  // catch when they read the result back ("the edit produced invalid YAML; nothing was written").
  if (util::utf8::find_invalid(raw) != std::string::npos)
    return 0;

  // check_source refuses C0 control characters (not tab, CR, LF), so the commands never edit
  // such text; on it the two parsers differ (regressions/fuzz_text_edit/control-char-key).
  for (const char c : text)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
      return 0;

  // The commands edit only what read_record reads (source check, parse, flow and quote checks).
  const lint::Record before = lint::read_record_text(fuzz::workspace(), "r.yaml", text, "r", {false, true});
  if (before.unreadable || !before.doc || !before.findings.empty())
    return 0;
  std::vector<MapAt> maps;
  std::vector<size_t> path;
  collect_maps(before.doc->root(), path, maps);
  if (maps.empty())
    return 0;
  const MapAt& target = maps[pick % maps.size()];

  // The value as the commands write it, and what it reads as on its own (as a mapping's value:
  // alone, a leading byte order mark would be read as the stream's).
  const std::string value_yaml = yaml::emit_scalar(raw);
  const yaml::ParsedYaml alone = yaml::parse_yaml(yaml::SourceFile("v.yaml", "v: " + value_yaml + "\n"));
  const yaml::Node* intended = alone.doc && alone.doc->root() ? alone.doc->root()->get("v") : nullptr;
  if (alone.error || !intended || !intended->is_scalar() || intended->value != raw)
    fuzz::fail(fmt::format("emit_scalar wrote [{}], which does not read back as the string", value_yaml), input);
  if (value_yaml.find('\n') != std::string::npos)
    fuzz::fail(fmt::format("emit_scalar wrote a line break: [{}]", value_yaml), input);

  std::string after_text;
  try {
    after_text = yaml::set_field(text, *target.node, key, value_yaml);
  } catch (const yaml::EditError&) {
    return 0; // the command then says to use `collab edit`
  }

  const lint::Record after = lint::read_record_text(fuzz::workspace(), "r.yaml", after_text, "r", {false, true});
  if (after.unreadable || !after.doc || !after.findings.empty())
    fuzz::fail(fmt::format("the edited text does not read ({} at line {}):\n{}",
                           after.findings.empty() ? "no document" : after.findings[0].message,
                           after.findings.empty() ? 0 : after.findings[0].pos.line, after_text),
               input);
  const yaml::Node* map = follow(after.doc->root(), target.path);
  if (!map || !map->is_map())
    fuzz::fail("the edited mapping is gone:\n" + after_text, input);
  const yaml::Node* value = map->get(key);
  if (!value || !value->is_scalar() || value->value != raw)
    fuzz::fail(fmt::format("`{}` does not hold [{}] after the edit:\n{}", key, raw, after_text), input);

  // The rest of the tree is as it was: compare the mapping without the key, and the whole
  // tree with the old mapping's value put back.
  const yaml::Node* old_value = target.node->get(key);
  const yaml::Node* old_key = target.node->key_node(key);
  {
    const size_t expected = target.node->entries.size() + (old_value ? 0 : 1);
    if (map->entries.size() != expected)
      fuzz::fail(fmt::format("the mapping has {} entries, expected {}:\n{}", map->entries.size(), expected, after_text),
                 input);
  }
  // Every other node: walk both trees, skipping the edited entry.
  std::function<std::string(const yaml::Node*, const yaml::Node*, const std::string&)> same;
  same = [&](const yaml::Node* a, const yaml::Node* b, const std::string& at) -> std::string {
    if (a == target.node) {
      for (size_t i = 0; i < a->entries.size(); ++i) {
        if (a->entries[i].first == old_key)
          continue;
        if (auto d = test::tree_diff(a->entries[i].first, b->entries[i].first, false, at + ".key"); !d.empty())
          return d;
        if (auto d = same(a->entries[i].second, b->entries[i].second, at + "." + a->entries[i].first->value);
            !d.empty())
          return d;
      }
      return "";
    }
    if (!a || !b || a->type != b->type || a->items.size() != b->items.size() ||
        a->entries.size() != b->entries.size())
      return test::tree_diff(a, b, false, at);
    if (a->is_scalar() || a->is_null())
      return test::tree_diff(a, b, false, at);
    for (size_t i = 0; i < a->items.size(); ++i)
      if (auto d = same(a->items[i], b->items[i], fmt::format("{}[{}]", at, i)); !d.empty())
        return d;
    for (size_t i = 0; i < a->entries.size(); ++i) {
      if (auto d = test::tree_diff(a->entries[i].first, b->entries[i].first, false, at + ".key"); !d.empty())
        return d;
      if (auto d = same(a->entries[i].second, b->entries[i].second, at + "." + a->entries[i].first->value);
          !d.empty())
        return d;
    }
    return "";
  };
  if (const auto d = same(before.doc->root(), after.doc->root(), "root"); !d.empty())
    fuzz::fail(fmt::format("the edit changed another node ({}):\n{}", d, after_text), input);

  // Lines: those before the edited node's first line and after its last line are unchanged.
  // The edited node is the old value (from its key's line) when the key existed, else the mapping.
  const auto old_lines = fuzz::split_lines(text);
  int first = 0, last = 0;
  try {
    const yaml::NodeText node =
      old_value ? yaml::value_text(text, *target.node, key) : yaml::collection_text(text, *target.node);
    first = line_of(text, old_value ? old_key->offset : target.node->offset);
    last = std::max(first, line_of(text, node.next_line - 1));
  } catch (const yaml::EditError& e) {
    fuzz::fail(fmt::format("set_field wrote, but the edited node's text cannot be read ({})", e.what()), input);
  }
  const auto new_lines = fuzz::split_lines(after_text);
  const int n_old = static_cast<int>(old_lines.size()), n_new = static_cast<int>(new_lines.size());
  for (int i = 1; i < first && i <= n_old; ++i)
    if (i > n_new || old_lines[i - 1] != new_lines[i - 1])
      fuzz::fail(fmt::format("line {} (before the edited lines {}-{}) changed:\n{}", i, first, last, after_text),
                 input);
  for (int k = 0; last + 1 + k <= n_old; ++k) {
    const int o = last + 1 + k, n = n_new - (n_old - o);
    if (n < 1 || old_lines[o - 1] != new_lines[n - 1])
      fuzz::fail(fmt::format("line {} (after the edited lines {}-{}) changed:\n{}", o, first, last, after_text),
                 input);
  }
  return 0;
}

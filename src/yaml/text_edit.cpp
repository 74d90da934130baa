#include "collab/yaml/text_edit.h"

#include "collab/yaml/node_text.h"

#include <fmt/format.h>

namespace collab::yaml {

namespace {

/// A plain value as a double-quoted one where it goes inside {...}: there `,`, `?` and brackets
/// end a plain scalar (`{owner: a, b}` is owner = "a", b = null). A plain scalar's text is its
/// value, so the quoted one reads the same.
std::string flow_safe(std::string_view value)
{
  if (value.empty() || value[0] == '"' || value[0] == '\'' || value[0] == '[' || value[0] == '{' ||
      value.find_first_of(",?[]{}") == std::string_view::npos)
    return std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + '"';
}

/// Where a line may be inserted after a block node: the start of the line after it, with a line
/// break added at the end of the text when it has none.
size_t insertion_line(std::string& t, const NodeText& node)
{
  if (node.unbroken_end)
    throw EditError("the record ends with a `|` or `>` block without a line break after it; add one");
  if (node.next_line < t.size())
    return node.next_line;
  if (!t.empty() && t.back() != '\n')
    t += '\n';
  return t.size();
}

} // namespace

std::string set_field(const std::string& text, const yaml::Node& map, std::string_view key, std::string_view value)
{
  if (!map.is_map())
    throw EditError("not a mapping");
  if (map.flow && (map.offset >= text.size() || std::string_view("{&!").find(text[map.offset]) == std::string_view::npos))
    throw EditError("a `key: value` pair inside [...] has no braces to add to"); // `[a: 1]`
  const std::string v = map.flow ? flow_safe(value) : std::string(value);
  std::string t = text;
  if (const yaml::Node* node = map.get(key)) {
    const NodeText old = value_text(text, map, key);
    if (old.anchored)
      throw EditError(fmt::format("the value of `{}` has an anchor (`&name`), which aliases may share", key));
    if (t[old.after_key - 1] != ':') { // `{a}`
      t.insert(old.after_key, ": " + v);
    } else if (node->is_null() || (!node->flow && (node->is_map() || node->is_seq()))) {
      // An empty value, or a block collection: everything after the `:` is the value. In
      // `{a: , b}` the blanks after the `:` go too.
      size_t end = old.end;
      if (map.flow && old.end == old.after_key)
        while (end < t.size() && t[end] == ' ')
          ++end;
      t.replace(old.after_key, end - old.after_key, " " + v);
    } else {
      t.replace(old.begin, old.end - old.begin, v);
    }
    return t;
  }
  if (map.flow) {
    if (map.entries.empty()) {
      const size_t brace = t.find('{', map.offset);
      (void)collection_text(text, map); // checks the braces close
      t.insert(brace + 1, fmt::format("{}: {}", key, v));
    } else {
      t.insert(last_value_text(text, map).end, fmt::format(", {}: {}", key, v));
    }
    return t;
  }
  // New keys line up with the others ("  - action:" puts them in column 4).
  const size_t indent = block_map_column(text, map);
  const size_t at = insertion_line(t, collection_text(text, map));
  t.insert(at, fmt::format("{}{}: {}\n", std::string(indent, ' '), key, v));
  return t;
}

std::string append_entry(const std::string& text, const yaml::Node& root, std::string_view list_key,
                         const std::vector<std::pair<std::string, std::string>>& fields)
{
  if (!root.is_map() || root.flow)
    throw EditError("the record is not a block mapping");
  const auto lines = [&](size_t indent) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i)
      out += fmt::format("{}{}{}: {}\n", std::string(indent, ' '), i == 0 ? "- " : "  ", fields[i].first,
                         fields[i].second);
    return out;
  };
  std::string t = text;
  const size_t root_indent = block_map_column(text, root);
  const yaml::Node* list = root.get(list_key);
  if (!list) {
    const size_t at = insertion_line(t, collection_text(text, root));
    t.insert(at, fmt::format("{}{}:\n{}", std::string(root_indent, ' '), list_key, lines(root_indent + 2)));
    return t;
  }
  if ((!list->is_seq() || list->flow) && !list->is_null())
    throw EditError(fmt::format("`{}` is not a block list (`- ` entries); change it with `collab edit`", list_key));
  const NodeText old = value_text(text, root, list_key);
  if (old.anchored || (list->is_seq() && text[list->offset] != '-'))
    throw EditError(fmt::format("`{}` has an anchor or a tag; change it with `collab edit`", list_key));
  if (list->is_null()) {
    // `actions:` or `actions: ~`: the entries go on the lines after the key.
    t.erase(old.after_key, old.end - old.after_key);
    const size_t eol = t.find('\n', old.after_key);
    const size_t at = insertion_line(t, NodeText{.next_line = eol == std::string::npos ? t.size() : eol + 1});
    t.insert(at, lines(root_indent + 2));
    return t;
  }
  const size_t at = insertion_line(t, old);
  t.insert(at, lines(list->offset - (text.rfind('\n', list->offset) + 1)));
  return t;
}

} // namespace collab::yaml

#include "collab/yaml/text_edit.h"

#include "collab/yaml/emit.h"
#include "collab/yaml/node_text.h"
#include "collab/yaml/parse.h"

#include "collab/util/i18n.h"

#include <fmt/format.h>

namespace collab::yaml {

using util::i18n::tr;
using util::i18n::trf;

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

/// Whether a plain value ending at `end` would meet a tab in the blank lines after it. yaml-cpp
/// reads on over blank lines for more of a plain value and refuses a tab left of the column the
/// value's lines must pass ("illegal tab when looking for indentation"); after a quoted or empty
/// value, or a comment, it does not look.
bool tab_in_blank_lines_after(const std::string& t, size_t end, size_t min_col)
{
  size_t i = end;
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t'))
    ++i;
  if (i < t.size() && t[i] == '#')
    return false;
  for (size_t line = t.find('\n', i); line != std::string::npos; line = t.find('\n', line + 1)) {
    size_t col = 0;
    for (i = line + 1; i < t.size() && (t[i] == ' ' || t[i] == '\t'); ++i, ++col)
      if (t[i] == '\t' && col < min_col)
        return true;
    if (i < t.size() && t[i] != '\n' && t[i] != '\r')
      return false; // a line with text: the value ends before it
  }
  return false;
}

/// Refuses a plain value that would end at `end` before a blank line holding a tab (see above).
void check_tabs_after(const std::string& t, std::string_view key, std::string_view v, size_t end, size_t min_col)
{
  if (!v.empty() && std::string_view("\"'[{").find(v[0]) == std::string_view::npos &&
      tab_in_blank_lines_after(t, end, min_col))
    throw EditError(trf("a blank line after `{}` holds a tab, which yaml-cpp refuses after a plain value; "
                                "remove the tab",
                                key));
}

/// Whether two trees hold the same values in the same shapes and styles.
bool same_tree(const yaml::Node* a, const yaml::Node* b)
{
  if (!a || !b)
    return a == b;
  if (a->type != b->type || a->value != b->value || a->quoted != b->quoted || a->flow != b->flow ||
      a->items.size() != b->items.size() || a->entries.size() != b->entries.size())
    return false;
  for (size_t i = 0; i < a->items.size(); ++i)
    if (!same_tree(a->items[i], b->items[i]))
      return false;
  for (size_t i = 0; i < a->entries.size(); ++i)
    if (!same_tree(a->entries[i].first, b->entries[i].first) || !same_tree(a->entries[i].second, b->entries[i].second))
      return false;
  return true;
}

/// Whether `t` reads the same with a line break added at its end. yaml-cpp reads some endings
/// otherwise: a `|` block's last line gains a line break, a bare `!` is another tag.
bool same_with_final_break(const std::string& t)
{
  const ParseLimits limits{.positions = false};
  const ParsedYaml a = parse_yaml(SourceFile("", t), limits);
  const ParsedYaml b = parse_yaml(SourceFile("", t + "\n"), limits);
  return !a.error && !b.error && a.doc && b.doc && same_tree(a.doc->root(), b.doc->root());
}

/// Where a line may be inserted after a block node: the start of the line after it, with a line
/// break added at the end of the text when it has none.
size_t insertion_line(std::string& t, const NodeText& node)
{
  if (node.next_line < t.size())
    return node.next_line;
  if (!t.empty() && t.back() != '\n') {
    if (!same_with_final_break(t))
      throw EditError(tr("the file does not end with a line break, and its last value reads otherwise with one "
                      "(a `|` block, for one); add the line break"));
    t += '\n';
  }
  return t.size();
}

} // namespace

std::string set_field(const std::string& text, const yaml::Node& map, std::string_view key, std::string_view value)
{
  if (!map.is_map())
    throw EditError(tr("not a mapping"));
  if (map.flow && (map.offset >= text.size() || std::string_view("{&!").find(text[map.offset]) == std::string_view::npos))
    throw EditError(tr("a `key: value` pair inside [...] has no braces to add to")); // `[a: 1]`
  const std::string v = map.flow ? flow_safe(value) : std::string(value);
  std::string t = text;
  size_t value_end = 0;
  if (const yaml::Node* node = map.get(key)) {
    const NodeText old = value_text(text, map, key);
    if (old.anchored)
      throw EditError(trf("the value of `{}` has an anchor (`&name`), which aliases may share", key));
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
      value_end = old.after_key + 1 + v.size();
    } else {
      t.replace(old.begin, old.end - old.begin, v);
      value_end = old.begin + v.size();
    }
    if (!map.flow)
      check_tabs_after(t, key, v, value_end, block_map_column(text, map) + 1);
    return t;
  }
  // A new key as it reads back: `null` alone would be an empty key.
  const std::string k = map.flow ? flow_safe(emit_scalar(key)) : emit_scalar(key);
  if (map.flow) {
    if (map.entries.empty()) {
      const size_t brace = t.find('{', map.offset);
      (void)collection_text(text, map); // checks the braces close
      t.insert(brace + 1, fmt::format("{}: {}", k, v));
    } else {
      t.insert(last_value_text(text, map).end, fmt::format(", {}: {}", k, v));
    }
    return t;
  }
  // New keys line up with the others ("  - action:" puts them in column 4).
  const size_t indent = block_map_column(text, map);
  const size_t at = insertion_line(t, collection_text(text, map));
  const std::string line = fmt::format("{}{}: {}", std::string(indent, ' '), k, v);
  t.insert(at, line + "\n");
  check_tabs_after(t, key, v, at + line.size(), indent + 1);
  return t;
}

std::string append_entry(const std::string& text, const yaml::Node& root, std::string_view list_key,
                         const std::vector<std::pair<std::string, std::string>>& fields)
{
  if (!root.is_map() || root.flow)
    throw EditError(tr("the record is not a block mapping"));
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
    throw EditError(trf("`{}` is not a block list (`- ` entries); change it with `collab edit`", list_key));
  const NodeText old = value_text(text, root, list_key);
  if (old.anchored || (list->is_seq() && text[list->offset] != '-'))
    throw EditError(trf("`{}` has an anchor or a tag; change it with `collab edit`", list_key));
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

std::string append_styled_entry(const std::string& text, const yaml::Node& root, std::string_view list_key,
                                const std::vector<std::pair<std::string, std::string>>& fields)
{
  const yaml::Node* list = root.is_map() ? root.get(list_key) : nullptr;
  if (!list || !list->is_seq() || (!list->flow && (list->items.empty() || !list->items.back()->flow)))
    return append_entry(text, root, list_key, fields);
  std::string entry = "{";
  for (size_t i = 0; i < fields.size(); ++i)
    entry += fmt::format("{}{}: {}", i == 0 ? "" : ", ", fields[i].first, flow_safe(fields[i].second));
  entry += "}";
  if (value_text(text, root, list_key).anchored)
    throw EditError(trf("`{}` has an anchor or a tag; change it with `collab edit`", list_key));
  std::string t = text;
  if (list->flow) {
    const NodeText whole = collection_text(text, *list); // checks the brackets close
    if (list->items.empty()) {
      const size_t bracket = t.find('[', list->offset);
      if (bracket == std::string::npos || bracket >= whole.end)
        throw EditError(trf("`{}` has no brackets to add to; change it with `collab edit`", list_key));
      t.insert(bracket + 1, entry);
    } else {
      const yaml::Node* last = list->items.back();
      if (!last->is_map() && !last->is_seq())
        throw EditError(trf("the last entry of `{}` is not a mapping; change it with `collab edit`", list_key));
      t.insert(collection_text(text, *last).end, ", " + entry);
    }
    return t;
  }
  // A block list of flow mappings: one more `- {...}` line at the column of the others.
  const NodeText old = value_text(text, root, list_key);
  const size_t at = insertion_line(t, old);
  t.insert(at, fmt::format("{}- {}\n", std::string(list->offset - (text.rfind('\n', list->offset) + 1), ' '), entry));
  return t;
}

} // namespace collab::yaml

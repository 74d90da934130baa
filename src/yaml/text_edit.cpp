#include "collab/yaml/text_edit.h"

#include <fmt/format.h>

namespace collab::yaml {

using namespace collab::util;

namespace {

/// Where the line holding byte i starts: on the first line, after a UTF-8 byte order mark,
/// which is no indentation.
size_t line_start(const std::string& t, size_t i)
{
  const size_t from = i;
  while (i > 0 && t[i - 1] != '\n')
    --i;
  return i == 0 && from >= 3 && t.starts_with("\xEF\xBB\xBF") ? 3 : i;
}

size_t line_end(const std::string& t, size_t i)
{
  const size_t e = t.find('\n', i);
  return e == std::string::npos ? t.size() : e;
}

size_t line_indent(const std::string& t, size_t i)
{
  size_t s = line_start(t, i), n = 0;
  while (s + n < t.size() && t[s + n] == ' ')
    ++n;
  return n;
}

bool blank_line(const std::string& t, size_t s, size_t e)
{
  for (size_t i = s; i < e; ++i)
    if (t[i] != ' ' && t[i] != '\r')
      return t[i] == '#';
  return true;
}

/// End of a scalar written at offset.
size_t scalar_end(const std::string& t, size_t offset, bool in_flow)
{
  const char c = offset < t.size() ? t[offset] : '\0';
  if (c == '"') {
    for (size_t i = offset + 1; i < t.size(); ++i) {
      if (t[i] == '\\')
        ++i;
      else if (t[i] == '"')
        return i + 1;
    }
    return t.size();
  }
  if (c == '\'') {
    for (size_t i = offset + 1; i < t.size(); ++i) {
      if (t[i] == '\'') {
        if (i + 1 < t.size() && t[i + 1] == '\'')
          ++i;
        else
          return i + 1;
      }
    }
    return t.size();
  }
  const size_t indent = line_indent(t, offset);
  if (c == '|' || c == '>') {
    // The block runs over the following lines indented past the header's line.
    size_t last = line_end(t, offset);
    for (size_t k = last + 1; k < t.size();) {
      const size_t e = line_end(t, k);
      if (!blank_line(t, k, e)) {
        if (line_indent(t, k) <= indent)
          break;
        last = e;
      }
      k = e + 1;
    }
    return last;
  }
  size_t i = offset;
  while (i < t.size() && t[i] != '\n') {
    if (t[i] == '#' && i > offset && t[i - 1] == ' ')
      break;
    if (in_flow && (t[i] == ',' || t[i] == ']' || t[i] == '}'))
      break;
    ++i;
  }
  while (i > offset && (t[i - 1] == ' ' || t[i - 1] == '\r'))
    --i;
  if (in_flow)
    return i;
  // A plain scalar may continue on lines indented past its own.
  size_t end = i;
  for (size_t k = line_end(t, offset) + 1; k < t.size();) {
    const size_t e = line_end(t, k);
    if (!blank_line(t, k, e)) {
      if (line_indent(t, k) <= indent)
        break;
      end = e;
    }
    k = e + 1;
  }
  return end;
}

/// End of a flow collection starting at offset ([ or {).
size_t flow_end(const std::string& t, size_t offset)
{
  int depth = 0;
  for (size_t i = offset; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '"' || c == '\'') {
      i = scalar_end(t, i, true) - 1;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth == 0)
        return i + 1;
    }
  }
  return t.size();
}

/// The offset of the `:` after a mapping key.
size_t colon_after(const std::string& t, const yaml::Node& key)
{
  size_t i = key.offset;
  if (i < t.size() && (t[i] == '"' || t[i] == '\''))
    i = scalar_end(t, i, true);
  else // a plain key ends at the `:` that follows it
    while (i < t.size() && t[i] != '\n' &&
           !(t[i] == ':' && (i + 1 == t.size() || t[i + 1] == ' ' || t[i + 1] == '\n' || t[i + 1] == ',' ||
                             t[i + 1] == '}' || t[i + 1] == ']')))
      ++i;
  while (i < t.size() && t[i] == ' ')
    ++i;
  if (i >= t.size() || t[i] != ':')
    throw EditError(fmt::format("cannot find the `:` after key `{}`", key.value));
  return i;
}

/// Where the next line after the one holding offset-1 starts (a newline is added when missing).
size_t after_line(std::string& t, size_t end)
{
  size_t e = line_end(t, end > 0 ? end - 1 : 0);
  if (e == t.size()) {
    t += '\n';
    return t.size();
  }
  return e + 1;
}

} // namespace

size_t node_end(const std::string& text, const yaml::Node& node, bool in_flow)
{
  switch (node.type) {
  case yaml::NodeType::Scalar: return scalar_end(text, node.offset, in_flow);
  case yaml::NodeType::Null: throw EditError("cannot locate the end of an empty value");
  case yaml::NodeType::Sequence:
  case yaml::NodeType::Map:
    break;
  }
  if (node.flow)
    return flow_end(text, node.offset);
  if (node.is_map()) {
    if (node.entries.empty())
      throw EditError("empty mapping");
    const auto& [k, v] = node.entries.back();
    return v->is_null() ? colon_after(text, *k) + 1 : node_end(text, *v, false);
  }
  if (node.items.empty() || node.items.back()->is_null())
    throw EditError("cannot locate the end of a list with an empty last entry");
  return node_end(text, *node.items.back(), false);
}

std::string set_field(const std::string& text, const yaml::Node& map, std::string_view key, std::string_view value)
{
  if (!map.is_map())
    throw EditError("not a mapping");
  if (map.flow && (map.offset >= text.size() || text[map.offset] != '{'))
    throw EditError("a `key: value` pair inside [...] has no braces to add to"); // `[a: 1]`
  // A plain value inside {...} ends at a flow indicator: `{owner: a, b}` is owner = "a", b = null.
  if (map.flow && !value.empty() && value[0] != '"' && value[0] != '\'' && value[0] != '[' && value[0] != '{' &&
      value.find_first_of(",[]{}") != std::string_view::npos)
    throw EditError("a value with `,`, brackets or braces cannot go plain inside {...}");
  std::string t = text;
  for (const auto& [k, v] : map.entries) {
    if (!k->is_scalar() || k->value != key)
      continue;
    if (v->is_scalar()) {
      const size_t end = scalar_end(t, v->offset, map.flow);
      t.replace(v->offset, end - v->offset, value);
      return t;
    }
    // An empty value or a collection: everything after the `:` is the value.
    const size_t colon = colon_after(t, *k);
    size_t end = colon + 1;
    if (v->is_null()) {
      if (map.flow)
        while (end < t.size() && t[end] == ' ')
          ++end;
    } else {
      end = node_end(t, *v, map.flow);
    }
    t.replace(colon + 1, end - colon - 1, fmt::format(" {}", value));
    return t;
  }
  if (map.flow) {
    const size_t close = flow_end(t, map.offset) - 1;
    size_t at = close;
    while (at > map.offset + 1 && t[at - 1] == ' ')
      --at;
    t.insert(at, fmt::format("{}{}: {}", map.entries.empty() ? "" : ", ", key, value));
    return t;
  }
  if (map.entries.empty())
    throw EditError("empty mapping");
  const size_t at = after_line(t, node_end(t, map, false));
  // New keys line up with the first key ("  - action:" puts them in column 4).
  const size_t indent = map.offset - line_start(t, map.offset);
  t.insert(at, fmt::format("{}{}: {}\n", std::string(indent, ' '), key, value));
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
  const size_t root_indent = root.offset - line_start(t, root.offset);
  const yaml::Node* list = root.get(list_key);
  if (!list) {
    const size_t at = after_line(t, node_end(t, root, false));
    t.insert(at, fmt::format("{}{}:\n{}", std::string(root_indent, ' '), list_key, lines(root_indent + 2)));
    return t;
  }
  if (list->is_null()) {
    const size_t at = after_line(t, colon_after(t, *root.key_node(list_key)) + 1);
    t.insert(at, lines(root_indent + 2));
    return t;
  }
  if (!list->is_seq() || list->flow)
    throw EditError(fmt::format("`{}` is not a block list (`- ` entries); change it with `collab edit`", list_key));
  const size_t at = after_line(t, node_end(t, *list, false));
  t.insert(at, lines(list->offset - line_start(t, list->offset)));
  return t;
}

} // namespace collab::yaml

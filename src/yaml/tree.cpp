#include "collab/yaml/tree.h"

#include "collab/util/i18n.h"
#include "collab/util/text.h"
#include "collab/util/utf8.h"

#include <algorithm>
#include <fmt/format.h>

namespace collab::yaml {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

SourceFile::SourceFile(std::string display_path, std::string text)
  : m_path(std::move(display_path)), m_text(std::move(text))
{
  m_line_starts.push_back(0);
  for (size_t i = m_text.find('\n'); i != std::string::npos; i = m_text.find('\n', i + 1))
    m_line_starts.push_back(i + 1);
}

Position SourceFile::position_at(size_t offset) const
{
  offset = std::min(offset, m_text.size());
  const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  const size_t line_index = static_cast<size_t>(it - m_line_starts.begin()) - 1;
  const size_t start = m_line_starts[line_index];
  const auto prefix = std::string_view(m_text).substr(start, offset - start);
  return Position{static_cast<int>(line_index) + 1, static_cast<int>(util::utf8::length(prefix)) + 1};
}

std::string_view SourceFile::line(int n) const
{
  if (n < 1 || n > line_count())
    return {};
  const size_t start = m_line_starts[static_cast<size_t>(n) - 1];
  size_t end = static_cast<size_t>(n) < m_line_starts.size() ? m_line_starts[static_cast<size_t>(n)] - 1 : m_text.size();
  if (end > start && m_text[end - 1] == '\r')
    --end;
  return std::string_view(m_text).substr(start, end - start);
}

size_t SourceFile::line_offset(int n) const
{
  if (n < 1)
    return 0;
  if (n > line_count())
    return m_text.size();
  return m_line_starts[static_cast<size_t>(n) - 1];
}

bool Node::is_empty() const
{
  switch (type) {
  case NodeType::Null: return true;
  case NodeType::Scalar: return util::trim(value).empty();
  case NodeType::Sequence: return items.empty();
  case NodeType::Map: return entries.empty();
  }
  return true;
}

const Node* Node::get(std::string_view key) const
{
  for (const auto& [k, v] : entries)
    if (k->is_scalar() && k->value == key)
      return v;
  return nullptr;
}

const Node* Node::key_node(std::string_view key) const
{
  for (const auto& [k, v] : entries)
    if (k->is_scalar() && k->value == key)
      return k;
  return nullptr;
}

std::string_view Node::text_of(std::string_view key) const
{
  const Node* v = get(key);
  return v && v->is_scalar() ? std::string_view(v->value) : std::string_view();
}

std::string_view shape_name(const Node& n)
{
  switch (n.type) {
  case NodeType::Null: return tr("empty");
  case NodeType::Scalar: return tr("a single value");
  case NodeType::Sequence: return tr("a list");
  case NodeType::Map: return tr("a mapping");
  }
  return tr("empty");
}

Diagnostic duplicate_key(const SourceFile& src, const Node& key, int first_line)
{
  return Diagnostic{"duplicate-key", Severity::Error, src.path(), key.pos,
                    trf("key `{}` appears twice in this mapping (first at line {}); keep one of them",
                                key.value, first_line)};
}

std::string inline_text(const Node& n, InlineStyle style)
{
  if (n.is_null())
    return "";
  if (n.is_scalar())
    return n.value;
  const bool flow = style == InlineStyle::Flow;
  std::string out;
  const auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  for (const auto* item : n.items) {
    std::string v = inline_text(*item, style);
    // A person written as {name, dept, title} reads as "name (dept title)".
    if (!flow && item->is_map() && !item->text_of("name").empty()) {
      std::string rest;
      for (const auto& [k, val] : item->entries)
        if (k->value != "name")
          rest += (rest.empty() ? "" : " ") + inline_text(*val, style);
      const std::string name(item->text_of("name"));
      v = rest.empty() ? name : name + " (" + rest + ")";
    }
    add(v);
  }
  for (const auto& [k, v] : n.entries)
    add(inline_text(*k, style) + ": " + inline_text(*v, style));
  if (!flow)
    return out;
  return n.is_seq() ? "[" + out + "]" : "{" + out + "}";
}

} // namespace collab::yaml

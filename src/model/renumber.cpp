// Rewriting refs finds each candidate in the text, then asks the parser what it is: a candidate
// whose rewrite changes only a value of the tree is a ref in a value; one that changes nothing
// is in a comment, one that changes a key or the shape is left alone. The whole result is then
// checked against the old tree with every value rewritten, so no edit can change anything else.
#include "collab/model/renumber.h"

#include "collab/model/id_format.h"
#include "collab/util/i18n.h"
#include "collab/util/utf8.h"
#include "collab/yaml/parse.h"
#include "collab/yaml/text_edit.h"

#include <algorithm>

namespace collab::model {

using util::i18n::tr;

namespace {

/// General, CJK and full-width punctuation and spaces: they end an id even next to CJK text.
bool is_punctuation(char32_t c)
{
  return (c >= 0x00A0 && c <= 0x00BF) || c == 0x00D7 || c == 0x00F7 || (c >= 0x2000 && c <= 0x206F) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/// Whether c could continue an id whose character next to it is ASCII (`ascii_edge`) or not.
/// Ids are file names of letters, digits, `-` and `_`, and department names ({dept}) in any
/// script: next to an ASCII edge a CJK character is prose (`M-2024-007的`), next to a CJK edge
/// it may be part of a longer department.
bool id_char(char32_t c, bool ascii_edge)
{
  if (c < 0x80)
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
  return !ascii_edge && !is_punctuation(c);
}

/// The code point that ends just before byte i (i > 0).
char32_t previous_code_point(std::string_view s, size_t i)
{
  size_t start = i - 1;
  while (start > 0 && i - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
    --start;
  return util::utf8::next(s, start);
}

/// One place where a ref is to be rewritten.
struct Hit {
  size_t at = 0, len = 0;
  std::string_view to;
};

/// Every bounded occurrence of an old ref in s, left to right, none overlapping (at one place an
/// item ref wins over its id).
std::vector<Hit> find_hits(std::string_view s, const RefRewrite& map)
{
  std::vector<Hit> hits;
  const auto scan = [&](const std::string& from, const std::string& to) {
    if (from.empty())
      return;
    const bool ascii_front = static_cast<unsigned char>(from.front()) < 0x80;
    const bool ascii_back = static_cast<unsigned char>(from.back()) < 0x80;
    for (size_t at = s.find(from); at != std::string_view::npos; at = s.find(from, at + 1)) {
      if (at > 0 && id_char(previous_code_point(s, at), ascii_front))
        continue;
      size_t after = at + from.size();
      if (after < s.size() && id_char(util::utf8::next(s, after), ascii_back))
        continue;
      hits.push_back({at, from.size(), to});
    }
  };
  for (const auto& [from, to] : map.items)
    scan(from, to);
  for (const auto& [from, to] : map.ids)
    scan(from, to);
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.at != b.at ? a.at < b.at : a.len > b.len; });
  std::vector<Hit> kept;
  for (const Hit& h : hits)
    if (kept.empty() || h.at >= kept.back().at + kept.back().len)
      kept.push_back(h);
  return kept;
}

/// s with the hits (into s) rewritten.
std::string apply_hits(std::string_view s, const std::vector<Hit>& hits)
{
  std::string out;
  size_t from = 0;
  for (const Hit& h : hits) {
    out.append(s.substr(from, h.at - from));
    out.append(h.to);
    from = h.at + h.len;
  }
  out.append(s.substr(from));
  return out;
}

yaml::ParsedYaml parse(const std::string& text)
{
  return yaml::parse_yaml(yaml::SourceFile("", text), yaml::ParseLimits{.positions = false});
}

/// How a tree differs from another: values changed, and anything else (keys, shape, quoting).
struct TreeDiff {
  int values = 0;
  bool other = false;
};

void compare(const yaml::Node* a, const yaml::Node* b, bool key, TreeDiff& d)
{
  if (d.other)
    return;
  if (!a || !b || a->type != b->type || a->quoted != b->quoted || a->items.size() != b->items.size() ||
      a->entries.size() != b->entries.size()) {
    d.other = true;
    return;
  }
  if (a->is_scalar() && a->value != b->value) {
    if (key)
      d.other = true;
    else
      ++d.values;
  }
  for (size_t i = 0; i < a->items.size(); ++i)
    compare(a->items[i], b->items[i], false, d);
  for (size_t i = 0; i < a->entries.size(); ++i) {
    compare(a->entries[i].first, b->entries[i].first, true, d);
    compare(a->entries[i].second, b->entries[i].second, false, d);
  }
}

/// Whether `after` is `before` with every value's refs rewritten and nothing else changed.
bool rewritten_as_expected(const yaml::Node* before, const yaml::Node* after, bool key, const RefRewrite& map)
{
  if (!before || !after || before->type != after->type || before->quoted != after->quoted ||
      before->items.size() != after->items.size() || before->entries.size() != after->entries.size())
    return false;
  if (before->is_scalar()) {
    const std::string expected = key ? before->value : apply_hits(before->value, find_hits(before->value, map));
    if (after->value != expected)
      return false;
  }
  for (size_t i = 0; i < before->items.size(); ++i)
    if (!rewritten_as_expected(before->items[i], after->items[i], false, map))
      return false;
  for (size_t i = 0; i < before->entries.size(); ++i)
    if (!rewritten_as_expected(before->entries[i].first, after->entries[i].first, true, map) ||
        !rewritten_as_expected(before->entries[i].second, after->entries[i].second, false, map))
      return false;
  return true;
}

} // namespace

std::string rewrite_refs(std::string_view text, const RefRewrite& map)
{
  const std::vector<Hit> hits = find_hits(text, map);
  // Without a candidate nothing changes, unless a ref hides behind an escape ("\x4D-2024-012").
  if (hits.empty() && text.find('\\') == std::string_view::npos)
    return std::string(text);
  const std::string old_text(text);
  const yaml::ParsedYaml before = parse(old_text);
  if ((!before.doc || !before.doc->root()) && hits.empty())
    return old_text;
  if (!before.doc || !before.doc->root())
    throw yaml::EditError(tr("cannot rewrite the references: the record does not parse"));
  std::vector<Hit> in_values;
  for (const Hit& h : hits) {
    const yaml::ParsedYaml one = parse(apply_hits(old_text, std::vector<Hit>{h}));
    if (!one.doc)
      continue; // the rewrite would break the text: not a ref in a value
    TreeDiff d;
    compare(before.doc->root(), one.doc->root(), false, d);
    if (d.values > 0 && !d.other)
      in_values.push_back(h);
  }
  std::string out = apply_hits(old_text, in_values);
  const yaml::ParsedYaml after = parse(out);
  if (!after.doc || !rewritten_as_expected(before.doc->root(), after.doc->root(), false, map))
    throw yaml::EditError(tr("cannot rewrite the references in place (a reference written with escapes "
                             "inside quotes?); rewrite them with `collab edit`"));
  return out;
}

std::optional<std::string> next_id_like(std::string_view id, std::string_view format,
                                        const std::vector<std::string>& taken)
{
  if (format.find("{seq}") == std::string_view::npos)
    return std::nullopt;
  // Zero-padded numbers have 3 digits; an id written by hand may have fewer.
  auto parts = match_id_format(format, id);
  if (!parts)
    parts = match_id_format(format, id, 1);
  if (!parts)
    return std::nullopt;
  const std::string_view prefix = id.substr(0, parts->seq_at);
  const std::string_view suffix = id.substr(parts->seq_at + parts->seq.size());
  const int high = std::max(highest_seq(taken, prefix, suffix), seq_of(id, prefix, suffix));
  return format_seq(prefix, high + 1, suffix);
}

} // namespace collab::model

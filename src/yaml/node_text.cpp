// Where nodes' text lies, read the way yaml-cpp 0.7's scanner reads it (scanscalar.cpp,
// scantoken.cpp): where a plain scalar stops and which lines continue it, how far a block
// scalar's lines run, which quote opens a string inside {...}. The tree gives each node's first
// byte but not its last; the minimal-edit writer replaces and inserts at the ends found here.
// Where the text does not read exactly as the tree says, this throws EditError: a wrong end
// would write a wrong value silently, a refusal only sends the user to `collab edit`.
#include "collab/yaml/node_text.h"

#include "collab/yaml/text_edit.h"

#include "collab/util/i18n.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace collab::yaml {

using util::i18n::tr;
using util::i18n::trf;

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// Inside [...] or {...} these end a plain scalar or a tag.
bool flow_indicator(char c) { return c != '\0' && std::strchr(",[]{}", c) != nullptr; }

/// The next token after some offset: where it starts, and whether it still belongs to the node
/// being read (in block context a token starting a line at or left of the enclosing collection's
/// column, or a document marker, belongs to an enclosing node).
struct Token {
  size_t pos;
  bool inside;
};

/// A node's properties (`&anchor`, `!tag`) and the token after them.
struct Props {
  Token content;
  size_t end;    ///< just past the last property (the node's first byte when it has none)
  bool anchored; ///< one of them is an anchor
};

/// A plain scalar's end and its value (lines folded as yaml-cpp folds them).
struct Plain {
  size_t end;
  std::string value;
};

class Reader {
public:
  explicit Reader(const std::string& text) : m_t(text), m_n(text.size())
  {
    // yaml-cpp breaks lines at a lone CR too; these offsets count lines at LF only.
    for (size_t i = m_t.find('\r'); i != std::string::npos; i = m_t.find('\r', i + 1))
      if (i + 1 == m_n || m_t[i + 1] != '\n')
        throw EditError(tr("the file has a carriage return (CR) without a line feed after it"));
  }

  /// The value of entry `i` of `map`; `col` is a block mapping's column.
  NodeText entry_value(const Node& map, size_t i, size_t col) const
  {
    const bool flow = map.flow;
    const auto& [k, v] = map.entries[i];
    const size_t colon = find_colon(*k, flow, col);
    const long parent = flow ? -1 : static_cast<long>(col);
    NodeText r;
    if (colon == std::string::npos) {
      // `{a}`: a key without `:` has an empty value, which ends with the key.
      r.begin = r.end = r.after_key = key_end(*k, flow, col);
      r.next_line = next_line(r.end);
      return r;
    }
    if (v->is_null()) {
      r = null_value(colon + 1, parent, flow, k->value);
    } else {
      const Token tok = next_token(colon + 1, parent, flow);
      if (tok.inside && at(tok.pos) == '*') {
        r = alias(tok.pos, flow);
      } else {
        if (tok.pos != v->offset)
          throw EditError(trf("cannot find the value of `{}` where it was read", k->value));
        if (!tok.inside && !(v->is_seq() && !v->flow && at(tok.pos) == '-' && column(tok.pos) == col))
          throw EditError(trf("the value of `{}` is on a line of its own but not indented past the key; "
                                      "indent it",
                                      k->value));
        r = node(*v, parent, flow);
      }
    }
    r.after_key = colon + 1;
    // What follows is the next key, or the end of the mapping: else the value was read short.
    const size_t next = following(r.end);
    bool ok;
    if (flow) // `]` after a single pair inside [...] (`[a: 1]`)
      ok = at(next) == ',' || at(next) == '}' || at(next) == ']';
    else if (i + 1 < map.entries.size())
      ok = next == map.entries[i + 1].first->offset;
    else
      ok = next >= m_n || column(next) < col || (column(next) == 0 && doc_marker(next));
    if (!ok)
      throw EditError(trf("cannot tell where the value of `{}` ends", k->value));
    return r;
  }

  /// A mapping or list (or a scalar whose first token is at its offset): `parent` is the column
  /// of the enclosing block collection (-1 for none).
  NodeText node(const Node& n, long parent, bool flow) const
  {
    const Props props = properties(n.offset, parent, flow);
    NodeText r;
    r.begin = n.offset;
    r.anchored = props.anchored;
    const Token c = props.content;
    if (n.is_scalar()) {
      if (!c.inside || c.pos >= m_n || (flow && flow_indicator(m_t[c.pos]))) {
        // Nothing after the properties: `!!str` alone is the empty string.
        if (!n.value.empty() || props.end == n.offset)
          throw EditError(tr("cannot find the text of a value"));
        r.end = props.end;
      } else if (m_t[c.pos] == '"' || m_t[c.pos] == '\'') {
        r.end = quoted_end(c.pos);
      } else if (!flow && (m_t[c.pos] == '|' || m_t[c.pos] == '>')) {
        block_scalar(c.pos, parent, r);
        return r;
      } else {
        const Plain p = plain(c.pos, parent, flow);
        if (p.value != n.value)
          throw EditError(tr("cannot tell where a value written over several lines ends"));
        r.end = p.end;
      }
      r.next_line = next_line(r.end);
      return r;
    }
    if (n.is_null())
      throw EditError(tr("cannot locate the end of an empty value"));
    if (n.flow) {
      if (!c.inside || (at(c.pos) != '[' && at(c.pos) != '{'))
        throw EditError(tr("cannot find the brackets of a [...] or {...}"));
      r.end = flow_end(c.pos);
      r.next_line = next_line(r.end);
      return r;
    }
    const NodeText last = n.is_map() ? last_entry(n) : last_item(n, c);
    r.end = last.end;
    r.next_line = last.next_line;
    return r;
  }

  size_t map_column(const Node& map) const
  {
    if (map.entries.empty())
      throw EditError(tr("empty mapping"));
    const size_t col = column(map.entries[0].first->offset);
    size_t prev = map.offset;
    for (size_t i = 0; i < map.entries.size(); ++i) {
      const Node& k = *map.entries[i].first;
      if (k.is_null())
        throw EditError(tr("a key of the mapping is empty"));
      // An alias as key carries the offset of the anchored node, before this mapping.
      if (k.offset < prev)
        throw EditError(tr("a key of the mapping is an alias (`*name`)"));
      const size_t start = line_start(k.offset);
      if (k.offset - start != col)
        throw EditError(tr("the keys of the mapping are not in one column"));
      for (size_t j = start; j < k.offset; ++j)
        if (m_t[j] != ' ' && !(i == 0 && m_t[j] == '-' && at(j + 1) == ' '))
          throw EditError(trf("the key `{}` does not start its line (a `? ` key?)", k.value));
      prev = k.offset + 1;
    }
    return col;
  }

private:
  char at(size_t i) const { return i < m_n ? m_t[i] : '\0'; }
  /// A line break starts at i ("\n", or "\r\n").
  bool is_break(size_t i) const { return i < m_n && (m_t[i] == '\n' || (m_t[i] == '\r' && at(i + 1) == '\n')); }
  size_t after_break(size_t i) const { return m_t[i] == '\r' ? i + 2 : i + 1; }
  /// A blank, a line break or the end of the text at i: what must follow `:`, `-` or `null`.
  bool space_or_end(size_t i) const { return i >= m_n || is_blank(m_t[i]) || is_break(i); }

  /// Where the line holding byte i starts: on the first line, after a UTF-8 byte order mark.
  size_t line_start(size_t i) const
  {
    const size_t nl = i == 0 ? std::string::npos : m_t.rfind('\n', i - 1);
    const size_t s = nl == std::string::npos ? 0 : nl + 1;
    return s == 0 && i >= 3 && m_t.starts_with("\xEF\xBB\xBF") ? 3 : s;
  }
  size_t column(size_t i) const { return i - line_start(i); }
  /// Where the line after the one holding byte i starts (the text's size on the last line).
  size_t next_line(size_t i) const
  {
    const size_t e = m_t.find('\n', i);
    return e == std::string::npos ? m_n : e + 1;
  }
  bool doc_marker(size_t i) const
  {
    return (m_t.compare(i, 3, "---") == 0 || m_t.compare(i, 3, "...") == 0) && space_or_end(i + 3);
  }

  /// The first token at or after i, past blanks, comments and line breaks.
  Token next_token(size_t i, long parent, bool flow) const
  {
    size_t line = std::string::npos;
    while (true) {
      while (i < m_n && is_blank(m_t[i]))
        ++i;
      if (i >= m_n)
        return {m_n, false};
      if (m_t[i] == '#') { // yaml-cpp takes a `#` where a token starts as a comment
        while (i < m_n && !is_break(i))
          ++i;
        continue;
      }
      if (!is_break(i))
        break;
      i = line = after_break(i);
    }
    if (line != std::string::npos && !flow) {
      const long col = static_cast<long>(i - line);
      if (col <= parent || (col == 0 && doc_marker(i)))
        return {i, false};
    }
    return {i, true};
  }
  size_t following(size_t i) const { return next_token(i, LONG_MIN, true).pos; }

  /// Just past an anchor, tag or alias at i.
  size_t property_end(size_t i, bool flow) const
  {
    const bool tag = m_t[i] == '!';
    ++i;
    while (i < m_n && !space_or_end(i) && !((flow || !tag) && flow_indicator(m_t[i])))
      ++i;
    return i;
  }

  Props properties(size_t i, long parent, bool flow) const
  {
    Props p{{i, true}, i, false};
    while (p.content.inside && (at(p.content.pos) == '&' || at(p.content.pos) == '!')) {
      p.anchored = p.anchored || m_t[p.content.pos] == '&';
      p.end = property_end(p.content.pos, flow);
      p.content = next_token(p.end, parent, flow);
    }
    return p;
  }

  NodeText alias(size_t i, bool flow) const
  {
    NodeText r;
    r.begin = i;
    r.end = property_end(i, flow);
    r.next_line = next_line(r.end);
    return r;
  }

  /// An empty value after `start` (just past its `:` or `-`): nothing, properties, `null` or `~`.
  NodeText null_value(size_t start, long parent, bool flow, std::string_view key) const
  {
    NodeText r;
    r.begin = r.end = start;
    for (size_t i = start;;) {
      const Token tok = next_token(i, parent, flow);
      if (!tok.inside)
        break;
      const char c = m_t[tok.pos];
      if (c == '&' || c == '!') {
        r.anchored = r.anchored || c == '&';
        i = r.end = property_end(tok.pos, flow);
        continue;
      }
      if (flow && flow_indicator(c))
        break;
      size_t len = 0;
      for (const std::string_view word : {"null", "Null", "NULL", "~"})
        if (m_t.compare(tok.pos, word.size(), word) == 0)
          len = word.size();
      const size_t after = tok.pos + len;
      if (len == 0 || !(space_or_end(after) || (flow && flow_indicator(at(after)))))
        throw EditError(trf("cannot read the empty value of `{}`", key));
      r.end = after;
      break;
    }
    r.next_line = next_line(r.end);
    return r;
  }

  /// Whether a plain scalar stops before byte i (yaml-cpp's ScanScalarEnd and ScanScalarEndInFlow).
  bool ends_plain(size_t i, bool flow) const
  {
    const char c = m_t[i];
    if (c == ':')
      return space_or_end(i + 1) || (flow && std::strchr(",]}", at(i + 1)) && at(i + 1) != '\0');
    if (flow && (flow_indicator(c) || c == '?'))
      return true;
    return is_blank(c) && at(i + 1) == '#';
  }

  /// A plain scalar starting at i. It goes on over the following lines indented past the
  /// enclosing block collection (any line inside [...] or {...}), up to a comment line.
  Plain plain(size_t i, long parent, bool flow) const
  {
    const long min_col = flow ? 0 : parent + 1;
    Plain r{i, ""};
    size_t empty_lines = 0;
    bool first = true;
    while (true) {
      const size_t start = i;
      size_t end = i;
      while (i < m_n && !is_break(i) && !ends_plain(i, flow)) {
        if (!is_blank(m_t[i]))
          end = i + 1;
        ++i;
      }
      if (end > start) {
        if (!first)
          r.value += empty_lines ? std::string(empty_lines, '\n') : " ";
        r.value.append(m_t, start, end - start);
        r.end = end;
        first = false;
        empty_lines = 0;
      }
      if (!is_break(i))
        return r; // stopped by a character, or the end of the text
      for (size_t line = after_break(i);;) {
        size_t k = line;
        while (k < m_n && is_blank(m_t[k]))
          ++k;
        if (k >= m_n)
          return r;
        if (is_break(k)) {
          ++empty_lines;
          line = after_break(k);
          continue;
        }
        if (static_cast<long>(k - line) < min_col || m_t[k] == '#' || (k == line && doc_marker(k)))
          return r;
        i = k;
        break;
      }
    }
  }

  size_t quoted_end(size_t i) const
  {
    const char q = m_t[i];
    for (++i; i < m_n; ++i) {
      if (q == '"' && m_t[i] == '\\')
        ++i;
      else if (m_t[i] == q) {
        if (q == '\'' && at(i + 1) == '\'')
          ++i;
        else
          return i + 1;
      }
    }
    throw EditError(tr("a quoted value has no closing quote"));
  }

  /// A `|` or `>` block at i: its lines are those indented at least as far as its first line
  /// (past the enclosing collection's column), and the empty lines among them; with `+` the
  /// empty lines after it are its value too.
  void block_scalar(size_t i, long parent, NodeText& r) const
  {
    long indent = 1;
    bool detect = true;
    char chomp = ' ';
    for (++i; i < m_n && (m_t[i] == '+' || m_t[i] == '-' || (m_t[i] >= '1' && m_t[i] <= '9')); ++i) {
      if (m_t[i] == '+' || m_t[i] == '-') {
        chomp = m_t[i];
      } else {
        indent = m_t[i] - '0';
        detect = false;
      }
    }
    if (parent >= 0)
      indent += parent;
    // The header; a comment after it stays, but not one glued to it (`|#c`), which would go on
    // a new plain value.
    r.end = i;
    if (at(i) == '#')
      while (r.end < m_n && !is_break(r.end))
        ++r.end;
    size_t after_content = next_line(i), after_empty = after_content;
    bool found = false;
    for (size_t line = after_content; line < m_n;) {
      size_t spaces = 0;
      while (line + spaces < m_n && m_t[line + spaces] == ' ')
        ++spaces;
      const size_t eaten = detect && !found ? spaces : std::min(spaces, static_cast<size_t>(indent));
      if (detect && !found)
        indent = std::max(indent, static_cast<long>(spaces));
      const size_t p = line + eaten;
      if (p >= m_n) {
        after_empty = m_n;
        break;
      }
      if (is_break(p)) {
        line = after_empty = after_break(p);
        continue;
      }
      if (static_cast<long>(eaten) < indent)
        break;
      found = true;
      size_t e = p;
      while (e < m_n && !is_break(e))
        ++e;
      r.end = e;
      line = after_content = after_empty = e < m_n ? after_break(e) : m_n;
    }
    r.next_line = chomp == '+' ? after_empty : after_content;
  }

  /// Just past the `]` or `}` closing the collection at i. Quotes open strings only where a
  /// token starts: the `'` of `{a: it's}` is inside a plain scalar.
  size_t flow_end(size_t i) const
  {
    int depth = 0;
    while (i < m_n) {
      const char c = m_t[i];
      if (is_blank(c) || c == '\n' || c == '\r') {
        ++i;
      } else if (c == '#') {
        while (i < m_n && !is_break(i))
          ++i;
      } else if (c == '[' || c == '{') {
        ++depth;
        ++i;
      } else if (c == ']' || c == '}') {
        ++i;
        if (--depth == 0)
          return i;
      } else if (c == ',' || ((c == ':' || c == '?') && (space_or_end(i + 1) || flow_indicator(at(i + 1))))) {
        ++i;
      } else if (c == '"' || c == '\'') {
        i = quoted_end(i);
      } else if (c == '&' || c == '!' || c == '*') {
        i = property_end(i, true);
      } else {
        i = std::max(plain(i, -1, true).end, i + 1);
      }
    }
    throw EditError(tr("a [...] or {...} is not closed"));
  }

  /// The `:` after a mapping key; npos for a key without one inside {...} (`{a}`).
  size_t find_colon(const Node& k, bool flow, size_t col) const
  {
    const size_t e = key_end(k, flow, col);
    const Token tok = next_token(e, LONG_MIN, flow);
    if (at(tok.pos) == ':' && (flow || m_t.find('\n', e) >= tok.pos))
      return tok.pos;
    if (flow && (at(tok.pos) == ',' || at(tok.pos) == '}'))
      return std::string::npos;
    throw EditError(trf("cannot find the `:` after key `{}`", k.value));
  }

  size_t key_end(const Node& k, bool flow, size_t col) const
  {
    const long parent = flow ? -1 : static_cast<long>(col);
    const Props props = properties(k.offset, LONG_MIN, flow);
    const size_t i = props.content.pos;
    if (at(i) == '"' || at(i) == '\'')
      return quoted_end(i);
    if (at(i) == '[' || at(i) == '{')
      return flow_end(i);
    const Plain p = plain(i, parent, flow);
    if (!k.is_scalar() || p.value != k.value)
      throw EditError(trf("cannot read the key `{}`", k.value));
    return p.end;
  }

  NodeText last_entry(const Node& map) const
  {
    return entry_value(map, map.entries.size() - 1, map_column(map));
  }

  /// The last item of a block list whose first token (after its properties) is `first`. Each
  /// item's end leads to the next `-`, which the last item's text follows.
  NodeText last_item(const Node& seq, Token first) const
  {
    if (seq.items.empty() || !first.inside || at(first.pos) != '-' || !space_or_end(first.pos + 1))
      throw EditError(tr("cannot find the `-` of a list"));
    const size_t col = column(first.pos);
    size_t dash = first.pos;
    NodeText r;
    for (size_t i = 0; i < seq.items.size(); ++i) {
      if (i > 0) {
        dash = following(r.end);
        if (at(dash) != '-' || !space_or_end(dash + 1) || column(dash) != col)
          throw EditError(tr("cannot find the `-` of a list entry"));
      }
      const Node& item = *seq.items[i];
      const long parent = static_cast<long>(col);
      if (item.is_null()) {
        r = null_value(dash + 1, parent, false, "-");
        continue;
      }
      const Token tok = next_token(dash + 1, parent, false);
      if (at(tok.pos) == '*') {
        r = alias(tok.pos, false);
        continue;
      }
      if (tok.pos != item.offset || !tok.inside)
        throw EditError(tr("cannot find a list entry where it was read"));
      r = node(item, parent, false);
    }
    const size_t next = following(r.end);
    if (next < m_n && (column(next) > col || (column(next) == col && at(next) == '-' && space_or_end(next + 1))))
      throw EditError(tr("cannot tell where a list ends"));
    return r;
  }

public:
  /// Every item of a list: for a block list each `-` and the item's text after it (a null
  /// item's text is empty, just past its `-`); for a flow list each item's text (dash = npos).
  std::vector<ItemText> items(const Node& seq) const
  {
    std::vector<ItemText> out;
    if (seq.items.empty())
      return out;
    const Props props = properties(seq.offset, -1, seq.flow);
    if (props.anchored)
      throw EditError(tr("a list has an anchor (`&name`), which aliases may share"));
    if (seq.flow) {
      for (const Node* item : seq.items) {
        if (item->is_null())
          throw EditError(tr("a [...] list has an empty entry"));
        const Props ip = properties(item->offset, -1, true);
        if (ip.anchored || at(ip.content.pos) == '*')
          throw EditError(tr("a list entry has an anchor or is an alias"));
        out.push_back({std::string::npos, node(*item, -1, true)});
      }
      return out;
    }
    const Token first = props.content;
    if (!first.inside || at(first.pos) != '-' || !space_or_end(first.pos + 1))
      throw EditError(tr("cannot find the `-` of a list"));
    const size_t col = column(first.pos);
    size_t dash = first.pos;
    for (size_t i = 0; i < seq.items.size(); ++i) {
      if (i > 0) {
        dash = following(out.back().text.end);
        if (at(dash) != '-' || !space_or_end(dash + 1) || column(dash) != col)
          throw EditError(tr("cannot find the `-` of a list entry"));
      }
      const Node& item = *seq.items[i];
      const long parent = static_cast<long>(col);
      if (item.is_null()) {
        out.push_back({dash, null_value(dash + 1, parent, false, "-")});
        continue;
      }
      const Token tok = next_token(dash + 1, parent, false);
      if (at(tok.pos) == '*' || at(tok.pos) == '&')
        throw EditError(tr("a list entry has an anchor or is an alias"));
      if (tok.pos != item.offset || !tok.inside)
        throw EditError(tr("cannot find a list entry where it was read"));
      out.push_back({dash, node(item, parent, false)});
    }
    const size_t next = following(out.back().text.end);
    if (next < m_n && (column(next) > col || (column(next) == col && at(next) == '-' && space_or_end(next + 1))))
      throw EditError(tr("cannot tell where a list ends"));
    return out;
  }

private:
  const std::string& m_t;
  size_t m_n;
};

const Node& as_map(const Node& map)
{
  if (!map.is_map())
    throw EditError(tr("not a mapping"));
  return map;
}

} // namespace

NodeText value_text(const std::string& text, const yaml::Node& map, std::string_view key)
{
  const Reader r(text);
  as_map(map);
  const size_t col = map.flow ? 0 : r.map_column(map);
  for (size_t i = 0; i < map.entries.size(); ++i)
    if (map.entries[i].first->is_scalar() && map.entries[i].first->value == key)
      return r.entry_value(map, i, col);
  throw EditError(trf("no key `{}`", key));
}

NodeText last_value_text(const std::string& text, const yaml::Node& map)
{
  const Reader r(text);
  as_map(map);
  if (map.entries.empty())
    throw EditError(tr("empty mapping"));
  return r.entry_value(map, map.entries.size() - 1, map.flow ? 0 : r.map_column(map));
}

NodeText collection_text(const std::string& text, const yaml::Node& node)
{
  if (!node.is_map() && !node.is_seq())
    throw EditError(tr("not a mapping or list"));
  return Reader(text).node(node, -1, node.flow);
}

std::vector<ItemText> item_texts(const std::string& text, const yaml::Node& seq)
{
  if (!seq.is_seq())
    throw EditError(tr("not a list"));
  return Reader(text).items(seq);
}

size_t block_map_column(const std::string& text, const yaml::Node& map)
{
  return Reader(text).map_column(as_map(map));
}

} // namespace collab::yaml

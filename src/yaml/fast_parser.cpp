#include "collab/yaml/fast_parser.h"

#include "collab/util/utf8.h"

#include <fmt/format.h>
#include <unordered_map>

namespace collab::yaml {

using namespace collab::util;

namespace {

/// Thrown when the text leaves the subset; yaml-cpp takes over.
struct Unsupported {};

bool is_space(char c) { return c == ' '; }

class SimpleParser {
public:
  SimpleParser(const SourceFile& src, const ParseLimits& limits, yaml::Document& doc, std::vector<Diagnostic>& dups)
    : m_src(src), m_t(src.text()), m_limits(limits), m_doc(doc), m_dups(dups)
  {
    for (size_t start = 0;;) {
      size_t end = m_t.find('\n', start);
      const bool last = end == std::string::npos;
      if (last)
        end = m_t.size();
      Line l{start, end, 0};
      while (l.start + l.indent < l.end && m_t[l.start + l.indent] == ' ')
        ++l.indent;
      const size_t first = l.start + l.indent;
      l.content = first < l.end && m_t[first] != '#';
      m_document_marker = m_document_marker || is_document_marker(l);
      m_lines.push_back(l);
      if (last)
        break;
      start = end + 1;
    }
  }

  const yaml::Node* document()
  {
    // Two single-character finds: find_first_of calls memchr once per byte of the text.
    if (m_t.find('\r') != std::string::npos || m_t.find('\t') != std::string::npos ||
        m_t.compare(0, 3, "\xEF\xBB\xBF") == 0)
      throw Unsupported{};
    // `---` or `...` on any line: a second document or content after the document's end,
    // which yaml-cpp reports (`... key: v` is not the key "... key").
    if (m_document_marker)
      throw Unsupported{};
    size_t li = next_content(0);
    if (li == m_lines.size())
      return nullptr;
    const Line& l = m_lines[li];
    if (l.indent != 0 || at(l.start) == '%' || m_t.compare(l.start, 3, "---") == 0 ||
        m_t.compare(l.start, 3, "...") == 0)
      throw Unsupported{};
    m_line = li;
    const yaml::Node* root = block_node(l.start, 0);
    if (next_content(m_line) != m_lines.size())
      throw Unsupported{}; // stray content: yaml-cpp words the error
    return root;
  }

private:
  struct Line {
    size_t start, end;
    size_t indent;
    bool content;
  };

  char at(size_t i) const { return i < m_t.size() ? m_t[i] : '\0'; }

  /// True when line l starts with `---` or `...` followed by a space or its end.
  bool is_document_marker(const Line& l) const
  {
    if (l.indent != 0 || l.end - l.start < 3 ||
        (m_t.compare(l.start, 3, "---") != 0 && m_t.compare(l.start, 3, "...") != 0))
      return false;
    return l.end - l.start == 3 || m_t[l.start + 3] == ' ' || m_t[l.start + 3] == '\t';
  }

  /// The first line at or after li that holds content (not blank, not a comment).
  size_t next_content(size_t li) const
  {
    while (li < m_lines.size() && !m_lines[li].content)
      ++li;
    return li;
  }

  yaml::Node& make(yaml::NodeType type, size_t offset)
  {
    auto& n = m_doc.make(type);
    n.offset = offset;
    if (m_limits.positions)
      n.pos = m_src.position_at(offset);
    return n;
  }

  void enter()
  {
    if (++m_depth >= m_limits.max_depth)
      throw Unsupported{}; // yaml-cpp reports the depth finding
  }
  void leave() { --m_depth; }

  /// True when the text from `from` to `to` is over the 1024 limit for an implicit key as
  /// yaml-cpp counts it: in bytes (YAML says characters; 500 Chinese characters are too long
  /// for yaml-cpp, found by fuzz_parsers).
  bool too_long_for_a_key(size_t from, size_t to) const { return to - from > 1024; }

  /// True when a plain key starts at p on its line: `key:` then a space or the end of the line.
  bool key_at(size_t p, size_t end, size_t& colon) const
  {
    const char c = at(p);
    if (c == '"' || c == '\'' || c == '-' || c == '?' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}' ||
        c == '#' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' || c == '%' || c == '@' || c == '`' ||
        c == ',')
      return false;
    for (size_t i = p; i < end; ++i) {
      if (m_t[i] == '#' && i > p && is_space(m_t[i - 1]))
        return false;
      if (m_t[i] == ':' && (i + 1 == end || is_space(m_t[i + 1]))) {
        colon = i;
        return true;
      }
    }
    return false;
  }

  /// A block node starting at offset p (the first content of line m_line), whose
  /// parent block is indented `parent`. Leaves m_line after its last line.
  const yaml::Node* block_node(size_t p, size_t col)
  {
    const Line& l = m_lines[m_line];
    size_t colon = 0;
    if (at(p) == '-' && (p + 1 == l.end || is_space(at(p + 1))))
      return block_seq(col);
    if (key_at(p, l.end, colon))
      return block_map(p, col);
    throw Unsupported{};
  }

  const yaml::Node* block_seq(size_t col)
  {
    enter();
    auto& seq = make(yaml::NodeType::Sequence, m_lines[m_line].start + col);
    while (m_line < m_lines.size()) {
      const Line& l = m_lines[m_line];
      const size_t p = l.start + col;
      if (!(at(p) == '-' && (p + 1 == l.end || is_space(at(p + 1)))))
        throw Unsupported{};
      size_t q = p + 1;
      while (q < l.end && is_space(m_t[q]))
        ++q;
      const yaml::Node* item;
      if (q == l.end || at(q) == '#') {
        item = value_below(static_cast<int>(col), false);
      } else {
        size_t colon = 0;
        if (at(q) == '-' && (q + 1 == l.end || is_space(at(q + 1))))
          throw Unsupported{}; // "- - a"
        if (key_at(q, l.end, colon)) {
          item = block_map(q, q - l.start);
        } else {
          item = inline_value(q, static_cast<int>(col));
          finish_line();
        }
      }
      seq.items.push_back(item);
      if (!continues(col))
        break;
    }
    leave();
    return &seq;
  }

  const yaml::Node* block_map(size_t p, size_t col)
  {
    enter();
    auto& map = make(yaml::NodeType::Map, p);
    std::unordered_map<std::string_view, const yaml::Node*> keys;
    bool first = true;
    while (m_line < m_lines.size()) {
      const Line& l = m_lines[m_line];
      const size_t kp = first ? p : l.start + col;
      first = false;
      size_t colon = 0;
      if (!key_at(kp, l.end, colon))
        throw Unsupported{};
      if (is_space(m_t[colon - 1]))
        throw Unsupported{}; // "key :"
      if (too_long_for_a_key(kp, colon))
        throw Unsupported{}; // yaml-cpp's verdict (a syntax error), not a key
      auto& key = make(yaml::NodeType::Scalar, kp);
      key.value.assign(m_t, kp, colon - kp);
      if (key.value == "~" || key.value == "null" || key.value == "Null" || key.value == "NULL")
        throw Unsupported{};
      size_t q = colon + 1;
      while (q < l.end && is_space(m_t[q]))
        ++q;
      const yaml::Node* value;
      if (q == l.end || at(q) == '#') {
        value = value_below(static_cast<int>(col), true);
      } else {
        value = inline_value(q, static_cast<int>(col));
        finish_line();
      }
      if (auto [it, inserted] = keys.emplace(key.value, &key); !inserted)
        m_dups.push_back(yaml::duplicate_key(m_src, key, it->second->pos.line));
      map.entries.emplace_back(&key, value);
      if (!continues(col))
        break;
    }
    leave();
    return &map;
  }

  /// After an entry: true when the next content line continues this collection at col.
  bool continues(size_t col)
  {
    m_line = next_content(m_line);
    if (m_line == m_lines.size())
      return false;
    const Line& l = m_lines[m_line];
    if (l.indent > col)
      throw Unsupported{}; // a continuation yaml-cpp must judge
    return l.indent == col;
  }

  /// The value of `key:` or `-` with nothing after it: a block below it, a list in the
  /// key's own column (mappings only), or null.
  const yaml::Node* value_below(int col, bool in_map)
  {
    const size_t next = next_content(m_line + 1);
    if (next == m_lines.size()) {
      m_line = next;
      return &make(yaml::NodeType::Null, m_t.size());
    }
    const Line& l = m_lines[next];
    const size_t p = l.start + l.indent;
    const bool dash = at(p) == '-' && (p + 1 == l.end || is_space(at(p + 1)));
    if (static_cast<int>(l.indent) > col || (in_map && static_cast<int>(l.indent) == col && dash)) {
      m_line = next;
      return block_node(p, l.indent);
    }
    // An empty value carries the mark of the next token, as in yaml-cpp.
    m_line = next;
    return &make(yaml::NodeType::Null, p);
  }

  /// After an inline value: only a comment may follow on the line; moves to the next line.
  void finish_line()
  {
    const Line& l = m_lines[m_line];
    size_t i = m_pos;
    while (i < l.end && is_space(m_t[i]))
      ++i;
    if (i < l.end && !(m_t[i] == '#' && i > 0 && is_space(m_t[i - 1])))
      throw Unsupported{};
    ++m_line;
  }

  /// A value that starts at p on the current line; sets m_pos after it.
  const yaml::Node* inline_value(size_t p, int col)
  {
    const char c = at(p);
    if (c == '"' || c == '\'')
      return quoted(p);
    if (c == '[' || c == '{') {
      const Line& l = m_lines[m_line];
      m_end = l.end;
      const yaml::Node* n = flow(p);
      return n;
    }
    if (c == '|')
      return literal_block(p, col);
    if (c == '>' || c == '&' || c == '*' || c == '!' || c == '%' || c == '@' || c == '`' || c == '?' || c == ',' ||
        c == ']' || c == '}' || (c == '-' && (p + 1 == m_lines[m_line].end || is_space(at(p + 1)))) ||
        (c == ':' && is_space(at(p + 1))))
      throw Unsupported{}; // `key: -` at the end of a line is a (misplaced) list entry, not the string "-"
    // A plain scalar runs to the end of the line or to " #".
    const Line& l = m_lines[m_line];
    size_t e = p;
    while (e < l.end && !(m_t[e] == '#' && is_space(m_t[e - 1]))) {
      if (m_t[e] == ':' && (e + 1 == l.end || is_space(m_t[e + 1])))
        throw Unsupported{}; // "a: b: c"
      ++e;
    }
    m_pos = e;
    while (e > p && is_space(m_t[e - 1]))
      --e;
    return plain(p, e);
  }

  const yaml::Node* plain(size_t p, size_t e)
  {
    const std::string_view v(m_t.data() + p, e - p);
    if (v == "~" || v == "null" || v == "Null" || v == "NULL")
      return &make(yaml::NodeType::Null, p);
    auto& n = make(yaml::NodeType::Scalar, p);
    n.value.assign(v);
    return &n;
  }

  const yaml::Node* quoted(size_t p)
  {
    const char q = at(p);
    const size_t end = m_lines[m_line].end;
    auto& n = make(yaml::NodeType::Scalar, p);
    n.quoted = true;
    size_t i = p + 1;
    while (true) {
      if (i >= end)
        throw Unsupported{}; // multi-line or unterminated
      const char c = m_t[i];
      if (c == q) {
        if (q == '\'' && at(i + 1) == '\'') {
          n.value += '\'';
          i += 2;
          continue;
        }
        break;
      }
      if (q == '"' && c == '\\') {
        const char e = at(i + 1);
        switch (e) {
        case '\\': n.value += '\\'; break;
        case '"': n.value += '"'; break;
        case '/': n.value += '/'; break;
        case 'n': n.value += '\n'; break;
        case 't': n.value += '\t'; break;
        case 'r': n.value += '\r'; break;
        case '0': n.value += '\0'; break;
        case 'u': {
          if (i + 6 > end)
            throw Unsupported{};
          unsigned long cp = 0;
          for (size_t k = i + 2; k < i + 6; ++k) {
            const char h = m_t[k];
            if (!std::isxdigit(static_cast<unsigned char>(h)))
              throw Unsupported{};
            cp = cp * 16 + static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (h | 0x20) - 'a' + 10);
          }
          if (cp >= 0xD800 && cp <= 0xDFFF)
            throw Unsupported{};
          util::utf8::append(n.value, static_cast<char32_t>(cp));
          i += 6;
          continue;
        }
        default: throw Unsupported{};
        }
        i += 2;
        continue;
      }
      n.value += c;
      ++i;
    }
    m_pos = i + 1;
    return &n;
  }

  /// `|`, `|-` or `|+` and the indented lines below it.
  const yaml::Node* literal_block(size_t p, int col)
  {
    const Line& head = m_lines[m_line];
    size_t i = p + 1;
    char chomp = ' ';
    if (at(i) == '-' || at(i) == '+')
      chomp = m_t[i++];
    while (i < head.end && is_space(m_t[i]))
      ++i;
    if (i < head.end && !(m_t[i] == '#' && is_space(m_t[i - 1])))
      throw Unsupported{}; // indentation indicators and the like
    auto& n = make(yaml::NodeType::Scalar, p);
    n.quoted = true;
    size_t li = m_line + 1;
    size_t indent = 0;
    // The first non-blank line fixes the indentation; blank lines before it may not be longer.
    size_t longest_blank = 0;
    for (size_t k = li; k < m_lines.size(); ++k) {
      const Line& l = m_lines[k];
      if (l.start + l.indent < l.end) {
        indent = l.indent;
        break;
      }
      longest_blank = std::max(longest_blank, l.indent);
    }
    if (indent == 0 || static_cast<int>(indent) <= col || longest_blank > indent)
      throw Unsupported{}; // empty blocks and odd indentation: leave to yaml-cpp
    std::string text;
    size_t trailing_newlines = 0;
    bool any = false;
    size_t last_content = li;
    size_t k = li;
    for (; k < m_lines.size(); ++k) {
      const Line& l = m_lines[k];
      const bool blank = l.start + l.indent >= l.end;
      if (!blank && l.indent < indent)
        break;
      if (blank) {
        if (l.indent > indent)
          throw Unsupported{}; // spaces past the indentation are content: leave to yaml-cpp
        if (l.end == m_t.size())
          break; // the file's last line, without a line break (or empty): it adds no line to `|+`
        ++trailing_newlines;
        continue;
      }
      if (any)
        text.append(trailing_newlines + 1, '\n');
      else
        text.append(trailing_newlines, '\n');
      trailing_newlines = 0;
      text.append(m_t, l.start + indent, l.end - (l.start + indent));
      any = true;
      last_content = k;
    }
    if (!any)
      throw Unsupported{};
    // Clip and keep add the last content line's own line break, which a file ending right
    // after its text does not have (YAML 1.2 8.1.1.2; yaml-cpp agrees).
    const bool last_broken = m_lines[last_content].end < m_t.size();
    if (chomp == '+')
      text.append(trailing_newlines + (last_broken ? 1 : 0), '\n');
    else if (chomp == ' ' && last_broken)
      text += '\n';
    n.value = std::move(text);
    // The caller's finish_line() steps past the block's last line.
    m_line = k - 1;
    m_pos = m_lines[m_line].end;
    return &n;
  }

  // Flow collections on one line.
  void skip_spaces(size_t& i) const
  {
    while (i < m_end && is_space(m_t[i]))
      ++i;
  }

  const yaml::Node* flow(size_t p)
  {
    enter();
    const bool seq = at(p) == '[';
    auto& n = make(seq ? yaml::NodeType::Sequence : yaml::NodeType::Map, p);
    n.flow = true;
    const char close = seq ? ']' : '}';
    size_t i = p + 1;
    skip_spaces(i);
    std::unordered_map<std::string_view, const yaml::Node*> keys;
    if (at(i) == close) {
      m_pos = i + 1;
      leave();
      return &n;
    }
    while (true) {
      if (i >= m_end)
        throw Unsupported{};
      if (seq) {
        n.items.push_back(flow_node(i, false));
      } else {
        const size_t key_start = i;
        const yaml::Node* key = flow_node(i, true);
        if (!key->is_scalar() || too_long_for_a_key(key_start, i))
          throw Unsupported{};
        skip_spaces(i);
        if (at(i) != ':')
          throw Unsupported{}; // {a, b}: keys without values
        ++i;
        if (at(i) != ' ' && at(i) != ',' && at(i) != close)
          throw Unsupported{};
        skip_spaces(i);
        const yaml::Node* value;
        if (at(i) == ',' || at(i) == close)
          value = &make(yaml::NodeType::Null, i);
        else
          value = flow_node(i, false);
        if (auto [it, inserted] = keys.emplace(key->value, key); !inserted)
          m_dups.push_back(yaml::duplicate_key(m_src, *key, it->second->pos.line));
        n.entries.emplace_back(key, value);
      }
      skip_spaces(i);
      if (at(i) == ',') {
        ++i;
        skip_spaces(i);
        if (at(i) == close) // one trailing comma is allowed
          break;
        if (at(i) == ',')
          throw Unsupported{};
        continue;
      }
      if (at(i) == close)
        break;
      throw Unsupported{};
    }
    m_pos = i + 1;
    leave();
    return &n;
  }

  /// One entry inside a flow collection; advances i past it.
  const yaml::Node* flow_node(size_t& i, bool is_key)
  {
    const char c = at(i);
    if (c == '"' || c == '\'') {
      const yaml::Node* n = quoted(i);
      i = m_pos;
      if (i > m_end)
        throw Unsupported{};
      return n;
    }
    if (c == '[' || c == '{') {
      if (is_key)
        throw Unsupported{};
      const yaml::Node* n = flow(i);
      i = m_pos;
      return n;
    }
    if (c == '&' || c == '*' || c == '!' || c == '%' || c == '@' || c == '`' || c == '?' || c == '|' || c == '>' ||
        c == '#' || c == ',' || c == ']' || c == '}' || c == ':' || (c == '-' && (is_space(at(i + 1)) || at(i + 1) == ',' || at(i + 1) == ']')))
      throw Unsupported{};
    const size_t start = i;
    while (i < m_end) {
      const char d = m_t[i];
      if (d == ',' || d == '[' || d == ']' || d == '{' || d == '}')
        break;
      if (d == ':')
        break; // a key's end, or a ':' yaml-cpp must judge
      if (d == '#' && is_space(m_t[i - 1]))
        throw Unsupported{};
      ++i;
    }
    if (at(i) == ':' && !is_key)
      throw Unsupported{};
    if (at(i) == '[' || at(i) == '{')
      throw Unsupported{};
    size_t e = i;
    while (e > start && is_space(m_t[e - 1]))
      --e;
    if (e == start)
      throw Unsupported{};
    return plain(start, e);
  }

  const SourceFile& m_src;
  const std::string& m_t;
  ParseLimits m_limits;
  yaml::Document& m_doc;
  std::vector<Diagnostic>& m_dups;
  std::vector<Line> m_lines;
  size_t m_line = 0;
  size_t m_pos = 0;
  size_t m_end = 0;
  int m_depth = 0;
  bool m_document_marker = false; ///< a line is `---` or `...`, alone or before a space
};

} // namespace

std::optional<ParsedYaml> parse_simple_yaml(const SourceFile& src, const ParseLimits& limits)
{
  ParsedYaml out;
  auto doc = std::make_unique<yaml::Document>();
  try {
    SimpleParser parser(src, limits, *doc, out.findings);
    const yaml::Node* root = parser.document();
    if (!root)
      return out;
    doc->set_root(root);
  } catch (const Unsupported&) {
    return std::nullopt;
  }
  out.doc = std::move(doc);
  return out;
}

} // namespace collab::yaml

#include "collab/yaml/block_check.h"

#include "collab/util/i18n.h"

#include <fmt/format.h>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace collab::yaml {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace {

struct Found {
  size_t offset;
  std::string message;
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

class Checker {
public:
  Checker(const std::string& text, const Node* root) : m_t(text), m_root(root) {}

  /// Checks the anchor and tag of n, a value or item of a block collection at column `parent`
  /// (-1 for the root) whose key or `-` is `owner`; returns where n's content starts.
  size_t properties(const Node& n, int parent, std::string_view owner)
  {
    size_t p = n.offset;
    if (p >= m_t.size() || (m_t[p] != '&' && m_t[p] != '!'))
      return p;
    // yaml-cpp gives an empty value the mark of the next token, which may be the next key's anchor.
    if (n.is_null() && starts_another_node(p, n))
      return p;
    // `&k key: v`: the anchor is the first key's, on the key's own line.
    if (n.is_map() && !n.entries.empty() && n.entries.front().first->offset == p)
      return p;
    while (p < m_t.size() && (m_t[p] == '&' || m_t[p] == '!')) {
      if (p != n.offset && starts_another_node(p, n))
        break; // the anchor of a key inside n
      if (first_on_line(p) && column(p) <= parent) {
        size_t end = p;
        while (end < m_t.size() && !is_blank(m_t[end]))
          ++end;
        // YAML reads a node's properties as part of it only when they are indented past its
        // parent (G9HC, H7J7 of the YAML test suite); yaml-cpp takes them anyway.
        const std::string_view prop = std::string_view(m_t).substr(p, end - p);
        const bool dash = owner == "`-`";
        if (m_t[p] == '&')
          throw Found{p, dash ? trf("the anchor `{}` on a line of its own must be indented past its `-`; indent it, "
                                    "or move it up to the line of its `-`",
                                    prop)
                              : trf("the anchor `{}` on a line of its own must be indented past its key; indent it, "
                                    "or move it up to the line of its key",
                                    prop)};
        throw Found{p, dash ? trf("the tag `{}` on a line of its own must be indented past its `-`; indent it, or "
                                  "move it up to the line of its `-`",
                                  prop)
                            : trf("the tag `{}` on a line of its own must be indented past its key; indent it, or "
                                  "move it up to the line of its key",
                                  prop)};
      }
      while (p < m_t.size() && !is_blank(m_t[p]))
        ++p;
      p = skip_separation(p);
    }
    return p;
  }

  /// Checks the header of the `|` or `>` block at h and the blank lines that open it.
  void block_scalar(size_t h, int parent)
  {
    size_t i = h + 1;
    bool indentation_given = false;
    for (int k = 0; k < 2 && i < m_t.size(); ++k) {
      if (m_t[i] >= '1' && m_t[i] <= '9')
        indentation_given = true;
      else if (m_t[i] != '+' && m_t[i] != '-')
        break;
      ++i;
    }
    if (i < m_t.size() && m_t[i] == '#') // X4QW
      throw Found{i, trf("a comment needs a space before `#`; write `{} #`",
                                 std::string_view(m_t).substr(h, i - h))};
    if (indentation_given)
      return;
    // Without an indentation indicator the first line that is not blank sets the block's
    // indentation, and no blank line before it may be longer (YAML 1.2 8.1.1.1; S98Z).
    const size_t nl = m_t.find('\n', i);
    if (nl == std::string::npos)
      return;
    const size_t first = nl + 1;
    size_t line = first, indent = 0;
    while (true) {
      if (line >= m_t.size())
        return; // no line holds text
      size_t s = line;
      while (s < m_t.size() && m_t[s] == ' ')
        ++s;
      if (s < m_t.size() && m_t[s] != '\n' && !(m_t[s] == '\r' && s + 1 < m_t.size() && m_t[s + 1] == '\n')) {
        indent = s - line;
        break;
      }
      const size_t end = m_t.find('\n', s);
      if (end == std::string::npos)
        return;
      line = end + 1;
    }
    if (static_cast<int>(indent) <= parent)
      return; // the block holds no line: the first line with text follows it
    for (size_t b = first; b < line; b = m_t.find('\n', b) + 1) {
      size_t s = b;
      while (m_t[s] == ' ')
        ++s;
      if (s - b > indent)
        throw Found{b + indent, trf("this blank line at the start of a `{}` block has {} spaces, more than "
                                            "the {} of the block's first line; remove the extra spaces",
                                            m_t[h], s - b, indent)};
    }
  }

  /// The column (in bytes; only spaces, `- ` and `? ` precede a block node) of offset p.
  int column(size_t p) const
  {
    const size_t nl = p == 0 ? std::string::npos : m_t.rfind('\n', p - 1);
    return static_cast<int>(p - (nl == std::string::npos ? 0 : nl + 1));
  }

private:
  bool first_on_line(size_t p) const
  {
    while (p > 0 && m_t[p - 1] == ' ')
      --p;
    return p == 0 || m_t[p - 1] == '\n';
  }

  /// Past spaces, comments and line breaks.
  size_t skip_separation(size_t p) const
  {
    while (p < m_t.size()) {
      if (m_t[p] == ' ' || m_t[p] == '\t' || m_t[p] == '\r' || m_t[p] == '\n') {
        ++p;
      } else if (m_t[p] == '#') {
        while (p < m_t.size() && m_t[p] != '\n')
          ++p;
      } else {
        break;
      }
    }
    return p;
  }

  /// True when a node other than n starts at offset p. The offsets are gathered once, and only
  /// for a text with properties (records have none).
  bool starts_another_node(size_t p, const Node& n)
  {
    if (m_offsets.empty()) {
      std::unordered_set<const Node*> seen; // aliases share nodes: count each once
      std::vector<const Node*> stack{m_root};
      while (!stack.empty()) {
        const Node* x = stack.back();
        stack.pop_back();
        if (!seen.insert(x).second)
          continue;
        ++m_offsets[x->offset];
        stack.insert(stack.end(), x->items.begin(), x->items.end());
        for (const auto& [k, v] : x->entries) {
          stack.push_back(k);
          stack.push_back(v);
        }
      }
    }
    const auto it = m_offsets.find(p);
    return it != m_offsets.end() && it->second > (p == n.offset ? 1 : 0);
  }

  const std::string& m_t;
  const Node* m_root;
  std::unordered_map<size_t, int> m_offsets;
};

} // namespace

std::optional<Diagnostic> check_properties_and_blocks(const SourceFile& src, const yaml::Node* root)
{
  if (!root)
    return std::nullopt;
  const std::string& t = src.text();
  // Only a node written with `&`, `!`, `|` or `>` can break these rules: four memchr calls
  // instead of a walk of the tree (which cost lint 3% of its instructions), as records seldom
  // hold any of them.
  if (t.find('&') == std::string::npos && t.find('!') == std::string::npos && t.find('|') == std::string::npos &&
      t.find('>') == std::string::npos)
    return std::nullopt;
  Checker check(t, root);
  // Aliases share nodes: visit each once, in document order, so a node is checked where it is
  // written (an alias always comes after its anchor). Without a `*` there is no alias.
  const bool may_alias = t.find('*') != std::string::npos;
  std::unordered_set<const Node*> seen;
  struct Visit {
    const Node* node;
    int parent;             ///< column of the enclosing block collection, -1 for the root
    std::string_view owner; ///< "key" or "`-`"; empty for a key, which carries its properties on its own line
  };
  std::vector<Visit> stack{{root, -1, "key"}};
  stack.reserve(64);
  try {
    while (!stack.empty()) {
      const Visit v = stack.back();
      stack.pop_back();
      const Node& n = *v.node;
      if (may_alias && !seen.insert(&n).second)
        continue;
      if (v.owner.empty())
        continue; // a key: visited only so that an alias to it is not checked as a value
      const size_t content = check.properties(n, v.parent, v.owner);
      if (content >= t.size())
        continue;
      if (n.is_scalar() && n.quoted && (t[content] == '|' || t[content] == '>'))
        check.block_scalar(content, v.parent);
      if (n.flow || !(n.is_seq() || n.is_map()))
        continue; // flow_check reads flow collections
      const int column = check.column(content);
      for (auto it = n.items.rbegin(); it != n.items.rend(); ++it)
        stack.push_back({*it, column, "`-`"});
      for (auto it = n.entries.rbegin(); it != n.entries.rend(); ++it) {
        stack.push_back({it->second, column, "key"});
        stack.push_back({it->first, column, ""});
      }
    }
  } catch (const Found& f) {
    return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(f.offset), trf("invalid YAML: {}", f.message)};
  }
  return std::nullopt;
}

} // namespace collab::yaml

#include "collab/yaml/flow_check.h"

#include "collab/util/i18n.h"

#include <fmt/format.h>
#include <unordered_set>

namespace collab::yaml {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace {

/// What a continuation line continues.
enum class Continued { Quoted, Flow };

struct Found {
  size_t offset;
  std::string message;
};

class Scanner {
public:
  explicit Scanner(const SourceFile& src) : m_src(src), m_t(src.text()) {}

  /// Checks a quoted scalar at offset o; `indent` is the enclosing block's column.
  void quoted(size_t o, int indent)
  {
    const char q = m_t[o];
    size_t i = o + 1;
    while (true) {
      if (i >= m_t.size())
        throw Found{o, q == '"' ? tr("this double-quoted string has no closing \"; add it")
                                : tr("this single-quoted string has no closing '; add it")};
      const char c = m_t[i];
      if (c == '\n') {
        i = check_indent(i + 1, indent, Continued::Quoted);
        continue;
      }
      if (q == '\'' && c == '\'') {
        if (i + 1 < m_t.size() && m_t[i + 1] == '\'') {
          i += 2;
          continue;
        }
        break;
      }
      if (q == '"' && c == '\\') {
        if (i + 1 >= m_t.size())
          throw Found{i, tr("a `\\` at the end of the file")};
        static const std::string_view k_escapes = "0abt\tnvfre \"/\\N_LPxuU\n";
        if (k_escapes.find(m_t[i + 1]) == std::string_view::npos)
          throw Found{i, trf("`\\{}` is not an escape in a double-quoted string; write `\\\\` for a "
                                     "backslash, or use single quotes",
                                     m_t[i + 1])};
        i += 2;
        continue;
      }
      if (q == '"' && c == '"')
        break;
      ++i;
    }
    after_value(i + 1);
  }

  /// Checks a flow collection at offset o; `indent` is the enclosing block's column (-1 inside a flow).
  size_t flow(size_t o, int indent)
  {
    const char close = m_t[o] == '[' ? ']' : '}';
    size_t i = o + 1;
    bool expect_entry = true;
    while (i < m_t.size()) {
      const char c = m_t[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
      } else if (c == '\n') {
        i = check_indent(i + 1, indent, Continued::Flow);
      } else if (c == '#') {
        if (m_t[i - 1] != ' ' && m_t[i - 1] != '\t' && m_t[i - 1] != '\n')
          throw Found{i, tr("a comment needs a space before `#`")};
        while (i < m_t.size() && m_t[i] != '\n')
          ++i;
      } else if (c == close) {
        after_value(i + 1);
        return i + 1;
      } else if (c == ',') {
        if (expect_entry)
          throw Found{i, tr("an empty entry in a flow collection (two commas, or a comma first); remove the comma")};
        expect_entry = true;
        ++i;
      } else if (c == '[' || c == '{') {
        i = flow(i, -1);
        expect_entry = false;
      } else if (c == '"' || c == '\'') {
        i = skip_quoted(i);
        expect_entry = false;
      } else if (c == ']' || c == '}') {
        return i + 1; // mismatched: yaml-cpp already judged the structure
      } else {
        if (c == '-' && i + 1 < m_t.size() &&
            (m_t[i + 1] == ' ' || m_t[i + 1] == ',' || m_t[i + 1] == ']' || m_t[i + 1] == '\n'))
          throw Found{i, tr("a plain `-` inside [...] is not a list entry; quote it (\"-\") or use a block list")};
        // A plain scalar (or key: value) runs to the next flow indicator; a quoted value after
        // `key: ` is skipped whole (its `#`, `,` and brackets are text).
        while (i < m_t.size() && m_t[i] != ',' && m_t[i] != '[' && m_t[i] != ']' && m_t[i] != '{' &&
               m_t[i] != '}' && m_t[i] != '\n' && !(m_t[i] == '#' && (m_t[i - 1] == ' ' || m_t[i - 1] == '\t'))) {
          if (m_t[i] == ':' && i + 1 < m_t.size() && (m_t[i + 1] == ' ' || m_t[i + 1] == '\t')) {
            size_t v = i + 1;
            while (v < m_t.size() && (m_t[v] == ' ' || m_t[v] == '\t'))
              ++v;
            if (v < m_t.size() && (m_t[v] == '"' || m_t[v] == '\'')) {
              i = skip_quoted(v);
              break;
            }
          }
          ++i;
        }
        expect_entry = false;
      }
    }
    return i;
  }

private:
  /// After a closing quote or bracket, a comment needs a space before `#`.
  void after_value(size_t i)
  {
    if (i < m_t.size() && m_t[i] == '#')
      throw Found{i, tr("a comment needs a space before `#`")};
  }

  /// At the start of a continuation line: it must be indented past the enclosing block.
  size_t check_indent(size_t i, int indent, Continued what)
  {
    size_t j = i;
    while (j < m_t.size() && m_t[j] == ' ')
      ++j;
    size_t k = j;
    while (k < m_t.size() && (m_t[k] == ' ' || m_t[k] == '\t'))
      ++k;
    const bool blank = k >= m_t.size() || m_t[k] == '\n' || m_t[k] == '\r' || m_t[k] == '#';
    if (indent >= 0 && !blank && static_cast<int>(j - i) <= indent)
      throw Found{j, what == Continued::Quoted
                         ? tr("this line continues a quoted value but is not indented past its key; indent it")
                         : tr("this line continues a [...] or {...} value but is not indented past its key; indent it")};
    return j;
  }

  size_t skip_quoted(size_t o)
  {
    const char q = m_t[o];
    size_t i = o + 1;
    while (i < m_t.size()) {
      if (q == '"' && m_t[i] == '\\')
        i += 2;
      else if (m_t[i] == q) {
        if (q == '\'' && i + 1 < m_t.size() && m_t[i + 1] == '\'')
          i += 2;
        else
          return i + 1;
      } else
        ++i;
    }
    return i;
  }

  const SourceFile& m_src;
  const std::string& m_t;
};

} // namespace

std::optional<Diagnostic> check_flow_and_quotes(const SourceFile& src, const yaml::Node* root)
{
  if (!root)
    return std::nullopt;
  const std::string& t = src.text();
  Scanner scan(src);
  const bool may_alias = t.find('*') != std::string::npos;
  std::unordered_set<const yaml::Node*> seen;
  // (node, column of the enclosing block collection; -1 for the top level)
  std::vector<std::pair<const yaml::Node*, int>> stack;
  stack.reserve(64);
  stack.emplace_back(root, -1);
  try {
    while (!stack.empty()) {
      auto [n, indent] = stack.back();
      stack.pop_back();
      if (n->offset >= t.size())
        continue;
      const char c = t[n->offset];
      if (n->is_scalar()) {
        if (n->quoted && (c == '"' || c == '\''))
          scan.quoted(n->offset, indent);
        continue;
      }
      // Aliases share collections: visit each once (scalars cannot repeat work). Without a
      // `*` in the text there is no alias, and no set to keep.
      if (may_alias && !n->is_null() && !seen.insert(n).second)
        continue;
      if ((n->is_seq() || n->is_map()) && n->flow && (c == '[' || c == '{')) {
        scan.flow(n->offset, indent);
        continue; // the scan covered everything inside
      }
      // The block's column in bytes from its line's start: only spaces and `- ` precede a
      // block collection, and it does not depend on whether the parser kept positions.
      const size_t nl = n->offset == 0 ? std::string::npos : t.rfind('\n', n->offset - 1);
      const size_t line_start = nl == std::string::npos ? 0 : nl + 1;
      const int child_indent = (n->is_seq() || n->is_map()) ? static_cast<int>(n->offset - line_start) : indent;
      for (const auto* item : n->items)
        stack.emplace_back(item, child_indent);
      for (const auto& [k, v] : n->entries) {
        stack.emplace_back(k, child_indent);
        stack.emplace_back(v, child_indent);
      }
    }
  } catch (const Found& f) {
    return Diagnostic{"syntax", Severity::Error, src.path(), src.position_at(f.offset), trf("invalid YAML: {}", f.message)};
  }
  return std::nullopt;
}

} // namespace collab::yaml

#pragma once

#include "collab/util/diagnostic.h"

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace collab::yaml {

/// A file's text with a line index, for positions and for quoting source lines.
class SourceFile {
public:
  SourceFile(std::string display_path, std::string text);

  const std::string& path() const { return m_path; }
  const std::string& text() const { return m_text; }
  /// 1-based line and code-point column of a byte offset.
  util::Position position_at(size_t offset) const;
  /// The text of a 1-based line, without its line break ("" when out of range).
  std::string_view line(int n) const;
  /// Byte offset of the start of a 1-based line.
  size_t line_offset(int n) const;
  int line_count() const { return static_cast<int>(m_line_starts.size()); }

private:
  std::string m_path;
  std::string m_text;
  std::vector<size_t> m_line_starts;
};


enum class NodeType { Null, Scalar, Sequence, Map };

/// A YAML node with its source position; aliases share the anchored node.
struct Node {
  NodeType type = NodeType::Null;
  bool quoted = false; ///< a quoted or block scalar: always a string
  bool flow = false;   ///< a collection written in flow style ({...} or [...])
  size_t offset = 0;   ///< byte offset in the source
  util::Position pos;
  std::string value; ///< the scalar's text
  std::vector<const Node*> items;
  std::vector<std::pair<const Node*, const Node*>> entries;

  bool is_null() const { return type == NodeType::Null; }
  bool is_scalar() const { return type == NodeType::Scalar; }
  bool is_seq() const { return type == NodeType::Sequence; }
  bool is_map() const { return type == NodeType::Map; }
  /// Null, a blank string, or an empty collection.
  bool is_empty() const;
  /// The value under a scalar key of a mapping, or nullptr.
  const Node* get(std::string_view key) const;
  /// The key node of a scalar key of a mapping, or nullptr.
  const Node* key_node(std::string_view key) const;
  /// The scalar text under key, or "" when absent or not a scalar.
  std::string_view text_of(std::string_view key) const;
};

/// Owns the nodes of one parsed YAML document.
class Document {
public:
  Node& make(NodeType type)
  {
    m_nodes.emplace_back();
    m_nodes.back().type = type;
    return m_nodes.back();
  }
  const Node* root() const { return m_root; }
  void set_root(const Node* root) { m_root = root; }
  size_t node_count() const { return m_nodes.size(); }

private:
  std::deque<Node> m_nodes;
  const Node* m_root = nullptr;
};

/// How inline_text writes collections.
enum class InlineStyle {
  Flow,  ///< `[a, b]` and `{k: v}`, as YAML's flow style (diffs)
  Prose, ///< `a, b` and `k: v`; a person `{name, dept, title}` as `name (dept title)` (show)
};

/// A node's value on one line; "" for null.
std::string inline_text(const Node& n, InlineStyle style);

/// A human-readable name of a node's shape: "a string", "a list", "a mapping", "empty".
std::string_view shape_name(const Node& n);

/// The duplicate-key finding for `key`, repeating the key first seen at `first_line`.
util::Diagnostic duplicate_key(const SourceFile& src, const Node& key, int first_line);

} // namespace collab::yaml

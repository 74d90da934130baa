#pragma once

#include "collab/yaml/tree.h"

#include <string>
#include <string_view>
#include <vector>

namespace collab::yaml {

/// Where a node's text lies in its source, as yaml-cpp reads it.
struct NodeText {
  size_t begin = 0;     ///< its first byte: its anchor or tag when it has one; just past the `:` when empty
  size_t end = 0;       ///< just past its last byte (== begin when empty)
  size_t next_line = 0; ///< where the line after its lines starts (a `|+` block owns the empty lines after it)
  size_t after_key = 0; ///< a mapping's value: just past its key's `:` (past the key in `{a}`)
  bool anchored = false; ///< it carries an anchor (`&name`), which aliases elsewhere may share
};

/// Where the value of the first `key` of `map` lies. Throws EditError where the text cannot be
/// read exactly (the value's end is then not known, so no edit may guess it).
NodeText value_text(const std::string& text, const yaml::Node& map, std::string_view key);

/// Where the value of the last entry of `map` lies. Throws EditError as value_text.
NodeText last_value_text(const std::string& text, const yaml::Node& map);

/// Where a mapping or list lies. Throws EditError as value_text.
NodeText collection_text(const std::string& text, const yaml::Node& node);

/// Where one list entry lies.
struct ItemText {
  size_t dash = 0; ///< its `-` in a block list; npos in a [...] list
  NodeText text;   ///< the entry itself
};

/// Where each entry of a list lies. Throws EditError as value_text (also for anchors and aliases
/// in the list, which an edit could not copy faithfully).
std::vector<ItemText> item_texts(const std::string& text, const yaml::Node& seq);

/// The column of a block mapping's keys, after checking that each key starts its own line there
/// (no `? ` keys, no aliases as keys, no empty keys). Throws EditError.
size_t block_map_column(const std::string& text, const yaml::Node& map);

} // namespace collab::yaml

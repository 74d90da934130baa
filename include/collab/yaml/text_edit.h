#pragma once

#include "collab/yaml/tree.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace collab::yaml {

/// An edit that cannot be made in place (the caller says to use `collab edit`).
class EditError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// text with `key` of mapping `map` set to `value` (YAML text, e.g. from emit_scalar): the old
/// value replaced in place, or a `key: value` line (or flow entry) added after the last entry.
/// Every other byte stays as it was (a plain value that `,` `?` or a bracket would cut short
/// inside {...} is written double-quoted). Throws EditError where the old text cannot be read
/// exactly (see node_text.h) rather than guess.
std::string set_field(const std::string& text, const yaml::Node& map, std::string_view key, std::string_view value);

/// text with a new block entry `- k1: v1 / k2: v2` appended to the list under `list_key` of the
/// top-level mapping `root` (created when absent). Values are YAML text. Throws EditError.
std::string append_entry(const std::string& text, const yaml::Node& root, std::string_view list_key,
                         const std::vector<std::pair<std::string, std::string>>& fields);

/// text with a new entry {k1: v1, k2: v2} appended to the list under `list_key` of the
/// top-level mapping `root` in the list's own style: `, {k1: v1, k2: v2}` inside a flow list
/// `[...]`; a `- {k1: v1, k2: v2}` line when the list's last entry is a flow mapping; else as
/// append_entry (which also creates the list when absent). Throws EditError.
std::string append_styled_entry(const std::string& text, const yaml::Node& root, std::string_view list_key,
                                const std::vector<std::pair<std::string, std::string>>& fields);

} // namespace collab::yaml

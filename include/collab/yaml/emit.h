#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace collab::yaml {

/// True when s must be quoted to read back as the same string (`yes`, `0755`, `a: b`, ...).
bool needs_quotes(std::string_view s);

/// s as a YAML scalar: plain when that reads back as s, else double-quoted with escapes.
std::string emit_scalar(std::string_view s);

/// A flow list `[a, b]`, or "" when an entry cannot be written plainly inside one.
std::string emit_flow_list(const std::vector<std::string>& items);

} // namespace collab::yaml

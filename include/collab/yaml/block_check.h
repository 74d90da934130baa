#pragma once

#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <optional>

namespace collab::yaml {

/// Re-reads the source of node properties and `|`/`>` blocks that yaml-cpp accepted although
/// YAML forbids them: an anchor or tag on a line of its own not indented past its parent, a
/// `#` glued to a block's header, blank lines opening a block with more spaces than its first line.
std::optional<util::Diagnostic> check_properties_and_blocks(const SourceFile& src, const yaml::Node* root);

} // namespace collab::yaml

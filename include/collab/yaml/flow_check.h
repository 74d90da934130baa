#pragma once

#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <optional>

namespace collab::yaml {

/// Re-reads the source of quoted scalars and flow collections that yaml-cpp accepted
/// although YAML forbids them: unterminated or badly escaped quotes, a `#` glued to a
/// value, empty flow entries, a plain `-` in a flow, continuation lines not indented.
std::optional<util::Diagnostic> check_flow_and_quotes(const SourceFile& src, const yaml::Node* root);

} // namespace collab::yaml

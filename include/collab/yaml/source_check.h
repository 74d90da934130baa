#pragma once

#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <optional>

namespace collab::yaml {

/// Files larger than this are not records.
inline constexpr size_t k_max_record_bytes = 1024 * 1024;

/// Checks what yaml-cpp lets through before parsing: invalid UTF-8, NUL bytes and other control
/// characters, a CR without LF, a directive without a document, tabs in indentation.
std::optional<util::Diagnostic> check_source(const SourceFile& src);

} // namespace collab::yaml

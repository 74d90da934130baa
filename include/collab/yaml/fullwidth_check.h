#pragma once

#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <functional>
#include <string_view>
#include <vector>

namespace collab::yaml {

/// Full-width characters typed where YAML needs ASCII ones, which a Chinese input method makes
/// easy and the parser reports a line later as something else: a full-width colon `：` (U+FF1A)
/// after a key, an ideographic space (U+3000) after a key's colon or in indentation. Findings of
/// rule `fullwidth-syntax`, at most one a line, at the character. Text inside values is left
/// alone (`title: 会议：总结`, block text indented with U+3000). Where a line may be a value (below
/// a key with nothing after its colon, or after `- `), the word before a full-width colon counts
/// as a mistyped key only when `is_key_name` holds for it (by default: any ASCII word), so that
/// `- KPI：完成率95%` in a list of goals stays text. Needs valid UTF-8 without tabs in indentation
/// (check_source first).
std::vector<util::Diagnostic> check_fullwidth(const SourceFile& src,
                                              const std::function<bool(std::string_view)>& is_key_name = {});

} // namespace collab::yaml

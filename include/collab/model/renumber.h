#pragma once

// Renumbering a record whose id clashed with one created in another clone (SPEC §7c): the next
// free id of the same shape, and every reference to the old id rewritten in place.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::model {

/// Ids and item refs to rewrite: a record id (`M-2024-012` → `M-2024-013`, its `ID#n` refs too),
/// or one item (`M-2024-007#3` → `M-2024-007#4`).
struct RefRewrite {
  std::map<std::string, std::string> ids;   ///< old id → new id
  std::map<std::string, std::string> items; ///< old `ID#n` → new `ID#m`
};

/// text with every reference rewritten as minimal edits (only the ref's bytes change): the
/// record's own `id`, links/source/follow_up/previous_actions and any other scalar value that is
/// or contains a ref token (bounded by characters that cannot be part of an id). Keys and
/// comments stay. Unchanged text when nothing matches. All rewrites apply at once to the old
/// text (an item entry wins over its id's entry; `A → B, B → C` never gives C for A). Throws
/// yaml::EditError when a ref is to be rewritten but the text cannot be edited exactly (it does
/// not parse, or a ref is spelled with escapes inside quotes).
std::string rewrite_refs(std::string_view text, const RefRewrite& map);

/// The id after the highest one in `taken` that has the same shape as `id` under `format` (an
/// id_format: {year} {dept} {seq}), e.g. M-2024-012 with taken {M-2024-012, M-2024-013} →
/// M-2024-014; nullopt when `id` does not fit the format. Never `id` itself nor lower than it.
std::optional<std::string> next_id_like(std::string_view id, std::string_view format,
                                        const std::vector<std::string>& taken);

} // namespace collab::model

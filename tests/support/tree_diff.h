#pragma once
// Compares two parsed YAML trees node by node (the fast parser's against yaml-cpp's, or a
// tree before and after an edit); shared by the unit tests and the fuzz harnesses.

#include "collab/yaml/tree.h"

#include <fmt/format.h>

#include <string>

namespace test {

/// "" when equal, else where the trees differ. With `offsets`, nodes must also start at the
/// same byte (two parsers of one text); without, only shape, values and styles count.
inline std::string tree_diff(const collab::yaml::Node* a, const collab::yaml::Node* b, bool offsets = true,
                             const std::string& at = "root")
{
  if (!a || !b)
    return a == b ? "" : at + ": one side missing";
  if (a->type != b->type)
    return fmt::format("{}: type {} vs {}", at, static_cast<int>(a->type), static_cast<int>(b->type));
  if (offsets && !a->is_null() && a->offset != b->offset)
    return fmt::format("{}: offset {} vs {}", at, a->offset, b->offset);
  if (a->is_scalar() && (a->value != b->value || a->quoted != b->quoted))
    return fmt::format("{}: scalar [{}]{} vs [{}]{}", at, a->value, a->quoted, b->value, b->quoted);
  if (a->flow != b->flow && !a->is_scalar() && !a->is_null())
    return at + ": flow style differs";
  if (a->items.size() != b->items.size() || a->entries.size() != b->entries.size())
    return at + ": sizes differ";
  for (size_t i = 0; i < a->items.size(); ++i)
    if (auto d = tree_diff(a->items[i], b->items[i], offsets, fmt::format("{}[{}]", at, i)); !d.empty())
      return d;
  for (size_t i = 0; i < a->entries.size(); ++i) {
    if (auto d = tree_diff(a->entries[i].first, b->entries[i].first, offsets, fmt::format("{}.key{}", at, i));
        !d.empty())
      return d;
    if (auto d = tree_diff(a->entries[i].second, b->entries[i].second, offsets,
                           fmt::format("{}.{}", at, a->entries[i].first->value));
        !d.empty())
      return d;
  }
  return "";
}

} // namespace test

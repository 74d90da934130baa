#pragma once

// Which department an item belongs to (SPEC §7b): its own `dept`, else its owner's in the
// `people` registry (aliases count), else its record's (a request's `from`), else the one
// in its record id (`2024-市场-001`). The views filter, group and print by it.

#include "collab/model/config.h"
#include "collab/model/items.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace collab::model {

/// Resolves items' departments for one config. The answers are views into the items or the
/// config, which must outlive them (the resolver itself need not).
class DeptResolver {
public:
  /// Without a config: own dept, record dept, then ids numbered as the guides do
  /// (`{year}-{dept}-{seq}`).
  DeptResolver();
  /// With the config's registry, departments and id formats.
  explicit DeptResolver(const Config& config);

  /// The item's department, or "" when nothing names one.
  std::string_view dept_of(const Item& item) const;
  /// The department a record id names through its kind's id format ({dept}), as a name
  /// of `departments` or `people` when one abbreviates to it (市场 → 市场部), else as written;
  /// "" when the id holds none.
  std::string_view id_dept(std::string_view record_kind, std::string_view id) const;

private:
  std::unordered_map<std::string_view, std::string_view> m_owner_dept; ///< name or alias -> dept
  std::unordered_map<std::string_view, std::string_view> m_names;      ///< name or short form -> name
  std::vector<std::pair<std::string, std::string>> m_id_formats;       ///< kind -> format with {dept}
};

/// The part of `id` that {dept} stands for in the id format `format`, or nullopt when the
/// id does not have that form (or that part is a number: a department never is).
std::optional<std::string_view> dept_in_id(std::string_view format, std::string_view id);

} // namespace collab::model

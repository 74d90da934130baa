#pragma once

// What tells a department from a person when no registry says so. The guides want a named
// person as owner (责任到人), and "市场部" in an owner field is the most common way to miss it.

#include <string_view>

namespace collab::model {

/// The ending that makes `name` read as a department rather than a person: 部, 部门, 组, 小组,
/// 中心, 办, 办公室, 团队, 委员会 after at least one character, or a last word "department" or
/// "dept"; "" when it has none. 处, 科 and 室 are left out: 王处 and 张科 name a person by title.
std::string_view department_suffix(std::string_view name);

} // namespace collab::model

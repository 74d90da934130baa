#include "collab/model/department.h"

#include "collab/util/text.h"

#include <array>

namespace collab::model {

std::string_view department_suffix(std::string_view name)
{
  // Longest first, so that 办公室 is named rather than a shorter ending.
  static constexpr std::array<std::string_view, 9> k_endings = {"办公室", "委员会", "部门", "小组", "中心",
                                                                "团队",   "部",     "组",   "办"};
  name = util::trim(name);
  for (const std::string_view e : k_endings)
    if (name.size() > e.size() && name.ends_with(e))
      return name.substr(name.size() - e.size());
  const size_t space = name.find_last_of(' ');
  if (space == std::string_view::npos || space == 0)
    return {};
  const std::string last = util::ascii_lower(name.substr(space + 1));
  if (last == "department" || last == "dept" || last == "dept.")
    return name.substr(space + 1);
  return {};
}

} // namespace collab::model

#include "collab/model/refs.h"

#include <fmt/format.h>

namespace collab::model {

std::string Ref::str() const { return index > 0 ? fmt::format("{}#{}", id, index) : id; }

std::optional<Ref> parse_ref(std::string_view s)
{
  Ref r;
  const auto hash = s.find('#');
  r.id = std::string(s.substr(0, hash));
  if (r.id.empty() || r.id.find('/') != std::string::npos || r.id.find('\\') != std::string::npos)
    return std::nullopt;
  if (hash != std::string_view::npos) {
    const auto n = s.substr(hash + 1);
    if (n.empty() || n.size() > 4 || n.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    r.index = std::stoi(std::string(n));
    if (r.index < 1)
      return std::nullopt;
  }
  return r;
}

} // namespace collab::model

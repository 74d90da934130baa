#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace collab::model {

/// A record id, and for an item inside it a 1-based index (`M-2024-007#2`).
struct Ref {
  std::string id;
  int index = 0; ///< 0: the record itself
  /// `ID`, or `ID#n` for an item.
  std::string str() const;
};

/// Parses `ID` or `ID#n`; nullopt when malformed.
std::optional<Ref> parse_ref(std::string_view s);

} // namespace collab::model

#pragma once

// Values typed on the command line, turned into the YAML text a record holds.

#include "collab/model/date.h"
#include "collab/model/kinds.h"
#include "collab/util/result.h"

#include <string>
#include <string_view>
#include <utility>

namespace collab::commands {

/// A value given on the command line, as YAML text for `key` of a record of `kind` (or of
/// its items when `item`): dates made ISO, lists from commas, everything else quoted when
/// YAML needs it. Throws Error(2) when a date is not a date.
std::string value_for(const model::Kind* kind, bool item, const std::string& key, const std::string& value,
                      const model::Date& today);

/// True when `key` can be a record's field name: ASCII letters, digits, `_` and `-`, not
/// starting with a digit or `-` (the schemas' keys all are).
bool is_field_name(std::string_view key);

/// Splits `key=value`; throws Error(2) when there is no `=` or the key is not a field name.
std::pair<std::string, std::string> split_assignment(const std::string& s);

/// The value of an expected-failure Result, or Error(2) saying which option was wrong and why.
template <class T>
T require(const util::Result<T>& r, std::string_view what);

} // namespace collab::commands

#include "collab/util/error.h"

#include <fmt/format.h>

namespace collab::commands {

template <class T>
T require(const util::Result<T>& r, std::string_view what)
{
  if (!r)
    throw util::usage_error(fmt::format("{} {}", what, r.reason()));
  return *r;
}

} // namespace collab::commands

#pragma once

// Who attended a meeting and who of them confirmed its minutes (SPEC §7a): what `confirm`,
// `unconfirmed`, lint's `unconfirmed-minutes` and `show` agree on.

#include "collab/model/config.h"
#include "collab/model/date.h"
#include "collab/yaml/tree.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::model {

/// One entry of a meeting's `confirmed`, as written ("" for an absent field).
struct Confirmation {
  std::string name;
  std::string date;
  std::string version;
  size_t index = 0; ///< its place in `confirmed`, 0-based
};

/// A meeting's attendees and their confirmations.
struct ConfirmationState {
  std::vector<std::string> attendees;  ///< the attendees' names as written, in order
  std::vector<Confirmation> confirmed; ///< the entries of `confirmed` that have a name
  std::vector<std::string> missing;    ///< attendees with no confirmation, in attendees order
};

/// The name a person is known by: the registered name of an alias, else the name itself (trimmed).
std::string_view person_key(const Config& cfg, std::string_view name);

/// The attendees of the meeting `root` and who of them confirmed (names and aliases of the
/// `people` registry are one person). A confirmation of any version counts.
ConfirmationState confirmation_state(const yaml::Node& root, const Config& cfg);

/// The attendee of `state` that `name` is (through the registry's aliases), or nullopt.
std::optional<std::string> attendee_named(const ConfirmationState& state, const Config& cfg, std::string_view name);

/// The confirmation of the person `name` (through aliases), or nullptr.
const Confirmation* confirmation_of(const ConfirmationState& state, const Config& cfg, std::string_view name);

/// The registered name of the person with this git identity: the `people` entry whose email is
/// `email` (case-insensitive), else the person or alias named `name`, else `name` itself.
std::string person_for(const Config& cfg, std::string_view name, std::string_view email);

/// True when the minutes of a meeting held on `date` are due for confirmation on `today`: more
/// than one day has passed (the guides' 24 hours; the day after the meeting is still in time).
bool confirmation_due(const Date& date, const Date& today);

} // namespace collab::model

#pragma once

// Meetings that follow up earlier ones (`follow_up`, `previous_actions`) and actions promoted
// to tasks (`source`): what `new meeting --follow-up`, `new task --from` and `log` look up.

#include "collab/model/date.h"
#include "collab/store/workspace.h"
#include "collab/yaml/tree.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace collab::commands {

/// True when the item `item` (an action's mapping) was open on `day`: its status is not done
/// or cancelled, or it was completed after `day`.
bool open_on(const yaml::Node& item, const model::Date& day);

/// The status of the item a ref names (an action's mapping), or nullptr when there is none.
using ItemLookup = std::function<const yaml::Node*(const std::string& ref)>;

/// The refs a meeting following up meeting `id` (its top-level mapping `meeting`) carries in
/// `previous_actions`: first the refs the meeting itself carried that are still open on `day`
/// (`lookup` finds them; a ref it cannot find is kept, so nothing open falls off the chain),
/// then its own actions open on `day`, each once.
std::vector<std::string> carried_refs(const yaml::Node& meeting, const std::string& id, const model::Date& day,
                                      const ItemLookup& lookup);

/// The refs for `new meeting --follow-up ID`; Error(2) when ID is no meeting record.
std::vector<std::string> follow_up_refs(const store::Workspace& ws, const std::string& id, const model::Date& day);

/// A record that names another one: its id, title and date (a meeting's `date`).
struct RecordMention {
  std::string id;
  std::string title;
  std::string date;
};

/// The meetings whose `follow_up` is `id`, by id. Files that do not mention the id are not
/// parsed.
std::vector<RecordMention> follow_ups_of(const store::Workspace& ws, const std::string& id);

/// The task whose `source` is `ref`, or nullopt.
std::optional<std::string> task_from(const store::Workspace& ws, const std::string& ref);

} // namespace collab::commands

#pragma once

// JSON Schema (draft 2020-12) of the records, generated from the kind table, the status words
// and the meeting modes, for editors (yaml-language-server): completion, hover help and errors
// while a record is typed. It says what lint's shape rules say (required keys, types, statuses)
// and nothing lint would not report as an error.

#include "collab/model/config.h"
#include "collab/model/kinds.h"

#include <string>
#include <string_view>

namespace collab::model {

/// The schema of one record kind, as JSON text. `cfg` adds lint's configured `required` keys,
/// and rejects unknown keys only when `unknown-field` is set to error (it is a warning by default).
std::string kind_json_schema(const Kind& kind, const Config& cfg);

/// One schema for any record: it dispatches on `kind` to the kinds' schemas.
std::string record_json_schema(const Config& cfg);

/// The hover text of a key of schema `schema` (meeting, action, attendee...): what it holds, in
/// English; "" for a key the table does not describe.
std::string field_description(std::string_view schema, std::string_view key);

} // namespace collab::model

#pragma once

#include <string_view>
#include <vector>

namespace collab::model {

/// The shape and meaning of a field's value.
enum class FieldType {
  Text,       ///< a single value
  TextList,   ///< a single value or a list of them
  Date,       ///< YYYY-MM-DD
  DateTime,   ///< YYYY-MM-DD HH:MM
  TimeRange,  ///< HH:MM-HH:MM
  Id,         ///< the record id
  Kind,       ///< meeting, task, issue, request
  Status,     ///< a status or alias
  Owner,      ///< exactly one named person
  Person,     ///< one person's name
  People,     ///< a name or a list of names
  Attendees,  ///< a list of names or {name, dept, title}
  Points,     ///< a list of strings or {dept, text}
  Progress,   ///< 0..100
  Mode,       ///< offline, online, hybrid, im, phone (or Chinese)
  Entries,    ///< a list of mappings of a sub-schema
  Mapping,    ///< a mapping of a sub-schema
};

struct Schema;

/// One key of a schema.
struct Field {
  std::string_view name;
  FieldType type;
  bool required = false;
  const Schema* sub = nullptr; ///< for Entries and Mapping
};

/// The keys a mapping may hold.
struct Schema {
  std::string_view name; ///< meeting, action, raci, ...
  std::vector<Field> fields;
  bool is_item = false;       ///< has owner/deadline/status semantics
  std::string_view text_field; ///< the item's text (title or action)

  const Field* find(std::string_view key) const;
};

/// The schema of a record kind, or nullptr for an unknown kind.
const Schema* record_schema(std::string_view kind);

/// The record kinds: meeting, task, issue, request.
const std::vector<std::string_view>& record_kinds();

/// Meeting modes accepted in files.
const std::vector<std::string_view>& meeting_modes();

} // namespace collab::model

#pragma once

// The kind table: the single description of what a record kind is (its folder, id
// prefix, fields with their types and required keys, its tracked items). Lint, views,
// the write commands and completions read it; adding a kind or a field is one edit in
// src/model/kinds.cpp.

#include <array>
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

/// The words of a register for the five statuses, in the order of model::Status (todo, doing,
/// delayed, done, cancelled).
using StatusWords = std::array<std::string_view, 5>;

/// The guides' words for an action's status: 未开始, 进行中, 延期, 已完成, 已取消.
inline constexpr StatusWords k_zh_status_words = {"未开始", "进行中", "延期", "已完成", "已取消"};

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
  bool is_item = false;        ///< has owner/deadline/status semantics
  std::string_view text_field; ///< the item's text (title or action)

  /// The field named `key`, or nullptr.
  const Field* find(std::string_view key) const;
};

/// A record kind: everything collab knows about meetings, tasks, issues or requests.
struct Kind {
  std::string_view name;   ///< meeting
  std::string_view folder; ///< meetings: where `collab new` writes it
  char id_prefix;          ///< M: the default id format is `M-{year}-{seq}`
  const Schema* schema;    ///< the record's keys
  bool tracked;            ///< the record itself is an item (task, request)
  std::string_view item_list;  ///< the list holding its items (actions), or ""
  std::string_view item_kind;  ///< the kind of those items (action), or ""
  std::string_view date_field; ///< the date `new --date` sets (date, start, occurred)
  bool id_year_from_date;      ///< {year} of the id comes from date_field, not today
  std::string_view dept_fallback; ///< where an item's department comes from without `dept`
  std::vector<std::string_view> new_keys; ///< the keys `new` writes, in order, after id and kind
  StatusWords zh_statuses = k_zh_status_words; ///< its register in Chinese (a request's 待沟通, ...)

  /// True when records of this kind have a status (every kind but meeting).
  bool has_status() const;
  /// The schema of its items, or nullptr.
  const Schema* item_schema() const;
};

/// Every record kind, in the order commands list them.
const std::vector<Kind>& kinds();

/// The kind named `name`, or nullptr.
const Kind* find_kind(std::string_view name);

/// The record kind whose items are `item_kind` (action → meeting), or nullptr.
const Kind* kind_of_item(std::string_view item_kind);

/// The schema of a record kind, or nullptr for an unknown kind.
const Schema* record_schema(std::string_view kind);

/// The record kinds' names: meeting, task, issue, request.
const std::vector<std::string_view>& record_kinds();

/// What a view's --kind accepts: the tracked kinds (task, subtask, action, solution, request),
/// then the record kinds holding items (meeting, issue).
const std::vector<std::string_view>& item_kinds();

/// Meeting modes accepted in files.
const std::vector<std::string_view>& meeting_modes();

/// True when some schema, a record's or an entry's, has a key of this name (owner, name, ...).
bool is_field_name(std::string_view key);

} // namespace collab::model

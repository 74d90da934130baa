#pragma once

#include "collab/model/date.h"
#include "collab/model/status.h"
#include "collab/yaml/tree.h"

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::model {

/// Owns the text items point into (views over 100,000 records allocate no string per field).
using TextArena = std::deque<std::string>;

/// What an item says about its result and its closing (SPEC §3), as written; "" when absent.
struct ItemDetails {
  std::string_view deliverable;
  std::string_view progress; ///< 0-100 as written (whole_progress reads it)
  std::string_view completed;
  std::string_view original_deadline;
  std::string_view delay_reason;
  std::string_view evidence;
};

/// What an item's record says of itself (SPEC §3), as written; "" when absent.
struct RecordFacts {
  std::string_view created;  ///< the record's `created`
  std::string_view category; ///< an issue's `category`
  std::string_view occurred; ///< an issue's `occurred`
};

/// A tracked item: a task, subtask, meeting action, issue solution or request.
/// Its texts are views into a TextArena or a cache buffer that outlives it.
struct Item {
  std::string_view ref;    ///< M-2024-007#2
  std::string_view record; ///< M-2024-007
  std::string_view kind;   ///< task, subtask, action, solution, request
  std::string_view title;  ///< its text (title or action)
  std::string_view owner;
  std::string_view dept;        ///< its own `dept` (see DeptResolver for the department it belongs to)
  std::string_view record_dept; ///< its record's `dept` (a request's `from`)
  std::string_view deadline; ///< as written; ISO when valid
  Status status = Status::Todo;
  std::string_view path; ///< the record file, relative to the root
  std::string_view tags; ///< the record's tags, separated by k_tag_separator
  /// The ItemDetails in one text, separated by k_tag_separator ("" when all are absent): views
  /// print them but never filter on them, so the cache reads one field instead of six.
  std::string_view packed_details;
  /// The record's `created`, an issue's `category` and `occurred`, separated by k_tag_separator
  /// ("" when all are absent): the monthly stats and the weekly report read them from the cache.
  std::string_view record_facts;

  static constexpr char k_tag_separator = '\x1f';

  /// The deadline as a date, when it is a valid ISO date.
  std::optional<Date> deadline_date() const { return parse_iso_date(deadline); }
  /// The tags one by one.
  std::vector<std::string_view> tag_list() const;
  /// True when the record has this tag.
  bool has_tag(std::string_view tag) const;
  /// Its deliverable and closing fields.
  ItemDetails details() const;
  /// Its record's creation date and an issue's category and occurrence date.
  RecordFacts facts() const;
};

/// The progress as a whole number from 0 to 100, or -1 when absent or not one (lint says why).
int whole_progress(std::string_view progress);

/// An item's state on a given day.
struct ItemState {
  bool overdue = false;  ///< deadline before today, not done or cancelled
  bool due_soon = false; ///< deadline from today to today + due_soon days, not closed
  long days_late = 0;    ///< days past the deadline when overdue
};

/// The state of an item on `today`.
ItemState state_of(const Item& item, const Date& today, int due_soon_days);
/// The same with the item's deadline already parsed.
ItemState state_of(const Item& item, const std::optional<Date>& deadline, const Date& today, int due_soon_days);
/// The state on `today` of any item with this status and deadline (one read from a record).
ItemState state_of(Status status, const std::optional<Date>& deadline, const Date& today, int due_soon_days);

/// Appends the items of one parsed record (nothing when it is not a record); their texts
/// are copied into `arena`.
void extract_items(const yaml::Node* root, const std::string& rel_path, std::vector<Item>& out, TextArena& arena);

} // namespace collab::model

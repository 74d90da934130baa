#pragma once

// `collab show`: one record (a meeting reads like minutes) or one item, as text or JSON.

#include "collab/model/date.h"
#include "collab/model/departments.h"
#include "collab/model/kinds.h"
#include "collab/yaml/tree.h"

#include <string>
#include <string_view>

namespace collab::views {

/// How record_text lays a record out.
struct ShowStyle {
  bool zh = false;     ///< Chinese labels and statuses
  bool color = false;  ///< bold headings (ANSI)
  size_t width = 80;   ///< terminal columns for the item tables
  model::Date today;   ///< for the items' due and late columns
  int due_soon_days = 2;
  const model::DeptResolver* depts = nullptr; ///< the items' departments (null: without a config)
};

/// The record `root` (of `kind`, null when unknown) or its item `target` (index > 0) as text:
/// a heading `ref  title  (kind)`, then its fields; a meeting's in the order of minutes.
std::string record_text(const yaml::Node& root, const model::Kind* kind, const yaml::Node& target, std::string_view ref,
                        int index, std::string_view title, const ShowStyle& style);

/// A node as JSON: mappings as objects, lists as arrays, every scalar as a string.
std::string node_json(const yaml::Node& n);

} // namespace collab::views

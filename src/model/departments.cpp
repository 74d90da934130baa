#include "collab/model/departments.h"

#include "collab/model/id_format.h"
#include "collab/model/kinds.h"

#include <algorithm>

namespace collab::model {

namespace {

/// How the guides number tasks; tried when a kind's own id format has no {dept}, so ids
/// written before (or without) an id_format still name their department.
constexpr std::string_view k_guides_format = "{year}-{dept}-{seq}";

/// The short form `collab new` writes into ids: 市场部 → 市场 (see store::next_id).
std::string_view short_form(std::string_view dept)
{
  constexpr std::string_view bu = "部";
  if (dept.size() > bu.size() && dept.ends_with(bu))
    dept.remove_suffix(bu.size());
  return dept;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

std::optional<std::string_view> dept_in_id(std::string_view format, std::string_view id)
{
  if (format.find("{dept}") == std::string_view::npos)
    return std::nullopt;
  const auto parts = match_id_format(format, id);
  if (!parts)
    return std::nullopt;
  const std::string_view dept = parts->dept;
  // `2024-001-002` is not numbered by department.
  if (std::all_of(dept.begin(), dept.end(), is_digit))
    return std::nullopt;
  return dept;
}

DeptResolver::DeptResolver() = default;

DeptResolver::DeptResolver(const Config& config)
{
  // A registered name wins over someone else's alias.
  for (const auto& [name, person] : config.people)
    if (!person.dept.empty())
      m_owner_dept.emplace(name, person.dept);
  for (const auto& [name, person] : config.people)
    if (!person.dept.empty())
      for (const auto& alias : person.aliases)
        m_owner_dept.emplace(alias, person.dept);
  // `departments` first: it is the list of names the team chose.
  const auto add_name = [&](std::string_view name) {
    if (name.empty())
      return;
    m_names.emplace(name, name);
    m_names.emplace(short_form(name), name);
  };
  for (const auto& d : config.departments)
    add_name(d);
  for (const auto& [name, person] : config.people)
    add_name(person.dept);
  for (const auto kind : record_kinds()) {
    const std::string format = config.id_format_for(kind);
    if (format.find("{dept}") != std::string::npos)
      m_id_formats.emplace_back(kind, format);
  }
}

std::string_view DeptResolver::dept_of(const Item& item) const
{
  if (!item.dept.empty())
    return item.dept;
  if (!m_owner_dept.empty())
    if (const auto it = m_owner_dept.find(item.owner); it != m_owner_dept.end())
      return it->second;
  if (!item.record_dept.empty())
    return item.record_dept;
  const Kind* k = find_kind(item.kind);
  if (!k)
    k = kind_of_item(item.kind);
  return k ? id_dept(k->name, item.record) : std::string_view();
}

std::string_view DeptResolver::id_dept(std::string_view record_kind, std::string_view id) const
{
  std::optional<std::string_view> dept;
  for (const auto& [kind, format] : m_id_formats)
    if (kind == record_kind && (dept = dept_in_id(format, id)))
      break;
  if (!dept)
    dept = dept_in_id(k_guides_format, id);
  if (!dept)
    return {};
  if (const auto it = m_names.find(*dept); it != m_names.end())
    return it->second;
  return *dept;
}

} // namespace collab::model

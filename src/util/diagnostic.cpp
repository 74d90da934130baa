#include "collab/util/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace collab::util {

std::string_view severity_name(Severity s)
{
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Off: break;
  }
  return "off";
}

const std::vector<RuleInfo>& all_rules()
{
  static const std::vector<RuleInfo> rules = {
    {"syntax", Severity::Error, "not parseable YAML, tabs in indentation, NUL bytes, several documents"},
    {"encoding", Severity::Error, "the file is not valid UTF-8"},
    {"not-a-record", Severity::Error, "the top level is not a mapping, `kind` is missing or unknown, or the file is too large"},
    {"symlink", Severity::Error, "a record file or folder is a symbolic link (collab never follows links)"},
    {"duplicate-key", Severity::Error, "a key is repeated in one mapping"},
    {"missing-field", Severity::Error, "a required key is absent"},
    {"empty-field", Severity::Error, "a required key is present but empty"},
    {"type", Severity::Error, "a value has the wrong shape"},
    {"bad-date", Severity::Error, "not a valid ISO date, time or date-time"},
    {"unknown-status", Severity::Error, "not a status or a status alias"},
    {"multiple-owners", Severity::Error, "an owner is a list or names several people"},
    {"duplicate-id", Severity::Error, "two records share an id"},
    {"id-mismatch", Severity::Error, "`id` differs from the file name, or holds a space, control character, `/`, `\\` or `#`"},
    {"done-without-date", Severity::Error, "status `done` without `completed`"},
    {"delayed-without-reason", Severity::Error, "status `delayed` without `delay_reason`"},
    {"unverified-close", Severity::Error, "an issue is `done` without `verification`"},
    {"date-order", Severity::Error, "an end comes before its start"},
    {"unknown-field", Severity::Warning, "a key that is not in the schema"},
    {"vague-owner", Severity::Warning, "an owner that is not a named person"},
    {"vague-wording", Severity::Warning, "an action or deliverable that is not specific"},
    {"subjective-wording", Severity::Warning, "subjective wording in a record"},
    {"unknown-person", Severity::Warning, "a name that is not in the `people` registry"},
    {"done-without-evidence", Severity::Warning, "status `done` without `evidence`"},
    {"overdue-status", Severity::Warning, "status written as overdue (it is computed)"},
    {"control-char", Severity::Warning, "a control character (escape, bell, ...) in a value"},
    // Added later, after the others so that SARIF rule indices stay what they were.
    {"department-owner", Severity::Error, "an owner is a department rather than a person"},
    {"fullwidth-syntax", Severity::Error, "a full-width colon after a key, or full-width spaces in indentation"},
    {"non-attendee-confirmation", Severity::Error, "a meeting confirmed by someone not among its attendees"},
    {"minutes-late", Severity::Warning, "minutes created more than a day after the meeting"},
  };
  return rules;
}

const RuleInfo* find_rule(std::string_view id)
{
  for (const auto& r : all_rules())
    if (r.id == id)
      return &r;
  return nullptr;
}

int rule_index(std::string_view id)
{
  const auto& rules = all_rules();
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id == id)
      return static_cast<int>(i);
  return -1;
}

void sort_by_position(std::vector<Diagnostic>& diags)
{
  std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.pos.line, a.pos.column) < std::tie(b.pos.line, b.pos.column);
  });
}

} // namespace collab::util

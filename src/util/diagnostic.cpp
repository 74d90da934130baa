#include "collab/util/diagnostic.h"

#include "collab/util/i18n.h"

#include <algorithm>
#include <tuple>

namespace collab::util {

using i18n::tr_noop;

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
    {"syntax", Severity::Error, tr_noop("not parseable YAML, tabs in indentation, NUL bytes, several documents")},
    {"encoding", Severity::Error, tr_noop("the file is not valid UTF-8")},
    {"not-a-record", Severity::Error, tr_noop("the top level is not a mapping, `kind` is missing or unknown, or the file is too large")},
    {"symlink", Severity::Error, tr_noop("a record file or folder is a symbolic link (collab never follows links)")},
    {"duplicate-key", Severity::Error, tr_noop("a key is repeated in one mapping")},
    {"missing-field", Severity::Error, tr_noop("a required key is absent")},
    {"empty-field", Severity::Error, tr_noop("a required key is present but empty")},
    {"type", Severity::Error, tr_noop("a value has the wrong shape")},
    {"bad-date", Severity::Error, tr_noop("not a valid ISO date, time or date-time")},
    {"unknown-status", Severity::Error, tr_noop("not a status or a status alias")},
    {"multiple-owners", Severity::Error, tr_noop("an owner is a list or names several people")},
    {"duplicate-id", Severity::Error, tr_noop("two records share an id")},
    {"id-mismatch", Severity::Error, tr_noop("`id` differs from the file name, or holds a space, control character, `/`, `\\` or `#`")},
    {"done-without-date", Severity::Error, tr_noop("status `done` without `completed`")},
    {"delayed-without-reason", Severity::Error, tr_noop("status `delayed` without `delay_reason`")},
    {"unverified-close", Severity::Error, tr_noop("an issue is `done` without `verification`")},
    {"date-order", Severity::Error, tr_noop("an end comes before its start")},
    {"unknown-field", Severity::Warning, tr_noop("a key that is not in the schema")},
    {"vague-owner", Severity::Warning, tr_noop("an owner that is not a named person")},
    {"vague-wording", Severity::Warning, tr_noop("an action or deliverable that is not specific")},
    {"subjective-wording", Severity::Warning, tr_noop("subjective wording in a record")},
    {"unknown-person", Severity::Warning, tr_noop("a name that is not in the `people` registry")},
    {"done-without-evidence", Severity::Warning, tr_noop("status `done` without `evidence`")},
    {"overdue-status", Severity::Warning, tr_noop("status written as overdue (it is computed)")},
    {"control-char", Severity::Warning, tr_noop("a control character (escape, bell, ...) in a value")},
    // Added later, after the others so that SARIF rule indices stay what they were.
    {"department-owner", Severity::Error, tr_noop("an owner is a department rather than a person")},
    {"fullwidth-syntax", Severity::Error, tr_noop("a full-width colon after a key, or full-width spaces in indentation")},
    {"non-attendee-confirmation", Severity::Error, tr_noop("a meeting confirmed by someone not among its attendees")},
    {"minutes-late", Severity::Warning, tr_noop("minutes created more than a day after the meeting")},
    {"unconfirmed-minutes", Severity::Warning, tr_noop("more than a day after the meeting, not every attendee has confirmed the minutes")},
    {"broken-ref", Severity::Warning, tr_noop("a `follow_up` or `previous_actions` that names no meeting or action")},
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

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
    {"syntax", Severity::Error, tr_noop("not parseable YAML, tabs in indentation, NUL bytes, several documents"),
     tr_noop("Fix the YAML at the position shown: indent with spaces, not tabs; quote a value that holds `: ` or starts with a special character; keep one document per file.")},
    {"encoding", Severity::Error, tr_noop("the file is not valid UTF-8"),
     tr_noop("Save the file as UTF-8 (an editor's \"save with encoding\"); the position shows the first invalid byte.")},
    {"not-a-record", Severity::Error, tr_noop("the top level is not a mapping, `kind` is missing or unknown, or the file is too large"),
     tr_noop("Start the file with `id:`, `kind:` (meeting, task, issue or request) and `title:` at the top level, or move a file that is not a record out of the record folders.")},
    {"symlink", Severity::Error, tr_noop("a record file or folder is a symbolic link (collab never follows links)"),
     tr_noop("Replace the link with the file or folder itself: collab never follows links.")},
    {"duplicate-key", Severity::Error, tr_noop("a key is repeated in one mapping"),
     tr_noop("Keep one of the two keys and merge their values; the message names the line of the first.")},
    {"missing-field", Severity::Error, tr_noop("a required key is absent"),
     tr_noop("Add the key the message names, with a value (`collab new` writes every required key).")},
    {"empty-field", Severity::Error, tr_noop("a required key is present but empty"),
     tr_noop("Fill in the value, or remove the record's entry if it does not apply.")},
    {"type", Severity::Error, tr_noop("a value has the wrong shape"),
     tr_noop("Write the value in the shape the message names: one value, a list (`[a, b]` or `- ` lines) or a mapping.")},
    {"bad-date", Severity::Error, tr_noop("not a valid ISO date, time or date-time"),
     tr_noop("Write dates as YYYY-MM-DD, times as HH:MM and date-times as YYYY-MM-DD HH:MM; the message proposes the ISO form.")},
    {"unknown-status", Severity::Error, tr_noop("not a status or a status alias"),
     tr_noop("Use todo, doing, delayed, done or cancelled, or one of their aliases; the message suggests the nearest.")},
    {"multiple-owners", Severity::Error, tr_noop("an owner is a list or names several people"),
     tr_noop("Keep one owner, the person answerable for the item; name the others in `notes` or split the item.")},
    {"duplicate-id", Severity::Error, tr_noop("two records share an id"),
     tr_noop("Give one of the records a new id and rename its file to match; after a `git pull` brought the two, `collab sync --fix-ids` renumbers one.")},
    {"id-mismatch", Severity::Error, tr_noop("`id` differs from the file name, or holds a space, control character, `/`, `\\` or `#`"),
     tr_noop("Make `id` equal the file name without `.yaml`, with no space, control character, `/`, `\\` or `#`.")},
    {"done-without-date", Severity::Error, tr_noop("status `done` without `completed`"),
     tr_noop("Add `completed: YYYY-MM-DD` (`collab done REF` writes it).")},
    {"delayed-without-reason", Severity::Error, tr_noop("status `delayed` without `delay_reason`"),
     tr_noop("Add `delay_reason` (`collab delay REF --to DATE --reason TEXT` writes it with the new deadline).")},
    {"unverified-close", Severity::Error, tr_noop("an issue is `done` without `verification`"),
     tr_noop("Add `verification`: how it was checked that the problem is solved.")},
    {"date-order", Severity::Error, tr_noop("an end comes before its start"),
     tr_noop("Correct one of the two dates so that the end is not before the start.")},
    {"unknown-field", Severity::Warning, tr_noop("a key that is not in the schema"),
     tr_noop("Check the key's spelling against the record kind (see FILE FORMAT in collab(1)), or move the text to `notes`.")},
    {"vague-owner", Severity::Warning, tr_noop("an owner that is not a named person"),
     tr_noop("Name one person as owner instead of a group (team, all, TBD...).")},
    {"vague-wording", Severity::Warning, tr_noop("an action or deliverable that is not specific"),
     tr_noop("Say what will exist when the item is done and how to check it: a document, a link, a number.")},
    {"subjective-wording", Severity::Warning, tr_noop("subjective wording in a record"),
     tr_noop("Replace the subjective word with a fact or a measurable standard.")},
    {"unknown-person", Severity::Warning, tr_noop("a name that is not in the `people` registry"),
     tr_noop("Correct the name's spelling, or add the person to `people` in .collab.yaml.")},
    {"done-without-evidence", Severity::Warning, tr_noop("status `done` without `evidence`"),
     tr_noop("Add `evidence`: a link, a file or a sentence that shows the item is done (`collab done REF --evidence TEXT`).")},
    {"overdue-status", Severity::Warning, tr_noop("status written as overdue (it is computed)"),
     tr_noop("Keep the real status (todo, doing or delayed): collab computes overdue from the deadline.")},
    {"control-char", Severity::Warning, tr_noop("a control character (escape, bell, ...) in a value"),
     tr_noop("Remove the control character (often pasted from a terminal or another program).")},
    // Added later, after the others so that SARIF rule indices stay what they were.
    {"department-owner", Severity::Error, tr_noop("an owner is a department rather than a person"),
     tr_noop("Name the person in that department who answers for the item.")},
    {"fullwidth-syntax", Severity::Error, tr_noop("a full-width colon after a key, or full-width spaces in indentation"),
     tr_noop("Type the ASCII colon `:` and ASCII spaces (switch the input method to half-width) at the position shown.")},
    {"non-attendee-confirmation", Severity::Error, tr_noop("a meeting confirmed by someone not among its attendees"),
     tr_noop("Remove the confirmation, or add the person to `attendees` if they attended.")},
    {"minutes-late", Severity::Warning, tr_noop("minutes created more than a day after the meeting"),
     tr_noop("Write the minutes within a day of the meeting next time; this record itself needs no change.")},
    {"unconfirmed-minutes", Severity::Warning, tr_noop("more than a day after the meeting, not every attendee has confirmed the minutes"),
     tr_noop("Ask the attendees who have not confirmed to run `collab confirm MEETING`.")},
    {"broken-ref", Severity::Warning, tr_noop("a `follow_up` or `previous_actions` that names no meeting or action"),
     tr_noop("Correct the id or the item number, or remove the ref if the meeting or action was deleted.")},
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

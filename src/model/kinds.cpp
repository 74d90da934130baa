#include "collab/model/kinds.h"

#include <algorithm>
#include <unordered_set>

namespace collab::model {

namespace {

using T = FieldType;

// The optional keys of anything tracked; `notes` comes with COMMON for records and is
// added to the item schemas explicitly.
#define ITEM_OPTIONAL                                                                                  \
  Field{"dept", T::Text}, Field{"progress", T::Progress}, Field{"completed", T::Date},                \
    Field{"evidence", T::Text}, Field{"delay_reason", T::Text}, Field{"original_deadline", T::Date}

#define COMMON                                                                                     \
  Field{"id", T::Id, true}, Field{"kind", T::Kind, true}, Field{"title", T::Text, true},         \
    Field{"tags", T::TextList}, Field{"links", T::TextList}, Field{"created", T::Date},          \
    Field{"notes", T::Text}

const Schema k_attendee{"attendee", {{"name", T::Person, true}, {"dept", T::Text}, {"title", T::Text}}};
const Schema k_absent{"absent", {{"name", T::Person, true}, {"dept", T::Text}, {"reason", T::Text}}};
const Schema k_point{"point", {{"dept", T::Text}, {"text", T::Text, true}}};
const Schema k_agenda{"agenda",
                      {{"topic", T::Text, true},
                       {"points", T::Points, false, &k_point},
                       {"disagreements", T::TextList},
                       {"consensus", T::TextList},
                       {"decisions", T::TextList}}};
const Schema k_question{"open_question", {{"question", T::Text, true}, {"owner", T::Owner}, {"plan", T::Text}}};
const Schema k_confirmed{"confirmed", {{"name", T::Person, true}, {"date", T::Date}, {"version", T::Text}}};
/// An action item: a meeting action or an issue solution.
#define ACTION_FIELDS                                                                                   \
  {{"action", T::Text, true},                                                                           \
   {"owner", T::Owner, true},                                                                           \
   {"deadline", T::Date, true},                                                                         \
   {"deliverable", T::Text, true},                                                                      \
   {"status", T::Status},                                                                               \
   ITEM_OPTIONAL,                                                                                       \
   {"links", T::TextList},                                                                              \
   {"notes", T::Text}}

const Schema k_action{"action", ACTION_FIELDS, true, "action"};
const Schema k_subtask{"subtask",
                       {{"title", T::Text, true},
                        {"owner", T::Owner, true},
                        {"deadline", T::Date, true},
                        {"deliverable", T::Text, true},
                        {"status", T::Status},
                        {"goal", T::Text},
                        ITEM_OPTIONAL,
                        {"notes", T::Text}},
                       true,
                       "title"};
const Schema k_solution{"solution", ACTION_FIELDS, true, "action"};
const Schema k_raci{"raci",
                    {{"responsible", T::Person}, {"accountable", T::Person}, {"consulted", T::People},
                     {"informed", T::People}}};
const Schema k_summary{"summary",
                       {{"successes", T::TextList}, {"improvements", T::TextList}, {"archived", T::Date},
                        {"signed_off_by", T::Person}}};

const Schema k_meeting{"meeting",
                       {COMMON,
                        {"date", T::Date, true},
                        {"time", T::TimeRange},
                        {"mode", T::Mode},
                        {"location", T::Text},
                        {"host", T::Person, true},
                        {"recorder", T::Person, true},
                        {"attendees", T::Attendees, true, &k_attendee},
                        {"absent", T::Entries, false, &k_absent},
                        {"goals", T::TextList},
                        {"agenda", T::Entries, false, &k_agenda},
                        {"actions", T::Entries, false, &k_action},
                        {"open_questions", T::Entries, false, &k_question},
                        {"next_meeting", T::DateTime},
                        {"cc", T::TextList},
                        {"confirmed", T::Entries, false, &k_confirmed},
                        {"follow_up", T::Text},
                        {"previous_actions", T::TextList}}};

const Schema k_task{"task",
                    {COMMON,
                     {"owner", T::Owner, true},
                     {"deadline", T::Date, true},
                     {"deliverable", T::Text, true},
                     {"status", T::Status, true},
                     ITEM_OPTIONAL,
                     {"initiator", T::Person},
                     {"goal", T::Text},
                     {"start", T::Date},
                     {"departments", T::TextList},
                     {"raci", T::Mapping, false, &k_raci},
                     {"source", T::Text},
                     {"summary", T::Mapping, false, &k_summary},
                     {"subtasks", T::Entries, false, &k_subtask}},
                    true,
                    "title"};

const Schema k_issue{"issue",
                     {COMMON,
                      {"occurred", T::Date, true},
                      {"owner", T::Owner, true},
                      {"description", T::Text, true},
                      {"status", T::Status, true},
                      {"solutions", T::Entries, false, &k_solution},
                      {"verification", T::Text},
                      {"category", T::Text},
                      {"cause", T::Text},
                      {"tried", T::TextList},
                      {"resources", T::Text},
                      {"escalated", T::Date},
                      {"deadline", T::Date},
                      {"deliverable", T::Text},
                      ITEM_OPTIONAL},
                     false,
                     "title"};

const Schema k_request{"request",
                       {COMMON,
                        {"from", T::Text, true},
                        {"to", T::Text, true},
                        {"owner", T::Owner, true},
                        {"deadline", T::Date, true},
                        {"status", T::Status, true},
                        {"contact", T::Person},
                        {"goal", T::Text},
                        {"content", T::Text},
                        {"mode", T::Text},
                        {"deliverable", T::Text},
                        ITEM_OPTIONAL},
                       true,
                       "title"};

#undef ACTION_FIELDS
#undef ITEM_OPTIONAL
#undef COMMON

} // namespace

const Field* Schema::find(std::string_view key) const
{
  for (const auto& f : fields)
    if (f.name == key)
      return &f;
  return nullptr;
}

bool Kind::has_status() const { return schema->find("status") != nullptr; }

const Schema* Kind::item_schema() const
{
  const Field* list = item_list.empty() ? nullptr : schema->find(item_list);
  return list ? list->sub : nullptr;
}

const std::vector<Kind>& kinds()
{
  static const std::vector<Kind> table = {
    {"meeting", "meetings", 'M', &k_meeting, false, "actions", "action", "date", true, "",
     {"title", "date", "time", "mode", "location", "host", "recorder", "attendees"}},
    {"task", "tasks", 'T', &k_task, true, "subtasks", "subtask", "start", false, "",
     {"title", "dept", "owner", "start", "deadline", "deliverable", "status"}},
    {"issue", "issues", 'I', &k_issue, false, "solutions", "solution", "occurred", false, "",
     {"title", "dept", "occurred", "owner", "description", "status"},
     {"未开始", "进行中", "已延期", "已闭环", "已取消"}}, // the guides' issue register
    // A request without `dept` belongs to the department that asked (`from`).
    {"request", "requests", 'R', &k_request, true, "", "", "date", false, "from",
     {"title", "from", "to", "owner", "contact", "deadline", "status"},
     {"待沟通", "沟通中", "延期", "已完成", "已关闭"}}, // the guides' request register
  };
  return table;
}

const Kind* find_kind(std::string_view name)
{
  for (const auto& k : kinds())
    if (k.name == name)
      return &k;
  return nullptr;
}

const Kind* kind_of_item(std::string_view item_kind)
{
  for (const auto& k : kinds())
    if (!k.item_kind.empty() && k.item_kind == item_kind)
      return &k;
  return nullptr;
}

const Schema* record_schema(std::string_view kind)
{
  const Kind* k = find_kind(kind);
  return k ? k->schema : nullptr;
}

const std::vector<std::string_view>& record_kinds()
{
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& k : kinds())
      out.push_back(k.name);
    return out;
  }();
  return names;
}

const std::vector<std::string_view>& item_kinds()
{
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> tracked, holders;
    for (const auto& k : kinds()) {
      if (k.tracked)
        tracked.push_back(k.name);
      if (!k.item_kind.empty())
        tracked.push_back(k.item_kind);
      if (!k.tracked && !k.item_kind.empty())
        holders.push_back(k.name);
    }
    tracked.insert(tracked.end(), holders.begin(), holders.end());
    return tracked;
  }();
  return names;
}

const std::vector<std::string_view>& meeting_modes()
{
  static const std::vector<std::string_view> modes = {"offline", "online", "hybrid", "im",  "phone",
                                                      "线下",    "线上",   "混合",   "群聊", "电话"};
  return modes;
}

bool is_field_name(std::string_view key)
{
  static const std::unordered_set<std::string_view> names = [] {
    std::unordered_set<std::string_view> out;
    std::vector<const Schema*> todo;
    for (const auto& k : kinds())
      todo.push_back(k.schema);
    while (!todo.empty()) {
      const Schema* s = todo.back();
      todo.pop_back();
      for (const auto& f : s->fields) {
        out.insert(f.name);
        if (f.sub)
          todo.push_back(f.sub);
      }
    }
    return out;
  }();
  return names.count(key) > 0;
}

} // namespace collab::model

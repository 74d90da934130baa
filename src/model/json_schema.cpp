#include "collab/model/json_schema.h"

#include "collab/model/status_words.h"
#include "collab/util/json.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <set>

namespace collab::model {

namespace {

// --- a small JSON document, written with 2-space indentation -----------------------------

class Json {
public:
  static Json object() { return Json(Type::Object); }
  static Json array() { return Json(Type::Array); }
  static Json str(std::string_view s) { return Json(Type::Literal, util::json_quote(s)); }
  static Json num(long n) { return Json(Type::Literal, std::to_string(n)); }
  static Json boolean(bool b) { return Json(Type::Literal, b ? "true" : "false"); }

  /// Sets (or replaces) a member of an object.
  Json& set(std::string_view key, Json v)
  {
    for (auto& [k, old] : m_members)
      if (k == key) {
        old = std::move(v);
        return *this;
      }
    m_members.emplace_back(std::string(key), std::move(v));
    return *this;
  }
  /// Moves the members of object `other` into this one.
  Json& merge(Json&& other)
  {
    for (auto& [k, v] : other.m_members)
      set(k, std::move(v));
    return *this;
  }
  /// Appends an item to an array.
  Json& push(Json v)
  {
    m_items.push_back(std::move(v));
    return *this;
  }
  Json* find(std::string_view key)
  {
    for (auto& [k, v] : m_members)
      if (k == key)
        return &v;
    return nullptr;
  }
  bool empty() const { return m_members.empty() && m_items.empty(); }

  void dump(std::string& out, int indent) const
  {
    const std::string pad(static_cast<size_t>(indent + 2), ' ');
    switch (m_type) {
    case Type::Literal: out += m_text; return;
    case Type::Array: {
      const bool flat = std::all_of(m_items.begin(), m_items.end(), [](const Json& j) { return j.m_type == Type::Literal; });
      if (m_items.empty() || flat) { // short lists of words stay on one line
        out += '[';
        for (size_t i = 0; i < m_items.size(); ++i)
          out += (i ? ", " : "") + m_items[i].m_text;
        out += ']';
        return;
      }
      out += "[\n";
      for (size_t i = 0; i < m_items.size(); ++i) {
        out += pad;
        m_items[i].dump(out, indent + 2);
        out += i + 1 < m_items.size() ? ",\n" : "\n";
      }
      out += std::string(static_cast<size_t>(indent), ' ') + ']';
      return;
    }
    case Type::Object:
      if (m_members.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      for (size_t i = 0; i < m_members.size(); ++i) {
        out += pad;
        util::append_json_quoted(out, m_members[i].first);
        out += ": ";
        m_members[i].second.dump(out, indent + 2);
        out += i + 1 < m_members.size() ? ",\n" : "\n";
      }
      out += std::string(static_cast<size_t>(indent), ' ') + '}';
      return;
    }
  }

  std::string text() const
  {
    std::string out;
    dump(out, 0);
    return out + '\n';
  }

private:
  enum class Type { Object, Array, Literal };
  explicit Json(Type t, std::string text = {}) : m_type(t), m_text(std::move(text)) {}

  Type m_type;
  std::string m_text; ///< a literal's JSON text
  std::vector<std::pair<std::string, Json>> m_members;
  std::vector<Json> m_items;
};

Json strings(const std::vector<std::string_view>& words)
{
  Json a = Json::array();
  for (auto w : words)
    a.push(Json::str(w));
  return a;
}

// --- hover help: one table ------------------------------------------------------------------

struct Help {
  std::string_view schema; ///< "" for the key in any schema that has no entry of its own
  std::string_view key;
  std::string_view text;
};

// English: the text is JSON content an editor shows, not a message of collab's.
constexpr std::array k_help = {
  Help{"", "id", "The record's id; the file is named <id>.yaml (collab new gives it)."},
  Help{"", "title", "The title: a meeting's topic, a task's, issue's or request's short name."},
  Help{"", "tags", "Free tags: a word or a list of words."},
  Help{"", "links", "Ids of related records (a task an action was promoted to, ...)."},
  Help{"", "created", "The day the record was written (YYYY-MM-DD)."},
  Help{"", "notes", "Free notes."},
  Help{"", "dept", "The department responsible."},
  Help{"", "progress", "Percent done: a whole number from 0 to 100, without %."},
  Help{"", "completed", "The day it was done (YYYY-MM-DD); required with status done."},
  Help{"", "evidence", "What shows it is done: a test report, a confirmation mail, a link."},
  Help{"", "delay_reason", "Why it is delayed; required with status delayed."},
  Help{"", "original_deadline", "The deadline before it was delayed (YYYY-MM-DD)."},
  Help{"", "owner", "Exactly one named person who answers for it (not a department, not a list)."},
  Help{"", "deadline", "The day it is due (YYYY-MM-DD)."},
  Help{"", "deliverable", "The verifiable output or completion standard."},
  Help{"", "goal", "What it is for."},
  Help{"", "action", "What is to be done, specific enough to check."},
  Help{"", "name", "A person's name."},
  Help{"", "reason", "Why they were absent."},
  Help{"", "text", "The point made."},
  Help{"", "topic", "The agenda item's topic."},
  Help{"", "points", "Points made: text, or {dept, text}."},
  Help{"", "disagreements", "Disagreements raised."},
  Help{"", "consensus", "What was agreed."},
  Help{"", "decisions", "Decisions taken."},
  Help{"", "question", "The open question."},
  Help{"", "plan", "How it will be answered."},
  Help{"", "version", "The version of the minutes confirmed."},
  Help{"", "responsible", "RACI: who does the work."},
  Help{"", "accountable", "RACI: who answers for the result."},
  Help{"", "consulted", "RACI: who is consulted (a name or a list)."},
  Help{"", "informed", "RACI: who is kept informed (a name or a list)."},
  Help{"", "successes", "What went well."},
  Help{"", "improvements", "What to do better."},
  Help{"", "archived", "The day the task was archived (YYYY-MM-DD)."},
  Help{"", "signed_off_by", "Who signed the task off."},
  Help{"", "date", "The day of the meeting (YYYY-MM-DD)."},
  Help{"", "time", "The meeting's time span: \"HH:MM-HH:MM\"."},
  Help{"", "location", "Where the meeting was held."},
  Help{"", "host", "Who chaired the meeting."},
  Help{"", "recorder", "Who wrote the minutes."},
  Help{"", "attendees", "Who attended: names, or {name, dept, title}."},
  Help{"", "absent", "Who was invited but absent: {name, dept, reason}."},
  Help{"", "goals", "The meeting's goals."},
  Help{"", "agenda", "The agenda items: {topic, points, disagreements, consensus, decisions}."},
  Help{"", "actions", "The actions decided: {action, owner, deadline, deliverable, status}."},
  Help{"", "open_questions", "Questions left open: {question, owner, plan}."},
  Help{"", "next_meeting", "When the next meeting is: YYYY-MM-DD HH:MM (or a date)."},
  Help{"", "cc", "Who gets the minutes besides the attendees."},
  Help{"", "confirmed", "Attendees who confirmed the minutes: {name, date, version} (collab confirm)."},
  Help{"", "follow_up", "The id of the meeting this one follows up."},
  Help{"", "previous_actions", "Actions of earlier meetings reviewed here: refs like M-2024-007#2."},
  Help{"", "initiator", "Who started the task."},
  Help{"", "start", "The day the task starts (YYYY-MM-DD)."},
  Help{"", "departments", "The departments involved."},
  Help{"", "raci", "Who is responsible, accountable, consulted and informed."},
  Help{"", "source", "Where the task comes from: a meeting action's ref (M-2024-007#2)."},
  Help{"", "summary", "The task's closing summary."},
  Help{"", "subtasks", "The subtasks: {title, owner, deadline, deliverable, status}."},
  Help{"", "occurred", "The day the issue occurred (YYYY-MM-DD)."},
  Help{"", "description", "What happened."},
  Help{"", "solutions", "The solutions: {action, owner, deadline, deliverable, status}."},
  Help{"", "verification", "The result that shows the problem is solved; required when the issue is done."},
  Help{"", "category", "The issue's category."},
  Help{"", "cause", "The cause found."},
  Help{"", "tried", "What was tried already."},
  Help{"", "resources", "The resources needed."},
  Help{"", "escalated", "The day the issue was escalated (YYYY-MM-DD)."},
  Help{"", "from", "The department that asks."},
  Help{"", "to", "The department asked."},
  Help{"", "contact", "The person to talk to on the asking side."},
  Help{"", "content", "What is asked for."},
  // Keys whose meaning depends on where they are.
  Help{"attendee", "title", "Their job title."},
  Help{"confirmed", "date", "The day they confirmed (YYYY-MM-DD)."},
  Help{"request", "mode", "How the request was made (mail, meeting, ...)."},
  Help{"subtask", "title", "What the subtask is."},
};

// --- the value of each field type -------------------------------------------------------------

/// Any scalar: YAML 1.2 reads `2024` and `true` as a number and a boolean, and lint takes them.
const std::vector<std::string_view> k_scalar = {"string", "number", "boolean"};

/// `words` as written, or in any ASCII case with `-`, ` ` or `_` between words (what lint
/// reads): a regular expression for the second.
std::string loose_pattern(const std::vector<std::string_view>& words)
{
  std::string alternatives;
  for (auto w : words) {
    if (!alternatives.empty())
      alternatives += '|';
    for (char c : w) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        alternatives += fmt::format("[{}{}]", static_cast<char>(c | 0x20), static_cast<char>(c & ~0x20));
      else if (c == '-')
        alternatives += "[- _]";
      else
        alternatives += c; // the words hold letters, `-` and CJK characters only
    }
  }
  return "^\\s*(?:" + alternatives + ")\\s*$";
}

/// One of `words` (an editor completes them), or one of them in other case or spacing.
Json word_choice(const std::vector<std::string_view>& words)
{
  Json any = Json::array();
  any.push(Json::object().set("enum", strings(words)));
  any.push(Json::object().set("type", Json::str("string")).set("pattern", Json::str(loose_pattern(words))));
  return Json::object().set("anyOf", std::move(any));
}

/// The status words for a status of schema `scope`: the canonical ones, the kind's Chinese
/// register, then every other alias.
std::vector<std::string_view> status_choices(std::string_view scope)
{
  std::vector<std::string_view> out;
  const Kind* k = find_kind(scope);
  if (!k)
    k = kind_of_item(scope);
  const StatusWords zh = k ? k->zh_statuses : k_zh_status_words;
  for (size_t s = 0; s < zh.size(); ++s) // one word per status, in the order of Status
    out.push_back(status_name(static_cast<Status>(s)));
  out.insert(out.end(), zh.begin(), zh.end());
  for (const auto& [word, status] : status_words())
    if (std::find(out.begin(), out.end(), word) == out.end())
      out.push_back(word);
  return out;
}

Json ref_to(std::string_view def) { return Json::object().set("$ref", Json::str(fmt::format("#/$defs/{}", def))); }

/// A field's value: its JSON types (none for a choice, a constant or a $ref) and the other keywords.
struct Value {
  std::vector<std::string_view> types;
  Json rest = Json::object();
};

Value typed(std::vector<std::string_view> types, Json rest = Json::object()) { return {std::move(types), std::move(rest)}; }

Value string_pattern(std::string_view pattern)
{
  return typed({"string"}, Json::object().set("pattern", Json::str(pattern)));
}

/// The value a field of this type takes, before `null` (an empty value) is allowed or not.
Value value_schema(const Field& f, std::string_view scope)
{
  switch (f.type) {
  case FieldType::Text:
  case FieldType::Id: return typed(k_scalar);
  case FieldType::Kind: return {{}, Json::object().set("const", Json::str(scope))};
  case FieldType::TextList:
    return typed({"string", "number", "boolean", "array"},
                 Json::object().set("items", Json::object().set("type", strings({"string", "number", "boolean", "null"}))));
  case FieldType::Date: return string_pattern("^\\d{4}-\\d{2}-\\d{2}$");
  case FieldType::DateTime: return string_pattern("^\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2})?$");
  case FieldType::TimeRange: return string_pattern("^\\d{2}:\\d{2}-\\d{2}:\\d{2}$");
  case FieldType::Status: return {{}, word_choice(status_choices(scope))};
  case FieldType::Owner: return typed({"string"}, Json::object().set("minLength", Json::num(1)));
  case FieldType::Person: return typed({"string"});
  case FieldType::People: return typed({"string", "array"}, Json::object().set("items", Json::object().set("type", Json::str("string"))));
  case FieldType::Attendees:
  case FieldType::Points: {
    Json item = Json::array();
    item.push(Json::object().set("type", f.type == FieldType::Attendees ? Json::str("string") : strings(k_scalar)));
    item.push(ref_to(f.sub->name));
    return typed({"array"}, Json::object().set("items", Json::object().set("anyOf", std::move(item))));
  }
  case FieldType::Progress: {
    Json any = Json::array();
    any.push(Json::object().set("type", Json::str("integer")).set("minimum", Json::num(0)).set("maximum", Json::num(100)));
    any.push(Json::object().set("type", Json::str("string")).set("pattern", Json::str("^\\s*(?:0?[0-9]?[0-9]|100)\\s*$"))); // "50", as lint reads it
    return {{}, Json::object().set("anyOf", std::move(any))};
  }
  case FieldType::Mode: return {{}, word_choice(meeting_modes())};
  case FieldType::Entries: return typed({"array"}, Json::object().set("items", ref_to(f.sub->name)));
  case FieldType::Mapping: return {{}, ref_to(f.sub->name)};
  }
  return {};
}

/// value_schema, with `null` (`key:` left empty) allowed unless the key is required: lint
/// skips an empty optional key and reports an empty required one (empty-field).
Json field_schema(const Field& f, std::string_view scope, bool required)
{
  Value v = value_schema(f, scope);
  Json out = Json::object();
  if (!v.types.empty()) {
    if (!required)
      v.types.push_back("null"); // the other keywords (pattern, items) do not apply to null
    out.set("type", v.types.size() == 1 ? Json::str(v.types.front()) : strings(v.types));
    out.merge(std::move(v.rest));
  } else if (required || v.rest.find("const")) {
    out.merge(std::move(v.rest));
  } else if (Json* choice = v.rest.find("anyOf")) {
    choice->push(Json::object().set("type", Json::str("null")));
    out.merge(std::move(v.rest));
  } else { // a $ref
    Json any = Json::array();
    any.push(std::move(v.rest));
    any.push(Json::object().set("type", Json::str("null")));
    out.set("anyOf", std::move(any));
  }
  if (const auto help = field_description(scope, f.name); !help.empty())
    out.set("description", Json::str(help));
  return out;
}

/// The object schema of a mapping of `schema`: its keys, the required ones (the table's and
/// the configuration's), and whether other keys are refused.
Json object_schema(const Schema& schema, const Config& cfg, std::string_view title)
{
  std::vector<std::string_view> required;
  for (const auto& f : schema.fields)
    if (f.required)
      required.push_back(f.name);
  std::vector<std::string> extra;
  if (const auto it = cfg.required.find(std::string(schema.name)); it != cfg.required.end())
    extra = it->second;
  for (const auto& key : extra)
    if (std::find(required.begin(), required.end(), key) == required.end())
      required.push_back(key);

  Json properties = Json::object();
  for (const auto& f : schema.fields) {
    const bool req = std::find(required.begin(), required.end(), f.name) != required.end();
    properties.set(f.name, field_schema(f, schema.name, req));
  }
  for (const auto& key : extra)
    if (!schema.find(key))
      properties.set(key, Json::object());

  Json out = Json::object();
  if (!title.empty())
    out.set("title", Json::str(title));
  out.set("type", Json::str("object")).set("properties", std::move(properties));
  if (!required.empty())
    out.set("required", strings(required));
  // unknown-field is a warning by default: an editor must not mark as an error what lint accepts.
  if (cfg.severity_of("unknown-field") == util::Severity::Error)
    out.set("additionalProperties", Json::boolean(false));
  return out;
}

/// The sub-schemas below `schema` (entries, mappings), each once, in the order met.
void collect_subs(const Schema& schema, std::vector<const Schema*>& out)
{
  for (const auto& f : schema.fields)
    if (f.sub && std::find(out.begin(), out.end(), f.sub) == out.end()) {
      out.push_back(f.sub);
      collect_subs(*f.sub, out);
    }
}

Json defs_of(const std::vector<const Schema*>& subs, const Config& cfg)
{
  Json defs = Json::object();
  for (const Schema* s : subs)
    defs.set(s->name, object_schema(*s, cfg, s->name));
  return defs;
}

constexpr std::string_view k_draft = "https://json-schema.org/draft/2020-12/schema";

std::string kind_title(const Kind& k) { return fmt::format("collab {} record", k.name); }

} // namespace

std::string field_description(std::string_view schema, std::string_view key)
{
  for (const auto& h : k_help) // a key that means something else here (a request's mode)
    if (h.schema == schema && h.key == key)
      return std::string(h.text);
  // The keys whose words are tables of their own: said from those tables.
  if (key == "kind")
    return fmt::format("The record kind: {}.", fmt::join(record_kinds(), ", "));
  if (key == "status") {
    std::vector<std::string_view> names;
    for (size_t s = 0; s < k_zh_status_words.size(); ++s)
      names.push_back(status_name(static_cast<Status>(s)));
    return fmt::format("{} (or an alias: {}, ...).", fmt::join(names, ", "), fmt::join(k_zh_status_words, ", "));
  }
  if (key == "mode")
    return fmt::format("One of {}.", fmt::join(meeting_modes(), ", "));
  for (const auto& h : k_help)
    if (h.schema.empty() && h.key == key)
      return std::string(h.text);
  return {};
}

std::string kind_json_schema(const Kind& kind, const Config& cfg)
{
  Json body = object_schema(*kind.schema, cfg, kind_title(kind));
  Json doc = Json::object().set("$schema", Json::str(k_draft));
  doc.set("$id", Json::str(fmt::format("collab:{}.json", kind.name)));
  doc.set("title", Json::str(kind_title(kind)));
  doc.set("description",
          Json::str(fmt::format("A collab {} record (generated by `collab schema {}`; see man collab).", kind.name,
                                kind.name)));
  // The record's own keys at the top, its entries' schemas under $defs.
  std::vector<const Schema*> subs;
  collect_subs(*kind.schema, subs);
  Json merged = std::move(doc);
  for (auto key : {"title", "type", "properties", "required", "additionalProperties"})
    if (Json* v = body.find(key))
      merged.set(key, std::move(*v));
  if (!subs.empty())
    merged.set("$defs", defs_of(subs, cfg));
  return merged.text();
}

std::string record_json_schema(const Config& cfg)
{
  Json doc = Json::object().set("$schema", Json::str(k_draft));
  doc.set("$id", Json::str("collab:record.json"));
  doc.set("title", Json::str("collab record"));
  doc.set("description", Json::str("Any collab record: its `kind` picks the schema (generated by `collab schema`; "
                                   "see man collab)."));
  doc.set("type", Json::str("object"));
  doc.set("required", strings({"kind"}));
  doc.set("properties",
          Json::object().set("kind", Json::object()
                                       .set("enum", strings(record_kinds()))
                                       .set("description", Json::str(field_description("", "kind")))));
  Json dispatch = Json::array();
  std::vector<const Schema*> all;
  for (const auto& k : kinds()) {
    Json when = Json::object()
                  .set("properties", Json::object().set("kind", Json::object().set("const", Json::str(k.name))))
                  .set("required", strings({"kind"}));
    dispatch.push(Json::object().set("if", std::move(when)).set("then", ref_to(k.name)));
    all.push_back(k.schema);
    collect_subs(*k.schema, all);
  }
  doc.set("allOf", std::move(dispatch));
  Json defs = Json::object();
  for (const Schema* s : all) {
    const Kind* k = find_kind(s->name);
    defs.set(s->name, object_schema(*s, cfg, k && k->schema == s ? kind_title(*k) : std::string(s->name)));
  }
  doc.set("$defs", std::move(defs));
  return doc.text();
}

} // namespace collab::model

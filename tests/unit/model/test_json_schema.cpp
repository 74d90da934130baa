// The editor schemas come from the kind table: every key, every required key, every status
// word and meeting mode of the table is in them, and lint's configuration shapes them as it
// shapes lint. (tests/formats/check_schema.py validates records against them with jsonschema.)
#include "collab/model/config.h"
#include "collab/model/json_schema.h"
#include "collab/model/kinds.h"
#include "collab/model/status_words.h"
#include "collab/util/json.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <string>
#include <vector>

using namespace collab;
using namespace collab::model;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// `"required": [...]` as the generator writes a schema's required keys.
std::string required_line(const Schema& s, const std::vector<std::string>& extra = {})
{
  std::vector<std::string> names;
  for (const auto& f : s.fields)
    if (f.required)
      names.push_back(util::json_quote(f.name));
  for (const auto& e : extra)
    names.push_back(util::json_quote(e));
  return fmt::format("\"required\": [{}]", fmt::join(names, ", "));
}

void collect(const Schema& s, std::vector<const Schema*>& out)
{
  for (const auto& f : s.fields)
    if (f.sub && std::find(out.begin(), out.end(), f.sub) == out.end()) {
      out.push_back(f.sub);
      collect(*f.sub, out);
    }
}

} // namespace

TEST_CASE("json schema: each kind's schema is draft 2020-12 with the table's keys, required keys and kind")
{
  const Config cfg;
  for (const Kind& k : kinds()) {
    CAPTURE(k.name);
    const std::string s = kind_json_schema(k, cfg);
    CHECK(s.starts_with("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
    CHECK(has(s, fmt::format("\"const\": \"{}\"", k.name)));
    CHECK(has(s, required_line(*k.schema)));
    for (const auto& f : k.schema->fields)
      CHECK_MESSAGE(has(s, fmt::format("\n    \"{}\": {{", f.name)), f.name);
    // Every entry schema below it is in $defs with its own required keys.
    std::vector<const Schema*> subs;
    collect(*k.schema, subs);
    for (const Schema* sub : subs) {
      CHECK_MESSAGE(has(s, fmt::format("\"$ref\": \"#/$defs/{}\"", sub->name)), sub->name);
      CHECK_MESSAGE(has(s, fmt::format("\n    \"{}\": {{\n      \"title\"", sub->name)), sub->name);
      if (std::any_of(sub->fields.begin(), sub->fields.end(), [](const Field& f) { return f.required; }))
        CHECK_MESSAGE(has(s, required_line(*sub)), sub->name);
    }
    // lint warns about unknown keys by default: the schema does not refuse them.
    CHECK(!has(s, "additionalProperties"));
  }
}

TEST_CASE("json schema: statuses list every word lint reads, the kind's Chinese register first after the canonical ones")
{
  const Config cfg;
  const std::string request = kind_json_schema(*find_kind("request"), cfg);
  for (const auto& [word, status] : status_words())
    CHECK_MESSAGE(has(request, util::json_quote(word)), word);
  CHECK(has(request, "\"enum\": [\"todo\", \"doing\", \"delayed\", \"done\", \"cancelled\", \"待沟通\", \"沟通中\", \"延期\", "
                     "\"已完成\", \"已关闭\""));
  // In any case, with a space or `_` for `-`, as parse_status reads them.
  CHECK(has(request, "[iI][nN][- _][pP][rR][oO][gG][rR][eE][sS][sS]"));
  const std::string meeting = kind_json_schema(*find_kind("meeting"), cfg);
  for (auto mode : meeting_modes())
    CHECK_MESSAGE(has(meeting, util::json_quote(mode)), mode);
  CHECK(has(meeting, "\"pattern\": \"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\"")); // dates
}

TEST_CASE("json schema: the configuration's required keys are required, unknown keys refused only when unknown-field is an error")
{
  Config cfg;
  cfg.required["task"] = {"tags", "budget"};
  cfg.severity["unknown-field"] = util::Severity::Error;
  const std::string s = kind_json_schema(*find_kind("task"), cfg);
  CHECK(has(s, required_line(*find_kind("task")->schema, {"tags", "budget"})));
  CHECK(has(s, "\"budget\": {}"));
  CHECK(has(s, "\"additionalProperties\": false"));
}

TEST_CASE("json schema: an empty optional key is allowed, an empty required one is not")
{
  const std::string s = kind_json_schema(*find_kind("task"), Config{});
  // `notes` is optional, `title` required; `raci` (a mapping) optional.
  CHECK(has(s, "\"notes\": {\n      \"type\": [\"string\", \"number\", \"boolean\", \"null\"]"));
  CHECK(has(s, "\"title\": {\n      \"type\": [\"string\", \"number\", \"boolean\"]"));
  CHECK(has(s, "\"raci\": {\n      \"anyOf\": [\n        {\n          \"$ref\": \"#/$defs/raci\"\n        },\n        {\n          \"type\": \"null\""));
}

TEST_CASE("json schema: the combined schema dispatches on kind to every kind's schema")
{
  const std::string s = record_json_schema(Config{});
  CHECK(has(s, "\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
  for (const Kind& k : kinds()) {
    CAPTURE(k.name);
    CHECK(has(s, fmt::format("\"const\": \"{}\"", k.name)));
    CHECK(has(s, fmt::format("\"then\": {{\n        \"$ref\": \"#/$defs/{}\"", k.name)));
    CHECK(has(s, fmt::format("\n    \"{}\": {{\n      \"title\": \"collab {} record\"", k.name, k.name)));
  }
}

TEST_CASE("json schema: every key of every schema has hover help, from one table")
{
  std::vector<const Schema*> all;
  for (const Kind& k : kinds()) {
    all.push_back(k.schema);
    collect(*k.schema, all);
  }
  for (const Schema* s : all)
    for (const auto& f : s->fields)
      CHECK_MESSAGE(!field_description(s->name, f.name).empty(), s->name, ".", f.name);
  // A key whose meaning depends on where it is: an attendee's title is their job title.
  CHECK(field_description("attendee", "title") != field_description("task", "title"));
  const std::string meeting = kind_json_schema(*find_kind("meeting"), Config{});
  CHECK(has(meeting, util::json_quote(field_description("meeting", "next_meeting"))));
}

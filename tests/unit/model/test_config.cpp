#include "collab/model/config.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;

namespace {
Config parse(const std::string& text, std::vector<Diagnostic>& errors)
{
  SourceFile src(".collab.yaml", text);
  return parse_config(src, errors);
}
} // namespace

TEST_CASE("config: every key of .collab.yaml is read")
{
  std::vector<Diagnostic> errors;
  const Config c = parse(R"(lang: zh
id_format:
  task: "{year}-{dept}-{seq}"
people:
  赵六: {dept: 市场部, title: 经理, email: z@example.com, aliases: [Zhao]}
  孙七:
departments: [市场部, 技术部]
required:
  meeting: [location]
  action: [dept]
lint:
  unknown-field: off
  vague-wording: {severity: error, add_words: [再议]}
  subjective-wording: {words: [拖拉]}
due_soon: 3d
stale_after: 2w
)",
                         errors);
  CHECK(errors.empty());
  CHECK(c.lang == "zh");
  CHECK(c.id_format_for("task") == "{year}-{dept}-{seq}");
  CHECK(c.id_format_for("meeting") == "M-{year}-{seq}");
  CHECK(c.knows_person("赵六"));
  CHECK(c.knows_person("Zhao"));
  CHECK(c.knows_person("孙七"));
  CHECK_FALSE(c.knows_person("王五"));
  CHECK(c.people.at("赵六").dept == "市场部");
  CHECK(c.departments.size() == 2);
  CHECK(c.required.at("action") == std::vector<std::string>{"dept"});
  CHECK(c.severity_of("unknown-field") == Severity::Off);
  CHECK(c.severity_of("vague-wording") == Severity::Error);
  CHECK(c.severity_of("syntax") == Severity::Error);
  const auto& vague = c.word_list("vague-wording");
  CHECK(std::find(vague.begin(), vague.end(), "尽快") != vague.end()); // defaults kept
  CHECK(std::find(vague.begin(), vague.end(), "再议") != vague.end()); // and extended
  CHECK(c.word_list("subjective-wording") == std::vector<std::string>{"拖拉"}); // replaced
  CHECK(c.due_soon_days == 3);
  CHECK(c.stale_after_days == 14);
}

TEST_CASE("config: mistakes are positioned errors with a way to fix them")
{
  std::vector<Diagnostic> errors;
  parse("lang: fr\nlnit: {}\nlint:\n  vague-owners: off\n  syntax: loud\ndue_soon: soon\n"
        "id_format: {task: \"T-{yr}\"}\n",
        errors);
  REQUIRE(errors.size() >= 6);
  CHECK(errors[0].pos == Position{1, 7});
  CHECK(errors[0].message.find("use `en` or `zh`") != std::string::npos);
  CHECK(errors[1].message.find("did you mean `lint`") != std::string::npos);
  CHECK(errors[1].pos == Position{2, 1});
  CHECK(errors[2].message.find("did you mean `vague-owner`") != std::string::npos);
  CHECK(errors[3].message.find("not one of error, warning, off") != std::string::npos);
  CHECK(errors[4].message.find("not a duration") != std::string::npos);
  CHECK(errors[5].message.find("unknown placeholder `{yr}`") != std::string::npos);
}

TEST_CASE("config: an empty file is all defaults, broken YAML is an error")
{
  std::vector<Diagnostic> errors;
  const Config c = parse("# nothing\n", errors);
  CHECK(errors.empty());
  CHECK(c.lang.empty()); // not set: open_workspace takes the environment's
  CHECK(c.due_soon_days == 2);
  CHECK_FALSE(c.has_people());
  parse("lang: [en\n", errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rule == "syntax");
}

TEST_CASE("config: config_keys() is what the parser accepts at the top level")
{
  std::string text;
  for (const auto k : config_keys())
    text += std::string(k) + ":\n";
  std::vector<Diagnostic> errors;
  parse(text + "peeple:\n", errors);
  REQUIRE(!errors.empty());
  CHECK(errors.back().message == "unknown key `peeple` in the config; did you mean `people`?");
  errors.pop_back();
  for (const auto& e : errors)
    CHECK(e.message.find("unknown key") == std::string::npos);
}

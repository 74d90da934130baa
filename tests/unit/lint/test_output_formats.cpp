#include "collab/lint/output_formats.h"
#include "collab/yaml/parse.h"

#include "xml.h"

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <sstream>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::lint;

namespace {

std::vector<FileResult> sample()
{
  std::vector<FileResult> rs(2);
  auto src = std::make_shared<SourceFile>("meetings/M-1.yaml", "id: M-1\nowner: 赵六、孙七\n\tx: \"q\"\n");
  rs[0].path = "meetings/M-1.yaml";
  rs[0].info.kind = "meeting";
  rs[0].src = src;
  rs[0].diags.push_back(Diagnostic{"multiple-owners", Severity::Error, rs[0].path, {2, 8},
                                   "`owner` names 2 people (赵六, 孙七); keep one, a \"quote\" & <tag>"});
  rs[0].diags.push_back(Diagnostic{"unknown-field", Severity::Warning, rs[0].path, {3, 2}, "unknown field `x`"});
  rs[1].path = "tasks/T-1.yaml";
  rs[1].info.kind = "task";
  return rs;
}

/// Parses JSON through collab's own YAML reader (JSON is YAML).
std::unique_ptr<yaml::Document> parse_json(const std::string& text)
{
  SourceFile src("out.json", text);
  auto p = parse_yaml(src);
  REQUIRE_FALSE(p.error);
  REQUIRE(p.findings.empty());
  REQUIRE(p.doc);
  return std::move(p.doc);
}

} // namespace

TEST_CASE("report: text shows the source line and a caret under the display column")
{
  const std::string out = format_text(sample(), false);
  CHECK(out.find("meetings/M-1.yaml:2:8: error: `owner` names 2 people") != std::string::npos);
  CHECK(out.find("[multiple-owners]\n    2 | owner: 赵六、孙七\n      |        ^\n") != std::string::npos);
  // A tab in the line shows as one space, and the caret stays under the column.
  CHECK(out.find("    3 |  x: \"q\"\n      |  ^\n") != std::string::npos);
  CHECK(out.find("\x1b[") == std::string::npos);
  CHECK(format_text(sample(), true).find("\x1b[1;31merror") != std::string::npos);
}

TEST_CASE("report: caret under CJK text counts two columns per character")
{
  std::vector<FileResult> rs(1);
  rs[0].path = "a.yaml";
  rs[0].src = std::make_shared<SourceFile>("a.yaml", "title: 会议纪要 x\n");
  rs[0].diags.push_back(Diagnostic{"type", Severity::Error, "a.yaml", {1, 13}, "m"});
  CHECK(format_text(rs, false).find("    1 | title: 会议纪要 x\n      | " + std::string(16, ' ') + "^\n") != std::string::npos);
}

TEST_CASE("report: json parses back with every field")
{
  auto doc = parse_json(format_json(sample()));
  const auto* arr = doc->root();
  REQUIRE(arr->is_seq());
  REQUIRE(arr->items.size() == 2);
  const auto* f = arr->items[0];
  CHECK(f->text_of("path") == "meetings/M-1.yaml");
  CHECK(f->text_of("line") == "2");
  CHECK(f->text_of("column") == "8");
  CHECK(f->text_of("severity") == "error");
  CHECK(f->text_of("rule") == "multiple-owners");
  CHECK(f->text_of("message").find("a \"quote\" & <tag>") != std::string::npos);
  CHECK(parse_json(format_json({}))->root()->items.empty());
}

TEST_CASE("report: sarif 2.1.0 lists every rule and points results at them")
{
  auto doc = parse_json(format_sarif(sample()));
  const auto* root = doc->root();
  CHECK(root->text_of("version") == "2.1.0");
  const auto* run = root->get("runs")->items.at(0);
  const auto* rules = run->get("tool")->get("driver")->get("rules");
  REQUIRE(rules->items.size() == all_rules().size());
  CHECK(rules->items[0]->text_of("id") == "syntax");
  const auto* results = run->get("results");
  REQUIRE(results->items.size() == 2);
  const auto* r0 = results->items[0];
  CHECK(r0->text_of("ruleId") == "multiple-owners");
  const int index = std::stoi(std::string(r0->text_of("ruleIndex")));
  CHECK(rules->items.at(static_cast<size_t>(index))->text_of("id") == "multiple-owners");
  CHECK(r0->text_of("level") == "error");
  CHECK(results->items[1]->text_of("level") == "warning");
  const auto* loc = r0->get("locations")->items.at(0)->get("physicalLocation");
  CHECK(loc->get("artifactLocation")->text_of("uri") == "meetings/M-1.yaml");
  CHECK(loc->get("region")->text_of("startLine") == "2");
  CHECK(loc->get("region")->text_of("startColumn") == "8");
}

TEST_CASE("report: junit has one test case per record, failing on errors")
{
  auto xml = test::parse_xml(format_junit(sample(), false));
  CHECK(xml->name == "testsuites");
  CHECK(xml->attributes.at("tests") == "2");
  CHECK(xml->attributes.at("failures") == "1");
  const auto cases = xml->all("testsuite").at(0)->all("testcase");
  REQUIRE(cases.size() == 2);
  CHECK(cases[0]->attributes.at("name") == "meetings/M-1.yaml");
  CHECK(cases[0]->attributes.at("classname") == "collab.lint.meeting");
  REQUIRE(cases[0]->all("failure").size() == 1);
  CHECK(cases[0]->all("failure")[0]->attributes.at("type") == "multiple-owners");
  CHECK(cases[0]->all("failure")[0]->text.find("a \"quote\" & <tag>") != std::string::npos);
  CHECK(cases[0]->all("system-out").size() == 1); // the warning
  CHECK(cases[1]->all("failure").empty());
  // --strict turns warnings into failures.
  auto strict = test::parse_xml(format_junit(sample(), true));
  CHECK(strict->all("testsuite")[0]->all("testcase")[0]->all("failure")[0]->text.find("unknown-field") !=
        std::string::npos);
}

TEST_CASE("report: github workflow commands escape their data")
{
  std::vector<FileResult> rs(1);
  rs[0].path = "a,b.yaml";
  rs[0].diags.push_back(Diagnostic{"bad-date", Severity::Error, "a,b.yaml", {3, 4}, "100% wrong\nsecond line"});
  rs[0].diags.push_back(Diagnostic{"unknown-field", Severity::Warning, "a,b.yaml", {5, 1}, "w"});
  const std::string out = format_github(rs);
  CHECK(out ==
        "::error file=a%2Cb.yaml,line=3,col=4,title=collab bad-date::100%25 wrong%0Asecond line\n"
        "::warning file=a%2Cb.yaml,line=5,col=1,title=collab unknown-field::w\n");
}

TEST_CASE("report: summary line")
{
  CHECK(summary_line(Tally{3, 2, 41}) == "3 errors, 2 warnings in 41 records");
  CHECK(summary_line(Tally{1, 0, 1}) == "1 error, 0 warnings in 1 record");
}

TEST_CASE("report: sarif URIs are RFC 3986 uri-references (UTF-8, spaces and % encoded)")
{
  CHECK(sarif_uri("tasks/2024-市场-009.yaml") == "tasks/2024-%E5%B8%82%E5%9C%BA-009.yaml");
  CHECK(sarif_uri("a b/50%.yaml") == "a%20b/50%25.yaml");
  CHECK(sarif_uri("meetings\\M-2024-007.yaml") == "meetings/M-2024-007.yaml");
  CHECK(sarif_uri("x#y?z.yaml") == "x%23y%3Fz.yaml");
}

TEST_CASE("report: sarif rules carry fullDescription and help from the rule table")
{
  auto doc = parse_json(format_sarif(sample()));
  const auto* rules = doc->root()->get("runs")->items.at(0)->get("tool")->get("driver")->get("rules");
  REQUIRE(rules->items.size() == all_rules().size());
  for (size_t i = 0; i < rules->items.size(); ++i) {
    const auto* r = rules->items[i];
    const RuleInfo& info = all_rules()[i];
    CAPTURE(info.id);
    CHECK_FALSE(info.help.empty());
    const std::string full(r->get("fullDescription")->text_of("text"));
    CHECK(full.starts_with(std::string(info.summary)));
    CHECK(full.find(fmt::format("default severity: {}", severity_name(info.default_severity))) != std::string::npos);
    CHECK(r->get("help")->text_of("text") == info.help);
    const std::string md(r->get("help")->text_of("markdown"));
    CHECK(md.starts_with(fmt::format("**{}**: ", info.id)));
    CHECK(md.find(info.help) != std::string::npos);
  }
}

TEST_CASE("report: gitlab code quality has the documented fields, major for errors and minor for warnings")
{
  auto doc = parse_json(format_gitlab(sample()));
  const auto& issues = doc->root()->items;
  REQUIRE(issues.size() == 2);
  CHECK(issues[0]->text_of("check_name") == "multiple-owners");
  CHECK(issues[0]->text_of("description").find("a \"quote\" & <tag>") != std::string::npos);
  CHECK(issues[0]->text_of("severity") == "major");
  CHECK(issues[1]->text_of("severity") == "minor");
  CHECK(issues[0]->get("location")->text_of("path") == "meetings/M-1.yaml");
  CHECK(issues[0]->get("location")->get("lines")->text_of("begin") == "2");
  CHECK(issues[1]->get("location")->get("lines")->text_of("begin") == "3");
  const std::string fp(issues[0]->text_of("fingerprint"));
  CHECK(fp.size() == 32);
  CHECK(fp.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(fp != issues[1]->text_of("fingerprint"));
  CHECK(format_gitlab({}) == "[]\n");
}

TEST_CASE("report: gitlab fingerprints leave out the position and count identical findings")
{
  const std::string a = gitlab_fingerprint("m/M-1.yaml", "type", "x", 0);
  CHECK(a == gitlab_fingerprint("m/M-1.yaml", "type", "x", 0));
  CHECK(a != gitlab_fingerprint("m/M-1.yaml", "type", "x", 1));
  CHECK(a != gitlab_fingerprint("m/M-1.yam", "ltype", "x", 0)); // the parts are kept apart
  CHECK(a != gitlab_fingerprint("m/M-2.yaml", "type", "x", 0));
  // Two identical findings of one file get different fingerprints, and moving them keeps both.
  std::vector<FileResult> rs(1);
  rs[0].path = "tasks/T-1.yaml";
  rs[0].diags.push_back(Diagnostic{"vague-wording", Severity::Warning, rs[0].path, {4, 1}, "vague"});
  rs[0].diags.push_back(Diagnostic{"vague-wording", Severity::Warning, rs[0].path, {9, 1}, "vague"});
  auto before = parse_json(format_gitlab(rs));
  for (auto& d : rs[0].diags)
    d.pos.line += 3;
  auto after = parse_json(format_gitlab(rs));
  for (size_t i = 0; i < 2; ++i)
    CHECK(before->root()->items[i]->text_of("fingerprint") == after->root()->items[i]->text_of("fingerprint"));
  CHECK(before->root()->items[0]->text_of("fingerprint") != before->root()->items[1]->text_of("fingerprint"));
}

TEST_CASE("report: the GitHub step summary is a Markdown table with | and line breaks escaped")
{
  std::vector<FileResult> rs(1);
  rs[0].path = "a|b.yaml";
  rs[0].diags.push_back(Diagnostic{"type", Severity::Error, rs[0].path, {3, 4}, "x | y\nz `a|b` <i>"});
  rs[0].diags.push_back(Diagnostic{"unknown-field", Severity::Warning, rs[0].path, {5, 1}, "w"});
  const std::string md = format_step_summary(rs, true);
  CHECK(md.starts_with("### collab lint\n\n1 error, 1 warning in 1 record\n"));
  CHECK(md.find("| File | Line | Severity | Rule | Message |\n| --- | ---: | --- | --- | --- |\n") != std::string::npos);
  CHECK(md.find("| a\\|b.yaml | 3 | error | `type` | x \\| y<br>z `a\\|b` &lt;i> |\n") != std::string::npos);
  CHECK(md.find("| a\\|b.yaml | 5 | warning | `unknown-field` | w |\n") != std::string::npos);
  CHECK(md.find("GitHub shows only") == std::string::npos); // 2 annotations: all shown
  // Every table row has exactly the 6 unescaped pipes of 5 cells.
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("|")) {
      size_t pipes = 0;
      for (size_t i = 0; i < line.size(); ++i)
        pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
      CHECK_MESSAGE(pipes == 6, line);
    }
}

TEST_CASE("report: the GitHub step summary caps its table and says when GitHub hides annotations")
{
  std::vector<FileResult> rs(1);
  rs[0].path = "t.yaml";
  for (int i = 1; i <= 11; ++i)
    rs[0].diags.push_back(Diagnostic{"type", Severity::Error, rs[0].path, {i, 1}, "e"});
  const std::string md = format_step_summary(rs, true, 4);
  CHECK(md.find("| t.yaml | 4 |") != std::string::npos);
  CHECK(md.find("| t.yaml | 5 |") == std::string::npos);
  CHECK(md.find("… and 7 more findings, in the job log.") != std::string::npos);
  CHECK(md.find("GitHub shows only 10 error and 10 warning annotations per step; this step produced 11") !=
        std::string::npos);
  // Without annotations (another format) there is nothing hidden to mention.
  CHECK(format_step_summary(rs, false).find("GitHub shows only") == std::string::npos);
  // 10 errors and 10 warnings: GitHub shows all 20.
  rs[0].diags.pop_back();
  for (int i = 1; i <= 10; ++i)
    rs[0].diags.push_back(Diagnostic{"unknown-field", Severity::Warning, rs[0].path, {i, 2}, "w"});
  CHECK(format_step_summary(rs, true).find("GitHub shows only") == std::string::npos);
  // No findings: the totals and no table.
  rs[0].diags.clear();
  CHECK(format_step_summary(rs, true) == "### collab lint\n\n0 errors, 0 warnings in 1 record\n");
}

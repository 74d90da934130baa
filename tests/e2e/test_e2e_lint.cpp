// End-to-end: the built collab binary linting real folders.
#include "process.h"
#include "xml.h"

#include "collab/util/diagnostic.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <regex>
#include <set>

using namespace test;

namespace {

/// collab as of 2024-01-01 (a day before every meeting here): unconfirmed-minutes, which counts from
/// today, has tests of its own (test_e2e_confirm.cpp) and stays out of these findings.
RunResult lint_run(const std::vector<std::string>& args, const fs::path& cwd,
                   std::map<std::string, std::optional<std::string>> env = {})
{
  env.emplace("COLLAB_TODAY", "2024-01-01");
  return run_collab(args, cwd, env);
}

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";

std::unique_ptr<collab::yaml::Document> parse_json(const std::string& text)
{
  collab::yaml::SourceFile src("out.json", text);
  auto p = collab::yaml::parse_yaml(src);
  REQUIRE_MESSAGE(!p.error, (p.error ? p.error->message : ""));
  REQUIRE(p.doc);
  return std::move(p.doc);
}

/// "rule line:col" for every finding of a JSON report, by path.
std::map<std::string, std::multiset<std::string>> findings_by_path(const std::string& json)
{
  auto doc = parse_json(json);
  std::map<std::string, std::multiset<std::string>> out;
  for (const auto* f : doc->root()->items)
    out[std::string(f->text_of("path"))].insert(
      fmt::format("{} {}:{}", f->text_of("rule"), f->text_of("line"), f->text_of("column")));
  return out;
}

const char* k_meeting = R"(id: M-2024-001
kind: meeting
title: 周会
date: 2024-05-10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七]
actions:
  - action: 提交设计稿
    owner: 赵六
    deadline: 2024-05-12
    deliverable: 设计稿链接
)";

fs::path make_root(const TempDir& tmp, const std::string& config = "")
{
  write(tmp / ".collab.yaml", config);
  return tmp.path();
}

} // namespace

TEST_CASE("lint: the example records are clean")
{
  const auto r = lint_run({"-C", k_examples.string(), "lint"}, k_examples);
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  CHECK_MESSAGE(r.err.find("0 个错误，0 个警告，共") != std::string::npos, r.err); // examples/ has lang: zh
}

TEST_CASE("lint: every file in examples/bad reports exactly what its `# expect:` lines say")
{
  const fs::path bad = k_examples / "bad";
  const auto r = lint_run({"lint", "--format", "json"}, bad);
  CHECK(r.status == 1);
  auto found = findings_by_path(r.out);
  std::set<std::string> rules_shown;
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(bad)) {
    if (!e.is_regular_file() || e.path().extension() != ".yaml" || e.path().filename() == ".collab.yaml")
      continue;
    ++files;
    const std::string rel = e.path().lexically_relative(bad).string();
    CAPTURE(rel);
    std::multiset<std::string> expected;
    std::set<std::string> rule_only;
    std::istringstream in(read(e.path()));
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (std::regex_search(line, m, std::regex(R"(^# expect: ([a-z-]+)(?: (\d+:\d+))?)"))) {
        rules_shown.insert(m[1]);
        if (m[2].matched)
          expected.insert(fmt::format("{} {}", m[1].str(), m[2].str()));
        else
          rule_only.insert(m[1]);
      }
    }
    REQUIRE_MESSAGE(!(expected.empty() && rule_only.empty()), "no # expect: line in " << rel);
    auto& got = found[rel];
    for (const auto& x : expected)
      CHECK_MESSAGE(got.count(x) == 1, "expected " << x);
    for (const auto& g : got) {
      const std::string rule = g.substr(0, g.find(' '));
      CHECK_MESSAGE((expected.count(g) == 1 || rule_only.count(rule) == 1), "unexpected finding " << g);
    }
  }
  // Every lint rule has its example.
  for (const auto& rule : collab::util::all_rules())
    CHECK_MESSAGE(rules_shown.count(std::string(rule.id)) == 1, "no example for rule " << rule.id);
  CHECK(files >= collab::util::all_rules().size());
}

TEST_CASE("lint: every output format of examples/bad parses back")
{
  const fs::path bad = k_examples / "bad";
  const auto json = lint_run({"lint", "--format", "json"}, bad);
  const size_t findings = parse_json(json.out)->root()->items.size();
  CHECK(findings >= collab::util::all_rules().size());

  const auto sarif = lint_run({"lint", "--format", "sarif"}, bad);
  CHECK(sarif.status == 1);
  auto doc = parse_json(sarif.out);
  CHECK(doc->root()->text_of("version") == "2.1.0");
  const auto* run = doc->root()->get("runs")->items.at(0);
  CHECK(run->get("results")->items.size() == findings);
  std::set<std::string> ids;
  for (const auto* rule : run->get("tool")->get("driver")->get("rules")->items)
    ids.insert(std::string(rule->text_of("id")));
  for (const auto* res : run->get("results")->items)
    CHECK(ids.count(std::string(res->text_of("ruleId"))) == 1);

  const auto junit = lint_run({"lint", "--format", "junit"}, bad);
  CHECK(junit.status == 1);
  auto xml = parse_xml(junit.out);
  size_t records = 0;
  for (const auto& e : fs::recursive_directory_iterator(bad))
    if (e.is_regular_file() && e.path().extension() == ".yaml" && e.path().filename() != ".collab.yaml")
      ++records;
  const auto cases = xml->all("testsuite").at(0)->all("testcase");
  CHECK(cases.size() == records);
  size_t failing = 0;
  for (const auto* c : cases)
    failing += c->all("failure").size();
  CHECK(std::to_string(failing) == xml->attributes.at("failures"));

  const auto gitlab = lint_run({"lint", "--format", "gitlab"}, bad);
  CHECK(gitlab.status == 1);
  std::set<std::string> fingerprints;
  const auto gitlab_doc = parse_json(gitlab.out);
  for (const auto* issue : gitlab_doc->root()->items)
    fingerprints.insert(std::string(issue->text_of("fingerprint")));
  CHECK(fingerprints.size() == findings);

  const auto gh = lint_run({"lint", "--format", "github"}, bad);
  CHECK(gh.status == 1);
  std::istringstream in(gh.out);
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    CHECK_MESSAGE(std::regex_match(line, std::regex(R"(::(error|warning) file=[^,]+,line=\d+,col=\d+,title=collab [a-z-]+::.+)")),
                  line);
  }
  CHECK(lines == findings);
}

TEST_CASE("lint: text output is compiler-style with the source line and a caret")
{
  TempDir tmp;
  make_root(tmp);
  write(tmp / "meetings/M-2024-001.yaml", std::string(k_meeting) + "    status: dnoe\n");
  const auto r = lint_run({"lint"}, tmp.path());
  CHECK(r.status == 1);
  CHECK(r.out.find("meetings/M-2024-001.yaml:13:13: error: unknown status `dnoe` in action 1; did you mean `done`? "
                   "[unknown-status]\n   13 |     status: dnoe\n      |             ^\n") != std::string::npos);
  CHECK(r.out.find("\x1b[") == std::string::npos); // not a terminal: no colour
  CHECK(r.err == "1 error, 0 warnings in 1 record\n");
  CHECK(lint_run({"lint", "--color=always"}, tmp.path()).out.find("\x1b[1;31merror") != std::string::npos);
  CHECK(lint_run({"lint"}, tmp.path(), {{"CLICOLOR_FORCE", "1"}}).out.find("\x1b[") != std::string::npos);
  CHECK(lint_run({"lint"}, tmp.path(), {{"CLICOLOR_FORCE", "1"}, {"NO_COLOR", "1"}}).out.find("\x1b[") ==
        std::string::npos);
  CHECK(lint_run({"lint", "-q"}, tmp.path()).err.empty());
}

TEST_CASE("lint: the root is found upwards from a sub-folder, paths shown relative to it")
{
  TempDir tmp;
  make_root(tmp);
  write(tmp / "meetings/M-2024-001.yaml", std::string(k_meeting) + "locaton: x\n");
  auto r = lint_run({"lint"}, tmp / "meetings");
  CHECK(r.status == 0);
  CHECK(r.out.starts_with("M-2024-001.yaml:13:1: warning:"));
  r = lint_run({"-C", (tmp / "meetings").string(), "lint"}, "/");
  CHECK(r.out.starts_with("M-2024-001.yaml:13:1: warning:"));
}

TEST_CASE("lint: exit status 0 with warnings, 1 with --strict")
{
  TempDir tmp;
  make_root(tmp);
  write(tmp / "meetings/M-2024-001.yaml", std::string(k_meeting) + "locaton: x\n");
  auto r = lint_run({"lint"}, tmp.path());
  CHECK(r.status == 0);
  CHECK(r.out.find("[unknown-field]") != std::string::npos);
  CHECK(lint_run({"lint", "--strict"}, tmp.path()).status == 1);
  // Global options may come after the command.
  CHECK(lint_run({"lint", "--strict", "-C", tmp.path().string()}, "/").status == 1);
}

TEST_CASE("lint: usage and configuration errors exit 2 with a positioned message")
{
  TempDir tmp;
  make_root(tmp, "lang: en\nlint:\n  unknwn-field: off\n");
  write(tmp / "meetings/M-2024-001.yaml", k_meeting);
  auto r = lint_run({"lint"}, tmp.path());
  CHECK(r.status == 2);
  CHECK(r.err.find(".collab.yaml:3:3: error: unknown key `unknwn-field` in lint (rule ids); did you mean "
                   "`unknown-field`?") != std::string::npos);

  TempDir ok;
  make_root(ok);
  CHECK(lint_run({"lint", "--format", "xml"}, ok.path()).status == 2);
  CHECK(lint_run({"lint", "nope.yaml"}, ok.path()).status == 2);
  CHECK(lint_run({"lint", "/etc/hostname"}, ok.path()).status == 2);
  CHECK(lint_run({"lint", "--as-of", "someday"}, ok.path()).status == 2);
  CHECK(lint_run({"frobnicate"}, ok.path()).status == 2);
  CHECK(lint_run({"lint", "--bogus"}, ok.path()).status == 2);

  TempDir none;
  r = lint_run({"lint"}, none.path());
  CHECK(r.status == 2);
  CHECK(r.err.find("not a collab records root") != std::string::npos);
}

TEST_CASE("lint PATH lints only those files, checking ids against the rest")
{
  TempDir tmp;
  make_root(tmp);
  write(tmp / "meetings/M-2024-001.yaml", k_meeting);
  write(tmp / "archive/M-2024-001.yaml", k_meeting);
  write(tmp / "meetings/M-2024-002.yaml", "id: M-2024-002\nkind: meeting\n");
  auto r = lint_run({"lint", "--format", "json", "meetings/M-2024-001.yaml"}, tmp.path());
  auto found = findings_by_path(r.out);
  CHECK(found.size() == 1);
  CHECK(found["meetings/M-2024-001.yaml"] == std::multiset<std::string>{"duplicate-id 1:5"});
  CHECK(r.status == 1);
  r = lint_run({"lint", "--format", "json", "meetings"}, tmp.path());
  found = findings_by_path(r.out);
  CHECK(found.count("meetings/M-2024-002.yaml") == 1);
  CHECK(found.count("archive/M-2024-001.yaml") == 0);
}

TEST_CASE("lint: hidden folders and nested roots are not records")
{
  TempDir tmp;
  make_root(tmp);
  write(tmp / "meetings/M-2024-001.yaml", k_meeting);
  write(tmp / ".github/workflows/ci.yml", "on: push\n");
  write(tmp / "other/.collab.yaml", "");
  write(tmp / "other/broken.yaml", "a: [\n");
  const auto r = lint_run({"lint"}, tmp.path());
  CHECK(r.status == 0);
  CHECK(r.err.find("in 1 record") != std::string::npos);
}

TEST_CASE("lint: hostile input finishes with a finding (15 MB, 20,000-deep nesting, alias bomb)")
{
  TempDir tmp;
  make_root(tmp);
  write(tmp / "big.yaml", "id: big\nkind: meeting\nnotes: \"" + std::string(15 * 1024 * 1024, 'x') + "\"\n");
  write(tmp / "deep.yaml", std::string(20000, '[') + std::string(20000, ']') + "\n");
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'z'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i)
      bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = c;
  }
  write(tmp / "bomb.yaml", bomb);
  const auto r = lint_run({"lint", "--format", "json"}, tmp.path());
  CHECK(r.status == 1);
  auto found = findings_by_path(r.out);
  CHECK(found["big.yaml"] == std::multiset<std::string>{"not-a-record 1:1"});
  CHECK(found["deep.yaml"].size() == 1);
  CHECK(found["deep.yaml"].begin()->starts_with("syntax 1:"));
  CHECK(found["bomb.yaml"].size() == 1);
  CHECK(found["bomb.yaml"].begin()->starts_with("syntax "));
  CHECK(r.out.find("a record is at most 1 MiB") != std::string::npos);
  CHECK(r.out.find("aliases expand") != std::string::npos);
}

TEST_CASE("lint: invalid UTF-8, NUL bytes, several documents and duplicate keys")
{
  TempDir tmp;
  make_root(tmp);
  write(tmp / "enc.yaml", "id: enc\ntitle: \xe4\xbc\x9a\xff\n");
  write(tmp / "nul.yaml", std::string("id: nul\0\n", 9));
  write(tmp / "docs.yaml", "id: docs\n---\nid: again\n");
  write(tmp / "dup.yaml", std::string(k_meeting).replace(0, 14, "id: dup") + "title: again\n");
  const auto r = lint_run({"lint", "--format", "json"}, tmp.path());
  auto found = findings_by_path(r.out);
  CHECK(found["enc.yaml"] == std::multiset<std::string>{"encoding 2:9"});
  CHECK(found["nul.yaml"] == std::multiset<std::string>{"syntax 1:8"});
  CHECK(found["docs.yaml"] == std::multiset<std::string>{"syntax 2:1"});
  CHECK(found["dup.yaml"].count("duplicate-key 13:1") == 1);
}

TEST_CASE("lint: github and sarif paths are relative to the git work tree, text paths to the working directory")
{
  TempDir tmp;
  git_init(tmp.path());
  const fs::path root = tmp / "docs/records";
  write(root / ".collab.yaml", "");
  write(root / "meetings/M-2024-001.yaml", std::string(k_meeting) + "locaton: x\n");
  auto gh = lint_run({"-C", root.string(), "lint", "--format", "github"}, tmp.path());
  CHECK(gh.out.find("file=docs/records/meetings/M-2024-001.yaml,") != std::string::npos);
  auto text = lint_run({"lint"}, root);
  CHECK(text.out.starts_with("meetings/M-2024-001.yaml:13:1:"));
}

TEST_CASE("lint never writes: the work tree and history are untouched")
{
  TempDir tmp;
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "");
  write(tmp / "meetings/M-2024-001.yaml", std::string(k_meeting) + "    status: dnoe\n");
  REQUIRE(sh("git add -A && git commit -qm base", tmp.path()).status == 0);
  const auto before = sh("git rev-parse HEAD && git status --porcelain --ignored && ls -la .git", tmp.path()).out;
  for (const char* f : {"text", "json", "github", "sarif", "junit", "gitlab"})
    lint_run({"lint", "--format", f}, tmp.path());
  CHECK(sh("git rev-parse HEAD && git status --porcelain --ignored && ls -la .git", tmp.path()).out == before);
}

TEST_CASE("--version and --help work on every command")
{
  TempDir tmp;
  auto r = lint_run({"--version"}, tmp.path());
  CHECK(r.status == 0);
  CHECK(r.out.starts_with("collab "));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"init", "--help"}, {"lint", "--help"}}) {
    r = lint_run(args, tmp.path());
    CHECK(r.status == 0);
    CHECK(r.out.find("Usage") != std::string::npos);
  }
  CHECK(lint_run({"lint", "--help"}, tmp.path()).out.find("--strict") != std::string::npos);
}

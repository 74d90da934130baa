// read_record is the one way every command reads a record: its verdicts are tested here.
#include "collab/lint/read_record.h"
#include "process.h"
#include "collab/model/config.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace collab;
using namespace collab::util;
using namespace collab::lint;
using namespace collab::store;

namespace {

Workspace workspace()
{
  Workspace ws;
  ws.root = "/nonexistent";
  ws.cwd = "/nonexistent";
  return ws;
}

const std::string k_task = "id: T-2024-001\nkind: task\ntitle: Ship\nowner: 赵六\ndeadline: 2024-05-01\n"
                           "deliverable: 报价单\nstatus: todo\n";

bool has_rule(const Record& r, const std::string& rule)
{
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const Diagnostic& d) { return d.rule == rule; });
}

} // namespace

TEST_CASE("read_record: a valid record reads, with its kind and no findings")
{
  const Record r = read_record_text(workspace(), "T-2024-001.yaml", k_task, "T-2024-001");
  CHECK(!r.unreadable);
  REQUIRE(r.root());
  CHECK(r.kind);
  CHECK(r.kind->name == "task");
  CHECK(r.findings.empty());
  CHECK(r.info.id == "T-2024-001");
}

TEST_CASE("read_record: what yaml-cpp lets through is unreadable, with or without the rules")
{
  std::string text = k_task;
  text.replace(text.find("title: Ship"), 11, "title: \"Ship\"#oops");
  for (bool rules : {true, false}) {
    const Record r = read_record_text(workspace(), "T.yaml", text, "T-2024-001", ReadOptions{rules, rules});
    CHECK(r.unreadable);
    CHECK(!r.root());
    CHECK(has_rule(r, "syntax"));
    CHECK(r.findings.front().pos.line == 3);
  }
}

TEST_CASE("read_record: anchors, tags and `|`/`>` blocks that YAML forbids are unreadable (block_check)")
{
  // The YAML test suite's G9HC, H7J7, X4QW and S98Z, as the last field of a record.
  for (const std::string& tail : {std::string("notes:\n&anchor\n- a\n"), std::string("notes: &x\n!!map\n  a: b\n"),
                                  std::string("notes: ># comment\n  text\n"),
                                  std::string("notes: >\n \n  \n # comment\n")}) {
    CAPTURE(tail);
    const Record r = read_record_text(workspace(), "T.yaml", k_task + tail, "T-2024-001");
    CHECK(r.unreadable);
    CHECK(has_rule(r, "syntax"));
    CHECK(r.findings.front().pos.line >= 8);
  }
}

TEST_CASE("read_record: a raw control character is a syntax error whichever parser would read the file, its escape a warning")
{
  // The reproducers of fuzz_parsers: the fast parser accepted both, yaml-cpp did not read them alike.
  for (const std::string& tail : {std::string("notes: |\n  x\x04\n"), std::string("notes:\n- -\x04\n")}) {
    CAPTURE(tail);
    const Record r = read_record_text(workspace(), "T.yaml", k_task + tail, "T-2024-001");
    CHECK(r.unreadable);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings.front().rule == "syntax");
  }
  const Record escaped = read_record_text(workspace(), "T.yaml", k_task + "notes: \"x\\u0004\"\n", "T-2024-001");
  CHECK(!escaped.unreadable);
  CHECK(has_rule(escaped, "control-char"));
  CHECK(!has_rule(escaped, "syntax"));
}

TEST_CASE("read_record: a record with CRLF line ends reads, one with a lone CR is a syntax error")
{
  std::string crlf;
  for (const char c : k_task)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const Record ok = read_record_text(workspace(), "T.yaml", crlf, "T-2024-001");
  CHECK(!ok.unreadable);
  CHECK(ok.findings.empty());
  const Record lone = read_record_text(workspace(), "T.yaml", k_task + "notes: \r", "T-2024-001");
  CHECK(lone.unreadable);
  REQUIRE(lone.findings.size() == 1);
  CHECK(lone.findings.front().rule == "syntax");
  CHECK(lone.findings.front().pos == Position{8, 8});
}

TEST_CASE("read_record: size cap, encoding, duplicate keys and rules")
{
  const Record big = read_record_text(workspace(), "T.yaml", std::string(1024 * 1024 + 1, '#'), "T");
  CHECK(big.unreadable);
  CHECK(has_rule(big, "not-a-record"));

  const Record bad_utf8 = read_record_text(workspace(), "T.yaml", k_task + "notes: \xff\n", "T-2024-001");
  CHECK(bad_utf8.unreadable);

  const Record dup = read_record_text(workspace(), "T.yaml", k_task + "owner: 孙七\n", "T-2024-001");
  CHECK(dup.unreadable); // an error before the rules: which owner is meant?
  CHECK(has_rule(dup, "duplicate-key"));

  // A rule error is not a reading error: the record reads, and lint reports it.
  std::string missing = k_task;
  missing.erase(missing.find("deliverable"), std::string("deliverable: 报价单\n").size());
  const Record rule = read_record_text(workspace(), "T.yaml", missing, "T-2024-001");
  CHECK(!rule.unreadable);
  CHECK(rule.has_errors());
  const Record no_rules = read_record_text(workspace(), "T.yaml", missing, "T-2024-001", ReadOptions{false, false});
  CHECK(!no_rules.has_errors());
}

TEST_CASE("read_record: full-width syntax stops the read before the parser, for every command")
{
  std::string text = k_task;
  text.replace(text.find("owner: "), 7, "owner：");
  for (bool rules : {true, false}) {
    const Record r = read_record_text(workspace(), "T.yaml", text, "T-2024-001", ReadOptions{rules, rules});
    CHECK(r.unreadable);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "fullwidth-syntax");
    CHECK(r.findings[0].pos == Position{4, 6});
  }
  // Configured as a warning, the record is parsed and the parser has its say.
  Workspace ws = workspace();
  ws.config.severity["fullwidth-syntax"] = Severity::Warning;
  const Record r = read_record_text(ws, "T.yaml", text, "T-2024-001");
  CHECK(has_rule(r, "fullwidth-syntax"));
  CHECK(has_rule(r, "syntax"));
  ws.config.severity["fullwidth-syntax"] = Severity::Off;
  CHECK_FALSE(has_rule(read_record_text(ws, "T.yaml", text, "T-2024-001"), "fullwidth-syntax"));
}

TEST_CASE("read_record: findings come sorted by position")
{
  const Record r = read_record_text(workspace(), "T.yaml", "id: X\nkind: task\nowner: 相关部门\nfoo: 1\n", "Y");
  REQUIRE(r.findings.size() >= 2);
  for (size_t i = 1; i < r.findings.size(); ++i)
    CHECK(r.findings[i - 1].pos.line <= r.findings[i].pos.line);
}

TEST_CASE("read_record: the verdict does not depend on whether positions are kept")
{
  // A quoted value whose continuation line is not indented past its mapping's column.
  const std::string text = "id: T-2024-001\nkind: task\ntitle: Ship\nsubtasks:\n  - title: \"first\n  second\"\n"
                           "    owner: 赵六\n";
  const Record with = read_record_text(workspace(), "T.yaml", text, "T-2024-001", ReadOptions{false, true});
  const Record without = read_record_text(workspace(), "T.yaml", text, "T-2024-001", ReadOptions{false, false});
  CHECK(with.unreadable);
  CHECK(without.unreadable == with.unreadable);
  CHECK(has_rule(without, "syntax"));
}

TEST_CASE("read_record: a link is never opened, whether the file or a folder on its way is the link")
{
  test::TempDir tmp;
  test::write(tmp / "outside/T-9.yaml", "id: T-9\nkind: task\ntitle: secret\n");
  fs::create_directories(tmp / "root/tasks");
  fs::create_symlink(tmp / "outside/T-9.yaml", tmp / "root/tasks/T-9.yaml");
  fs::create_symlink(tmp / "outside", tmp / "root/issues");
  Workspace ws;
  ws.root = tmp / "root";
  ws.cwd = ws.root;
  for (const char* rel : {"tasks/T-9.yaml", "issues/T-9.yaml"}) {
    CAPTURE(rel);
    const Record r = read_record(ws, ws.root / rel);
    CHECK(r.unreadable);
    CHECK_FALSE(r.src);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "symlink");
  }
}

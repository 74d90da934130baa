#include "collab/lint/lint_files.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;
using namespace collab::lint;

namespace {

Workspace workspace(const std::string& config_text)
{
  Workspace ws;
  std::vector<Diagnostic> errors;
  ws.config = parse_config(SourceFile(".collab.yaml", config_text), errors);
  ws.config.today = Date{2024, 5, 11}; // the day after the meetings below: unconfirmed-minutes not due yet
  REQUIRE(errors.empty());
  return ws;
}

/// Lints text as `<stem>.yaml` and returns "rule line:col" strings.
std::vector<std::string> rules_of(const std::string& text, const std::string& config = "",
                              const std::string& stem = "M-2024-001")
{
  const Workspace ws = workspace(config);
  const FileResult r = lint_text(ws, stem + ".yaml", text, stem);
  std::vector<std::string> out;
  for (const auto& d : r.diags)
    out.push_back(fmt::format("{} {}:{}", d.rule, d.pos.line, d.pos.column));
  return out;
}

std::string message_of(const std::string& text, const std::string& rule, const std::string& config = "",
                       const std::string& stem = "M-2024-001")
{
  const FileResult r = lint_text(workspace(config), stem + ".yaml", text, stem);
  for (const auto& d : r.diags)
    if (d.rule == rule)
      return d.message;
  return {};
}

const std::string k_meeting = R"(id: M-2024-001
kind: meeting
title: 618活动协同推进会
date: 2024-05-10
time: "14:00-16:00"
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七, {name: 周八, dept: 仓储部}]
actions:
  - action: 提交最终版设计稿
    owner: 赵六
    deadline: 2024-05-12
    deliverable: 最终版设计稿(含移动端适配)
)";

/// k_meeting with one line replaced (by its prefix) or appended.
std::string with(const std::string& from, const std::string& to)
{
  std::string s = k_meeting;
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  const auto end = s.find('\n', at);
  s.replace(at, end - at, to);
  return s;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("lint: a complete meeting has no findings")
{
  CHECK(rules_of(k_meeting) == V{});
}

TEST_CASE("lint: not-a-record for a non-mapping, a missing kind and an unknown kind")
{
  CHECK(rules_of("- a\n- b\n") == V{"not-a-record 1:1"});
  CHECK(rules_of("# c\nid: M-2024-001\ntitle: x\n") == V{"not-a-record 2:1"});
  CHECK(rules_of(with("kind:", "kind: meting")) == V{"not-a-record 2:7"});
  CHECK(message_of(with("kind:", "kind: meting"), "not-a-record").find("did you mean `meeting`") !=
        std::string::npos);
  CHECK(rules_of("") == V{"not-a-record 1:1"});
}

TEST_CASE("lint: missing-field points at the enclosing mapping, empty-field at the key")
{
  CHECK(rules_of(with("host:", "")) == V{"missing-field 1:1"});
  CHECK(message_of(with("host:", ""), "missing-field").find("add `host: ...`") != std::string::npos);
  CHECK(rules_of(with("    deadline:", "")) == V{"missing-field 10:5"});
  CHECK(message_of(with("    deadline:", ""), "missing-field").find("in action 1; add `deadline: YYYY-MM-DD`") !=
        std::string::npos);
  CHECK(rules_of(with("host:", "host:")) == V{"empty-field 6:1"});
  CHECK(rules_of(with("attendees:", "attendees: []")) == V{"empty-field 8:1"});
}

TEST_CASE("lint: type errors for wrong shapes")
{
  CHECK(rules_of(with("title:", "title: [a, b]")) == V{"type 3:8"});
  CHECK(rules_of(with("attendees:", "attendees: 赵六")) == V{"type 8:12"});
  CHECK(rules_of(with("attendees:", "attendees: {a: 1}")) == V{"type 8:12"});
  CHECK(rules_of(k_meeting + "    progress: 120\n") == V{"type 14:15"});
  CHECK(rules_of(k_meeting + "    progress: 60\n") == V{});
  CHECK(rules_of(with("time:", "mode: onlin")) == V{"type 5:7"});
  CHECK(message_of(with("time:", "mode: onlin"), "type").find("did you mean `online`") != std::string::npos);
}

TEST_CASE("lint: bad-date proposes the ISO form")
{
  CHECK(rules_of(with("date:", "date: 2024/5/10")) == V{"bad-date 4:7"});
  CHECK(message_of(with("date:", "date: 2024/5/10"), "bad-date").find("write `2024-05-10`") != std::string::npos);
  CHECK(message_of(with("date:", "date: 2024年5月10日"), "bad-date").find("`2024-05-10`") != std::string::npos);
  // A date without a year takes the record's year.
  CHECK(message_of(with("    deadline:", "    deadline: 05-12"), "bad-date").find("`2024-05-12`") !=
        std::string::npos);
  CHECK(message_of(with("date:", "date: 2024-02-30"), "bad-date").find("not a valid date") != std::string::npos);
  CHECK(rules_of(with("date:", "date: \"2024-05-10\"")) == V{});
  CHECK(message_of(with("time:", "time: 9:00~10:30"), "bad-date").find("\"09:00-10:30\"") != std::string::npos);
  CHECK(rules_of(k_meeting + "next_meeting: 2024-05-17 14:00\n") == V{});
  CHECK(message_of(k_meeting + "next_meeting: 2024/5/17 14:00\n", "bad-date").find("`2024-05-17 14:00`") !=
        std::string::npos);
}

TEST_CASE("lint: statuses, aliases and the computed overdue")
{
  CHECK(rules_of(k_meeting + "    status: 进行中\n") == V{});
  CHECK(rules_of(k_meeting + "    status: dnoe\n") == V{"unknown-status 14:13"});
  CHECK(message_of(k_meeting + "    status: dnoe\n", "unknown-status").find("did you mean `done`") !=
        std::string::npos);
  CHECK(rules_of(k_meeting + "    status: 逾期\n") == V{"overdue-status 14:13"});
}

TEST_CASE("lint: status rules point at the status value")
{
  CHECK(rules_of(k_meeting + "    status: done\n") == V{"done-without-date 14:13", "done-without-evidence 14:13"});
  CHECK(rules_of(k_meeting + "    status: done\n    completed: 2024-05-11\n    evidence: 链接\n") == V{});
  CHECK(rules_of(k_meeting + "    status: delayed\n") == V{"delayed-without-reason 14:13"});
  CHECK(rules_of(k_meeting + "    status: 延期\n    delay_reason: 设计返工\n") == V{});
}

TEST_CASE("lint: owners are exactly one named person")
{
  CHECK(rules_of(with("    owner:", "    owner: 赵六、孙七")) == V{"multiple-owners 11:12"});
  CHECK(rules_of(with("    owner:", "    owner: [赵六, 孙七]")) == V{"multiple-owners 11:12"});
  CHECK(rules_of(with("    owner:", "    owner: 相关部门")) == V{"vague-owner 11:12"});
  CHECK(rules_of(with("    owner:", "    owner: TBD")) == V{"vague-owner 11:12"});
}

TEST_CASE("lint: multiple-owners splits on every way of joining names, never a registered name")
{
  for (const char* owners : {"赵六 孙七", "赵六及孙七", "赵六与孙七", "赵六和孙七", "赵六/孙七", "Zhao and Sun"}) {
    CAPTURE(owners);
    CHECK(rules_of(with("    owner:", std::string("    owner: ") + owners)) == V{"multiple-owners 11:12"});
  }
  CHECK(message_of(with("    owner:", "    owner: 赵六 孙七"), "multiple-owners").find("names 2 people (赵六, 孙七)") !=
        std::string::npos);
  // Names holding 和, registered or not; a registered alias with a space.
  const std::string people = "people:\n  王和平: {}\n  欧阳娜娜: {aliases: [欧阳 娜娜]}\n  赵六: {}\n  孙七: {}\n  周八: {}\n";
  CHECK(rules_of(with("    owner:", "    owner: 王和平"), people) == V{});
  CHECK(rules_of(with("    owner:", "    owner: 王和平")) == V{});
  CHECK(rules_of(with("    owner:", "    owner: 欧阳 娜娜"), people) == V{});
  CHECK(rules_of(with("    owner:", "    owner: 欧阳 娜娜")) == V{"multiple-owners 11:12"});
  CHECK(message_of(with("    owner:", "    owner: 王和平、欧阳 娜娜"), "multiple-owners", people)
          .find("(王和平, 欧阳 娜娜)") != std::string::npos);
  CHECK(rules_of(with("    owner:", "    owner: Zhao Liu")) == V{});
}

TEST_CASE("lint: department-owner for a listed department, a registered person's dept, or a department's name")
{
  const std::string cfg = "people:\n  赵六: {dept: 市场部}\n  孙七: {dept: 市场部}\n  周八: {dept: 仓储部}\n"
                          "departments: [市场部, 行政部, R&D]\n";
  CHECK(rules_of(with("    owner:", "    owner: 市场部"), cfg) == V{"department-owner 11:12"});
  const std::string msg = message_of(with("    owner:", "    owner: 市场部"), "department-owner", cfg);
  CHECK(msg.find("is a department, not a person") != std::string::npos);
  CHECK(msg.find("registered there: 孙七, 赵六") != std::string::npos);
  CHECK(msg.find("`people`") == std::string::npos);
  // Listed, nobody registered in it; a listed name with a separator is not split.
  CHECK(message_of(with("    owner:", "    owner: 行政部"), "department-owner", cfg).find("registered there") ==
        std::string::npos);
  CHECK(rules_of(with("    owner:", "    owner: R&D"), cfg) == V{"department-owner 11:12"});
  // Only a person's dept.
  CHECK(rules_of(with("    owner:", "    owner: 仓储部"), cfg) == V{"department-owner 11:12"});
  // Named like one, without a config.
  for (const char* dept : {"采购中心", "总经办", "项目管理办公室", "测试组", "研发部门", "Marketing Department"}) {
    CAPTURE(dept);
    CHECK(rules_of(with("    owner:", std::string("    owner: ") + dept)) == V{"department-owner 11:12"});
  }
  CHECK(message_of(with("    owner:", "    owner: 采购中心"), "department-owner").find("ends in `中心`") !=
        std::string::npos);
  // Vague words stay vague-owner; a registered person is a person whatever the name ends in.
  CHECK(rules_of(with("    owner:", "    owner: 相关部门"), cfg) == V{"vague-owner 11:12"});
  CHECK(rules_of(with("    owner:", "    owner: 王建部"), "people:\n  王建部: {}\n  赵六: {}\n  孙七: {}\n  周八: {}\n") ==
        V{});
  // Other people fields are not owners.
  CHECK(rules_of(with("host:", "host: 市场部"), cfg) == V{"unknown-person 6:7"});
  CHECK(rules_of(with("    owner:", "    owner: 采购中心"), "lint: {department-owner: off}\n") == V{});
}

TEST_CASE("lint: unknown-person only with a people registry")
{
  const std::string people = "people:\n  赵六: {}\n  孙七: {}\n  周八: {aliases: [Zhou]}\n";
  CHECK(rules_of(k_meeting, people) == V{});
  CHECK(rules_of(with("host:", "host: 赵五"), people) == V{"unknown-person 6:7"});
  CHECK(rules_of(with("host:", "host: Zhou"), people) == V{});
  CHECK(rules_of(with("host:", "host: 赵五")) == V{});
}

TEST_CASE("lint: wording rules")
{
  CHECK(rules_of(with("    deliverable:", "    deliverable: 尽快完成")) == V{"vague-wording 13:18"});
  CHECK(rules_of(with("  - action:", "  - action: ASAP fix")) == V{"vague-wording 10:13"});
  CHECK(rules_of(k_meeting + "notes: 研发部不配合\n") == V{"subjective-wording 14:8"});
  CHECK(rules_of(k_meeting + "notes: 研发部提出需2周\n") == V{});
}

TEST_CASE("lint: unknown-field suggests the nearest known key")
{
  CHECK(rules_of(k_meeting + "locaton: 腾讯会议\n") == V{"unknown-field 14:1"});
  CHECK(message_of(k_meeting + "locaton: 腾讯会议\n", "unknown-field").find("did you mean `location`") !=
        std::string::npos);
  // An ASCII comma inside a flow mapping splits the text into a stray key.
  CHECK(rules_of(with("attendees:", "attendees: [赵六, {name: 周八, dept: 仓储部, 主管}]")) == V{"unknown-field 8:39"});
}

TEST_CASE("lint: id-mismatch and date-order")
{
  CHECK(rules_of(k_meeting, "", "M-2024-002") == V{"id-mismatch 1:5"});
  CHECK(rules_of(with("time:", "time: \"16:00-14:00\"")) == V{"date-order 5:7"});
  const std::string task = R"(id: T-1
kind: task
title: t
owner: 赵六
start: 2024-10-10
deadline: 2024-10-01
deliverable: 方案
status: todo
)";
  CHECK(rules_of(task, "", "T-1") == V{"date-order 6:11"});
}

TEST_CASE("lint: an issue closed without verification")
{
  const std::string issue = R"(id: I-1
kind: issue
title: 订单系统数据延迟
occurred: 2024-03-01
owner: 赵六
description: 订单数据延迟4-6小时
status: 已闭环
completed: 2024-03-11
evidence: 监控截图
)";
  CHECK(rules_of(issue, "", "I-1") == V{"unverified-close 7:9"});
  CHECK(rules_of(issue + "verification: 延迟≤1.5小时\n", "", "I-1") == V{});
}

TEST_CASE("lint: severities and word lists come from the config")
{
  CHECK(rules_of(k_meeting + "locaton: x\n", "lint: {unknown-field: off}\n") == V{});
  const FileResult r =
    lint_text(workspace("lint: {unknown-field: error}\n"), "M-2024-001.yaml", k_meeting + "locaton: x\n", "M-2024-001");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].severity == Severity::Error);
  CHECK(rules_of(k_meeting + "notes: 拖拉\n", "lint: {subjective-wording: {add_words: [拖拉]}}\n") ==
        V{"subjective-wording 14:8"});
  CHECK(rules_of(with("    deliverable:", "    deliverable: 尽快"), "lint: {vague-wording: {words: [再议]}}\n") == V{});
}

TEST_CASE("lint: required keys can be extended per kind and per item")
{
  CHECK(rules_of(k_meeting, "required: {meeting: [location]}\n") == V{"missing-field 1:1"});
  CHECK(rules_of(k_meeting, "required: {action: [dept]}\n") == V{"missing-field 10:5"});
  CHECK(rules_of(k_meeting + "    dept: 市场部\n", "required: {action: [dept]}\n") == V{});
}

TEST_CASE("lint: check_duplicate_ids reports both places")
{
  const auto d = check_duplicate_ids({{"M-1", "a/M-1.yaml", {1, 5}}, {"M-1", "b/M-1.yaml", {1, 5}}, {"M-2", "c", {1, 5}}});
  REQUIRE(d.size() == 2);
  CHECK(d[0].path == "a/M-1.yaml");
  CHECK(d[0].message.find("b/M-1.yaml:1:5") != std::string::npos);
  CHECK(d[1].message.find("a/M-1.yaml:1:5") != std::string::npos);
}

TEST_CASE("lint: numbers in a time span are parsed with bounds (no overflow, no wrapped suggestion)")
{
  // 4294967305 is 2^32 + 9: a wrapping int read it as 9 and proposed "09:00-10:30" (and it
  // was undefined behaviour, which UBSan flagged with "99999999999").
  CHECK(rules_of(with("time:", "time: \"99999999999\"")) == V{"bad-date 5:7"});
  const std::string msg = message_of(with("time:", "time: \"4294967305:00-10:30\""), "bad-date");
  CHECK(msg.find("write \"HH:MM-HH:MM\"") != std::string::npos);
  CHECK(msg.find("09:00") == std::string::npos);
  CHECK(message_of(with("time:", "time: 9:00~10:30"), "bad-date").find("\"09:00-10:30\"") != std::string::npos);
}

TEST_CASE("lint: control characters in values and keys are a control-char warning at the value")
{
  CHECK(rules_of(with("title:", "title: \"会\\e]0;PWNED\\a\"")) == V{"control-char 3:8"});
  CHECK(message_of(with("title:", "title: \"会\\e]0;PWNED\\a\""), "control-char") ==
        "the value holds the control character U+001B (`\\e`) at character 2; a terminal would act on it (escape "
        "sequences retitle or clear it): remove it");
  CHECK(message_of(with("title:", "title: \"a\\x9b\""), "control-char").find("U+009B (`\\x9b`)") !=
        std::string::npos);
  // Line breaks and tabs are text in a value, not in a key.
  CHECK(rules_of(with("title:", "title: \"a\\tb\\nc\"")) == V{});
  CHECK(message_of(k_meeting + "\"x\\ay\": 1\n", "control-char").find("the key holds") != std::string::npos);
}

TEST_CASE("lint: an item is not due before its record's date (date-order)")
{
  CHECK(rules_of(with("    deadline:", "    deadline: 2024-05-09")) == V{"date-order 12:15"});
  CHECK(message_of(with("    deadline:", "    deadline: 2024-05-09"), "date-order") ==
        "`deadline: 2024-05-09` in action 1 is before the meeting's `date: 2024-05-10`; fix one of the dates");
  CHECK(rules_of(with("    deadline:", "    deadline: 2024-05-10")) == V{});
  const std::string issue = R"(id: I-1
kind: issue
title: t
occurred: 2024-03-05
owner: 赵六
description: d
status: doing
solutions:
  - action: a
    owner: 赵六
    deadline: 2024-03-01
    deliverable: b
)";
  CHECK(rules_of(issue, "", "I-1") == V{"date-order 11:15"});
  const std::string task = R"(id: T-1
kind: task
title: t
owner: 赵六
start: 2024-10-01
deadline: 2024-10-31
deliverable: 方案
status: todo
subtasks:
  - title: s
    owner: 赵六
    deadline: 2024-09-30
    deliverable: b
)";
  CHECK(rules_of(task, "", "T-1") == V{"date-order 12:15"});
}

TEST_CASE("lint: next_meeting after the meeting (date-order)")
{
  CHECK(rules_of(k_meeting + "next_meeting: 2024-05-09 14:00\n") == V{"date-order 14:15"});
  CHECK(rules_of(k_meeting + "next_meeting: 2024-05-09\n") == V{"date-order 14:15"});
  CHECK(rules_of(k_meeting + "next_meeting: 2024-05-10 18:00\n") == V{});
}

TEST_CASE("lint: minutes within a day of the meeting (minutes-late)")
{
  CHECK(rules_of(k_meeting + "created: 2024-05-11\n") == V{});
  CHECK(rules_of(k_meeting + "created: 2024-05-09\n") == V{}); // prepared before the meeting
  CHECK(rules_of(k_meeting + "created: 2024-05-12\n") == V{"minutes-late 14:10"});
  const FileResult r = lint_text(workspace(""), "M-2024-001.yaml", k_meeting + "created: 2024-05-12\n", "M-2024-001");
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].severity == Severity::Warning);
  CHECK(r.diags[0].message.find("2 days after the meeting") != std::string::npos);
  CHECK(rules_of(k_meeting + "created: 2024-05-20\n", "lint: {minutes-late: off}\n") == V{});
}

TEST_CASE("lint: only attendees confirm the minutes (non-attendee-confirmation)")
{
  CHECK(rules_of(k_meeting + "confirmed:\n  - {name: 赵六, date: 2024-05-10}\n  - {name: 周八, date: 2024-05-11}\n") ==
        V{});
  CHECK(rules_of(k_meeting + "confirmed:\n  - {name: 赵六, date: 2024-05-10}\n  - {name: 李娜, date: 2024-05-11}\n") ==
        V{"non-attendee-confirmation 16:12"});
  CHECK(message_of(k_meeting + "confirmed:\n  - name: 李娜\n", "non-attendee-confirmation")
          .find("`李娜` confirmed the minutes but is not among the `attendees`") != std::string::npos);
  // An alias confirms for the registered attendee, and the other way round.
  const std::string people = "people:\n  赵六: {}\n  孙七: {}\n  周八: {aliases: [Zhou]}\n";
  CHECK(rules_of(k_meeting + "confirmed:\n  - name: Zhou\n", people) == V{});
  CHECK(rules_of(with("attendees:", "attendees: [赵六, 孙七, Zhou]") + "confirmed:\n  - name: 周八\n", people) == V{});
}


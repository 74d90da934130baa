// End-to-end: minutes go out and confirmations come back (SPEC §7a): confirm, unconfirmed, the
// lint rules unconfirmed-minutes and minutes-late at several --as-of dates, and mail.
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {

/// The registry: 赵六 and 孙七 have addresses (孙七 is the test's git identity, by email), 周八
/// has none; 王总 heads 市场部.
std::string config(const std::string& lang)
{
  return "lang: " + lang + R"(
people:
  赵六: {email: zhao@example.com, dept: 市场部}
  孙七: {email: recorder@example.com, dept: 技术部, aliases: [小孙]}
  周八: {dept: 仓储部}
  王总: {email: wang@example.com, dept: 市场部}
  Zoë Müller: {email: zoe@example.com, dept: 技术部}
departments: [市场部, 技术部, 仓储部]
)";
}

const char* const k_meeting = R"(id: M-2024-007
kind: meeting
title: 618活动协同推进会
date: 2024-05-10
created: 2024-05-10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七, {name: 周八, dept: 仓储部, title: 主管}]
cc: [市场部, 周八]
actions:
  - action: 提交最终版设计稿
    owner: 赵六
    deadline: 2024-05-12
    deliverable: 最终版设计稿(含移动端适配)
)";

const std::string k_path = "meetings/M-2024-007.yaml";

/// A repo whose root holds the meeting (committed as V1.0).
fs::path root(const TempDir& tmp, const std::string& lang = "en", const std::string& meeting = k_meeting)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", config(lang));
  write(tmp / k_path, meeting);
  git("add -A && git commit -q -m base", tmp.path());
  return tmp.path();
}

RunResult at(const fs::path& dir, const std::string& day, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--as-of", day});
  return run_collab(args, dir);
}

size_t commits(const fs::path& dir)
{
  return std::stoul(git("rev-list --count HEAD", dir));
}

/// The rules lint reports for the root as of `day`, one "rule" per finding.
std::vector<std::string> lint_rules(const fs::path& dir, const std::string& day)
{
  const auto r = at(dir, day, {"lint", "--format", "json"});
  std::vector<std::string> out;
  for (size_t at = r.out.find("\"rule\": \""); at != std::string::npos; at = r.out.find("\"rule\": \"", at + 1)) {
    const size_t start = at + 9;
    out.push_back(r.out.substr(start, r.out.find('"', start) - start));
  }
  return out;
}

} // namespace

TEST_CASE("confirm: the git identity through people, one commit of exactly the record, the list's style kept")
{
  TempDir tmp;
  const fs::path dir = root(tmp);
  write(tmp / "notes.txt", "unrelated, not staged\n");
  const size_t before = commits(dir);
  // The test's identity is recorder@example.com: 孙七 in the registry.
  const auto r = at(dir, "2024-05-11", {"confirm", "M-2024-007"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.find("confirm M-2024-007 V1.0: 618活动协同推进会 [") == 0);
  CHECK(r.out.find("still to confirm M-2024-007: 赵六, 周八") != std::string::npos);
  CHECK(commits(dir) == before + 1);
  CHECK(git("show --name-only --format= HEAD", dir) == k_path + "\n");
  CHECK(git("status --porcelain", dir) == "?? notes.txt\n");
  // The list did not exist: a block list is made.
  CHECK(read(tmp / k_path).ends_with("confirmed:\n  - name: 孙七\n    date: 2024-05-11\n    version: V1.0\n"));

  // A flow list stays a flow list; an alias is the person.
  const auto r2 = at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "周八", "--date", "2024-05-11"});
  REQUIRE_MESSAGE(r2.status == 0, r2.err);
  CHECK(read(tmp / k_path).ends_with("    version: V1.0\n  - name: 周八\n    date: 2024-05-11\n    version: V1.0\n"));

  TempDir tmp2;
  std::string flow = k_meeting;
  flow += "confirmed: [{name: 赵六, date: 2024-05-10, version: V1.0}]\n";
  const fs::path dir2 = root(tmp2, "en", flow);
  const auto r3 = at(dir2, "2024-05-12", {"confirm", "M-2024-007", "--as", "小孙"});
  REQUIRE_MESSAGE(r3.status == 0, r3.err);
  CHECK(read(tmp2 / k_path)
          .ends_with("confirmed: [{name: 赵六, date: 2024-05-10, version: V1.0}, {name: 孙七, date: 2024-05-12, "
                     "version: V1.0}]\n"));
  // A block list of flow mappings gets one more `- {...}` line.
  TempDir tmp3;
  std::string block = k_meeting;
  block += "confirmed:\n  - {name: 赵六, date: 2024-05-10, version: V1.0}\n";
  const fs::path dir3 = root(tmp3, "en", block);
  REQUIRE(at(dir3, "2024-05-12", {"confirm", "M-2024-007", "--as", "周八"}).status == 0);
  CHECK(read(tmp3 / k_path)
          .ends_with("  - {name: 赵六, date: 2024-05-10, version: V1.0}\n  - {name: 周八, date: 2024-05-12, "
                     "version: V1.0}\n"));
  CHECK(at(dir3, "2024-05-12", {"lint"}).status == 0);
}

TEST_CASE("confirm: only attendees, twice is a no-op, dates checked, uncommitted minutes refused")
{
  TempDir tmp;
  const fs::path dir = root(tmp);
  const size_t before = commits(dir);
  const auto stranger = at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "王总"});
  CHECK(stranger.status == 2);
  CHECK(stranger.err.find("王总 did not attend M-2024-007, and only attendees confirm its minutes; its attendees are "
                          "赵六, 孙七, 周八") != std::string::npos);
  // An identity nobody attended as: the refusal says who git says you are.
  const auto me = run_collab({"--as-of", "2024-05-11", "confirm", "M-2024-007"}, dir,
                             {{"GIT_AUTHOR_NAME", "Nobody"}, {"GIT_AUTHOR_EMAIL", "nobody@example.com"}});
  CHECK(me.status == 2);
  CHECK(me.err.find("Nobody <nobody@example.com>") != std::string::npos);
  CHECK(at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "赵六", "--date", "2024-05-12"}).status == 2);
  const auto early = at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "赵六", "--date", "2024-05-09"});
  CHECK(early.status == 2);
  CHECK(early.err.find("before the meeting (2024-05-10)") != std::string::npos);
  CHECK(at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "赵六", "--date", "someday"}).status == 2);
  CHECK(at(dir, "2024-05-11", {"confirm", "T-2024-001"}).status == 2);
  CHECK(commits(dir) == before);

  REQUIRE(at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "赵六"}).status == 0);
  const std::string after_first = read(tmp / k_path);
  const auto again = at(dir, "2024-05-12", {"confirm", "M-2024-007", "--as", "赵六"});
  CHECK(again.status == 0);
  CHECK(again.err.find("赵六 already confirmed M-2024-007 V1.0 on 2024-05-11; nothing to commit") != std::string::npos);
  CHECK(read(tmp / k_path) == after_first);
  CHECK(commits(dir) == before + 1);

  // Minutes changed but not committed: what was sent is not what would be confirmed.
  write(tmp / k_path, read(tmp / k_path) + "notes: 改了地点\n");
  const auto dirty = at(dir, "2024-05-12", {"confirm", "M-2024-007", "--as", "孙七"});
  CHECK(dirty.status == 3);
  CHECK(dirty.err.find("have changes not committed (they would be V1.1)") != std::string::npos);
  CHECK(commits(dir) == before + 1);
}

TEST_CASE("confirm: a new version of the minutes moves the person's entry to it")
{
  TempDir tmp;
  const fs::path dir = root(tmp);
  REQUIRE(at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "赵六"}).status == 0);
  REQUIRE(at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "周八"}).status == 0);
  // The minutes change (V1.1); closing an action is no new version.
  REQUIRE(at(dir, "2024-05-12", {"set", "M-2024-007", "location=3号会议室"}).status == 0);
  // The older confirmation still counts for unconfirmed and lint.
  CHECK(lint_rules(dir, "2024-05-13") == std::vector<std::string>{"unconfirmed-minutes"});
  const auto r = at(dir, "2024-05-13", {"confirm", "M-2024-007", "--as", "赵六"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.find("confirm M-2024-007 V1.1:") == 0);
  const std::string text = read(tmp / k_path);
  CHECK(text.find("  - name: 赵六\n    date: 2024-05-13\n    version: V1.1\n  - name: 周八\n    date: 2024-05-11\n"
                  "    version: V1.0\n") != std::string::npos);
  CHECK(git("show --name-only --format= HEAD", dir) == k_path + "\n");
}

TEST_CASE("unconfirmed-minutes and minutes-late at several --as-of dates")
{
  TempDir tmp;
  std::string late = k_meeting;
  late.replace(late.find("created: 2024-05-10"), 19, "created: 2024-05-13");
  const fs::path dir = root(tmp, "en", late);
  using V = std::vector<std::string>;
  // minutes-late compares `created` with `date`: the same at any --as-of.
  CHECK(lint_rules(dir, "2024-05-10") == V{"minutes-late"});
  CHECK(lint_rules(dir, "2024-05-11") == V{"minutes-late"});
  CHECK(lint_rules(dir, "2024-05-12") == V{"minutes-late", "unconfirmed-minutes"});
  CHECK(lint_rules(dir, "2025-01-01") == V{"minutes-late", "unconfirmed-minutes"});
  const auto text = at(dir, "2024-05-13", {"lint"});
  CHECK(text.status == 0); // warnings only
  CHECK(text.out.find("meetings/M-2024-007.yaml:8:1: warning: 赵六, 孙七, 周八 have not confirmed the minutes 3 days "
                      "after the meeting (`date: 2024-05-10`); the guides want every attendee to confirm within 24 "
                      "hours: `collab confirm M-2024-007 --as NAME` for each, once they have [unconfirmed-minutes]") !=
        std::string::npos);
  CHECK(at(dir, "2024-05-13", {"lint", "--strict"}).status == 1);
  // Configurable like the others.
  write(tmp / ".collab.yaml", config("en") + "lint:\n  unconfirmed-minutes: off\n  minutes-late: error\n");
  CHECK(lint_rules(dir, "2024-05-13") == V{"minutes-late"});
  CHECK(at(dir, "2024-05-13", {"lint"}).status == 1);
  write(tmp / ".collab.yaml", config("en"));
  // Everyone confirms: the warning goes at any date.
  for (const char* who : {"赵六", "孙七", "周八"})
    REQUIRE(at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", who}).status == 0);
  CHECK(lint_rules(dir, "2024-05-13") == V{"minutes-late"});
  CHECK(lint_rules(dir, "2030-01-01") == V{"minutes-late"});
  // COLLAB_TODAY counts too.
  TempDir tmp2;
  const fs::path dir2 = root(tmp2);
  CHECK(run_collab({"lint"}, dir2, {{"COLLAB_TODAY", "2024-05-11"}}).out.empty());
  CHECK(run_collab({"lint"}, dir2, {{"COLLAB_TODAY", "2024-05-12"}}).out.find("[unconfirmed-minutes]") !=
        std::string::npos);
}

TEST_CASE("new meeting fills created, so minutes-late can tell")
{
  TempDir tmp;
  git_init(tmp.path());
  write(tmp / ".collab.yaml", config("en"));
  const auto r = run_collab({"--as-of", "2024-05-14", "new", "meeting", "--title", "周会", "--date", "2024-05-10",
                             "--host", "赵六", "--recorder", "孙七", "--attendees", "赵六,孙七"},
                            tmp.path());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(read(tmp / "meetings/M-2024-001.yaml").find("created: 2024-05-14\n") != std::string::npos);
  CHECK(lint_rules(tmp.path(), "2024-05-14") == std::vector<std::string>{"unconfirmed-minutes", "minutes-late"});
}

TEST_CASE("unconfirmed: meetings past 24 hours, missing names, days waited, filters, formats, --fail")
{
  TempDir tmp;
  const fs::path dir = root(tmp);
  std::string other = k_meeting;
  other.replace(other.find("M-2024-007"), 10, "M-2024-008");
  other.replace(other.find("date: 2024-05-10"), 16, "date: 2024-05-20");
  other.replace(other.find("618活动协同推进会"), 24, "周会");
  other += "tags: [周会]\nconfirmed: [{name: 赵六, date: 2024-05-20, version: V1.0}]\n";
  write(tmp / "meetings/M-2024-008.yaml", other);
  git("add -A && git commit -q -m other", dir);

  // Within 24 hours (the day after included) nothing waits.
  auto r = at(dir, "2024-05-11", {"unconfirmed", "--fail"});
  CHECK(r.status == 0);
  CHECK(r.out == "ID\tDATE\tDAYS\tCONFIRMED\tMISSING\tTOPIC\n");
  r = at(dir, "2024-05-12", {"unconfirmed", "--fail"});
  CHECK(r.status == 1);
  CHECK(r.out == "ID\tDATE\tDAYS\tCONFIRMED\tMISSING\tTOPIC\nM-2024-007\t2024-05-10\t2\t0/3\t赵六, 孙七, 周八\t618活动协同推进会\n");
  // Longest waiting first.
  r = at(dir, "2024-05-25", {"unconfirmed"});
  CHECK(r.out == "ID\tDATE\tDAYS\tCONFIRMED\tMISSING\tTOPIC\n"
                 "M-2024-007\t2024-05-10\t15\t0/3\t赵六, 孙七, 周八\t618活动协同推进会\n"
                 "M-2024-008\t2024-05-20\t5\t1/3\t孙七, 周八\t周会\n");
  // --owner: meetings this attendee has not confirmed (an alias is the person).
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--owner", "赵六"}).out.find("M-2024-008") == std::string::npos);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--owner", "小孙"}).out.find("M-2024-008") != std::string::npos);
  // --dept: someone of the department is missing (the record's dept, else the registry's).
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--dept", "市场部"}).out.find("M-2024-008") == std::string::npos);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--dept", "仓储部"}).out.find("M-2024-008") != std::string::npos);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--after", "2024-05-15"}).out.find("M-2024-007") == std::string::npos);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--before", "2024-05-15"}).out.find("M-2024-008") == std::string::npos);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--tag", "周会"}).out.find("M-2024-007") == std::string::npos);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--grep", "618"}).out.find("M-2024-008") == std::string::npos);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--owner", "王总", "--fail"}).status == 0);

  r = at(dir, "2024-05-25", {"unconfirmed", "--format", "json", "--tag", "周会"});
  CHECK(r.out == "[\n  {\"id\": \"M-2024-008\", \"title\": \"周会\", \"date\": \"2024-05-20\", \"days\": 5, \"attendees\": 3, "
                 "\"confirmed\": 1, \"missing\": [\"孙七\", \"周八\"], \"path\": \"meetings/M-2024-008.yaml\"}\n]\n");
  CHECK(at(dir, "2024-05-11", {"unconfirmed", "--format", "json"}).out == "[]\n");
  r = at(dir, "2024-05-25", {"unconfirmed", "--format", "csv-plain", "--tag", "周会"});
  CHECK(r.out == "ID,DATE,DAYS,CONFIRMED,MISSING,TOPIC\nM-2024-008,2024-05-20,5,1/3,\"孙七, 周八\",周会\n");
  r = at(dir, "2024-05-25", {"unconfirmed", "--format", "md", "--tag", "周会"});
  CHECK(r.out.find("| M-2024-008 | 2024-05-20 |") != std::string::npos);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--format", "sarif"}).status == 2);
  CHECK(at(dir, "2024-05-25", {"unconfirmed", "--after", "soon"}).status == 2);
  // The terminal table.
  r = at(dir, "2024-05-25", {"unconfirmed", "--format", "table", "--width", "100"});
  CHECK(r.out.find("M-2024-008") != std::string::npos);
  CHECK(r.out.find("孙七, 周八") != std::string::npos);
}

TEST_CASE("confirm and unconfirmed speak Chinese with lang: zh")
{
  TempDir tmp;
  const fs::path dir = root(tmp, "zh");
  auto r = at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "王总"});
  CHECK(r.status == 2);
  CHECK(r.err.find("王总 未参加 M-2024-007，只有参会人员才能确认纪要；参会人员：赵六, 孙七, 周八") != std::string::npos);
  r = at(dir, "2024-05-11", {"confirm", "M-2024-007", "--as", "赵六"});
  CHECK(r.out.find("尚待确认 M-2024-007：孙七, 周八") != std::string::npos);
  r = at(dir, "2024-05-12", {"confirm", "M-2024-007", "--as", "赵六"});
  CHECK(r.err.find("赵六 已确认 M-2024-007 V1.0（2024-05-11）；无需提交") != std::string::npos);
  r = at(dir, "2024-05-13", {"unconfirmed"});
  CHECK(r.out.find("编号\t日期\t天数\t已确认\t未确认\t标题\n") == 0);
  r = at(dir, "2024-05-13", {"lint"});
  CHECK(r.out.find("孙七, 周八 在会后 3 天仍未确认纪要") != std::string::npos);
}

TEST_CASE("mail: an .eml that Python's email package reads: headers, subject, addresses, both parts")
{
  for (const std::string lang : {"zh", "en"}) {
    CAPTURE(lang);
    TempDir tmp;
    std::string meeting = k_meeting;
    // A long title: the subject takes several encoded-words, folded.
    meeting.replace(meeting.find("618活动协同推进会"), 24, "618活动协同推进会：页面开发、设计稿交付与仓储备货的跨部门排期确认");
    meeting += "location: \"3号会议室 <B座>\"\n";
    const fs::path dir = root(tmp, lang, meeting);
    const auto r = run_collab({"mail", "M-2024-007", "-o", "out.eml"}, dir);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    // 周八 has no address; he is listed, the mail is still written.
    CHECK(r.err.find("周八") != std::string::npos);
    const std::string eml = read(tmp / "out.eml");
    // CRLF everywhere, no line over 78 characters.
    for (size_t at = 0, end = 0; at < eml.size(); at = end + 1) {
      end = eml.find('\n', at);
      if (end == std::string::npos)
        break;
      CHECK(end > at);
      CHECK(eml[end - 1] == '\r');
      CHECK(end - at - 1 <= 78);
    }
    const std::string check = R"PY(
import email, sys
from email import policy
with open(sys.argv[1], 'rb') as f:
    m = email.message_from_binary_file(f, policy=policy.default)
assert not m.defects, m.defects
print('SUBJECT', m['Subject'])
print('FROM', m['From'].addresses[0].display_name, m['From'].addresses[0].addr_spec)
print('TO', ' '.join(a.display_name + '=' + a.addr_spec for a in m['To'].addresses))
print('CC', ' '.join(a.display_name + '=' + a.addr_spec for a in m['Cc'].addresses))
print('MIME', m['MIME-Version'], m.get_content_type())
print('DATE', m['Date'].datetime is not None and m['Date'].datetime.tzinfo is not None)
print('ID', m['Message-ID'].startswith('<') and '@' in m['Message-ID'])
for raw in m.as_bytes().split(b'\n'):
    for word in raw.split():
        if word.startswith(b'=?'):
            assert len(word) <= 75, word
parts = [p for p in m.walk() if not p.is_multipart()]
print('PARTS', ' '.join(p.get_content_type() + ':' + p.get_content_charset() for p in parts))
text = m.get_body(('plain',)).get_content()
html = m.get_body(('html',)).get_content()
print('TEXT', '提交最终版设计稿' in text and '最终版设计稿(含移动端适配)' in text)
print('HTML', '<html' in html and '最终版设计稿(含移动端适配)' in html and '&lt;B座&gt;' in html and '<B座>' not in html)
)PY";
    write(tmp / "check.py", check);
    const auto py = sh("/usr/bin/python3 check.py out.eml", dir);
    REQUIRE_MESSAGE(py.status == 0, py.out << py.err);
    const std::string title = "618活动协同推进会：页面开发、设计稿交付与仓储备货的跨部门排期确认";
    CHECK(py.out.find(lang == "zh" ? "SUBJECT 会议纪要：" + title + "（2024-05-10）\n"
                                   : "SUBJECT Minutes: " + title + " (2024-05-10)\n") != std::string::npos);
    CHECK(py.out.find("FROM 孙七 recorder@example.com\n") != std::string::npos);
    CHECK(py.out.find("TO 赵六=zhao@example.com 孙七=recorder@example.com\n") != std::string::npos);
    // cc 市场部 is its people (赵六 is already in To); 周八 has no address.
    CHECK(py.out.find("CC 王总=wang@example.com\n") != std::string::npos);
    CHECK(py.out.find("MIME 1.0 multipart/alternative\n") != std::string::npos);
    CHECK(py.out.find("DATE True\n") != std::string::npos);
    CHECK(py.out.find("ID True\n") != std::string::npos);
    CHECK(py.out.find("PARTS text/plain:utf-8 text/html:utf-8\n") != std::string::npos);
    CHECK(py.out.find("TEXT True\n") != std::string::npos);
    CHECK(py.out.find("HTML True\n") != std::string::npos);
  }
}

TEST_CASE("mail: stdout without -o, a unique Message-ID, errors")
{
  TempDir tmp;
  const fs::path dir = root(tmp);
  const auto a = run_collab({"mail", "M-2024-007"}, dir);
  const auto b = run_collab({"mail", "M-2024-007"}, dir);
  REQUIRE(a.status == 0);
  CHECK(a.out.starts_with("From: "));
  const auto id = [](const std::string& eml) {
    const size_t at = eml.find("Message-ID: ");
    return eml.substr(at, eml.find('\r', at) - at);
  };
  CHECK(id(a.out) != id(b.out));
  CHECK(run_collab({"mail", "M-2024-999"}, dir).status == 2);
  CHECK(run_collab({"mail", "M-2024-007", "-o", "/nonexistent/dir/x.eml"}, dir).status == 3);
  // Nothing is written to the repository.
  CHECK(git("status --porcelain", dir).empty());
}

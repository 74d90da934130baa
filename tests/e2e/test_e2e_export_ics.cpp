// End-to-end: `collab export ics` (issue 13, point 5): the calendar parsed by python3-icalendar
// and checked against `collab list --format json` and the meeting records of examples/.
#include "process.h"

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <thread>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";
const std::string k_checker = (fs::path(COLLAB_SOURCE_DIR) / "tests" / "e2e" / "check_ics.py").string();

/// A committed copy of examples/ (without bad/) speaking `lang`.
fs::path examples_repo(const TempDir& tmp, const std::string& lang)
{
  const fs::path dir = tmp / "repo";
  git_init(dir);
  for (const auto& e : fs::directory_iterator(k_examples))
    if (e.path().filename() != "bad")
      fs::copy(e.path(), dir / e.path().filename(), fs::copy_options::recursive);
  std::istringstream config(read(k_examples / ".collab.yaml"));
  std::string text, line;
  while (std::getline(config, line))
    if (!line.starts_with("lang:"))
      text += line + "\n";
  write(dir / ".collab.yaml", text + "lang: " + lang + "\n");
  git("add -A", dir);
  git("commit -qm records", dir);
  return dir;
}

/// Counts occurrences of `what` in `text`.
size_t count(const std::string& text, const std::string& what)
{
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

} // namespace

TEST_CASE("export ics: python3-icalendar reads every VTODO and VEVENT back as the records say")
{
  for (const std::string lang : {"zh", "en"}) {
    CAPTURE(lang);
    TempDir tmp;
    const fs::path dir = examples_repo(tmp, lang);
    const auto ics = run_collab({"export", "ics", "--as-of", "2024-06-01", "-o", (tmp / "team.ics").string()}, dir);
    REQUIRE_MESSAGE(ics.status == 0, ics.err);
    CHECK(ics.out.empty());
    const auto list = run_collab({"list", "--as-of", "2024-06-01", "--format", "json"}, dir);
    REQUIRE(list.status == 0);
    write(tmp / "items.json", list.out);
    const auto py = sh("/usr/bin/python3 " + k_checker + " " + (tmp / "team.ics").string() + " " +
                         (tmp / "items.json").string() + " " + dir.string() + " 2024-06-01",
                       dir);
    REQUIRE_MESSAGE(py.status == 0, py.out << py.err);
    // By hand, the open items (status not done/cancelled) of examples/:
    //   2024-市场-001: the task, #3, #4 (#1, #2 done)        3
    //   2024-研发-001: the task, #2, #3, #4 (#1 done)        4
    //   M-2024-007#4 (#1-#3 done)                           1
    //   M-2024-011#1-#5                                     5
    //   R-2024-002, R-2024-004                              2
    //   M-2024-003#1-#4 and I-2024-003#1-#3 are all done    0
    //                                                  = 15 VTODOs
    // Events: 3 meetings (M-2024-003, -007, -011), each with a next_meeting and none followed
    // up by another meeting: 3 + 3 = 6 VEVENTs.
    CHECK(py.out == "OK 15 6\n");
    const std::string cal = read(tmp / "team.ics");
    // STATUS by hand: todo (NEEDS-ACTION) are 2024-研发-001#4, M-2024-011#2, #4, #5 and
    // R-2024-004 (待沟通) = 5; the other 10 are doing or delayed (IN-PROCESS).
    CHECK(count(cal, "STATUS:NEEDS-ACTION\r\n") == 5);
    CHECK(count(cal, "STATUS:IN-PROCESS\r\n") == 10);
    // M-2024-007: time 14:00-16:00 on 2024-05-10, floating (no Z, no TZID); its place.
    CHECK(cal.find("DTSTART:20240510T140000\r\nDTEND:20240510T160000\r\n") != std::string::npos);
    CHECK(cal.find("LOCATION:腾讯会议 (会议号 123-456-789)\r\n") != std::string::npos);
    // A UID from the ref: 2024-研发-001#2 percent-encoded, the same in every run.
    CHECK(cal.find("UID:2024-%E7%A0%94%E5%8F%91-001%232@collab\r\n") != std::string::npos);
    CHECK(cal.find(lang == "zh" ? "M-2024-011 下次会议：Q3产品上线跨部门协调会" : "M-2024-011 next meeting: Q3产品上线跨部门协调会") !=
          std::string::npos);
    // Long Chinese descriptions are folded: continuation lines exist.
    CHECK(cal.find("\r\n ") != std::string::npos);
  }
}

TEST_CASE("export ics: two runs give the same bytes, stdout as -o FILE")
{
  TempDir tmp;
  const fs::path dir = examples_repo(tmp, "zh");
  // Without --as-of (COLLAB_TODAY stands for the clock's day): DTSTAMP is that day at 00:00 UTC.
  const std::map<std::string, std::optional<std::string>> env = {{"COLLAB_TODAY", "2024-06-01"}};
  const auto a = run_collab({"export", "ics"}, dir, env);
  const auto b = run_collab({"export", "ics"}, dir, env);
  REQUIRE(a.status == 0);
  CHECK(a.out == b.out);
  CHECK(run_collab({"export", "ics", "-o", "x.ics"}, dir, env).status == 0);
  CHECK(read(dir / "x.ics") == a.out);
  CHECK(count(a.out, "DTSTAMP:20240601T000000Z\r\n") == 21); // 15 VTODOs + 6 VEVENTs
  // --all adds the 13 closed items (28 items in all, `list --all`), done ones COMPLETED with their day.
  const auto all = run_collab({"export", "ics", "--all"}, dir, env);
  CHECK(count(all.out, "BEGIN:VTODO\r\n") == 28);
  CHECK(all.out.find("UID:M-2024-003%231@collab\r\n") != std::string::npos);
  CHECK(all.out.find("COMPLETED:20240306T000000Z\r\n") != std::string::npos);
}

TEST_CASE("export ics: escaping survives a round trip, a followed-up meeting's next_meeting is left out")
{
  TempDir tmp;
  const fs::path dir = examples_repo(tmp, "en");
  // A meeting held as M-2024-011's next meeting (follow_up), with TEXT specials and no time.
  write(dir / "meetings" / "M-2024-012.yaml", R"(id: M-2024-012
kind: meeting
title: "V3.0 go/no-go; scope, risks \\ rollback"
date: 2024-06-04
host: 林芳
recorder: 宋佳
attendees: [林芳, 宋佳]
follow_up: M-2024-011
location: "3号会议室, B座"
)");
  // `kind` spelled with an escape: export skips files without the bytes `meeting` unparsed,
  // but never one with a backslash.
  write(dir / "meetings" / "M-2024-013.yaml", R"(id: M-2024-013
kind: "me\u0065ting"
title: 复盘会
date: 2024-06-20
time: "09:00"
host: 林芳
recorder: 宋佳
attendees: [林芳, 宋佳]
)");
  const auto r = run_collab({"export", "ics", "--as-of", "2024-06-01"}, dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  // A start without an end: DTSTART only.
  CHECK(r.out.find("UID:M-2024-013@collab\r\nDTSTAMP:20240601T000000Z\r\nDTSTART:20240620T090000\r\nSUMMARY:") !=
        std::string::npos);
  CHECK(r.out.find("SUMMARY:M-2024-012 V3.0 go/no-go\\; scope\\, risks \\\\ rollback\r\n") != std::string::npos);
  // No time: an all-day event, DTEND the day after.
  CHECK(r.out.find("DTSTART;VALUE=DATE:20240604\r\nDTEND;VALUE=DATE:20240605\r\n") != std::string::npos);
  CHECK(r.out.find("UID:M-2024-011-next@collab") == std::string::npos);
  CHECK(r.out.find("UID:M-2024-007-next@collab") != std::string::npos);
  write(tmp / "cal.ics", r.out);
  const auto py = sh("/usr/bin/python3 -c \"import icalendar,sys; c=icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read()); "
                     "print([str(e['SUMMARY']) for e in c.walk('VEVENT') if str(e['UID'])=='M-2024-012@collab'][0]); "
                     "print([str(e['LOCATION']) for e in c.walk('VEVENT') if str(e['UID'])=='M-2024-012@collab'][0])\" " +
                       (tmp / "cal.ics").string(),
                     dir);
  REQUIRE_MESSAGE(py.status == 0, py.err);
  CHECK(py.out == "M-2024-012 V3.0 go/no-go; scope, risks \\ rollback\n3号会议室, B座\n");
}

TEST_CASE("export: an unknown format is a usage error, an unwritable FILE a repository one")
{
  TempDir tmp;
  const fs::path dir = examples_repo(tmp, "en");
  const auto csv = run_collab({"export", "csv"}, dir);
  CHECK(csv.status == 2);
  CHECK(csv.err.find("export `csv`: use ics") != std::string::npos);
  CHECK(run_collab({"export"}, dir).status == 2);
  const auto bad = run_collab({"export", "ics", "-o", (tmp / "no" / "such" / "dir" / "x.ics").string()}, dir);
  CHECK(bad.status == 3);
  CHECK(git("status --porcelain", dir).empty()); // read-only
}

TEST_CASE("export ics: the meeting cache under .git/collab follows every change of a meeting")
{
  TempDir tmp;
  const fs::path dir = examples_repo(tmp, "en");
  // Files changed in the last two seconds are never cached (racily clean): wait them out.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const auto first = run_collab({"export", "ics", "--as-of", "2024-06-01"}, dir);
  REQUIRE(first.status == 0);
  bool cached = false;
  for (const auto& e : fs::directory_iterator(dir / ".git" / "collab"))
    if (e.path().filename().string().starts_with("meetings-"))
      cached = read(e.path()).find("M-2024-007") != std::string::npos;
  CHECK(cached);
  CHECK(run_collab({"export", "ics", "--as-of", "2024-06-01"}, dir).out == first.out); // from the cache
  // A new place for M-2024-007, a meeting removed: the calendar says so at once.
  std::string m7 = read(dir / "meetings" / "M-2024-007.yaml");
  m7.replace(m7.find("腾讯会议 (会议号 123-456-789)"), std::string("腾讯会议 (会议号 123-456-789)").size(), "总部5号会议室");
  write(dir / "meetings" / "M-2024-007.yaml", m7);
  fs::remove(dir / "meetings" / "M-2024-003.yaml");
  const auto second = run_collab({"export", "ics", "--as-of", "2024-06-01"}, dir);
  CHECK(second.out.find("LOCATION:总部5号会议室\r\n") != std::string::npos);
  CHECK(second.out.find("腾讯会议") == std::string::npos);
  CHECK(second.out.find("UID:M-2024-003@collab") == std::string::npos);
  CHECK(git("status --porcelain", dir) == " D meetings/M-2024-003.yaml\n M meetings/M-2024-007.yaml\n");
}

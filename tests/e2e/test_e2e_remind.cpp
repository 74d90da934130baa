// End-to-end: `collab remind` (issue 13, point 4) on the guides' worked examples: one digest
// per owner of their overdue and due-soon items, as Markdown or as one .eml per owner.
#include "process.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <sstream>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";

/// A committed copy of examples/ (without bad/) speaking `lang`, with `config_edit` applied
/// to its .collab.yaml text.
fs::path examples_repo(const TempDir& tmp, const std::string& lang,
                       const std::function<void(std::string&)>& config_edit = {})
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
  text += "lang: " + lang + "\n";
  if (config_edit)
    config_edit(text);
  write(dir / ".collab.yaml", text);
  git("add -A", dir);
  git("commit -qm records", dir);
  return dir;
}

/// The owners whose digests the Markdown holds, in order (`# Reminder for NAME (...)`).
std::vector<std::string> owners_of(const std::string& md)
{
  std::vector<std::string> owners;
  std::istringstream lines(md);
  std::string line;
  while (std::getline(lines, line))
    if (line.starts_with("# Reminder for "))
      owners.push_back(line.substr(15, line.find(" (") - 15));
  return owners;
}

} // namespace

TEST_CASE("remind: on the examples as of 2024-06-01, one digest per owner, worked out by hand")
{
  TempDir tmp;
  const fs::path dir = examples_repo(tmp, "en");
  const auto r = run_collab({"remind", "--as-of", "2024-06-01"}, dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.err.empty());
  // due_soon is 2d, so the window is 06-01..06-03. Open items with a deadline before 06-01:
  //   R-2024-004      05-30 赵六   06-01 - 05-30 = 2 days late
  //   2024-研发-001#2 05-31 唐亮   (delayed 05-24 -> 05-31) 1 day late
  //   M-2024-011#3    05-31 高峰   1 day late
  // due from 06-01 to 06-03: M-2024-011#4 06-02 何静, R-2024-002 06-03 陈明.
  // M-2024-007#4 (周八, 06-05) is 4 days away: not in a 2-day window.
  // Owners in byte order of their names: 何静 U+4F55, 唐亮 U+5510, 赵六 U+8D75, 陈明 U+9648, 高峰 U+9AD8.
  CHECK(owners_of(r.out) == std::vector<std::string>{"何静", "唐亮", "赵六", "陈明", "高峰"});
  CHECK(r.out.find("# Reminder for 赵六 (2024-06-01)\n\n1 overdue, 0 due within 2 days.\n\n## Overdue\n\n") !=
        std::string::npos);
  CHECK(r.out.find("| R-2024-004 | 2024-05-30 | 2 |") != std::string::npos);
  CHECK(r.out.find("| 2024-研发-001#2 | 2024-05-31 | 1 |") != std::string::npos);
  CHECK(r.out.find("| M-2024-011#3 | 2024-05-31 | 1 |") != std::string::npos);
  CHECK(r.out.find("# Reminder for 何静 (2024-06-01)\n\n0 overdue, 1 due within 2 days.\n\n## Due within 2 days\n\n") !=
        std::string::npos);
  CHECK(r.out.find("| M-2024-011#4 | 2024-06-02 |") != std::string::npos);
  CHECK(r.out.find("| R-2024-002 | 2024-06-03 |") != std::string::npos);
  CHECK(r.out.find("M-2024-007#4") == std::string::npos);
  const std::string hejing = r.out.substr(0, r.out.find("# Reminder for 唐亮"));
  CHECK(hejing.find("## Overdue") == std::string::npos); // an empty part is left out

  // --within 4d: 06-01 + 4 = 06-05 takes in 周八's M-2024-007#4 (周 U+5468 sorts between 何 U+4F55 and 唐 U+5510).
  const auto wide = run_collab({"remind", "--as-of", "2024-06-01", "--within", "4d"}, dir);
  CHECK(owners_of(wide.out) == std::vector<std::string>{"何静", "周八", "唐亮", "赵六", "陈明", "高峰"});
  CHECK(wide.out.find("| M-2024-007#4 | 2024-06-05 |") != std::string::npos);

  // Filters: an alias is its person; --dept as the views resolve departments.
  CHECK(owners_of(run_collab({"remind", "--as-of", "2024-06-01", "--owner", "老赵"}, dir).out) ==
        std::vector<std::string>{"赵六"});
  CHECK(owners_of(run_collab({"remind", "--as-of", "2024-06-01", "--dept", "运维部"}, dir).out) ==
        std::vector<std::string>{"高峰"});
  // --fail: 1 when someone has something to be reminded of.
  CHECK(run_collab({"remind", "--as-of", "2024-06-01", "--fail"}, dir).status == 1);
}

TEST_CASE("remind: nothing due prints nothing and writes no mail, exit 0 (1 never, even with --fail)")
{
  TempDir tmp;
  const fs::path dir = examples_repo(tmp, "en");
  // 2024-01-01: the earliest deadline of the examples is 2024-03-06 (M-2024-003, done anyway),
  // the open ones start at 05-30: nothing overdue, nothing within 01-01..01-03.
  const auto r = run_collab({"remind", "--as-of", "2024-01-01", "--fail"}, dir);
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  const auto eml = run_collab({"remind", "--as-of", "2024-01-01", "--eml", "out"}, dir);
  CHECK(eml.status == 0);
  CHECK(eml.out == "wrote 0 reminders to out\n");
  CHECK(fs::is_empty(dir / "out"));
}

TEST_CASE("remind --eml: one message per owner named by address, parsed by Python's email package")
{
  for (const std::string lang : {"en", "zh"}) {
    CAPTURE(lang);
    TempDir tmp;
    // 高峰 loses his address: he is listed on stderr and gets no file.
    const fs::path dir = examples_repo(tmp, lang, [](std::string& cfg) {
      const std::string line = "    email: gaofeng@example.com\n";
      cfg.erase(cfg.find(line), line.size());
    });
    const auto r = run_collab({"remind", "--as-of", "2024-06-01", "--eml", "outbox"}, dir);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.find("高峰") != std::string::npos);
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir / "outbox"))
      files.push_back(e.path().filename().string());
    std::sort(files.begin(), files.end());
    // The five owners of the first test but 高峰: four files, each named by its address.
    CHECK(files == std::vector<std::string>{"chenming@example.com.eml", "hejing@example.com.eml",
                                            "tangliang@example.com.eml", "zhaoliu@example.com.eml"});
    CHECK(r.out == (lang == "en" ? "wrote 4 reminders to outbox\n" : "已写出 4 封提醒到 outbox\n"));
    const std::string check = R"PY(
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
assert not m.defects, m.defects
print('SUBJECT', m['Subject'])
print('TO', ' '.join(a.display_name + '=' + a.addr_spec for a in m['To'].addresses))
print('TYPE', m.get_content_type())
text = m.get_body(('plain',)).get_content()
html = m.get_body(('html',)).get_content()
print('TEXT', 'R-2024-004' in text and '2024-05-30' in text)
print('HTML', '<table' in html and 'R-2024-004' in html)
)PY";
    write(tmp / "check.py", check);
    const auto py = sh("/usr/bin/python3 " + (tmp / "check.py").string() + " outbox/zhaoliu@example.com.eml", dir);
    REQUIRE_MESSAGE(py.status == 0, py.out << py.err);
    // 赵六: R-2024-004 overdue (1), nothing due in 2 days (0).
    CHECK(py.out.find(lang == "en" ? "SUBJECT Reminder: 1 overdue, 0 due within 2 days (2024-06-01)\n"
                                   : "SUBJECT 提醒：逾期 1 项，即将到期 0 项（2 天内，2024-06-01）\n") != std::string::npos);
    CHECK(py.out.find("TO 赵六=zhaoliu@example.com\n") != std::string::npos);
    CHECK(py.out.find("TYPE multipart/alternative\n") != std::string::npos);
    CHECK(py.out.find("TEXT True\n") != std::string::npos);
    CHECK(py.out.find("HTML True\n") != std::string::npos);
  }
}

TEST_CASE("remind: bad input gets a message and a documented status")
{
  TempDir tmp;
  const fs::path dir = examples_repo(tmp, "en");
  const auto bad_within = run_collab({"remind", "--within", "soon"}, dir);
  CHECK(bad_within.status == 2);
  CHECK(bad_within.err.find("--within") != std::string::npos);
  write(dir / "afile", "x");
  const auto not_dir = run_collab({"remind", "--as-of", "2024-06-01", "--eml", "afile"}, dir);
  CHECK(not_dir.status == 3);
  CHECK(not_dir.err.find("afile") != std::string::npos);
  // A read-only command: the work tree is as it was (the outbox is what was asked for).
  CHECK(git("status --porcelain", dir) == "?? afile\n");
}

TEST_CASE("remind: an owner's name is text, escaped in the Markdown heading, no address means no file")
{
  TempDir tmp;
  const fs::path dir = examples_repo(tmp, "en");
  // Not in the registry (lint warns unknown-person), so no address either.
  write(dir / "tasks" / "T-2024-900.yaml", R"(id: T-2024-900
kind: task
title: 清点样品
owner: "Bob*Smith_Jr"
dept: 市场部
deadline: 2024-06-02
deliverable: 样品清单
status: todo
)");
  const auto r = run_collab({"remind", "--as-of", "2024-06-01", "--owner", "Bob*Smith_Jr"}, dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.starts_with("# Reminder for Bob\\*Smith\\_Jr (2024-06-01)\n\n0 overdue, 1 due within 2 days.\n"));
  const auto eml = run_collab({"remind", "--as-of", "2024-06-01", "--owner", "Bob*Smith_Jr", "--eml", "out"}, dir);
  CHECK(eml.status == 0);
  CHECK(eml.err.find("no address for Bob*Smith_Jr") != std::string::npos);
  CHECK(fs::is_empty(dir / "out"));
}

TEST_CASE("remind --eml: two owners sharing one address get a file each, the second with -2")
{
  TempDir tmp;
  // 唐亮 reads 赵六's mailbox (a shared team address, say).
  const fs::path dir = examples_repo(tmp, "en", [](std::string& cfg) {
    cfg.replace(cfg.find("tangliang@example.com"), std::string("tangliang@example.com").size(), "zhaoliu@example.com");
  });
  const auto r = run_collab({"remind", "--as-of", "2024-06-01", "--eml", "out"}, dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  // Owners in name order: 唐亮 (U+5510) before 赵六 (U+8D75), so 唐亮 has the plain name.
  CHECK(fs::exists(dir / "out" / "zhaoliu@example.com.eml"));
  CHECK(fs::exists(dir / "out" / "zhaoliu@example.com-2.eml"));
  CHECK(r.out == "wrote 5 reminders to out\n");
}

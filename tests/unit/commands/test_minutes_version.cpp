// The minutes' version: V1.0 at the first commit, one more for each commit that changed them.
#include "commands/minutes_version.h"

#include "collab/yaml/parse.h"

#include "fixtures.h"
#include "process.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::commands;

namespace {

bool changes(const std::string& before, const std::string& after)
{
  const yaml::SourceFile sa("a", before), sb("b", after);
  auto a = yaml::parse_yaml(sa);
  auto b = yaml::parse_yaml(sb);
  REQUIRE(a.doc);
  REQUIRE(b.doc);
  return changes_minutes(a.doc->root(), b.doc->root());
}

const std::string k_base = "id: M-1\nkind: meeting\ntitle: t\ndate: 2024-05-10\nactions:\n"
                           "  - action: a\n    owner: 赵六\n    deadline: 2024-05-12\n    deliverable: d\n";

} // namespace

TEST_CASE("minutes version: confirming and following actions up is no new version")
{
  CHECK_FALSE(changes(k_base, k_base));
  CHECK_FALSE(changes(k_base, k_base + "confirmed:\n  - {name: 赵六, date: 2024-05-11, version: V1.0}\n"));
  CHECK_FALSE(changes(k_base, k_base + "    status: done\n    completed: 2024-05-11\n    evidence: 链接\n"));
  CHECK_FALSE(changes(k_base + "    status: doing\n", k_base + "    status: delayed\n    delay_reason: r\n"));
  // new task --from links the action to the task it became
  CHECK_FALSE(changes(k_base, k_base + "    links: [T-2024-005]\n"));
  // delay moves the deadline and keeps the first one
  std::string delayed = k_base;
  delayed.replace(delayed.find("2024-05-12"), 10, "2024-05-20");
  CHECK_FALSE(changes(k_base, delayed + "    original_deadline: 2024-05-12\n"));
  // a deadline rewritten by hand, the action, a new action, the title: new minutes
  CHECK(changes(k_base, delayed));
  CHECK(changes(k_base, k_base + "  - action: b\n    owner: 孙七\n    deadline: 2024-05-13\n    deliverable: e\n"));
  std::string retitled = k_base;
  retitled.replace(retitled.find("title: t"), 8, "title: u");
  CHECK(changes(k_base, retitled));
  CHECK(changes(k_base, k_base + "cc: [PMO]\n"));
}

TEST_CASE("minutes version: counted from the record's commits, an uncommitted edit is the next")
{
  test::set_test_environment();
  test::TempDir tmp;
  const std::filesystem::path dir = test::repo_with_meeting(tmp.path());
  const std::filesystem::path file = dir / test::k_meeting_007_path;
  GlobalOptions g;
  g.dir = dir.string();
  const std::string v0 = test::read(file);
  CHECK(minutes_version(g, "M-2024-007", v0).str() == "V1.0");
  CHECK(minutes_version(g, "M-2024-007", v0).committed);

  // A confirmation is committed: still V1.0.
  test::write(file, v0 + "confirmed:\n  - {name: 赵六, date: 2024-05-11, version: V1.0}\n");
  test::git("commit -qam confirm", dir);
  const std::string v0c = test::read(file);
  CHECK(minutes_version(g, "M-2024-007", v0c).str() == "V1.0");

  // An uncommitted change of the minutes is the next version, not yet committed.
  const std::string v1 = v0c + "cc: [PMO]\n";
  test::write(file, v1);
  CHECK(minutes_version(g, "M-2024-007", v1).str() == "V1.1");
  CHECK_FALSE(minutes_version(g, "M-2024-007", v1).committed);
  test::git("commit -qam cc", dir);
  CHECK(minutes_version(g, "M-2024-007", v1).str() == "V1.1");
  CHECK(minutes_version(g, "M-2024-007", v1).committed);
}

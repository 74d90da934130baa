// The site's file names and its manifest.
#include "commands/site_files.h"

#include "collab/util/error.h"

#include "process.h"

#include <doctest/doctest.h>

#include <set>

using namespace collab;
using namespace collab::commands;

TEST_CASE("site: file names are ASCII, distinct and short, whatever the script")
{
  CHECK(site_file_stem("M-2024-007") == "M-2024-007");
  CHECK(site_file_stem("2024-市场-001") == "2024-_E5_B8_82_E5_9C_BA-001");
  CHECK(site_file_stem("") == "_");
  CHECK(site_file_stem("a_b") == "a_5Fb"); // '_' is escaped itself, so no two names meet
  CHECK(site_file_stem("a b/c") == "a_20b_2Fc");
  CHECK(site_file_stem(".hidden") == "_2Ehidden");
  CHECK(site_file_stem("..") == "_2E.");
  CHECK(site_file_stem("v1.2") == "v1.2");
  std::set<std::string> seen;
  for (const char* name : {"_", "_5F", "", "5F", "张三", "张 三", "李四"})
    CHECK_MESSAGE(seen.insert(site_file_stem(name)).second, name);
  // A long name is cut on a whole byte's code and keeps a hash of the whole.
  const std::string a(200, 'x'), b = std::string(199, 'x') + "y";
  CHECK(site_file_stem(a).size() <= 120);
  CHECK(site_file_stem(a) != site_file_stem(b));
  std::string long_cjk;
  for (int i = 0; i < 40; ++i)
    long_cjk += "部";
  const std::string cut = site_file_stem(long_cjk);
  CHECK(cut.size() <= 120);
  CHECK(cut.find_first_not_of("ABCDEF0123456789_-abcdef") == std::string::npos);
  CHECK(cut.substr(0, cut.rfind('-')).size() % 3 == 0); // whole _XX codes before the hash
}

TEST_CASE("site: the manifest reads back what it wrote, and a damaged one reads as none")
{
  SiteManifest m;
  m.pages["index.html"] = 0x0123456789abcdefull;
  m.pages["r/2024-_E5_B8_82-001.html"] = 42;
  SiteRecord r;
  r.size = 1350;
  r.mtime_ns = 1717200000123456789;
  r.ctime_ns = 1717200000123456790;
  r.ino = 99;
  r.id = "M-2024-007";
  r.kind = "meeting";
  r.title = "618活动\t协同\n推进会\\";
  r.date = "2024-05-10";
  r.follow_up = "M-2024-003";
  r.previous = {"M-2024-003#1", "M-2024-003#2"};
  r.deadlines = {"2024-05-12"};
  m.records["meetings/M-2024-007.yaml"] = r;
  m.records["tasks/empty.yaml"] = SiteRecord{};
  const std::string text = m.serialize();
  const auto back = SiteManifest::parse(text);
  REQUIRE(back);
  CHECK(back->pages == m.pages);
  REQUIRE(back->records.size() == 2);
  const SiteRecord& b = back->records.at("meetings/M-2024-007.yaml");
  CHECK(b.title == r.title);
  CHECK(b.previous == r.previous);
  CHECK(b.deadlines == r.deadlines);
  CHECK(b.mtime_ns == r.mtime_ns);
  CHECK(back->serialize() == text);
  CHECK(back->records.at("tasks/empty.yaml").previous.empty());
  CHECK_FALSE(SiteManifest::parse("collab-site 0\n"));
  CHECK_FALSE(SiteManifest::parse(text.substr(0, text.find("R\t") + 10))); // a torn line
  CHECK_FALSE(SiteManifest::parse(""));
}

TEST_CASE("site: DIR is new, empty or a site, anything else is refused with exit 2")
{
  test::TempDir tmp;
  CHECK(check_site_dir(tmp / "new") == SiteDir::Missing);
  fs::create_directories(tmp / "empty");
  CHECK(check_site_dir(tmp / "empty") == SiteDir::Empty);
  test::write(tmp / "site/.collab-site", "collab-site 1\n");
  test::write(tmp / "site/index.html", "x");
  CHECK(check_site_dir(tmp / "site") == SiteDir::Site);
  test::write(tmp / "other/notes.txt", "x");
  try {
    check_site_dir(tmp / "other");
    FAIL("not refused");
  } catch (const util::Error& e) {
    CHECK(e.exit_status() == 2);
  }
  CHECK_THROWS_AS(check_site_dir(tmp / "other/notes.txt"), util::Error);
}

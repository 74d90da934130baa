// End-to-end: `collab site DIR` on a copy of examples/ (issue 13, point 6): the pages exist, the
// index's overdue table is what `collab overdue --format json` says, every link resolves, and a
// second run writes only what changed.
#include "process.h"

#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <unistd.h>
#include <sys/stat.h>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";
const std::map<std::string, std::optional<std::string>> k_env = {{"COLLAB_TODAY", "2024-06-01"}};

/// A git repository holding examples/ (without examples/bad), committed.
fs::path example_repo(const TempDir& tmp)
{
  const fs::path dir = tmp / "repo";
  git_init(dir);
  for (const auto& e : fs::directory_iterator(k_examples))
    if (e.path().filename() != "bad")
      fs::copy(e.path(), dir / e.path().filename(), fs::copy_options::recursive);
  git("add -A", dir);
  git("commit -qm records", dir);
  return dir;
}

/// Every file below dir with its modification time in nanoseconds.
std::map<std::string, long long> stamps(const fs::path& dir)
{
  std::map<std::string, long long> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    struct stat st {};
    if (e.is_regular_file() && ::stat(e.path().c_str(), &st) == 0)
      out[fs::relative(e.path(), dir).generic_string()] = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  }
  return out;
}

/// The files whose time differs between two stamps (or that only one has).
std::set<std::string> changed(const std::map<std::string, long long>& a, const std::map<std::string, long long>& b)
{
  std::set<std::string> out;
  for (const auto& [f, t] : a)
    if (!b.contains(f) || b.at(f) != t)
      out.insert(f);
  for (const auto& [f, t] : b)
    if (!a.contains(f))
      out.insert(f);
  return out;
}

/// The rows (ref, days late) of the table with this id in a page.
std::vector<std::pair<std::string, long>> table_rows(const std::string& html, const std::string& id)
{
  std::vector<std::pair<std::string, long>> out;
  const size_t start = html.find("id=\"" + id + "\"");
  if (start == std::string::npos)
    return out;
  const std::string table = html.substr(start, html.find("</table>", start) - start);
  static const std::regex row(R"re(<tr data-ref="([^"]*)"(?: data-days-late="(\d+)")?)re");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), row); it != std::sregex_iterator(); ++it)
    out.emplace_back((*it)[1].str(), (*it)[2].matched ? std::stol((*it)[2].str()) : -1L);
  return out;
}

/// (ref, days_late) of `collab overdue --format json`.
std::vector<std::pair<std::string, long>> overdue_json(const fs::path& repo)
{
  const RunResult r = run_collab({"overdue", "--format", "json"}, repo, k_env);
  REQUIRE(r.status == 0);
  collab::yaml::SourceFile src("out.json", r.out);
  auto p = collab::yaml::parse_yaml(src);
  REQUIRE(!p.error);
  std::vector<std::pair<std::string, long>> out;
  for (const auto* item : p.doc->root()->items)
    out.emplace_back(item->text_of("ref"), std::stol(std::string(item->text_of("days_late"))));
  return out;
}

/// Links of every page that lead nowhere (or out of the site, or to an absolute path).
std::vector<std::string> broken_links(const fs::path& site)
{
  std::vector<std::string> out;
  static const std::regex href(R"re(href="([^"]*)")re");
  size_t links = 0;
  for (const auto& e : fs::recursive_directory_iterator(site)) {
    if (e.path().extension() != ".html")
      continue;
    const std::string html = read(e.path());
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
      const std::string target = (*it)[1].str();
      ++links;
      const fs::path to = (e.path().parent_path() / target).lexically_normal();
      if (target.empty() || target[0] == '/' || target.find("://") != std::string::npos || !fs::exists(to) ||
          fs::relative(to, site).generic_string().starts_with(".."))
        out.push_back(fs::relative(e.path(), site).string() + " -> " + target);
    }
  }
  CHECK(links > 100);
  return out;
}

} // namespace

TEST_CASE("site: examples/ as pages, the overdue table is what collab overdue says, every link resolves")
{
  TempDir tmp;
  const fs::path repo = example_repo(tmp);
  const fs::path site = tmp / "public";
  const RunResult r = run_collab({"site", site.string()}, repo, k_env);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  for (const char* page : {"index.html", "style.css", "week.html", "month.html", "records.html", ".collab-site"})
    CHECK_MESSAGE(fs::exists(site / page), page);
  // Every record has its page; CJK ids get ASCII file names (市 is E5 B8 82 in UTF-8).
  for (const char* id : {"M-2024-003", "M-2024-007", "M-2024-011", "I-2024-003", "R-2024-002", "R-2024-004",
                         "2024-_E5_B8_82_E5_9C_BA-001", "2024-_E7_A0_94_E5_8F_91-001"})
    CHECK_MESSAGE(fs::exists(site / "r" / (std::string(id) + ".html")), id);
  const std::string index = read(site / "index.html");
  // On 2024-06-01 (the views' test works them out): R-2024-004 due 05-30 is 2 days late, then
  // the subtask and the action due 05-31, 1 day late each; `overdue` lists them most late first.
  const auto expected = overdue_json(repo);
  REQUIRE(expected.size() == 3);
  CHECK(expected[0] == std::pair<std::string, long>{"R-2024-004", 2});
  CHECK(table_rows(index, "overdue") == expected);
  std::vector<std::string> due;
  for (const auto& [ref, late] : table_rows(index, "due-soon"))
    due.push_back(ref);
  CHECK(due == std::vector<std::string>{"M-2024-011#4", "R-2024-002"});
  // The index links the departments' and owners' pages; they list those items.
  CHECK(index.find("href=\"dept/_E5_B8_82_E5_9C_BA_E9_83_A8.html\"") != std::string::npos); // 市场部
  CHECK(read(site / "dept/_E5_B8_82_E5_9C_BA_E9_83_A8.html").find("R-2024-004") != std::string::npos);
  CHECK(read(site / "owner/_E8_B5_B5_E5_85_AD.html").find("R-2024-004") != std::string::npos); // 赵六
  // A meeting reads as minutes, with its history (examples/ speaks Chinese).
  const std::string minutes = read(site / "r/M-2024-007.html");
  CHECK(minutes.find("<h2>行动项</h2>") != std::string::npos);
  CHECK(minutes.find("<h2>确认情况</h2>") != std::string::npos);
  CHECK(minutes.find("V1.0") != std::string::npos);
  CHECK(minutes.find("<h2>修订记录</h2>") != std::string::npos);
  CHECK(minutes.find("<td class=\"num\" data-label=\"版本\">v1</td>") != std::string::npos);
  CHECK(minutes.find("href=\"../style.css\"") != std::string::npos);
  CHECK(minutes.find("<script") == std::string::npos);
  for (const auto& link : broken_links(site))
    FAIL_CHECK(link);
}

TEST_CASE("site: a second run writes nothing, a changed record rewrites its page and the index, a deleted one goes")
{
  TempDir tmp;
  const fs::path repo = example_repo(tmp);
  const fs::path site = tmp / "public";
  REQUIRE(run_collab({"site", site.string()}, repo, k_env).status == 0);
  write(site / "CNAME", "tracker.example.com\n"); // Pages' own file: never touched
  const auto first = stamps(site);
  RunResult r = run_collab({"site", site.string()}, repo, k_env);
  REQUIRE(r.status == 0);
  CHECK(changed(first, stamps(site)).empty());
  CHECK_MESSAGE(r.out.find("0 个页面") != std::string::npos, r.out);

  // R-2024-004 done: its page, and the index (no longer overdue), its owner's and department's
  // pages and the list of records (no: its title is the same) change; no other record's page.
  r = run_collab({"done", "R-2024-004", "--evidence", "评估表已发", "--date", "2024-05-31"}, repo, k_env);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  REQUIRE(run_collab({"site", site.string()}, repo, k_env).status == 0);
  const auto second = stamps(site);
  const auto diff = changed(first, second);
  CHECK(diff.contains("r/R-2024-004.html"));
  CHECK(diff.contains("index.html"));
  CHECK(diff.contains(".collab-site"));
  CHECK_FALSE(diff.contains("r/M-2024-007.html"));
  CHECK_FALSE(diff.contains("records.html"));
  CHECK_FALSE(diff.contains("CNAME"));
  CHECK(table_rows(read(site / "index.html"), "overdue") == overdue_json(repo));

  // The next day every overdue item is a day later: the pages showing them change, not the rest.
  REQUIRE(run_collab({"site", site.string()}, repo, {{"COLLAB_TODAY", "2024-06-02"}}).status == 0);
  const auto third = stamps(site);
  CHECK(changed(second, third).contains("r/M-2024-011.html")); // its action #3 is 2 days late now
  CHECK_FALSE(changed(second, third).contains("r/R-2024-002.html")); // nothing of it is late
  REQUIRE(run_collab({"site", site.string()}, repo, k_env).status == 0);

  // A removed record's page goes, and so does the link to it.
  r = run_collab({"rm", "M-2024-003"}, repo, k_env);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  REQUIRE(run_collab({"site", site.string()}, repo, k_env).status == 0);
  CHECK_FALSE(fs::exists(site / "r/M-2024-003.html"));
  CHECK(read(site / "records.html").find("M-2024-003") == std::string::npos);
  CHECK(fs::exists(site / "CNAME"));
  for (const auto& link : broken_links(site))
    FAIL_CHECK(link);
}

TEST_CASE("site: DIR must be new, empty or a site, a file or another folder is refused (2), an unwritable one (3)")
{
  TempDir tmp;
  const fs::path repo = example_repo(tmp);
  write(tmp / "notes/todo.txt", "mine\n");
  RunResult r = run_collab({"site", (tmp / "notes").string()}, repo, k_env);
  CHECK(r.status == 2);
  CHECK_MESSAGE(r.err.find("不是空文件夹") != std::string::npos, r.err);
  CHECK(read(tmp / "notes/todo.txt") == "mine\n");
  CHECK(fs::directory_iterator(tmp / "notes") != fs::directory_iterator());
  r = run_collab({"site", (tmp / "notes/todo.txt").string()}, repo, k_env);
  CHECK(r.status == 2);
  fs::create_directories(tmp / "empty");
  CHECK(run_collab({"site", (tmp / "empty").string()}, repo, k_env).status == 0);
  if (::geteuid() != 0) { // root writes anywhere
    fs::create_directories(tmp / "locked");
    fs::permissions(tmp / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    r = run_collab({"site", (tmp / "locked").string()}, repo, k_env);
    CHECK(r.status == 3);
    fs::permissions(tmp / "locked", fs::perms::owner_all);
  }
  r = run_collab({"site", "/proc/collab-site"}, repo, k_env);
  CHECK_MESSAGE(r.status == 3, r.err);
  // Relative to the directory collab runs in (-C), as git -C takes paths.
  CHECK(run_collab({"-C", repo.string(), "site", "_site"}, tmp.path(), k_env).status == 0);
  CHECK(fs::exists(repo / "_site/index.html"));
}

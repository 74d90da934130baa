// End-to-end: messages that confused people who tried collab (issue 10, point 17): each says
// what is wrong and what to write instead, in the repo's language.
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {


const char* k_task = "id: T-2024-001\nkind: task\ntitle: 上线检查\nowner: 赵六\ndeadline: 2024-06-20\n"
                     "deliverable: 检查清单\nstatus: 进行中\n";

fs::path repo(const TempDir& tmp, const std::string& lang)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "lang: " + lang + "\n");
  write(tmp / "tasks/T-2024-001.yaml", k_task);
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  return tmp.path();
}

RunResult collab(const fs::path& dir, std::vector<std::string> args,
                 std::map<std::string, std::optional<std::string>> env = {})
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  env.emplace("VISUAL", std::nullopt);
  return run_collab(args, dir, env);
}

/// The 1-based number of the line of `text` that starts with `start`, or 0.
size_t line_of(const std::string& text, const std::string& start)
{
  size_t n = 1;
  for (size_t at = 0; at < text.size(); ++n) {
    if (text.compare(at, start.size(), start) == 0)
      return n;
    const size_t nl = text.find('\n', at);
    if (nl == std::string::npos)
      break;
    at = nl + 1;
  }
  return 0;
}

} // namespace

TEST_CASE("messages: progress written with % says to write the number alone")
{
  for (const std::string lang : {"en", "zh"}) {
    CAPTURE(lang);
    TempDir tmp;
    const fs::path dir = repo(tmp, lang);
    write(tmp / "tasks/T-2024-001.yaml", std::string(k_task) + "progress: 45%\n");
    auto r = run_collab({"lint"}, dir);
    CHECK(r.status == 1);
    CHECK_FALSE(has(r.out, "not a single value"));
    CHECK_MESSAGE(has(r.out, lang == "zh" ? "进度是 0 到 100 的整数，不带 `%`：请写 `progress: 45`"
                                          : "progress is a whole number from 0 to 100 without `%`: write `progress: 45`"),
                  r.out);
    git("checkout -- .", dir);
    r = collab(dir, {"set", "T-2024-001", "progress=45%"});
    CHECK(r.status == 1);
    CHECK_MESSAGE(has(r.err, "`progress: 45`"), r.err);
  }
  // Other values: the number range, and an example.
  TempDir tmp;
  const fs::path dir = repo(tmp, "en");
  write(tmp / "tasks/T-2024-001.yaml", std::string(k_task) + "progress: 150\n");
  auto r = run_collab({"lint"}, dir);
  CHECK_MESSAGE(has(r.out, "progress is a whole number from 0 to 100 without `%`; `150` is not one"), r.out);
  write(tmp / "tasks/T-2024-001.yaml", std::string(k_task) + "progress: 一半\n");
  r = run_collab({"lint"}, dir);
  CHECK_MESSAGE(has(r.out, "progress is a whole number from 0 to 100 without `%`; `一半` is not one (e.g. `progress: 50`)"),
                r.out);
}

TEST_CASE("messages: new names the missing fields as fields and their flags")
{
  TempDir tmp;
  const fs::path dir = repo(tmp, "en");
  auto r = collab(dir, {"new", "request", "--title", "接口联调", "--owner", "赵六", "--deadline", "2024-06-30",
                        "--set", "from=市场部"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "a new request needs the field `to`; give `--set to=...` (or run it on a terminal to fill "
                           "it in an editor)"),
                r.err);
  r = collab(dir, {"new", "request", "--title", "接口联调", "--deadline", "2024-06-30"});
  CHECK_MESSAGE(has(r.err, "a new request needs the fields `from`, `to`, `owner`; give `--set from=...`, "
                           "`--set to=...`, `--owner NAME`"),
                r.err);
}

TEST_CASE("messages: the editor's findings count lines as in the draft, and giving up prints them")
{
  for (const std::string lang : {"en", "zh"}) {
    CAPTURE(lang);
    TempDir tmp, scripts;
    const fs::path dir = repo(tmp, lang);
    write(scripts / "ed.sh", R"SH(#!/bin/sh
n=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.count"
[ $n -eq 1 ] && sed -i 's/^owner:.*/owner: [赵六, 孙七]/; s/^deadline:.*/deadline: 下周/' "$1"
cp "$1" "$0.seen$n"
exit 0
)SH");
    fs::permissions(scripts / "ed.sh", fs::perms::owner_all);
    const auto r = collab(dir, {"edit", "T-2024-001"}, {{"EDITOR", (scripts / "ed.sh").string()}});
    CHECK(r.status == 1);
    const std::string seen = read(scripts / "ed.sh.seen2");
    const size_t owner = line_of(seen, "owner: "), deadline = line_of(seen, "deadline: ");
    REQUIRE(owner > 3); // below the comments
    const std::string line = lang == "zh" ? "第 {} 行" : "line {}:";
    CHECK_MESSAGE(has(seen, "# collab: " + fmt::format(fmt::runtime(line), owner)), seen);
    CHECK(has(seen, "# collab: " + fmt::format(fmt::runtime(line), deadline)));
    CHECK_FALSE(has(seen, "count from the first line after these comments"));
    // Giving up prints the findings, at the lines of the draft it keeps.
    const std::string draft = (tmp / ".git/collab-drafts/T-2024-001.yaml").string();
    CHECK(read(draft) == seen);
    CHECK_MESSAGE(has(r.err, fmt::format("{}:{}:", draft, owner)), r.err);
    CHECK(has(r.err, fmt::format("{}:{}:", draft, deadline)));
    CHECK(has(r.err, "[multiple-owners]"));
  }
}

TEST_CASE("messages: --status 逾期 points to collab overdue, in the repo's language")
{
  for (const std::string lang : {"en", "zh"}) {
    CAPTURE(lang);
    TempDir tmp;
    const fs::path dir = repo(tmp, lang);
    for (const std::string word : {"逾期", "overdue"}) {
      const auto r = collab(dir, {"list", "--status", word});
      CHECK(r.status == 2);
      CHECK_MESSAGE(has(r.err, lang == "zh" ? "逾期不是状态，而是按截止日期算出的视图：请用 `collab overdue`"
                                            : "overdue is not a status but a view computed from the deadline: use "
                                              "`collab overdue`"),
                    r.err);
    }
  }
}

TEST_CASE("messages: without a terminal and without an EDITOR, edit and new --edit refuse instead of starting vi")
{
  TempDir tmp, bin;
  const fs::path dir = repo(tmp, "en");
  // A `vi` that would note it was started.
  write(bin / "vi", fmt::format("#!/bin/sh\ntouch '{}'\n", (bin / "started").string()));
  fs::permissions(bin / "vi", fs::perms::owner_all);
  const std::map<std::string, std::optional<std::string>> env = {
    {"EDITOR", std::nullopt}, {"PATH", bin.path().string() + ":/usr/bin:/bin"}};
  auto r = collab(dir, {"edit", "T-2024-001"}, env);
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "no terminal to open an editor in"), r.err);
  CHECK(has(r.err, "`collab set T-2024-001 KEY=VALUE`"));
  r = collab(dir, {"new", "task", "--title", "x", "--edit"}, env);
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "--set KEY=VALUE"), r.err);
  CHECK_FALSE(fs::exists(bin / "started"));
  // In Chinese with lang: zh.
  TempDir zh_tmp;
  r = collab(repo(zh_tmp, "zh"), {"edit", "T-2024-001"}, env);
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "没有可以打开编辑器的终端"), r.err);
}

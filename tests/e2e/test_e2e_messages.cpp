// End-to-end: messages that confused people who tried collab (issue 10, point 17): each says
// what is wrong and what to write instead, in the repo's language.
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

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

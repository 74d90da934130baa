// End-to-end: `collab __complete` (what the completion scripts call) and `collab completion`.
#include "process.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";

/// The candidates `collab __complete WORDS...` prints, one a line (without descriptions).
std::vector<std::string> complete(const std::vector<std::string>& words, const fs::path& cwd)
{
  std::vector<std::string> args = {"__complete", "--"};
  args.insert(args.end(), words.begin(), words.end());
  const auto r = run_collab(args, cwd);
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::vector<std::string> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    out.push_back(line.substr(0, line.find('\t')));
  return out;
}

/// The same, in the examples' records root through -C.
std::vector<std::string> in_examples(std::vector<std::string> words, const fs::path& cwd)
{
  words.insert(words.begin(), {"-C", k_examples.string()});
  return complete(words, cwd);
}

bool has(const std::vector<std::string>& list, const std::string& word)
{
  return std::find(list.begin(), list.end(), word) != list.end();
}

} // namespace

TEST_CASE("complete: commands, and __complete is not one of them")
{
  TempDir tmp;
  const auto all = complete({""}, tmp.path());
  CHECK(has(all, "list"));
  CHECK(has(all, "completion"));
  CHECK(!has(all, "__complete"));
  CHECK(!has(all, "merge-driver")); // hidden
  CHECK(complete({"ov"}, tmp.path()) == std::vector<std::string>{"overdue"});
  const auto help = run_collab({"--help"}, tmp.path());
  CHECK(help.out.find("__complete") == std::string::npos);
}

TEST_CASE("complete: the options of a subcommand, with descriptions on request")
{
  TempDir tmp;
  const auto options = complete({"list", "--"}, tmp.path());
  for (const char* o : {"--owner", "--status", "--group-by", "--sort", "--all", "--format", "--as-of", "--width"})
    CHECK_MESSAGE(has(options, o), o);
  CHECK(!has(complete({"rm", "--"}, tmp.path()), "--format"));
  CHECK(has(complete({"rm", "--"}, tmp.path()), "--force"));
  const auto r = run_collab({"__complete", "--describe", "--", "list", "--ow"}, tmp.path());
  CHECK(r.out == "--owner\tOnly this owner's items\n");
}

TEST_CASE("complete: --format offers each command's own formats")
{
  TempDir tmp;
  CHECK(complete({"lint", "--format", ""}, tmp.path()) ==
        std::vector<std::string>{"text", "json", "github", "sarif", "junit", "gitlab"});
  CHECK(complete({"show", "--format", ""}, tmp.path()) == std::vector<std::string>{"text", "json", "md", "html"});
  CHECK(complete({"list", "--format", "cs"}, tmp.path()) == std::vector<std::string>{"csv", "csv-plain"});
  CHECK(complete({"log", "--format=j"}, tmp.path()) == std::vector<std::string>{"--format=json"});
}

TEST_CASE("complete: statuses with aliases after --status, kinds after new, closed choices")
{
  TempDir tmp;
  const auto statuses = complete({"list", "--status", ""}, tmp.path());
  for (const char* s : {"todo", "doing", "delayed", "done", "cancelled", "in-progress", "进行中", "待沟通", "已闭环"})
    CHECK_MESSAGE(has(statuses, s), s);
  CHECK(complete({"new", ""}, tmp.path()) == std::vector<std::string>{"meeting", "task", "issue", "request"});
  CHECK(has(complete({"list", "--kind", ""}, tmp.path()), "action"));
  CHECK(complete({"--color", ""}, tmp.path()) == std::vector<std::string>{"auto", "always", "never"});
  CHECK(complete({"list", "--group-by", ""}, tmp.path()) == std::vector<std::string>{"owner", "dept", "record"});
  CHECK(complete({"completion", ""}, tmp.path()) == std::vector<std::string>{"bash", "zsh", "fish"});
}

TEST_CASE("complete: ids and refs of the records root -C names")
{
  TempDir tmp;
  CHECK(in_examples({"show", "M-"}, tmp.path()) == std::vector<std::string>{"M-2024-003", "M-2024-007", "M-2024-011"});
  const auto ids = in_examples({"rm", ""}, tmp.path());
  CHECK(has(ids, "2024-市场-001"));
  CHECK(has(ids, "R-2024-004"));
  CHECK(!has(ids, "R-2099-006")); // examples/bad is a records root of its own
  CHECK(in_examples({"mail", ""}, tmp.path()) == std::vector<std::string>{"M-2024-003", "M-2024-007", "M-2024-011"});
  CHECK(in_examples({"set", "M-2024-007#"}, tmp.path()) ==
        std::vector<std::string>{"M-2024-007#1", "M-2024-007#2", "M-2024-007#3", "M-2024-007#4"});
  const auto r = run_collab({"__complete", "--describe", "--", "-C", k_examples.string(), "done", "M-2024-007#1"},
                            tmp.path());
  CHECK(r.out == "M-2024-007#1\t提交最终版设计稿 (赵六)\n");
  // Without -C, the directory it runs in: none here.
  CHECK(complete({"show", "M-"}, tmp.path()).empty());
  CHECK(complete({"show", "M-"}, k_examples) == std::vector<std::string>{"M-2024-003", "M-2024-007", "M-2024-011"});
}

TEST_CASE("complete: people after --owner, from the registry and from records, and departments")
{
  TempDir tmp;
  const auto people = in_examples({"list", "--owner", ""}, tmp.path());
  CHECK(has(people, "赵六"));
  CHECK(has(people, "唐亮"));
  CHECK(in_examples({"list", "--owner", "赵"}, tmp.path()) == std::vector<std::string>{"赵六"});
  CHECK(has(in_examples({"new", "meeting", "--attendees", "赵六,"}, tmp.path()), "赵六,孙七"));
  CHECK(has(in_examples({"overdue", "--dept", ""}, tmp.path()), "研发部"));
  CHECK(has(in_examples({"set", "M-2024-007#1", "owner="}, tmp.path()), "owner=孙七"));

  // A name only a record uses (no registry) comes from the item cache of the repository.
  const fs::path dir = git_init(tmp / "r");
  write(dir / ".collab.yaml", "lang: en\n");
  write(dir / "tasks/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: Price sheet\nowner: Wanda\n"
                                        "deadline: 2024-06-01\ndeliverable: sheet v1\ndept: Sales\nstatus: todo\n");
  CHECK(complete({"list", "--owner", ""}, dir) == std::vector<std::string>{"Wanda"});
  CHECK(complete({"list", "--dept", ""}, dir) == std::vector<std::string>{"Sales"});
  CHECK(complete({"list", "--owner", ""}, dir) == std::vector<std::string>{"Wanda"}); // now from the cache
}

TEST_CASE("complete: folders after -C, files after lint")
{
  TempDir tmp;
  write(tmp / "records/.collab.yaml", "");
  write(tmp / "notes.txt", "");
  CHECK(complete({"-C", "rec"}, tmp.path()) == std::vector<std::string>{"records/"});
  CHECK(complete({"-C", "no"}, tmp.path()).empty());
  CHECK(complete({"lint", "no"}, tmp.path()) == std::vector<std::string>{"notes.txt"});
}

TEST_CASE("completion: a script for bash, zsh and fish that calls __complete, other shells refused")
{
  TempDir tmp;
  for (const char* shell : {"bash", "zsh", "fish"}) {
    const auto r = run_collab({"completion", shell}, tmp.path());
    INFO(shell);
    CHECK(r.status == 0);
    CHECK(r.out.find("collab __complete") != std::string::npos);
  }
  const auto r = run_collab({"completion", "tcsh"}, tmp.path());
  CHECK(r.status == 2);
}

// The candidate logic of `collab __complete`: which words the command line and the records
// root offer for the word being typed (with a small command line and made-up records).
#include "commands/complete_candidates.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace collab::commands;

namespace {

CliOption flag(std::vector<std::string> names, std::string help = "")
{
  CliOption o;
  o.names = std::move(names);
  o.help = std::move(help);
  return o;
}

CliOption option(std::vector<std::string> names, ValueSource source, std::vector<std::string> choices = {})
{
  CliOption o = flag(std::move(names), "help");
  o.takes_value = true;
  o.source = source;
  o.choices = std::move(choices);
  return o;
}

CliOption positional(std::string name, ValueSource source, bool many = false)
{
  CliOption o = option({std::move(name)}, source);
  o.positional = true;
  o.many = many;
  return o;
}

CliSpec spec()
{
  CliSpec s;
  s.globals = {option({"-C"}, ValueSource::Dir), option({"--format"}, ValueSource::Choices, {"text", "json", "md"}),
               flag({"-q", "--quiet"}, "Print only")};
  s.commands.push_back({"list",
                        "List open items",
                        {option({"--owner"}, ValueSource::Person), option({"--status"}, ValueSource::Status),
                         option({"--dept"}, ValueSource::Dept),
                         option({"--format"}, ValueSource::Choices, {"table", "json"})},
                        {}});
  s.commands.push_back({"lint", "Validate records", {}, {}});
  s.commands.push_back({"rm", "Delete a record", {positional("ID", ValueSource::Id)}, {"--format"}});
  s.commands.push_back({"set",
                        "Set fields",
                        {positional("REF", ValueSource::Ref), positional("KEY=VALUE", ValueSource::Assignment, true)},
                        {"--format"}});
  s.commands.push_back({"mail", "Mail", {positional("MEETING", ValueSource::MeetingId)}, {"--format"}});
  s.commands.push_back({"new",
                        "Create",
                        {positional("KIND", ValueSource::Choices), option({"--attendees"}, ValueSource::People)},
                        {}});
  s.commands.back().options.front().choices = {"meeting", "task", "issue", "request"};
  return s;
}

RepoFacts facts()
{
  RepoFacts f;
  f.ids = [](bool meetings, std::string_view prefix) {
    std::vector<std::string> out;
    for (const char* id : {"M-2024-001", "M-2024-007", "T-2024-001"})
      if (std::string_view(id).starts_with(prefix) && (!meetings || id[0] == 'M'))
        out.push_back(id);
    return out;
  };
  f.refs = [](std::string_view id) {
    if (id == "M-2024-007")
      return std::vector<Candidate>{{"M-2024-007#1", "Design (赵六)"}, {"M-2024-007#2", "Test (孙七)"}};
    return std::vector<Candidate>{};
  };
  f.people = [] { return std::vector<std::string>{"孙七", "赵六", "李雷"}; };
  f.departments = [] { return std::vector<std::string>{"市场部", "研发部"}; };
  f.fields = [](std::string_view ref) {
    return ref.find('#') == std::string_view::npos ? std::vector<std::string>{"title", "status"}
                                                   : std::vector<std::string>{"action", "owner", "status"};
  };
  return f;
}

std::vector<std::string> words_of(const std::vector<std::string>& line)
{
  std::vector<std::string> out;
  for (const auto& c : complete_words(spec(), line, facts()))
    out.push_back(c.word);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& word)
{
  return std::find(list.begin(), list.end(), word) != list.end();
}

} // namespace

TEST_CASE("complete: commands at the first word, only those starting with what is typed")
{
  CHECK(words_of({""}) == std::vector<std::string>{"list", "lint", "rm", "set", "mail", "new"});
  CHECK(words_of({"li"}) == std::vector<std::string>{"list", "lint"});
  CHECK(words_of({"-C", "/tmp", "li"}) == std::vector<std::string>{"list", "lint"});
  CHECK(words_of({"--format", "json", "r"}) == std::vector<std::string>{"rm"});
  CHECK(words_of({"nope", ""}).empty());
}

TEST_CASE("complete: options of the command, then the global ones, with their help")
{
  const auto list = complete_words(spec(), {"list", "--"}, facts());
  REQUIRE(list.size() == 5);
  CHECK(list[0] == Candidate{"--owner", "help"});
  CHECK(list.back() == Candidate{"--quiet", "Print only"});
  // A global option the command does not take is not offered.
  CHECK(!has(words_of({"rm", "--"}), "--format"));
  // Before a command: the global options only.
  CHECK(words_of({"-"}) == std::vector<std::string>{"-C", "--format", "-q", "--quiet"});
}

TEST_CASE("complete: --format offers the command's own formats")
{
  CHECK(words_of({"list", "--format", ""}) == std::vector<std::string>{"table", "json"});
  CHECK(words_of({"--format", ""}) == std::vector<std::string>{"text", "json", "md"});
  CHECK(words_of({"list", "--format=j"}) == std::vector<std::string>{"--format=json"});
}

TEST_CASE("complete: statuses with their aliases, people, departments")
{
  const auto statuses = complete_words(spec(), {"list", "--status", ""}, facts());
  const auto doing = std::find_if(statuses.begin(), statuses.end(), [](const Candidate& c) { return c.word == "进行中"; });
  REQUIRE(doing != statuses.end());
  CHECK(doing->description == "doing");
  CHECK(has(words_of({"list", "--status", ""}), "in-progress"));
  CHECK(words_of({"list", "--status", "do"}) == std::vector<std::string>{"doing", "done"});
  CHECK(words_of({"list", "--owner", "赵"}) == std::vector<std::string>{"赵六"});
  CHECK(words_of({"list", "--dept", ""}) == std::vector<std::string>{"市场部", "研发部"});
  // A comma-separated list: the last name is completed, names already listed are left out.
  CHECK(words_of({"new", "meeting", "--attendees", "赵六,"}) == std::vector<std::string>{"赵六,孙七", "赵六,李雷"});
}

TEST_CASE("complete: ids, meeting ids, refs of the record named")
{
  CHECK(words_of({"rm", ""}) == std::vector<std::string>{"M-2024-001", "M-2024-007", "T-2024-001"});
  CHECK(words_of({"rm", "T"}) == std::vector<std::string>{"T-2024-001"});
  CHECK(words_of({"mail", ""}) == std::vector<std::string>{"M-2024-001", "M-2024-007"});
  CHECK(words_of({"set", "M-2024-007#"}) == std::vector<std::string>{"M-2024-007#1", "M-2024-007#2"});
  CHECK(words_of({"set", "M-2024-007#2"}) == std::vector<std::string>{"M-2024-007#2"});
  // One record left: its refs come along, so the next Tab needs no `#`.
  CHECK(words_of({"set", "M-2024-00"}) == std::vector<std::string>{"M-2024-001", "M-2024-007"});
  CHECK(words_of({"set", "M-2024-007"}) == std::vector<std::string>{"M-2024-007", "M-2024-007#1", "M-2024-007#2"});
  const auto refs = complete_words(spec(), {"set", "M-2024-007#1"}, facts());
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].description == "Design (赵六)");
}

TEST_CASE("complete: the positional in its place, key=value fields and their values")
{
  CHECK(words_of({"new", ""}) == std::vector<std::string>{"meeting", "task", "issue", "request"});
  CHECK(words_of({"new", "meeting", ""}).empty()); // KIND is given; nothing else is positional
  CHECK(words_of({"set", "M-2024-007#1", ""}) == std::vector<std::string>{"action=", "owner=", "status="});
  CHECK(words_of({"set", "M-2024-007", "t"}) == std::vector<std::string>{"title="});
  CHECK(words_of({"set", "M-2024-007#1", "owner=孙"}) == std::vector<std::string>{"owner=孙七"});
  CHECK(words_of({"set", "M-2024-007#1", "status=dela"}) == std::vector<std::string>{"status=delayed"});
  // After `--` every word is positional, even one starting with `-`.
  CHECK(words_of({"rm", "--", "-"}).empty());
}

TEST_CASE("complete: an option's value is never taken for the command or a positional")
{
  CHECK(words_of({"list", "--owner", "rm", "--status", "todo", "--dept", "研"}) == std::vector<std::string>{"研发部"});
  CHECK(words_of({"-C", "rm", ""}) == words_of({""}));
  CHECK(words_of({"--format=json", "rm", ""}) == words_of({"rm", ""}));
}

TEST_CASE("complete: -C names the records root, in either form")
{
  CHECK(directory_of({"-C", "/srv/records", "list", ""}) == "/srv/records");
  CHECK(directory_of({"-C/srv/a", "list", ""}) == "/srv/a");
  CHECK(directory_of({"list", "-C"}) == ""); // being typed: no directory yet
  CHECK(directory_of({"--", "-C", "x", ""}) == "");
}

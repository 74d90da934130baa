// Each command's --help lists the exit statuses that command can return, and only those: a
// command that never reports findings (show, log, rm...) must not promise an exit status 1.

#include "process.h"

#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace test;

namespace {

/// The statuses each command can exit with (see EXIT STATUS in man/collab.1): 1 only for the
/// commands that lint (lint itself, and the writes refused for lint errors or a failed editor)
/// and for overdue --fail.
const std::map<std::string, std::set<int>> k_statuses = {
  {"init", {0, 2, 3}},   {"lint", {0, 1, 2, 3}},   {"new", {0, 1, 2, 3}},    {"set", {0, 1, 2, 3}},
  {"done", {0, 1, 2, 3}}, {"delay", {0, 1, 2, 3}},  {"rm", {0, 2, 3}},        {"edit", {0, 1, 2, 3}},
  {"commit", {0, 1, 2, 3}}, {"log", {0, 2, 3}},     {"diff", {0, 2, 3}},      {"list", {0, 2, 3}},
  {"overdue", {0, 1, 2, 3}}, {"due", {0, 2, 3}},    {"show", {0, 2, 3}},
  // issue 13 (figures)
  {"report", {0, 2, 3}}, {"stats", {0, 2, 3}}, {"stale", {0, 2, 3}},
  {"site", {0, 2, 3}},
  // issue 14
  {"setup-merge", {0, 2, 3}}, {"merge-driver", {0, 1, 2, 3}},
  // issue 15: the rest, so that every command is checked
  {"confirm", {0, 1, 2, 3}}, {"unconfirmed", {0, 1, 2, 3}}, {"mail", {0, 2, 3}}, {"remind", {0, 1, 2, 3}},
  {"export", {0, 2, 3}}, {"sync", {0, 1, 2, 3}}, {"completion", {0, 2}},
  {"schema", {0, 2, 3}}};

/// The line of the help that starts with `prefix`, or "" without one.
std::string line_starting(const std::string& help, const std::string& prefix)
{
  std::istringstream in(help);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0)
      return line;
  return "";
}

/// The statuses an `Exit status: 0 ..., 1 ..., 2 ...` line names.
std::set<int> statuses_of(const std::string& line)
{
  static const std::regex k_status(R"((?:^Exit status:|,) ([0-9]) )");
  std::set<int> out;
  for (auto it = std::sregex_iterator(line.begin(), line.end(), k_status); it != std::sregex_iterator(); ++it)
    out.insert(std::stoi((*it)[1]));
  return out;
}

} // namespace

TEST_CASE("help: each command lists exactly the exit statuses it can return")
{
  TempDir tmp;
  for (const auto& [command, statuses] : k_statuses) {
    INFO("collab " << command << " --help");
    const auto r = run_collab({command, "--help"}, tmp.path());
    REQUIRE(r.status == 0);
    const std::string line = line_starting(r.out, "Exit status: ");
    INFO(r.out);
    REQUIRE_MESSAGE(!line.empty(), "no `Exit status: ` line");
    CHECK(statuses_of(line) == statuses);
    CHECK(r.out.find("findings,") == std::string::npos);
  }
}

TEST_CASE("help: the top-level exit statuses say what 1 means, and that each command has its own")
{
  TempDir tmp;
  const auto r = run_collab({"--help"}, tmp.path());
  const std::string line = line_starting(r.out, "Exit status: ");
  INFO(r.out);
  CHECK(statuses_of(line) == std::set<int>{0, 1, 2, 3});
  CHECK(line.find("1 findings") == std::string::npos);
  CHECK(line.find("1 lint errors") != std::string::npos);
  CHECK(line.find("overdue --fail") != std::string::npos);
  CHECK(line.find("`collab COMMAND --help`") != std::string::npos);
}

TEST_CASE("help: --strict says warnings count as errors for the exit status")
{
  TempDir tmp;
  const auto r = run_collab({"lint", "--help"}, tmp.path());
  const std::string line = line_starting(r.out, "  --strict");
  INFO(r.out);
  CHECK(line.find("Warnings count as errors for the exit status (1 on any finding)") != std::string::npos);
}

TEST_CASE("help: the exit statuses in Chinese, for every command")
{
  TempDir tmp;
  const std::map<std::string, std::optional<std::string>> chinese = {{"LANG", "zh_CN.UTF-8"}};
  for (const auto& [command, statuses] : k_statuses) {
    INFO("collab " << command << " --help");
    const auto r = run_collab({command, "--help"}, tmp.path(), chinese);
    INFO(r.out);
    CHECK(r.out.find("\n退出状态：0 ") != std::string::npos);
    CHECK(r.out.find("Exit status") == std::string::npos);
    CHECK((r.out.find("，1 ") != std::string::npos) == statuses.count(1));
  }
}

namespace {

/// The commands `collab --help` lists (the hidden ones are not).
std::vector<std::string> listed_commands(const fs::path& cwd)
{
  const auto r = run_collab({"--help"}, cwd);
  std::istringstream in(r.out);
  std::vector<std::string> out;
  bool in_list = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "Subcommands:") {
      in_list = true;
      continue;
    }
    if (in_list && line.rfind("  ", 0) != 0)
      break;
    if (in_list && line.size() > 2 && line[2] != ' ')
      out.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return out;
}

/// The section of a help that starts with the line `title`, up to the next empty line.
std::string section(const std::string& help, const std::string& title)
{
  const size_t at = help.find("\n" + title + "\n");
  if (at == std::string::npos)
    return "";
  const size_t end = help.find("\n\n", at + 1);
  return help.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
}

} // namespace

TEST_CASE("help: every command's help shows the global options it takes, its formats and an example")
{
  TempDir tmp;
  const auto commands = listed_commands(tmp.path());
  REQUIRE(commands.size() >= 25);
  for (const auto& command : commands) {
    INFO("collab " << command << " --help");
    CHECK_MESSAGE(k_statuses.count(command) == 1, "no exit statuses for the command in k_statuses");
    const auto r = run_collab({command, "--help"}, tmp.path());
    REQUIRE(r.status == 0);
    INFO(r.out);
    const std::string globals = section(r.out, "Global options:");
    REQUIRE_MESSAGE(!globals.empty(), "no `Global options:` section");
    for (const char* option : {"  -C DIR", "  --as-of DATE", "  --color WHEN", "  --width N", "  -q,--quiet"})
      CHECK_MESSAGE(globals.find(option) != std::string::npos, option);
    CHECK(globals.find("--help") == std::string::npos);
    CHECK(globals.find("--version") == std::string::npos);
    // The formats the command accepts, as completion offers them (both read the app's table).
    const auto formats = run_collab({"__complete", "--", command, "--format="}, tmp.path());
    std::vector<std::string> names;
    std::istringstream in(formats.out);
    for (std::string f; std::getline(in, f);)
      names.push_back(f.substr(std::string_view("--format=").size()));
    const std::string format_line = line_starting(globals.substr(globals.find('\n') + 1), "  --format FORMAT");
    if (names.empty()) {
      CHECK_MESSAGE(globals.find("--format") == std::string::npos, "--format shown for a command without formats");
    } else {
      REQUIRE_MESSAGE(!format_line.empty(), "no --format line");
      std::string joined;
      for (const auto& n : names)
        joined += (joined.empty() ? "" : ", ") + n;
      CHECK(format_line.find("Output format: " + joined) != std::string::npos);
    }
    // An example, as the user types it.
    std::istringstream lines(r.out);
    bool example = false;
    for (std::string line; std::getline(lines, line);)
      example = example || line.rfind("  collab " + command, 0) == 0;
    CHECK_MESSAGE(example, "no example line `  collab " << command << " ...`");
  }
}

TEST_CASE("help: the top-level --format says each command has its own formats, not all of them")
{
  TempDir tmp;
  const auto r = run_collab({"--help"}, tmp.path());
  const std::string line = line_starting(r.out, "  --format FORMAT");
  INFO(r.out);
  CHECK(line.find("each command has its own") != std::string::npos);
  CHECK(line.find("sarif") == std::string::npos);
  const auto list = run_collab({"list", "--help"}, tmp.path());
  CHECK(list.out.find("sarif") == std::string::npos);
  CHECK(list.out.find("github") == std::string::npos);
}

TEST_CASE("help: a command's global options are those it takes notice of (--no-pager where it pages, --no-verify where it commits)")
{
  TempDir tmp;
  const auto list = run_collab({"list", "--help"}, tmp.path());
  CHECK(list.out.find("--no-pager") != std::string::npos);
  CHECK(list.out.find("--no-verify") == std::string::npos);
  const auto set = run_collab({"set", "--help"}, tmp.path());
  CHECK(set.out.find("--no-verify") != std::string::npos);
  CHECK(set.out.find("--no-pager") == std::string::npos);
  const auto completion = run_collab({"completion", "--help"}, tmp.path());
  CHECK(completion.out.find("--no-verify") == std::string::npos);
  CHECK(completion.out.find("--no-pager") == std::string::npos);
}

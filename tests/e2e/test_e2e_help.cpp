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
  {"setup-merge", {0, 2, 3}}, {"merge-driver", {0, 1, 2, 3}}};

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

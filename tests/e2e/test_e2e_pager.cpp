// End-to-end: long output on a terminal goes through the pager (issue 15), on a pseudo-terminal.
#include "fixtures.h"
#include "pseudo_terminal.h"

#include <doctest/doctest.h>

#include "collab/util/utf8.h"

#include <csignal>
#include <fmt/format.h>
#include <sstream>

using namespace test;

namespace {

using Env = std::map<std::string, std::optional<std::string>>;

/// The environment of a run on the terminal: PAGER-like variables as given, the rest unset.
Env terminal_env(Env extra)
{
  Env env = {{"COLLAB_PAGER", std::nullopt}, {"PAGER", std::nullopt}, {"LESS", std::nullopt},
             {"COLUMNS", std::nullopt},      {"NO_COLOR", std::nullopt}, {"TERM", "xterm"},
             {"COLLAB_TODAY", "2024-06-01"}};
  for (auto& [k, v] : extra)
    env[k] = v;
  return env;
}

/// A pager that keeps what it is given in `file`.
std::string recording_pager(const fs::path& file) { return "cat > '" + file.string() + "'"; }

/// A meeting with n actions: a list longer than a pipe holds (64 KiB) for n of 1,000 and more.
std::string long_meeting(int n)
{
  std::string text = "id: M-2024-100\nkind: meeting\ntitle: 长会\ndate: 2024-05-10\nhost: 赵六\nrecorder: 孙七\n"
                     "attendees: [赵六, 孙七]\nactions:\n";
  for (int i = 1; i <= n; ++i)
    text += fmt::format("  - action: 第{}项 a task with a title long enough to fill a row of the table\n"
                        "    owner: 赵六\n    deadline: 2024-05-12\n    deliverable: x\n",
                        i);
  return text;
}

} // namespace

TEST_CASE("pager: a view on a terminal goes through COLLAB_PAGER, with its colours and the terminal's width")
{
  TempDir tmp;
  const fs::path repo = repo_with_meeting(tmp / "repo", {{"meetings/M-2024-100.yaml", long_meeting(1)}});
  const fs::path paged = tmp / "paged";
  const Env env = terminal_env({{"COLLAB_PAGER", recording_pager(paged)}});
  const auto r = run_collab_on_terminal({"list"}, repo, env, 200);
  CHECK_MESSAGE(r.status == 0, r.out);
  REQUIRE(fs::exists(paged));
  const std::string text = read(paged);
  CHECK_MESSAGE(text.find("M-2024-007#1") != std::string::npos, text); // a table, not the TSV of a pipe
  CHECK(text.find("REF") != std::string::npos);
  CHECK(text.find("\x1b[") != std::string::npos);              // colour as on the terminal
  CHECK(text.find("fill a row of the table") != std::string::npos); // 200 columns: nothing cut
  CHECK(r.out.find("M-2024-007#1") == std::string::npos);       // shown by the pager only
  // The table is as wide as the terminal the pager shows on, not the 80 columns of a pipe.
  run_collab_on_terminal({"list"}, repo, env, 40);
  std::istringstream lines(read(paged));
  size_t n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    std::string plain; // without the colour sequences
    for (size_t i = 0; i < line.size(); ++i)
      if (line[i] == '\x1b')
        i = line.find('m', i);
      else
        plain += line[i];
    CHECK_MESSAGE(collab::util::utf8::display_width(plain) <= 40, plain);
  }
  CHECK(n == 3);
  // NO_COLOR still wins.
  run_collab_on_terminal({"list"}, repo, terminal_env({{"COLLAB_PAGER", recording_pager(paged)}, {"NO_COLOR", "1"}}));
  CHECK(read(paged).find("M-2024-007#1") != std::string::npos);
  CHECK(read(paged).find('\x1b') == std::string::npos);
}

TEST_CASE("pager: PAGER when COLLAB_PAGER is unset, LESS=FRX when LESS is unset, none for an empty or cat pager")
{
  TempDir tmp;
  const fs::path repo = repo_with_meeting(tmp / "repo");
  const fs::path less = tmp / "less";
  const std::string pager = "printf %s \"$LESS\" > '" + less.string() + "'; cat > /dev/null";
  auto r = run_collab_on_terminal({"list"}, repo, terminal_env({{"PAGER", pager}}));
  CHECK(r.status == 0);
  REQUIRE(fs::exists(less));
  CHECK(read(less) == "FRX");
  CHECK(r.out.find("M-2024-007#1") == std::string::npos);
  r = run_collab_on_terminal({"list"}, repo, terminal_env({{"PAGER", pager}, {"LESS", "-i"}}));
  CHECK(read(less) == "-i");
  // COLLAB_PAGER before PAGER.
  fs::remove(less);
  const fs::path paged = tmp / "paged";
  run_collab_on_terminal({"list"}, repo, terminal_env({{"PAGER", pager}, {"COLLAB_PAGER", recording_pager(paged)}}));
  CHECK(fs::exists(paged));
  CHECK(!fs::exists(less));
  for (const char* none : {"", "cat"}) {
    CAPTURE(none);
    r = run_collab_on_terminal({"list"}, repo, terminal_env({{"COLLAB_PAGER", none}, {"PAGER", pager}}));
    CHECK(r.status == 0);
    CHECK(r.out.find("M-2024-007#1") != std::string::npos); // straight to the terminal
    CHECK(!fs::exists(less));
  }
}

TEST_CASE("pager: never when piped, with --no-pager before or after the command, or for a write")
{
  TempDir tmp;
  const fs::path repo = repo_with_meeting(tmp / "repo");
  const fs::path paged = tmp / "paged";
  const Env env = terminal_env({{"COLLAB_PAGER", recording_pager(paged)}});
  auto r = run_collab({"list"}, repo, env);
  CHECK(r.status == 0);
  CHECK(r.out.find("M-2024-007#1") != std::string::npos);
  CHECK(!fs::exists(paged));
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--no-pager", "list"},
                                               std::vector<std::string>{"list", "--no-pager"},
                                               std::vector<std::string>{"show", "M-2024-007", "--no-pager"}}) {
    CAPTURE(args.front());
    r = run_collab_on_terminal(args, repo, env);
    CHECK(r.status == 0);
    CHECK(r.out.find("M-2024-007") != std::string::npos);
    CHECK(!fs::exists(paged));
  }
  // Writes and machine formats print straight to the terminal.
  r = run_collab_on_terminal({"done", "M-2024-007#1", "--evidence", "sent"}, repo, env);
  CHECK_MESSAGE(r.status == 0, r.out);
  CHECK(!fs::exists(paged));
  r = run_collab_on_terminal({"lint", "--format", "json"}, repo, env);
  CHECK(!fs::exists(paged));
  // Documents page: show, log, lint's findings.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"show", "M-2024-007"},
                                               std::vector<std::string>{"log", "M-2024-007"},
                                               std::vector<std::string>{"lint"}}) {
    CAPTURE(args.front());
    fs::remove(paged);
    r = run_collab_on_terminal(args, repo, env);
    CHECK_MESSAGE(r.status == 0, r.out);
    CHECK(fs::exists(paged));
  }
}

TEST_CASE("pager: quitting the pager early is no error and keeps exit status 0")
{
  TempDir tmp;
  const fs::path repo = repo_with_meeting(tmp / "repo", {{"meetings/M-2024-100.yaml", long_meeting(1500)}});
  REQUIRE(run_collab({"--no-pager", "list", "--format", "table", "--width", "100"}, repo).out.size() > 100000);
  // `head -1` reads a line and quits; the other closes its input before reading anything.
  for (const char* pager : {"head -1", "exec 0<&-; sleep 0.2"}) {
    CAPTURE(pager);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"list"}, std::vector<std::string>{"show", "M-2024-100"}}) {
      CAPTURE(args.front());
      const auto r = run_collab_on_terminal(args, repo, terminal_env({{"COLLAB_PAGER", pager}}));
      CHECK(r.status == 0);
      CHECK_MESSAGE(r.out.find("error") == std::string::npos, r.out);
      CHECK(r.out.find("Broken pipe") == std::string::npos);
    }
  }
  // The same list into a pipe that closes early still ends as a pipe's writer does (SIGPIPE).
  CHECK(sh(fmt::format("'{}' list | head -1 >/dev/null", COLLAB_BIN), repo).status == 0);
}

TEST_CASE("pager: Ctrl-C while the pager shows ends collab only after the pager, also once a cache was written")
{
  // `list` writes the item cache (its temporary file registers the clean-up's signal handlers
  // after the pager's); the pager reads everything, interrupts collab, and a second later
  // records whether collab is still there waiting for it (S) or already dead (Z).
  TempDir tmp;
  const fs::path repo = repo_with_meeting(tmp / "repo");
  const fs::path state = tmp / "state";
  const std::string pager = "cat > /dev/null; p=$PPID; kill -INT $p; sleep 1; awk '{print $3}' /proc/$p/stat > '" +
                            state.string() + "'";
  const auto r = run_collab_on_terminal({"list"}, repo, terminal_env({{"COLLAB_PAGER", pager}}));
  CHECK(r.status == 128 + SIGINT);
  REQUIRE(fs::exists(state));
  CHECK(read(state) == "S\n");
}

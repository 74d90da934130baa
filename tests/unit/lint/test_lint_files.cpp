#include "collab/lint/lint_files.h"
#include "collab/util/error.h"
#include "collab/yaml/source_check.h"

#include "process.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fmt/format.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;
using namespace collab::store;
using namespace collab::lint;

namespace {

std::string meeting(const std::string& id, const std::string& extra = "")
{
  return fmt::format(R"(id: {}
kind: meeting
title: 618活动协同推进会
date: 2024-05-10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七]
actions:
  - action: 提交最终版设计稿
    owner: 赵六
    deadline: 2024-05-12
    deliverable: 最终版设计稿
{})",
                     id, extra);
}

Workspace workspace(const fs::path& root)
{
  std::vector<Diagnostic> errors;
  Workspace ws = open_workspace(root, errors);
  REQUIRE(errors.empty());
  ws.config.today = model::Date{2024, 5, 11}; // the day after the meetings below: unconfirmed-minutes not due yet
  return ws;
}

/// "rule line:col" of a file's findings.
std::vector<std::string> rules(const FileResult& r)
{
  std::vector<std::string> out;
  for (const auto& d : r.diags)
    out.push_back(fmt::format("{} {}:{}", d.rule, d.pos.line, d.pos.column));
  return out;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("lint files: results keep the order of the files given, with display paths")
{
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "");
  std::vector<fs::path> files;
  for (int i = 1; i <= 40; ++i) {
    const std::string id = fmt::format("M-2024-{:03}", i);
    test::write(tmp / "meetings" / (id + ".yaml"), meeting(id));
    files.push_back(tmp / "meetings" / (id + ".yaml"));
  }
  std::reverse(files.begin(), files.end());
  const Workspace ws = workspace(tmp.path());
  const auto results = lint_files(ws, files);
  REQUIRE(results.size() == files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    CAPTURE(i);
    CHECK(results[i].path == ws.display(files[i]));
    CHECK(results[i].info.id == files[i].stem().string());
    CHECK(results[i].info.kind == "meeting");
    CHECK(results[i].diags.empty());
    CHECK_FALSE(results[i].src); // kept only with findings
  }
  CHECK(lint_files(ws, {}).empty());
}

TEST_CASE("lint files: an id used by two files is reported in both, pointing at the other")
{
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "");
  test::write(tmp / "a/M-2024-001.yaml", meeting("M-2024-001"));
  test::write(tmp / "b/M-2024-001.yaml", meeting("M-2024-001"));
  test::write(tmp / "M-2024-002.yaml", meeting("M-2024-002"));
  const Workspace ws = workspace(tmp.path());
  const auto results =
    lint_files(ws, {tmp / "a/M-2024-001.yaml", tmp / "M-2024-002.yaml", tmp / "b/M-2024-001.yaml"});
  REQUIRE(results.size() == 3);
  CHECK(rules(results[0]) == V{"duplicate-id 1:5"});
  CHECK(rules(results[1]) == V{});
  CHECK(rules(results[2]) == V{"duplicate-id 1:5"});
  CHECK(results[0].diags[0].path == ws.display(tmp / "a/M-2024-001.yaml"));
  CHECK(results[0].diags[0].message.find(ws.display(tmp / "b/M-2024-001.yaml") + ":1:5") != std::string::npos);
  CHECK(results[2].diags[0].message.find(ws.display(tmp / "a/M-2024-001.yaml") + ":1:5") != std::string::npos);
  // The source is kept for quoting the line of the finding.
  REQUIRE(results[0].src);
  CHECK(results[0].src->line(1) == "id: M-2024-001");
  REQUIRE(results[2].src);

  const Tally t = tally(results);
  CHECK(t.records == 3);
  CHECK(t.errors == 2);
  CHECK(t.warnings == 0);
}

TEST_CASE("lint files: the duplicate-id finding sorts among a file's other findings by position")
{
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "");
  test::write(tmp / "M-2024-001.yaml", meeting("M-2024-001"));
  // The duplicate is found after the file's own findings, and still comes first by position.
  test::write(tmp / "x/M-2024-001.yaml", "# comment\n" + meeting("M-2024-001", "locaton: x\n"));
  const Workspace ws = workspace(tmp.path());
  const auto results = lint_files(ws, {tmp / "M-2024-001.yaml", tmp / "x/M-2024-001.yaml"});
  REQUIRE(results.size() == 2);
  CHECK(rules(results[0]) == V{"duplicate-id 1:5"});
  CHECK(rules(results[1]) == V{"duplicate-id 2:5", "unknown-field 14:1"});
}

TEST_CASE("lint files: a file over 1 MiB is not-a-record and is not parsed")
{
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "");
  const std::string big = meeting("M-2024-001") + "notes: " + std::string(k_max_record_bytes, 'x') + "\n";
  test::write(tmp / "M-2024-001.yaml", big);
  test::write(tmp / "M-2024-002.yaml", meeting("M-2024-002"));
  // Exactly 1 MiB is still a record (it is read and linted).
  std::string edge = meeting("M-2024-003") + "notes: ";
  edge += std::string(k_max_record_bytes - edge.size() - 1, 'x') + "\n";
  REQUIRE(edge.size() == k_max_record_bytes);
  test::write(tmp / "M-2024-003.yaml", edge);
  const Workspace ws = workspace(tmp.path());
  const auto results =
    lint_files(ws, {tmp / "M-2024-001.yaml", tmp / "M-2024-002.yaml", tmp / "M-2024-003.yaml"});
  REQUIRE(results.size() == 3);
  CHECK(rules(results[0]) == V{"not-a-record 1:1"});
  CHECK(results[0].diags[0].severity == Severity::Error);
  CHECK(results[0].diags[0].message.find(std::to_string(big.size()) + " bytes") != std::string::npos);
  CHECK(results[0].info.id.empty()); // not parsed
  CHECK(rules(results[1]) == V{});
  CHECK(rules(results[2]) == V{});
  CHECK(results[2].info.id == "M-2024-003");
}

TEST_CASE("lint files: tally counts errors and warnings over all files, and every file as a record")
{
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "lint:\n  unknown-field: warning\n");
  test::write(tmp / "M-2024-001.yaml", meeting("M-2024-001", "locaton: x\nagendaa: y\n"));
  test::write(tmp / "M-2024-002.yaml", "id: [broken\n");
  test::write(tmp / "M-2024-003.yaml", meeting("M-2024-003"));
  const Workspace ws = workspace(tmp.path());
  const auto results =
    lint_files(ws, {tmp / "M-2024-001.yaml", tmp / "M-2024-002.yaml", tmp / "M-2024-003.yaml"});
  REQUIRE(results.size() == 3);
  CHECK(rules(results[0]) == V{"unknown-field 13:1", "unknown-field 14:1"});
  CHECK(results[0].diags[0].severity == Severity::Warning);
  REQUIRE(rules(results[1]).size() == 1);
  CHECK(results[1].diags[0].rule == "syntax");
  const Tally t = tally(results);
  CHECK(t.records == 3);
  CHECK(t.errors == 1);
  CHECK(t.warnings == 2);
  CHECK(tally({}).records == 0);
}

TEST_CASE("lint files: a file that cannot be read is an error, not a finding")
{
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "");
  const Workspace ws = workspace(tmp.path());
  CHECK_THROWS_AS(lint_files(ws, {tmp / "missing.yaml"}), util::Error);
}

// How the write commands read, address and edit a record.
#include "commands/options.h"
#include "commands/record_edit.h"

#include "collab/util/error.h"

#include "process.h"

#include <doctest/doctest.h>

#include <functional>

using namespace collab;
using namespace collab::model;
using namespace collab::store;
using namespace collab::commands;

namespace {

const char* k_meeting = "id: M-2024-007\nkind: meeting\ntitle: 周会\ndate: 2024-05-10\nhost: 赵六\nrecorder: 孙七\n"
                        "attendees: [赵六, 孙七]\nactions:\n  - action: 提交设计稿  # 市场部\n    owner: 赵六\n"
                        "    deadline: 2024-05-12\n    deliverable: 设计稿\n";

Workspace root_with(const test::TempDir& tmp, const std::string& rel, const std::string& text)
{
  test::write(tmp / ".collab.yaml", "lang: en\n");
  test::write(tmp / rel, text);
  std::vector<util::Diagnostic> errors;
  return open_workspace(tmp.path(), errors);
}

int exit_of(const std::function<void()>& f)
{
  try {
    f();
  } catch (const util::Error& e) {
    return e.exit_status();
  }
  return 0;
}

} // namespace

TEST_CASE("record_edit: load_record finds, reads and types a record")
{
  test::TempDir tmp;
  const Workspace ws = root_with(tmp, "meetings/M-2024-007.yaml", k_meeting);
  const LoadedRecord rec = load_record(ws, "M-2024-007");
  REQUIRE(rec.kind);
  CHECK(rec.kind->name == "meeting");
  CHECK(rec.text == k_meeting);
  CHECK(ref_target(rec, Ref{"M-2024-007", 1}).text_of("owner") == "赵六");
  CHECK(item_text(ref_target(rec, Ref{"M-2024-007", 1}), rec, Ref{"M-2024-007", 1}) == "提交设计稿");
  CHECK(exit_of([&] { ref_target(rec, Ref{"M-2024-007", 2}); }) == 2); // no such item
  CHECK(exit_of([&] { load_record(ws, "M-2024-999"); }) == 2);         // no such record
}

TEST_CASE("record_edit: a record lint cannot read is refused with its findings")
{
  test::TempDir tmp;
  const Workspace ws = root_with(tmp, "tasks/T-1.yaml", "id: T-1\nkind: task\ntitle: \"Ship\"#oops\n");
  try {
    load_record(ws, "T-1");
    FAIL("no error");
  } catch (const util::Error& e) {
    CHECK(e.exit_status() == 3);
    CHECK(e.details().find("tasks/T-1.yaml:3:") != std::string::npos);
    CHECK(e.details().find("[syntax]") != std::string::npos);
  }
  CHECK(title_if_readable(ws, "T-1").empty());
}

TEST_CASE("record_edit: apply_edits changes only the addressed item, keeping comments, or appends one")
{
  test::TempDir tmp;
  const Workspace ws = root_with(tmp, "meetings/M-2024-007.yaml", k_meeting);
  const LoadedRecord rec = load_record(ws, "M-2024-007");
  const std::string edited = apply_edits(rec, Ref{"M-2024-007", 1}, {{"status", "done"}, {"owner", "孙七"}});
  CHECK(edited.find("  - action: 提交设计稿  # 市场部\n") != std::string::npos);
  CHECK(edited.find("    owner: 孙七\n") != std::string::npos);
  CHECK(edited.find("    status: done\n") != std::string::npos);
  CHECK(edited.find("host: 赵六\n") != std::string::npos);
  const std::string appended = apply_edits(rec, Ref{"M-2024-007", 2}, {{"action", "复盘"}, {"owner", "赵六"}});
  CHECK(appended.find("  - action: 复盘\n") != std::string::npos);
  CHECK(appended.starts_with(k_meeting));
}

TEST_CASE("record_edit: refs on the command line")
{
  CHECK(require_ref("M-2024-007#2", false).index == 2);
  CHECK(exit_of([] { require_ref("M-2024-007#2", true, "rm removes whole records"); }) == 2);
  CHECK(exit_of([] { require_ref("a/b", false); }) == 2);
  CHECK(exit_of([] { require_ref("M#0", false); }) == 2);
}

TEST_CASE("options: format names round-trip, unknown names are refused")
{
  for (Format f : {Format::Text, Format::Json, Format::Github, Format::Sarif, Format::Junit, Format::Table, Format::Tsv,
                   Format::Csv, Format::CsvPlain, Format::Md})
    CHECK(parse_format(format_name(f)) == f);
  CHECK(!parse_format("yaml"));
  CHECK(!parse_format(""));
}

// The schema files of a root and the modeline that points a record at its kind's schema.
#include "collab/model/record_merge.h"
#include "collab/store/schema_files.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::store;
namespace fs = std::filesystem;

TEST_CASE("schema files: one per kind and record.json, in the hidden .collab/schema folder")
{
  const auto files = schema_files("/r", model::Config{});
  REQUIRE(files.size() == 5);
  CHECK(files[0].first == fs::path("/r/.collab/schema/meeting.json"));
  CHECK(files[4].first == fs::path("/r/.collab/schema/record.json"));
  for (const auto& [path, text] : files)
    CHECK(text.starts_with("{\n  \"$schema\""));
}

TEST_CASE("schema files: the modeline names the schema relative to the record's folder")
{
  CHECK(schema_modeline("/r", "/r/meetings/M-2024-001.yaml", "meeting") ==
        "# yaml-language-server: $schema=../.collab/schema/meeting.json\n");
  CHECK(schema_modeline("/r", "/r/tasks/2024/T-2024-001.yaml", "task") ==
        "# yaml-language-server: $schema=../../.collab/schema/task.json\n");
  CHECK(modeline_schema("# yaml-language-server: $schema=../.collab/schema/task.json\nid: x\n") ==
        "../.collab/schema/task.json");
  CHECK(!modeline_schema("id: x\n# yaml-language-server: $schema=a.json\n"));
}

TEST_CASE("schema files: an editor's draft elsewhere gets the same schema, and saving restores the line")
{
  const std::string text = "# yaml-language-server: $schema=../.collab/schema/task.json\nid: T-1\n";
  const std::string draft = retarget_modeline(text, "/r/tasks", "/r/.git/collab-drafts");
  CHECK(draft == "# yaml-language-server: $schema=../../.collab/schema/task.json\nid: T-1\n");
  CHECK(retarget_modeline(draft, "/r/.git/collab-drafts", "/r/tasks") == text);
  // Other texts and absolute or remote schemas stay as they are.
  CHECK(retarget_modeline("id: T-1\n", "/r/tasks", "/x") == "id: T-1\n");
  const std::string remote = "# yaml-language-server: $schema=https://example.com/s.json\nid: T-1\n";
  CHECK(retarget_modeline(remote, "/r/tasks", "/x") == remote);
}

TEST_CASE("schema files: a field-by-field merge keeps the modeline on the first line")
{
  const std::string line = "# yaml-language-server: $schema=../.collab/schema/task.json\n";
  const std::string base = line + "id: T-2024-001\nkind: task\ntitle: t\nowner: 赵六\ndeadline: 2024-06-30\n"
                                  "deliverable: d\nstatus: todo\n";
  std::string ours = base, theirs = base;
  ours.replace(ours.find("status: todo"), 12, "status: doing");
  theirs.replace(theirs.find("owner: 赵六"), std::string("owner: 赵六").size(), "owner: 孙七");
  const auto m = model::merge_record(base, ours, theirs);
  REQUIRE(m.text);
  CHECK(m.text->starts_with(line + "id: T-2024-001\n"));
  CHECK(m.text->find("status: doing") != std::string::npos);
  CHECK(m.text->find("owner: 孙七") != std::string::npos);
}

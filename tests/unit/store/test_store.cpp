#include "collab/model/record_diff.h"
#include "collab/store/store.h"
#include "collab/yaml/parse.h"

#include "process.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

TEST_CASE("store: refs")
{
  CHECK(parse_ref("M-2024-007")->index == 0);
  CHECK(parse_ref("M-2024-007#2")->index == 2);
  CHECK(parse_ref("2024-市场-001#1")->id == "2024-市场-001");
  CHECK(parse_ref("M-1#2")->str() == "M-1#2");
  CHECK_FALSE(parse_ref("M-1#"));
  CHECK_FALSE(parse_ref("M-1#0"));
  CHECK_FALSE(parse_ref("M-1#x"));
  CHECK_FALSE(parse_ref("../etc"));
  CHECK_FALSE(parse_ref(""));
}

TEST_CASE("store: next ids follow id_format and skip what exists")
{
  test::TempDir tmp;
  Workspace ws;
  ws.root = tmp.path();
  std::vector<Diagnostic> errors;
  ws.config = parse_config(SourceFile(".collab.yaml", "id_format: {task: \"{year}-{dept}-{seq}\"}\n"), errors);
  const Date d{2024, 5, 10};
  CHECK(next_id(ws, "meeting", d, "") == "M-2024-001");
  test::write(tmp / "meetings/M-2024-007.yaml", "");
  test::write(tmp / "meetings/M-2023-099.yaml", "");
  test::write(tmp / "meetings/notes.yaml", "");
  CHECK(next_id(ws, "meeting", d, "") == "M-2024-008");
  CHECK(next_id(ws, "task", d, "市场部") == "2024-市场-001");
  test::write(tmp / "tasks/2024-市场-001.yaml", "");
  CHECK(next_id(ws, "task", d, "市场部") == "2024-市场-002");
  CHECK(next_id(ws, "task", d, "研发部") == "2024-研发-001");
  CHECK_THROWS(next_id(ws, "task", d, ""));
  CHECK(find_record_file(ws, "M-2024-007") == tmp / "meetings/M-2024-007.yaml");
  test::write(tmp / "archive/old/R-2020-001.yaml", "");
  CHECK(find_record_file(ws, "R-2020-001") == tmp / "archive/old/R-2020-001.yaml");
  CHECK_FALSE(find_record_file(ws, "R-2020-002"));
}

TEST_CASE("record_diff: fields compared by path, items by index")
{
  SourceFile a("a", "title: t\ndate: 2024-05-10\nattendees: [x, y]\nactions:\n  - {action: a, deadline: 2024-05-12}\n"
                    "location: l\n");
  SourceFile b("b", "title: t\ndate: 2024-05-11\nattendees: [x, z]\nactions:\n  - {action: a, deadline: 2024-05-15}\n"
                    "  - {action: b}\n");
  auto pa = parse_yaml(a), pb = parse_yaml(b);
  const auto d = diff_records(pa.doc->root(), pb.doc->root());
  REQUIRE(d.size() == 5);
  CHECK((d[0].field == "date" && d[0].before == "2024-05-10" && d[0].after == "2024-05-11"));
  CHECK((d[1].field == "attendees" && d[1].before == "[x, y]" && d[1].after == "[x, z]"));
  CHECK((d[2].field == "actions#1.deadline" && d[2].after == "2024-05-15"));
  CHECK((d[3].field == "actions#2.action" && d[3].added));
  CHECK((d[4].field == "location" && d[4].removed));
  CHECK(diff_records(pa.doc->root(), pa.doc->root()).empty());
}

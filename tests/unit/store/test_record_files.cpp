#include "collab/store/record_files.h"
#include "collab/model/renumber.h"

#include "process.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

TEST_CASE("record_files: next ids follow id_format and skip what exists")
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

TEST_CASE("record_files: next_id and model::next_id_like number alike (one seq logic)")
{
  test::TempDir tmp;
  Workspace ws;
  ws.root = tmp.path();
  std::vector<Diagnostic> errors;
  ws.config = parse_config(SourceFile(".collab.yaml", "id_format: {task: \"{year}-{dept}-{seq}\"}\n"), errors);
  for (const char* f : {"meetings/M-2024-007.yaml", "meetings/M-2024-1001.yaml", "meetings/M-2024-12.yaml",
                        "tasks/2024-市场-004.yaml", "tasks/2024-研发-050.yaml"})
    test::write(tmp / f, "");
  std::vector<std::string> taken;
  for (const auto& p : list_record_files(ws.root))
    taken.push_back(p.stem().string());
  const Date d{2024, 5, 10};
  CHECK(next_id(ws, "meeting", d, "") == "M-2024-1002");
  CHECK(next_id_like("M-2024-007", ws.config.id_format_for("meeting"), taken) == next_id(ws, "meeting", d, ""));
  CHECK(next_id(ws, "task", d, "市场部") == "2024-市场-005");
  CHECK(next_id_like("2024-市场-004", ws.config.id_format_for("task"), taken) == next_id(ws, "task", d, "市场部"));
}

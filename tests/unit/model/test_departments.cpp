#include "collab/model/departments.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;

namespace {

Item item(std::string_view record, std::string_view kind, std::string_view owner, std::string_view dept = "",
          std::string_view record_dept = "")
{
  Item it;
  it.ref = record;
  it.record = record;
  it.kind = kind;
  it.owner = owner;
  it.dept = dept;
  it.record_dept = record_dept;
  return it;
}

} // namespace

TEST_CASE("departments: {dept} of an id format, longest first, never a number")
{
  CHECK(dept_in_id("{year}-{dept}-{seq}", "2024-市场-001") == "市场");
  CHECK(dept_in_id("{year}-{dept}-{seq}", "2024-R-D-1234") == "R-D");
  CHECK(dept_in_id("T-{dept}{seq}", "T-Eng042") == "Eng");
  CHECK(dept_in_id("{year}-{dept}-{seq}", "2024-001-002") == std::nullopt);
  CHECK(dept_in_id("{year}-{dept}-{seq}", "T-2024-001") == std::nullopt);
  CHECK(dept_in_id("{year}-{dept}-{seq}", "2024--001") == std::nullopt);
  CHECK(dept_in_id("T-{year}-{seq}", "T-2024-001") == std::nullopt);
}

TEST_CASE("departments: own, then the owner's (aliases too), then the record's, then the id's")
{
  Config cfg;
  cfg.departments = {"市场部", "项目管理办公室"};
  cfg.add_person(Person{"赵六", "市场部", "", "", {"老赵"}});
  cfg.add_person(Person{"吴九", "", "", "", {}});
  cfg.add_person(Person{"林芳", "项目管理办公室", "", "", {}});
  const DeptResolver r(cfg);
  CHECK(r.dept_of(item("M-1", "action", "赵六", "研发部", "销售部")) == "研发部");
  CHECK(r.dept_of(item("M-1", "action", "赵六", "", "销售部")) == "市场部");
  CHECK(r.dept_of(item("M-1", "action", "老赵", "", "销售部")) == "市场部");
  CHECK(r.dept_of(item("M-1", "action", "吴九", "", "销售部")) == "销售部"); // registered without dept
  CHECK(r.dept_of(item("M-1", "action", "路人", "", "")) == "");
  // The guides' numbering even without an id_format: the short form maps to the name.
  CHECK(r.dept_of(item("2024-市场-001", "task", "路人")) == "市场部");
  CHECK(r.dept_of(item("2024-市场-001", "subtask", "路人")) == "市场部");
  CHECK(r.dept_of(item("2024-项目管理办公室-001", "task", "路人")) == "项目管理办公室");
  // Unknown abbreviations are kept as written.
  CHECK(r.dept_of(item("2024-法务-001", "task", "路人")) == "法务");
  // Without a config: own, record, id.
  const DeptResolver bare;
  CHECK(bare.dept_of(item("M-1", "action", "赵六", "", "销售部")) == "销售部");
  CHECK(bare.dept_of(item("2024-市场-001", "task", "赵六")) == "市场");
}

TEST_CASE("departments: a kind's own id format with {dept} is read first")
{
  Config cfg;
  cfg.id_format["request"] = "R-{dept}-{year}-{seq}";
  cfg.departments = {"财务部"};
  const DeptResolver r(cfg);
  CHECK(r.id_dept("request", "R-财务-2024-001") == "财务部");
  CHECK(r.id_dept("meeting", "R-财务-2024-001") == "");
  CHECK(r.dept_of(item("R-财务-2024-001", "request", "x")) == "财务部");
}

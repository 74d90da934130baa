#include "collab/model/department.h"

#include <doctest/doctest.h>

using namespace collab;

TEST_CASE("department: names that read as a department, and the ending that says so")
{
  CHECK(model::department_suffix("市场部") == "部");
  CHECK(model::department_suffix("研发部门") == "部门");
  CHECK(model::department_suffix("项目管理办公室") == "办公室");
  CHECK(model::department_suffix("总经办") == "办");
  CHECK(model::department_suffix("采购中心") == "中心");
  CHECK(model::department_suffix("测试小组") == "小组");
  CHECK(model::department_suffix("风控委员会") == "委员会");
  CHECK(model::department_suffix(" 运维组 ") == "组");
  CHECK(model::department_suffix("Marketing Department") == "Department");
  CHECK(model::department_suffix("R&D dept") == "dept");
  // People, and people named by title.
  CHECK(model::department_suffix("赵六").empty());
  CHECK(model::department_suffix("王处").empty());
  CHECK(model::department_suffix("张科").empty());
  CHECK(model::department_suffix("部").empty()); // nothing before the ending
  CHECK(model::department_suffix("Alice Department-Smith").empty());
  CHECK(model::department_suffix("department").empty());
}

#include "collab/model/items.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace collab;
using namespace collab::model;
using namespace collab::yaml;

namespace {

/// The items of one record text (the arena and documents live as long as the fixture).
struct Extracted {
  TextArena arena;
  std::vector<Item> items;

  Extracted(const std::string& yaml, const std::string& rel = "x.yaml")
  {
    SourceFile src(rel, yaml);
    ParsedYaml parsed = parse_yaml(src);
    REQUIRE_MESSAGE(!parsed.error, yaml);
    REQUIRE(parsed.doc);
    extract_items(parsed.doc->root(), rel, items, arena);
    // Items own nothing of the document: it may go now.
  }
};

Date d(int y, int m, int day) { return Date{y, m, day}; }

Item with(std::string_view deadline, Status s)
{
  Item it;
  it.deadline = deadline;
  it.status = s;
  return it;
}

} // namespace

TEST_CASE("items: a task is one item and each mapping of its subtasks another, refs ID#n")
{
  Extracted e(R"Y(id: T-2024-001
kind: task
title: "  Launch page  "
owner: 张三
dept: 技术部
deadline: 2024-06-01
deliverable: URL
status: doing
tags: [web, q2]
subtasks:
  - title: Design
    owner: 李四
    deadline: 2024-05-20
    deliverable: mockups
    status: done
  - just a string
  - title: Build
    owner: 王五
    dept: 市场部
    deadline: 2024-05-25
    deliverable: code
)Y",
              "tasks/T-2024-001.yaml");
  REQUIRE(e.items.size() == 3);
  const Item& t = e.items[0];
  CHECK(t.ref == "T-2024-001");
  CHECK(t.record == "T-2024-001");
  CHECK(t.kind == "task");
  CHECK(t.title == "Launch page"); // trimmed
  CHECK(t.owner == "张三");
  CHECK(t.dept == "技术部");
  CHECK(t.record_dept == "技术部");
  CHECK(t.deadline == "2024-06-01");
  CHECK(t.status == Status::Doing);
  CHECK(t.path == "tasks/T-2024-001.yaml");
  CHECK(t.deadline_date() == d(2024, 6, 1));

  const Item& s1 = e.items[1];
  CHECK(s1.ref == "T-2024-001#1");
  CHECK(s1.record == "T-2024-001");
  CHECK(s1.kind == "subtask");
  CHECK(s1.title == "Design");
  CHECK(s1.owner == "李四");
  CHECK(s1.dept.empty()); // none of its own
  CHECK(s1.record_dept == "技术部");
  CHECK(s1.status == Status::Done);
  CHECK(s1.path == "tasks/T-2024-001.yaml");

  // The string entry is skipped but still counts for numbering: refs follow list positions.
  const Item& s3 = e.items[2];
  CHECK(s3.ref == "T-2024-001#3");
  CHECK(s3.dept == "市场部"); // its own
  CHECK(s3.record_dept == "技术部");
  CHECK(s3.status == Status::Todo); // no status: todo
  CHECK(s3.has_tag("q2"));          // items carry their record's tags
}

TEST_CASE("items: a meeting's items are its actions, titled by their action text")
{
  Extracted e(R"Y(id: M-2024-007
kind: meeting
title: Weekly
dept: 市场部
date: 2024-05-20
actions:
  - action: Send the report
    owner: 孙七
    deadline: 2024-05-28
    deliverable: report
    status: 进行中
  - action: Book the room
    owner: 赵六
    deadline: 2024/5/30
    status: not a status
)Y");
  REQUIRE(e.items.size() == 2);
  CHECK(e.items[0].ref == "M-2024-007#1");
  CHECK(e.items[0].record == "M-2024-007");
  CHECK(e.items[0].kind == "action");
  CHECK(e.items[0].title == "Send the report");
  CHECK(e.items[0].dept.empty());
  CHECK(e.items[0].record_dept == "市场部");
  CHECK(e.items[0].status == Status::Doing);
  CHECK(e.items[1].ref == "M-2024-007#2");
  // A deadline that is not ISO is kept as written but is no date.
  CHECK(e.items[1].deadline == "2024/5/30");
  CHECK_FALSE(e.items[1].deadline_date());
  // An unknown status word reads as todo.
  CHECK(e.items[1].status == Status::Todo);
}

TEST_CASE("items: an issue's items are its solutions (the issue itself is none)")
{
  Extracted e(R"Y(id: I-2024-003
kind: issue
title: Login fails
owner: 张三
status: doing
deadline: 2024-06-01
solutions:
  - action: Roll back
    owner: 李四
    deadline: 2024-05-21
    status: done
)Y");
  REQUIRE(e.items.size() == 1);
  CHECK(e.items[0].ref == "I-2024-003#1");
  CHECK(e.items[0].kind == "solution");
  CHECK(e.items[0].title == "Roll back");
  CHECK(e.items[0].status == Status::Done);
}

TEST_CASE("items: a request is one item whose record dept falls back to `from`")
{
  Extracted without(R"Y(id: R-2024-002
kind: request
title: Need data
from: 市场部
to: 技术部
owner: 王五
deadline: 2024-06-03
status: todo
)Y");
  REQUIRE(without.items.size() == 1);
  CHECK(without.items[0].ref == "R-2024-002");
  CHECK(without.items[0].kind == "request");
  CHECK(without.items[0].dept.empty());
  CHECK(without.items[0].record_dept == "市场部");

  Extracted with_dept(R"Y(id: R-2024-004
kind: request
title: Need data
dept: 财务部
from: 市场部
owner: 王五
)Y");
  REQUIRE(with_dept.items.size() == 1);
  CHECK(with_dept.items[0].dept == "财务部");
  CHECK(with_dept.items[0].record_dept == "财务部");
}

TEST_CASE("items: the deliverable and the closing fields, trimmed, empty when absent")
{
  Extracted e(R"Y(id: T-2024-001
kind: task
title: Launch
owner: 张三
deadline: 2024-06-01
deliverable: "  URL "
status: delayed
progress: 45
original_deadline: 2024-05-25
delay_reason: "Proof\x1foff"
subtasks:
  - title: Design
    owner: 李四
    deadline: 2024-05-20
    status: done
    completed: 2024-05-19
    evidence: mockups.pdf
  - title: Nothing said
    owner: 李四
    deadline: 2024-05-20
)Y");
  REQUIRE(e.items.size() == 3);
  const ItemDetails t = e.items[0].details();
  CHECK(t.deliverable == "URL");
  CHECK(t.progress == "45");
  CHECK(t.completed.empty());
  CHECK(t.original_deadline == "2024-05-25");
  CHECK(t.delay_reason == "Proof off"); // a separator in a value never shifts the fields
  CHECK(t.evidence.empty());
  const ItemDetails s = e.items[1].details();
  CHECK(s.deliverable.empty());
  CHECK(s.completed == "2024-05-19");
  CHECK(s.evidence == "mockups.pdf");
  CHECK(e.items[2].packed_details.empty());
  CHECK(e.items[2].details().evidence.empty());
  CHECK(whole_progress("0") == 0);
  CHECK(whole_progress("100") == 100);
  CHECK(whole_progress("101") == -1);
  CHECK(whole_progress("45%") == -1);
  CHECK(whole_progress("") == -1);
}

TEST_CASE("items: no items from non-records, records without an id, or unknown kinds")
{
  CHECK(Extracted("- a\n- b\n").items.empty());
  CHECK(Extracted("just text\n").items.empty());
  CHECK(Extracted("kind: task\ntitle: no id\nowner: x\n").items.empty());
  CHECK(Extracted("id: X-1\nkind: memo\ntitle: t\nowner: x\n").items.empty());
  CHECK(Extracted("id: M-1\nkind: meeting\ntitle: no actions\n").items.empty());
  CHECK(Extracted("id: M-1\nkind: meeting\nactions: not a list\n").items.empty());
  std::vector<Item> out;
  TextArena arena;
  extract_items(nullptr, "x.yaml", out, arena);
  CHECK(out.empty());
}

TEST_CASE("items: tags from a list or a single string, has_tag matches whole tags")
{
  Extracted list("id: T-1\nkind: task\ntitle: t\ntags: [web, 周会, q2]\n");
  REQUIRE(list.items.size() == 1);
  CHECK(list.items[0].tag_list() == std::vector<std::string_view>{"web", "周会", "q2"});
  CHECK(list.items[0].has_tag("周会"));
  CHECK_FALSE(list.items[0].has_tag("we"));
  CHECK_FALSE(list.items[0].has_tag(""));

  Extracted one("id: T-2\nkind: task\ntitle: t\ntags: urgent\n");
  REQUIRE(one.items.size() == 1);
  CHECK(one.items[0].tag_list() == std::vector<std::string_view>{"urgent"});

  Extracted none("id: T-3\nkind: task\ntitle: t\n");
  REQUIRE(none.items.size() == 1);
  CHECK(none.items[0].tag_list().empty());
  CHECK_FALSE(none.items[0].has_tag("urgent"));
}

TEST_CASE("items: state_of: overdue with days late, due soon within the window, else neither")
{
  const Date today = d(2024, 6, 1);
  SUBCASE("overdue")
  {
    const auto st = state_of(with("2024-05-29", Status::Doing), today, 2);
    CHECK(st.overdue);
    CHECK_FALSE(st.due_soon);
    CHECK(st.days_late == 3);
    CHECK(state_of(with("2024-05-31", Status::Todo), today, 2).days_late == 1);
    CHECK(state_of(with("2023-06-01", Status::Delayed), today, 2).days_late == 366);
  }
  SUBCASE("due today and up to the window's last day")
  {
    for (const char* dl : {"2024-06-01", "2024-06-02", "2024-06-03"}) {
      CAPTURE(dl);
      const auto st = state_of(with(dl, Status::Todo), today, 2);
      CHECK_FALSE(st.overdue);
      CHECK(st.due_soon);
      CHECK(st.days_late == 0);
    }
    CHECK_FALSE(state_of(with("2024-06-04", Status::Todo), today, 2).due_soon);
    CHECK(state_of(with("2024-06-04", Status::Todo), today, 3).due_soon);
    CHECK_FALSE(state_of(with("2024-06-02", Status::Todo), today, 0).due_soon);
    CHECK(state_of(with("2024-06-01", Status::Todo), today, 0).due_soon);
  }
  SUBCASE("closed statuses are never overdue nor due")
  {
    for (Status s : {Status::Done, Status::Cancelled}) {
      CHECK_FALSE(state_of(with("2024-05-01", s), today, 2).overdue);
      CHECK(state_of(with("2024-05-01", s), today, 2).days_late == 0);
      CHECK_FALSE(state_of(with("2024-06-01", s), today, 2).due_soon);
    }
  }
  SUBCASE("no date or no valid date: no state")
  {
    for (const char* dl : {"", "2024/5/1", "soon", "2024-02-30"}) {
      CAPTURE(dl);
      const auto st = state_of(with(dl, Status::Todo), today, 2);
      CHECK_FALSE(st.overdue);
      CHECK_FALSE(st.due_soon);
    }
  }
  SUBCASE("the overload with a parsed deadline uses that date, not the text")
  {
    const auto st = state_of(with("2099-01-01", Status::Todo), d(2024, 5, 30), today, 2);
    CHECK(st.overdue);
    CHECK(st.days_late == 2);
    CHECK_FALSE(state_of(with("2000-01-01", Status::Todo), std::nullopt, today, 2).overdue);
  }
}

TEST_CASE("items carry their record's created, category and occurred")
{
  Extracted e(R"Y(id: I-2024-009
kind: issue
title: Slow sync
created: 2024-03-04
category: capacity
occurred: 2024-03-01
owner: 张三
deadline: 2024-03-12
solutions:
  - action: Add servers
    owner: 李四
    deadline: 2024-03-10
)Y");
  REQUIRE(e.items.size() == 1); // the solution: an issue itself is not tracked
  for (const Item& it : e.items) {
    const RecordFacts f = it.facts();
    CHECK(f.created == "2024-03-04");
    CHECK(f.category == "capacity");
    CHECK(f.occurred == "2024-03-01");
  }
  Extracted t("id: T-1\nkind: task\ntitle: x\nowner: a\ndeadline: 2024-03-12\n");
  REQUIRE(t.items.size() == 1);
  CHECK(t.items[0].record_facts.empty());
  CHECK(t.items[0].facts().created.empty());
}

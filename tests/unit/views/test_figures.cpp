#include "collab/views/figures.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace collab;
using namespace collab::model;
using namespace collab::views;

namespace {

/// An item; `details` is Item::packed_details (deliverable, progress, completed, original
/// deadline, delay reason, evidence), `facts` Item::record_facts.
Item item(std::string_view ref, std::string_view owner, std::string_view dept, std::string_view deadline, Status s,
          std::string_view details = "", std::string_view facts = "")
{
  Item it;
  it.ref = ref;
  it.record = ref.substr(0, ref.find('#'));
  it.kind = "task";
  it.title = ref;
  it.owner = owner;
  it.dept = dept;
  it.deadline = deadline;
  it.status = s;
  it.packed_details = details;
  it.record_facts = facts;
  return it;
}

/// packed_details with only completed, original deadline and delay reason.
std::string closing(std::string_view completed, std::string_view original = "", std::string_view reason = "")
{
  return std::string("\x1f\x1f") + std::string(completed) + "\x1f" + std::string(original) + "\x1f" +
         std::string(reason) + "\x1f";
}

} // namespace

TEST_CASE("weeks run Monday to Sunday")
{
  // 2024-06-05 is a Wednesday: its week is Mon 06-03 .. Sun 06-09.
  const Week w = week_containing(Date{2024, 6, 5});
  CHECK(w.start == Date{2024, 6, 3});
  CHECK(w.end == Date{2024, 6, 9});
  CHECK(week_containing(Date{2024, 6, 3}).start == Date{2024, 6, 3}); // Monday: its own week
  CHECK(week_containing(Date{2024, 6, 9}).start == Date{2024, 6, 3}); // Sunday: the week before's Monday
  CHECK(week_containing(Date{2024, 6, 10}).start == Date{2024, 6, 10});
  // Across a year: Wed 2025-01-01 is in Mon 2024-12-30 .. Sun 2025-01-05.
  CHECK(week_containing(Date{2025, 1, 1}).start == Date{2024, 12, 30});
  CHECK(week_containing(Date{2025, 1, 1}).end == Date{2025, 1, 5});
}

TEST_CASE("months parse strictly and step back across a year")
{
  CHECK(parse_month("2024-02")->last == Date{2024, 2, 29});
  CHECK(parse_month("2023-02")->last == Date{2023, 2, 28});
  CHECK(!parse_month("2024-13"));
  CHECK(!parse_month("2024-6"));
  CHECK(!parse_month("2024/06"));
  CHECK(!parse_month("2024-06-01"));
  CHECK(month_before(*parse_month("2024-01")).str() == "2023-12");
  CHECK(month_containing(Date{2024, 6, 30}).str() == "2024-06");
}

TEST_CASE("the original deadline is original_deadline when present, else deadline")
{
  const std::string moved = closing("", "2024-05-24");
  CHECK(original_deadline(item("T-1", "a", "d", "2024-05-31", Status::Delayed, moved)) == Date{2024, 5, 24});
  CHECK(original_deadline(item("T-2", "a", "d", "2024-05-31", Status::Todo)) == Date{2024, 5, 31});
  CHECK(!original_deadline(item("T-3", "a", "d", "", Status::Todo)));
}

TEST_CASE("monthly figures: due by the original deadline, on time against it, cancelled nowhere")
{
  const Date today{2024, 6, 10};
  const std::string on_time = closing("2024-05-20");
  const std::string late3 = closing("2024-05-23");
  const std::string moved = closing("2024-05-30", "2024-05-24", "vendor late"); // done 6 days after the original
  const std::string moved_open = closing("", "2024-05-24", "vendor late");
  const std::string moved_in = closing("", "2024-06-02"); // original in June: not May's
  std::vector<Item> items = {
      item("T-1", "ann", "Sales", "2024-05-20", Status::Done, on_time),      // due, done, on time
      item("T-2", "ann", "Sales", "2024-05-20", Status::Done, late3),        // due, done, 3 days late
      item("T-3", "bob", "R&D", "2024-06-15", Status::Done, moved),          // original 05-24: due in May, 6 late
      item("T-4", "bob", "R&D", "2024-06-20", Status::Delayed, moved_open),  // due in May, not overdue (deadline later)
      item("T-5", "bob", "R&D", "2024-05-31", Status::Doing),                // due, overdue, 10 days late
      item("T-6", "bob", "R&D", "2024-05-10", Status::Cancelled),            // nowhere
      item("T-7", "bob", "R&D", "2024-05-30", Status::Todo, moved_in),       // June
      item("T-8", "cy", "R&D", "2024-05-15", Status::Done),                  // done without completed
  };
  const MonthStats s = month_stats(items, *parse_month("2024-05"), today, DeptResolver());
  CHECK(s.total.due == 6);                 // T-1 T-2 T-3 T-4 T-5 T-8
  CHECK(s.total.done == 4);                // T-1 T-2 T-3 T-8
  CHECK(s.total.on_time == 1);             // T-1 (T-3 on time for its new deadline, not the original)
  CHECK(s.total.overdue == 1);             // T-5 (T-4's deadline is 06-20)
  CHECK(*s.total.on_time_rate() == doctest::Approx(1.0 / 6));
  // Days late: T-2 3, T-3 6, T-4 (today 06-10 - 05-24) 17, T-5 10; T-1 0 is not positive.
  CHECK(s.total.late_count == 4);
  CHECK(*s.total.avg_days_late() == doctest::Approx((3 + 6 + 17 + 10) / 4.0));
  REQUIRE(s.by_dept.size() == 2);
  CHECK(s.by_dept[0].name == "R&D");
  CHECK(s.by_dept[0].f.due == 4);
  CHECK(s.by_dept[1].name == "Sales");
  CHECK(*s.by_dept[1].f.on_time_rate() == doctest::Approx(0.5));
  REQUIRE(s.by_owner.size() == 3);
  CHECK(s.by_owner[2].name == "cy");
  CHECK(!s.by_owner[2].f.avg_days_late()); // nothing late: null, not 0
  REQUIRE(s.delay_reasons.size() == 1);
  CHECK(s.delay_reasons[0].text == "vendor late");
  CHECK(s.delay_reasons[0].count == 2);
}

TEST_CASE("on_time_rate is null when nothing is due")
{
  const MonthStats s = month_stats({}, *parse_month("2024-05"), Date{2024, 6, 1}, DeptResolver());
  CHECK(s.total.due == 0);
  CHECK(!s.total.on_time_rate());
  CHECK(!s.total.avg_days_late());
  CHECK(s.by_dept.empty());
}

TEST_CASE("monthly figures use the department rule")
{
  Config cfg;
  cfg.people["ann"] = Person{"ann", "Sales", {}, {}, {}};
  DeptResolver depts(cfg);
  Item own = item("T-1", "ann", "R&D", "2024-05-20", Status::Todo); // own dept wins
  Item by_owner = item("T-2", "ann", "", "2024-05-20", Status::Todo); // ann's dept
  Item by_record = item("T-3", "zed", "", "2024-05-20", Status::Todo);
  by_record.record_dept = "Ops"; // the record's dept
  Item by_id = item("2024-市场-001", "zed", "", "2024-05-20", Status::Todo); // the id's
  const std::vector<Item> items = {own, by_owner, by_record, by_id};
  const MonthStats s = month_stats(items, *parse_month("2024-05"), Date{2024, 5, 1}, depts);
  std::vector<std::string> names;
  for (const auto& g : s.by_dept)
    names.push_back(g.name + "=" + std::to_string(g.f.due));
  CHECK(names == std::vector<std::string>{"Ops=1", "R&D=1", "Sales=1", "市场=1"});
}

TEST_CASE("categories count issues whose occurred is in the month, once per record")
{
  std::vector<Item> items = {
      item("I-1", "a", "d", "2024-05-30", Status::Todo, "", "2024-05-02\x1f" "capacity\x1f" "2024-05-01"),
      item("I-1#1", "a", "d", "2024-05-30", Status::Todo, "", "2024-05-02\x1f" "capacity\x1f" "2024-05-01"),
      item("I-2", "a", "d", "2024-07-30", Status::Done, "", "2024-05-02\x1f" "capacity\x1f" "2024-05-20"),
      item("I-3", "a", "d", "2024-07-30", Status::Todo, "", "2024-05-02\x1f" "process\x1f" "2024-05-21"),
      item("I-4", "a", "d", "2024-07-30", Status::Todo, "", "2024-05-02\x1f" "process\x1f" "2024-04-30"),
  };
  const MonthStats s = month_stats(items, *parse_month("2024-05"), Date{2024, 6, 1}, DeptResolver());
  REQUIRE(s.categories.size() == 2);
  CHECK(s.categories[0].text == "capacity");
  CHECK(s.categories[0].count == 2); // I-1 (once for its two items) and I-2
  CHECK(s.categories[1].text == "process");
  CHECK(s.categories[1].count == 1); // I-3; I-4 occurred in April
}

TEST_CASE("the weekly report's lists")
{
  // The week of Wed 2024-06-05: Mon 06-03 .. Sun 06-09; next week 06-10 .. 06-16; today 06-05.
  const Date today{2024, 6, 5};
  // Items hold views: the texts they point into live as long as the items.
  const std::string done_0603 = closing("2024-06-03"), done_0602 = closing("2024-06-02"),
                    delayed = closing("", "2024-06-01", "x");
  std::vector<Item> items = {
      item("T-1", "a", "d", "2024-06-04", Status::Done, done_0603),  // done this week
      item("T-2", "a", "d", "2024-06-04", Status::Done, done_0602),  // done the week before
      item("T-3", "a", "d", "2024-06-01", Status::Doing),                         // overdue
      item("T-4", "a", "d", "2024-06-10", Status::Todo),                          // due next week (Monday)
      item("T-5", "a", "d", "2024-06-16", Status::Delayed, delayed), // next week (Sunday), delayed
      item("T-6", "a", "d", "2024-06-17", Status::Todo, "", "2024-06-09"),        // new (Sunday)
      item("T-7", "a", "d", "2024-06-10", Status::Cancelled, "", "2024-06-04"),   // nowhere
      item("T-8", "a", "d", "2024-06-20", Status::Todo),                          // no created: first commit
  };
  ReportHistory h;
  h.stale = [](const Item& it) { return it.ref == "T-3" || it.ref == "T-1"; };
  h.first_commit = [](const Item& it) -> std::optional<Date> {
    if (it.ref == "T-8")
      return Date{2024, 6, 3};
    return std::nullopt;
  };
  const WeeklyReport r = weekly_report(items, Date{2024, 6, 5}, today, h);
  const auto refs = [](const std::vector<const Item*>& l) {
    std::vector<std::string> out;
    for (auto* i : l)
      out.emplace_back(i->ref);
    return out;
  };
  CHECK(r.week.start == Date{2024, 6, 3});
  CHECK(refs(r.done) == std::vector<std::string>{"T-1"});
  CHECK(refs(r.overdue) == std::vector<std::string>{"T-3"});
  CHECK(refs(r.due_next_week) == std::vector<std::string>{"T-4", "T-5"});
  CHECK(refs(r.delayed) == std::vector<std::string>{"T-5"});
  CHECK(refs(r.stale) == std::vector<std::string>{"T-3"}); // T-1 is done: never stale
  CHECK(refs(r.fresh) == std::vector<std::string>{"T-6", "T-8"});
}

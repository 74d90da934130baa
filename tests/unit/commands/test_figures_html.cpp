#include "commands/figures.h"

#include "process.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::commands;
using namespace collab::model;
using namespace collab::views;

namespace {

Item item(std::string_view ref, std::string_view dept, std::string_view deadline, Status s,
          std::string_view details = "")
{
  Item it;
  it.ref = ref;
  it.record = ref;
  it.kind = "task";
  it.title = "Posters <b>&</b>";
  it.owner = "Ann";
  it.dept = dept;
  it.deadline = deadline;
  it.status = s;
  it.path = "tasks/x.yaml";
  it.packed_details = details;
  return it;
}

} // namespace

TEST_CASE("figures html: the month's section has an SVG bar per department, no script")
{
  test::TempDir tmp; // not a git repository: the report goes without history
  store::Workspace ws;
  ws.root = tmp.path();
  ws.cwd = tmp.path();
  ItemLoad load;
  // Sales: 1 due, done on time (rate 100%); R&D: 2 due, none done (0%).
  load.items.push_back(item("T-1", "Sales", "2024-05-10", Status::Done, "\x1f\x1f" "2024-05-09\x1f\x1f\x1f"));
  load.items.push_back(item("T-2", "R&D", "2024-05-20", Status::Todo));
  load.items.push_back(item("T-3", "R&D", "2024-05-21", Status::Doing));
  GlobalOptions g;
  g.as_of = "2024-06-01";
  const std::string html = monthly_stats_html(g, ws, load, Date{2024, 5, 15});
  CHECK(html.starts_with("<section class=\"collab-stats\">"));
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("viewBox=") != std::string::npos); // scales to a 390 px phone
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<html") == std::string::npos);
  CHECK(html.find(">100%<") != std::string::npos);
  CHECK(html.find(">0%<") != std::string::npos);
  CHECK(html.find("R&amp;D") != std::string::npos); // escaped
  const std::string week = weekly_report_html(g, ws, load, Date{2024, 5, 29});
  CHECK(week.starts_with("<section class=\"collab-report\">"));
  CHECK(week.find("<style") == std::string::npos);
  // T-2 and T-3 are overdue on 06-01; titles escaped.
  CHECK(week.find("Posters &lt;b&gt;&amp;&lt;/b&gt;") != std::string::npos);
  CHECK(week.find("id=\"overdue\"") != std::string::npos);
}

#include "collab/model/record_diff.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::yaml;
using namespace collab::model;

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

TEST_CASE("record_diff: format_changes prints them as collab diff does, one a line")
{
  const std::vector<FieldChange> changes = {{"date", "2024-05-10", "2024-05-11", false, false},
                                            {"actions#2.action", "", "b", true, false},
                                            {"location", "l", "", false, true}};
  CHECK(format_changes(changes) == "  date: 2024-05-10 → 2024-05-11\n+ actions#2.action: b\n- location: l\n");
  CHECK(format_changes({}) == "  (no field changed)\n");
}

#include "collab/model/id_format.h"

#include <doctest/doctest.h>

using namespace collab::model;

TEST_CASE("id_format: the parts of an id, a department longest first")
{
  const auto p = match_id_format("{year}-{dept}-{seq}", "2024-R-D-1234");
  REQUIRE(p);
  CHECK(p->year == "2024");
  CHECK(p->dept == "R-D");
  CHECK(p->seq == "1234");
  CHECK(p->seq_at == 9);
  const auto m = match_id_format("M-{year}-{seq}", "M-2024-012");
  REQUIRE(m);
  CHECK((m->year == "2024" && m->dept.empty() && m->seq == "012" && m->seq_at == 7));
  CHECK_FALSE(match_id_format("M-{year}-{seq}", "M-2024-12"));
  CHECK(match_id_format("M-{year}-{seq}", "M-2024-12", 1));
  CHECK_FALSE(match_id_format("M-{year}-{seq}", "M-2024-012x"));
  CHECK_FALSE(match_id_format("M-{year}-{seq}", "T-2024-012"));
}

TEST_CASE("id_format: numbers of one shape, 1 to 8 digits, zero-padded to 3")
{
  CHECK(seq_of("M-2024-012", "M-2024-", "") == 12);
  CHECK(seq_of("M-2024-7", "M-2024-", "") == 7);
  CHECK(seq_of("M-2024-", "M-2024-", "") == 0);
  CHECK(seq_of("M-2024-123456789", "M-2024-", "") == 0);
  CHECK(seq_of("M-2024-01a", "M-2024-", "") == 0);
  CHECK(seq_of("x-001-y", "x-", "-y") == 1);
  CHECK(highest_seq({"M-2024-012", "M-2024-101", "M-2023-500", "M-2024-x"}, "M-2024-", "") == 101);
  CHECK(highest_seq({}, "M-2024-", "") == 0);
  CHECK(format_seq("M-2024-", 7, "") == "M-2024-007");
  CHECK(format_seq("T-", 1234, "-x") == "T-1234-x");
}

#include "collab/model/refs.h"

#include <doctest/doctest.h>

using namespace collab::model;

TEST_CASE("refs: ID or ID#n, nothing else")
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

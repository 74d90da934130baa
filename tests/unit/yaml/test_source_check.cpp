#include "collab/yaml/source_check.h"

#include <doctest/doctest.h>

#include <string>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

TEST_CASE("source_check: encoding, NUL bytes and tabs in indentation")
{
  SourceFile bad("x.yaml", "a: 1\ntitle: ab\xff\n");
  auto d = check_source(bad);
  REQUIRE(d);
  CHECK(d->rule == "encoding");
  CHECK(d->pos == Position{2, 10});

  SourceFile nul("x.yaml", std::string("a: 1\nb: \0x\n", 11));
  d = check_source(nul);
  REQUIRE(d);
  CHECK(d->rule == "syntax");
  CHECK(d->pos == Position{2, 4});

  SourceFile tab("x.yaml", "a:\n\tb: 1\n");
  d = check_source(tab);
  REQUIRE(d);
  CHECK(d->rule == "syntax");
  CHECK(d->pos == Position{2, 1});

  SourceFile inner_tab("x.yaml", "a: x\ty\n# \tcomment\n");
  CHECK_FALSE(check_source(inner_tab));
}

TEST_CASE("source_check: a directive must start a document")
{
  SourceFile bare("x.yaml", "%YAML 1.2\n");
  auto d = check_source(bare);
  REQUIRE(d);
  CHECK(d->rule == "syntax");
  CHECK(d->pos == Position{1, 1});
  CHECK_FALSE(check_source(SourceFile("x.yaml", "%YAML 1.2\n---\na: 1\n")));
  CHECK(check_source(SourceFile("x.yaml", "%YAML 1.2\n...\n")));
}

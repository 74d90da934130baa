#include "collab/model/renumber.h"
#include "collab/store/workspace.h"
#include "collab/yaml/parse.h"
#include "collab/yaml/text_edit.h"

#include "process.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;

namespace {

RefRewrite ids(std::string from, std::string to)
{
  RefRewrite m;
  m.ids[std::move(from)] = std::move(to);
  return m;
}

} // namespace

TEST_CASE("renumber: the own id, links, source, follow_up and previous_actions in block style")
{
  const std::string text = "# M-2024-012 was written in 市场部\n"
                           "id: M-2024-012\n"
                           "kind: meeting\n"
                           "title: 复盘会  # see M-2024-012\n"
                           "follow_up: M-2024-012\n"
                           "links:\n"
                           "  - M-2024-012\n"
                           "  - T-2024-001\n"
                           "previous_actions:\n"
                           "  - M-2024-012#2\n"
                           "source: M-2024-012#1\n";
  const std::string want = "# M-2024-012 was written in 市场部\n"
                           "id: M-2024-013\n"
                           "kind: meeting\n"
                           "title: 复盘会  # see M-2024-012\n"
                           "follow_up: M-2024-013\n"
                           "links:\n"
                           "  - M-2024-013\n"
                           "  - T-2024-001\n"
                           "previous_actions:\n"
                           "  - M-2024-013#2\n"
                           "source: M-2024-013#1\n";
  CHECK(rewrite_refs(text, ids("M-2024-012", "M-2024-013")) == want);
}

TEST_CASE("renumber: flow style, quoted values and keys that stay")
{
  const std::string text = "id: \"M-2024-012\"\n"
                           "links: [M-2024-012, 'M-2024-012#3', \"T-2024-001\"]  # M-2024-012\n"
                           "confirmed: [{name: 赵六, date: 2024-05-11}]\n"
                           "M-2024-012: a key named like the id stays\n"
                           "actions:\n"
                           "  - {action: 跟进 M-2024-012 的结论, owner: 赵六}\n";
  const std::string want = "id: \"M-2024-100\"\n"
                           "links: [M-2024-100, 'M-2024-100#3', \"T-2024-001\"]  # M-2024-012\n"
                           "confirmed: [{name: 赵六, date: 2024-05-11}]\n"
                           "M-2024-012: a key named like the id stays\n"
                           "actions:\n"
                           "  - {action: 跟进 M-2024-100 的结论, owner: 赵六}\n";
  CHECK(rewrite_refs(text, ids("M-2024-012", "M-2024-100")) == want);
}

TEST_CASE("renumber: refs inside prose, CJK text right next to them, block scalars")
{
  const std::string text = "id: T-2024-003\n"
                           "notes: |\n"
                           "  见M-2024-007#3，由M-2024-007#30另行跟进。\n"
                           "  (M-2024-007#3) and M-2024-007#3.\n"
                           "# M-2024-007#3 in a comment line\n"
                           "goal: \"完成M-2024-007#3的交付\"\n";
  RefRewrite m;
  m.items["M-2024-007#3"] = "M-2024-007#4";
  const std::string want = "id: T-2024-003\n"
                           "notes: |\n"
                           "  见M-2024-007#4，由M-2024-007#30另行跟进。\n"
                           "  (M-2024-007#4) and M-2024-007#4.\n"
                           "# M-2024-007#3 in a comment line\n"
                           "goal: \"完成M-2024-007#4的交付\"\n";
  CHECK(rewrite_refs(text, m) == want);
}

TEST_CASE("renumber: a longer id that merely starts or ends with the old one is not rewritten")
{
  const std::string text = "id: T-2024-001\n"
                           "links: [M-2024-0121, M-2024-012-b, M-2024-012a, XM-2024-012, M-2024-012_x, M-2024-012]\n";
  const std::string want = "id: T-2024-001\n"
                           "links: [M-2024-0121, M-2024-012-b, M-2024-012a, XM-2024-012, M-2024-012_x, M-2024-013]\n";
  CHECK(rewrite_refs(text, ids("M-2024-012", "M-2024-013")) == want);
  // An id with a department in CJK: a CJK neighbour may be part of a longer department.
  const std::string cjk = "id: 2024-市场-001\nlinks: [2024-市场-001, 2024-市场-0011]\nsource: 见2024-市场-001。\n";
  CHECK(rewrite_refs(cjk, ids("2024-市场-001", "2024-市场-002")) ==
        "id: 2024-市场-002\nlinks: [2024-市场-002, 2024-市场-0011]\nsource: 见2024-市场-002。\n");
  const std::string front = "id: 市场-2024-001\nlinks: [市场-2024-001, 大市场-2024-001]\n";
  CHECK(rewrite_refs(front, ids("市场-2024-001", "市场-2024-002")) ==
        "id: 市场-2024-002\nlinks: [市场-2024-002, 大市场-2024-001]\n");
}

TEST_CASE("renumber: all rewrites at once, an item's own entry before its id's")
{
  RefRewrite m;
  m.ids["M-2024-012"] = "M-2024-013";
  m.ids["M-2024-013"] = "M-2024-014";
  m.items["M-2024-007#3"] = "M-2024-007#4";
  m.items["M-2024-007#4"] = "M-2024-007#5";
  m.items["M-2024-012#1"] = "M-2024-013#2";
  const std::string text = "id: M-2024-012\nlinks: [M-2024-013, M-2024-007#3, M-2024-007#4, M-2024-012#1, M-2024-012#2]\n";
  CHECK(rewrite_refs(text, m) ==
        "id: M-2024-013\nlinks: [M-2024-014, M-2024-007#4, M-2024-007#5, M-2024-013#2, M-2024-013#2]\n");
}

TEST_CASE("renumber: unchanged text when nothing matches, even text that does not parse")
{
  const std::string text = "id: T-2024-001\n# M-2024-012\nlinks: [M-2024-0120]\n";
  CHECK(rewrite_refs(text, ids("M-2024-012", "M-2024-013")) == text);
  CHECK(rewrite_refs("id: [unclosed\n", ids("M-2024-012", "M-2024-013")) == "id: [unclosed\n");
  CHECK(rewrite_refs(text, RefRewrite{}) == text);
  // CRLF line ends and a byte order mark stay.
  const std::string crlf = "\xEF\xBB\xBFid: M-2024-012\r\nlinks:\r\n  - M-2024-012 # old\r\n";
  CHECK(rewrite_refs(crlf, ids("M-2024-012", "M-2024-013")) ==
        "\xEF\xBB\xBFid: M-2024-013\r\nlinks:\r\n  - M-2024-013 # old\r\n");
}

TEST_CASE("renumber: what cannot be rewritten exactly is refused, never guessed")
{
  // The ref spelled with an escape inside double quotes: the parsed value holds it, the text not.
  CHECK_THROWS_AS(rewrite_refs("id: T-2024-001\nsource: \"\\x4D-2024-012\"\n", ids("M-2024-012", "M-2024-013")),
                  yaml::EditError);
  CHECK_THROWS_AS(rewrite_refs("id: [M-2024-012\n", ids("M-2024-012", "M-2024-013")), yaml::EditError);
}

TEST_CASE("renumber: an anchored value and its aliases")
{
  const std::string text = "id: T-2024-001\nsource: &s M-2024-012\nlinks: [*s, M-2024-012]\n";
  CHECK(rewrite_refs(text, ids("M-2024-012", "M-2024-013")) ==
        "id: T-2024-001\nsource: &s M-2024-013\nlinks: [*s, M-2024-013]\n");
}

TEST_CASE("renumber: next_id_like numbers after the highest id of the same shape")
{
  const std::vector<std::string> taken = {"M-2024-012", "M-2024-013", "M-2023-099", "T-2024-050", "M-2024-0x1"};
  CHECK(next_id_like("M-2024-012", "M-{year}-{seq}", taken) == "M-2024-014");
  CHECK(next_id_like("M-2023-001", "M-{year}-{seq}", taken) == "M-2023-100");
  CHECK(next_id_like("M-2025-001", "M-{year}-{seq}", taken) == "M-2025-002");
  CHECK(next_id_like("M-2024-012", "M-{year}-{seq}", {}) == "M-2024-013");
  CHECK(next_id_like("M-2024-999", "M-{year}-{seq}", {"M-2024-999"}) == "M-2024-1000");
  CHECK(next_id_like("M-2024-12", "M-{year}-{seq}", {"M-2024-012"}) == "M-2024-013");
  CHECK(next_id_like("T-2024-012", "M-{year}-{seq}", taken) == std::nullopt);
  CHECK(next_id_like("M-24-012", "M-{year}-{seq}", taken) == std::nullopt);
  CHECK(next_id_like("M-2024-012", "M-{year}", taken) == std::nullopt);
  const std::vector<std::string> depts = {"2024-市场-001", "2024-市场-007", "2024-R-D-1234", "2024-研发-020"};
  CHECK(next_id_like("2024-市场-001", "{year}-{dept}-{seq}", depts) == "2024-市场-008");
  CHECK(next_id_like("2024-R-D-0003", "{year}-{dept}-{seq}", depts) == "2024-R-D-1235");
  CHECK(next_id_like("2024-技术-001", "{year}-{dept}-{seq}", depts) == "2024-技术-002");
  CHECK(next_id_like("T-Eng042", "T-{dept}{seq}", {"T-Eng050", "T-Ops099"}) == "T-Eng051");
}

TEST_CASE("renumber: every good example and 300 generated records: the own id and refs rewritten, and back")
{
  test::TempDir tmp;
  REQUIRE(test::run({COLLAB_GEN_BIN, (tmp / "r").string(), "300", "--seed", "3"}, tmp.path()).status == 0);
  std::vector<fs::path> files = store::list_record_files(tmp / "r");
  for (const auto& p : store::list_record_files(fs::path(COLLAB_SOURCE_DIR) / "examples"))
    if (p.string().find("/bad/") == std::string::npos)
      files.push_back(p);
  REQUIRE(files.size() > 300);
  const std::string to = "Q-9999-999";
  size_t rewritten = 0;
  for (const auto& p : files) {
    const std::string text = test::read(p), id = p.stem().string();
    REQUIRE(text.find(to) == std::string::npos);
    RefRewrite there, back;
    there.ids[id] = to;
    back.ids[to] = id;
    std::string out;
    REQUIRE_NOTHROW(out = rewrite_refs(text, there));
    const auto parsed = yaml::parse_yaml(yaml::SourceFile(p.string(), out));
    REQUIRE(parsed.doc);
    CHECK_MESSAGE(parsed.doc->root()->text_of("id") == to, p.string());
    CHECK_MESSAGE(rewrite_refs(out, back) == text, p.string());
    rewritten += out != text;
  }
  CHECK(rewritten == files.size());
}

#include "collab/yaml/fullwidth_check.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <functional>
#include <string>
#include <vector>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

namespace {

/// "line:col" of every finding.
std::vector<std::string> at(const std::string& text, const std::function<bool(std::string_view)>& is_key_name = {})
{
  std::vector<std::string> out;
  for (const auto& d : check_fullwidth(SourceFile("x.yaml", text), is_key_name)) {
    CHECK(d.rule == "fullwidth-syntax");
    CHECK(d.severity == Severity::Error);
    out.push_back(fmt::format("{}:{}", d.pos.line, d.pos.column));
  }
  return out;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("fullwidth: a full-width colon after a key, at the colon")
{
  CHECK(at("id: x\nowner：赵六\nstatus: todo\n") == V{"2:6"});
  CHECK(at("actions:\n  - action: a\n    owner：赵六\n    deadline: 2024-05-12\n") == V{"3:10"});
  CHECK(at("actions:\n  - owner：赵六\n") == V{"2:10"});     // the first key of an entry
  CHECK(at("raci:\n  responsible：赵六\n") == V{"2:14"});    // the first key below a key
  CHECK(at("actions：\n  - action: a\n") == V{"1:8"});         // nothing after it
  CHECK(at("负责人：赵六\n") == V{"1:4"});                      // any one-word key where a key must be
  const auto d = check_fullwidth(SourceFile("x.yaml", "owner：赵六\n"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("`owner`") != std::string::npos);
  CHECK(d[0].message.find("U+FF1A") != std::string::npos);
  CHECK(d[0].message.find("use an ASCII colon `:` followed by a space") != std::string::npos);
}

TEST_CASE("fullwidth: full-width colons inside values are text")
{
  CHECK(at("title: 会议：总结\n").empty());
  CHECK(at("title: \"会议：总结\"\n").empty());
  CHECK(at("attendees: [赵六：主持, 孙七]\n").empty());
  CHECK(at("notes: |\n  结论：通过\n  owner：赵六\n").empty());        // block text
  CHECK(at("notes: 第一行\n  owner：第二行\nid: x\n").empty());        // a plain value's next line
  CHECK(at("notes:\n  结论：通过\n  owner：赵六\n").empty());          // a value below its key
  CHECK(at("goals:\n  - 目标：完成设计\n  - 口径：统一\n").empty());    // list entries
  CHECK(at("# owner：赵六\nid: x\n").empty());                         // a comment
  CHECK(at("id: x # owner：赵六\n").empty());
  CHECK(at("备注 一下：x\n").empty()); // not one word: left to the parser
}

TEST_CASE("fullwidth: where a value may stand, only the caller's keys count as keys")
{
  const auto record_key = [](std::string_view t) { return t == "owner" || t == "responsible"; };
  CHECK(at("goals:\n  - KPI：完成率95%\n") == V{"2:8"}); // any ASCII word by default
  CHECK(at("goals:\n  - KPI：完成率95%\n", record_key).empty());
  CHECK(at("actions:\n  - owner：赵六\n", record_key) == V{"2:10"});
  CHECK(at("raci:\n  responsible：赵六\n", record_key) == V{"2:14"});
  CHECK(at("id: x\nKPI：完成率95%\n", record_key) == V{"2:4"}); // where a key must be, any word
}

TEST_CASE("fullwidth: indentation with ideographic spaces, at the first one")
{
  CHECK(at("actions:\n  - action: a\n  \u3000owner: 赵六\n") == V{"3:3"});
  CHECK(at("actions:\n  - action: a\n\u3000\u3000owner: 赵六\n") == V{"3:1"});
  CHECK(at("raci:\n  \u3000responsible: 赵六\n") == V{"2:3"});
  CHECK(at("id: x\n\u3000\nkind: task\n") == V{"2:1"});
  const auto d = check_fullwidth(SourceFile("x.yaml", "\u3000owner: 赵六\n"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("U+3000") != std::string::npos);
  CHECK(d[0].message.find("indent with ASCII spaces") != std::string::npos);
}

TEST_CASE("fullwidth: ideographic spaces inside values are text")
{
  CHECK(at("notes: |\n  \u3000\u3000会后24小时内发布\n").empty());
  CHECK(at("notes:\n  \u3000\u3000会后24小时内发布\n").empty());
  CHECK(at("title: 周会\u3000纪要\n").empty());
}

TEST_CASE("fullwidth: an ideographic space after a key's colon")
{
  CHECK(at("owner:\u3000赵六\n") == V{"1:7"});
  CHECK(at("title: 周会:\u3000纪要\n").empty());
}

TEST_CASE("fullwidth: a byte order mark and CRLF line ends")
{
  CHECK(at("\xef\xbb\xbfowner：赵六\r\nid: x\r\n") == V{"1:7"}); // columns count the mark, as the parser's do
  CHECK(at("id: x\r\nowner：赵六\r\n") == V{"2:6"});
}

// Which refs a follow-up meeting carries on, and the recorder's template and its clean-up.
#include "commands/follow_up.h"
#include "commands/minutes_template.h"

#include "collab/lint/rules.h"
#include "collab/model/refs.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <map>

using namespace collab;
using namespace collab::commands;
using V = std::vector<std::string>;

namespace {

/// A parsed document kept alive with its source.
struct Parsed {
  std::unique_ptr<yaml::SourceFile> src;
  yaml::ParsedYaml parsed;
  const yaml::Node& root() const { return *parsed.doc->root(); }
};

Parsed parse(const std::string& text)
{
  Parsed p;
  p.src = std::make_unique<yaml::SourceFile>("m.yaml", text);
  p.parsed = yaml::parse_yaml(*p.src);
  REQUIRE(p.parsed.doc);
  return p;
}

const model::Date k_day = *model::parse_iso_date("2024-05-17");

const std::string k_actions = "actions:\n"
                              "  - {action: a, status: done, completed: 2024-05-11}\n"
                              "  - {action: b}\n"
                              "  - {action: c, status: cancelled}\n"
                              "  - {action: d, status: 已完成, completed: 2024-05-20}\n"
                              "  - {action: e, status: 延期}\n";

} // namespace

TEST_CASE("follow-up: open on a day: not done or cancelled, or completed after that day")
{
  const Parsed p = parse(k_actions);
  const auto& items = p.root().get("actions")->items;
  CHECK_FALSE(open_on(*items[0], k_day));
  CHECK(open_on(*items[1], k_day));
  CHECK_FALSE(open_on(*items[2], k_day));
  CHECK(open_on(*items[3], k_day));
  CHECK_FALSE(open_on(*items[3], *model::parse_iso_date("2024-05-20")));
  CHECK(open_on(*items[4], k_day));
}

TEST_CASE("follow-up: carried refs: the still-open carried ones first, then the meeting's own, each once")
{
  const Parsed carried = parse("- {action: x, status: done, completed: 2024-05-01}\n- {action: y}\n");
  const std::map<std::string, const yaml::Node*> known = {{"M-2024-001#1", carried.root().items[0]},
                                                           {"M-2024-001#2", carried.root().items[1]}};
  const ItemLookup lookup = [&](const std::string& ref) -> const yaml::Node* {
    const auto it = known.find(ref);
    return it == known.end() ? nullptr : it->second;
  };
  const Parsed p = parse("previous_actions: [M-2024-001#1, M-2024-001#2, M-2024-000#9, M-2024-007#2]\n" + k_actions);
  // #1 of M-2024-001 was closed: it falls off; one the lookup cannot find is kept.
  CHECK(carried_refs(p.root(), "M-2024-007", k_day, lookup) ==
        V{"M-2024-001#2", "M-2024-000#9", "M-2024-007#2", "M-2024-007#4", "M-2024-007#5"});
  const Parsed none = parse("title: t\n");
  CHECK(carried_refs(none.root(), "M-2024-007", k_day, lookup).empty());
}

TEST_CASE("template: the recorder's template has every part of the guides' minutes, given values filled")
{
  const std::string t = minutes_template("M-2024-008", {{"date", "2024-05-17"}, {"goals", "[上线]"}},
                                         {"goals", "follow_up", "tags"}, "2024-05-17");
  CHECK(t.starts_with("id: M-2024-008\nkind: meeting\n"));
  for (const char* key : {"\ntitle:\n", "\ndate: 2024-05-17\n", "\ntime:\n", "\nmode:\n", "\nlocation:\n",
                          "\nhost:\n", "\nrecorder:\n", "\nattendees:\n", "\nabsent:\n", "\ngoals: [上线]\n",
                          "\nagenda:\n", "\nactions:\n", "\nopen_questions:\n", "\nnext_meeting:\n", "\ncc:\n",
                          "\nfollow_up:\n", "\ntags:\n", "\ncreated: 2024-05-17\n"})
    CHECK_MESSAGE(t.find(key) != std::string::npos, key);
  CHECK(t.find("goals:", t.find("goals:") + 1) == std::string::npos); // once, as given
  CHECK(minutes_template_has("agenda"));
  CHECK_FALSE(minutes_template_has("tags"));
}

TEST_CASE("template: saving drops the hints and the keys left empty, keeps what was written")
{
  const std::string tpl = minutes_template("M-1", {}, {}, "2024-05-17");
  // Untouched: only the required keys someone filled stay (here none: every key goes but id,
  // kind and created).
  CHECK(drop_unfilled(tpl, tpl) == "id: M-1\nkind: meeting\ncreated: 2024-05-17\n");
  // Filled parts stay, with an indentless list and a comment of the recorder's own.
  const std::string saved = "id: M-1\nkind: meeting\n# 我的备注\ntitle: 周会\ngoals:\n- 上线\ncc:\n  # 稍后补充\n"
                            "agenda:\n  - topic: 排期\n    points:\n    consensus: []\n    decisions: [五月上线]\n"
                            "next_meeting: \"\"\ncreated: 2024-05-17\n";
  CHECK(drop_unfilled(saved, tpl) == "id: M-1\nkind: meeting\n# 我的备注\ntitle: 周会\ngoals:\n- 上线\n  # 稍后补充\n"
                                     "agenda:\n  - topic: 排期\n    decisions: [五月上线]\ncreated: 2024-05-17\n");
  // No final newline stays that way.
  CHECK(drop_unfilled("title: t\ncc:", tpl) == "title: t");
}

TEST_CASE("lint: broken-ref across records: follow_up names a meeting, previous_actions its actions")
{
  lint::RecordInfo info;
  info.refs = {{"M-1", "follow_up", {3, 12}},       {"T-1", "follow_up", {3, 12}},
               {"M-9", "follow_up", {3, 12}},       {"M-1#2", "previous_actions", {4, 20}},
               {"M-1#3", "previous_actions", {4, 27}}, {"T-1#1", "previous_actions", {4, 34}},
               {"M-9#1", "previous_actions", {4, 41}}};
  const auto find = [](const std::string& id) -> std::optional<lint::RefTarget> {
    if (id == "M-1")
      return lint::RefTarget{"meeting", 2};
    if (id == "T-1")
      return lint::RefTarget{"task", 0};
    return std::nullopt;
  };
  const auto found = lint::check_refs("m.yaml", info, find);
  V at;
  for (const auto& d : found) {
    CHECK(d.rule == "broken-ref");
    CHECK(d.severity == util::Severity::Warning);
    at.push_back(std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column));
  }
  CHECK(at == V{"3:12", "3:12", "4:27", "4:34", "4:41"});
  CHECK(found[0].message.find("is a task, not a meeting") != std::string::npos);
  CHECK(found[1].message.find("names no record") != std::string::npos);
  CHECK(found[2].message.find("M-1 has 2 actions, there is no #3") != std::string::npos);
}

#include "collab/model/record_merge.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace collab::model;

namespace {

const char* k_base = R"(id: M-2024-012
kind: meeting
title: Weekly sync
date: 2024-05-10
host: 张三
recorder: 李四
# who came
attendees: [张三, 李四]
tags:
  - weekly
actions:
  - action: Draft the plan # first draft
    owner: 王五
    deadline: 2024-05-20
    deliverable: plan.docx
    status: todo
  - action: Book the room
    owner: 赵六
    deadline: 2024-05-15
    deliverable: booking
    status: todo
)";

std::string replace(std::string s, std::string_view from, std::string_view to)
{
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("merge_record: different fields of one record merge: ours' text with theirs' change applied")
{
  const std::string ours = replace(k_base, "title: Weekly sync", "title: Weekly sync (moved) # renamed");
  const std::string theirs = replace(k_base, "date: 2024-05-10", "date: 2024-05-11");
  const RecordMerge m = merge_record(k_base, ours, theirs);
  REQUIRE(m.conflicts.empty());
  REQUIRE(m.text);
  CHECK(*m.text == replace(ours, "date: 2024-05-10", "date: 2024-05-11"));
}

TEST_CASE("merge_record: different fields of different items merge")
{
  const std::string ours = replace(k_base, "    status: todo\n  - action: Book", "    status: doing\n  - action: Book");
  const std::string theirs = replace(k_base, "deadline: 2024-05-15", "deadline: 2024-05-16");
  const RecordMerge m = merge_record(k_base, ours, theirs);
  REQUIRE(m.text);
  CHECK(*m.text == replace(ours, "deadline: 2024-05-15", "deadline: 2024-05-16"));
  // Comments of ours stay where they are.
  CHECK(m.text->find("# first draft") != std::string::npos);
  CHECK(m.text->find("# who came") != std::string::npos);
}

TEST_CASE("merge_record: the same field set to different values is a conflict and no text")
{
  const std::string ours = replace(k_base, "deadline: 2024-05-15", "deadline: 2024-05-17");
  const std::string theirs = replace(k_base, "deadline: 2024-05-15", "deadline: 2024-05-16");
  const RecordMerge m = merge_record(k_base, ours, theirs);
  CHECK_FALSE(m.text);
  REQUIRE(m.conflicts.size() == 1);
  CHECK(m.conflicts[0].field == "actions#2.deadline");
  CHECK(m.conflicts[0].base == "2024-05-15");
  CHECK(m.conflicts[0].ours == "2024-05-17");
  CHECK(m.conflicts[0].theirs == "2024-05-16");
  CHECK(m.error.empty());

  SUBCASE("settled by the user: ours kept, theirs' other changes still applied")
  {
    const std::string theirs2 = replace(theirs, "title: Weekly sync", "title: Weekly");
    const RecordMerge s = merge_record(k_base, ours, theirs2, {"actions#2.deadline"});
    REQUIRE(s.text);
    CHECK(*s.text == replace(ours, "title: Weekly sync", "title: Weekly"));
  }
  SUBCASE("a settled parent covers the fields below it")
  {
    const RecordMerge s = merge_record(k_base, ours, theirs, {"actions"});
    REQUIRE(s.text);
    CHECK(*s.text == ours);
  }
}

TEST_CASE("merge_record: the same value on both sides is no conflict")
{
  const std::string both = replace(k_base, "status: todo\n  - action: Book", "status: done\n  - action: Book");
  const std::string ours = replace(both, "title: Weekly sync", "title: Weekly sync # same");
  const RecordMerge m = merge_record(k_base, ours, both);
  REQUIRE(m.text);
  CHECK(*m.text == ours);
}

TEST_CASE("merge_record: a field deleted on one side and changed on the other is a conflict")
{
  const std::string ours = replace(k_base, "date: 2024-05-10\n", "");
  const std::string theirs = replace(k_base, "date: 2024-05-10", "date: 2024-05-12");
  const RecordMerge m = merge_record(k_base, ours, theirs);
  REQUIRE(m.conflicts.size() == 1);
  CHECK(m.conflicts[0].field == "date");
  CHECK(m.conflicts[0].ours == "");
  CHECK(m.conflicts[0].theirs == "2024-05-12");
}

TEST_CASE("merge_record: a field added or removed by theirs alone")
{
  SUBCASE("added after the key theirs has before it")
  {
    const std::string theirs = replace(k_base, "date: 2024-05-10\n", "date: 2024-05-10\nlocation: 会议室 A # 3F\n");
    const std::string ours = replace(k_base, "title: Weekly sync", "title: W");
    const RecordMerge m = merge_record(k_base, ours, theirs);
    REQUIRE(m.text);
    CHECK(*m.text == replace(theirs, "title: Weekly sync", "title: W"));
  }
  SUBCASE("removed")
  {
    const std::string theirs = replace(k_base, "tags:\n  - weekly\n", "");
    const std::string ours = replace(k_base, "title: Weekly sync", "title: W");
    const RecordMerge m = merge_record(k_base, ours, theirs);
    REQUIRE(m.text);
    CHECK(*m.text == replace(ours, "tags:\n  - weekly\n", ""));
  }
  SUBCASE("a block value written over several lines, into an item")
  {
    const std::string theirs = replace(k_base, "    deliverable: booking\n",
                                       "    deliverable: booking\n    notes: |\n      line one\n      line two\n");
    const RecordMerge m = merge_record(k_base, k_base, theirs);
    REQUIRE(m.text);
    CHECK(*m.text == theirs);
  }
}

TEST_CASE("merge_record: items appended on both sides: theirs first, ours renumbered after")
{
  const std::string theirs_item = "  - action: Send the minutes\n    owner: 李四\n    deadline: 2024-05-12\n"
                                  "    deliverable: mail\n    status: todo\n";
  const std::string ours_item = "  - action: Order lunch # ours\n    owner: 张三\n    deadline: 2024-05-13\n"
                                "    deliverable: lunch\n    status: todo\n";
  const std::string theirs = std::string(k_base) + theirs_item;
  const std::string ours = std::string(k_base) + ours_item;
  const RecordMerge m = merge_record(k_base, ours, theirs);
  REQUIRE(m.text);
  CHECK(*m.text == std::string(k_base) + theirs_item + ours_item);
  REQUIRE(m.moved_items.size() == 1);
  CHECK(m.moved_items[0] == std::pair<int, int>(3, 4));

  SUBCASE("an entry appended identically on both sides is kept once, at theirs' place")
  {
    const RecordMerge same = merge_record(k_base, std::string(k_base) + theirs_item + ours_item, theirs);
    REQUIRE(same.text);
    CHECK(*same.text == std::string(k_base) + theirs_item + ours_item);
    CHECK(same.moved_items.empty());
    const RecordMerge swapped = merge_record(k_base, std::string(k_base) + ours_item + theirs_item, theirs);
    REQUIRE(swapped.text);
    CHECK(*swapped.text == std::string(k_base) + theirs_item + ours_item);
    REQUIRE(swapped.moved_items.size() == 2);
    CHECK(swapped.moved_items[0] == std::pair<int, int>(3, 4));
    CHECK(swapped.moved_items[1] == std::pair<int, int>(4, 3));
  }
  SUBCASE("an item appended by theirs while ours changed an old one")
  {
    const std::string ours2 = replace(k_base, "deliverable: booking", "deliverable: room 3F");
    const RecordMerge m2 = merge_record(k_base, ours2, theirs);
    REQUIRE(m2.text);
    CHECK(*m2.text == ours2 + theirs_item);
    CHECK(m2.moved_items.empty());
  }
}

TEST_CASE("merge_record: a removed item against an edit of the list is a conflict")
{
  const std::string ours = replace(k_base, "deadline: 2024-05-15", "deadline: 2024-05-16");
  const size_t second = std::string(k_base).find("  - action: Book");
  const std::string theirs = std::string(k_base).substr(0, second);
  const RecordMerge m = merge_record(k_base, ours, theirs);
  CHECK_FALSE(m.text);
  REQUIRE(m.conflicts.size() == 1);
  CHECK(m.conflicts[0].field == "actions");
}

TEST_CASE("merge_record: lists of plain values merge as sets")
{
  SUBCASE("flow list: each side's additions and removals")
  {
    const std::string ours = replace(k_base, "attendees: [张三, 李四]", "attendees: [张三, 李四, 王五]");
    const std::string theirs = replace(k_base, "attendees: [张三, 李四]", "attendees: [李四, 赵六]");
    const RecordMerge m = merge_record(k_base, ours, theirs);
    REQUIRE(m.text);
    CHECK(*m.text == replace(k_base, "attendees: [张三, 李四]", "attendees: [李四, 王五, 赵六]"));
  }
  SUBCASE("block list")
  {
    const std::string ours = replace(k_base, "  - weekly\n", "  - weekly\n  - 市场 # ours\n");
    const std::string theirs = replace(k_base, "  - weekly\n", "  - planning\n");
    const RecordMerge m = merge_record(k_base, ours, theirs);
    REQUIRE(m.text);
    CHECK(*m.text == replace(k_base, "  - weekly\n", "  - 市场 # ours\n  - planning\n"));
  }
  SUBCASE("both remove the last one: an empty list")
  {
    const std::string ours = replace(k_base, "attendees: [张三, 李四]", "attendees: [张三]");
    const std::string theirs = replace(k_base, "attendees: [张三, 李四]", "attendees: [李四]");
    const RecordMerge m = merge_record(k_base, ours, theirs);
    REQUIRE(m.text);
    CHECK(*m.text == replace(k_base, "attendees: [张三, 李四]", "attendees: []"));
  }
}

TEST_CASE("merge_record: flow-style items")
{
  const std::string base = "id: T-2024-001\nkind: task\ntitle: t\nsubtasks:\n"
                           "  - {title: a, owner: x, deadline: 2024-05-01, deliverable: d, status: todo}\n";
  const std::string ours = replace(base, "status: todo", "status: doing");
  const std::string theirs = replace(base, "owner: x", "owner: \"y, z\"") +
                             "  - {title: b, owner: x, deadline: 2024-05-02, deliverable: d}\n";
  const RecordMerge m = merge_record(base, ours, theirs);
  REQUIRE(m.text);
  CHECK(*m.text == replace(theirs, "status: todo", "status: doing"));

  SUBCASE("a flow list of mappings")
  {
    const std::string b2 = "id: T-2024-001\nkind: task\ntitle: t\nsubtasks: [{title: a, status: todo}]\n";
    const RecordMerge m2 = merge_record(b2, replace(b2, "title: t", "title: T"),
                                        replace(b2, "todo}]", "todo}, {title: b}]"));
    REQUIRE(m2.text);
    CHECK(*m2.text == "id: T-2024-001\nkind: task\ntitle: T\nsubtasks: [{title: a, status: todo}, {title: b}]\n");
  }
}

TEST_CASE("merge_record: trivial merges give one side")
{
  const std::string other = replace(k_base, "title: Weekly sync", "title: 周会 # 改名");
  CHECK(merge_record(k_base, other, other).text == other);
  CHECK(merge_record(k_base, other, k_base).text == other);
  CHECK(merge_record(k_base, k_base, other).text == other);
}

TEST_CASE("merge_record: no base (created on both sides)")
{
  const std::string a = "id: R-2024-001\nkind: request\ntitle: A\n";
  const RecordMerge same = merge_record("", a, a);
  CHECK(same.text == a);
  const RecordMerge differ = merge_record("", a, replace(a, "title: A", "title: B"));
  CHECK_FALSE(differ.text);
  REQUIRE(differ.conflicts.size() == 1);
  CHECK(differ.conflicts[0].field == "title");
  CHECK(differ.conflicts[0].base == "");
}

TEST_CASE("merge_record: an unreadable side is an error, not a conflict")
{
  const RecordMerge m = merge_record(k_base, "a: [", k_base);
  CHECK_FALSE(m.text);
  CHECK(m.conflicts.empty());
  CHECK(m.error.find("ours") != std::string::npos);
  CHECK_FALSE(merge_record(k_base, k_base, "- a\n- b\n").error.empty());
}

TEST_CASE("merge_record: a shape the editor cannot change exactly is a conflict on that field")
{
  // Removing a key from {...} is not an edit the writer makes: a conflict, not a guess.
  const std::string base = "id: T-1\nkind: task\ntitle: t\nraci: {responsible: a, informed: b}\n";
  const std::string ours = "id: T-1\nkind: task\ntitle: t2\nraci: {responsible: a, informed: b}\n";
  const std::string theirs = "id: T-1\nkind: task\ntitle: t\nraci: {responsible: a}\n";
  const RecordMerge m = merge_record(base, ours, theirs);
  CHECK(m.error.empty());
  CHECK_FALSE(m.text);
  REQUIRE(m.conflicts.size() == 1);
  CHECK(m.conflicts[0].field == "raci.informed");
  CHECK(m.conflicts[0].theirs == "");
}

TEST_CASE("merge_record: every example record merges with edits of its own fields on both sides")
{
  // ours renames the record, theirs cancels it (or its first item): both land, and a merge where
  // one side did nothing gives the other side.
  const auto value_end = [](const std::string& s, size_t at) { return std::min(s.find('\n', at), s.find(" #", at)); };
  const auto set_value = [&](std::string s, std::string_view key, std::string_view value) {
    const size_t at = s.find(key);
    REQUIRE(at != std::string::npos);
    return s.replace(at + key.size(), value_end(s, at + key.size()) - at - key.size(), value);
  };
  size_t merged = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(COLLAB_SOURCE_DIR) / "examples")) {
    if (entry.path().extension() != ".yaml" || entry.path().string().find("/bad/") != std::string::npos)
      continue;
    INFO(entry.path().string());
    std::ifstream in(entry.path());
    const std::string base((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (base.find("\ntitle: ") == std::string::npos || base.find("\n    status: ") == std::string::npos)
      continue;
    const std::string ours = set_value(base, "\ntitle: ", "合并后的标题");
    const std::string theirs = set_value(base, "\n    status: ", "cancelled");
    CHECK(merge_record(base, ours, ours).text == ours);
    CHECK(merge_record(base, ours, base).text == ours);
    CHECK(merge_record(base, base, theirs).text == theirs);
    const RecordMerge m = merge_record(base, ours, theirs);
    REQUIRE(m.text);
    CHECK(*m.text == set_value(ours, "\n    status: ", "cancelled"));
    ++merged;
  }
  CHECK(merged >= 5);
}

TEST_CASE("merge_record: a key that is no plain text (null:) never gets lost: a conflict, or theirs' text")
{
  // Found by fuzz_record_merge: theirs added `null: x` (a null key, which no field path names)
  // and the merge dropped it, giving a text that did not read as theirs.
  const std::string theirs = replace(k_base, "host: 张三\n", "null: 张三\n");
  const RecordMerge m = merge_record(k_base, k_base, theirs);
  if (m.text)
    CHECK(*m.text == theirs);
  else
    CHECK(!m.conflicts.empty());
  // Unchanged on both sides, such a key is no conflict.
  const RecordMerge same = merge_record(theirs, replace(theirs, "Weekly sync", "Weekly"), theirs);
  REQUIRE(same.text);
  CHECK(same.text->find("null: 张三") != std::string::npos);
  CHECK(same.text->find("title: Weekly\n") != std::string::npos);
}

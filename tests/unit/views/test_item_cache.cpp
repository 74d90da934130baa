#include "collab/views/item_cache.h"

#include "process.h"

#include <doctest/doctest.h>

#include <chrono>
#include <fmt/format.h>
#include <thread>

using namespace collab;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;

namespace {

std::string task(const std::string& id, const std::string& title, const std::string& deadline = "2024-06-10")
{
  return fmt::format("id: {}\nkind: task\ntitle: {}\nowner: Ann\ndept: Eng\ndeadline: {}\ndeliverable: x\n"
                     "status: doing\ntags: [web, q2]\n",
                     id, title, deadline);
}

const char* const k_meeting = R"Y(id: M-1
kind: meeting
title: Weekly
date: 2024-05-20
created: 2024-05-19
actions:
  - action: "Tab\there, back\\slash"
    owner: Bob
    deadline: 2024-05-28
    deliverable: "Report\twith a tab"
    status: done
    completed: 2024-05-27
    evidence: "Mail \x1f sent"
  - action: 周会纪要
    owner: 孙七
    deadline: 2024-06-02
)Y";

/// Every item as one line of text, in load order (copies: comparable after the load is gone).
std::vector<std::string> snapshot(const ItemLoad& load)
{
  std::vector<std::string> out;
  for (const Item& it : load.items)
    out.push_back(fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", it.ref, it.record, it.kind, it.title, it.owner, it.dept,
                              it.record_dept, it.deadline, status_name(it.status), it.path) +
                  "|" + std::string(it.tags) + "|" + std::string(it.packed_details) +
                  (it.record_facts.empty() ? "" : "|" + std::string(it.record_facts)));
  return out;
}

std::vector<std::string> refs(const ItemLoad& load)
{
  std::vector<std::string> out;
  for (const Item& it : load.items)
    out.emplace_back(it.ref);
  return out;
}

Workspace workspace(const fs::path& root)
{
  std::vector<util::Diagnostic> errors;
  Workspace ws = open_workspace(root, errors);
  REQUIRE(errors.empty());
  return ws;
}

} // namespace

TEST_CASE("item cache: without a cache file every record is parsed each time")
{
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "");
  test::write(tmp / "tasks/T-1.yaml", task("T-1", "One"));
  test::write(tmp / "meetings/M-1.yaml", k_meeting);
  const Workspace ws = workspace(tmp.path());
  for (int round = 0; round < 2; ++round) {
    const ItemLoad load = load_items(ws, std::nullopt);
    CHECK(load.records == 2);
    CHECK(load.parsed == 2);
    CHECK(load.unreadable == 0);
    CHECK(refs(load) == std::vector<std::string>{"M-1#1", "M-1#2", "T-1"});
  }
  CHECK_FALSE(fs::exists(tmp / ".git"));
}

TEST_CASE("item cache: reused while files are unchanged, edits, removals, additions and bad files are seen")
{
  // One scenario in steps (not subcases): each run needs the files to age first.
  test::TempDir tmp;
  test::TempDir cache_dir;
  const fs::path cache = cache_dir / "sub/items.cache";
  test::write(tmp / ".collab.yaml", "");
  test::write(tmp / "tasks/T-1.yaml", task("T-1", "One"));
  test::write(tmp / "tasks/T-2.yaml", task("T-2", "Two", "2024-05-01"));
  test::write(tmp / "meetings/M-1.yaml", k_meeting);
  test::write(tmp / "meetings/broken.yaml", "id: [unclosed\n");
  // Files changed in the two seconds before the cache is written are re-read every time:
  // let these age first.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const Workspace ws = workspace(tmp.path());

  const ItemLoad first = load_items(ws, cache);
  CHECK(first.records == 4);
  CHECK(first.parsed == 4);
  CHECK(first.unreadable == 1);
  CHECK(first.folders == 3);
  CHECK(refs(first) == std::vector<std::string>{"M-1#1", "M-1#2", "T-1", "T-2"});
  auto expected = snapshot(first);
  CHECK(expected[0] == "M-1#1|M-1|action|Tab\there, back\\slash|Bob|||2024-05-28|done|meetings/M-1.yaml||"
                      "Report\twith a tab\x1f\x1f" "2024-05-27\x1f\x1f\x1fMail   sent|2024-05-19\x1f\x1f"); // the record's created survives the cache
  CHECK(expected[2] == "T-1|T-1|task|One|Ann|Eng|Eng|2024-06-10|doing|tasks/T-1.yaml|web\x1fq2|x\x1f\x1f\x1f\x1f\x1f");
  REQUIRE(fs::exists(cache));

  {
    INFO("nothing changed: everything comes from the cache, the folders are not even listed");
    const ItemLoad again = load_items(ws, cache);
    CHECK(again.parsed == 0);
    CHECK(again.folders_listed == 0);
    CHECK(again.records == 4);
    CHECK(again.unreadable == 1); // remembered as unreadable
    CHECK(snapshot(again) == expected);
  }
  {
    INFO("a damaged cache is rebuilt, not trusted");
    const std::string text = test::read(cache);
    test::write(cache, text.substr(0, text.size() / 2) + "garbage\n");
    const ItemLoad rebuilt = load_items(ws, cache);
    CHECK(rebuilt.parsed == 4);
    CHECK(snapshot(rebuilt) == expected);
    CHECK(load_items(ws, cache).parsed == 0);
  }
  {
    INFO("a cache of an older layout (items without the fields of this one) is rebuilt, not misread");
    std::string text = test::read(cache);
    REQUIRE(text.starts_with("collab-items 9 "));
    text.replace(0, 15, "collab-items 7 ");
    test::write(cache, text);
    const ItemLoad rebuilt = load_items(ws, cache);
    CHECK(rebuilt.parsed == 4);
    CHECK(snapshot(rebuilt) == expected);
    CHECK(test::read(cache).starts_with("collab-items 9 "));
  }
  {
    INFO("a removed file's items disappear");
    fs::remove(tmp / "meetings/M-1.yaml");
    const ItemLoad removed = load_items(ws, cache);
    CHECK(removed.records == 3);
    CHECK(removed.parsed == 0);
    expected.erase(expected.begin(), expected.begin() + 2);
    CHECK(snapshot(removed) == expected);
    CHECK(snapshot(load_items(ws, cache)) == expected);
  }
  {
    INFO("an edited file is read again, even with its size and mtime unchanged");
    const auto mtime = fs::last_write_time(tmp / "tasks/T-1.yaml");
    test::write(tmp / "tasks/T-1.yaml", task("T-1", "Uno")); // same size
    fs::last_write_time(tmp / "tasks/T-1.yaml", mtime);
    const ItemLoad edited = load_items(ws, cache);
    CHECK(edited.parsed == 1);
    CHECK(edited.records == 3);
    expected[0] = "T-1|T-1|task|Uno|Ann|Eng|Eng|2024-06-10|doing|tasks/T-1.yaml|web\x1fq2|x\x1f\x1f\x1f\x1f\x1f";
    CHECK(snapshot(edited) == expected);
    CHECK(snapshot(load_items(ws, cache)) == expected); // and the cache now holds it
  }
  {
    INFO("files added later are seen, in path order");
    test::write(tmp / "tasks/T-10.yaml", task("T-10", "Ten"));
    test::write(tmp / "a/R-1.yaml", "id: R-1\nkind: request\ntitle: Data\nfrom: Sales\nowner: Dee\n");
    const ItemLoad added = load_items(ws, cache);
    CHECK(added.records == 5);
    CHECK(added.parsed >= 2); // and T-1 again while its edit is recent
    CHECK(refs(added) == std::vector<std::string>{"R-1", "T-1", "T-10", "T-2"});
    CHECK(snapshot(added)[0] == "R-1|R-1|request|Data|Dee||Sales||todo|a/R-1.yaml||");
    CHECK(refs(load_items(ws, cache)) == refs(added));
  }
  {
    INFO("a record that stops parsing is unreadable and its items go; fixing it brings them back");
    test::write(tmp / "tasks/T-2.yaml", "id: T-2\nkind: task\ntitle: [oops\n");
    const ItemLoad bad = load_items(ws, cache);
    CHECK(bad.unreadable == 2);
    CHECK(bad.records == 5);
    CHECK(refs(bad) == std::vector<std::string>{"R-1", "T-1", "T-10"});
    test::write(tmp / "meetings/broken.yaml", task("T-3", "Three"));
    test::write(tmp / "tasks/T-2.yaml", task("T-2", "Two", "2024-05-01"));
    const ItemLoad fixed = load_items(ws, cache);
    CHECK(fixed.unreadable == 0);
    CHECK(refs(fixed) == std::vector<std::string>{"R-1", "T-3", "T-1", "T-10", "T-2"});
  }
  {
    INFO("a file over 1 MiB is unreadable");
    test::write(tmp / "tasks/T-9.yaml", task("T-9", "Big") + "notes: " + std::string(1024 * 1024, 'x') + "\n");
    const ItemLoad big = load_items(ws, cache);
    CHECK(big.records == 6);
    CHECK(big.unreadable == 1);
    CHECK(refs(big) == std::vector<std::string>{"R-1", "T-3", "T-1", "T-10", "T-2"});
  }
}

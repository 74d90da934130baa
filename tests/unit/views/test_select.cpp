#include "collab/views/select.h"
#include "collab/util/i18n.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace collab;
using namespace collab::model;
using namespace collab::views;

namespace {

const Date k_today{2024, 6, 1};

Item item(std::string_view ref, std::string_view kind, std::string_view owner, std::string_view dept,
          std::string_view deadline, Status status, std::string_view title = "", std::string_view tags = "")
{
  Item it;
  it.ref = ref;
  it.record = ref.substr(0, ref.find('#'));
  it.kind = kind;
  it.title = title.empty() ? ref : title;
  it.owner = owner;
  it.dept = dept;
  it.deadline = deadline;
  it.status = status;
  it.path = "records/x.yaml";
  it.tags = tags;
  return it;
}

/// A small tracker: overdue, due soon, later, undated and closed items of every kind.
const std::vector<Item>& sample()
{
  static const std::vector<Item> items = {
    item("T-1", "task", "Ann", "Eng", "2024-06-10", Status::Doing, "Launch the site", "web\x1fq2"),
    item("T-1#1", "subtask", "Bob", "Eng", "2024-05-29", Status::Todo, "Design mockups", "web\x1fq2"),
    item("T-1#2", "subtask", "Ann", "Eng", "2024-06-02", Status::Done, "Build pages", "web\x1fq2"),
    item("M-1#1", "action", "Cid", "Ops", "2024-05-31", Status::Delayed, "Book the ROOM"),
    item("M-1#2", "action", "Bob", "Ops", "", Status::Todo, "Write minutes"),
    item("I-1#1", "solution", "Ann", "Eng", "2024-06-03", Status::Todo, "Roll back"),
    item("R-1", "request", "Dee", "Sales", "2024-06-01", Status::Cancelled, "Export data"),
    item("R-2", "request", "Dee", "Sales", "2024-05-20", Status::Todo, "Quarterly numbers", "q2"),
  };
  return items;
}

std::vector<std::string> refs(const std::vector<ViewRow>& rows)
{
  std::vector<std::string> out;
  for (const auto& r : rows)
    out.emplace_back(r.item->ref);
  return out;
}

std::vector<std::string> list(const ItemQuery& q) { return refs(select_items(sample(), q, View::List, k_today)); }

using Refs = std::vector<std::string>;

} // namespace

TEST_CASE("select: list shows open items by deadline then ref, undated last, --all adds closed ones")
{
  CHECK(list({}) == Refs{"R-2", "T-1#1", "M-1#1", "I-1#1", "T-1", "M-1#2"});
  ItemQuery all;
  all.all = true;
  CHECK(list(all) == Refs{"R-2", "T-1#1", "M-1#1", "R-1", "T-1#2", "I-1#1", "T-1", "M-1#2"});
}

TEST_CASE("select: owner, dept and status filters match exactly, a status filter shows closed items")
{
  ItemQuery q;
  q.owner = "Ann";
  CHECK(list(q) == Refs{"I-1#1", "T-1"});
  q.owner = "ann";
  CHECK(list(q).empty());
  q = {};
  q.dept = "Ops";
  CHECK(list(q) == Refs{"M-1#1", "M-1#2"});
  q = {};
  q.status = Status::Done;
  CHECK(list(q) == Refs{"T-1#2"});
  q.status = Status::Todo;
  CHECK(list(q) == Refs{"R-2", "T-1#1", "I-1#1", "M-1#2"});
}

TEST_CASE("select: kind matches item kinds, and record kinds select the items they hold")
{
  ItemQuery q;
  q.all = true;
  q.kind = "task";
  CHECK(list(q) == Refs{"T-1#1", "T-1#2", "T-1"});
  q.kind = "subtask";
  CHECK(list(q) == Refs{"T-1#1", "T-1#2"});
  q.kind = "meeting";
  CHECK(list(q) == Refs{"M-1#1", "M-1#2"});
  q.kind = "action";
  CHECK(list(q) == Refs{"M-1#1", "M-1#2"});
  q.kind = "issue";
  CHECK(list(q) == Refs{"I-1#1"});
  q.kind = "request";
  CHECK(list(q) == Refs{"R-2", "R-1"});
}

TEST_CASE("select: before and after are strict, and undated items never match them")
{
  ItemQuery q;
  q.all = true;
  q.before = Date{2024, 6, 1};
  CHECK(list(q) == Refs{"R-2", "T-1#1", "M-1#1"});
  q = {};
  q.all = true;
  q.after = Date{2024, 6, 2};
  CHECK(list(q) == Refs{"I-1#1", "T-1"});
  q.before = Date{2024, 6, 10};
  CHECK(list(q) == Refs{"I-1#1"});
}

TEST_CASE("select: tag matches whole tags of the record, grep searches ref, text, owner and dept ignoring case")
{
  ItemQuery q;
  q.tag = "q2";
  CHECK(list(q) == Refs{"R-2", "T-1#1", "T-1"});
  q.tag = "q";
  CHECK(list(q).empty());
  q = {};
  q.grep = "room"; // text, other case
  CHECK(list(q) == Refs{"M-1#1"});
  q.grep = "m-1#"; // ref
  CHECK(list(q) == Refs{"M-1#1", "M-1#2"});
  q.grep = "DEE"; // owner
  CHECK(list(q) == Refs{"R-2"});
  q.grep = "sales"; // dept
  CHECK(list(q) == Refs{"R-2"});
  q.grep = "nothing like this";
  CHECK(list(q).empty());
}

TEST_CASE("select: sort orders")
{
  ItemQuery q;
  q.sort = SortKey::Ref;
  CHECK(list(q) == Refs{"I-1#1", "M-1#1", "M-1#2", "R-2", "T-1", "T-1#1"});
  q.sort = SortKey::Owner; // then by deadline
  CHECK(list(q) == Refs{"I-1#1", "T-1", "T-1#1", "M-1#2", "M-1#1", "R-2"});
  q.sort = SortKey::Dept;
  CHECK(list(q) == Refs{"T-1#1", "I-1#1", "T-1", "M-1#1", "M-1#2", "R-2"});
  q.sort = SortKey::Status; // todo, doing, delayed, done, cancelled
  CHECK(list(q) == Refs{"R-2", "T-1#1", "I-1#1", "M-1#2", "T-1", "M-1#1"});
  q.sort = SortKey::Late; // most days late first, then by deadline
  CHECK(list(q) == Refs{"R-2", "T-1#1", "M-1#1", "I-1#1", "T-1", "M-1#2"});
}

TEST_CASE("select: grouping orders by group first and records the group of each row")
{
  ItemQuery q;
  q.group_by = GroupBy::Owner;
  const auto rows = select_items(sample(), q, View::List, k_today);
  CHECK(refs(rows) == Refs{"I-1#1", "T-1", "T-1#1", "M-1#2", "M-1#1", "R-2"});
  std::vector<std::string> groups;
  for (const auto& r : rows)
    groups.push_back(r.group);
  CHECK(groups == Refs{"Ann", "Ann", "Bob", "Bob", "Cid", "Dee"});

  q.group_by = GroupBy::Record;
  q.sort = SortKey::Ref;
  CHECK(list(q) == Refs{"I-1#1", "M-1#1", "M-1#2", "R-2", "T-1", "T-1#1"});
  q.group_by = GroupBy::Dept;
  q.sort = SortKey::Deadline;
  CHECK(list(q) == Refs{"T-1#1", "I-1#1", "T-1", "M-1#1", "M-1#2", "R-2"});
  // Without grouping every row's group is empty.
  for (const auto& r : select_items(sample(), {}, View::List, k_today))
    CHECK(r.group.empty());
}

TEST_CASE("select: overdue shows open late items most late first, closed ones never, even with --all")
{
  ItemQuery q;
  q.all = true;
  q.sort = SortKey::Ref; // ignored by overdue
  const auto rows = select_items(sample(), q, View::Overdue, k_today);
  CHECK(refs(rows) == Refs{"R-2", "T-1#1", "M-1#1"});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].state.overdue);
  CHECK(rows[0].state.days_late == 12);
  CHECK(rows[1].state.days_late == 3);
  CHECK(rows[2].state.days_late == 1);
  q.owner = "Bob";
  CHECK(refs(select_items(sample(), q, View::Overdue, k_today)) == Refs{"T-1#1"});
}

TEST_CASE("select: due shows open items from today to today + within days, by deadline")
{
  ItemQuery q;
  q.within_days = 2;
  CHECK(refs(select_items(sample(), q, View::Due, k_today)) == Refs{"I-1#1"});
  q.within_days = 9;
  CHECK(refs(select_items(sample(), q, View::Due, k_today)) == Refs{"I-1#1", "T-1"});
  q.within_days = 0;
  CHECK(refs(select_items(sample(), q, View::Due, k_today)).empty()); // R-1 is due today but cancelled
  for (const auto& r : select_items(sample(), ItemQuery{.within_days = 30}, View::Due, k_today))
    CHECK(r.state.due_soon);
}

TEST_CASE("select: list marks items due soon by the same window as due")
{
  ItemQuery q;
  q.within_days = 9;
  const auto rows = select_items(sample(), q, View::List, k_today);
  std::vector<std::string> soon;
  for (const auto& r : rows)
    if (r.state.due_soon)
      soon.emplace_back(r.item->ref);
  CHECK(soon == Refs{"I-1#1", "T-1"});
  q.within_days = 2;
  soon.clear();
  for (const auto& r : select_items(sample(), q, View::List, k_today))
    if (r.state.due_soon)
      soon.emplace_back(r.item->ref);
  CHECK(soon == Refs{"I-1#1"});
}

TEST_CASE("select: items_json is an array of objects with the fields of SPEC §6")
{
  CHECK(items_json({}) == "[]\n");

  std::vector<Item> items = {
    item("M-1#1", "action", "Cid", "Ops", "2024-05-31", Status::Delayed, "Say \"hi\"\\\n周会", "a\x1f" "b"),
    item("M-1#2", "action", "", "", "", Status::Todo, "Undated"),
  };
  ItemQuery q;
  q.sort = SortKey::Ref;
  const std::string json = items_json(select_items(items, q, View::List, k_today));
  CHECK(json.front() == '[');
  CHECK(json.substr(json.size() - 3) == "\n]\n");
  CHECK(json.find("\"title\": \"Say \\\"hi\\\"\\\\\\n周会\"") != std::string::npos);

  // JSON is YAML: read it back with the parser.
  yaml::SourceFile src("out.json", json);
  auto parsed = yaml::parse_yaml(src);
  REQUIRE_MESSAGE(!parsed.error, json);
  const yaml::Node* root = parsed.doc->root();
  REQUIRE(root->is_seq());
  REQUIRE(root->items.size() == 2);
  const yaml::Node& a = *root->items[0];
  std::vector<std::string> keys;
  for (const auto& [k, v] : a.entries)
    keys.push_back(k->value);
  CHECK(keys == Refs{"ref", "record", "kind", "title", "owner", "dept", "deadline", "status", "overdue", "days_late",
                     "due_soon", "path", "tags", "deliverable", "progress", "completed", "original_deadline",
                     "delay_reason", "evidence"});
  CHECK(a.text_of("ref") == "M-1#1");
  CHECK(a.text_of("record") == "M-1");
  CHECK(a.text_of("kind") == "action");
  CHECK(a.text_of("title") == "Say \"hi\"\\\n周会");
  CHECK(a.text_of("deadline") == "2024-05-31");
  CHECK(a.text_of("status") == "delayed");
  CHECK(a.text_of("overdue") == "true");
  CHECK(a.text_of("days_late") == "1");
  CHECK(a.text_of("due_soon") == "false");
  CHECK(a.text_of("path") == "records/x.yaml");
  const yaml::Node* tags = a.get("tags");
  REQUIRE(tags);
  REQUIRE(tags->is_seq());
  REQUIRE(tags->items.size() == 2);
  CHECK(tags->items[0]->value == "a");
  CHECK(tags->items[1]->value == "b");

  const yaml::Node& b = *root->items[1];
  CHECK(b.get("deadline")->is_null()); // no deadline: null, not ""
  CHECK(b.get("owner")->value == "");
  CHECK(b.get("owner")->quoted);
  CHECK(b.get("tags")->is_seq());
  CHECK(b.get("tags")->items.empty());
  CHECK(b.text_of("overdue") == "false");
  for (const char* key : {"deliverable", "progress", "completed", "original_deadline", "delay_reason", "evidence"})
    CHECK_MESSAGE(b.get(key)->is_null(), key); // absent: null
}

TEST_CASE("select: the details of an item in JSON and the data columns, progress only as a whole number")
{
  Item it = item("T-1#2", "subtask", "Ann", "", "2024-05-31", Status::Delayed, "Print");
  it.packed_details = "Posters\x1f" "80\x1f\x1f" "2024-05-25\x1fPrinter late\x1f";
  const std::vector<Item> items = {it};
  const auto rows = select_items(items, {}, View::List, k_today);
  const std::string json = items_json(rows);
  CHECK(json.find("\"deliverable\": \"Posters\", \"progress\": 80, \"completed\": null, "
                  "\"original_deadline\": \"2024-05-25\", \"delay_reason\": \"Printer late\", \"evidence\": null") !=
        std::string::npos);
  const Table data = items_table(rows, View::List, "en", k_today, Columns::Data);
  REQUIRE(data.columns.size() == 13);
  CHECK(data.columns[7].header == "DELIVERABLE");
  CHECK(data.columns[12].header == "EVIDENCE");
  CHECK(data.rows.at(0) == Refs{"T-1#2", "2024-05-31", "1d late", "delayed", "Ann", "", "Print", "Posters", "80", "",
                                "2024-05-25", "Printer late", ""});
  CHECK(items_table(rows, View::List, "zh", k_today).columns.size() == 8); // a screen: the deliverable only
  for (const char* bad : {"80%", "101", "-1", "1000", ""}) {
    const std::string packed = std::string("x\x1f") + bad;
    it.packed_details = packed;
    CHECK(items_json(select_items(std::vector<Item>{it}, {}, View::List, k_today)).find("\"progress\": null") !=
          std::string::npos);
  }
}

TEST_CASE("select: departments come from the resolver: own, owner's in people, record's, the id's")
{
  Config cfg;
  cfg.departments = {"Eng", "Ops"};
  cfg.id_format["task"] = "{year}-{dept}-{seq}";
  cfg.add_person(Person{"Ann", "Ops", "", "", {"Annie"}});
  Item own = item("2024-Eng-001", "task", "Ann", "Sales", "2024-06-10", Status::Todo);
  Item by_owner = item("2024-Eng-001#1", "subtask", "Annie", "", "2024-06-10", Status::Todo);
  Item by_record = item("M-1#1", "action", "Bob", "", "2024-06-10", Status::Todo);
  by_record.record_dept = "Legal";
  Item by_id = item("2024-Eng-002", "task", "Bob", "", "2024-06-10", Status::Todo);
  Item nothing = item("M-2#1", "action", "Bob", "", "2024-06-10", Status::Todo);
  const std::vector<Item> items = {own, by_owner, by_record, by_id, nothing};
  const DeptResolver depts(cfg);
  ItemQuery q;
  q.sort = SortKey::Ref;
  std::vector<std::string> got;
  for (const auto& r : select_items(items, q, View::List, k_today, depts))
    got.emplace_back(std::string(r.item->ref) + "=" + std::string(r.dept));
  CHECK(got == Refs{"2024-Eng-001=Sales", "2024-Eng-001#1=Ops", "2024-Eng-002=Eng", "M-1#1=Legal", "M-2#1="});
  q.dept = "Ops";
  CHECK(refs(select_items(items, q, View::List, k_today, depts)) == Refs{"2024-Eng-001#1"});
  q.dept = "";
  q.group_by = GroupBy::Dept;
  std::vector<std::string> groups;
  for (const auto& r : select_items(items, q, View::List, k_today, depts))
    groups.push_back(r.group);
  CHECK(groups == Refs{"", "Eng", "Legal", "Ops", "Sales"});
}

TEST_CASE("select: items_tsv and items_csv write what render_tsv and render_csv make of the data table")
{
  Item it = item("T-1#2", "subtask", "Ann", "Eng", "2024-05-31", Status::Delayed, "Print, \"now\"\tplease");
  it.packed_details = "Posters\x1f" "80\x1f\x1f" "2024-05-25\x1fPrinter\nlate\x1f";
  std::vector<Item> items = sample();
  items.push_back(it);
  for (const View view : {View::List, View::Overdue, View::Due})
    for (const char* lang : {"en", "zh"}) {
      const auto rows = select_items(items, ItemQuery{.all = true, .within_days = 30}, view, k_today);
      const Table data = items_table(rows, view, lang, k_today, Columns::Data);
      CHECK(items_tsv(rows, view, lang, k_today) == render_tsv(data));
      CHECK(items_csv(rows, view, lang, k_today, CsvDialect::Excel) == render_csv(data, CsvDialect::Excel));
      CHECK(items_csv(rows, view, lang, k_today, CsvDialect::Plain) == render_csv(data, CsvDialect::Plain));
    }
}

TEST_CASE("select: headers and due words come from the catalogue, in the language in use")
{
  const auto rows = select_items(sample(), {}, View::List, k_today);
  const auto headers = [](const Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns)
      out.push_back(c.header);
    return out;
  };
  const Table en = items_table(rows, View::List, "en", k_today, Columns::Data);
  CHECK(headers(en) == Refs{"REF", "DEADLINE", "DUE", "STATUS", "OWNER", "DEPT", "TITLE", "DELIVERABLE", "PROGRESS",
                            "COMPLETED", "ORIGINAL_DEADLINE", "DELAY_REASON", "EVIDENCE"});
  CHECK(headers(items_table(rows, View::Overdue, "en", k_today))[2] == "LATE");
  CHECK(en.rows.at(0).at(2) == "12d late"); // R-2, due 2024-05-20, comes first
  // The same call speaks Chinese once the catalogue does: no language is written into the views.
  util::i18n::set_language("zh");
  const Table zh = items_table(rows, View::List, "en", k_today, Columns::Data);
  const auto overdue = headers(items_table(rows, View::Overdue, "en", k_today));
  const std::string tsv = items_tsv(rows, View::List, "en", k_today);
  util::i18n::set_language("en");
  CHECK(headers(zh) == Refs{"编号", "截止日期", "到期", "状态", "负责人", "部门", "事项", "交付成果", "进度", "完成日期",
                            "原截止日期", "延期原因", "完成证明"});
  CHECK(overdue[2] == "逾期天数");
  CHECK(zh.rows.at(0).at(2) == "逾期12天");
  CHECK(zh.rows.at(0).at(3) == "todo"); // statuses follow `lang` (the record vocabulary), not the catalogue
  CHECK(tsv.starts_with("编号\t截止日期\t"));
}

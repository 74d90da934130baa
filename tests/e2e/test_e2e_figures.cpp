// End-to-end: report, stats and stale (issue 13, SPEC §7b) on the guides' worked examples, with
// every expected figure worked out by hand from the records (the arithmetic is in the comments).
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <regex>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";

/// Commits `paths` (a shell word list) with author and committer date `day` at noon UTC.
void commit_on(const fs::path& repo, const std::string& paths, const std::string& day)
{
  const std::string when = day + "T12:00:00+0000";
  const auto r = sh(fmt::format("git add {} && GIT_AUTHOR_DATE={} GIT_COMMITTER_DATE={} git commit -q -m 'on {}'", paths,
                                when, when, day),
                    repo);
  REQUIRE_MESSAGE(r.status == 0, r.err);
}

/// The examples in a git repository: everything committed on 2024-05-20, then the three records
/// created that last week (M-2024-011, R-2024-002, 2024-研发-001) committed again on 2024-05-28.
struct ExamplesRepo {
  TempDir tmp;
  fs::path root;
  ExamplesRepo()
  {
    root = git_init(tmp / "repo");
    fs::copy(k_examples, root, fs::copy_options::recursive);
    fs::remove_all(root / "bad"); // the lint examples are not records to count
    commit_on(root, ".", "2024-05-20");
    for (const char* f : {"meetings/M-2024-011.yaml", "requests/R-2024-002.yaml", "tasks/2024-研发-001.yaml"})
      write(root / f, read(root / f) + "# touched\n");
    commit_on(root, ".", "2024-05-28");
  }
};

/// The refs of one JSON list, in order, as "a b c" (python reads the JSON: no parser of our own).
std::string refs(const std::string& json, const std::string& key)
{
  TempDir t;
  write(t / "in.json", json);
  const auto r = run({"/usr/bin/python3", "-c",
                      "import json,sys; d=json.load(open(sys.argv[1])); print(' '.join(i['ref'] for i in d" +
                          (key.empty() ? std::string() : "['" + key + "']") + "))",
                      (t / "in.json").string()},
                     t.path());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
}

/// A Python expression evaluated on the JSON as `d`.
std::string py(const std::string& json, const std::string& expr)
{
  TempDir t;
  write(t / "in.json", json);
  const auto r = run({"/usr/bin/python3", "-c", "import json,sys; d=json.load(open(sys.argv[1])); r=(" + expr + "); print(r)",
                      (t / "in.json").string()},
                     t.path());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
}

} // namespace

TEST_CASE("report: the week of 2024-05-29 on the examples, recheckable by hand")
{
  ExamplesRepo ex;
  // Wed 2024-05-29: the week is Mon 05-27 .. Sun 06-02, next week 06-03 .. 06-09.
  const auto r = run_collab({"report", "--format", "json"}, ex.root, {{"COLLAB_TODAY", "2024-05-29"}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(py(r.out, "d['week']['start'], d['week']['end']") == "('2024-05-27', '2024-06-02')");
  // done: no `completed` falls in 05-27..06-02 (the latest, 2024-研发-001#1, is 05-23).
  CHECK(refs(r.out, "done") == "");
  // overdue on 05-29: open with deadline < 05-29: none (2024-研发-001#2 was moved to 05-31).
  CHECK(refs(r.out, "overdue") == "");
  // due next week: open with deadline in 06-03..06-09: R-2024-002 (06-03), M-2024-007#4 (06-05).
  CHECK(refs(r.out, "due_next_week") == "R-2024-002 M-2024-007#4");
  // delayed: open with status delayed: 2024-研发-001#2 (05-31), 2024-市场-001#4 (10-14).
  CHECK(refs(r.out, "delayed") == "2024-研发-001#2 2024-市场-001#4");
  // stale (7 days): records last committed 05-20 (9 days ago) with open items: R-2024-004,
  // M-2024-007#4, 2024-市场-001 and its #3 and #4; I-2024-003 and M-2024-003 are all done.
  CHECK(refs(r.out, "stale") == "R-2024-004 M-2024-007#4 2024-市场-001#4 2024-市场-001#3 2024-市场-001");
  // new: records created 05-27..06-02: R-2024-002 (05-27), M-2024-011 (05-28, 5 actions),
  // 2024-研发-001 (05-29, itself + 4 subtasks) = 1 + 5 + 5 = 11 items.
  CHECK(py(r.out, "len(d['new'])") == "11");
  CHECK(py(r.out, "sorted(d.keys())") ==
        "['as_of', 'by', 'delayed', 'done', 'due_next_week', 'new', 'overdue', 'stale', 'week']");
  // The items are list's JSON objects.
  CHECK(py(r.out, "d['delayed'][0]['original_deadline'], d['delayed'][0]['dept']") == "('2024-05-24', '研发部')");
}

TEST_CASE("report: done this week, overdue with days late, grouped by owner, in md and html")
{
  ExamplesRepo ex;
  // Week of 2024-05-14 (Tue): Mon 05-13 .. Sun 05-19. done: M-2024-007#2 (completed 05-15),
  // M-2024-007#3 (05-18); M-2024-007#1 was completed 05-11, the week before.
  auto r = run_collab({"report", "--week", "2024-05-14", "--format", "json"}, ex.root, {{"COLLAB_TODAY", "2024-06-04"}});
  REQUIRE(r.status == 0);
  CHECK(refs(r.out, "done") == "M-2024-007#2 M-2024-007#3");
  // overdue on 06-04: R-2024-004 (05-30, 5 days), 2024-研发-001#2 (05-31, 4), M-2024-011#3 (05-31, 4),
  // M-2024-011#4 (06-02, 2), R-2024-002 (06-03, 1); deadline order.
  CHECK(refs(r.out, "overdue") == "R-2024-004 2024-研发-001#2 M-2024-011#3 M-2024-011#4 R-2024-002");
  CHECK(py(r.out, "[i['days_late'] for i in d['overdue']]") == "[5, 4, 4, 2, 1]");
  // new: R-2024-004 was created 05-13.
  CHECK(refs(r.out, "new") == "R-2024-004");
  // stale on 06-04: 05-28 is 7 days ago, so every open item's record is stale now.
  CHECK(py(r.out, "len(d['stale'])") == "15");

  r = run_collab({"report", "--week", "2024-05-14", "--by", "owner", "--format", "md"}, ex.root,
                 {{"COLLAB_TODAY", "2024-06-04"}});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("# 周报 2024-05-13 – 2024-05-19") == 0);
  CHECK(r.out.find("## 本周完成 (2)") != std::string::npos);
  CHECK(r.out.find("### 孙七 (1)") != std::string::npos); // grouped by owner
  CHECK(r.out.find("### 吴九 (1)") != std::string::npos);

  r = run_collab({"report", "--week", "2024-05-14", "--format", "html"}, ex.root, {{"COLLAB_TODAY", "2024-06-04"}});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("<!DOCTYPE html>") == 0);
  CHECK(r.out.find("<section class=\"collab-report\">") != std::string::npos);
  CHECK(r.out.find("data-label=") != std::string::npos); // cards on a phone
  CHECK(r.out.find("<script") == std::string::npos);
}

TEST_CASE("report: bad input and no git")
{
  auto r = run_collab({"report", "--week", "someday"}, k_examples);
  CHECK(r.status == 2);
  CHECK(r.err.find("--week") != std::string::npos);
  r = run_collab({"report", "--by", "team"}, k_examples);
  CHECK(r.status == 2);
  TempDir t;
  fs::copy(k_examples, t.path(), fs::copy_options::recursive);
  fs::remove_all(t / "bad");
  r = run_collab({"report", "--format", "json"}, t.path(), {{"COLLAB_TODAY", "2024-05-29"}});
  CHECK(r.status == 0);
  CHECK(refs(r.out, "stale") == "");
  CHECK(py(r.out, "len(d['new'])") == "11"); // from `created`
  CHECK(r.err.find("git") != std::string::npos);
}

TEST_CASE("stats: May 2024 on the examples, recheckable by hand")
{
  // Items whose original deadline is in May, as of 2024-06-05:
  //   M-2024-007#1 市场部 赵六 done 05-11 ≤ 05-12: on time
  //   M-2024-007#2 技术部 孙七 done 05-15 ≤ 05-15: on time
  //   M-2024-007#3 测试部 吴九 done 05-18 ≤ 05-18: on time
  //   2024-研发-001#1 测试部 吴九 done 05-23 ≤ 05-24: on time
  //   R-2024-004 市场部 赵六 todo, deadline 05-30 < 06-05: overdue, 06-05 − 05-30 = 6 days late
  //   2024-研发-001#2 研发部 唐亮 delayed, original 05-24 (deadline 05-31 < 06-05: overdue), 06-05 − 05-24 = 12
  //   M-2024-011#3 运维部 高峰 doing, deadline 05-31: overdue, 5 days late
  // total: due 7, done 4, on time 4, rate 4/7 = 0.5714, overdue 3, avg days late (6 + 12 + 5) / 3 = 7.67
  const auto r = run_collab({"stats", "--month", "2024-05", "--format", "json"}, k_examples,
                            {{"COLLAB_TODAY", "2024-06-05"}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(py(r.out, "d['month'], d['as_of']") == "('2024-05', '2024-06-05')");
  CHECK(py(r.out, "d['total']") ==
        "{'due': 7, 'done': 4, 'on_time': 4, 'on_time_rate': 0.5714, 'overdue': 3, 'avg_days_late': 7.67}");
  // by department: 市场部 2 due (1 on time, R-2024-004 6 late), 研发部 1 (12 late), 运维部 1 (5 late),
  // 技术部 1 and 测试部 2 all on time: rate 1.0, no late days (null).
  CHECK(py(r.out, "[(g['dept'], g['due'], g['on_time_rate'], g['avg_days_late']) for g in d['by_dept']]") ==
        "[('市场部', 2, 0.5, 6), ('技术部', 1, 1, None), ('测试部', 2, 1, None), ('研发部', 1, 0, 12), "
        "('运维部', 1, 0, 5)]"); // JSON numbers: 1 and 1.0 are the same number
  CHECK(py(r.out, "[(g['owner'], g['due']) for g in d['by_owner']]") ==
        "[('吴九', 2), ('唐亮', 1), ('孙七', 1), ('赵六', 2), ('高峰', 1)]");
  CHECK(py(r.out, "d['delay_reasons']") == "[{'reason': '第三方支付渠道5月22日变更签名算法，需要重新联调', 'count': 1}]");
  CHECK(py(r.out, "d['categories']") == "[]");
  // April: nothing due, so the rate is null, not 0.
  CHECK(py(r.out, "d['previous']['month'], d['previous']['total']['due'], d['previous']['total']['on_time_rate']") ==
        "('2024-04', 0, None)");
  CHECK(py(r.out, "'previous' in d['previous']") == "False");
}

TEST_CASE("stats: March 2024 (the issue's month) and June beside May")
{
  // March: I-2024-003#1..3 and M-2024-003#1..4 (7 items), all done on or before their deadlines;
  // I-2024-003 occurred 2024-03-01 in category 资源不足.
  auto r = run_collab({"stats", "--month", "2024-03", "--format", "json"}, k_examples, {{"COLLAB_TODAY", "2024-06-05"}});
  REQUIRE(r.status == 0);
  CHECK(py(r.out, "d['total']['due'], d['total']['on_time'], d['total']['on_time_rate']") == "(7, 7, 1)");
  CHECK(py(r.out, "d['categories']") == "[{'category': '资源不足', 'count': 1}]");
  // June's previous month is May, with May's figures (7 due).
  r = run_collab({"stats", "--month", "2024-06", "--format", "json"}, k_examples, {{"COLLAB_TODAY", "2024-06-05"}});
  REQUIRE(r.status == 0);
  CHECK(py(r.out, "d['previous']['month'], d['previous']['total']['due']") == "('2024-05', 7)");
  // The table shows the month before in parentheses: total due 7 (0) in May.
  r = run_collab({"stats", "--month", "2024-05", "--width", "120"}, k_examples, {{"COLLAB_TODAY", "2024-06-05"}});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("7 (0)") != std::string::npos);
  CHECK(r.out.find("57% (–)") != std::string::npos);
  // csv: long form, English column names.
  r = run_collab({"stats", "--month", "2024-05", "--format", "csv-plain"}, k_examples, {{"COLLAB_TODAY", "2024-06-05"}});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("month,group,name,due,done,on_time,on_time_rate,overdue,avg_days_late,count\n") == 0);
  CHECK(r.out.find("2024-05,total,,7,4,4,0.5714,3,7.67,\n") != std::string::npos);
  CHECK(r.out.find("2024-04,total,,0,0,0,,0,,\n") != std::string::npos);
}

TEST_CASE("stats: a bad --month is a usage error")
{
  for (const char* m : {"2024-13", "2024-5", "May", "2024-05-01"}) {
    const auto r = run_collab({"stats", "--month", m}, k_examples);
    CHECK(r.status == 2);
    CHECK(r.err.find("YYYY-MM") != std::string::npos);
  }
}

TEST_CASE("stale: from history, seven days to the day, never stale after a new commit")
{
  ExamplesRepo ex;
  // On 06-03 the records committed 05-28 are 6 days old: only the 05-20 ones are stale
  // (R-2024-004, M-2024-007#4, 2024-市场-001 #3 #4 and itself), the oldest first, then by deadline.
  auto r = run_collab({"stale", "--format", "json"}, ex.root, {{"COLLAB_TODAY", "2024-06-03"}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(refs(r.out, "") == "R-2024-004 M-2024-007#4 2024-市场-001#4 2024-市场-001#3 2024-市场-001");
  // Each object says why it is here: the day of its record's last commit (all 2024-05-20).
  CHECK(py(r.out, "sorted(set(i['last_commit'] for i in d))") == "['2024-05-20']");
  // On 06-04 they are 7 days old: stale too (10 more open items: M-2024-011 #1-#5, R-2024-002,
  // 2024-研发-001 and its #2 #3 #4).
  r = run_collab({"stale", "--format", "json"}, ex.root, {{"COLLAB_TODAY", "2024-06-04"}});
  CHECK(py(r.out, "len(d)") == "15");
  // A commit touching R-2024-004 takes it off the list.
  write(ex.root / "requests/R-2024-004.yaml", read(ex.root / "requests/R-2024-004.yaml") + "# seen\n");
  commit_on(ex.root, ".", "2024-06-03");
  r = run_collab({"stale", "--format", "json"}, ex.root, {{"COLLAB_TODAY", "2024-06-04"}});
  CHECK(py(r.out, "len(d)") == "14");
  CHECK(refs(r.out, "").find("R-2024-004") == std::string::npos);
  // stale_after from the config.
  std::string config = read(ex.root / ".collab.yaml");
  config.replace(config.find("stale_after: 7d"), 15, "stale_after: 30d");
  write(ex.root / ".collab.yaml", config);
  r = run_collab({"stale", "--format", "json"}, ex.root, {{"COLLAB_TODAY", "2024-06-04"}});
  CHECK(r.out.find("[]") == 0);
  // --dept, and the table's last commit column.
  r = run_collab({"stale", "--dept", "市场部", "--format", "tsv"}, ex.root, {{"COLLAB_TODAY", "2024-09-01"}});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("2024-05-20") != std::string::npos);
  r = run_collab({"stale", "--dept", "市场部", "--format", "json"}, ex.root, {{"COLLAB_TODAY", "2024-09-01"}});
  CHECK(py(r.out, "sorted(set(i['dept'] for i in d))") == "['市场部']");
  // tsv and csv: LAST COMMIT right after the ref, on every row (a title with a line break too).
  write(ex.root / "requests/R-2024-004.yaml",
        std::regex_replace(read(ex.root / "requests/R-2024-004.yaml"), std::regex("\ntitle: [^\n]*"),
                           "\ntitle: \"two\\nlines, and a comma\""));
  commit_on(ex.root, ".", "2024-06-03");
  r = run_collab({"stale", "--format", "tsv"}, ex.root, {{"COLLAB_TODAY", "2024-09-01"}});
  CHECK(r.out.find("编号\t最后提交\t") == 0);
  CHECK(r.out.find("R-2024-004\t2024-06-03\t") != std::string::npos);
  r = run_collab({"stale", "--format", "csv-plain"}, ex.root, {{"COLLAB_TODAY", "2024-09-01"}});
  CHECK(r.out.find("编号,最后提交,") == 0);
  CHECK(r.out.find("R-2024-004,2024-06-03,") != std::string::npos);
  CHECK(r.out.find("\"two\nlines, and a comma\"") != std::string::npos); // the cell is whole
}

TEST_CASE("stale: needs git history")
{
  TempDir t;
  fs::copy(k_examples, t.path(), fs::copy_options::recursive);
  const auto r = run_collab({"stale"}, t.path());
  CHECK(r.status == 3);
}

TEST_CASE("stats: an issue without solutions, or with every solution cancelled, still counts its category")
{
  // March on the examples has one category (I-2024-003, 资源不足). Two more issues occurred in
  // March, in category 环境问题: I-2024-010 has no solutions at all (no items), I-2024-011 only a
  // cancelled one (cancelled items count nowhere, the category still does): 环境问题 2.
  TempDir tmp;
  const fs::path root = git_init(tmp / "repo");
  fs::copy(k_examples, root, fs::copy_options::recursive);
  fs::remove_all(root / "bad");
  const std::string head = "kind: issue\ntitle: 测试环境不稳定\ncreated: 2024-03-06\ncategory: 环境问题\n"
                           "occurred: 2024-03-05\ndept: 技术部\nowner: 刘洋\ndescription: 测试环境每天下午断开\n";
  write(root / "issues/I-2024-010.yaml", "id: I-2024-010\n" + head);
  write(root / "issues/I-2024-011.yaml", "id: I-2024-011\n" + head +
                                             "solutions:\n  - action: 更换交换机\n    owner: 高峰\n    deadline: 2024-03-08\n"
                                             "    status: cancelled\n");
  // Twice: the first run parses every file, the second takes the items from the cache.
  for (int run = 0; run < 2; ++run) {
    CAPTURE(run);
    const auto r = run_collab({"stats", "--month", "2024-03", "--format", "json"}, root, {{"COLLAB_TODAY", "2024-06-05"}});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(py(r.out, "d['categories']") == "[{'category': '环境问题', 'count': 2}, {'category': '资源不足', 'count': 1}]");
    // The cancelled solution is due nowhere: March's 7 items as on the examples alone.
    CHECK(py(r.out, "d['total']['due']") == "7");
  }
}

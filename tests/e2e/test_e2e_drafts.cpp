// End-to-end: a draft kept by `collab edit` remembers the record it started from; when the
// record changed since, resuming it would silently undo that change (issue 10, point 5).
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {


const char* k_meeting = R"(id: M-2024-007
kind: meeting
title: 618活动协同推进会
date: 2024-05-10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七]
actions:
  - action: 提交最终版设计稿
    owner: 赵六
    deadline: 2024-05-12
    deliverable: 设计稿
  - action: 确认活动场地
    owner: 孙七
    deadline: 2024-05-15
    deliverable: 场地清单
)";

fs::path repo(const TempDir& tmp)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "");
  write(tmp / "meetings/M-2024-007.yaml", k_meeting);
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  return tmp.path();
}

RunResult collab(const fs::path& dir, std::vector<std::string> args,
                 std::map<std::string, std::optional<std::string>> env = {})
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  env.emplace("VISUAL", std::nullopt);
  return run_collab(args, dir, env);
}

/// An "editor" that makes the change `sed_expr` and then fails (exit 1): collab keeps the draft.
std::string failing_editor(const TempDir& scripts, const std::string& sed_expr)
{
  const fs::path script = scripts / "fail.sh";
  write(script, fmt::format("#!/bin/sh\nsed -i '{}' \"$1\"\nexit 1\n", sed_expr));
  fs::permissions(script, fs::perms::owner_all);
  return script.string();
}

const std::string k_draft = ".git/collab-drafts/M-2024-007.yaml";
const std::string k_record = "meetings/M-2024-007.yaml";

} // namespace

TEST_CASE("drafts: a draft older than the record is not resumed silently, --fresh or --resume decides")
{
  TempDir tmp, scripts;
  const fs::path dir = repo(tmp);
  // The editor fails after a change: the draft is kept.
  auto r = collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", failing_editor(scripts, "s/^title:.*/title: 改过的标题/")}});
  REQUIRE(r.status == 1);
  REQUIRE(fs::exists(tmp / k_draft));
  // A later write changes the record.
  REQUIRE(collab(dir, {"set", "M-2024-007#2", "deliverable=场地清单V2"}).status == 0);
  const std::string count = git("rev-list --count HEAD", dir);

  // edit refuses to resume it: says what changed since, where the draft is, and how to go on.
  r = collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", "sed -i s/^host:.*/host:\\ 孙七/"}});
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "M-2024-007 changed since your draft was saved"), r.err);
  CHECK(has(r.err, "changes to M-2024-007 since your draft was saved:\n  actions#2.deliverable: 场地清单 → 场地清单V2\n"));
  CHECK(has(r.err, "your draft's changes:\n  title: 618活动协同推进会 → 改过的标题\n"));
  CHECK(has(r.err, (tmp / k_draft).string()));
  CHECK(has(r.err, "`collab edit M-2024-007 --fresh`"));
  CHECK(has(r.err, "`collab edit M-2024-007 --resume`"));
  CHECK(has(read(tmp / k_record), "deliverable: 场地清单V2\n"));
  CHECK(git("rev-list --count HEAD", dir) == count);
  CHECK(fs::exists(tmp / k_draft)); // kept

  // --fresh drops the draft and starts from the record: the later change stays.
  r = collab(dir, {"edit", "M-2024-007", "--fresh"}, {{"EDITOR", "sed -i s/^host:.*/host:\\ 孙七/"}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(read(tmp / k_record), "deliverable: 场地清单V2\n"));
  CHECK(has(read(tmp / k_record), "host: 孙七\n"));
  CHECK_FALSE(has(read(tmp / k_record), "改过的标题"));
  CHECK_FALSE(fs::exists(tmp / k_draft));

  // The issue's case: the editor failed before anything was typed. That draft holds nothing of
  // its own, so it is dropped and the editor starts from the record.
  REQUIRE(collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", "false"}}).status == 1);
  REQUIRE(collab(dir, {"set", "M-2024-007#2", "deliverable=场地清单V2.1"}).status == 0);
  r = collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", "sed -i s/^host:.*/host:\\ 赵六/"}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.err, "held no change of its own; starting from the record"));
  CHECK(has(read(tmp / k_record), "deliverable: 场地清单V2.1\n"));
  CHECK(has(read(tmp / k_record), "host: 赵六\n"));

  // --resume reuses the draft anyway, after showing what saving it undoes.
  REQUIRE(collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", failing_editor(scripts, "s/^title:.*/title: 改过的标题/")}}).status == 1);
  REQUIRE(collab(dir, {"set", "M-2024-007#2", "deliverable=场地清单V3"}).status == 0);
  r = collab(dir, {"edit", "M-2024-007", "--resume"}, {{"EDITOR", "true"}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK_MESSAGE(has(r.err, "  actions#2.deliverable: 场地清单V2.1 → 场地清单V3\n"), r.err);
  CHECK(has(read(tmp / k_record), "title: 改过的标题\n"));
  CHECK(has(read(tmp / k_record), "deliverable: 场地清单V2.1\n")); // asked for
  CHECK_FALSE(fs::exists(tmp / k_draft));
  CHECK(run_collab({"edit", "M-2024-007", "--fresh", "--resume"}, dir).status == 2);
}

TEST_CASE("drafts: a draft of the unchanged record is resumed as before, one that cannot tell is refused")
{
  TempDir tmp, scripts;
  const fs::path dir = repo(tmp);
  REQUIRE(collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", failing_editor(scripts, "s/^host:.*/host: 孙七/")}}).status == 1);
  auto r = collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", "true"}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.err, "resuming your draft"));
  CHECK(has(read(tmp / k_record), "host: 孙七\n"));

  // A draft left by an older collab has no note of its record: refused the same way.
  write(tmp / k_draft, std::string(k_meeting) + "notes: 旧草稿\n");
  r = collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", "true"}});
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "cannot tell which version of M-2024-007 your draft started from"), r.err);
  CHECK_FALSE(has(read(tmp / k_record), "旧草稿"));
}

TEST_CASE("drafts: a draft kept after a concurrent change is not resumed over it, in Chinese with lang: zh")
{
  TempDir tmp, scripts;
  const fs::path dir = repo(tmp);
  write(tmp / ".collab.yaml", "lang: zh\n");
  git("commit -qam zh", dir);
  // The "editor" commits another change to the same record before saving its own.
  write(scripts / "ed.sh", fmt::format("#!/bin/sh\n'{}' --as-of 2024-06-01 set M-2024-007#1 deliverable=别人的 >/dev/null "
                                       "&& sed -i 's/^host:.*/host: 孙七/' \"$1\"\n",
                                       COLLAB_BIN));
  fs::permissions(scripts / "ed.sh", fs::perms::owner_all);
  auto r = collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", (scripts / "ed.sh").string()}});
  REQUIRE(r.status == 3);
  r = collab(dir, {"edit", "M-2024-007"}, {{"EDITOR", "true"}});
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "  actions#1.deliverable: 设计稿 → 别人的\n"), r.err);
  CHECK(has(r.err, "M-2024-007 在你的草稿保存之后有了改动"));
  CHECK(has(read(tmp / k_record), "deliverable: 别人的\n"));
}

// The kinds' templates (views/document_*.cpp) and the three renderers.
#include "collab/views/document.h"

#include "collab/util/i18n.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;
using namespace collab::views;
using namespace collab::yaml;

namespace {

struct Parsed {
  explicit Parsed(std::string text) : src("r.yaml", std::move(text)), p(parse_yaml(src)) {}
  SourceFile src;
  ParsedYaml p;
  const Node& root() const { return *p.doc->root(); }
};

const char* k_meeting = R"(id: M-2024-007
kind: meeting
title: 618活动协同推进会
date: 2024-05-10
time: "14:00-16:00"
mode: online
location: 腾讯会议
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七, {name: 周八, dept: 仓储部, title: 主管}]
absent:
  - {name: 吴九, dept: 财务部, reason: 出差}
goals: [确定上线排期]
agenda:
  - topic: 活动页面开发排期
    points:
      - {dept: 技术部, text: 5月15日前完成前端开发}
    decisions: [市场部5月12日前提交设计稿]
actions:
  - action: 提交最终版设计稿
    owner: 赵六
    dept: 市场部
    deadline: 2024-05-12
    deliverable: 最终版设计稿(含移动端适配)
    status: done
  - action: 完成活动页面前端开发
    owner: 孙七
    dept: 技术部
    deadline: 2024-05-15
    deliverable: "可测试的活动页面 | 测试环境地址"
open_questions:
  - {question: 库存同步方案, owner: 周八, plan: 5月13日前给出方案}
next_meeting: 2024-05-17 14:00
cc: [PMO, 财务部]
confirmed:
  - {name: 赵六, date: 2024-05-10, version: V1.0}
  - {name: 孙七, date: 2024-05-11, version: V1.1}
)";

DocInput meeting_input(const Parsed& m)
{
  DocInput in;
  in.root = &m.root();
  in.kind = find_kind("meeting");
  in.id = "M-2024-007";
  in.today = Date{2024, 5, 20};
  in.version = "V1.1";
  return in;
}

} // namespace

TEST_CASE("meeting document: header, goals, agenda, actions, questions, cc, confirmations")
{
  const Parsed m(k_meeting);
  const DocInput in = meeting_input(m);
  const std::string md = render_markdown(build_document(in));
  CHECK(md.starts_with("# Minutes: 618活动协同推进会\n"));
  CHECK(md.find("* **Date**: 2024-05-10 14:00-16:00") != std::string::npos);
  CHECK(md.find("* **Mode/place**: online · 腾讯会议") != std::string::npos);
  CHECK(md.find("* **Attendees**: 仓储部: 周八<br>Other: 赵六, 孙七") != std::string::npos);
  CHECK(md.find("* **Absentees**: 吴九 (财务部): 出差") != std::string::npos);
  CHECK(md.find("* **Version**: V1.1\n") != std::string::npos);
  CHECK(md.find("1\\. 活动页面开发排期") != std::string::npos);
  CHECK(md.find("- 技术部: 5月15日前完成前端开发") != std::string::npos);
  CHECK(md.find("| \\# | Action | Owner | Department | Deadline | Deliverable | Status |") != std::string::npos);
  CHECK(md.find("| 1 | 提交最终版设计稿 | 赵六 | 市场部 | 2024-05-12 | 最终版设计稿(含移动端适配) | done |") !=
        std::string::npos);
  // The second action is overdue on 05-20, and its pipe does not split the row.
  CHECK(md.find("| 2 | 完成活动页面前端开发 | 孙七 | 技术部 | **2024-05-15** | 可测试的活动页面 \\| 测试环境地址 | "
                "**todo, overdue by 5 days** |") != std::string::npos);
  CHECK(md.find("| 1 | 库存同步方案 | 周八 | 5月13日前给出方案 |") != std::string::npos);
  CHECK(md.find("* **CC**: PMO, 财务部") != std::string::npos);
  CHECK(md.find("| 赵六 | 2024-05-10 | **V1.0 (older than the current V1.1)** |") != std::string::npos);
  CHECK(md.find("| 孙七 | 2024-05-11 | V1.1 |") != std::string::npos);
  CHECK(md.find("Not yet confirmed: 周八") != std::string::npos);
}

TEST_CASE("meeting document: an uncommitted version, previous actions and follow-ups")
{
  const Parsed m(k_meeting);
  DocInput in = meeting_input(m);
  in.version_committed = false;
  in.previous_actions = {{"M-2024-003#1", true, "准备素材", "赵六", "2024-05-01", "doing", true, 19},
                         {"M-2024-003#9", false, "", "", "", "", false, 0}};
  in.follow_ups = {{"M-2024-012", "618复盘会", "2024-05-17"}};
  const std::string text = render_text(build_document(in));
  CHECK(text.find("Version: V1.1 (not yet committed)") != std::string::npos);
  CHECK(text.find("Follow-up of the previous actions") < text.find("Agenda"));
  CHECK(text.find("- Ref: M-2024-003#1\n  Action: 准备素材\n  Owner: 赵六\n  Deadline: 2024-05-01\n"
                  "  Current status: doing, overdue by 19 days\n") != std::string::npos);
  CHECK(text.find("- Ref: M-2024-003#9\n  Action: (no such action)\n") != std::string::npos);
  CHECK(text.find("Follow-up meetings\n------------------\n- M-2024-012 618复盘会 (2024-05-17)\n") !=
        std::string::npos);
}

TEST_CASE("meeting document: Chinese labels and statuses with lang zh")
{
  const Parsed m(k_meeting);
  DocInput in = meeting_input(m);
  in.zh = true;
  util::i18n::set_language("zh");
  const std::string html = render_html(build_document(in));
  util::i18n::set_language("en");
  CHECK(html.find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK(html.find("<h1>会议纪要：618活动协同推进会</h1>") != std::string::npos);
  for (const char* label : {"主持人", "记录人", "参会人员", "缺席人员", "议程", "行动项", "负责人", "交付成果", "待办问题",
                            "下次会议", "抄送", "确认"})
    CHECK_MESSAGE(html.find(label) != std::string::npos, label);
  // The record writes `done`: a Chinese document says 已完成.
  CHECK(html.find("<td class=\"status\" data-label=\"状态\">已完成</td>") != std::string::npos);
  CHECK(html.find("参会人员</th><td>仓储部：周八<br>其他：赵六、孙七</td>") != std::string::npos);
}

TEST_CASE("html document: self-contained, escaped, one class per action column")
{
  std::string text = k_meeting;
  const std::string title = "title: 618活动协同推进会";
  text.replace(text.find(title), title.size(), "title: \"<script>alert(1)</script>\"");
  const Parsed m(text);
  const std::string html = render_html(build_document(meeting_input(m)));
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("name=\"viewport\"") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("@page{size:A4") != std::string::npos);              // A4 paper
  CHECK(html.find("tr{break-inside:avoid;page-break-inside:avoid}") != std::string::npos); // rows not cut
  CHECK(html.find("thead{display:table-header-group}") != std::string::npos);             // headers repeat
  CHECK(html.find(".table-wrap{max-width:100%;overflow-x:auto") != std::string::npos);    // scroll in its box
  CHECK(html.find("data-label=") != std::string::npos); // rows as cards on a phone
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<link") == std::string::npos); // nothing loaded from elsewhere
  CHECK(html.find("<td class=\"deliverable\" data-label=\"Deliverable\">可测试的活动页面 | 测试环境地址</td>") != std::string::npos);
  CHECK(html.find("<td class=\"status alert\" data-label=\"Status\">todo, overdue by 5 days</td>") != std::string::npos);
}

TEST_CASE("task document: allocation table with subtasks, RACI and summary")
{
  const Parsed t(R"(id: 2024-市场-001
kind: task
title: Q4新品上市推广项目
dept: 市场部
initiator: 赵六
goal: 首月销售额500万元
start: 2024-10-01
deadline: 2024-10-31
owner: 赵六
deliverable: 上市推广总结报告
status: 进行中
subtasks:
  - {title: 市场调研, dept: 市场部, owner: 钱七, deadline: 2024-10-10, deliverable: 调研报告, status: 已完成}
  - {title: 推广物料, dept: 市场部, owner: 孙七, deadline: 2024-10-14, deliverable: 物料终稿, status: 延期, delay_reason: 供应商延迟}
raci: {responsible: 赵六, accountable: 王总, consulted: [研发部, 销售部], informed: PMO}
summary: {successes: 渠道协同顺畅, improvements: 物料提前备货, archived: 2024-11-05, signed_off_by: 王总}
)");
  DocInput in;
  in.root = &t.root();
  in.kind = find_kind("task");
  in.id = "2024-市场-001";
  in.today = Date{2024, 10, 20};
  const std::string md = render_markdown(build_document(in));
  CHECK(md.starts_with("# Task allocation: Q4新品上市推广项目\n"));
  CHECK(md.find("* **Period**: 2024-10-01 – 2024-10-31") != std::string::npos);
  CHECK(md.find("* **Status**: 进行中") != std::string::npos);
  CHECK(md.find("| 1 | 市场调研 | 市场部 | 钱七 | 2024-10-10 | 调研报告 |  | 已完成 |") != std::string::npos);
  CHECK(md.find("| 2 | 推广物料 | 市场部 | 孙七 | **2024-10-14** | 物料终稿 |  | **延期, overdue by 6 days<br>供应商延迟** |") !=
        std::string::npos);
  CHECK(md.find("| Consulted (C) | 研发部, 销售部 |") != std::string::npos);
  CHECK(md.find("* **Signed off by**: 王总") != std::string::npos);
}

TEST_CASE("issue document: problem record with solutions and verification")
{
  const Parsed i(R"(id: I-2024-003
kind: issue
title: 订单系统数据延迟问题
occurred: 2024-03-01
dept: 技术部
owner: 李四
description: 订单数据延迟4-6小时
cause: 服务器负载过高
tried: [重启同步任务]
resources: 采购预算5000元,财务部经理审批
status: 已闭环
solutions:
  - {action: 服务器扩容, owner: 李四, deadline: 2024-03-10, deliverable: 扩容完成, status: 已闭环}
verification: 3月11日监控显示延迟≤1.5小时
)");
  DocInput in;
  in.root = &i.root();
  in.kind = find_kind("issue");
  in.id = "I-2024-003";
  in.today = Date{2024, 3, 20};
  const std::string text = render_text(build_document(in));
  CHECK(text.starts_with("Problem record: 订单系统数据延迟问题\n"));
  CHECK(text.find("Description\n-----------\n订单数据延迟4-6小时\n") != std::string::npos);
  CHECK(text.find("Tried\n-----\n- 重启同步任务\n") != std::string::npos);
  CHECK(text.find("1. Action: 服务器扩容\n   Owner: 李四\n") != std::string::npos);
  CHECK(text.find("Verification\n------------\n3月11日监控显示延迟≤1.5小时\n") != std::string::npos);
}

TEST_CASE("request document: a register entry in the request's words")
{
  const Parsed r(R"(id: R-2024-002
kind: request
title: 活动页面埋点
from: 市场部
to: 技术部
owner: 赵六
contact: 孙七
deadline: 2024-05-14
status: 沟通中
)");
  DocInput in;
  in.root = &r.root();
  in.kind = find_kind("request");
  in.id = "R-2024-002";
  in.today = Date{2024, 5, 1};
  in.zh = true;
  util::i18n::set_language("zh");
  const std::string md = render_markdown(build_document(in));
  util::i18n::set_language("en");
  CHECK(md.starts_with("# 需求登记：活动页面埋点\n"));
  CHECK(md.find("* **需求部门**: 市场部") != std::string::npos);
  CHECK(md.find("* **对接部门**: 技术部") != std::string::npos);
  CHECK(md.find("* **状态**: 沟通中") != std::string::npos);
}

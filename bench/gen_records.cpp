// gen_records — generate a realistic `collab` records repository for benchmarks
// and tests.
//
//   gen_records DIR N [--seed S] [--today YYYY-MM-DD]
//
// Writes DIR/.collab.yaml (lang: zh, a registry of 60 people, the departments)
// and N records: ~45% meetings, 25% tasks, 15% issues, 15% requests, one file
// per record in DIR/{meetings,tasks,issues,requests}/<ID>.yaml.  Every record is
// valid for collab lint.  Output is a pure function of (N, seed, today): the
// generator uses std::mt19937 with plain modulo reduction, so it is identical
// across standard libraries.
//
// Standard library only; build with
//   g++ -std=c++20 -O2 -o gen_records bench/gen_records.cpp
// or add `add_executable(gen_records bench/gen_records.cpp)` to CMake.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---------------------------------------------------------------- dates ----

// Days since 1970-01-01 <-> civil date (H. Hinnant's algorithms).
int days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
    int y;
    unsigned m, d;
};

Civil civil_from_days(int z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

// 0 = Monday ... 6 = Sunday
int weekday(int z) { return ((z % 7) + 7 + 3) % 7; }

bool parse_date(const char* s, int& out) {
    int y = 0, m = 0, d = 0;
    if (std::strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    y = std::atoi(s);
    m = std::atoi(s + 5);
    d = std::atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    out = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    const Civil c = civil_from_days(out);
    return c.y == y && static_cast<int>(c.m) == m && static_cast<int>(c.d) == d;
}

void put2(std::string& o, unsigned v) {
    o += static_cast<char>('0' + v / 10);
    o += static_cast<char>('0' + v % 10);
}

void append_date(std::string& o, int z) {
    const Civil c = civil_from_days(z);
    o += std::to_string(c.y);
    o += '-';
    put2(o, c.m);
    o += '-';
    put2(o, c.d);
}

std::string date_str(int z) {
    std::string s;
    append_date(s, z);
    return s;
}

// "5月12日" — for free text only, never for a date field.
std::string md_str(int z) {
    const Civil c = civil_from_days(z);
    return std::to_string(c.m) + "月" + std::to_string(c.d) + "日";
}

int year_of(int z) { return civil_from_days(z).y; }

// ------------------------------------------------------------------ rng ----

struct Rng {
    std::mt19937 g;
    explicit Rng(uint32_t seed) : g(seed) {}
    uint32_t next() { return static_cast<uint32_t>(g()); }
    uint32_t below(uint32_t n) { return n ? next() % n : 0; }
    int range(int lo, int hi) {  // inclusive
        if (hi <= lo) return lo;
        return lo + static_cast<int>(below(static_cast<uint32_t>(hi - lo + 1)));
    }
    bool chance(int pct) { return static_cast<int>(below(100)) < pct; }
    template <class T, size_t K>
    const T& pick(const std::array<T, K>& a) { return a[below(K)]; }
    template <class T>
    const T& pick(const std::vector<T>& a) { return a[below(static_cast<uint32_t>(a.size()))]; }
};

int clampi(int v, int lo, int hi) {
    if (hi < lo) hi = lo;
    return v < lo ? lo : (v > hi ? hi : v);
}

// --------------------------------------------------------------- people ----

constexpr std::array<const char*, 12> kDepts = {
    "市场部", "技术部", "研发部", "销售部", "运营部", "财务部",
    "法务部", "客服部", "仓储部", "产品部", "测试部", "人力资源部"};

// Department short names used in the guides' task numbering (2024-市场-001).
constexpr std::array<const char*, 12> kDeptShort = {
    "市场", "技术", "研发", "销售", "运营", "财务", "法务", "客服", "仓储", "产品", "测试", "人力"};

struct NamePart {
    const char* zh;
    const char* py;
};

constexpr std::array<NamePart, 30> kSurnames = {{
    {"赵", "zhao"}, {"钱", "qian"}, {"孙", "sun"},     {"李", "li"},    {"周", "zhou"},
    {"吴", "wu"},   {"郑", "zheng"}, {"王", "wang"},   {"冯", "feng"},  {"陈", "chen"},
    {"褚", "chu"},  {"卫", "wei"},  {"蒋", "jiang"},   {"沈", "shen"},  {"韩", "han"},
    {"杨", "yang"}, {"朱", "zhu"},  {"秦", "qin"},     {"许", "xu"},    {"何", "he"},
    {"吕", "lv"},   {"张", "zhang"}, {"刘", "liu"},    {"黄", "huang"}, {"林", "lin"},
    {"高", "gao"},  {"罗", "luo"},  {"郭", "guo"},     {"马", "ma"},    {"梁", "liang"},
}};

constexpr std::array<NamePart, 32> kGiven = {{
    {"六", "liu"},     {"七", "qi"},      {"八", "ba"},       {"伟", "wei"},
    {"芳", "fang"},    {"娜", "na"},      {"敏", "min"},      {"静", "jing"},
    {"丽", "li"},      {"强", "qiang"},   {"磊", "lei"},      {"军", "jun"},
    {"洋", "yang"},    {"勇", "yong"},    {"艳", "yan"},      {"杰", "jie"},
    {"涛", "tao"},     {"明", "ming"},    {"超", "chao"},     {"秀英", "xiuying"},
    {"建国", "jianguo"}, {"晓东", "xiaodong"}, {"思远", "siyuan"}, {"雨欣", "yuxin"},
    {"子涵", "zihan"}, {"浩然", "haoran"}, {"文博", "wenbo"}, {"佳怡", "jiayi"},
    {"志强", "zhiqiang"}, {"海燕", "haiyan"}, {"俊杰", "junjie"}, {"婷婷", "tingting"},
}};

// Title by position inside a department: head first.
constexpr std::array<const char*, 5> kTitles = {"总监", "经理", "主管", "专员", "工程师"};

struct Person {
    std::string name, email;
    int dept;
    const char* title;
};

struct Registry {
    std::vector<Person> people;
    std::array<std::vector<int>, kDepts.size()> by_dept;

    Registry() {
        // 60 distinct names, 5 per department, fixed (independent of the seed).
        const size_t per = 5;
        for (size_t i = 0; people.size() < kDepts.size() * per; ++i) {
            const NamePart& s = kSurnames[i % kSurnames.size()];
            const NamePart& g = kGiven[(i * 7 + i / kSurnames.size() * 3) % kGiven.size()];
            std::string name = std::string(s.zh) + g.zh;
            bool dup = false;
            for (const Person& p : people) dup |= p.name == name;
            if (dup) continue;
            const int d = static_cast<int>(people.size() / per);
            Person p{name, std::string(g.py) + "." + s.py + "@example.com", d,
                     kTitles[people.size() % per]};
            by_dept[static_cast<size_t>(d)].push_back(static_cast<int>(people.size()));
            people.push_back(std::move(p));
        }
    }
    int in_dept(Rng& r, int d) const { return r.pick(by_dept[static_cast<size_t>(d)]); }
    int head(int d) const { return by_dept[static_cast<size_t>(d)][r_head]; }
    static constexpr size_t r_head = 0;
};

// ------------------------------------------------------------ word lists ----

constexpr std::array<const char*, 32> kProjects = {
    "618活动", "双十一大促", "双十二活动", "年货节", "Q3产品上线", "Q4新品上市",
    "会员体系升级", "订单系统改造", "仓储系统迁移", "客服工单系统上线", "新版APP发布",
    "供应商准入", "年度预算编制", "华东渠道拓展", "品牌联名", "直播带货",
    "数据中台建设", "合同管理流程优化", "售后政策调整", "门店数字化", "私域社群运营",
    "小程序商城", "海外站点上线", "物流时效改善", "积分商城改版", "新员工入职流程",
    "年中盘点", "招商加盟", "官网改版", "ERP系统对接", "电子发票上线", "春季新品发布"};

constexpr std::array<const char*, 12> kMeetingSuffix = {
    "协同推进会", "跨部门协调会", "专项沟通会", "周例会", "复盘会", "启动会",
    "需求评审会", "排期对齐会", "上线评审会", "资源协调会", "风险评估会", "进度同步会"};

constexpr std::array<const char*, 30> kObjects = {
    "活动页面", "会员积分模块", "订单查询接口", "支付回调服务", "库存同步脚本",
    "优惠券系统", "商品详情页", "直播间组件", "销售数据看板", "客服工单流程",
    "供应商对账单", "物流跟踪页面", "推广落地页", "用户调研问卷", "新品培训课件",
    "渠道返利政策", "采购合同模板", "报销审批流程", "仓库拣货流程", "售后退款流程",
    "短信通知模板", "首页Banner", "会员权益页", "结算对账功能", "发票开具模块",
    "门店收银系统", "价格管理后台", "商品主数据", "招聘需求表", "品牌宣传视频"};

struct ActionTmpl {
    const char* action;
    const char* deliverable;
    int nlo, nhi;
};

// {o} = object, {n} = number in [nlo, nhi], {v} = small version number.
constexpr std::array<ActionTmpl, 26> kActions = {{
    {"完成{o}前端开发", "可测试的{o}(测试环境地址)", 0, 0},
    {"完成{o}后端接口开发", "{o}接口文档及联调通过记录", 0, 0},
    {"提交{o}最终版设计稿", "最终版设计稿(含移动端适配)", 0, 0},
    {"输出{o}需求文档", "{o}需求文档V1.{v}(通过评审)", 0, 0},
    {"组织{o}评审会", "评审会议纪要(含{n}条修改意见及结论)", 3, 15},
    {"完成{o}功能测试", "测试报告(用例通过率≥{n}%)", 95, 99},
    {"编写{o}测试用例", "测试用例集(不少于{n}条，覆盖核心流程)", 50, 300},
    {"完成{o}压力测试", "压测报告(峰值QPS≥{n})", 1000, 8000},
    {"上线{o}", "生产环境上线公告及回滚方案", 0, 0},
    {"制定{o}推广方案", "推广方案PPT(含预算明细和排期)", 0, 0},
    {"核算{o}预算", "预算表(金额{n}万元，财务部经理审批)", 5, 300},
    {"审核{o}合同条款", "合同审核意见书(法务部盖章)", 0, 0},
    {"整理{o}客服话术", "客服话术文档(覆盖前{n}个高频问题)", 10, 50},
    {"完成{o}相关备货", "备货确认单(库存≥{n}件)", 2000, 50000},
    {"搭建{o}数据看板", "数据看板链接(每日9点自动更新)", 0, 0},
    {"完成{o}服务器扩容", "扩容后监控截图(CPU峰值≤{n}%)", 50, 70},
    {"组织{o}操作培训", "培训签到表及考核结果(通过率≥{n}%)", 80, 95},
    {"发布{o}内部通知", "通知邮件(抄送部门负责人及项目管理办公室)", 0, 0},
    {"收集{o}用户反馈", "用户反馈汇总表(样本≥{n}份)", 100, 2000},
    {"更新{o}操作手册", "操作手册V2.{v}(已发布至知识库)", 0, 0},
    {"确认{o}物料清单", "物料清单Excel(负责人签字确认)", 0, 0},
    {"完成{o}数据迁移", "迁移校验报告(数据差异率为0)", 0, 0},
    {"修复{o}已知缺陷", "{n}个缺陷全部关闭(附回归测试记录)", 3, 40},
    {"协调{o}供应商排期", "供应商书面排期确认函", 0, 0},
    {"输出{o}竞品分析", "竞品分析报告(覆盖{n}家竞品)", 3, 12},
    {"完成{o}验收", "验收单(业务方签字)", 0, 0},
}};

constexpr std::array<const char*, 10> kEvidence = {
    "测试报告已上传至项目共享盘", "确认邮件已发送至需求方负责人", "验收单已签字归档",
    "上线公告链接已发项目群", "设计稿链接已发群", "监控截图已归档至项目空间",
    "会议纪要已由参会人确认", "评审结论已录入项目管理系统", "交付物已提交至知识库",
    "业务方书面确认邮件已存档"};

constexpr std::array<const char*, 8> kDelayReasons = {
    "依赖的接口文档于{d}提供，开发顺延{n}天", "供应商到货推迟{n}天(已获书面通知)",
    "测试发现{n}个阻塞级缺陷需修复后回归", "法务部提出需增加{n}个工作日审查合同条款",
    "需求范围新增{n}项功能(已经评审确认)", "{dept}提出需{n}周完成资源协调",
    "第三方平台审核周期延长{n}天", "关键人员{d}起休假{n}天，工作已交接"};

constexpr std::array<const char*, 6> kModesEn = {"offline", "online", "hybrid", "im", "phone", "online"};
constexpr std::array<const char*, 6> kModesZh = {"线下", "线上", "混合", "群聊", "电话", "线上"};

constexpr std::array<const char*, 6> kAbsentReasons = {
    "出差", "休假", "客户拜访时间冲突", "参加集团培训", "病假", "外部审计对接"};

constexpr std::array<const char*, 10> kTags = {
    "大促", "上线", "预算", "系统", "培训", "供应链", "合规", "客服", "数据", "渠道"};

constexpr std::array<const char*, 8> kSystems = {
    "订单系统", "库存系统", "支付系统", "会员系统", "物流系统", "客服系统", "财务系统", "报表平台"};

struct IssueTmpl {
    const char* title;        // {s} = system
    const char* description;  // {d} date, {a}/{b} hours, {n} percent, {s} system
    const char* cause;
    const char* category;
};

constexpr std::array<IssueTmpl, 8> kIssues = {{
    {"{s}数据延迟问题", "{d}起{s}数据同步延迟{a}-{b}小时，影响全国订单查询，客诉量上升{n}%",
     "数据同步任务与夜间批处理争用数据库资源", "technical"},
    {"{s}接口超时问题", "{d}起{s}高峰期接口平均响应超过{a}秒，下单失败率上升{n}%",
     "高峰流量超出现有服务器容量", "technical"},
    {"{s}库存数据不一致", "{d}盘点发现{s}与仓库实物库存差异{n}%，涉及{a}个SKU",
     "出入库扫码流程存在漏扫环节", "process"},
    {"促销物料到货延迟", "{d}原定到货的促销物料未到，影响{a}家门店布置，活动开始时间受影响",
     "供应商产能排期与活动时间冲突", "resource"},
    {"{s}报表口径不一致", "{d}月度经营会上销售部与财务部的{s}报表销售额相差{n}%",
     "两个部门对退款订单的统计口径不同", "communication"},
    {"合同审批周期过长", "{d}提交的{a}份渠道合同平均审批时长{b}个工作日，影响渠道签约",
     "审批节点串行且无超时提醒", "process"},
    {"{s}退款到账慢", "{d}起{s}退款平均到账时长{a}天，退款类投诉占比上升{n}%",
     "退款需人工审核且审核人员排班不足", "resource"},
    {"测试环境资源冲突", "{d}起{a}个项目共用一套测试环境，测试排期冲突{b}次",
     "测试环境数量不足且无预约机制", "resource"},
}};

struct SolutionTmpl {
    const char* action;
    const char* deliverable;
};

constexpr std::array<SolutionTmpl, 10> kSolutions = {{
    {"临时提高{s}同步任务频率", "同步延迟≤1.5小时(监控截图)"},
    {"完成{s}服务器扩容", "扩容完成报告(CPU峰值≤60%)"},
    {"输出客户安抚话术", "话术文档已发客服群并完成全员培训"},
    {"梳理{s}数据统计口径", "口径说明文档(财务部与销售部会签)"},
    {"增加{s}监控告警", "告警规则配置截图(延迟超过30分钟触发)"},
    {"与供应商签订补充协议", "补充协议扫描件(约定延迟赔付条款)"},
    {"调整合同审批节点为并行审批", "新版审批流程图(审批时长≤2个工作日)"},
    {"上线出入库扫码校验", "校验功能上线公告及一周差异率统计"},
    {"增配退款审核人员排班", "新版排班表(每日审核能力≥800单)"},
    {"新增一套测试环境并上线预约表", "测试环境地址及预约表链接"},
}};

constexpr std::array<const char*, 6> kVerification = {
    "{d}监控显示延迟≤1.5小时，投诉量下降{n}%", "连续{a}天无同类告警，客诉量恢复至问题前水平",
    "{d}抽查{a}笔订单数据全部一致", "{d}复盘确认{a}个环节已按新流程执行",
    "{d}统计平均处理时长下降{n}%", "业务方{d}书面确认问题已解决"};

constexpr std::array<const char*, 8> kTaskSuffix = {
    "推广项目", "开发任务", "上线准备", "系统改造", "筹备工作", "迁移项目", "专项任务", "落地项目"};

constexpr std::array<const char*, 6> kGoals = {
    "首月销售额{n}万元", "订单处理时长≤{n}小时", "转化率达到{n}%",
    "覆盖{n}家门店", "新增会员{n}万人", "客诉率下降{n}%"};

constexpr std::array<const char*, 6> kTaskDeliverable = {
    "{p}上线报告(含验收签字)", "{p}结项报告及数据复盘", "{p}全量上线并通过验收",
    "{p}方案执行总结(附效果数据)", "{p}交付清单(各部门签字确认)", "{p}验收报告(业务方签字)"};

constexpr std::array<const char*, 6> kSuccesses = {
    "各部门按周同步进度，关键节点均提前{n}天预警", "需求评审一次通过，返工次数为0",
    "上线当天无P1级故障", "物料与系统上线时间完全对齐",
    "跨部门问题均在24小时内升级处理", "预算执行率{n}%"};

constexpr std::array<const char*, 6> kImprovements = {
    "需求变更需提前{n}天书面确认", "测试环境需提前一周预约", "供应商排期需纳入项目计划",
    "周报模板增加风险栏", "验收标准需在启动会上确认", "第三方审核周期需预留{n}天"};

struct RequestTmpl {
    const char* title;
    const char* content;
    const char* deliverable;
    int nlo, nhi;
};

constexpr std::array<RequestTmpl, 8> kRequests = {{
    {"{o}数据支持需求", "提供近{n}个月{o}相关明细数据(按周汇总)", "明细数据Excel(字段说明已附)", 3, 12},
    {"{o}接口对接需求", "开放{o}查询接口并提供接口文档", "接口文档及测试环境联调通过记录", 0, 0},
    {"{p}宣传物料设计需求", "设计{p}海报{n}张及朋友圈配图", "海报源文件及{n}张导出图(已过品牌审核)", 3, 10},
    {"{o}功能改造需求", "{o}增加批量导出功能(单次≥{n}条)", "功能上线公告及操作说明", 1000, 50000},
    {"{p}人员支持需求", "{p}期间每日安排{n}名人员值守", "值班表(含人员姓名及联系电话)", 2, 8},
    {"{o}合规审核需求", "审核{o}相关条款是否符合最新法规", "法务审核意见书(盖章版)", 0, 0},
    {"{p}预算申请", "申请{p}专项预算{n}万元", "预算审批单(财务部经理签字)", 5, 200},
    {"{o}培训支持需求", "为{n}名一线员工提供{o}操作培训", "培训签到表及课件", 20, 300},
}};

constexpr std::array<const char*, 6> kOpenQuestions = {
    "{o}上线后的运维责任归属", "{p}预算超出部分的审批路径", "{o}验收标准是否包含移动端",
    "第三方接口费用由哪个部门承担", "{p}期间客服排班方案", "{o}历史数据是否需要迁移"};

constexpr std::array<const char*, 6> kNotes = {
    "本纪要于会后24小时内发出，修改意见请回复邮件", "{dept}提出需{n}周完成评估",
    "相关预算已由财务部审批", "下次会议前各负责人更新行动项进度",
    "本记录已同步至项目管理办公室", "附件见项目共享盘"};

// --------------------------------------------------------------- status ----

enum class St : uint8_t { Todo, Doing, Delayed, Done, Cancelled };

bool is_open(St s) { return s != St::Done && s != St::Cancelled; }

// Half canonical, half aliases.
const char* status_word(Rng& r, St s, bool request) {
    static constexpr std::array<const char*, 4> todo = {"todo", "open", "not-started", "未开始"};
    static constexpr std::array<const char*, 3> doing = {"doing", "in-progress", "进行中"};
    static constexpr std::array<const char*, 3> delayed = {"delayed", "延期", "已延期"};
    static constexpr std::array<const char*, 5> done = {"done", "completed", "resolved", "已完成", "已闭环"};
    static constexpr std::array<const char*, 5> cancelled = {"cancelled", "canceled", "dropped", "已取消", "已关闭"};
    const bool canon = r.chance(50);
    if (request && !canon) {
        switch (s) {
        case St::Todo: return "待沟通";
        case St::Doing: return "沟通中";
        case St::Delayed: return "已延期";
        case St::Done: return "已完成";
        case St::Cancelled: return "已关闭";
        }
    }
    switch (s) {
    case St::Todo: return canon ? todo[0] : todo[1 + r.below(3)];
    case St::Doing: return canon ? doing[0] : doing[1 + r.below(2)];
    case St::Delayed: return canon ? delayed[0] : delayed[1 + r.below(2)];
    case St::Done: return canon ? done[0] : done[1 + r.below(4)];
    case St::Cancelled: return canon ? cancelled[0] : cancelled[1 + r.below(4)];
    }
    return "todo";
}

// ----------------------------------------------------------------- plan ----
//
// Phase 1 draws the schedule of every record (dates, statuses) from one
// generator; it fixes each record's `created` date, so ids can be numbered in
// chronological order per kind and year.  Phase 2 writes the text, drawing
// from a second generator in record order.

enum class Kind : uint8_t { Meeting, Task, Issue, Request };
constexpr std::array<const char*, 4> kKindName = {"meeting", "task", "issue", "request"};
constexpr std::array<const char*, 4> kKindDir = {"meetings", "tasks", "issues", "requests"};
constexpr std::array<char, 4> kKindLetter = {'M', 'T', 'I', 'R'};

struct ItemPlan {
    int deadline = 0;
    int original = -1;   // original_deadline when delayed
    int completed = -1;  // when done
    St st = St::Todo;
};

struct RecPlan {
    Kind kind{};
    int created = 0;
    int date = 0;       // meeting date / task start / issue occurred
    int seq = 0;
    St rec_st = St::Todo;  // issue status
    int rec_completed = -1;
    int rec_deadline = -1, rec_original = -1;  // issue
    std::vector<ItemPlan> items;  // task: [0] is the task itself
};

enum class Cat { Done, Cancelled, Overdue, Soon, Later };

struct Planner {
    Rng& r;
    int today;

    Cat sample_cat() {
        const int x = r.range(0, 99);
        if (x < 40) return Cat::Done;
        if (x < 45) return Cat::Cancelled;
        const int y = r.range(0, 99);  // open items: 20% overdue, 10% due soon
        if (y < 20) return Cat::Overdue;
        if (y < 30) return Cat::Soon;
        return Cat::Later;
    }
    static void cat_range(Cat c, int& lo, int& hi) {
        switch (c) {
        case Cat::Done: lo = -300; hi = 7; break;
        case Cat::Cancelled: lo = -300; hi = 120; break;
        case Cat::Overdue: lo = -90; hi = -1; break;
        case Cat::Soon: lo = 0; hi = 2; break;
        case Cat::Later: lo = 3; hi = 180; break;
        }
    }
    // A deadline in the category's window, inside [hlo, hhi] when they overlap.
    int deadline_in(Cat c, int hlo, int hhi) {
        int lo = 0, hi = 0;
        cat_range(c, lo, hi);
        lo += today;
        hi += today;
        const int a = std::max(lo, hlo), b = std::min(hi, hhi);
        return a <= b ? r.range(a, b) : r.range(lo, hi);
    }
    St open_status(Cat c) {
        const int x = r.range(0, 99);
        switch (c) {
        case Cat::Overdue: return x < 45 ? St::Doing : x < 70 ? St::Todo : St::Delayed;
        case Cat::Soon: return x < 60 ? St::Doing : x < 85 ? St::Todo : St::Delayed;
        default: return x < 45 ? St::Todo : x < 90 ? St::Doing : St::Delayed;
        }
    }
    ItemPlan item(Cat c, int deadline) {
        ItemPlan it;
        it.deadline = deadline;
        if (c == Cat::Done) it.st = St::Done;
        else if (c == Cat::Cancelled) it.st = St::Cancelled;
        else it.st = open_status(c);
        if (it.st == St::Delayed) it.original = deadline - r.range(3, 30);
        return it;
    }
    // Several items of one record: mostly in the same state and close in time.
    void items_group(std::vector<ItemPlan>& out, int n) {
        const Cat c0 = sample_cat();
        const int d0 = deadline_in(c0, -1000000, 1000000);
        out.push_back(item(c0, d0));
        for (int i = 1; i < n; ++i) {
            if (r.chance(60)) out.push_back(item(c0, deadline_in(c0, d0 - 3, d0 + 21)));
            else {
                const Cat c = sample_cat();
                out.push_back(item(c, deadline_in(c, d0 - 20, d0 + 60)));
            }
        }
    }
    static int min_date(const std::vector<ItemPlan>& v) {
        int m = 1 << 30;
        for (const ItemPlan& it : v) m = std::min({m, it.deadline, it.original < 0 ? m : it.original});
        return m;
    }
    void complete(ItemPlan& it, int lo, int hi) {
        if (it.st == St::Done) it.completed = clampi(it.deadline - r.range(0, 6), lo, std::min(hi, today));
    }
    // Previous weekday if z falls on a weekend.
    static int workday_back(int z) {
        const int w = weekday(z);
        return w == 5 ? z - 1 : w == 6 ? z - 2 : z;
    }

    void meeting(RecPlan& p) {
        items_group(p.items, r.range(1, 5));
        p.created = std::min(min_date(p.items) - r.range(2, 14), today);
        p.date = workday_back(p.created - (r.chance(30) ? 1 : 0));
        for (ItemPlan& it : p.items) complete(it, p.created, today);
    }

    void task(RecPlan& p) {
        const Cat c = sample_cat();
        ItemPlan t = item(c, deadline_in(c, -1000000, 1000000));
        const int len = r.range(14, 120);
        const int start = std::min(t.deadline - len, today - r.range(0, 10));
        if (t.original >= 0) t.original = std::max(t.original, start + 1);
        if (t.original >= t.deadline) t.original = -1, t.st = St::Doing;
        complete(t, start + 1, today);
        p.date = start;
        p.created = std::min(start - r.range(0, 5), today);
        p.items.push_back(t);
        const int nsub = r.range(0, 4);
        bool any_progress = false;
        for (int i = 0; i < nsub; ++i) {
            ItemPlan s;
            s.deadline = r.range(start + 3, t.deadline);
            if (t.st == St::Done) {
                s.st = St::Done;
            } else if (t.st == St::Cancelled) {
                s.st = (s.deadline < today && r.chance(50)) ? St::Done : St::Cancelled;
            } else if (s.deadline < today) {
                const int x = r.range(0, 99);
                s.st = x < 55 ? St::Done : x < 60 ? St::Cancelled : open_status(Cat::Overdue);
            } else {
                s.st = r.chance(15) ? St::Done
                                    : open_status(s.deadline <= today + 2 ? Cat::Soon : Cat::Later);
            }
            if (s.st == St::Done && start >= today) s.st = St::Todo;  // cannot finish before it starts
            if (s.st == St::Delayed) {
                s.original = std::max(s.deadline - r.range(3, 20), start + 1);
                if (s.original >= s.deadline) s.original = -1, s.st = St::Doing;
            }
            if (s.st == St::Done)
                s.completed = clampi(s.deadline - r.range(0, 6), start + 1,
                                     t.st == St::Done ? t.completed : today);
            any_progress |= s.st == St::Done || s.st == St::Doing;
            p.items.push_back(s);
        }
        if (p.items[0].st == St::Todo && any_progress) p.items[0].st = St::Doing;
    }

    void issue(RecPlan& p) {
        items_group(p.items, r.range(1, 3));
        p.created = std::min(min_date(p.items) - r.range(1, 5), today);
        p.date = p.created - r.range(0, 3);
        int ndone = 0, ncancel = 0, ndelayed = 0, ntodo = 0, last_done = p.created, max_dl = 0, max_orig = 0;
        for (ItemPlan& it : p.items) {
            complete(it, p.created, today);
            ndone += it.st == St::Done;
            ncancel += it.st == St::Cancelled;
            ndelayed += it.st == St::Delayed;
            ntodo += it.st == St::Todo;
            if (it.st == St::Done) last_done = std::max(last_done, it.completed);
            max_dl = std::max(max_dl, it.deadline);
            max_orig = std::max(max_orig, it.original >= 0 ? it.original : it.deadline);
        }
        const int n = static_cast<int>(p.items.size());
        p.rec_deadline = max_dl;
        if (ndone + ncancel == n) {
            if (ndone == 0) p.rec_st = St::Cancelled;
            else if (r.chance(85)) p.rec_st = St::Done, p.rec_completed = last_done;
            else p.rec_st = St::Doing;  // waiting for verification
        } else if (ndelayed > 0) {
            p.rec_st = St::Delayed;
            p.rec_original = std::min(max_orig, max_dl - 1);
            if (p.rec_original < p.created) p.rec_original = -1, p.rec_st = St::Doing;
        } else if (ntodo == n) {
            p.rec_st = St::Todo;
        } else {
            p.rec_st = St::Doing;
        }
    }

    void request(RecPlan& p) {
        const Cat c = sample_cat();
        p.items.push_back(item(c, deadline_in(c, -1000000, 1000000)));
        p.created = std::min(min_date(p.items) - r.range(3, 30), today);
        complete(p.items[0], p.created, today);
    }
};

// ----------------------------------------------------------------- yaml ----

// For ASCII-only text: would a plain scalar read as a number, bool or null?
bool looks_like_number_or_keyword(std::string_view s) {
    static constexpr std::array<std::string_view, 11> kw = {
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n", "nan"};
    if (s.size() <= 5) {
        char low[6] = {};
        for (size_t i = 0; i < s.size(); ++i) low[i] = static_cast<char>((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
        for (std::string_view k : kw)
            if (std::string_view(low, s.size()) == k) return true;
    }
    for (char c : s) {
        const bool numish = (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || c == '_' ||
                            c == ':' || c == 'e' || c == 'E' || c == 'x' || c == 'X' || c == 'o' ||
                            (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!numish) return false;
    }
    return true;
}

bool needs_quotes(std::string_view s, bool flow) {
    if (s.empty()) return true;
    switch (s[0]) {
    case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#':
    case '&': case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@':
    case '`': case ' ':
        return true;
    default: break;
    }
    if (s.back() == ' ') return true;
    bool ascii = true;
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            ascii = false;
            continue;
        }
        switch (c) {
        case ':':
            if (i + 1 == s.size() || s[i + 1] == ' ') return true;
            break;
        case '#':
            if (s[i - 1] == ' ') return true;  // i > 0: '#' first was handled above
            break;
        case '\t': case '\n': case '\r': case '\\': case '"':
            return true;
        case ',': case '[': case ']': case '{': case '}':
            if (flow) return true;
            break;
        default: break;
        }
    }
    return ascii && looks_like_number_or_keyword(s);
}

void scalar(std::string& o, std::string_view s, bool flow = false) {
    if (!needs_quotes(s, flow)) {
        o += s;
        return;
    }
    o += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') o += '\\';
        o += c;
    }
    o += '"';
}

struct Out {
    std::string o;
    void ind(int n) { o.append(static_cast<size_t>(n), ' '); }
    // key: value   (pfx is the text before the key, e.g. "  - " or "    ")
    void kv(std::string_view pfx, std::string_view k, std::string_view v) {
        o += pfx;
        o += k;
        o += ": ";
        scalar(o, v);
        o += '\n';
    }
    void kdate(std::string_view pfx, std::string_view k, int z) {
        o += pfx;
        o += k;
        o += ": ";
        append_date(o, z);
        o += '\n';
    }
    void kint(std::string_view pfx, std::string_view k, int v) {
        o += pfx;
        o += k;
        o += ": ";
        o += std::to_string(v);
        o += '\n';
    }
    void key(std::string_view pfx, std::string_view k) {
        o += pfx;
        o += k;
        o += ":\n";
    }
    void li(int n, std::string_view v) {
        ind(n);
        o += "- ";
        scalar(o, v);
        o += '\n';
    }
    void flow_list(std::string_view pfx, std::string_view k, const std::vector<std::string>& v) {
        o += pfx;
        o += k;
        o += ": [";
        for (size_t i = 0; i < v.size(); ++i) {
            if (i) o += ", ";
            scalar(o, v[i], true);
        }
        o += "]\n";
    }
};

// ----------------------------------------------------------------- text ----

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
}

struct Texter {
    Rng& r;
    const Registry& reg;
    int today;
    std::string project, object, system;

    Texter(Rng& rng, const Registry& g, int t) : r(rng), reg(g), today(t) {
        project = r.pick(kProjects);
        object = r.pick(kObjects);
        system = r.pick(kSystems);
    }

    // Fill {p} {o} {s} {n} {a} {b} {v} {d} {dept} placeholders.
    std::string fill(std::string s, int date = 0, int nlo = 2, int nhi = 30) {
        replace_all(s, "{p}", project);
        replace_all(s, "{o}", object);
        replace_all(s, "{s}", system);
        replace_all(s, "{dept}", kDepts[r.below(kDepts.size())]);
        if (s.find("{d}") != std::string::npos) replace_all(s, "{d}", md_str(date ? date : today));
        if (s.find("{n}") != std::string::npos) replace_all(s, "{n}", std::to_string(r.range(nlo, nhi)));
        if (s.find("{a}") != std::string::npos) {
            const int a = r.range(2, 6);
            replace_all(s, "{a}", std::to_string(a));
            replace_all(s, "{b}", std::to_string(a + r.range(1, 6)));
        }
        if (s.find("{v}") != std::string::npos) replace_all(s, "{v}", std::to_string(r.range(0, 5)));
        return s;
    }

    const std::string& name(int p) const { return reg.people[static_cast<size_t>(p)].name; }
    const char* dept(int p) const { return kDepts[static_cast<size_t>(reg.people[static_cast<size_t>(p)].dept)]; }

    // Per-action object: usually the record's object, sometimes another.
    void action_text(std::string& action, std::string& deliverable) {
        const std::string saved = object;
        if (r.chance(40)) object = r.pick(kObjects);
        const ActionTmpl& t = r.pick(kActions);
        action = fill(t.action);
        deliverable = fill(t.deliverable, 0, t.nlo, t.nhi);
        object = saved;
    }

    // The status block shared by all items.
    void item_status(Out& y, std::string_view pfx, const ItemPlan& it, bool request, bool may_omit) {
        if (!(may_omit && it.st == St::Todo && r.chance(30)))
            y.kv(pfx, "status", status_word(r, it.st, request));
        switch (it.st) {
        case St::Todo:
            if (r.chance(30)) y.kint(pfx, "progress", 0);
            break;
        case St::Doing: y.kint(pfx, "progress", 10 * r.range(1, 9)); break;
        case St::Delayed:
            y.kint(pfx, "progress", 10 * r.range(1, 8));
            y.kv(pfx, "delay_reason", fill(r.pick(kDelayReasons), it.original - r.range(1, 5), 2, 10));
            y.kdate(pfx, "original_deadline", it.original);
            break;
        case St::Done:
            if (r.chance(50)) y.kint(pfx, "progress", 100);
            y.kdate(pfx, "completed", it.completed);
            y.kv(pfx, "evidence", r.pick(kEvidence));
            break;
        case St::Cancelled:
            break;
        }
    }

    std::vector<int> pick_depts(int n) {
        std::vector<int> d;
        while (static_cast<int>(d.size()) < n) {
            const int x = static_cast<int>(r.below(kDepts.size()));
            if (std::find(d.begin(), d.end(), x) == d.end()) d.push_back(x);
        }
        return d;
    }
    std::vector<std::string> tags() {
        std::vector<std::string> t;
        const int n = r.range(1, 3);
        while (static_cast<int>(t.size()) < n) {
            std::string s = r.pick(kTags);
            if (std::find(t.begin(), t.end(), s) == t.end()) t.push_back(s);
        }
        return t;
    }
};

struct Ctx {
    const std::vector<RecPlan>& plans;
    const std::vector<std::string>& ids;
    const std::vector<std::vector<uint32_t>>& by_kind;  // record indices per kind
};

// A few ids of earlier-or-any records of other kinds.
std::vector<std::string> links_for(Texter& t, const Ctx& c, Kind self) {
    std::vector<std::string> v;
    const int n = t.r.range(1, 2);
    for (int i = 0; i < n; ++i) {
        Kind k = static_cast<Kind>(t.r.below(4));
        if (k == self) k = static_cast<Kind>((static_cast<int>(k) + 1) % 4);
        const auto& pool = c.by_kind[static_cast<size_t>(k)];
        if (pool.empty()) continue;
        const std::string& id = c.ids[t.r.pick(pool)];
        if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
    }
    return v;
}

void header(Out& y, const RecPlan& p, const std::string& id, const std::string& title) {
    y.kv("", "id", id);
    y.kv("", "kind", kKindName[static_cast<size_t>(p.kind)]);
    y.kv("", "title", title);
    y.kdate("", "created", p.created);
}

void write_meeting(Out& y, Texter& t, const RecPlan& p, const std::string& id, const Ctx& c) {
    header(y, p, id, t.project + t.r.pick(kMeetingSuffix));
    const std::vector<int> depts = t.pick_depts(t.r.range(2, 4));
    y.kdate("", "date", p.date);
    const int start = t.r.range(18, 34) * 30;  // 09:00 .. 17:00
    const int end = std::min(start + t.r.range(1, 5) * 30, 20 * 60);
    char tm[32];
    std::snprintf(tm, sizeof tm, "\"%02d:%02d-%02d:%02d\"", start / 60, start % 60, end / 60, end % 60);
    y.o += "time: ";
    y.o += tm;
    y.o += '\n';
    const size_t mode = t.r.below(kModesEn.size());
    y.kv("", "mode", t.r.chance(50) ? kModesEn[mode] : kModesZh[mode]);
    static constexpr std::array<const char*, 6> loc = {
        "总部{n}楼A会议室", "腾讯会议", "总部5楼大会议室+飞书会议", "企业微信项目群", "电话会议", "钉钉视频会议"};
    y.kv("", "location", t.fill(loc[mode], 0, 2, 18));
    const int host = t.reg.in_dept(t.r, depts[0]);
    int recorder = t.reg.in_dept(t.r, depts[1]);
    y.kv("", "host", t.name(host));
    y.kv("", "recorder", t.name(recorder));

    // Action owners first, so they are among the attendees.
    std::vector<int> owners;
    for (size_t i = 0; i < p.items.size(); ++i)
        owners.push_back(t.reg.in_dept(t.r, depts[t.r.below(static_cast<uint32_t>(depts.size()))]));
    std::vector<int> att = {host};
    auto add = [&](int x) {
        if (std::find(att.begin(), att.end(), x) == att.end()) att.push_back(x);
    };
    add(recorder);
    for (int o : owners) add(o);
    for (int i = t.r.range(0, 3); i > 0; --i) add(t.reg.in_dept(t.r, t.r.pick(depts)));
    y.o += "attendees: [";
    for (size_t i = 0; i < att.size(); ++i) {
        if (i) y.o += ", ";
        const Person& pp = t.reg.people[static_cast<size_t>(att[i])];
        if (i >= 2 && t.r.chance(25)) {
            y.o += "{name: " + pp.name + ", dept: " + kDepts[static_cast<size_t>(pp.dept)] +
                   ", title: " + pp.title + "}";
        } else {
            y.o += pp.name;
        }
    }
    y.o += "]\n";
    if (t.r.chance(30)) {
        y.key("", "absent");
        const int d = t.r.pick(depts);
        for (int x : t.reg.by_dept[static_cast<size_t>(d)]) {
            if (std::find(att.begin(), att.end(), x) != att.end()) continue;
            y.o += std::string("  - {name: ") + t.name(x) + ", dept: " + kDepts[static_cast<size_t>(d)] +
                   ", reason: " + t.r.pick(kAbsentReasons) + "}\n";
            break;
        }
        if (y.o.size() >= 8 && y.o.compare(y.o.size() - 8, 8, "absent:\n") == 0) y.o.resize(y.o.size() - 8);
    }
    y.flow_list("", "tags", t.tags());

    y.key("", "goals");
    y.li(2, t.fill("确认{p}上线排期与各环节负责人"));
    if (t.r.chance(70)) y.li(2, t.fill("对齐{o}验收标准"));
    if (t.r.chance(40)) y.li(2, t.fill("确定{p}预算上限{n}万元", 0, 10, 500));

    y.key("", "agenda");
    const int nag = t.r.range(1, 2);
    for (int a = 0; a < nag; ++a) {
        static constexpr std::array<const char*, 5> topics = {
            "{o}开发排期", "{p}预算分配", "{o}验收标准", "{p}风险与应对", "{o}上线方案"};
        y.kv("  - ", "topic", t.fill(t.r.pick(topics)));
        y.key("    ", "points");
        for (int k = t.r.range(1, 3); k > 0; --k) {
            static constexpr std::array<ActionTmpl, 6> pts = {{
                {"{d}前完成{o}开发，测试通过后上线", "", 0, 0},
                {"需{n}个工作日完成{o}联调", "", 2, 15},
                {"现有预算可覆盖{n}%的需求", "", 40, 95},
                {"{o}需同步更新客服话术", "", 0, 0},
                {"建议分{n}期交付{o}", "", 2, 3},
                {"历史数据约{n}万条需评估迁移方案", "", 5, 900}}};
            const ActionTmpl& pt = t.r.pick(pts);
            y.o += std::string("      - {dept: ") + kDepts[static_cast<size_t>(t.r.pick(depts))] +
                   ", text: " + t.fill(pt.action, p.date + t.r.range(2, 10), pt.nlo, pt.nhi) + "}\n";
        }
        if (t.r.chance(40)) {
            y.key("    ", "disagreements");
            y.li(6, t.fill(std::string(kDepts[static_cast<size_t>(depts[0])]) + "与" +
                           kDepts[static_cast<size_t>(depts[1])] + "对{o}上线时间意见不同"));
        }
        y.key("    ", "consensus");
        y.li(6, t.fill("{o}按{d}上线的计划执行", p.date + t.r.range(5, 20)));
        y.key("    ", "decisions");
        y.li(6, t.fill(std::string(kDepts[static_cast<size_t>(depts[0])]) + "{d}前提交{o}方案",
                       p.date + t.r.range(1, 7)));
    }

    y.key("", "actions");
    for (size_t i = 0; i < p.items.size(); ++i) {
        const ItemPlan& it = p.items[i];
        std::string action, deliverable;
        t.action_text(action, deliverable);
        y.kv("  - ", "action", action);
        y.kv("    ", "owner", t.name(owners[i]));
        y.kv("    ", "dept", t.dept(owners[i]));
        y.kdate("    ", "deadline", it.deadline);
        y.kv("    ", "deliverable", deliverable);
        t.item_status(y, "    ", it, false, true);
    }
    if (t.r.chance(35)) {
        y.key("", "open_questions");
        y.kv("  - ", "question", t.fill(t.r.pick(kOpenQuestions)));
        y.kv("    ", "owner", t.name(t.r.pick(att)));
        y.kv("    ", "plan", t.fill("{d}前书面答复并在下次会议确认", p.date + t.r.range(3, 7)));
    }
    if (t.r.chance(50)) {
        std::string nm = "\"" + date_str(p.date + 7) + " " + std::string(tm + 1, 5) + "\"";
        y.o += "next_meeting: " + nm + "\n";
    }
    std::vector<std::string> cc;
    for (int d : depts)
        if (t.r.chance(50)) cc.push_back(t.name(t.reg.head(d)));
    if (!cc.empty()) y.flow_list("", "cc", cc);
    if (t.r.chance(60)) {
        y.key("", "confirmed");
        const size_t nconf = std::min<size_t>(att.size(), static_cast<size_t>(t.r.range(1, 4)));
        for (size_t i = 0; i < nconf; ++i) {
            const int cd = std::min(p.date + t.r.range(0, 1), t.today);
            y.o += "  - {name: " + t.name(att[i]) + ", date: " + date_str(std::max(cd, p.date)) + "}\n";
        }
    }
    if (t.r.chance(50)) y.flow_list("", "links", links_for(t, c, p.kind));
    if (t.r.chance(40)) y.kv("", "notes", t.fill(t.r.pick(kNotes)));
}

void write_task(Out& y, Texter& t, const RecPlan& p, const std::string& id, const Ctx& c) {
    const ItemPlan& tk = p.items[0];
    header(y, p, id, t.project + t.r.pick(kTaskSuffix));
    const std::vector<int> depts = t.pick_depts(t.r.range(2, 4));
    const int d0 = depts[0];
    y.kv("", "dept", kDepts[static_cast<size_t>(d0)]);
    y.kv("", "initiator", t.name(t.reg.head(d0)));
    const int owner = t.reg.in_dept(t.r, d0);
    y.kv("", "owner", t.name(owner));
    y.kv("", "goal", t.fill(t.r.pick(kGoals), 0, 5, 500));
    y.kdate("", "start", p.date);
    y.kdate("", "deadline", tk.deadline);
    y.kv("", "deliverable", t.fill(t.r.pick(kTaskDeliverable)));
    t.item_status(y, "", tk, false, false);
    std::vector<std::string> dn;
    for (int d : depts) dn.push_back(kDepts[static_cast<size_t>(d)]);
    y.flow_list("", "departments", dn);
    y.flow_list("", "tags", t.tags());
    if (t.r.chance(40)) {
        y.key("", "raci");
        y.kv("  ", "responsible", t.name(owner));
        y.kv("  ", "accountable", t.name(t.reg.head(d0)));
        y.flow_list("  ", "consulted", {t.name(t.reg.in_dept(t.r, depts[1]))});
        std::vector<std::string> inf;
        for (size_t i = 1; i < depts.size(); ++i) inf.push_back(t.name(t.reg.head(depts[i])));
        y.flow_list("  ", "informed", inf);
    }
    if (p.items.size() > 1) {
        y.key("", "subtasks");
        for (size_t i = 1; i < p.items.size(); ++i) {
            const ItemPlan& it = p.items[i];
            std::string action, deliverable;
            t.action_text(action, deliverable);
            const int so = t.reg.in_dept(t.r, depts[(i - 1) % depts.size()]);
            y.kv("  - ", "title", action);
            y.kv("    ", "owner", t.name(so));
            y.kv("    ", "dept", t.dept(so));
            y.kdate("    ", "deadline", it.deadline);
            y.kv("    ", "deliverable", deliverable);
            t.item_status(y, "    ", it, false, false);
        }
    }
    if (tk.st == St::Done && t.r.chance(60)) {
        y.key("", "summary");
        y.key("  ", "successes");
        y.li(4, t.fill(t.r.pick(kSuccesses), 0, 1, 100));
        if (t.r.chance(50)) y.li(4, t.fill(t.r.pick(kSuccesses), 0, 1, 100));
        y.key("  ", "improvements");
        y.li(4, t.fill(t.r.pick(kImprovements), 0, 3, 10));
        y.kdate("  ", "archived", std::min(tk.completed + t.r.range(1, 10), t.today));
        y.kv("  ", "signed_off_by", t.name(t.reg.head(d0)));
    }
    const auto& meetings = c.by_kind[static_cast<size_t>(Kind::Meeting)];
    if (!meetings.empty() && t.r.chance(30)) y.kv("", "source", c.ids[t.r.pick(meetings)] + "#1");
    if (t.r.chance(40)) y.flow_list("", "links", links_for(t, c, p.kind));
    if (t.r.chance(30)) y.kv("", "notes", t.fill(t.r.pick(kNotes)));
}

void write_issue(Out& y, Texter& t, const RecPlan& p, const std::string& id, const Ctx& c) {
    const IssueTmpl& it = t.r.pick(kIssues);
    header(y, p, id, t.fill(it.title));
    const std::vector<int> depts = t.pick_depts(t.r.range(1, 3));
    const int owner = t.reg.in_dept(t.r, depts[0]);
    y.kdate("", "occurred", p.date);
    y.kv("", "dept", kDepts[static_cast<size_t>(depts[0])]);
    y.kv("", "category", it.category);
    y.kv("", "owner", t.name(owner));
    y.kv("", "description", t.fill(it.description, p.date, 10, 40));
    y.kv("", "cause", it.cause);
    if (t.r.chance(50)) {
        y.key("", "tried");
        y.li(2, t.fill("{d}已人工处理积压数据", p.date + 1));
        if (t.r.chance(50)) y.li(2, "已与相关供应商电话确认原因");
    }
    if (t.r.chance(40)) y.kv("", "resources", t.fill("采购预算{n}000元，财务部经理审批", 0, 2, 50));
    if (t.r.chance(40)) y.kdate("", "escalated", std::min(p.created + t.r.range(0, 1), t.today));
    y.kv("", "status", status_word(t.r, p.rec_st, false));
    if (p.rec_st == St::Delayed) {
        y.kdate("", "deadline", p.rec_deadline);
        y.kv("", "delay_reason", t.fill(t.r.pick(kDelayReasons), p.rec_original - t.r.range(1, 5), 2, 10));
        y.kdate("", "original_deadline", p.rec_original);
    } else if (t.r.chance(50)) {
        y.kdate("", "deadline", p.rec_deadline);
    }
    y.flow_list("", "tags", t.tags());
    y.key("", "solutions");
    for (const ItemPlan& s : p.items) {
        const SolutionTmpl& st = t.r.pick(kSolutions);
        const int so = t.reg.in_dept(t.r, t.r.pick(depts));
        y.kv("  - ", "action", t.fill(st.action));
        y.kv("    ", "owner", t.name(so));
        y.kv("    ", "dept", t.dept(so));
        y.kdate("    ", "deadline", s.deadline);
        y.kv("    ", "deliverable", t.fill(st.deliverable));
        t.item_status(y, "    ", s, false, false);
    }
    if (p.rec_st == St::Done) {
        y.kdate("", "completed", p.rec_completed);
        y.kv("", "evidence", t.r.pick(kEvidence));
        y.kv("", "verification", t.fill(t.r.pick(kVerification), p.rec_completed, 10, 60));
    }
    if (t.r.chance(40)) y.flow_list("", "links", links_for(t, c, p.kind));
    if (t.r.chance(30)) y.kv("", "notes", t.fill(t.r.pick(kNotes)));
}

void write_request(Out& y, Texter& t, const RecPlan& p, const std::string& id, const Ctx& c) {
    const ItemPlan& it = p.items[0];
    const RequestTmpl& rq = t.r.pick(kRequests);
    header(y, p, id, t.fill(rq.title));
    const std::vector<int> depts = t.pick_depts(2);
    const int owner = t.reg.in_dept(t.r, depts[0]);
    const int contact = t.reg.in_dept(t.r, depts[1]);
    y.kv("", "from", kDepts[static_cast<size_t>(depts[0])]);
    y.kv("", "to", kDepts[static_cast<size_t>(depts[1])]);
    y.kv("", "owner", t.name(owner));
    y.kv("", "contact", t.name(contact));
    y.kdate("", "deadline", it.deadline);
    y.kv("", "deliverable", t.fill(rq.deliverable, 0, rq.nlo, rq.nhi));
    t.item_status(y, "", it, true, false);
    y.kv("", "goal", t.fill("支撑{p}按期上线"));
    y.kv("", "content", t.fill(rq.content, 0, rq.nlo, rq.nhi));
    const size_t mode = t.r.below(kModesEn.size());
    y.kv("", "mode", t.r.chance(50) ? kModesEn[mode] : kModesZh[mode]);
    y.flow_list("", "tags", t.tags());
    if (t.r.chance(40)) y.flow_list("", "links", links_for(t, c, p.kind));
    if (t.r.chance(30)) y.kv("", "notes", t.fill(t.r.pick(kNotes)));
}

void write_config(const std::filesystem::path& dir, const Registry& reg) {
    Out y;
    y.o += "# collab records repository (generated by bench/gen_records)\n";
    y.o += "lang: zh\n";
    y.o += "departments:\n";
    for (const char* d : kDepts) y.li(2, d);
    y.o += "people:\n";
    for (const Person& p : reg.people) {
        y.key("  ", p.name);
        y.kv("    ", "dept", kDepts[static_cast<size_t>(p.dept)]);
        y.kv("    ", "title", p.title);
        y.kv("    ", "email", p.email);
    }
    const std::filesystem::path f = dir / ".collab.yaml";
    std::FILE* fp = std::fopen(f.string().c_str(), "wb");
    if (!fp) {
        std::fprintf(stderr, "gen_records: cannot write %s\n", f.string().c_str());
        std::exit(1);
    }
    std::fwrite(y.o.data(), 1, y.o.size(), fp);
    std::fclose(fp);
}

[[noreturn]] void usage(int code) {
    std::fprintf(code ? stderr : stdout,
                 "usage: gen_records DIR N [--seed S] [--today YYYY-MM-DD]\n"
                 "  Writes DIR/.collab.yaml and N valid records (45%% meetings, 25%% tasks,\n"
                 "  15%% issues, 15%% requests) under DIR/{meetings,tasks,issues,requests}/.\n"
                 "  --seed S      random seed (default 1); output is deterministic per seed\n"
                 "  --today DATE  reference date for deadlines (default 2024-06-01)\n");
    std::exit(code);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> pos;
    uint32_t seed = 1;
    int today = days_from_civil(2024, 6, 1);
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        std::string val;
        auto take = [&](const char* name) {
            const std::string n = name;
            if (a == n) {
                if (i + 1 >= argc) usage(2);
                val = argv[++i];
                return true;
            }
            if (a.rfind(n + "=", 0) == 0) {
                val = a.substr(n.size() + 1);
                return true;
            }
            return false;
        };
        if (a == "-h" || a == "--help") usage(0);
        if (take("--seed")) {
            char* end = nullptr;
            const unsigned long s = std::strtoul(val.c_str(), &end, 10);
            if (val.empty() || *end) usage(2);
            seed = static_cast<uint32_t>(s);
        } else if (take("--today")) {
            if (!parse_date(val.c_str(), today)) {
                std::fprintf(stderr, "gen_records: --today wants YYYY-MM-DD, got '%s'\n", val.c_str());
                return 2;
            }
        } else if (!a.empty() && a[0] == '-' && a.size() > 1) {
            usage(2);
        } else {
            pos.push_back(a);
        }
    }
    if (pos.size() != 2) usage(2);
    char* end = nullptr;
    const long long nll = std::strtoll(pos[1].c_str(), &end, 10);
    if (pos[1].empty() || *end || nll < 0 || nll > 100000000) usage(2);
    const size_t n = static_cast<size_t>(nll);
    const std::filesystem::path dir = pos[0];

    const auto t0 = std::chrono::steady_clock::now();
    const Registry reg;

    // ---- phase 1: kinds (exact quotas, shuffled) and schedules
    Rng rng(seed);
    Rng text_rng(seed ^ 0x9e3779b9u);  // phase 2: one stream, records in a fixed order
    std::vector<RecPlan> plans(n);
    {
        const size_t nm = (n * 45 + 50) / 100, nt = (n * 25 + 50) / 100, ni = (n * 15 + 50) / 100;
        for (size_t i = 0; i < n; ++i)
            plans[i].kind = i < nm ? Kind::Meeting
                          : i < nm + nt ? Kind::Task
                          : i < nm + nt + ni ? Kind::Issue
                                             : Kind::Request;
        for (size_t i = n; i > 1; --i) std::swap(plans[i - 1].kind, plans[rng.below(static_cast<uint32_t>(i))].kind);
    }
    Planner pl{rng, today};
    for (RecPlan& p : plans) {
        switch (p.kind) {
        case Kind::Meeting: pl.meeting(p); break;
        case Kind::Task: pl.task(p); break;
        case Kind::Issue: pl.issue(p); break;
        case Kind::Request: pl.request(p); break;
        }
    }

    // ---- ids: per kind and year, in chronological order of `created`
    std::vector<std::vector<uint32_t>> by_kind(4);
    for (uint32_t i = 0; i < n; ++i) by_kind[static_cast<size_t>(plans[i].kind)].push_back(i);
    std::vector<std::string> ids(n);
    for (size_t k = 0; k < 4; ++k) {
        auto& v = by_kind[k];
        std::stable_sort(v.begin(), v.end(),
                         [&](uint32_t a, uint32_t b) { return plans[a].created < plans[b].created; });
        int width = 3;
        for (size_t m = v.size(); m >= 1000; m /= 10) ++width;
        int year = 0, seq = 0;
        for (uint32_t i : v) {
            const int y = year_of(plans[i].created);
            if (y != year) year = y, seq = 0;
            plans[i].seq = ++seq;
            std::string num = std::to_string(seq);
            if (static_cast<int>(num.size()) < width) num.insert(0, static_cast<size_t>(width) - num.size(), '0');
            ids[i] = std::string(1, kKindLetter[k]) + "-" + std::to_string(y) + "-" + num;
        }
    }

    // ---- phase 2: write
    std::error_code ec;
    for (const char* d : kKindDir) {
        std::filesystem::create_directories(dir / d, ec);
        if (ec) {
            std::fprintf(stderr, "gen_records: cannot create %s: %s\n", (dir / d).string().c_str(),
                         ec.message().c_str());
            return 1;
        }
    }
    write_config(dir, reg);

    const Ctx ctx{plans, ids, by_kind};
    size_t bytes = 0, items = 0, open = 0, overdue = 0, soon = 0, done = 0, cancelled = 0, delayed = 0;
    std::array<size_t, 4> per_kind{};
    Out y;
    std::string path;
    const std::string base = dir.string();
    for (size_t i = 0; i < n; ++i) {
        const RecPlan& p = plans[i];
        Texter t(text_rng, reg, today);
        y.o.clear();
        switch (p.kind) {
        case Kind::Meeting: write_meeting(y, t, p, ids[i], ctx); break;
        case Kind::Task: write_task(y, t, p, ids[i], ctx); break;
        case Kind::Issue: write_issue(y, t, p, ids[i], ctx); break;
        case Kind::Request: write_request(y, t, p, ids[i], ctx); break;
        }
        path = base;
        path += '/';
        path += kKindDir[static_cast<size_t>(p.kind)];
        path += '/';
        path += ids[i];
        path += ".yaml";
        std::FILE* fp = std::fopen(path.c_str(), "wb");
        if (!fp || std::fwrite(y.o.data(), 1, y.o.size(), fp) != y.o.size() || std::fclose(fp) != 0) {
            std::fprintf(stderr, "gen_records: cannot write %s\n", path.c_str());
            return 1;
        }
        bytes += y.o.size();
        ++per_kind[static_cast<size_t>(p.kind)];
        for (const ItemPlan& it : p.items) {
            ++items;
            done += it.st == St::Done;
            cancelled += it.st == St::Cancelled;
            if (is_open(it.st)) {
                ++open;
                delayed += it.st == St::Delayed;
                overdue += it.deadline < today;
                soon += it.deadline >= today && it.deadline <= today + 2;
            }
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto pct = [](size_t a, size_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; };
    std::printf("gen_records: %zu records (%zu meetings, %zu tasks, %zu issues, %zu requests) in %s\n",
                n, per_kind[0], per_kind[1], per_kind[2], per_kind[3], base.c_str());
    std::printf("  items: %zu (%.2f per record): done %.1f%%, cancelled %.1f%%, open %.1f%%\n", items,
                n ? static_cast<double>(items) / static_cast<double>(n) : 0.0, pct(done, items),
                pct(cancelled, items), pct(open, items));
    std::printf("  open items: overdue %.1f%%, due within 2 days %.1f%%, delayed %.1f%% (today %s)\n",
                pct(overdue, open), pct(soon, open), pct(delayed, open), date_str(today).c_str());
    std::printf("  bytes: %zu (%.0f per record)\n", bytes,
                n ? static_cast<double>(bytes) / static_cast<double>(n) : 0.0);
    std::printf("  time: %.2f s\n", secs);
    return 0;
}

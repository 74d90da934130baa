#include "collab/views/record_text.h"

#include "collab/model/items.h"
#include "collab/model/status.h"
#include "collab/util/json.h"
#include "collab/util/text.h"
#include "collab/util/utf8.h"
#include "collab/views/select.h"
#include "collab/views/table.h"

#include <fmt/format.h>
#include <string>
#include <tuple>
#include <vector>

namespace collab::views {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;

namespace {


/// A value as one line, for reading.
std::string one_line(const yaml::Node* n) { return n ? inline_text(*n, InlineStyle::Prose) : ""; }

std::string json_of_node(const yaml::Node* n)
{
  if (!n || n->is_null())
    return "null";
  if (n->is_scalar())
    return json_quote(n->value);
  std::string out = n->is_seq() ? "[" : "{";
  bool first = true;
  for (const auto* i : n->items) {
    out += (first ? "" : ", ") + json_of_node(i);
    first = false;
  }
  for (const auto& [k, v] : n->entries) {
    out += (first ? "" : ", ") + json_quote(k->value) + ": " + json_of_node(v);
    first = false;
  }
  return out + (n->is_seq() ? "]" : "}");
}

struct Labels {
  bool zh;
  std::string operator()(const char* en, const char* cn) const { return zh ? cn : en; }
};

} // namespace

std::string node_json(const yaml::Node& n) { return json_of_node(&n) + "\n"; }

std::string record_text(const yaml::Node& root, const model::Kind* kind, const yaml::Node& target, std::string_view ref,
                        int index, std::string_view title, const ShowStyle& style)
{
  const Labels L{style.zh};
  const bool color = style.color;
  const auto bold = [&](const std::string& s) { return color ? "\x1b[1m" + s + "\x1b[0m" : s; };
  std::string out;
  // Record text never reaches the terminal raw: control characters are escaped (line breaks
  // and tabs stay), our own bold and colour codes are added around the escaped text.
  const auto safe = [](const std::string& s) { return util::escape_controls(s, true); };
  const auto field = [&](const std::string& label, const std::string& value) {
    if (value.empty())
      return;
    // Labels pad to 12 display columns (Chinese labels are wider than their length).
    const size_t w = util::utf8::display_width(label);
    std::string text = safe(value);
    while (!text.empty() && text.back() == '\n')
      text.pop_back();
    std::string indented;
    for (char c : text)
      indented += c == '\n' ? std::string("\n") + std::string(15, ' ') : std::string(1, c);
    out += fmt::format("  {}{} {}\n", util::escape_controls(label, false), std::string(w < 12 ? 12 - w : 1, ' '),
                       indented);
  };
  const std::string_view kind_name = !kind ? std::string_view("record") : index ? kind->item_kind : kind->name;
  out += bold(util::escape_controls(fmt::format("{}  {}", ref, title), false)) + fmt::format("  ({})\n", kind_name);

  const Date now = style.today;
  const auto item_table = [&](const yaml::Node* list) {
    if (!list || !list->is_seq() || list->items.empty())
      return;
    std::vector<Item> items;
    std::vector<ViewRow> rows;
    TextArena arena;
    extract_items(&root, "", items, arena);
    const DeptResolver without_config;
    const DeptResolver& depts = style.depts ? *style.depts : without_config;
    for (const auto& it : items)
      if (it.ref != it.record) // the items, not a tracked record itself
        rows.push_back(ViewRow{&it, state_of(it, now, style.due_soon_days), "", depts.dept_of(it)});
    // Indented by two, so two columns narrower.
    const size_t width = style.width;
    std::string table =
      render_table(items_table(rows, View::List, style.zh ? "zh" : "en", now, Columns::Minutes),
                   width > 12 ? width - 2 : width, color);
    for (size_t at = 0; at < table.size();) {
      const size_t nl = table.find('\n', at);
      out += "  " + table.substr(at, nl - at + 1);
      at = nl + 1;
    }
  };

  if (index > 0) {
    for (const auto& [k, v] : target.entries) {
      std::string value = one_line(v);
      if (k->value == "status")
        if (auto st = parse_status(value))
          value = std::string(L.zh ? status_name_zh(*st) : status_name(*st));
      field(k->value, value);
    }
  } else if (kind && kind->name == "meeting") {
    const yaml::Node& r = root;
    std::string when(r.text_of("date"));
    if (!r.text_of("time").empty())
      when += " " + std::string(r.text_of("time"));
    field(L("Date", "时间"), when);
    std::string where(r.text_of("mode"));
    if (!r.text_of("location").empty())
      where += (where.empty() ? "" : " · ") + std::string(r.text_of("location"));
    field(L("Mode/place", "方式/地点"), where);
    field(L("Host", "主持人"), one_line(r.get("host")));
    field(L("Recorder", "记录人"), one_line(r.get("recorder")));
    field(L("Attendees", "参会人员"), one_line(r.get("attendees")));
    if (const auto* ab = r.get("absent"); ab && ab->is_seq())
      for (const auto* a : ab->items)
        field(L("Absent", "缺席"), fmt::format("{} ({}): {}", a->text_of("name"), a->text_of("dept"), a->text_of("reason")));
    if (const auto* goals = r.get("goals"); goals && goals->is_seq()) {
      out += bold(L("Goals", "沟通目标")) + "\n";
      for (size_t i = 0; i < goals->items.size(); ++i)
        out += safe(fmt::format("  {}. {}\n", i + 1, one_line(goals->items[i])));
    }
    if (const auto* agenda = r.get("agenda"); agenda && agenda->is_seq()) {
      out += bold(L("Agenda", "议程")) + "\n";
      for (size_t i = 0; i < agenda->items.size(); ++i) {
        const auto* a = agenda->items[i];
        out += safe(fmt::format("  {}. {}\n", i + 1, a->text_of("topic")));
        if (const auto* pts = a->get("points"); pts && pts->is_seq())
          for (const auto* p : pts->items)
            out += safe(p->is_map() ? fmt::format("     - {}: {}\n", p->text_of("dept"), p->text_of("text"))
                                    : fmt::format("     - {}\n", one_line(p)));
        for (const auto& [key, en, cn] : std::vector<std::tuple<const char*, const char*, const char*>>{
               {"disagreements", "Disagreements", "分歧点"}, {"consensus", "Consensus", "一致共识"},
               {"decisions", "Decisions", "决议"}})
          if (const auto* v = a->get(key); v && !v->is_empty())
            out += safe(fmt::format("     {}: {}\n", L(en, cn), one_line(v)));
      }
    }
    if (r.get("actions")) {
      out += bold(L("Actions", "行动项")) + "\n";
      item_table(r.get("actions"));
    }
    if (const auto* qs = r.get("open_questions"); qs && qs->is_seq()) {
      out += bold(L("Open questions", "待办问题")) + "\n";
      for (const auto* q : qs->items)
        out += safe(fmt::format("  - {} ({}): {}\n", q->text_of("question"), q->text_of("owner"), q->text_of("plan")));
    }
    if (r.get("next_meeting") || r.get("cc") || r.get("confirmed")) {
      out += bold(L("Follow-up", "后续")) + "\n";
      field(L("Next meeting", "下次会议"), one_line(r.get("next_meeting")));
      field(L("CC", "抄送"), one_line(r.get("cc")));
      field(L("Confirmed", "确认"), one_line(r.get("confirmed")));
    }
  } else {
    const std::string_view list_key = kind ? kind->item_list : std::string_view();
    for (const auto& [k, v] : root.entries)
      if (k->value != "id" && k->value != "kind" && k->value != "title" && k->value != list_key)
        field(k->value, one_line(v));
    if (!list_key.empty() && root.get(list_key)) {
      out += bold(util::escape_controls(list_key, false)) + "\n";
      item_table(root.get(list_key));
    }
  }
  return out;
}

} // namespace collab::views

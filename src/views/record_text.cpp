#include "collab/views/record_text.h"

#include "collab/model/items.h"
#include "collab/model/status.h"
#include "collab/util/i18n.h"
#include "collab/model/vocabulary.h"
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
using util::i18n::tr;
using util::i18n::tr_noop;
using util::i18n::trf;

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

/// The label `show` gives a field (from the catalogue), or the key itself for one no schema has.
std::string field_label(std::string_view key)
{
  // The msgids are the English labels; the keys are the records' (and JSON's) English names.
  static const std::pair<std::string_view, const char*> k_labels[] = {
    {"title", tr_noop("Title")},
    {"tags", tr_noop("Tags")},
    {"links", tr_noop("Links")},
    {"created", tr_noop("Created")},
    {"notes", tr_noop("Notes")},
    {"action", tr_noop("Action")},
    {"owner", tr_noop("Owner")},
    {"deadline", tr_noop("Deadline")},
    {"deliverable", tr_noop("Deliverable")},
    {"status", tr_noop("Status")},
    {"dept", tr_noop("Department")},
    {"progress", tr_noop("Progress")},
    {"completed", tr_noop("Completed")},
    {"evidence", tr_noop("Evidence")},
    {"delay_reason", tr_noop("Delay reason")},
    {"original_deadline", tr_noop("Original deadline")},
    {"goal", tr_noop("Goal")},
    {"initiator", tr_noop("Initiator")},
    {"start", tr_noop("Start")},
    {"departments", tr_noop("Departments")},
    {"raci", tr_noop("RACI")},
    {"source", tr_noop("Source")},
    {"summary", tr_noop("Summary")},
    {"subtasks", tr_noop("Subtasks")},
    {"occurred", tr_noop("Occurred")},
    {"description", tr_noop("Description")},
    {"solutions", tr_noop("Solutions")},
    {"verification", tr_noop("Verification")},
    {"category", tr_noop("Category")},
    {"cause", tr_noop("Cause")},
    {"tried", tr_noop("Tried")},
    {"resources", tr_noop("Resources")},
    {"escalated", tr_noop("Escalated")},
    {"from", tr_noop("From")},
    {"to", tr_noop("To")},
    {"contact", tr_noop("Contact")},
    {"content", tr_noop("Content")},
    {"mode", tr_noop("Mode")},
  };
  for (const auto& [name, label] : k_labels)
    if (name == key)
      return tr(label);
  return std::string(key);
}

/// The name `show` gives a kind in its heading (from the catalogue), or the kind itself.
std::string kind_label(std::string_view kind)
{
  static const std::pair<std::string_view, const char*> k_kinds[] = {
    {"meeting", tr_noop("meeting")}, {"task", tr_noop("task")},         {"issue", tr_noop("issue")},
    {"request", tr_noop("request")}, {"action", tr_noop("action")},     {"subtask", tr_noop("subtask")},
    {"solution", tr_noop("solution")}, {"record", tr_noop("record")},
  };
  for (const auto& [name, label] : k_kinds)
    if (name == kind)
      return tr(label);
  return std::string(kind);
}

} // namespace

std::string node_json(const yaml::Node& n) { return json_of_node(&n) + "\n"; }

std::string record_text(const yaml::Node& root, const model::Kind* kind, const yaml::Node& target, std::string_view ref,
                        int index, std::string_view title, const ShowStyle& style)
{
  const Vocabulary vocabulary = style.zh ? Vocabulary::Chinese : Vocabulary::English;
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
  out += bold(util::escape_controls(fmt::format("{}  {}", ref, title), false)) +
         util::escape_controls(fmt::format("  ({})\n", kind_label(kind_name)), true);

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

  // A field's value as shown: a status in the words of the kind's register (a request's
  // 待沟通) in the language in use.
  const auto shown_value = [&](const yaml::Node& key, const yaml::Node* v, std::string_view kind_name) {
    std::string value = one_line(v);
    if (key.value == "status")
      if (auto st = parse_status(value))
        value = std::string(status_word(*st, kind_name, vocabulary));
    return value;
  };
  if (index > 0) {
    for (const auto& [k, v] : target.entries)
      field(field_label(k->value), shown_value(*k, v, kind ? kind->item_kind : ""));
  } else if (kind && kind->name == "meeting") {
    const yaml::Node& r = root;
    std::string when(r.text_of("date"));
    if (!r.text_of("time").empty())
      when += " " + std::string(r.text_of("time"));
    field(tr("Date"), when);
    std::string where(r.text_of("mode"));
    if (!r.text_of("location").empty())
      where += (where.empty() ? "" : " · ") + std::string(r.text_of("location"));
    field(tr("Mode/place"), where);
    field(tr("Host"), one_line(r.get("host")));
    field(tr("Recorder"), one_line(r.get("recorder")));
    field(tr("Attendees"), one_line(r.get("attendees")));
    if (const auto* ab = r.get("absent"); ab && ab->is_seq())
      for (const auto* a : ab->items)
        field(tr("Absent"), fmt::format("{} ({}): {}", a->text_of("name"), a->text_of("dept"), a->text_of("reason")));
    if (const auto* goals = r.get("goals"); goals && goals->is_seq()) {
      out += bold(tr("Goals")) + "\n";
      for (size_t i = 0; i < goals->items.size(); ++i)
        out += safe(fmt::format("  {}. {}\n", i + 1, one_line(goals->items[i])));
    }
    if (const auto* agenda = r.get("agenda"); agenda && agenda->is_seq()) {
      out += bold(tr("Agenda")) + "\n";
      for (size_t i = 0; i < agenda->items.size(); ++i) {
        const auto* a = agenda->items[i];
        out += safe(fmt::format("  {}. {}\n", i + 1, a->text_of("topic")));
        if (const auto* pts = a->get("points"); pts && pts->is_seq())
          for (const auto* p : pts->items)
            out += safe(p->is_map() ? fmt::format("     - {}: {}\n", p->text_of("dept"), p->text_of("text"))
                                    : fmt::format("     - {}\n", one_line(p)));
        for (const auto& [key, label] : {std::pair{"disagreements", tr("Disagreements")},
                                         {"consensus", tr("Consensus")}, {"decisions", tr("Decisions")}})
          if (const auto* v = a->get(key); v && !v->is_empty())
            out += safe(fmt::format("     {}: {}\n", label, one_line(v)));
      }
    }
    if (r.get("actions")) {
      out += bold(tr("Actions")) + "\n";
      item_table(r.get("actions"));
    }
    if (const auto* qs = r.get("open_questions"); qs && qs->is_seq()) {
      out += bold(tr("Open questions")) + "\n";
      for (const auto* q : qs->items)
        out += safe(fmt::format("  - {} ({}): {}\n", q->text_of("question"), q->text_of("owner"), q->text_of("plan")));
    }
    if (r.get("next_meeting") || r.get("cc") || r.get("confirmed")) {
      out += bold(tr("Follow-up")) + "\n";
      field(tr("Next meeting"), one_line(r.get("next_meeting")));
      field(tr("CC"), one_line(r.get("cc")));
      field(tr("Confirmed"), one_line(r.get("confirmed")));
    }
  } else {
    const std::string_view list_key = kind ? kind->item_list : std::string_view();
    for (const auto& [k, v] : root.entries)
      if (k->value != "id" && k->value != "kind" && k->value != "title" && k->value != list_key)
        field(field_label(k->value), shown_value(*k, v, kind ? kind->name : ""));
    if (!list_key.empty() && root.get(list_key)) {
      out += bold(util::escape_controls(field_label(list_key), false)) + "\n";
      item_table(root.get(list_key));
    }
  }
  return out;
}

} // namespace collab::views

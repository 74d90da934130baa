#include "collab/views/document.h"

#include "document_parts.h"

#include "collab/model/confirmations.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>
#include <algorithm>

namespace collab::views {

using namespace parts;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;

namespace {

/// The attendees by department, in the order departments first appear: `市场部: 赵六、钱七`, one
/// department a line; people without a known department last, under "Other".
std::string attendees_by_dept(const yaml::Node* attendees, const model::Config* config, bool zh)
{
  if (!attendees || !attendees->is_seq())
    return lines(attendees);
  std::vector<std::pair<std::string, std::string>> groups; // dept -> names
  std::string others;
  for (const auto* a : attendees->items) {
    const std::string name = person_name(a);
    std::string dept = a->is_map() ? std::string(a->text_of("dept")) : "";
    if (dept.empty() && config) // an alias is the registered person
      if (const model::Person* p = config->find_person(name))
        dept = p->dept;
    if (dept.empty()) {
      others += (others.empty() ? "" : std::string(separator(zh))) + name;
      continue;
    }
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == dept; });
    if (g == groups.end())
      groups.emplace_back(dept, name);
    else
      g->second += std::string(separator(zh)) + name;
  }
  std::string out;
  for (const auto& [dept, names] : groups)
    out += (out.empty() ? "" : "\n") + dept + (zh ? "：" : ": ") + names;
  if (!others.empty())
    out += (out.empty() ? others : "\n" + std::string(tr("Other")) + (zh ? "：" : ": ") + others);
  return out;
}

std::string absentees(const yaml::Node* absent, bool zh)
{
  if (!absent || !absent->is_seq())
    return lines(absent);
  std::string out;
  for (const auto* a : absent->items) {
    std::string line = person_name(a);
    if (a->is_map()) {
      if (!a->text_of("dept").empty())
        line += zh ? "（" + std::string(a->text_of("dept")) + "）" : " (" + std::string(a->text_of("dept")) + ")";
      if (!a->text_of("reason").empty())
        line += (zh ? "：" : ": ") + std::string(a->text_of("reason"));
    }
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

void agenda_section(Doc& doc, const yaml::Node* agenda, bool zh)
{
  if (!agenda || !agenda->is_seq() || agenda->items.empty())
    return;
  heading(doc, tr("Agenda"));
  for (size_t i = 0; i < agenda->items.size(); ++i) {
    const yaml::Node* a = agenda->items[i];
    heading(doc, fmt::format("{}. {}", i + 1, a->is_map() ? std::string(a->text_of("topic")) : lines(a)), 3);
    if (!a->is_map())
      continue;
    if (const auto* pts = a->get("points"); pts && pts->is_seq() && !pts->items.empty()) {
      DocBlock b;
      b.type = DocBlock::Type::List;
      for (const auto* p : pts->items)
        b.items.push_back(p->is_map() && !p->text_of("dept").empty()
                            ? std::string(p->text_of("dept")) + (zh ? "：" : ": ") + std::string(p->text_of("text"))
                            : p->is_map() ? std::string(p->text_of("text")) : lines(p));
      doc.blocks.push_back(std::move(b));
    }
    fields(doc, {{tr("Disagreements"), lines(a->get("disagreements"))},
                 {tr("Consensus"), lines(a->get("consensus"))},
                 {tr("Decisions"), lines(a->get("decisions"))}});
  }
}

void actions_section(Doc& doc, const DocInput& in)
{
  const yaml::Node* actions = in.root->get("actions");
  if (!actions || !actions->is_seq() || actions->items.empty())
    return;
  heading(doc, tr("Actions"));
  DocBlock t;
  t.type = DocBlock::Type::Table;
  t.headers = {"#", tr("Action"), tr("Owner"), tr("Department"), tr("Deadline"), tr("Deliverable"), tr("Status")};
  t.classes = {"num", "action", "owner", "dept", "deadline", "deliverable", "status"};
  const auto v = vocabulary(in);
  for (size_t i = 0; i < actions->items.size(); ++i) {
    const yaml::Node& a = *actions->items[i];
    const ShownStatus st = item_status(a, "action", v, in.today);
    t.rows.push_back({{std::to_string(i + 1)},
                      {lines(a.get("action"))},
                      {person_name(a.get("owner"))},
                      {lines(a.get("dept"))},
                      {lines(a.get("deadline")), st.overdue},
                      {lines(a.get("deliverable"))},
                      {st.text, st.overdue}});
  }
  doc.blocks.push_back(std::move(t));
}

void previous_actions_section(Doc& doc, const DocInput& in)
{
  if (in.previous_actions.empty())
    return;
  heading(doc, tr("Follow-up of the previous actions"));
  DocBlock t;
  t.type = DocBlock::Type::Table;
  t.headers = {tr("Ref"), tr("Action"), tr("Owner"), tr("Deadline"), tr("Current status")};
  t.classes = {"ref", "action", "owner", "deadline", "status"};
  for (const LinkedItem& p : in.previous_actions) {
    if (!p.found) {
      t.rows.push_back({{p.ref}, {tr("(no such action)"), true}, {}, {}, {}});
      continue;
    }
    const std::string status = p.overdue ? with_days_late(p.status, p.days_late) : p.status;
    t.rows.push_back({{p.ref}, {p.text}, {p.owner}, {p.deadline, p.overdue}, {status, p.overdue}});
  }
  doc.blocks.push_back(std::move(t));
}

void open_questions_section(Doc& doc, const yaml::Node* qs)
{
  if (!qs || !qs->is_seq() || qs->items.empty())
    return;
  heading(doc, tr("Open questions"));
  DocBlock t;
  t.type = DocBlock::Type::Table;
  t.headers = {"#", tr("Question"), tr("Owner"), tr("Plan")};
  t.classes = {"num", "question", "owner", "plan"};
  for (size_t i = 0; i < qs->items.size(); ++i) {
    const yaml::Node& q = *qs->items[i];
    if (q.is_map())
      t.rows.push_back({{std::to_string(i + 1)}, {lines(q.get("question"))}, {person_name(q.get("owner"))},
                        {lines(q.get("plan"))}});
    else
      t.rows.push_back({{std::to_string(i + 1)}, {lines(&q)}, {}, {}});
  }
  doc.blocks.push_back(std::move(t));
}

void confirmation_section(Doc& doc, const DocInput& in)
{
  const yaml::Node& r = *in.root;
  const yaml::Node* confirmed = r.get("confirmed");
  heading(doc, tr("Confirmation"));
  std::vector<std::string> who;
  if (confirmed && confirmed->is_seq() && !confirmed->items.empty()) {
    DocBlock t;
    t.type = DocBlock::Type::Table;
    t.headers = {tr("Name"), tr("Date"), tr("Version confirmed")};
    t.classes = {"name", "date", "version"};
    for (const auto* c : confirmed->items) {
      const std::string name = person_name(c);
      who.push_back(name);
      const std::string version = c->is_map() ? std::string(c->text_of("version")) : "";
      const bool older = !version.empty() && version != in.version;
      t.rows.push_back({{name},
                        {c->is_map() ? std::string(c->text_of("date")) : ""},
                        {older ? trf("{} (older than the current {})", version, in.version) : version, older}});
    }
    doc.blocks.push_back(std::move(t));
  }
  std::string missing;
  if (in.config) {
    // Who is missing as confirm, unconfirmed and lint count it: aliases are the registered person.
    for (const std::string& name : model::confirmation_state(r, *in.config).missing)
      missing += (missing.empty() ? "" : std::string(separator(in.zh))) + name;
  } else if (const auto* att = r.get("attendees"); att && att->is_seq()) {
    for (const auto* a : att->items) {
      const std::string name = person_name(a);
      if (!name.empty() && std::find(who.begin(), who.end(), name) == who.end())
        missing += (missing.empty() ? "" : std::string(separator(in.zh))) + name;
    }
  }
  DocBlock p;
  p.type = DocBlock::Type::Paragraph;
  p.text = missing.empty() ? std::string(tr("Every attendee has confirmed."))
                           : trf("Not yet confirmed: {}", missing);
  doc.blocks.push_back(std::move(p));
}

} // namespace

Doc meeting_document(const DocInput& in)
{
  const yaml::Node& r = *in.root;
  Doc doc;
  doc.lang = in.zh ? "zh-CN" : "en";
  doc.title = trf("Minutes: {}", r.text_of("title"));

  std::string when(r.text_of("date"));
  if (!r.text_of("time").empty())
    when += " " + std::string(r.text_of("time"));
  std::string where = mode_word(r.text_of("mode"), in.zh);
  if (!r.text_of("location").empty())
    where += (where.empty() ? "" : " · ") + std::string(r.text_of("location"));
  const std::string version =
    in.version_committed ? in.version : trf("{} (not yet committed)", in.version);
  fields(doc, {{tr("Topic"), std::string(r.text_of("title"))},
               {tr("ID"), in.id},
               {tr("Date"), when},
               {tr("Mode/place"), where},
               {tr("Host"), person_name(r.get("host"))},
               {tr("Recorder"), person_name(r.get("recorder"))},
               {tr("Attendees"), attendees_by_dept(r.get("attendees"), in.config, in.zh)},
               {tr("Absentees"), absentees(r.get("absent"), in.zh)},
               {tr("Version"), version},
               {tr("Follow-up of"), lines(r.get("follow_up"))}});

  if (const auto* goals = r.get("goals"); goals && !goals->is_empty()) {
    heading(doc, tr("Goals"));
    DocBlock b;
    b.type = DocBlock::Type::Numbered;
    if (goals->is_seq())
      for (const auto* g : goals->items)
        b.items.push_back(lines(g));
    else
      b.items.push_back(lines(goals));
    doc.blocks.push_back(std::move(b));
  }
  previous_actions_section(doc, in);
  agenda_section(doc, r.get("agenda"), in.zh);
  actions_section(doc, in);
  open_questions_section(doc, r.get("open_questions"));
  if (r.get("next_meeting") || r.get("cc")) {
    heading(doc, tr("Next meeting and distribution"));
    fields(doc, {{tr("Next meeting"), lines(r.get("next_meeting"))}, {tr("CC"), joined(r.get("cc"), in.zh)}});
  }
  confirmation_section(doc, in);
  if (!in.follow_ups.empty()) {
    heading(doc, tr("Follow-up meetings"));
    DocBlock b;
    b.type = DocBlock::Type::List;
    for (const FollowUp& f : in.follow_ups)
      b.items.push_back(f.date.empty() ? f.id + " " + f.title : fmt::format("{} {} ({})", f.id, f.title, f.date));
    doc.blocks.push_back(std::move(b));
  }
  common_trailer(doc, r, in.zh);
  return doc;
}

} // namespace collab::views

#include "collab/views/document.h"

#include "document_parts.h"

#include "collab/util/i18n.h"

namespace collab::views {

using namespace parts;
using util::i18n::tr;
using util::i18n::trf;

Doc task_document(const DocInput& in)
{
  const yaml::Node& r = *in.root;
  const auto v = vocabulary(in);
  Doc doc;
  doc.lang = in.zh ? "zh-CN" : "en";
  doc.title = trf("Task allocation: {}", r.text_of("title"));
  const ShownStatus st = item_status(r, "task", v, in.today);
  std::string period(r.text_of("start"));
  if (!r.text_of("deadline").empty())
    period += (period.empty() ? "" : " – ") + std::string(r.text_of("deadline"));
  fields(doc, {{tr("Task name"), std::string(r.text_of("title"))},
               {tr("ID"), in.id},
               {tr("Initiating department"), lines(r.get("dept"))},
               {tr("Initiator"), person_name(r.get("initiator"))},
               {tr("Goal"), lines(r.get("goal"))},
               {tr("Period"), period},
               {tr("Departments"), joined(r.get("departments"), in.zh)},
               {tr("Owner"), person_name(r.get("owner"))},
               {tr("Deliverable"), lines(r.get("deliverable"))},
               {tr("Progress"), r.text_of("progress").empty() ? "" : std::string(r.text_of("progress")) + "%"},
               {tr("Status"), st.text},
               {tr("Source"), lines(r.get("source"))}});

  if (const auto* subs = r.get("subtasks"); subs && subs->is_seq() && !subs->items.empty()) {
    heading(doc, tr("Subtasks"));
    DocBlock t;
    t.type = DocBlock::Type::Table;
    t.headers = {"#", tr("Subtask"), tr("Department"), tr("Owner"), tr("Deadline"), tr("Deliverable"), tr("Progress"),
                 tr("Status")};
    t.classes = {"num", "subtask", "dept", "owner", "deadline", "deliverable", "progress", "status"};
    for (size_t i = 0; i < subs->items.size(); ++i) {
      const yaml::Node& s = *subs->items[i];
      const ShownStatus sst = item_status(s, "subtask", v, in.today);
      std::string notes = lines(s.get("delay_reason"));
      t.rows.push_back({{std::to_string(i + 1)},
                        {lines(s.get("title"))},
                        {lines(s.get("dept"))},
                        {person_name(s.get("owner"))},
                        {lines(s.get("deadline")), sst.overdue},
                        {lines(s.get("deliverable"))},
                        {s.text_of("progress").empty() ? "" : std::string(s.text_of("progress")) + "%"},
                        {notes.empty() ? sst.text : sst.text + "\n" + notes, sst.overdue}});
    }
    doc.blocks.push_back(std::move(t));
  }

  if (const auto* raci = r.get("raci"); raci && raci->is_map() && !raci->is_empty()) {
    heading(doc, tr("RACI"));
    DocBlock t;
    t.type = DocBlock::Type::Table;
    t.headers = {tr("Role"), tr("People")};
    t.classes = {"role", "people"};
    const std::pair<const char*, const char*> roles[] = {{"responsible", util::i18n::tr_noop("Responsible (R)")},
                                                         {"accountable", util::i18n::tr_noop("Accountable (A)")},
                                                         {"consulted", util::i18n::tr_noop("Consulted (C)")},
                                                         {"informed", util::i18n::tr_noop("Informed (I)")}};
    for (const auto& [key, label] : roles)
      if (const auto* who = raci->get(key); who && !who->is_empty())
        t.rows.push_back({{tr(label)}, {joined(who, in.zh)}});
    doc.blocks.push_back(std::move(t));
  }

  if (const auto* sum = r.get("summary"); sum && sum->is_map() && !sum->is_empty()) {
    heading(doc, tr("Summary"));
    fields(doc, {{tr("Successes"), lines(sum->get("successes"))},
                 {tr("Improvements"), lines(sum->get("improvements"))},
                 {tr("Archived"), lines(sum->get("archived"))},
                 {tr("Signed off by"), person_name(sum->get("signed_off_by"))}});
  }
  common_trailer(doc, r, in.zh);
  return doc;
}

} // namespace collab::views

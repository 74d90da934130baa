#include "collab/views/document.h"

#include "document_parts.h"

#include "collab/util/i18n.h"

namespace collab::views {

using namespace parts;
using util::i18n::tr;
using util::i18n::trf;

Doc issue_document(const DocInput& in)
{
  const yaml::Node& r = *in.root;
  const auto v = vocabulary(in);
  Doc doc;
  doc.lang = in.zh ? "zh-CN" : "en";
  doc.title = trf("Problem record: {}", r.text_of("title"));
  const ShownStatus st = item_status(r, "issue", v, in.today);
  fields(doc, {{tr("Problem"), std::string(r.text_of("title"))},
               {tr("ID"), in.id},
               {tr("Occurred"), lines(r.get("occurred"))},
               {tr("Responsible department"), lines(r.get("dept"))},
               {tr("Owner"), person_name(r.get("owner"))},
               {tr("Category"), lines(r.get("category"))},
               {tr("Deadline"), lines(r.get("deadline"))},
               {tr("Status"), st.text},
               {tr("Escalated"), lines(r.get("escalated"))}});
  const auto section = [&](const char* label, const yaml::Node* n, DocBlock::Type type) {
    if (!n || n->is_empty())
      return;
    heading(doc, tr(label));
    DocBlock b;
    b.type = type;
    if (type == DocBlock::Type::Paragraph)
      b.text = lines(n);
    else if (n->is_seq())
      for (const auto* i : n->items)
        b.items.push_back(lines(i));
    else
      b.items.push_back(lines(n));
    doc.blocks.push_back(std::move(b));
  };
  section("Description", r.get("description"), DocBlock::Type::Paragraph);
  section("Cause", r.get("cause"), DocBlock::Type::Paragraph);
  section("Tried", r.get("tried"), DocBlock::Type::List);
  section("Resources", r.get("resources"), DocBlock::Type::Paragraph);

  if (const auto* sols = r.get("solutions"); sols && sols->is_seq() && !sols->items.empty()) {
    heading(doc, tr("Solutions"));
    DocBlock t;
    t.type = DocBlock::Type::Table;
    t.headers = {"#", tr("Action"), tr("Owner"), tr("Department"), tr("Deadline"), tr("Deliverable"), tr("Status")};
    t.classes = {"num", "action", "owner", "dept", "deadline", "deliverable", "status"};
    for (size_t i = 0; i < sols->items.size(); ++i) {
      const yaml::Node& s = *sols->items[i];
      const ShownStatus sst = item_status(s, "solution", v, in.today);
      t.rows.push_back({{std::to_string(i + 1)},
                        {lines(s.get("action"))},
                        {person_name(s.get("owner"))},
                        {lines(s.get("dept"))},
                        {lines(s.get("deadline")), sst.overdue},
                        {lines(s.get("deliverable"))},
                        {sst.text, sst.overdue}});
    }
    doc.blocks.push_back(std::move(t));
  }
  section("Verification", r.get("verification"), DocBlock::Type::Paragraph);
  common_trailer(doc, r, in.zh);
  return doc;
}

} // namespace collab::views

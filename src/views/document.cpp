#include "collab/views/document.h"

#include "document_parts.h"

#include "collab/model/date.h"
#include "collab/model/items.h"
#include "collab/model/status.h"
#include "collab/util/i18n.h"
#include "collab/util/text.h"

#include <fmt/format.h>

namespace collab::views {

using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;

namespace parts {

std::string_view separator(bool zh) { return zh ? "、" : ", "; }

std::string mode_word(std::string_view mode, bool zh)
{
  static const std::pair<std::string_view, std::string_view> k_modes[] = {
    {"offline", "线下"}, {"online", "线上"}, {"hybrid", "混合"}, {"im", "群聊"}, {"phone", "电话"}};
  const std::string_view m = util::trim(mode);
  for (const auto& [en, cn] : k_modes)
    if (m == en || m == cn)
      return std::string(zh ? cn : en);
  return std::string(mode);
}

std::string person_name(const yaml::Node* n)
{
  if (!n)
    return "";
  if (n->is_map())
    return std::string(n->text_of("name"));
  return n->is_scalar() ? n->value : yaml::inline_text(*n, yaml::InlineStyle::Prose);
}

std::string lines(const yaml::Node* n)
{
  if (!n || n->is_null())
    return "";
  if (!n->is_seq())
    return n->is_scalar() ? n->value : yaml::inline_text(*n, yaml::InlineStyle::Prose);
  std::string out;
  for (const auto* i : n->items)
    out += (out.empty() ? "" : "\n") + lines(i);
  return out;
}

std::string joined(const yaml::Node* n, bool zh)
{
  if (!n || n->is_null())
    return "";
  if (!n->is_seq())
    return lines(n);
  std::string out;
  for (const auto* i : n->items)
    out += (out.empty() ? "" : std::string(separator(zh))) + lines(i);
  return out;
}

model::Vocabulary vocabulary(const DocInput& in)
{
  // A Chinese document says 已完成 (SPEC §2: output with lang zh); an English one keeps the
  // record's words, so a record kept in Chinese is not sent with `done` in it.
  if (in.zh)
    return model::Vocabulary::Chinese;
  return in.root ? model::vocabulary_of(*in.root, model::Vocabulary::English) : model::Vocabulary::English;
}

ShownStatus item_status(const yaml::Node& item, std::string_view item_kind, model::Vocabulary v,
                        const model::Date& today)
{
  ShownStatus out;
  const std::string_view written = item.text_of("status");
  const auto st = written.empty() ? std::optional<model::Status>(model::Status::Todo) : model::parse_status(written);
  out.text = st ? std::string(model::status_word(*st, item_kind, v)) : std::string(written);
  const model::ItemState state =
    st ? model::state_of(*st, model::parse_iso_date(item.text_of("deadline")), today, 0) : model::ItemState{};
  out.overdue = state.overdue;
  if (state.overdue)
    out.text = with_days_late(out.text, state.days_late);
  return out;
}

std::string with_days_late(const std::string& status, long days_late)
{
  return trnf("{1}, overdue by {0} day", "{1}, overdue by {0} days", static_cast<unsigned long>(days_late), status);
}

void heading(Doc& doc, std::string text, int level)
{
  DocBlock b;
  b.type = DocBlock::Type::Heading;
  b.level = level;
  b.text = std::move(text);
  doc.blocks.push_back(std::move(b));
}

void fields(Doc& doc, std::vector<std::pair<std::string, std::string>> entries)
{
  bool any = false;
  for (const auto& e : entries)
    any = any || !e.second.empty();
  if (!any)
    return;
  DocBlock b;
  b.type = DocBlock::Type::Fields;
  b.fields = std::move(entries);
  doc.blocks.push_back(std::move(b));
}

void common_trailer(Doc& doc, const yaml::Node& root, bool zh)
{
  std::vector<std::pair<std::string, std::string>> f = {
    {tr("Tags"), joined(root.get("tags"), zh)},
    {tr("Links"), joined(root.get("links"), zh)},
    {tr("Created"), lines(root.get("created"))},
    {tr("Notes"), lines(root.get("notes"))},
  };
  bool any = false;
  for (const auto& e : f)
    any = any || !e.second.empty();
  if (!any)
    return;
  heading(doc, tr("Other"));
  fields(doc, std::move(f));
}

} // namespace parts

Doc build_document(const DocInput& in)
{
  const std::string_view kind = in.kind ? in.kind->name : "";
  if (kind == "meeting")
    return meeting_document(in);
  if (kind == "task")
    return task_document(in);
  if (kind == "issue")
    return issue_document(in);
  if (kind == "request")
    return request_document(in);
  // A record of no known kind: its fields as they are.
  Doc doc;
  doc.lang = in.zh ? "zh-CN" : "en";
  doc.title = in.root ? std::string(in.root->text_of("title")) : in.id;
  if (doc.title.empty())
    doc.title = in.id;
  std::vector<std::pair<std::string, std::string>> f;
  if (in.root)
    for (const auto& [k, v] : in.root->entries)
      f.emplace_back(k->value, parts::lines(v));
  parts::fields(doc, std::move(f));
  return doc;
}

std::string render(const Doc& doc, DocFormat f)
{
  switch (f) {
  case DocFormat::Markdown: return render_markdown(doc);
  case DocFormat::Html: return render_html(doc);
  case DocFormat::Text: return render_text(doc);
  }
  return render_text(doc);
}

} // namespace collab::views
